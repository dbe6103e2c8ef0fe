"""The workbook's final-scores table as an item model: one row per driver.

Columns: the driver, its agreed total ("k of 5 scored" until complete), one column per
band with that driver's own range (the band reached is highlighted), the mean of the
individual totals with its band, the distance to the next band, the priority for the
detailed assessment, and the Prioritised Improvement Target (editable).

The mean, its band, the gap to the agreed total, how many it rests on and the elements
closest to moving all rest on individual scores: they show only for a driver whose every
element has been revealed in Reconcile since the workshop was opened (``DriverRow.individual_shown``).
The agreed totals are the group's own and always show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import DriverResult, MoveCandidate
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import wrap_two_lines
from jcs_desktop.ui.widgets.record_model import EDITABLE, LEFT_MIDDLE, SELECTABLE
from jcs_desktop.ui.widgets.theme import MUTED_ROLE

_CENTRE = int(Qt.AlignmentFlag.AlignCenter)

DRIVER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BAND_REACHED_ROLE = Qt.ItemDataRole.UserRole + 2
"""On a band column: True when the driver's agreed total lies in that band."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DriverRow:
    result: DriverResult
    plan: DriverPlanRecord
    closest: tuple[MoveCandidate, ...] = ()
    individual_shown: bool = True
    """False until every element of the driver is revealed in Reconcile: nothing resting on
    individual scores (mean, band, gap, "from k of n", closest to moving) may show before."""


HIDDEN_TEXT = "Hidden until\nrevealed in Reconcile"
HIDDEN_TIP = (
    "Hidden until every element of this driver has been revealed in Reconcile: the mean of "
    "individual totals, its band, the gap to the agreed total and how many people it rests on"
)
CLOSEST_HIDDEN = "Elements closest to moving: hidden until every element of this driver is revealed in Reconcile"


def wrap_lines(text: str, width: int) -> str:
    """Break ``text`` into lines of at most about ``width`` characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _points(value: float) -> str:
    text = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{text} point" if value == 1 else f"{text} points"


def next_band_text(result: DriverResult, level_names: list[str]) -> str:
    """'2 points to 3 Developing strategically', 'Top band reached', or what is still missing."""
    if result.agreed_band is None:
        return f"{result.agreed.label()}: no total yet"
    if result.points_to_next_band is None:
        return "Top band reached"
    band = result.agreed_band + 1
    return f"{_points(result.points_to_next_band)} to {band} {level_names[band - 1]}"


class FinalScoresModel(QAbstractTableModel):
    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(parent)
        self._fw = fw
        self._rows: list[DriverRow] = []
        self._level_names = [lv.name for lv in fw.levels]
        k = fw.level_count
        self.COL_DRIVER = 0
        self.COL_TOTAL = 1
        self.COL_FIRST_BAND = 2
        self.COL_MEAN = 2 + k
        self.COL_NEXT = 3 + k
        self.COL_PRIORITY = 4 + k
        self.COL_TARGET = 5 + k
        self.target_heading_width = 34
        """Characters per line of the target column's heading (the page narrows it to fit the column)."""
        self._columns = 6 + k
        self.edit_target: Callable[[str, str], None] | None = None
        """Called with (driver id, text) when the target cell is edited; the page saves it."""

    def set_rows(self, rows: list[DriverRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Iterable[DriverRow]) -> None:
        """New rows for some drivers: each row that differs says so (``dataChanged``), no reset."""
        index = {r.result.driver_id: i for i, r in enumerate(self._rows)}
        last = self._columns - 1
        for row in rows:
            i = index.get(row.result.driver_id)
            if i is not None and self._rows[i] != row:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))

    def row_for(self, driver_id: str) -> DriverRow | None:
        for r in self._rows:
            if r.result.driver_id == driver_id:
                return r
        return None

    def driver_ids(self) -> list[str]:
        return [r.result.driver_id for r in self._rows]

    def band_column(self, band: int) -> int:
        return self.COL_FIRST_BAND + band - 1

    # --- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self._columns):
            return None
        fs = self._fw.final_scores
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.COL_DRIVER:
                return "Driver"
            if section == self.COL_TOTAL:
                return wrap_two_lines(fs.score_heading)
            if self.COL_FIRST_BAND <= section < self.COL_MEAN:
                band = section - self.COL_FIRST_BAND + 1
                return f"{band}\n{wrap_two_lines(self._level_names[band - 1])}"
            if section == self.COL_MEAN:
                return "Mean of\nindividual totals"
            if section == self.COL_NEXT:
                return "Distance to\nthe next band"
            if section == self.COL_PRIORITY:
                return "Priority"
            if section == self.COL_TARGET:
                # The heading's first part; the whole heading is the tooltip and heads the details below.
                return wrap_lines(fs.target_heading.partition(" – ")[0], self.target_heading_width)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.COL_FIRST_BAND <= section < self.COL_MEAN:
                band = section - self.COL_FIRST_BAND + 1
                return f"{fs.thresholds_heading}: level {band}, {self._level_names[band - 1]}"
            if section == self.COL_MEAN:
                return "Mean of the totals of everyone who scored all of the driver's elements, and its band"
            if section == self.COL_PRIORITY:
                return "Order in which the group takes drivers into the detailed assessment"
            if section == self.COL_TARGET:
                return fs.target_heading
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == self.COL_TARGET and self.edit_target is not None:
            return EDITABLE
        return SELECTABLE

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COL_TARGET or role != Qt.ItemDataRole.EditRole:
            return False
        if self.edit_target is None or not (0 <= index.row() < len(self._rows)):
            return False
        row = self._rows[index.row()]
        text = str(value).strip()
        if text != row.plan.improvement_target:
            self.edit_target(row.result.driver_id, text)
        return True

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        r = row.result
        col = index.column()
        k = self._fw.level_count
        if role == DRIVER_ID_ROLE:
            return r.driver_id
        in_bands = self.COL_FIRST_BAND <= col < self.COL_MEAN
        band = col - self.COL_FIRST_BAND + 1 if in_bands else None
        reached = band is not None and band == r.agreed_band
        if role == BAND_REACHED_ROLE:
            return reached if in_bands else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col, band, reached, role)
        if role == SORT_ROLE:
            return self._text(row, col, band, reached, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, band)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(row, col, band, reached, Qt.ItemDataRole.DisplayRole)
            return f"{text}, band reached" if reached else text
        if role == Qt.ItemDataRole.BackgroundRole:
            if reached:
                return QBrush(palette.level_colour(band or 1, k))
            if col == self.COL_MEAN and r.mean_band is not None and row.individual_shown:
                return QBrush(palette.tint(palette.level_colour(r.mean_band, k), 70))
            if col == self.COL_TOTAL and r.agreed_band is not None:
                return QBrush(palette.tint(palette.level_colour(r.agreed_band, k), 70))
        if role == Qt.ItemDataRole.ForegroundRole:
            if reached:
                return QBrush(palette.text_on_level(band or 1, k))
            if in_bands or (
                col == self.COL_MEAN and not row.individual_shown
            ):  # the bands not reached, in the palette's secondary text colour (high contrast too)
                return QBrush(QApplication.palette().color(MUTED_ROLE))
            if col == self.COL_TOTAL and not r.agreed.complete:
                return QBrush(QColor(palette.DIVERGENT_COLOUR))
        if role == Qt.ItemDataRole.FontRole and (reached or col in (self.COL_DRIVER, self.COL_TOTAL)):
            font = QFont()
            font.setBold(True)
            if col == self.COL_TOTAL and r.agreed.complete:
                font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.25)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.COL_DRIVER, self.COL_TARGET):
                return LEFT_MIDDLE
            return _CENTRE
        return None

    def _text(self, row: DriverRow, col: int, band: int | None, reached: bool, role: int) -> str:
        r = row.result
        if col == self.COL_DRIVER:
            return wrap_two_lines(r.title) if role == Qt.ItemDataRole.DisplayRole else r.title
        if col == self.COL_TOTAL:
            return r.agreed.label()
        if band is not None:
            low, high = r.thresholds[band - 1]
            return f"✔ {low}–{high}" if reached else f"{low}–{high}"
        if col == self.COL_MEAN:
            if not row.individual_shown:
                return HIDDEN_TEXT if role == Qt.ItemDataRole.DisplayRole else HIDDEN_TEXT.replace("\n", " ")
            mean = r.individual_totals.mean
            if mean is None:
                return f"– ({r.mean_basis()})"
            return f"{mean:.1f} (level {r.mean_band})\n{r.mean_basis()}"
        if col == self.COL_NEXT:
            if r.agreed_band is None:
                return "–"
            if r.points_to_next_band is None:
                return "Top band"
            return f"+{r.points_to_next_band:g} → level {r.agreed_band + 1}"
        if col == self.COL_PRIORITY:
            return "" if row.plan.priority is None else str(row.plan.priority)
        if col == self.COL_TARGET:
            return row.plan.improvement_target
        return ""

    def _tooltip(self, row: DriverRow, col: int, band: int | None) -> str | None:
        r = row.result
        names = self._level_names
        if col == self.COL_TOTAL:
            if not r.agreed.complete:
                return f"Only {r.agreed.label()}: agree every element to get a total"
            return f"Agreed total {r.agreed.total}: level {r.agreed_band}, {names[(r.agreed_band or 1) - 1]}"
        if band is not None:
            low, high = r.thresholds[band - 1]
            return f"Level {band}, {names[band - 1]}: totals {low} to {high}"
        if col == self.COL_MEAN:
            if not row.individual_shown:
                return HIDDEN_TIP
            dist = r.individual_totals
            if dist.mean is None:
                return f"Nobody of the {r.individual_of} participants has scored every element of this driver"
            gap = f"; the agreed total is {r.gap:+.1f} from it" if r.gap is not None else ""
            return (
                f"Mean of the totals of {dist.n} of the {r.individual_of} participants (the others left an "
                f"element unscored or not sure) {dist.mean:.1f} (range {dist.min}–{dist.max}): "
                f"level {r.mean_band}, {names[(r.mean_band or 1) - 1]}{gap}"
            )
        if col == self.COL_NEXT:
            text = next_band_text(r, names)
            if not row.individual_shown:  # which elements are closest rests on individual scores
                if row.closest:
                    text += f"\n{CLOSEST_HIDDEN}"
            elif row.closest:
                titles = ", ".join(self._fw.element(c.element_id).title for c in row.closest[:2])
                text += f"\nClosest to moving: {titles}"
            return text
        if col == self.COL_TARGET:
            return row.plan.improvement_target or "Double-click to write what to change"
        return None
