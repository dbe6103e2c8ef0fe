"""The add/edit participant dialog (layout in ``forms/participant_dialog.ui``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QWidget

from jcs_desktop.services.base import ServiceError, validate
from jcs_desktop.services.dto import ParticipantFields, ParticipantRecord
from jcs_desktop.ui.core.forms import child, load_form
from jcs_desktop.ui.widgets.layouts import fit_dialog_width, reserve_room
from jcs_desktop.ui.widgets.theme import show_as_error

Submit = Callable[[ParticipantFields], str | None]
"""Called with the validated fields; returns an error message to show, or None when saved."""


class ParticipantDialog(QObject):
    """Controller of the loaded form; ``dialog`` is the QDialog (object name ``ParticipantDialog``).

    When adding, "Add another" saves and clears the fields for the next person,
    which is how a facilitator types in a sign-in sheet.
    """

    def __init__(
        self,
        parent: QWidget | None,
        on_submit: Submit,
        *,
        sectors: Sequence[str] = (),
        record: ParticipantRecord | None = None,
    ) -> None:
        dialog = load_form("participant_dialog", parent)
        super().__init__(dialog)
        assert isinstance(dialog, QDialog)
        self.dialog: QDialog = dialog
        self._on_submit = on_submit
        self.added = 0
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("Edit participant" if record else "Add participant")

        self.name: QLineEdit = child(dialog, QLineEdit, "nameEdit")
        self.organisation: QLineEdit = child(dialog, QLineEdit, "organisationEdit")
        self.sector: QComboBox = child(dialog, QComboBox, "sectorCombo")
        self.role: QLineEdit = child(dialog, QLineEdit, "roleEdit")
        self.error: QLabel = child(dialog, QLabel, "errorLabel")
        self.buttons: QDialogButtonBox = child(dialog, QDialogButtonBox, "buttonBox")

        self.sector.addItem("")
        self.sector.addItems(list(sectors))
        show_as_error(self.error)
        reserve_room(self.error, 2).hide()
        fit_dialog_width(dialog, 52)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add" if record is None else "Save changes")
        ok.setAccessibleName(ok.text())
        self.another: QPushButton | None = None
        if record is None:
            self.another = self.buttons.addButton("Add &another", QDialogButtonBox.ButtonRole.ActionRole)
            self.another.setObjectName("addAnotherButton")
            self.another.setAccessibleName("Add and enter another participant")
            self.another.setToolTip("Save this participant and clear the form for the next one")
            self.another.clicked.connect(self.submit_and_continue)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(dialog.reject)
        self.name.textChanged.connect(lambda _t: self.error.hide())
        if record is not None:
            self.set_fields(record.fields())
        self.name.setFocus()

    def set_fields(self, fields: ParticipantFields) -> None:
        self.name.setText(fields.display_name)
        self.organisation.setText(fields.organisation)
        self.sector.setCurrentText(fields.sector)
        self.role.setText(fields.role)

    def raw_fields(self) -> dict[str, str]:
        return {
            "display_name": self.name.text(),
            "organisation": self.organisation.text(),
            "sector": self.sector.currentText(),
            "role": self.role.text(),
        }

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _save(self) -> bool:
        raw = self.raw_fields()
        if not raw["display_name"].strip():
            self.show_error("Enter the participant's name.")
            self.name.setFocus()
            return False
        try:
            fields = validate(ParticipantFields, raw)
        except ServiceError as exc:
            self.show_error(str(exc))
            return False
        problem = self._on_submit(fields)
        if problem:
            self.show_error(problem)
            return False
        self.added += 1
        return True

    def submit(self) -> None:
        if self._save():
            self.dialog.accept()

    def submit_and_continue(self) -> None:
        if self._save():
            # Keep organisation and sector: people from one agency usually sign in together.
            self.name.clear()
            self.role.clear()
            self.name.setFocus()

    def open(self) -> None:
        self.dialog.open()
