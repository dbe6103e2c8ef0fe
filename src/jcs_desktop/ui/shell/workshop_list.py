"""The list of workshops: a table model, a sort/filter proxy and the page that shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.summary import SeriesPlace, WorkshopSummary, series_places
from jcs_desktop.ui.core.context import AGREED, PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.widgets.delegates import FRACTION_ROLE, ID_ROLE, ProgressDelegate
from jcs_desktop.ui.widgets.labels import ROUTE_LABELS, format_date
from jcs_desktop.ui.widgets.record_model import SELECTABLE, RecordTableModel, sync_rows
from jcs_desktop.ui.widgets.tables import FittedTableView
from jcs_desktop.ui.widgets.theme import mute, show_focus

# The roles the workshop model answers, as plain ints (what data() is given).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ID, _FRACTION = int(ID_ROLE), int(FRACTION_ROLE)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ACCESSIBLE, _ALIGNMENT, _ID, _FRACTION})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

EMPTY_MESSAGE = "No workshops yet — press Ctrl+N to create one"
OPENING_MESSAGE = "Opening your workshops…"
SORT_KEY = "list/sort"
LIST_FIT_ROWS = 24
"""Rows beyond those in view that the column widths are fitted to."""

Index = QModelIndex | QPersistentModelIndex


def format_updated(moment: dt.datetime) -> str:
    local = moment.replace(tzinfo=dt.UTC).astimezone() if moment.tzinfo is None else moment.astimezone()
    if local.date() == dt.date.today():
        return f"Today {local:%H:%M}"
    return f"{local.day} {local:%b %Y %H:%M}"


def progress_text(row: WorkshopSummary) -> str:
    if row.route == "consensus":
        return f"{row.agreed} / {row.elements} agreed"
    if not row.expected:
        return "no participants"
    return f"{round(100 * row.progress)}% scored"


def progress_tooltip(row: WorkshopSummary) -> str:
    return (
        f"{row.scored} of {row.expected} individual scores entered; "
        f"{row.agreed} of {row.elements} elements agreed by the group"
    )


class WorkshopTableModel(RecordTableModel):
    """One row per live workshop (a WorkshopSummary), read-only, kept in the list's sort order.

    The model sorts its own rows (``sort``, which the proxy passes on): a Python sort over
    keys computed once per row. Sorting in the proxy asked this model for two keys per
    comparison — about 16,000 calls from C++ into Python for a thousand workshops, most of
    the time the list took to appear.
    """

    COLUMNS: tuple[str, ...] = (
        "Title",
        "Partnership",
        "Date",
        "Route",
        "Participants",
        "Progress",
        "Updated",
        "Series",
    )
    TITLE, PARTNERSHIP, DATE, ROUTE, PARTICIPANTS, PROGRESS, UPDATED, SERIES = range(8)

    _sort_column = -1
    _sort_order = Qt.SortOrder.AscendingOrder

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text_cache: dict[int, tuple[WorkshopSummary, tuple[str, ...]]] = {}
        self._places: dict[int, SeriesPlace] = {}
        """Each row's place in its series (from the rows' links): sorting by Series groups a series."""

    # -- data in ------------------------------------------------------------------

    def set_rows(self, rows: Sequence[WorkshopSummary]) -> None:
        """Show ``rows``: the first time at once, afterwards row by row, changed rows only.

        Going back to the list after editing a workshop changes one row; a reset would make
        the view and the sorting proxy redo every row (and lose the scroll position)."""
        before = self._places
        self._places = series_places(rows)
        rows = self._in_order(rows)
        self._text_cache.clear()  # "Today 10:04" may be yesterday's now; and no record is kept twice
        if not self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        sync_rows(self, self._rows, rows)
        if self._rows and self._places != before:  # a new link renumbers the rest of its series
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.SERIES), self.index(last, self.SERIES))

    # -- order --------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (its own key: dates as dates, numbers as numbers), keeping
        the selection and the current row with their workshops. Ties keep their order."""
        self._sort_column, self._sort_order = column, order
        ordered = self._in_order(self._rows)
        if [r.id for r in ordered] == [r.id for r in self._rows]:
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {r.id: i for i, r in enumerate(ordered)}
        moved = self.persistentIndexList()
        targets = [
            self.index(new_row[self._rows[index.row()].id], index.column()) if index.isValid() else QModelIndex()
            for index in moved
        ]
        self._rows = ordered
        self.changePersistentIndexList(moved, targets)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def _in_order(self, rows: Sequence[WorkshopSummary]) -> list[WorkshopSummary]:
        column = self._sort_column
        if not 0 <= column < len(self.COLUMNS):
            return list(rows)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        # sorted() is stable in both directions, as the proxy's sort was: ties keep their order.
        return sorted(rows, key=lambda r: self._sort_key(r, column), reverse=descending)

    def row_record(self, row: int) -> WorkshopSummary:
        return self.record(row)

    # -- Qt model API -------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        # The title keeps its share at the largest text, so a narrow column's title may be
        # shortened like its cells: the whole title is one hover away, as theirs are.
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return super().headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return SELECTABLE

    def data(self, index: Index, role: int = _DISPLAY):
        # Called about 1,400 times for each paint of the list (every cell in view, in every
        # role the view asks for): the roles answered nowhere return first, the texts shown
        # are made once per record (``_texts``), and roles are compared as plain ints.
        if role not in _ANSWERED:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        r = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return self._texts(r)[col]
        if role == _ID:
            return r.id
        if role == _FRACTION:
            return float(r.progress) if col == self.PROGRESS else None
        if role == _TOOLTIP:
            if col == self.PROGRESS:
                return progress_tooltip(r)
            if col == self.TITLE:
                return f"{r.title} — double-click or press Enter to open"
            if col == self.SERIES:
                return self._series_tooltip(r)
            # Narrow columns elide at large text: the whole text is one hover away.
            return self._texts(r)[col] or None
        if role == _ACCESSIBLE:
            return f"{self.COLUMNS[col]}: {self._texts(r)[col]}"
        if role == _ALIGNMENT and col == self.PARTICIPANTS:
            return _RIGHT
        return None

    def _texts(self, r: WorkshopSummary) -> tuple[str, ...]:
        """Every column's text for record ``r``, made on first use (records are frozen: a
        changed workshop arrives as a new record, which misses and is made afresh)."""
        hit = self._text_cache.get(id(r))
        if hit is not None and hit[0] is r:
            return hit[1]
        texts = tuple(self._display(r, col) for col in range(len(self.COLUMNS)))
        self._text_cache[id(r)] = (r, texts)
        return texts

    def _display(self, r: WorkshopSummary, col: int) -> str:
        match col:
            case self.TITLE:
                return r.title
            case self.PARTNERSHIP:
                return r.partnership
            case self.DATE:
                return format_date(r.date)
            case self.ROUTE:
                return ROUTE_LABELS.get(r.route, r.route)
            case self.PARTICIPANTS:
                return str(r.participants)
            case self.PROGRESS:
                return progress_text(r)
            case self.UPDATED:
                return format_updated(r.updated_at)
            case self.SERIES:
                place = self._places.get(r.id)
                return f"{place.number} of {place.size}" if place is not None and place.size > 1 else ""
        return ""

    def _series_tooltip(self, r: WorkshopSummary) -> str | None:
        place = self._places.get(r.id)
        if place is None or place.size == 1:
            return "On its own: File ▸ Attach to series… links it to an earlier workshop"
        members = sorted(
            (w for w in self._rows if self._places[w.id].first_id == place.first_id),
            key=lambda w: self._places[w.id].number,
        )
        chain = " → ".join(w.title for w in members)
        return f"Workshop {place.number} of {place.size} of its series: {chain}"

    def _sort_key(self, r: WorkshopSummary, col: int):
        match col:
            case self.TITLE:
                return r.title.casefold()
            case self.PARTNERSHIP:
                return r.partnership.casefold()
            case self.DATE:
                return r.date.isoformat() if r.date else ""
            case self.ROUTE:
                return ROUTE_LABELS.get(r.route, r.route)
            case self.PARTICIPANTS:
                return r.participants
            case self.PROGRESS:
                return float(r.progress)
            case self.UPDATED:
                return r.updated_at.isoformat()
            case self.SERIES:
                place = self._places.get(r.id)
                # A series together, ordered by its latest date; its workshops in order within it.
                return (place.newest, place.first_id, place.number) if place is not None else ("", r.id, 1)
        return ""


class WorkshopFilterProxy(QSortFilterProxyModel):
    """Filters by the search text (title, partnership, date or route); sorting is the source
    model's (``WorkshopTableModel.sort``), so the proxy itself never sorts and keeps its order."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, WorkshopTableModel):
            source.sort(column, order)

    _search: tuple[str, ...] = ()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._search:
            return True
        model = self.sourceModel()
        hay = " ".join(
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in (
                WorkshopTableModel.TITLE,
                WorkshopTableModel.PARTNERSHIP,
                WorkshopTableModel.DATE,
                WorkshopTableModel.ROUTE,
            )
        ).casefold()
        return all(word in hay for word in self._search)

    def set_search(self, text: str) -> None:
        """Every word of ``text`` must appear (in any order, any case) in the row."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self._search = tuple(w.casefold() for w in text.split())
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._search = tuple(w.casefold() for w in text.split())
            self.invalidateRowsFilter()


class WorkshopListView(FittedTableView):
    """The table itself; Enter and double-click emit ``activated`` (QAbstractItemView's own behaviour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        fixed = frozenset({WorkshopTableModel.DATE, WorkshopTableModel.PARTICIPANTS, WorkshopTableModel.PROGRESS})
        # The title is how a facilitator finds a workshop: it keeps at least 40 % of the width.
        super().__init__(WorkshopTableModel.TITLE, 0.6, parent, fixed_columns=fixed)
        self.setObjectName("workshopTable")
        self.setAccessibleName("Workshops")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        # One line per workshop, the same height for every row, following the text size.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        # Columns are fitted to the rows in view and a few more, not to every workshop: with
        # a thousand of them, measuring all made the window take seconds to appear. A longer
        # text further down is shortened with "…" and shown whole in its tooltip.
        header.setResizeContentsPrecision(LIST_FIT_ROWS)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.6))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()


class WorkshopListPage(QWidget):
    """Search box, action buttons and the table; an empty-state message when there is nothing to show."""

    open_requested = Signal(int)
    listed = Signal()
    """The rows are in the list (after every ``show_rows``)."""
    selection_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopListPage")
        self.ctx = ctx
        self._dirty = True
        self.rows_pending = False
        """Rows are on their way (start-up): showing the page must not wait for the services."""

        self.model = WorkshopTableModel(self)
        self.proxy = WorkshopFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = show_focus(WorkshopListView())
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(WorkshopTableModel.PROGRESS, ProgressDelegate(self.table))
        self.table.sortByColumn(WorkshopTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

        heading = QLabel("<h2 style='margin:0'>Workshops</h2>")
        heading.setObjectName("listHeading")
        self.count_label = QLabel()
        self.count_label.setObjectName("listCount")
        mute(self.count_label)
        self.search = QLineEdit()
        self.search.setObjectName("searchEdit")
        self.search.setPlaceholderText("Search workshops (Ctrl+F)")
        self.search.setToolTip("Words to find in the title, partnership, date or route (Ctrl+F)")
        self.search.setAccessibleName("Search workshops")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.textChanged.connect(self._search_changed)
        # Down from the search box goes to the list, so a search-then-open needs no mouse.
        QShortcut(
            QKeySequence(Qt.Key.Key_Down), self.search, self._focus_table, context=Qt.ShortcutContext.WidgetShortcut
        )

        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(6)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.search)

        self.empty = QLabel(EMPTY_MESSAGE)
        self.empty.setObjectName("emptyLabel")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("No workshops")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.table)

        ctx.changed.connect(self._on_change)

    # -- building -----------------------------------------------------------------

    def add_actions(self, actions: Sequence[QAction | None]) -> None:
        """Buttons for the main window's actions (None: a gap)."""
        for action in actions:
            if action is None:
                self.toolbar.addSpacing(12)
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setAutoRaise(False)
            self.toolbar.addWidget(button)
        self.toolbar.addStretch(1)

    # -- data ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the summary list (one query), keeping the selected workshop selected."""
        try:
            rows = self.ctx.services.workshops.list()
        except StoreError as exc:  # e.g. the database is locked by another program: say so, keep what is shown
            self.ctx.report_error(str(exc))
            return
        self.show_rows(rows)

    def expect_rows(self) -> None:
        """The rows come in a moment (start-up): say so rather than "no workshops"."""
        self.rows_pending = True
        self.empty.setText(OPENING_MESSAGE)
        self.stack.setCurrentWidget(self.empty)

    def show_rows(self, rows: Sequence[WorkshopSummary]) -> None:
        """Show ``rows`` as the list (at start-up, before the services have loaded, the rows
        read by ``services.quick``), keeping the selected workshop selected."""
        selected = self.selected_id()
        self.rows_pending = False
        self.model.set_rows(rows)
        self._dirty = False
        self._update_empty_state()
        if selected is not None:
            self.select(selected)
        elif self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self._select_proxy_row(0)
        self.listed.emit()

    def _on_change(self, change: Changes | Change) -> None:
        if change.touches(WORKSHOPS, PARTICIPANTS, SCORES, AGREED):
            if self.isVisible():
                self.refresh()
            else:
                self._dirty = True

    def showEvent(self, event) -> None:
        if self._dirty and not self.rows_pending:
            self.refresh()
        super().showEvent(event)

    def _update_empty_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            self.empty.setText(EMPTY_MESSAGE)
        elif shown == 0:
            self.empty.setText(f"No workshop matches “{self.search.text().strip()}”. Press Esc to clear the search.")
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        if total == 0:
            self.count_label.setText("")
        elif shown == total:
            self.count_label.setText(f"{total} workshop{'s' if total != 1 else ''}")
        else:
            self.count_label.setText(f"{shown} of {total} shown")

    # -- selection ----------------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return index.data(ID_ROLE)

    def select(self, workshop_id: int) -> bool:
        row = self.model.row_of(workshop_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self._select_proxy_row(index.row())
        return True

    def _select_proxy_row(self, row: int) -> None:
        """Select exactly one row (QTableView.selectRow would honour modifier keys still held)."""
        if not 0 <= row < self.proxy.rowCount():
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self._select_proxy_row(0)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.table.setFocus()
            return
        super().keyPressEvent(event)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_empty_state()
        if self.proxy.rowCount() and self.selected_id() is None:
            self._select_proxy_row(0)
        self.selection_changed.emit()

    def _activated(self, index: QModelIndex) -> None:
        workshop_id = index.data(ID_ROLE)
        if workshop_id is not None:
            self.open_requested.emit(int(workshop_id))

    # -- remembered layout --------------------------------------------------------

    def save_state(self) -> None:
        header = self.table.horizontalHeader()
        order = 0 if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else 1
        self.ctx.settings.setValue(SORT_KEY, f"{header.sortIndicatorSection()},{order}")

    def restore_state(self) -> None:
        try:
            column, order = (int(x) for x in str(self.ctx.settings.value(SORT_KEY, "")).split(","))
        except ValueError:
            return
        if 0 <= column < self.model.columnCount():
            self.table.sortByColumn(column, Qt.SortOrder.AscendingOrder if order == 0 else Qt.SortOrder.DescendingOrder)
