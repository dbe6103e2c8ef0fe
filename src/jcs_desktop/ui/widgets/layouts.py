"""Layouts the step pages share so they fit a 1366×768 laptop at any text size.

``FlowLayout`` lays out a row of controls (a page's toolbar) left to right and wraps
onto a further line when the row does not fit, instead of making the whole window
wider than the screen. ``CurrentPageStack`` is a stacked widget whose size follows the
page on show, not the largest of all its pages. ``VerticalScrollArea`` lets a column scroll
up and down at large text instead of squeezing its controls, and never sideways.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QWidget,
    QWidgetItem,
)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next line when the width runs out (after Qt's example).

    ``addStretch()`` adds a break-free gap that pushes the items after it to the right end
    of their line when the line has room (like ``QBoxLayout.addStretch``).
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch_before: set[int] = set()
        self._h_space = spacing
        self._v_space = spacing
        # width -> height. Qt asks for the same widths over and over while it settles a
        # window (9,268 layouts in 21 step switches, half of a switch's time, without it);
        # ``invalidate`` empties it whenever an item, its size hint or its visibility changes.
        self._heights: dict[int, int] = {}
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # -- the QLayout interface --------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def addWidget(self, widget: QWidget) -> None:  # type: ignore[override]
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def addStretch(self) -> None:
        """Items added after this go to the right end of their line, when there is room."""
        self._stretch_before.add(len(self._items))
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            self._stretch_before = {i if i <= index else i - 1 for i in self._stretch_before}
            self._heights.clear()
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._do_layout(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One line of everything."""
        width, height = 0, 0
        visible = self._visible()
        for n, item in enumerate(visible):
            hint = item.sizeHint()
            width += hint.width() + (self._spacing_x(item) if n else 0)
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- placing ------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not (item.widget() is not None and item.widget().isHidden())]

    def _spacing_x(self, item: QLayoutItem) -> int:
        if self._h_space >= 0:
            return self._h_space
        return self._smart_spacing(item, Qt.Orientation.Horizontal)

    def _spacing_y(self, item: QLayoutItem) -> int:
        if self._v_space >= 0:
            return self._v_space
        return self._smart_spacing(item, Qt.Orientation.Vertical)

    def _smart_spacing(self, item: QLayoutItem, orientation: Qt.Orientation) -> int:
        widget = item.widget()
        if widget is None:
            return 6
        pm = QStyle.PixelMetric.PM_LayoutHorizontalSpacing
        if orientation == Qt.Orientation.Vertical:
            pm = QStyle.PixelMetric.PM_LayoutVerticalSpacing
        value = widget.style().layoutSpacing(
            QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton, orientation
        )
        return value if value >= 0 else max(widget.style().pixelMetric(pm), 6)

    def _size(self, item: QLayoutItem, width: int) -> QSize:
        """The item's size on a line ``width`` wide: its size hint, or narrower and taller if it wraps."""
        hint = item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize())
        natural = _one_line_width(item)
        if natural is not None:  # a wrapping label: one line if that fits, else wrapped to the width
            hint = QSize(min(natural, width), hint.height())
            height = item.heightForWidth(max(hint.width(), 1)) if item.hasHeightForWidth() else hint.height()
            return QSize(max(hint.width(), min(width, item.minimumSize().width())), height)
        if hint.width() > width:
            narrow = max(width, item.minimumSize().width())
            height = item.heightForWidth(narrow) if item.hasHeightForWidth() else hint.height()
            return QSize(narrow, max(height, hint.height()))
        return hint

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[int, QLayoutItem, QSize]]] = []
        line: list[tuple[int, QLayoutItem, QSize]] = []
        x = 0
        for index, item in enumerate(self._items):
            if item.widget() is not None and item.widget().isHidden():
                continue
            gap = self._spacing_x(item) if line else 0
            size = self._size(item, area.width())
            if line and x + gap + size.width() > area.width():
                # A wrapping label takes the rest of this line when that leaves it room enough.
                rest = area.width() - x - gap
                if _one_line_width(item) is not None and rest >= max(area.width() * 0.35, 160):
                    size = self._size(item, rest)
                else:
                    lines.append(line)
                    line, x, gap = [], 0, 0
            line.append((index, item, size))
            x += gap + size.width()
        if line:
            lines.append(line)

        y = area.top()
        for n, line in enumerate(lines):
            height = max(size.height() for _, _, size in line)
            if apply:
                self._place_line(line, area, y, height)
            y += height
            if n + 1 < len(lines):
                y += max(self._spacing_y(item) for _, item, _ in line)
        return y - rect.top() + m.bottom() if lines else m.top() + m.bottom()

    def _place_line(self, line, area: QRect, y: int, height: int) -> None:
        used = sum(size.width() for _, _, size in line) + sum(self._spacing_x(item) for _, item, _ in line[1:])
        spare = max(0, area.width() - used)
        split = next((n for n, (index, _, _) in enumerate(line) if index in self._stretch_before and n > 0), None)
        x = area.left()
        for n, (_, item, size) in enumerate(line):
            if n:
                x += self._spacing_x(item)
            if split is not None and n == split:
                x += spare
            top = y + (height - size.height()) // 2
            item.setGeometry(QRect(QPoint(x, top), size))
            x += size.width()


def _one_line_width(item: QLayoutItem) -> int | None:
    """For a word-wrapping label, the width of its text on one line (QLabel's own size hint is a
    guess at a pleasing paragraph, far narrower); None for anything else."""
    widget = item.widget()
    if not isinstance(widget, QLabel) or not widget.wordWrap() or not widget.text():
        return None
    margins = widget.contentsMargins()
    extra = margins.left() + margins.right() + 2 * widget.margin() + 4
    if widget.textFormat() == Qt.TextFormat.RichText or (
        widget.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(widget.text())
    ):
        document = QTextDocument()
        document.setDefaultFont(widget.font())
        document.setHtml(widget.text())
        return int(document.idealWidth()) + extra
    return QFontMetrics(widget.font()).horizontalAdvance(widget.text()) + extra


class CurrentPageStack(QStackedWidget):
    """A stacked widget as large as the page on show needs, not as large as its largest page.

    A plain QStackedWidget asks for the largest minimum size of all its pages, so one wide
    page would make the window wider than a laptop screen on every other page too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self._follow_current)

    def _follow_current(self, _index: int = -1) -> None:
        current = self.currentWidget()
        for i in range(self.count()):
            page = self.widget(i)
            ignored = QSizePolicy.Policy.Ignored
            if page is current:
                saved = page.property("jcs_stack_policy")
                if isinstance(saved, QSizePolicy):
                    page.setSizePolicy(saved)
            else:
                if page.property("jcs_stack_policy") is None:
                    page.setProperty("jcs_stack_policy", page.sizePolicy())
                page.setSizePolicy(ignored, ignored)
        self.updateGeometry()

    def addWidget(self, widget: QWidget) -> int:  # type: ignore[override]
        index = super().addWidget(widget)
        self._follow_current()
        return index


class VerticalScrollArea(QScrollArea):
    """Scrolls its widget up and down, never sideways: as wide as the widget needs, as short as the page allows.

    For a column that fits at normal text sizes but not at large text on a 768-pixel-high laptop:
    at normal sizes no scroll bar shows and the widget fills the area; at large text the column
    scrolls instead of squeezing its controls on top of each other. The widget is as tall as the
    area, or as its layout's minimum at the area's width if that is more (QScrollArea's own
    resizing would use the layout's preferred height there, and scroll needlessly).
    """

    hint_height = 0
    """When set, the height the area asks for (else its widget's): a column that should give way to others."""

    def __init__(self, widget: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside, which it scrolls to
        self.viewport().installEventFilter(self)
        if widget is not None:
            self.setWidget(widget)

    def setWidget(self, widget: QWidget) -> None:  # type: ignore[override]
        """Show ``widget`` (deleting the previous one, as QScrollArea does)."""
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.updateGeometry()  # its minimum width may differ from the previous widget's
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.widget() and event.type() == QEvent.Type.LayoutRequest) or (
            watched is self.viewport() and event.type() == QEvent.Type.Resize
        ):
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None or self._fitting:
            return
        self._fitting = True
        try:
            width = max(self.viewport().width(), widget.minimumSizeHint().width())
            layout = widget.layout()
            if layout is not None and layout.hasHeightForWidth():
                needed = layout.totalMinimumHeightForWidth(width)
            else:
                needed = widget.minimumSizeHint().height()
            widget.resize(width, max(self.viewport().height(), needed))
        finally:
            self._fitting = False

    def _bar_width(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:
        inner = self.widget().minimumSizeHint() if self.widget() is not None else QSize(0, 0)
        lines = self.fontMetrics().lineSpacing() * 4
        return QSize(inner.width() + self._bar_width() + 2 * self.frameWidth(), min(inner.height(), lines))

    def sizeHint(self) -> QSize:
        inner = self.widget().sizeHint() if self.widget() is not None else QSize(0, 0)
        height = self.hint_height or inner.height()
        return QSize(inner.width() + self._bar_width() + 2 * self.frameWidth(), height)


def reserve_room(widget: QWidget, lines: int = 1) -> QWidget:
    """Keep ``widget``'s room while it is hidden (an error line, a status line), so showing it moves nothing.

    The room is ``lines`` lines of its text at the current text size (a dialog is built at
    the size it is shown at).
    """
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    widget.setMinimumHeight(lines * widget.fontMetrics().lineSpacing())
    return widget


def fit_dialog_width(dialog: QWidget, chars: int) -> None:
    """A dialog about ``chars`` characters wide at the current text size, never wider than its screen."""
    fm = dialog.fontMetrics()
    screen = dialog.screen() or QtGui.QGuiApplication.primaryScreen()
    room = int(screen.availableGeometry().width() * 0.9) if screen is not None else 1200
    width = min(fm.averageCharWidth() * chars, room)
    dialog.setMinimumWidth(width)
    dialog.resize(max(width, dialog.width()), dialog.sizeHint().height())


def settle_layouts(depth: int = 16) -> None:
    """Lay out now, up to the window, what new texts and sizes have changed.

    A layout request reaches the parent's layout only on the next turn of the event loop, so a
    change deep in a page would be painted once per level of widgets, each time a little more of
    the page. Called at the end of an update, the page is laid out at once and painted once.
    """
    for _ in range(depth):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
