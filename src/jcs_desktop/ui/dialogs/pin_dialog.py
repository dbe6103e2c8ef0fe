"""Set the PIN that lets the facilitator leave participant mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from jcs_desktop.ui.widgets.layouts import fit_dialog_width, reserve_room
from jcs_desktop.ui.widgets.theme import show_as_error


class PinDialog(QDialog):
    """Two masked fields (PIN and again); ``on_submit(pin)`` returns an error message or None."""

    def __init__(self, parent: QWidget | None, on_submit: Callable[[str], str | None]) -> None:
        super().__init__(parent)
        self.setObjectName("PinDialog")
        self.setWindowTitle("Participant-mode PIN")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._on_submit = on_submit

        intro = QLabel(
            "While participants score on this computer, only this PIN lets anyone leave participant mode "
            "and see other people's scores. Use 4 to 8 digits."
        )
        intro.setWordWrap(True)
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinEdit")
        self.again = QLineEdit()
        self.again.setObjectName("pinAgainEdit")
        for edit, name in ((self.pin, "PIN"), (self.again, "PIN again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(digits)
            edit.setAccessibleName(name)
            edit.textChanged.connect(lambda _t: self.error.hide())
        form = QFormLayout()
        form.addRow("&PIN:", self.pin)
        form.addRow("PIN &again:", self.again)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        show_as_error(self.error)
        self.error.setWordWrap(True)
        reserve_room(self.error, 2).hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("buttonBox")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set PIN")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_dialog_width(self, 44)

    def submit(self) -> None:
        pin = self.pin.text()
        if not (4 <= len(pin) <= 8):
            self.error.setText("The PIN must be 4 to 8 digits.")
        elif pin != self.again.text():
            self.error.setText("The two PINs are different; type the same PIN twice.")
        else:
            problem = self._on_submit(pin)
            if not problem:
                self.accept()
                return
            self.error.setText(problem)
        self.error.show()
        self.pin.setFocus()
