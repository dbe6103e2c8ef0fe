"""The new/edit workshop dialog (layout in ``forms/workshop_dialog.ui``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from jcs_desktop.services.base import ServiceError, validate
from jcs_desktop.services.dto import WorkshopFields, WorkshopRecord
from jcs_desktop.ui.core.forms import child, load_form
from jcs_desktop.ui.widgets.labels import ROUTE_LABELS
from jcs_desktop.ui.widgets.layouts import fit_dialog_width, reserve_room
from jcs_desktop.ui.widgets.theme import show_as_error

Submit = Callable[[WorkshopFields], str | None]
"""Called with the validated fields; returns an error message to show, or None when saved."""


class WorkshopDialog(QObject):
    """Controller of the loaded form; ``dialog`` is the QDialog itself (object name ``WorkshopDialog``).

    The controller is a child of the dialog, so it lives exactly as long as the dialog does.
    """

    def __init__(
        self,
        parent: QWidget | None,
        on_submit: Submit,
        *,
        record: WorkshopRecord | None = None,
        level_count: int = 4,
    ) -> None:
        dialog = load_form("workshop_dialog", parent)
        super().__init__(dialog)
        assert isinstance(dialog, QDialog)
        self.dialog: QDialog = dialog
        self._on_submit = on_submit
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("Edit workshop" if record else "New workshop")

        self.title: QLineEdit = child(dialog, QLineEdit, "titleEdit")
        self.partnership: QLineEdit = child(dialog, QLineEdit, "partnershipEdit")
        self.locality: QLineEdit = child(dialog, QLineEdit, "localityEdit")
        self.date: QDateEdit = child(dialog, QDateEdit, "dateEdit")
        self.no_date: QCheckBox = child(dialog, QCheckBox, "noDateCheck")
        self.venue: QLineEdit = child(dialog, QLineEdit, "venueEdit")
        self.facilitator: QLineEdit = child(dialog, QLineEdit, "facilitatorEdit")
        self.route: QComboBox = child(dialog, QComboBox, "routeCombo")
        self.divergence: QSpinBox = child(dialog, QSpinBox, "divergenceSpin")
        self.notes: QPlainTextEdit = child(dialog, QPlainTextEdit, "notesEdit")
        self.error: QLabel = child(dialog, QLabel, "errorLabel")
        self.buttons: QDialogButtonBox = child(dialog, QDialogButtonBox, "buttonBox")

        for key, label in ROUTE_LABELS.items():
            self.route.addItem(label, key)
        self.divergence.setMaximum(max(1, level_count - 1))
        show_as_error(self.error)
        reserve_room(self.error, 2).hide()
        # Wide enough for a long title and partnership name at any text size.
        fit_dialog_width(dialog, 76)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create workshop" if record is None else "Save changes")
        ok.setAccessibleName(ok.text())
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(dialog.reject)
        self.no_date.toggled.connect(lambda checked: self.date.setEnabled(not checked))
        self.title.textChanged.connect(lambda _t: self.error.hide())

        if record is None:
            self.date.setDate(QDate.currentDate())
        else:
            self.set_fields(record.fields())
        self.title.setFocus()

    # -- fields -------------------------------------------------------------------

    def set_fields(self, fields: WorkshopFields) -> None:
        self.title.setText(fields.title)
        self.partnership.setText(fields.partnership)
        self.locality.setText(fields.locality)
        if fields.date is None:
            self.date.setDate(QDate.currentDate())
            self.no_date.setChecked(True)
        else:
            self.date.setDate(QDate(fields.date.year, fields.date.month, fields.date.day))
            self.no_date.setChecked(False)
        self.venue.setText(fields.venue)
        self.facilitator.setText(fields.facilitator)
        self.route.setCurrentIndex(max(0, self.route.findData(fields.route)))
        self.divergence.setValue(fields.divergence_range)
        self.notes.setPlainText(fields.notes)

    def raw_fields(self) -> dict[str, object]:
        qdate = self.date.date()
        return {
            "title": self.title.text(),
            "partnership": self.partnership.text(),
            "locality": self.locality.text(),
            "date": None if self.no_date.isChecked() else dt.date(qdate.year(), qdate.month(), qdate.day()),
            "venue": self.venue.text(),
            "facilitator": self.facilitator.text(),
            "route": self.route.currentData(),
            "notes": self.notes.toPlainText(),
            "divergence_range": self.divergence.value(),
        }

    # -- actions ------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def submit(self) -> None:
        raw = self.raw_fields()
        if not str(raw["title"]).strip():
            self.show_error("Give the workshop a title.")
            self.title.setFocus()
            return
        try:
            fields = validate(WorkshopFields, raw)
        except ServiceError as exc:
            self.show_error(str(exc))
            return
        problem = self._on_submit(fields)
        if problem:
            self.show_error(problem)
            return
        self.dialog.accept()

    def open(self) -> None:
        self.dialog.open()
