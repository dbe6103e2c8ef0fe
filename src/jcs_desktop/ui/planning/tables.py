"""The planning tables' shared behaviour, as a spreadsheet user expects it.

- Tab / Shift+Tab move to the next / previous cell (row by row) and leave the table only past
  its last / first cell; Ctrl+Tab leaves it at once.
- Delete clears the current cell (``clear_requested``); Ctrl+Delete or Shift+Delete removes the
  row (``delete_requested``).
- Columns share the width by weight, but never narrower than their longest heading word (or
  a full date), and headings wrap instead of being cut.
- No row is taller than a quarter of the table (and never under three lines): longer text is
  elided, its full text is in the cell's tooltip, so at large text several rows stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

CELL_PADDING = (4, 6)
"""Vertical and horizontal padding of the planning tables' cells (their style sheet)."""
MIN_VISIBLE_ROWS = 4
MIN_ROW_LINES = 3
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap


class WrapHeader(QHeaderView):
    """A horizontal header whose headings wrap onto as many lines as they need."""

    MARGIN = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setHighlightSections(False)

    def _text(self, section: int) -> str:
        model = self.model()
        return "" if model is None else str(model.headerData(section, self.orientation()) or "")

    def _text_rect(self, rect: QRect) -> QRect:
        return rect.adjusted(self.MARGIN, 3, -self.MARGIN, -3)

    def heading_height(self, section: int) -> int:
        width = max(10, self.sectionSize(section) - 2 * self.MARGIN)
        bound = self.fontMetrics().boundingRect(QRect(0, 0, width, 100000), int(_WRAP), self._text(section))
        return bound.height() + 8

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        count = self.count()
        tallest = max((self.heading_height(s) for s in range(count) if not self.isSectionHidden(s)), default=0)
        return QSize(hint.width(), max(hint.height(), tallest))

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = section
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(self._text_rect(rect), int(_WRAP), self._text(section))
        painter.restore()


class PlanningTable(QTableView):
    clear_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(WrapHeader(self))
        self.weights: list[int] = []
        self.min_widths: list[int] = []
        """Columns that must show a fixed text whole (e.g. a date), in pixels; 0 for "by the heading"."""
        self.max_row_height = 10**6
        self._fitted_for: tuple[int, int, int] = (-1, -1, -1)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setStyleSheet(f"QTableView::item {{ padding: {CELL_PADDING[0]}px {CELL_PADDING[1]}px; }}")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # -- fitting ------------------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self, force: bool = False) -> None:
        """Share the width between the columns and cap the row height, for the current size and text size."""
        # The room beside the row numbers, leaving space for a vertical scroll bar whether or not
        # it shows: the columns then never spill over and bring up a horizontal one.
        width = (
            self.width()
            - 2 * self.frameWidth()
            - self.verticalHeader().sizeHint().width()
            - self.verticalScrollBar().sizeHint().width()
        )
        line = self.fontMetrics().lineSpacing()
        key = (width, self.height(), line)
        if not self.weights or width <= 0 or (key == self._fitted_for and not force):
            return
        self._fitted_for = key
        mins = [self._min_width(col) for col in range(len(self.weights))]
        if sum(mins) > width:  # very large text: narrower than the headings' words rather than scrolling sideways
            fixed = {c for c, w in enumerate(self.min_widths) if w}
            flexible = sum(m for c, m in enumerate(mins) if c not in fixed)
            room = max(0, width - sum(mins[c] for c in fixed))
            mins = [m if c in fixed else int(m * room / max(1, flexible)) for c, m in enumerate(mins)]
        spare = max(0, width - sum(mins))
        total = sum(self.weights)
        for col, weight in enumerate(self.weights):
            self.setColumnWidth(col, mins[col] + int(spare * weight / total))
        self.updateGeometries()
        body = self.height() - self.horizontalHeader().sizeHint().height() - 2 * self.frameWidth()
        lines = line * MIN_ROW_LINES + 2 * CELL_PADDING[0] + 4
        rows = self.model().rowCount() if self.model() is not None else MIN_VISIBLE_ROWS
        self.max_row_height = max(lines, body // max(1, min(MIN_VISIBLE_ROWS, rows)))
        self.verticalHeader().setMaximumSectionSize(self.max_row_height)
        self.resizeRowsToContents()

    def _min_width(self, col: int) -> int:
        fm = self.fontMetrics()
        words = str(self.model().headerData(col, Qt.Orientation.Horizontal) or "").split() if self.model() else []
        widest = max((fm.horizontalAdvance(w) for w in words), default=0) + 2 * WrapHeader.MARGIN + 4
        fixed = self.min_widths[col] if col < len(self.min_widths) else 0
        return max(fm.horizontalAdvance("M") * 5, widest, fixed)

    # -- keys ---------------------------------------------------------------------------------------------

    def _neighbour(self, forward: bool) -> QModelIndex:
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return QModelIndex()
        row, col = current.row(), current.column()
        cols, rows = model.columnCount(), model.rowCount()
        col += 1 if forward else -1
        if col >= cols:
            row, col = row + 1, 0
        elif col < 0:
            row, col = row - 1, cols - 1
        if not 0 <= row < rows:
            return QModelIndex()
        return model.index(row, col)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # Tab in an editor goes on to the next cell, but not round from the last cell to the first.
        if action in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
            return self._neighbour(action == QAbstractItemView.CursorAction.MoveNext)
        return super().moveCursor(action, modifiers)

    def focusNextPrevChild(self, forward: bool) -> bool:
        if self.state() != QAbstractItemView.State.EditingState:
            target = self._neighbour(forward)
            if target.isValid():
                self.setCurrentIndex(target)
                self.scrollTo(target)
                return True
        return QWidget.focusNextPrevChild(self, forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key, mods = event.key(), event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            if key == Qt.Key.Key_Delete:
                (self.delete_requested if ctrl or shift else self.clear_requested).emit()
                return
            if ctrl and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                QWidget.focusNextPrevChild(self, key == Qt.Key.Key_Tab and not shift)
                return
        super().keyPressEvent(event)


def date_column_width(table: QTableView, flagged: bool = False) -> int:
    """Wide enough for the longest date ("30 Sep 2027") on one line, with the flag icon if it may have one."""
    fm = table.fontMetrics()
    icon = table.iconSize().width() if table.iconSize().width() > 0 else 16
    return fm.horizontalAdvance("30 Sep 2027") + 2 * CELL_PADDING[1] + 8 + (icon + 6 if flagged else 0)
