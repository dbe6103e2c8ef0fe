"""Item delegates more than one step draws with: a framed selection, a progress bar in a cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from jcs_desktop.ui.widgets import palette

ID_ROLE = Qt.ItemDataRole.UserRole
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 2
"""A progress cell: 0..1, drawn as a bar by ``ProgressDelegate``."""


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


# Combined once: "|" on Qt flags runs in Python, and a list paints dozens of these bars.
_BAR_STATE = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a slim bar with the text beside it."""

    def __init__(self, parent=None, bar_width: int = 90) -> None:
        super().__init__(parent)
        self.bar_width = bar_width

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        rect = option.rect.adjusted(6, 0, -6, 0)
        bar_width = min(self.bar_width, max(24, rect.width() // 3))
        bar = QStyleOptionProgressBar()
        bar.rect = rect.adjusted(0, rect.height() // 2 - 5, 0, 0)
        bar.rect.setWidth(bar_width)
        bar.rect.setHeight(10)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(1000 * max(0.0, min(1.0, float(fraction))))
        bar.textVisible = False
        bar.state = _BAR_STATE
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)

        text_rect = rect.adjusted(bar_width + 8, 0, 0, 0)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        painter.drawText(text_rect, _LEFT, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + self.bar_width + 20)
        return size
