"""One level's card on the large element card: the level's number and name, and the grid's
descriptor of this element at that level; touch-sized, chosen with a tap, Enter or Space.

Choosing must show at once (``ElementCard.show_chosen_now`` paints it before the answer is
saved), so choosing and moving to the next element change no layout: the texts paint
themselves in the card's colours (no style sheet per label), the descriptor is painted into
the room left to it, and the room of the "Chosen" badge is kept whether chosen or not.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from jcs_desktop.ui.scoring.scheme import STANDARD, Scheme
from jcs_desktop.ui.widgets.fonts import at_points


class CardText(QLabel):
    """A label on a level card that paints itself in the card's text colour.

    Not through a style sheet: restyling four labels on every choice cost more than the whole
    rest of painting the choice, and choosing must show at once.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._color = QColor(STANDARD.text)

    def set_color(self, color: QColor) -> None:
        if color != self._color:
            self._color = color
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self._color)
        flags = int(self.alignment())
        if self.wordWrap():
            flags |= int(Qt.TextFlag.TextWordWrap)
        painter.drawText(self.contentsRect(), flags, self.text())


class ParagraphText(QWidget):
    """A paragraph painted into whatever room its layout gives it, word-wrapped, top left.

    Unlike a label, a new text or type size changes no layout (it only repaints): a level
    card's descriptor changes with every element, and the next element must show at once.
    Its type size is fitted to the room from outside (``LevelCard.descriptor_fits``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._text = ""
        self._font = at_points(12)
        self._color = QColor(STANDARD.text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def text_font(self) -> QFont:
        return self._font

    def set_text_font(self, font: QFont) -> None:
        if font != self._font:
            self._font = font
            self.update()

    def set_color(self, color: QColor) -> None:
        if color != self._color:
            self._color = color
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(0, 0)  # it takes the room left over; it asks for none

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setFont(self._font)
        painter.setPen(self._color)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(self.rect(), flags, self._text)


class LevelCard(QAbstractButton):
    """A big, touch-sized card for one level: number, level name and the grid's descriptor."""

    def __init__(self, level: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self._selected = False
        self._theme: Scheme = STANDARD
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 160)

        self._number = CardText(str(level))
        self._number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._name = CardText()
        self._name.setWordWrap(True)
        self._name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The descriptor takes whatever room is left; its type size is fitted to that room.
        self._descriptor = ParagraphText()
        self._descriptor.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        # Room for "✓ Chosen", kept whether chosen or not and painted by the card: choosing a
        # card changes no layout, so it is painted at once (``ElementCard.show_chosen_now``), and
        # the descriptor keeps the room its type size was fitted to.
        self._badge = QWidget()
        self._badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._badge_font = at_points(12, bold=True)

        head = QHBoxLayout()
        head.setSpacing(12)
        head.addWidget(self._number, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self._name, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self._descriptor, 1)
        layout.addWidget(self._badge)

    # -- content ------------------------------------------------------------------------

    def set_content(self, level_name: str, descriptor: str) -> None:
        if level_name != self._name.text():  # the same for every element: no relayout for nothing
            self._name.setText(level_name)
        self._descriptor.setText(descriptor)
        self._update_accessible()

    def texts(self) -> tuple[str, str]:
        return self._name.text(), self._descriptor.text()

    def descriptor_fits(self, point_size: float) -> bool:
        """Would the descriptor fit its room at ``point_size``?"""
        box = self._descriptor.rect()
        if box.width() <= 0 or box.height() <= 0:
            return True
        metrics = QFontMetrics(at_points(point_size))
        needed = metrics.boundingRect(
            QRect(0, 0, box.width(), 100_000), int(Qt.TextFlag.TextWordWrap), self._descriptor.text()
        )
        return needed.height() <= box.height()

    def set_descriptor_size(self, point_size: float) -> None:
        self._descriptor.set_text_font(at_points(point_size))

    def is_selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        if selected == self._selected:
            return  # restyling costs a style sheet per label: only when the choice changes
        self._selected = selected
        self._restyle_labels()
        self._update_accessible()
        self.update()

    def _update_accessible(self) -> None:
        chosen = ", chosen" if self._selected else ""
        self.setAccessibleName(f"Level {self.level}: {self._name.text()}{chosen}")
        self.setAccessibleDescription(self._descriptor.text())
        self.setToolTip(f"Press {self.level} to choose level {self.level}")

    # -- look ---------------------------------------------------------------------------

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._theme = theme
        self._number.setFont(at_points(unit * 2.6, bold=True))
        self._name.setFont(at_points(unit * 1.55, bold=True))
        self._descriptor.set_text_font(at_points(unit * 1.3))
        self._badge_font = at_points(unit * 1.2, bold=True)
        self._badge.setFixedHeight(QFontMetrics(self._badge_font).height())
        self._restyle_labels()

    def _restyle_labels(self) -> None:
        t = self._theme
        fg = QColor(t.selected_text if self._selected else t.text)
        for label in (self._number, self._name, self._descriptor):
            label.set_color(fg)

    def paintEvent(self, event) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._selected:
            fill, edge, width = QColor(t.selected), QColor(t.selected), 4.0
        else:
            fill, edge, width = QColor(t.surface), QColor(t.border), 2.0
            if self.underMouse() or self.isDown():
                edge, width = QColor(t.text), 3.0
        if self.hasFocus():
            edge, width = QColor(t.focus), 7.0
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, 14, 14)
        painter.fillPath(path, fill)
        painter.setPen(QPen(edge, width))
        painter.drawPath(path)
        if self._selected:
            painter.setFont(self._badge_font)
            painter.setPen(QColor(t.selected_text))
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(self._badge.geometry(), int(align), self.BADGE)

    BADGE = "✓ Chosen"

    def sizeHint(self) -> QSize:
        return QSize(260, 320)

    # -- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.click()
            event.accept()
            return
        event.ignore()  # digits, arrows and the rest belong to the element card

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.ignore()

    def enterEvent(self, event) -> None:
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self.update()
        super().leaveEvent(event)
