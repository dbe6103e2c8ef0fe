"""Small widgets of the reconciliation step, shared by the page and the room display."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui import palette
from jcs_desktop.ui.theme import show_focus


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """``base`` enlarged by ``factor`` (relative, so the app-wide text size still applies)."""
    font = QFont(base)
    font.setPointSizeF(max(6.0, base.pointSizeF() * factor))
    font.setBold(bold)
    return font


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
        head_layout.setContentsMargins(8, 6, 8, 6)
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
        body_layout.setContentsMargins(8, 8, 8, 8)
        body_layout.addWidget(self.text)
        layout.addWidget(body, 1)
        self._state = ""
        self.set_state("")

    def set_texts(self, level_name: str, descriptor: str) -> None:
        self._name = level_name
        self._render_heading()
        self.text.setText(descriptor)
        self.setAccessibleName(f"Level {self.level}, {level_name}")
        self.setAccessibleDescription(descriptor)

    def _render_heading(self) -> None:
        heading = f"{self.level}&nbsp; {html.escape(self._name)}"
        mark = self.badge.text()
        if mark:
            size = self.heading.font().pointSizeF() * 0.9
            mark = html.escape(mark).replace(" ", "&nbsp;")
            heading += f"&nbsp;&nbsp; <span style='font-size:{size:.1f}pt'>{mark}</span>"
        self.heading.setText(heading)

    def set_fonts(self, base: QFont, factor: float) -> None:
        self.heading.setFont(scaled_font(base, factor, bold=True))
        self.badge.setFont(scaled_font(base, factor * 0.9, bold=True))
        self.text.setFont(scaled_font(base, factor))
        self._render_heading()

    def set_state(self, state: str) -> None:
        """'' (plain), 'agreed' (thick vermillion frame) or 'suggested' (dashed frame)."""
        self._state = state
        if state == "agreed":
            border = f"4px solid {palette.AGREED_COLOUR}"
            self.badge.setText("✔ Agreed")
        elif state == "suggested":
            border = f"3px dashed {palette.AGREED_COLOUR}"
            self.badge.setText("Suggested")
        else:
            border = "1px solid #9a9a9a"
            self.badge.setText("")
        self._render_heading()
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ {self._body} border: {border}; border-radius: 4px; }}"
            "QLabel { background: transparent; border: none; }"
        )

    @property
    def state(self) -> str:
        return self._state


class DescriptorCards(QWidget):
    """The four descriptors of the current element, side by side, always visible."""

    def __init__(self, level_count: int, parent: QWidget | None = None, *, on_white: bool = False) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.cards = [DescriptorCard(i, level_count, self, on_white=on_white) for i in range(1, level_count + 1)]
        self._columns = 0
        self.set_columns(level_count)

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


class CommitTextEdit(QPlainTextEdit):
    """A multi-line editor that reports its text once, when the user leaves it or presses Ctrl+Enter."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        show_focus(self)  # a text box shows only its caret when it has the focus: frame it
        self._stored = ""

    def set_stored_text(self, text: str) -> None:
        """Show ``text`` as what is saved (no commit); a change the user is still typing is kept."""
        typing = self.hasFocus() and self.toPlainText().strip() != self._stored.strip()
        self._stored = text
        if not typing and self.toPlainText() != text:
            self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText().strip()
        if text != self._stored.strip():
            self._stored = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit()
            return
        super().keyPressEvent(event)


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


class FrameSelectionDelegate(QStyledItemDelegate):
    """Paints selected cells with their own background (level colours stay visible) and a frame.

    ``install(view)`` also gives the view a pale highlight for cells without a colour of their own.
    """

    def __init__(self, parent: QObject | None = None, colour: str = palette.AGREED_COLOUR) -> None:
        super().__init__(parent)
        self._colour = QColor(colour)
        self._selected_row: QColor | None = None

    @classmethod
    def install(cls, view: QAbstractItemView) -> FrameSelectionDelegate:
        delegate = cls(view)
        view.setItemDelegate(delegate)
        pal = view.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor("#fff1c2"))
            pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#111111"))
        view.setPalette(pal)
        return delegate

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Room above and below the text for the selection frame, so it never covers a line of a wrapped cell."""
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 4)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if self._selected_row is None:
            return
        # A selected row is painted in the pale highlight (or the cell in its own colour): keep its
        # text readable there, also when the palette's text is white or the model's a pale grey
        # (high contrast).
        background = QColor(self._selected_row)
        if option.backgroundBrush.style() != Qt.BrushStyle.NoBrush:
            background = _over(option.backgroundBrush.color(), background)
        if _contrast(option.palette.color(QPalette.ColorRole.Text), background) < 3.0:
            option.palette.setColor(QPalette.ColorRole.Text, palette.text_on(background))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        opt = QStyleOptionViewItem(option)
        opt.state &= ~QStyle.StateFlag.State_Selected
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        self._selected_row = option.palette.color(QPalette.ColorRole.Highlight) if selected else None
        try:
            super().paint(painter, opt, index)
        finally:
            self._selected_row = None
        if selected:
            painter.save()
            pen = QPen(self._colour, 3)
            painter.setPen(pen)
            rect = option.rect.adjusted(1, 1, -2, -2)
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            model = index.model()
            if index.column() == 0:
                painter.drawLine(rect.topLeft(), rect.bottomLeft())
            if model is not None and index.column() == model.columnCount(index.parent()) - 1:
                painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.restore()


def _over(top: QColor, below: QColor) -> QColor:
    """``top`` (maybe translucent) as it looks over ``below``."""
    a = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * a + below.redF() * (1 - a),
        top.greenF() * a + below.greenF() * (1 - a),
        top.blueF() * a + below.blueF() * (1 - a),
    )


def _contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
