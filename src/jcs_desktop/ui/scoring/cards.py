"""The large element card: one element at a time, four level cards and "Not sure".

Used by participant mode (individual scores, optional short note) and by the group
screen (agreed scores, with a rationale box); the level cards are ``level_card.LevelCard``.
The widget only shows and asks; it emits what the person chose and the window decides
what to store.

Keys (when the focus is not in the note or rationale box): 1–4 choose a level,
0 or S "not sure" (individual scores only), Left/Right move to the previous/next
element, Up/Down move between the cards, Enter or Space on a card chooses it,
Enter elsewhere goes on to the next element, Delete clears an agreed score.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen, QRegion
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.ui.scoring.level_card import LevelCard
from jcs_desktop.ui.scoring.scheme import STANDARD, Scheme
from jcs_desktop.ui.widgets.fonts import at_points

NOT_SURE_KEYS = (Qt.Key.Key_0, Qt.Key.Key_S)


class BigButton(QPushButton):
    """A touch-sized push button; arrow keys are left to the page (no focus jumps)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, primary: bool = False) -> None:
        super().__init__(text, parent)
        self.setAutoDefault(True)  # Enter presses the focused button, as Space does
        self.setMinimumHeight(48)
        if primary:
            self.setProperty("primary", True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()
            return
        super().keyPressEvent(event)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean style property and re-polish so the style sheet sees it."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class ProgressDots(QWidget):
    """One dot per element, grouped by driver: filled when answered, ringed when current."""

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups = [[e.id for e in d.elements] for d in framework.drivers]
        self._answered: set[str] = set()
        self._current: str | None = None
        self._theme: Scheme = STANDARD
        self._dot = 12
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_state(self, answered: set[str], current: str | None) -> None:
        self._answered = set(answered)
        self._current = current
        total = sum(len(g) for g in self._groups)
        self.setAccessibleName(f"Answered {len(self._answered)} of {total}")
        self.update()

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._theme = theme
        self._dot = max(10, round(unit * 1.15))
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        d = self._dot
        count = sum(len(g) for g in self._groups)
        width = count * (d + d // 2) + (len(self._groups) - 1) * d + d
        return QSize(width, d * 2)

    def paintEvent(self, event) -> None:
        t = self._theme
        d = self._dot
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = d / 2
        y = self.height() / 2
        for group in self._groups:
            for element_id in group:
                r = d / 2
                if element_id == self._current:
                    painter.setPen(QPen(QColor(t.focus), 3))
                    painter.setBrush(QColor(t.selected) if element_id in self._answered else QColor(t.surface))
                    painter.drawEllipse(QRectF(x - 2, y - r - 2, d + 4, d + 4))
                else:
                    painter.setPen(QPen(QColor(t.border), 1.5))
                    painter.setBrush(QColor(t.selected) if element_id in self._answered else QColor(t.surface))
                    painter.drawEllipse(QRectF(x, y - r, d, d))
                x += d + d // 2
            x += d


class ElementCard(QWidget):
    """Driver, element, the level cards, "Not sure", an optional text box, and Back/Next."""

    chosen = Signal(object)
    """A level (int) or NOT_SURE."""
    clear_requested = Signal()
    back_requested = Signal()
    next_requested = Signal()
    text_committed = Signal(str)
    """The note (individual) or rationale (agreed), when the person has finished typing it."""
    hint = Signal(str)

    def __init__(self, framework: Framework, *, agreed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.agreed = agreed
        self.element_id: str | None = None
        self.value: Score = None
        self._order = framework.element_ids()
        self._theme: Scheme = STANDARD
        self._unit = 10.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Element card")

        self.driver_label = QLabel()
        self.driver_label.setWordWrap(True)
        self.driver_label.setProperty("role", "muted")
        self.element_label = QLabel()
        self.element_label.setWordWrap(True)
        self.element_label.setAccessibleName("Element")

        self.cards = [LevelCard(level.number, self) for level in framework.levels]
        cards_row = QHBoxLayout()
        cards_row.setSpacing(14)
        for card in self.cards:
            card.clicked.connect(lambda _=False, n=card.level: self.chosen.emit(n))
            cards_row.addWidget(card, 1)

        self.not_sure_button = BigButton("Not sure")
        self.not_sure_button.setAccessibleName("Not sure")
        self.not_sure_button.setToolTip("Press 0 or S if you are not sure")
        self.not_sure_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.not_sure_button.clicked.connect(lambda: self.chosen.emit(NOT_SURE))
        self.not_sure_button.setVisible(not agreed)

        # The note (individual) is one line; the rationale (agreed) a few.
        self.text_label = QLabel("Why the group agreed this level" if agreed else "Note (optional)")
        self.text_label.setProperty("role", "muted")
        if agreed:
            self.text_edit: QLineEdit | QPlainTextEdit = QPlainTextEdit()
            self.text_edit.setTabChangesFocus(True)
            self.text_edit.setPlaceholderText("The reasoning behind the agreed level (Ctrl+Enter saves and goes on)")
            self.text_edit.setAccessibleName("Rationale for the agreed level")
        else:
            self.text_edit = QLineEdit()
            self.text_edit.setMaxLength(300)
            self.text_edit.setPlaceholderText("A short note about this element, if you wish (Enter keeps it)")
            self.text_edit.setAccessibleName("Note on this element")
        self.text_label.setBuddy(self.text_edit)
        self.text_edit.installEventFilter(self)
        self._stored_text = ""

        self.back_button = BigButton("← Back")
        self.back_button.setAccessibleName("Previous element")
        self.back_button.setToolTip("Previous element (Left arrow)")
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = BigButton("Next →", primary=True)
        self.next_button.setAccessibleName("Next element")
        self.next_button.setToolTip("Next element (Right arrow or Enter)")
        self.next_button.clicked.connect(self.next_requested)
        self.progress_label = QLabel()
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress_label.setAccessibleName("Progress")
        self.dots = ProgressDots(framework)
        self.keys_label = QLabel(
            "1–4 agree a level · Delete clears · ← → move · Ctrl+Enter saves the reasoning and goes on"
            if agreed
            else "Keys: 1–4 choose · 0 or S not sure · ← → move · Enter next"
        )
        self.keys_label.setProperty("role", "muted")
        self.keys_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys_label.setWordWrap(True)

        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.progress_label)
        middle.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
        middle.addWidget(self.keys_label)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        nav.addLayout(middle, 1)
        nav.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.text_row = QWidget()
        text_layout = QHBoxLayout(self.text_row) if not agreed else QVBoxLayout(self.text_row)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.text_label)
        text_layout.addWidget(self.text_edit, 1)

        bottom = QHBoxLayout()
        bottom.addWidget(self.not_sure_button, 0)
        bottom.addWidget(self.text_row, 1)
        bottom.addStretch(0)  # takes the room when the note is switched off
        if agreed:
            bottom.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.driver_label)
        layout.addWidget(self.element_label)
        layout.addLayout(cards_row, 1)
        layout.addLayout(bottom)
        layout.addLayout(nav)

        self.setTabOrder(self.cards[-1], self.not_sure_button)
        self.setTabOrder(self.not_sure_button, self.text_edit)
        self.setTabOrder(self.text_edit, self.back_button)
        self.setTabOrder(self.back_button, self.next_button)

    # -- content --------------------------------------------------------------------------

    def show_element(self, element_id: str, value: Score, text: str = "", answered: set[str] | None = None) -> None:
        """Show ``element_id`` with its current ``value`` and note/rationale ``text``."""
        fw = self.framework
        element = fw.element(element_id)
        driver = fw.driver_of(element_id)
        driver_no = [d.id for d in fw.drivers].index(driver.id) + 1
        element_no = self._order.index(element_id) + 1
        self.element_id = element_id
        self.driver_label.setText(f"Driver {driver_no} of {len(fw.drivers)} · {driver.title}")
        self.element_label.setText(element.title)
        for card, level, descriptor in zip(self.cards, fw.levels, element.descriptors, strict=True):
            card.set_content(level.name, descriptor)
        self.progress_label.setText(
            f"Element {element_no} of {len(self._order)} · driver {driver_no} of {len(fw.drivers)}"
        )
        self.set_value(value)
        self.set_text(text)
        self.dots.set_state(answered or set(), element_id)
        self.back_button.setEnabled(element_no > 1)
        self.fit_descriptors()

    def fit_descriptors(self) -> None:
        """Use the largest type (within reason) at which every level's descriptor fits its card."""
        if self.element_id is None:
            return
        size = self._unit * 2.6
        smallest = self._unit * 1.15
        while size > smallest and not all(card.descriptor_fits(size) for card in self.cards):
            size -= 0.5
        for card in self.cards:
            card.set_descriptor_size(max(size, smallest))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_descriptors()

    def set_value(self, value: Score) -> None:
        self.value = value
        for card in self.cards:
            card.set_selected(value == card.level)
        set_flag(self.not_sure_button, "selected", value == NOT_SURE)
        self.not_sure_button.setAccessibleName("Not sure, chosen" if value == NOT_SURE else "Not sure")
        if self.agreed:
            self.text_edit.setEnabled(True)

    def show_chosen_now(self, value: Score) -> None:
        """Show ``value`` as chosen and paint it now, before the caller saves it and moves on:
        the person sees the press taken in the same frame, and does not press again."""
        before = [card.is_selected() for card in self.cards]
        was_not_sure = self.value == NOT_SURE
        self.set_value(value)
        changed = QRegion()
        for card, was in zip(self.cards, before, strict=True):
            if card.is_selected() != was:
                changed += card.geometry()
        if was_not_sure != (value == NOT_SURE):
            changed += QRect(self.not_sure_button.mapTo(self, QPoint(0, 0)), self.not_sure_button.size())
        if not changed.isEmpty():
            self.repaint(changed)  # one synchronous paint of what changed, not one per card

    def set_answered(self, answered: set[str]) -> None:
        self.dots.set_state(answered, self.element_id)

    def set_text(self, text: str) -> None:
        self._stored_text = text
        if isinstance(self.text_edit, QLineEdit):
            self.text_edit.setText(text)
        else:
            self.text_edit.setPlainText(text)

    def pending_text(self) -> str:
        if isinstance(self.text_edit, QLineEdit):
            return self.text_edit.text().strip()
        return self.text_edit.toPlainText().strip()

    def text_changed(self) -> bool:
        return self.pending_text() != self._stored_text.strip()

    def mark_text_stored(self) -> None:
        self._stored_text = self.pending_text()

    def set_text_visible(self, visible: bool) -> None:
        self.text_row.setVisible(visible)

    def focus_choice(self) -> None:
        """Put the keyboard focus on the chosen card, or on the card area when nothing is chosen."""
        for card in self.cards:
            if card.is_selected():
                card.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if self.value == NOT_SURE:
            self.not_sure_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def blank(self) -> None:
        """Forget everything shown (for the hand-over: nothing of the last person stays)."""
        self.element_id = None
        self.driver_label.clear()
        self.element_label.clear()
        self.progress_label.clear()
        self.set_value(None)
        self.set_text("")
        self.dots.set_state(set(), None)

    # -- look ---------------------------------------------------------------------------

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._theme = theme
        self._unit = unit
        self.driver_label.setFont(at_points(unit * 1.4, bold=True))
        self.element_label.setFont(at_points(unit * 2.1, bold=True))
        self.progress_label.setFont(at_points(unit * 1.3, bold=True))
        self.keys_label.setFont(at_points(unit * 1.0))
        self.text_label.setFont(at_points(unit * 1.2))
        for card in self.cards:
            card.apply_style(theme, unit)
        self.dots.apply_style(theme, unit)
        self.not_sure_button.setMinimumWidth(int(unit * 16))
        if isinstance(self.text_edit, QPlainTextEdit):
            line = self.text_edit.fontMetrics().lineSpacing()
            self.text_edit.setFixedHeight(int(line * 3.4 + 16))
        self.fit_descriptors()

    # -- keys -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event):
            event.accept()
        else:
            event.ignore()

    def handle_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        ):
            return False
        key = event.key()
        level_count = self.framework.level_count
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and key - Qt.Key.Key_0 <= level_count:
            self.chosen.emit(key - Qt.Key.Key_0)
            return True
        if key in NOT_SURE_KEYS:
            if self.agreed:
                self.hint.emit(f"The group agrees a level from 1 to {level_count}")
            else:
                self.chosen.emit(NOT_SURE)
            return True
        if key == Qt.Key.Key_Left:
            self.back_requested.emit()
            return True
        if key == Qt.Key.Key_Right:
            self.next_requested.emit()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move_card_focus(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.value is None:
                self.hint.emit(f"Choose a level first: press 1 to {level_count}" + ("" if self.agreed else ", or 0"))
            else:
                self.next_requested.emit()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.agreed:
            self.clear_requested.emit()
            return True
        return False

    def _move_card_focus(self, step: int) -> None:
        targets: list[QWidget] = list(self.cards)
        if not self.agreed:
            targets.append(self.not_sure_button)
        current = next((i for i, w in enumerate(targets) if w.hasFocus()), None)
        if current is None:
            chosen = next((i for i, c in enumerate(self.cards) if c.is_selected()), None)
            index = chosen if chosen is not None else (0 if step > 0 else len(targets) - 1)
        else:
            index = (current + step) % len(targets)
        targets[index].setFocus(Qt.FocusReason.TabFocusReason)

    def _commit_text_and_return(self) -> None:
        self.text_committed.emit(self.pending_text())
        self.focus_choice()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text_edit:
            if event.type() == QEvent.Type.FocusOut and self.text_changed():
                self.text_committed.emit(self.pending_text())
            elif event.type() == QEvent.Type.KeyPress and isinstance(self.text_edit, QPlainTextEdit):
                key_event: QKeyEvent = event  # type: ignore[assignment]
                if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                    key_event.modifiers() & Qt.KeyboardModifier.ControlModifier
                ):
                    self.text_committed.emit(self.pending_text())
                    self.next_requested.emit()
                    return True
            elif event.type() == QEvent.Type.KeyPress and isinstance(self.text_edit, QLineEdit):
                key_event = event  # type: ignore[assignment]
                if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._commit_text_and_return()  # keep the note; the next Enter goes on
                    return True
                if key_event.key() == Qt.Key.Key_Escape:
                    self.focus_choice()
                    return True
        return super().eventFilter(watched, event)
