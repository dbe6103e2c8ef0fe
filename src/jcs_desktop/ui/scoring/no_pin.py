"""The question asked when participant mode is started for a workshop without a PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from jcs_desktop.ui.scoring.participant_mode import EXIT_SHORTCUT


class NoPinQuestion(QMessageBox):
    """Without a PIN, anyone at the shared screen can leave participant mode: say so, offer to set one.

    "Set a PIN…" is the default; "Start without a PIN" goes ahead; Cancel starts nothing.
    """

    set_pin = Signal()
    start = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("noPinQuestion")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("No PIN set")
        self.setText("This workshop has no PIN.")
        self.setInformativeText(
            f"Without a PIN, anyone at the shared screen can press {EXIT_SHORTCUT} to leave participant mode "
            "and see everyone's scores, or reopen someone else's answers. Set a PIN now?"
        )
        self.set_pin_button = self.addButton("Set a &PIN…", QMessageBox.ButtonRole.AcceptRole)
        self.set_pin_button.setObjectName("setPinButton")
        self.start_button = self.addButton("Start &without a PIN", QMessageBox.ButtonRole.DestructiveRole)
        self.start_button.setObjectName("startWithoutPinButton")
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.set_pin_button)
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.set_pin_button:
            self.set_pin.emit()
        elif button is self.start_button:
            self.start.emit()
