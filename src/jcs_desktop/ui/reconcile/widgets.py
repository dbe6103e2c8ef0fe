"""Small widgets of the reconciliation step, shared by the page and the room display."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.fonts import scaled_font

FRAME_WIDTH = 4
"""Room around a descriptor card for its frame: the agreed level's is the thickest."""
MARKS = {"": "", "agreed": "✔ Agreed", "suggested": "Suggested"}
"""The mark after a level's name, by the card's state."""


class DescriptorCard(QFrame):
    """One level's name and the element's descriptor for that level, in the level colour.

    The "Agreed" / "Suggested" mark follows the level's name in the same heading, so a narrow
    card (large text on a laptop) wraps it onto the next line rather than needing more width.
    The card follows the palette: white with dark text normally, black with white text in
    high contrast; the level colour of the heading stays.
    """

    def __init__(self, level: int, level_count: int, parent: QWidget | None = None, *, on_white: bool = False) -> None:
        super().__init__(parent)
        self.level = level
        self._level_count = level_count
        self._name = ""
        # The room display is always dark text on white; the page's cards follow the palette.
        self._body = "background: white; color: #111111;" if on_white else "background: palette(base);"
        self.setObjectName(f"descriptorCard{level}")
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.badge = QLabel(self)  # the mark's text, shown within the heading
        self.badge.hide()
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        head = QWidget(self)
        head_layout = QHBoxLayout(head)
        # The frame's room (FRAME_WIDTH) is taken from the margins: a card is no larger for it.
        head_layout.setContentsMargins(5, 3, 5, 6)
        head_layout.addWidget(self.heading, 1)
        colour = palette.level_colour(level, level_count)
        ink = palette.text_on_level(level, level_count)
        head.setObjectName("descriptorHead")
        head.setStyleSheet(f"#descriptorHead {{ background: {colour.name()}; }} QLabel {{ color: {ink.name()}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(head)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(5, 8, 5, 5)
        body_layout.addWidget(self.text)
        layout.addWidget(body, 1)
        # One frame width whatever the state, so marking a level moves nothing on the screen.
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ {self._body} border: {FRAME_WIDTH}px solid transparent;"
            " background-clip: padding; }"
            "QLabel { background: transparent; border: none; }"
        )
        self._state: str | None = None
        self._reserved_for: tuple[object, ...] = ()
        self.reserved_height = 0
        """The height of the heading's tallest form at its width."""
        self.on_reserved: Callable[[], None] | None = None
        """Told when ``reserved_height`` changed (the cards of a row then share the tallest)."""
        self.set_state("")
        self.heading.installEventFilter(self)

    def set_texts(self, level_name: str, descriptor: str) -> None:
        self._name = level_name
        self._render_heading()
        self.text.setText(descriptor)
        self.setAccessibleName(f"Level {self.level}, {level_name}")
        self.setAccessibleDescription(descriptor)

    def _heading_html(self, mark: str) -> str:
        heading = f"{self.level}&nbsp; {html.escape(self._name)}"
        if mark:
            size = self.heading.font().pointSizeF() * 0.9
            mark = html.escape(mark).replace(" ", "&nbsp;")
            heading += f"&nbsp;&nbsp; <span style='font-size:{size:.1f}pt'>{mark}</span>"
        return heading

    def _render_heading(self) -> None:
        self.heading.setText(self._heading_html(self.badge.text()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.heading and event.type() == QEvent.Type.Resize:
            self._reserve_heading()
        return super().eventFilter(watched, event)

    def _reserve_heading(self) -> None:
        """The heading keeps the height of its tallest form (a mark can wrap it onto a second
        line), so marking a level never moves the cards or what is under them."""
        width = self.heading.width()
        key = (width, self._name, self.heading.font().key())
        if width <= 0 or key == self._reserved_for:
            return
        self._reserved_for = key
        shown = self.heading.text()
        tallest = 0
        for mark in MARKS.values():
            self.heading.setText(self._heading_html(mark))
            tallest = max(tallest, self.heading.heightForWidth(width))
        self.heading.setText(shown)
        self.reserved_height = tallest
        if self.on_reserved is not None:
            self.on_reserved()
        else:
            self.heading.setMinimumHeight(tallest)

    def set_fonts(self, base: QFont, factor: float) -> None:
        self.heading.setFont(scaled_font(base, factor, bold=True))
        self.badge.setFont(scaled_font(base, factor * 0.9, bold=True))
        self.text.setFont(scaled_font(base, factor))
        self._render_heading()

    def set_state(self, state: str) -> None:
        """'' (plain), 'agreed' (thick vermillion frame) or 'suggested' (dashed frame)."""
        if state == self._state:
            return
        self._state = state
        self.badge.setText(MARKS.get(state, ""))
        self._render_heading()
        self.update()  # the frame is painted (``paintEvent``): no new style sheet, no new layout

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._state == "agreed":
            pen = QPen(QColor(palette.AGREED_COLOUR), FRAME_WIDTH)
        elif self._state == "suggested":
            pen = QPen(QColor(palette.AGREED_COLOUR), FRAME_WIDTH - 1, Qt.PenStyle.DashLine)
        else:
            pen = QPen(QColor("#9a9a9a"), 1)
        inset = FRAME_WIDTH - pen.widthF() / 2  # each frame's inner edge on the card's contents
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()

    @property
    def state(self) -> str:
        return self._state or ""


class DescriptorCards(QWidget):
    """The four descriptors of the current element, side by side, always visible."""

    def __init__(self, level_count: int, parent: QWidget | None = None, *, on_white: bool = False) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.cards = [DescriptorCard(i, level_count, self, on_white=on_white) for i in range(1, level_count + 1)]
        for card in self.cards:
            card.on_reserved = self._align_headings
        self._columns = 0
        self.set_columns(level_count)

    def _align_headings(self) -> None:
        """The headings of a row of cards as tall as the tallest of them can be: one even band."""
        columns = max(1, self._columns)
        for start in range(0, len(self.cards), columns):
            row = self.cards[start : start + columns]
            height = max(card.reserved_height for card in row)
            for card in row:
                card.heading.setMinimumHeight(height)

    @property
    def columns(self) -> int:
        return self._columns

    def set_columns(self, columns: int) -> None:
        """Side by side (``columns`` = the number of levels) or in rows of ``columns``, for a narrow column."""
        columns = max(1, min(columns, len(self.cards)))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self._layout.removeWidget(card)
        for i, card in enumerate(self.cards):
            self._layout.addWidget(card, i // columns, i % columns)
        for c in range(len(self.cards)):
            self._layout.setColumnStretch(c, 1 if c < columns else 0)
        self._align_headings()

    def set_element(self, level_names: Sequence[str], descriptors: Sequence[str]) -> None:
        for card, name, text in zip(self.cards, level_names, descriptors, strict=True):
            card.set_texts(name, text)

    def set_marks(self, agreed: int | None, suggested: int | None) -> None:
        for card in self.cards:
            if card.level == agreed:
                card.set_state("agreed")
            elif agreed is None and card.level == suggested:
                card.set_state("suggested")
            else:
                card.set_state("")

    def set_fonts(self, base: QFont, factor: float) -> None:
        for card in self.cards:
            card.set_fonts(base, factor)


class ElementTimer(QObject):
    """An optional countdown for the discussion of one element; runs into overtime visibly."""

    changed = Signal()

    def __init__(self, minutes: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._duration = minutes * 60
        self._elapsed = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def duration(self) -> int:
        return self._duration

    @property
    def elapsed(self) -> int:
        return self._elapsed

    @property
    def remaining(self) -> int:
        return self._duration - self._elapsed

    @property
    def overtime(self) -> bool:
        return self._elapsed > self._duration

    @property
    def started(self) -> bool:
        return self.running or self._elapsed > 0

    def set_minutes(self, minutes: int) -> None:
        self._duration = max(1, minutes) * 60
        self.changed.emit()

    def start(self) -> None:
        self._timer.start()
        self.changed.emit()

    def pause(self) -> None:
        self._timer.stop()
        self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def reset(self) -> None:
        self._timer.stop()
        self._elapsed = 0
        self.changed.emit()

    def tick(self) -> None:
        self._elapsed += 1
        self.changed.emit()

    def text(self) -> str:
        left = self.remaining
        sign = "+" if left < 0 else ""
        left = abs(left)
        return f"{sign}{left // 60:02d}:{left % 60:02d}"
