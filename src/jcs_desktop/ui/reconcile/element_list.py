"""The list of elements down the left of Reconcile: number and title, spread, agreed level.

A plain table view over ``ElementListModel``, set up once, with the two things the page asks
of it: show which element is under discussion (without that counting as the facilitator
choosing a row), and be wide enough for its column titles at any text size.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from jcs_desktop.ui.reconcile.models import ElementListModel
from jcs_desktop.ui.widgets.delegates import FrameSelectionDelegate
from jcs_desktop.ui.widgets.theme import show_focus


class ElementListView(QTableView):
    def __init__(self, model: ElementListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Elements")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)  # Tab moves on to the element; arrows move in the list
        show_focus(self, "palette(window-text)")  # its highlight is the pale row colour
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The spread and agreed columns hold a few characters at most: sized from the font once
        # (``fit_width``), not "to contents", which measures every row again on every change.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        FrameSelectionDelegate.install(self)
        self.setMinimumWidth(160)
        self.selecting = False
        """True while the page shows its own choice: the row change is not the facilitator's."""

    def show_element(self, element_id: str | None) -> None:
        """Bold, select and scroll to ``element_id``'s row."""
        model = self.model()
        assert isinstance(model, ElementListModel)
        model.set_current(element_id)
        row = model.row_of(element_id) if element_id else -1
        if row < 0:
            return
        index = model.index(row, 0)
        selection = self.selectionModel()
        if selection.currentIndex().row() != row or not selection.isRowSelected(row):
            self.selecting = True
            try:
                selection.setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
            finally:
                self.selecting = False
        self.scrollTo(index)

    def fit_width(self) -> None:
        """Wide enough for every column's title, so the list never scrolls sideways and the agreed
        levels stay in view at any text size (the element names shorten, with a tool tip)."""
        header = self.horizontalHeader()
        bold = QFont(self.font())
        bold.setBold(True)  # the current element's row
        metrics = QFontMetrics(bold)
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 8
        for column, widest in ((1, "⚑ 99"), (2, "99")):
            width = max(header.sectionSizeHint(column), metrics.horizontalAdvance(widest) + margin)
            header.resizeSection(column, width)
        need = header.sectionSizeHint(0) + header.sectionSize(1) + header.sectionSize(2)
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width() + 2
        self.setMinimumWidth(max(160, need + frame))


__all__ = ["ElementListView"]
