"""Final scores, "Since last time": each driver's agreed total and band beside the previous
workshop's of the series, the change, and whether the target level set last time is met.

Agreed totals are the group's own (they show before any reveal); what rests on individual
scores is not shown here. The rows come from ``domain.progress.driver_progress`` over the live
state's ``last_time``, recomputed whole on a change (six drivers of five elements: microseconds),
and each row that differs says so (``dataChanged``), no reset.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.progress import DriverProgress, driver_progress
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import wrap_two_lines
from jcs_desktop.ui.widgets.labels import format_date
from jcs_desktop.ui.widgets.record_model import LEFT_MIDDLE, SELECTABLE
from jcs_desktop.ui.widgets.tables import FittedTableView
from jcs_desktop.ui.widgets.theme import mute

_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_Index = QModelIndex | QPersistentModelIndex

ARROWS = {"up": "▲", "down": "▼", "same": "="}


def band_text(total: int | None, band: int | None, scored: int, of: int) -> str:
    if total is None:
        return f"{scored} of {of} agreed"
    return f"{total} (level {band})"


def target_text(p: DriverProgress) -> str:
    if p.target_level is None:
        return "No target set"
    if p.target_met is None:
        return f"Level {p.target_level}: not judged yet"
    return f"Level {p.target_level}: {'met' if p.target_met else 'not met'}"


class SinceLastTimeModel(QAbstractTableModel):
    COLUMNS = ("Driver", "Last time", "This time", "Change", "Target set last time")
    COL_DRIVER, COL_BEFORE, COL_NOW, COL_CHANGE, COL_TARGET = range(5)

    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(parent)
        self._fw = fw
        self._rows: list[DriverProgress] = []
        self._names = [lv.name for lv in fw.levels]

    def set_progress(self, rows: list[DriverProgress]) -> None:
        if [r.driver_id for r in rows] != [r.driver_id for r in self._rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def progress(self) -> list[DriverProgress]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.COL_TARGET:
                return "The target level the group set for the driver last time, and whether its band now reaches it"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return SELECTABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        p = self._rows[index.row()]
        col = index.column()
        k = self._fw.level_count
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(p, col, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(p, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT_MIDDLE if col == self.COL_DRIVER else _CENTRE
        if role == Qt.ItemDataRole.BackgroundRole:
            band = p.before_band if col == self.COL_BEFORE else p.now_band if col == self.COL_NOW else None
            if band is not None:
                return QBrush(palette.tint(palette.level_colour(band, k), 70))
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_DRIVER, self.COL_CHANGE):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, p: DriverProgress, col: int, role: int) -> str:
        display = role == Qt.ItemDataRole.DisplayRole
        if col == self.COL_DRIVER:
            title = self._fw.driver(p.driver_id).title
            return wrap_two_lines(title) if display else title
        if col == self.COL_BEFORE:
            return band_text(p.before.total, p.before_band, p.before.scored, p.before.of)
        if col == self.COL_NOW:
            return band_text(p.now.total, p.now_band, p.now.scored, p.now.of)
        if col == self.COL_CHANGE:
            if p.direction is None:
                return "–" if display else "no change to show: a total is missing"
            return f"{ARROWS[p.direction]} {p.change_text()}" if display else p.change_text()
        if col == self.COL_TARGET:
            return target_text(p)
        return ""

    def _tooltip(self, p: DriverProgress, col: int) -> str | None:
        names = self._names
        if col == self.COL_BEFORE and p.before_band is not None:
            return f"Agreed total last time {p.before.total}: level {p.before_band}, {names[p.before_band - 1]}"
        if col == self.COL_NOW and p.now_band is not None:
            return f"Agreed total now {p.now.total}: level {p.now_band}, {names[p.now_band - 1]}"
        if col == self.COL_CHANGE:
            if p.direction is None:
                return "A change shows once both workshops have agreed every element of the driver"
            if p.band_change:
                moved = "up" if p.band_change > 0 else "down"
                return f"{p.change_text().capitalize()}; the band moved {moved} {abs(p.band_change)}"
            return f"{p.change_text().capitalize()}; the same band"
        if col == self.COL_TARGET and p.target_level is not None:
            name = names[p.target_level - 1]
            if p.target_met is None:
                return f"Target level {p.target_level}, {name}: judged once every element is agreed"
            return f"Target level {p.target_level}, {name}: {'met' if p.target_met else 'not met yet'}"
        return None


class SinceLastTime(QWidget):
    """The tab: which workshop "last time" is, and the table."""

    def __init__(self, fw: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fw = fw
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.model = SinceLastTimeModel(fw, self)
        self.table = FittedTableView(SinceLastTimeModel.COL_DRIVER, 0.4, self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Since last time")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel(
            "Agreed totals only: last time's individual scores are not shown. A change and a target "
            "are judged once both workshops have agreed every element of the driver. The whole series, "
            "what its actions moved and how it compares: Workshop ▸ Progress and comparison (Ctrl+Shift+G).",
            self,
        )
        self.note.setWordWrap(True)
        mute(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def show_live(self, live: LiveWorkshop | None) -> bool:
        """Fill from the live state; False (and empty) when the workshop follows no earlier one."""
        last = live.last_time if live is not None else None
        if live is None or last is None or last.workshop is None:
            self.heading.setText("")
            self.model.set_progress([])
            return False
        when = f" ({format_date(last.workshop.date)})" if last.workshop.date else ""
        self.heading.setText(f"Since the previous workshop of the series: <b>{escape(last.workshop.title)}</b>{when}")
        self.model.set_progress(driver_progress(self.fw, last.agreed, live.results.agreed, last.targets()))
        return True
