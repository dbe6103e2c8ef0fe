"""The Commissioning Map as a tracker: the partnership's status, date and note per feature.

One table, one row per feature of the map in its order, the four stages (SWIA themes) named
down the first column (in bold on a stage's first row). The status is chosen from a list (F2, or type its first letter),
the date typed as in the planning tables (15/03/2027, 2027-03-15, 15 Mar 2027; Alt+Down opens a
calendar) and the note written as in a spreadsheet cell (Enter saves, Shift+Enter starts a new
line). Every edit is an undoable command (``ui/commands/strategy.py``); the row follows from the
change record.

The feature under which the map places "Catalyst for Change" sessions (Do (a)) is marked as
where this workshop sits. The current feature's tools/inputs and process, as the map gives
them, show below the table (and in the feature's tooltip).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.strategy import CommissioningMap, MapFeature, MapStage
from jcs_desktop.services.dto import MAP_STATUSES, MapFeatureStatusRecord
from jcs_desktop.ui.planning.common import date_text, from_qdate, to_qdate
from jcs_desktop.ui.planning.delegates import DateDelegate, TextDelegate
from jcs_desktop.ui.planning.tables import CELL_PADDING, WrapHeader
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea
from jcs_desktop.ui.widgets.record_model import EDITABLE, LEFT_MIDDLE, SELECTABLE, Index, RecordTableModel
from jcs_desktop.ui.widgets.theme import MUTED_ROLE, mute, show_focus

STATUS_LABELS: dict[str, str] = {"not-started": "Not started", "in-progress": "In progress", "done": "Done"}
"""How each status of a feature reads."""
HERE_TEXT = "This workshop sits here"
HERE_TINT = QColor("#fff1c2")
"""The row of the feature where this workshop sits."""
HERE_EDGE = QColor("#a86b00")
STATUS_TINTS = {"in-progress": QColor("#fff4d6"), "done": QColor("#e6f4ea")}

Edit = Callable[["MapRow", str, object], None]


def feature_name(stage: MapStage, feature: MapFeature) -> str:
    """A feature as the map names it: its stage and letter, "Do (a)"."""
    return f"{stage.title} {feature.label}"


@dataclass(frozen=True)
class MapRow:
    """One feature of the map with where the partnership stands on it."""

    id: str
    """The feature's id in the map (``do-a``)."""
    stage: MapStage
    feature: MapFeature
    record: MapFeatureStatusRecord
    first_of_stage: bool
    here: bool
    """The map places this workshop ('Catalyst for Change' sessions) under this feature."""


def feature_details(cmap: CommissioningMap, row: MapRow, *, html: bool) -> str:
    """The feature with its tools/inputs and process, as the map gives them."""
    headings = {c.id: c.heading for c in cmap.columns}
    parts = [
        (headings.get("tools", "Tools/Inputs"), row.feature.tools),
        (headings.get("process", "Process"), row.feature.process),
    ]
    name = feature_name(row.stage, row.feature)
    if not html:
        lines = [f"{name}: {row.feature.text}"]
        for heading, items in parts:
            if items:
                lines.append(f"{heading}: " + "; ".join(item.text for item in items))
        return "\n".join(lines)
    # The feature's own text is in the table beside it: here its name, then what the map suggests.
    out = []
    for heading, items in parts:
        if items:
            out.append(f"<b>{escape(heading)}:</b> " + " · ".join(escape(item.text) for item in items))
    if not out:
        return f"<b>{escape(name)}</b>"
    out[0] = f"<b>{escape(name)}</b> · {out[0]}"
    return "<br>".join(out)


class MapTableModel(RecordTableModel):
    """The features of the map with their status, date and note; the last three are editable."""

    STAGE, FEATURE, STATUS, DATE, NOTE = range(5)
    EDITABLE_COLUMNS = frozenset({STATUS, DATE, NOTE})

    def __init__(self, cmap: CommissioningMap, edit: Edit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cmap = cmap
        self._edit = edit
        headings = {c.id: c.heading for c in cmap.columns}
        self.COLUMNS = (headings.get("theme", "Stage"), headings.get("feature", "Feature"), "Status", "Date", "Note")
        here = cmap.catalyst_feature().id
        self._rows = [
            MapRow(
                feature.id,
                stage,
                feature,
                MapFeatureStatusRecord(workshop_id=0, feature_id=feature.id),
                i == 0,
                feature.id == here,
            )
            for stage in cmap.stages
            for i, feature in enumerate(stage.features)
        ]
        self._row_of = {row.id: i for i, row in enumerate(self._rows)}

    def row_of(self, feature_id: str) -> int:  # type: ignore[override]
        return self._row_of.get(feature_id, -1)

    def set_records(self, records: Mapping[str, MapFeatureStatusRecord]) -> None:
        """Show ``records`` (by feature id); only rows whose record differs are repainted."""
        for feature_id, record in records.items():
            i = self._row_of.get(feature_id)
            if i is None or self._rows[i].record == record:
                continue
            old = self._rows[i]
            self._rows[i] = MapRow(old.id, old.stage, old.feature, record, old.first_of_stage, old.here)
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def counts(self) -> dict[str, int]:
        """How many features have each status."""
        found = dict.fromkeys(MAP_STATUSES, 0)
        for row in self._rows:
            found[row.record.status] += 1
        return found

    def _text(self, row: MapRow, col: int) -> str:
        match col:
            case self.STAGE:
                return row.stage.title
            case self.FEATURE:
                text = f"{row.feature.label} {row.feature.text}"
                return f"{text}\n▶ {HERE_TEXT}" if row.here else text
            case self.STATUS:
                return STATUS_LABELS.get(row.record.status, row.record.status)
            case self.DATE:
                return date_text(row.record.date)
            case self.NOTE:
                return row.record.note
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE if index.column() in self.EDITABLE_COLUMNS else SELECTABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row: MapRow = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == self.STATUS:
                return row.record.status
            if col == self.DATE:
                return to_qdate(row.record.date)
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.STAGE, self.FEATURE):
                details = feature_details(self.cmap, row, html=False)
                return f"{HERE_TEXT}.\n{details}" if row.here else details
            if col == self.STATUS:
                return "Press F2 or type its first letter to choose: not started, in progress or done"
            if col == self.DATE:
                return (date_text(row.record.date) + " · " if row.record.date else "") + (
                    "Type a date (15/03/2027, 2027-03-15 or 15 Mar 2027) or press Alt+Down for a calendar"
                )
            return row.record.note or "Press F2 or start typing to write a note"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(row, col).replace("\n", " ")
            return f"{self.COLUMNS[col]}: {text or 'empty'}"
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._tint(row, col)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._tint(row, col)
            if colour is not None:
                return QBrush(palette.text_on(colour))
            if col == self.STAGE and not row.first_of_stage:
                # Named on every row (a row scrolled into view on its own still says its stage), quietly
                # under the first, in the look's secondary colour.
                return QApplication.palette().brush(MUTED_ROLE)
            return None
        if role == Qt.ItemDataRole.FontRole and (
            (col == self.STAGE and row.first_of_stage) or (row.here and col == self.FEATURE)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT_MIDDLE
        return None

    def _tint(self, row: MapRow, col: int) -> QColor | None:
        if col == self.STATUS:
            return STATUS_TINTS.get(row.record.status)
        if row.here and col == self.FEATURE:
            return HERE_TINT
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE_COLUMNS:
            return False
        row: MapRow = self._rows[index.row()]
        col = index.column()
        if col == self.STATUS:
            key, new, current = "status", value, row.record.status
            if new not in MAP_STATUSES:
                return False
        elif col == self.DATE:
            key, new, current = "date", from_qdate(value), row.record.date
        else:
            key, new, current = "note", str(value or "").strip(), row.record.note
        if new == current:
            return False  # nothing changed: no empty step on the undo stack
        # The command saves it; the row follows from the change record (``set_records``).
        self._edit(row, key, new)
        return True


class StatusCombo(QComboBox):
    """The status editor: says when its list closes, so a choice made in the list is saved at once."""

    list_closed = Signal()
    _open = False

    def showPopup(self) -> None:
        self._open = True
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        if self._open:  # Qt also calls this when no list is showing
            self._open = False
            QTimer.singleShot(0, self, self.list_closed.emit)


class StatusDelegate(QStyledItemDelegate):
    """A feature's status from a drop-down list: arrow keys or a first letter choose and Enter saves;
    a choice in the opened list (a click, or Alt+Down then Enter) saves at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        combo = StatusCombo(parent)
        combo.setObjectName("mapStatusEditor")
        combo.setAccessibleName("Status")
        for key in MAP_STATUSES:
            combo.addItem(STATUS_LABELS[key], key)
        combo.list_closed.connect(lambda: self._chosen(combo))
        return combo

    def _chosen(self, combo: StatusCombo) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)
        view = self.parent()
        if isinstance(view, QWidget):
            view.setFocus()  # the list had the keyboard: give it back to the table

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Never narrower than the list needs to show "In progress" whole (over the next cell if it must).
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        rect.setHeight(max(min(rect.height(), 2 * editor.sizeHint().height()), editor.sizeHint().height()))
        rect.moveCenter(option.rect.center())
        rect.moveLeft(option.rect.left())
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MapTable(QTableView):
    """The map's table: Delete clears the current cell (``clear_requested``); Tab leaves the table."""

    clear_requested = Signal()

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState and event.key() == Qt.Key.Key_Delete:
            self.clear_requested.emit()
            return
        super().keyPressEvent(event)


class MapView(QWidget):
    """The tracker: where this workshop sits, the table of features, the current feature's details."""

    edited = Signal(str, str, object)
    """(feature id, "status" | "date" | "note", the new value): the page saves it."""
    message = Signal(str)
    """For the status bar (a date that could not be read)."""

    def __init__(self, cmap: CommissioningMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commissioningMap")
        self.cmap = cmap
        self.model = MapTableModel(cmap, self._edit, self)

        here = cmap.catalyst_feature()
        stage = cmap.stage_of(here.id)
        entry = next(item for item in here.process if item.id == cmap.catalyst_sessions)
        self.here_label = QLabel(
            f"<b>This workshop sits at {escape(feature_name(stage, here))}</b> of the {escape(cmap.title)}: "
            f"{escape(entry.text)}."
        )
        self.here_label.setObjectName("mapHereLabel")
        self.here_label.setWordWrap(True)
        self.here_label.setToolTip(f"{feature_name(stage, here)}: {here.text}")
        # Dark text on the marker's own tint, in either look (the row of the table has the same tint).
        self.here_label.setStyleSheet(
            f"QLabel#mapHereLabel {{ background: {HERE_TINT.name()}; color: #111111;"
            f" border-left: 4px solid {HERE_EDGE.name()}; padding: 4px 6px; }}"
        )
        overarching = " · ".join(f"{f.number}. {f.text}" for f in cmap.overarching_features)
        self.overarching_label = QLabel(f"{cmap.overarching_heading} {overarching}")
        self.overarching_label.setObjectName("mapOverarchingLabel")
        self.overarching_label.setWordWrap(True)
        mute(self.overarching_label)

        self.table = MapTable(self)
        self.table.setHorizontalHeader(WrapHeader(self.table))
        self.table.horizontalHeader().setProperty("fit_header_wraps", True)  # its headings wrap, never cut
        self.table.setObjectName("mapTable")
        self.table.setAccessibleName(cmap.title)
        # The planning tables' cell padding (their text delegate measures wrapped cells with it).
        self.table.setStyleSheet(f"QTableView::item {{ padding: {CELL_PADDING[0]}px {CELL_PADDING[1]}px; }}")
        show_focus(self.table)
        self.table.clear_requested.connect(self.clear_current)
        self.table.setModel(self.model)
        self.status_delegate = StatusDelegate(self.table)
        self.date_delegate = DateDelegate(self.table)
        self.date_delegate.message.connect(self.message)
        self.note_delegate = TextDelegate(self.table)
        self.table.setItemDelegateForColumn(MapTableModel.FEATURE, TextDelegate(self.table))
        self.table.setItemDelegateForColumn(MapTableModel.STATUS, self.status_delegate)
        self.table.setItemDelegateForColumn(MapTableModel.DATE, self.date_delegate)
        self.table.setItemDelegateForColumn(MapTableModel.NOTE, self.note_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.table.viewport().installEventFilter(self)

        self.details_label = QLabel()
        self.details_label.setObjectName("mapFeatureDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAccessibleName("The feature's tools/inputs and process")

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.here_label)
        column.addWidget(self.overarching_label)
        column.addWidget(self.table, 1)
        column.addWidget(self.details_label)
        # At large text on a laptop the tab scrolls rather than squeezing the table to nothing.
        self.scroll = VerticalScrollArea(body, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.fit()
        self.select_feature(self.model.record(0).id, MapTableModel.STATUS)

    # -- sizes ------------------------------------------------------------------------------

    def fit(self) -> None:
        """Column widths and the table's least height at the current text size."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        bold = QFont(self.table.font())
        bold.setBold(True)
        pad = 2 * CELL_PADDING[1] + 2 * fm.averageCharWidth()  # the padding and the item's own text margins
        # As wide as the longest stage title in bold (its heading wraps onto two lines if it must).
        stage_width = max(QFontMetrics(bold).horizontalAdvance(s.title) for s in self.cmap.stages) + pad
        # The status's list, when open in its cell, shows every status whole beside its arrow.
        probe = QComboBox()
        probe.setFont(self.table.font())
        probe.addItems(list(STATUS_LABELS.values()))
        status_width = max(max(fm.horizontalAdvance(t) for t in STATUS_LABELS.values()) + pad, probe.sizeHint().width())
        probe.deleteLater()
        date_width = fm.horizontalAdvance("30 Sep 2027") + pad
        for col, width in (
            (MapTableModel.STAGE, stage_width),
            (MapTableModel.STATUS, status_width),
            (MapTableModel.DATE, date_width),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, round(width))
        header.setSectionResizeMode(MapTableModel.FEATURE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MapTableModel.NOTE, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(fm.averageCharWidth() * 6)
        self._fit_note()
        # Enough of the table to work in; the rest of it scrolls (at large text on a laptop).
        row = 3 * fm.lineSpacing() + 2 * CELL_PADDING[0] + 4  # a feature's text wraps onto three lines at most
        self.table.setMinimumHeight(header.sizeHint().height() + 3 * row + 2 * self.table.frameWidth())
        self.details_label.setMinimumHeight(3 * self.details_label.fontMetrics().lineSpacing())
        self.table.resizeRowsToContents()

    def _fit_note(self) -> None:
        """The note takes under a third of what the feature and the note share (the feature the rest)."""
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in (MapTableModel.STAGE, MapTableModel.STATUS, MapTableModel.DATE))
        shared = max(0, self.table.viewport().width() - fixed)
        char = self.table.fontMetrics().averageCharWidth()
        # The feature's text keeps at least about 24 characters a line; the note gives way first.
        width = max(10 * char, min(round(shared * 0.3), shared - 24 * char))
        if header.sectionSize(MapTableModel.NOTE) != width:
            header.resizeSection(MapTableModel.NOTE, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_note()
        return super().eventFilter(watched, event)

    # -- showing ----------------------------------------------------------------------------

    def set_records(self, records: Mapping[str, MapFeatureStatusRecord]) -> None:
        self.model.set_records(records)
        self.table.resizeRowsToContents()
        self._show_details()

    def current_row(self) -> MapRow | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_feature(self, feature_id: str, column: int = MapTableModel.STATUS) -> None:
        row = self.model.row_of(feature_id)
        if row < 0:
            return
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show_details()

    def _current_changed(self, *_args) -> None:
        self._show_details()

    def _show_details(self) -> None:
        row = self.current_row()
        self.details_label.setText(feature_details(self.cmap, row, html=True) if row is not None else "")

    def clear_current(self) -> None:
        """Delete on a cell: back to not started, no date, or no note."""
        index = self.table.currentIndex()
        empty = {MapTableModel.STATUS: "not-started", MapTableModel.DATE: None, MapTableModel.NOTE: ""}
        if index.isValid() and index.column() in empty:
            self.model.setData(index, empty[index.column()])

    def _edit(self, row: MapRow, key: str, value: object) -> None:
        self.edited.emit(row.id, key, value)


def changed_fields(record: MapFeatureStatusRecord, key: str, value: object) -> dict[str, object]:
    """The record's status, date and note, with ``key`` set to ``value``."""
    fields: dict[str, object] = {"status": record.status, "date": record.date, "note": record.note}
    fields[key] = value
    if isinstance(fields["date"], dt.datetime):  # pragma: no cover - the editor gives dates only
        fields["date"] = fields["date"].date()
    return fields
