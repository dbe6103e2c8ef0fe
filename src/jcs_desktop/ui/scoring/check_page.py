"""Participant mode's PIN screens: the check before someone who has already scored is shown
again, and the facilitator's way out.

Each only shows and asks; the window (``participant_mode.ParticipantModeWindow``) checks the PIN.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QKeyEvent,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.scoring.cards import BigButton
from jcs_desktop.ui.scoring.pin_throttle import wait_text
from jcs_desktop.ui.scoring.scheme import Scheme
from jcs_desktop.ui.scoring.screen import centred_row
from jcs_desktop.ui.widgets.fonts import at_points

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)}
PIN_MAX_LENGTH = 8


class PinPad(QWidget):
    """Big digit keys for a touch screen; they never take the keyboard focus from the PIN box."""

    digit = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, BigButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
        for i, key in enumerate(keys):
            if key == "clear":
                button = BigButton("Clear")
                button.setAccessibleName("Clear the PIN")
                button.clicked.connect(self.cleared)
            elif key == "back":
                button = BigButton("⌫")
                button.setAccessibleName("Delete the last digit")
                button.setToolTip("Delete the last digit (Backspace)")
                button.clicked.connect(self.backspace)
            else:
                button = BigButton(key)
                button.setAccessibleName(f"Digit {key}")
                button.clicked.connect(lambda _=False, d=key: self.digit.emit(d))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the PIN box
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[key] = button

    def apply_style(self, theme: Scheme, unit: float) -> None:
        height = max(48, int(unit * 3.2))
        width = max(int(height * 1.9), QFontMetrics(at_points(unit * 1.2, bold=True)).horizontalAdvance("Clear") + 24)
        for key, button in self.buttons.items():
            size = unit * (1.2 if key == "clear" else 1.6)
            # Its own sheet wins over the window's, so the keys stay compact enough for 1366×768.
            button.setStyleSheet(f"font-size: {size:.1f}pt; font-weight: bold; padding: 0px; min-height: 0px;")
            button.setFixedSize(width, height)


class _PinLock:
    """What both PIN screens do while wrong PINs are being paid for (see ``pin_throttle``):
    the PIN cannot be typed or sent, the wait counts down on screen, and focus rests on the
    way back. Pages set ``has_pin``, ``pin_edit``, ``message``, ``cancel_button`` and name
    the controls to disable in ``_lockable``.
    """

    has_pin: bool
    pin_edit: QLineEdit
    message: QLabel
    cancel_button: BigButton
    locked = False
    _seconds_left = 0

    def _lockable(self) -> tuple[QWidget, ...]:
        raise NotImplementedError

    def set_locked(self, seconds_left: int) -> None:
        was_locked = self.locked
        self.locked = seconds_left > 0
        self._seconds_left = seconds_left
        if self.has_pin:
            self._show_lock()
            if was_locked and not self.locked:
                self.message.setText("You can type the PIN again.")
                if self.isVisible():  # type: ignore[attr-defined]
                    self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_lock(self) -> None:
        locked = self.locked and self.has_pin
        for widget in self._lockable():
            widget.setEnabled(not locked)
        if locked:
            self.pin_edit.clear()
            self.message.setText(wait_text(self._seconds_left or 1))
            if self.isVisible():  # type: ignore[attr-defined]
                self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_default(self) -> None:
        """The PIN box when a PIN is asked for and may be typed; otherwise Cancel."""
        ready = self.has_pin and not self.locked
        (self.pin_edit if ready else self.cancel_button).setFocus(Qt.FocusReason.OtherFocusReason)


class ReentryPage(_PinLock, QWidget):
    """Before someone who has already scored is shown again: the workshop PIN, or a confirmation.

    Shows the name only (the picker shows it too), never a level, a count or a note.
    With a PIN: digits (typed or tapped) and Enter. Without: "Only continue if you are ...",
    with Cancel as the button Enter presses. Escape is left to the window (back to the names).
    """

    submit = Signal(str)
    """The PIN typed ("" when no PIN is asked for)."""
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_pin = False
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(PIN_MAX_LENGTH)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin_edit))
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_edit.setAccessibleName("Workshop PIN, for the facilitator")
        self.pin_edit.setPlaceholderText("PIN")
        self.pin_edit.returnPressed.connect(self._submit)
        self.pad = PinPad()
        self.pad.digit.connect(self._add_digit)
        self.pad.backspace.connect(self.pin_edit.backspace)
        self.pad.cleared.connect(self.pin_edit.clear)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "warn")
        self.cancel_button = BigButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel: back to the names")
        self.cancel_button.setToolTip("Back to the names (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.continue_button = BigButton("Continue", primary=True)
        self.continue_button.clicked.connect(self._submit)
        buttons = centred_row(self.cancel_button, self.continue_button)
        pin_row = centred_row(self.pin_edit)
        pad_row = centred_row(self.pad)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addWidget(self.explain)
        layout.addSpacing(12)
        layout.addLayout(pin_row)
        layout.addWidget(self.message)
        layout.addLayout(pad_row)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.setTabOrder(self.pin_edit, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.continue_button)

    def prepare(self, name: str, finished: bool, has_pin: bool) -> None:
        self.has_pin = has_pin
        self.pin_edit.clear()
        self.message.clear()
        self.pin_edit.setVisible(has_pin)
        self.pad.setVisible(has_pin)
        for widget in self._lockable():
            widget.setEnabled(True)
        if has_pin:
            self.title.setText(f"{name} has finished" if finished else f"{name} has already started")
            self.explain.setText(
                f"To keep answers private, the facilitator types the workshop PIN, then hands the screen to {name}."
            )
            self.continue_button.setText("Continue")
            self.continue_button.setAccessibleName("Check the PIN and continue")
            self._show_lock()
        else:
            self.title.setText(f"Are you {name}?")
            self.explain.setText(f"Only continue if you are {name}. Your earlier answers will be shown.")
            shown = name if len(name) <= 40 else name[:39] + "…"
            self.continue_button.setText(f"Yes, I am {shown}")
            self.continue_button.setAccessibleName(f"Yes, I am {name}: continue")

    def clear(self) -> None:
        self.title.clear()
        self.explain.clear()
        self.message.clear()
        self.pin_edit.clear()
        self.continue_button.setText("Continue")
        self.continue_button.setAccessibleName("Continue")

    def _lockable(self) -> tuple[QWidget, ...]:
        return (self.pin_edit, self.pad, self.continue_button)

    def ask_for_pin(self) -> None:
        self.message.setText("Type the PIN, then press Enter.")
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_digit(self, digit: str) -> None:
        if self.locked:
            return
        if len(self.pin_edit.text()) < PIN_MAX_LENGTH:
            self.pin_edit.setText(self.pin_edit.text() + digit)
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        if self.has_pin and self.locked:
            return
        self.submit.emit(self.pin_edit.text() if self.has_pin else "")

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.title.setFont(at_points(unit * 2.4, bold=True))
        self.explain.setFont(at_points(unit * 1.5))
        self.message.setFont(at_points(unit * 1.4, bold=True))
        self.pin_edit.setFont(at_points(unit * 2.0, bold=True))
        self.pin_edit.setMinimumWidth(int(unit * 16))
        self.pad.apply_style(theme, unit)
        for b in (self.continue_button, self.cancel_button):
            b.setMinimumWidth(int(unit * 16))
            b.setMinimumHeight(max(56, int(unit * 5)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits and Backspace reach the PIN box wherever the focus is on this page."""
        if self.has_pin and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier:
            key = event.key()
            if key in DIGIT_KEYS:
                self._add_digit(DIGIT_KEYS[key])
                event.accept()
                return
            if key == Qt.Key.Key_Backspace and not self.locked:
                self.pin_edit.backspace()
                self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                event.accept()
                return
        event.ignore()


class ExitPage(_PinLock, QWidget):
    """The facilitator's way out: the workshop PIN, or a confirmation when no PIN is set."""

    leave = Signal(str)
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Facilitator")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel()
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_edit.setAccessibleName("Workshop PIN")
        self.pin_edit.setPlaceholderText("PIN")
        self.pin_edit.returnPressed.connect(self._leave)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "warn")
        self.leave_button = BigButton("Leave participant mode", primary=True)
        self.leave_button.clicked.connect(self._leave)
        self.cancel_button = BigButton("Back to participant mode")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = centred_row(self.cancel_button, self.leave_button)
        pin_row = centred_row(self.pin_edit)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.explain)
        layout.addSpacing(12)
        layout.addLayout(pin_row)
        layout.addWidget(self.message)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.has_pin = False

    def _lockable(self) -> tuple[QWidget, ...]:
        return (self.pin_edit, self.leave_button)

    def _leave(self) -> None:
        if self.has_pin and self.locked:
            return
        self.leave.emit(self.pin_edit.text())

    def prepare(self, has_pin: bool) -> None:
        self.has_pin = has_pin
        self.pin_edit.clear()
        self.message.clear()
        self.pin_edit.setVisible(has_pin)
        for widget in self._lockable():
            widget.setEnabled(True)
        if has_pin:
            self._show_lock()
            self.explain.setText("Enter the workshop PIN to leave participant mode.")
        else:
            self.explain.setText(
                "No PIN is set for this workshop. Only the facilitator should leave participant mode.\n"
                "(Set a PIN in Prepare to lock it.)"
            )

    def wrong_pin(self) -> None:
        self.pin_edit.clear()
        if self.locked:
            return  # the wait, already shown, says more than "not right"
        self.message.setText("That PIN is not right.")
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.title.setFont(at_points(unit * 2.6, bold=True))
        self.explain.setFont(at_points(unit * 1.5))
        self.message.setFont(at_points(unit * 1.4, bold=True))
        self.pin_edit.setFont(at_points(unit * 2.0, bold=True))
        self.pin_edit.setMinimumWidth(int(unit * 16))
        for b in (self.leave_button, self.cancel_button):
            b.setMinimumHeight(max(56, int(unit * 5)))
