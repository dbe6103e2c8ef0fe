"""Participant mode's simple screens: the name picker, the welcome and the hand-over.

Each only shows and asks; the window (``participant_mode.ParticipantModeWindow``) decides
what to store and where to go.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QKeyEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.scoring.cards import BigButton
from jcs_desktop.ui.scoring.scheme import Scheme
from jcs_desktop.ui.scoring.screen import centred_row
from jcs_desktop.ui.widgets.fonts import at_points


class NameButton(BigButton):
    """A name on the picker: as wide as the grid gives it, shortened with "…" if the name is longer.

    Its size hint does not grow with the name, so a long name never pushes the grid past the
    screen; the full name stays in the accessible name.
    """

    PADDING = 48  # the style sheet's padding and border, both sides

    def __init__(self, full_text: str, parent: QWidget | None = None) -> None:
        super().__init__(full_text, parent)
        self.full_text = full_text

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 240), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(96, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        room = max(self.width() - self.PADDING, 10)
        shown = QFontMetrics(self.font()).elidedText(self.full_text, Qt.TextElideMode.ElideRight, room)
        if shown != self.text():
            self.setText(shown)


class NamePicker(QWidget):
    """Big name buttons; a tick marks whoever has answered every element.

    Arrow keys move between the names (across the grid), Enter or Space picks the one in
    focus. The focus starts on the next person who has not finished.
    """

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
        self.finished: list[bool] = []
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
        # Names shorten to fit the width; only a long list scrolls, downwards.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.finished = [finished for _pid, _name, finished in people]
        n = len(people)
        self.columns = 4 if n > 18 else 3 if n > 8 else 2 if n > 3 else 1
        for i, (pid, name, finished) in enumerate(people):
            button = NameButton(f"✓  {name}" if finished else name)
            button.setAccessibleName(f"{name}, finished" if finished else name)
            button.setToolTip("Answered every element. To change an answer, ask the facilitator." if finished else "")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setProperty("participant_id", pid)
            button.setProperty("big", True)
            button.clicked.connect(lambda _=False, p=pid: self.picked.emit(p))
            # The buttons sit in a scroll area, which would take the arrow keys to scroll: move here instead.
            button.installEventFilter(self)
            self._grid.addWidget(button, i // self.columns, i % self.columns)
            self.buttons.append(button)
        self.empty_label.setVisible(not people)
        for i in range(1, len(self.buttons)):
            self.setTabOrder(self.buttons[i - 1], self.buttons[i])

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._unit = unit
        self.title.setFont(at_points(unit * 2.6, bold=True))
        self.subtitle.setFont(at_points(unit * 1.4))
        self.empty_label.setFont(at_points(unit * 1.6))

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_next_after(self, participant_id: int | None) -> None:
        """Focus the first person after ``participant_id`` (round the list) who has not finished."""
        if not self.buttons:
            return
        ids = [b.property("participant_id") for b in self.buttons]
        start = ids.index(participant_id) + 1 if participant_id in ids else 0
        n = len(self.buttons)
        target = next((i % n for i in range(start, start + n) if not self.finished[i % n]), 0)
        self.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)
        self._scroll.ensureWidgetVisible(self.buttons[target])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

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
        focused = self.window().focusWidget()  # the window's focus, also while it is not the active one
        current = next((i for i, b in enumerate(self.buttons) if b is focused), None)
        target = 0 if current is None else min(max(current + step, 0), len(self.buttons) - 1)
        self.buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
        self._scroll.ensureWidgetVisible(self.buttons[target])
        event.accept()


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
        buttons = centred_row(self.not_me_button, self.start_button)
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

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.greeting.setFont(at_points(unit * 3.0, bold=True))
        self.where.setFont(at_points(unit * 1.7))
        self.howto.setFont(at_points(unit * 1.35))
        for b in (self.start_button, self.not_me_button):
            b.setMinimumWidth(int(unit * 20))
            b.setMinimumHeight(max(56, int(unit * 5)))


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
        row = centred_row(self.next_button)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.thanks)
        layout.addSpacing(16)
        layout.addWidget(self.pass_on)
        layout.addSpacing(40)
        layout.addLayout(row)
        layout.addStretch(3)

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.thanks.setFont(at_points(unit * 2.8, bold=True))
        self.pass_on.setFont(at_points(unit * 1.8))
        self.next_button.setMinimumWidth(int(unit * 22))
        self.next_button.setMinimumHeight(max(64, int(unit * 6)))
