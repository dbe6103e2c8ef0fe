"""The screens of participant mode other than the element card.

Name picker, the check before someone who has already scored is shown again,
welcome, summary of one's own scores, hand-over, the facilitator's way out, and
the gentle pace timer. Each only shows and asks; the window
(``participant_mode.ParticipantModeWindow``) decides what to store and where to go.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.ui.scoring.cards import BigButton
from jcs_desktop.ui.scoring.theme import STANDARD, Theme, font

ELEMENT_PACE_SECONDS = 60
"""The workbook's pace: about a minute per element (five minutes per driver)."""


def _minutes(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def pace_guidance(framework: Framework) -> str:
    """The workbook's own sentence about pace, for the timer's tooltip (empty if none)."""
    for section in framework.guidance:
        for paragraph in section.paragraphs:
            if "minute" in paragraph.lower():
                return paragraph
    return ""


# --- pages -------------------------------------------------------------------------------


class NamePicker(QWidget):
    """Big name buttons; a tick marks whoever has answered every element. Arrow keys move."""

    picked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Who is scoring now?")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(
            "Choose your name. Your scores stay private: nobody else sees them here. A tick shows who has finished."
        )
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.subtitle.setProperty("role", "muted")
        self.empty_label = QLabel("No participants yet: the facilitator adds them in Prepare.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(False)
        self.buttons: list[BigButton] = []
        self.columns = 3
        self._holder = QWidget()
        self._grid = QGridLayout()
        self._grid.setSpacing(16)
        self._grid.setContentsMargins(4, 4, 4, 4)
        centred = QVBoxLayout(self._holder)  # the names sit in the middle of the screen
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(1)
        centred.addLayout(self._grid)
        centred.addStretch(2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        self._unit = 10.0

    def set_people(self, people: list[tuple[int, str, bool]]) -> None:
        """``people``: (participant id, display name, finished)."""
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        n = len(people)
        self.columns = 4 if n > 18 else 3 if n > 8 else 2 if n > 3 else 1
        for i, (pid, name, finished) in enumerate(people):
            button = BigButton(f"✓  {name}" if finished else name)
            button.setAccessibleName(f"{name}, finished" if finished else name)
            button.setToolTip("Answered every element. To change an answer, ask the facilitator." if finished else "")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setProperty("participant_id", pid)
            button.setProperty("big", True)
            button.clicked.connect(lambda _=False, p=pid: self.picked.emit(p))
            self._grid.addWidget(button, i // self.columns, i % self.columns)
            self.buttons.append(button)
        self.empty_label.setVisible(not people)
        for i in range(1, len(self.buttons)):
            self.setTabOrder(self.buttons[i - 1], self.buttons[i])

    def apply_style(self, theme: Theme, unit: float) -> None:
        self._unit = unit
        self.title.setFont(font(unit * 2.6, bold=True))
        self.subtitle.setFont(font(unit * 1.4))
        self.empty_label.setFont(font(unit * 1.6))

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.columns,
            Qt.Key.Key_Down: self.columns,
        }
        step = moves.get(Qt.Key(event.key()))
        if step is None or not self.buttons:
            event.ignore()
            return
        current = next((i for i, b in enumerate(self.buttons) if b.hasFocus()), None)
        target = 0 if current is None else min(max(current + step, 0), len(self.buttons) - 1)
        self.buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
        self._scroll.ensureWidgetVisible(self.buttons[target])
        event.accept()


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

    def apply_style(self, theme: Theme, unit: float) -> None:
        height = max(48, int(unit * 3.6))
        width = max(int(height * 1.9), QFontMetrics(font(unit * 1.2, bold=True)).horizontalAdvance("Clear") + 24)
        for key, button in self.buttons.items():
            size = unit * (1.2 if key == "clear" else 1.6)
            # Its own sheet wins over the window's, so the keys stay compact enough for 1366×768.
            button.setStyleSheet(f"font-size: {size:.1f}pt; font-weight: bold; padding: 0px; min-height: 0px;")
            button.setFixedSize(width, height)


class ReentryPage(QWidget):
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
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        pin_row = QHBoxLayout()
        pin_row.addStretch(1)
        pin_row.addWidget(self.pin_edit)
        pin_row.addStretch(1)
        pad_row = QHBoxLayout()
        pad_row.addStretch(1)
        pad_row.addWidget(self.pad)
        pad_row.addStretch(1)
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
        if has_pin:
            self.title.setText(f"{name} has finished" if finished else f"{name} has already started")
            self.explain.setText(
                f"To keep answers private, the facilitator types the workshop PIN, then hands the screen to {name}."
            )
            self.continue_button.setText("Continue")
            self.continue_button.setAccessibleName("Check the PIN and continue")
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

    def focus_default(self) -> None:
        """The PIN box when a PIN is asked for; otherwise Cancel, so Enter goes back to the names."""
        (self.pin_edit if self.has_pin else self.cancel_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_for_pin(self) -> None:
        self.message.setText("Type the PIN, then press Enter.")
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_digit(self, digit: str) -> None:
        if len(self.pin_edit.text()) < PIN_MAX_LENGTH:
            self.pin_edit.setText(self.pin_edit.text() + digit)
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        self.submit.emit(self.pin_edit.text() if self.has_pin else "")

    def apply_style(self, theme: Theme, unit: float) -> None:
        self.title.setFont(font(unit * 2.4, bold=True))
        self.explain.setFont(font(unit * 1.5))
        self.message.setFont(font(unit * 1.4, bold=True))
        self.pin_edit.setFont(font(unit * 2.0, bold=True))
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
            if key == Qt.Key.Key_Backspace:
                self.pin_edit.backspace()
                self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                event.accept()
                return
        event.ignore()


class WelcomePage(QWidget):
    start = Signal()
    not_me = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.greeting = QLabel()
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.greeting.setWordWrap(True)
        self.where = QLabel()
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where.setWordWrap(True)
        self.howto = QLabel(
            "You will see one element at a time, with four levels.\n"
            "Tap the level that best describes your partnership today, or press 1, 2, 3 or 4.\n"
            "Not sure? Tap “Not sure” or press 0 or S.   Move with ← and →, or Back and Next."
        )
        self.howto.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.howto.setWordWrap(True)
        self.howto.setProperty("role", "muted")
        self.start_button = BigButton("Start", primary=True)
        self.start_button.setAccessibleName("Start scoring")
        self.start_button.clicked.connect(self.start)
        self.not_me_button = BigButton("This is not me")
        self.not_me_button.setAccessibleName("This is not me: back to the names")
        self.not_me_button.clicked.connect(self.not_me)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.not_me_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.greeting)
        layout.addSpacing(12)
        layout.addWidget(self.where)
        layout.addSpacing(24)
        layout.addWidget(self.howto)
        layout.addSpacing(36)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def set_person(self, name: str, answered: int, total: int, resume_at: int | None) -> None:
        self.greeting.setText(f"Hello, {name}")
        if answered == 0:
            self.where.setText(f"There are {total} elements to score.")
            self.start_button.setText("Start")
        elif resume_at is None:
            self.where.setText(f"You have answered all {total} elements. You can look over and change them.")
            self.start_button.setText("See my scores")
        else:
            self.where.setText(f"You have answered {answered} of {total}. You will carry on at element {resume_at}.")
            self.start_button.setText("Carry on")
        self.start_button.setAccessibleName(self.start_button.text())

    def clear(self) -> None:
        self.greeting.clear()
        self.where.clear()

    def apply_style(self, theme: Theme, unit: float) -> None:
        self.greeting.setFont(font(unit * 3.0, bold=True))
        self.where.setFont(font(unit * 1.7))
        self.howto.setFont(font(unit * 1.35))
        for b in (self.start_button, self.not_me_button):
            b.setMinimumWidth(int(unit * 20))
            b.setMinimumHeight(max(56, int(unit * 5)))


class SummaryRow(QAbstractButton):
    """One element in the summary: its title (shortened to fit) and the participant's own answer."""

    def __init__(self, title: str, answer: str, state: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.answer = answer
        self.state = state  # "level", "not-sure" or "open"
        self._theme: Theme = STANDARD
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(f"{title}\n{answer}")
        self.setAccessibleName(f"{title}: {answer}")
        self.setText(f"{title}: {answer}")

    def apply_style(self, theme: Theme, unit: float) -> None:
        self._theme = theme
        self.setFont(font(unit * 1.2))
        self.setFixedHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(300, max(48, int(QFontMetrics(self.font()).height() * 1.8)))

    def chip_width(self) -> int:
        fm = QFontMetrics(font(self.font().pointSizeF(), bold=True))
        return max(fm.horizontalAdvance(SummaryPage.NOT_SURE_TEXT), fm.horizontalAdvance(SummaryPage.OPEN_TEXT)) + 24

    def paintEvent(self, event) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 5.0 if self.hasFocus() else 1.5
        edge = QColor(t.focus) if self.hasFocus() else QColor(t.border)
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        painter.fillPath(path, QColor(t.surface))
        painter.setPen(QPen(edge, width))
        painter.drawPath(path)
        chip_w = self.chip_width()
        chip = QRectF(rect.right() - chip_w - 6, rect.top() + 6, chip_w, rect.height() - 12)
        if self.state == "level":
            chip_fill, chip_text = QColor(t.selected), QColor(t.selected_text)
        elif self.state == "not-sure":
            chip_fill, chip_text = QColor(t.not_sure), QColor(t.text)
        else:
            chip_fill, chip_text = QColor(t.surface), QColor(t.warn)
        chip_path = QPainterPath()
        chip_path.addRoundedRect(chip, 6, 6)
        painter.fillPath(chip_path, chip_fill)
        if self.state == "open":
            painter.setPen(QPen(QColor(t.warn), 2, Qt.PenStyle.DashLine))
            painter.drawPath(chip_path)
        bold = font(self.font().pointSizeF(), bold=True)
        painter.setFont(bold)
        painter.setPen(chip_text)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, self.answer)
        painter.setFont(self.font())
        painter.setPen(QColor(t.text))
        text_rect = QRectF(rect.left() + 14, rect.top(), chip.left() - rect.left() - 24, rect.height())
        elided = QFontMetrics(self.font()).elidedText(self.title, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.click()
            return
        event.ignore()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.ignore()


class SummaryPage(QWidget):
    """The participant's own scores, by driver, to look over and change before handing over."""

    revise = Signal(str)
    back_to_scoring = Signal()
    finish = Signal()

    NOT_SURE_TEXT = "Not sure"
    OPEN_TEXT = "To do"

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.rows: list[SummaryRow] = []
        self._driver_labels: list[QLabel] = []
        self._theme: Theme = STANDARD
        self._unit = 10.0
        self.title = QLabel("Your scores")
        self.counts = QLabel()
        self.counts.setProperty("role", "muted")
        self.counts.setWordWrap(True)
        self._holder = QWidget()
        self._grid = QGridLayout(self._holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll = scroll
        self.back_button = BigButton("← Back to scoring")
        self.back_button.clicked.connect(self.back_to_scoring)
        self.finish_button = BigButton("I have finished: hand over", primary=True)
        self.finish_button.setAccessibleName("I have finished: hand over to the next person")
        self.finish_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(18)
        heading.addWidget(self.counts, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def set_scores(self, scores: dict[str, Score]) -> None:
        self.clear()
        fw = self.framework
        columns = 3
        answered = sum(1 for v in scores.values() if v is not None)
        not_sure = sum(1 for v in scores.values() if v == NOT_SURE)
        total = len(fw.element_ids())
        parts = [f"{answered} of {total} answered"]
        if not_sure:
            parts.append(f"{not_sure} not sure")
        if answered < total:
            parts.append(f"{total - answered} still to do")
        self.counts.setText(" · ".join(parts) + ". Choose an element to change your answer.")
        per_driver = fw.elements_per_driver + 1
        for d_index, driver in enumerate(fw.drivers):
            base_row = (d_index // columns) * (per_driver + 1)
            col = d_index % columns
            heading = QLabel(f"{d_index + 1}. {driver.title}")
            heading.setFont(font(self._unit * 1.25, bold=True))
            self._grid.addWidget(heading, base_row, col)
            self._driver_labels.append(heading)
            for e_index, element in enumerate(driver.elements):
                value = scores.get(element.id)
                if value is None:
                    answer, state = self.OPEN_TEXT, "open"
                elif value == NOT_SURE:
                    answer, state = self.NOT_SURE_TEXT, "not-sure"
                else:
                    answer, state = f"{value}", "level"
                row = SummaryRow(element.title, answer, state)
                if state == "open":
                    row.setAccessibleName(f"{element.title}: not answered yet")
                if state == "level":
                    row.setAccessibleName(f"{element.title}: level {value}, {fw.levels[int(value) - 1].name}")
                    row.setToolTip(f"{element.title}\nLevel {value}: {fw.levels[int(value) - 1].name}")
                row.apply_style(self._theme, self._unit)
                row.clicked.connect(lambda _=False, e=element.id: self.revise.emit(e))
                self._grid.addWidget(row, base_row + 1 + e_index, col)
                self.rows.append(row)
        for i in range(1, len(self.rows)):
            self.setTabOrder(self.rows[i - 1], self.rows[i])

    def clear(self) -> None:
        for widget in [*self.rows, *self._driver_labels]:
            self._grid.removeWidget(widget)
            widget.hide()
            widget.setParent(None)  # gone at once, not at the next event loop turn
            widget.deleteLater()
        self.rows = []
        self._driver_labels = []
        self.counts.clear()

    def focus_first_open(self) -> None:
        target = next((r for r in self.rows if r.state == "open"), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self._scroll.ensureWidgetVisible(target)
        else:
            self.finish_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_style(self, theme: Theme, unit: float) -> None:
        self._theme = theme
        self._unit = unit
        self.title.setFont(font(unit * 2.2, bold=True))
        self.counts.setFont(font(unit * 1.3))
        for label in self._driver_labels:
            label.setFont(font(unit * 1.25, bold=True))
        for row in self.rows:
            row.apply_style(theme, unit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.rows:
            current = next((i for i, r in enumerate(self.rows) if r.hasFocus()), None)
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            target = 0 if current is None else min(max(current + step, 0), len(self.rows) - 1)
            self.rows[target].setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(self.rows[target])
            event.accept()
            return
        event.ignore()


class HandoverPage(QWidget):
    next_person = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thanks = QLabel("Thank you. Your scores are saved.")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setWordWrap(True)
        self.pass_on = QLabel("Please pass the screen to the next person.")
        self.pass_on.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pass_on.setWordWrap(True)
        self.pass_on.setProperty("role", "muted")
        self.next_button = BigButton("Next person", primary=True)
        self.next_button.setAccessibleName("Next person: show the names")
        self.next_button.clicked.connect(self.next_person)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.next_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.thanks)
        layout.addSpacing(16)
        layout.addWidget(self.pass_on)
        layout.addSpacing(40)
        layout.addLayout(row)
        layout.addStretch(3)

    def apply_style(self, theme: Theme, unit: float) -> None:
        self.thanks.setFont(font(unit * 2.8, bold=True))
        self.pass_on.setFont(font(unit * 1.8))
        self.next_button.setMinimumWidth(int(unit * 22))
        self.next_button.setMinimumHeight(max(64, int(unit * 6)))


class ExitPage(QWidget):
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
        self.pin_edit.returnPressed.connect(lambda: self.leave.emit(self.pin_edit.text()))
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "warn")
        self.leave_button = BigButton("Leave participant mode", primary=True)
        self.leave_button.clicked.connect(lambda: self.leave.emit(self.pin_edit.text()))
        self.cancel_button = BigButton("Back to participant mode")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        pin_row = QHBoxLayout()
        pin_row.addStretch(1)
        pin_row.addWidget(self.pin_edit)
        pin_row.addStretch(1)
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

    def prepare(self, has_pin: bool) -> None:
        self.has_pin = has_pin
        self.pin_edit.clear()
        self.message.clear()
        self.pin_edit.setVisible(has_pin)
        if has_pin:
            self.explain.setText("Enter the workshop PIN to leave participant mode.")
        else:
            self.explain.setText(
                "No PIN is set for this workshop. Only the facilitator should leave participant mode.\n"
                "(Set a PIN in Prepare to lock it.)"
            )

    def focus_default(self) -> None:
        (self.pin_edit if self.has_pin else self.cancel_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def wrong_pin(self) -> None:
        self.message.setText("That PIN is not right.")
        self.pin_edit.clear()
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_style(self, theme: Theme, unit: float) -> None:
        self.title.setFont(font(unit * 2.6, bold=True))
        self.explain.setFont(font(unit * 1.5))
        self.message.setFont(font(unit * 1.4, bold=True))
        self.pin_edit.setFont(font(unit * 2.0, bold=True))
        self.pin_edit.setMinimumWidth(int(unit * 16))
        for b in (self.leave_button, self.cancel_button):
            b.setMinimumHeight(max(56, int(unit * 5)))


class PaceTimer(QWidget):
    """A gentle, optional timer: time on this element and this driver, against the workbook's pace."""

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.label = QLabel()
        self.label.setProperty("role", "muted")
        self.label.setAccessibleName("Time on this element")
        self.bar = QProgressBar()
        self.bar.setRange(0, ELEMENT_PACE_SECONDS)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(160)
        self.bar.setAccessibleName("Time on this element, against about a minute")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        guidance = pace_guidance(framework)
        self.setToolTip(guidance or "About a minute per element, five minutes per driver")
        self._element_id: str | None = None
        self._started = time.monotonic()
        self._driver_seconds: dict[str, float] = {}
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)

    def start_element(self, element_id: str) -> None:
        self._bank()
        self._element_id = element_id
        self._started = time.monotonic()
        self.refresh()
        if self.isVisibleTo(self.window()):
            self._tick.start()

    def stop(self) -> None:
        self._bank()
        self._element_id = None
        self._tick.stop()

    def reset(self) -> None:
        self._tick.stop()
        self._element_id = None
        self._driver_seconds = {}
        self.label.clear()
        self.bar.setValue(0)

    def _bank(self) -> None:
        if self._element_id is not None:
            driver = self._element_id.partition(".")[0]
            spent = time.monotonic() - self._started
            self._driver_seconds[driver] = self._driver_seconds.get(driver, 0.0) + spent

    def refresh(self) -> None:
        if self._element_id is None:
            return
        on_element = time.monotonic() - self._started
        driver = self._element_id.partition(".")[0]
        on_driver = self._driver_seconds.get(driver, 0.0) + on_element
        per_driver = ELEMENT_PACE_SECONDS * self.framework.elements_per_driver
        self.bar.setValue(min(int(on_element), ELEMENT_PACE_SECONDS))
        self.label.setText(self.text_for(on_element, on_driver, per_driver))

    @staticmethod
    def text_for(on_element: float, on_driver: float, per_driver: int) -> str:
        pace = "take the time you need" if on_element > ELEMENT_PACE_SECONDS else "about a minute each"
        return (
            f"This element {_minutes(on_element)} ({pace}) · "
            f"this driver {_minutes(on_driver)} of about {per_driver // 60} min"
        )

    def apply_style(self, theme: Theme, unit: float) -> None:
        self.label.setFont(font(unit * 1.05))
        longest = self.text_for(ELEMENT_PACE_SECONDS + 1, 3599, ELEMENT_PACE_SECONDS * 5)
        self.label.setMinimumWidth(QFontMetrics(self.label.font()).horizontalAdvance(longest) + 8)
