"""Item models of the reconciliation step: the element list and the two heatmaps.

The heatmaps hold data only while the scores are revealed: when hidden the page clears
them, so nothing (not even a tooltip or an accessibility query) can show a score early.
Every model is also given the set of elements revealed so far, and keeps no statistic or
score of any other element: a heatmap over a driver shows the elements not yet revealed as
hidden cells, and the element list neither shows their spread nor sorts them by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from jcs_desktop.content.schema import Driver, Element, Framework
from jcs_desktop.domain.scoring import NOT_SURE, Distribution, ElementStats, Results, Score
from jcs_desktop.services.dto import AgreedRecord, ParticipantRecord
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.labels import element_number

ELEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3
"""The level or mean a heatmap cell stands for (float), or None."""

_Index = QModelIndex | QPersistentModelIndex


class Anonymity(StrEnum):
    """How participants are named on the shared screen."""

    NAMES = "names"
    LETTERS = "letters"
    SECTORS = "sectors"


ANONYMITY_LABELS = {
    Anonymity.NAMES: "Names",
    Anonymity.LETTERS: "Letters (P1, P2…)",
    Anonymity.SECTORS: "Sector only",
}


class Order(StrEnum):
    WORKBOOK = "workbook"
    DIVERGENCE = "divergence"


ORDER_LABELS = {Order.WORKBOOK: "Workbook order", Order.DIVERGENCE: "Divergence first (revealed)"}
HIDDEN_TIP = "Hidden until the scores of this element are revealed"
_HIDDEN_BRUSH = "#d9d9d9"


def participant_label(p: ParticipantRecord, mode: Anonymity, labels: dict[int, str] | None = None) -> str:
    """How ``p`` is shown; ``labels`` are this opening's anonymous labels (drawn at random, see
    ``RevealState``), else the stored one."""
    if mode is Anonymity.NAMES:
        return p.display_name
    if mode is Anonymity.SECTORS:
        return p.sector or "No sector"
    return (labels or {}).get(p.id) or p.anonymous_label


def _label_key(label: str) -> tuple[int, str]:
    """'P2' before 'P10'."""
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


# --- element list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementRow:
    element_id: str
    number: str
    title: str
    driver_title: str
    stats: ElementStats | None
    agreed: int | None
    hidden: bool = False
    """Not revealed yet: ``stats`` is None whatever the scores are."""


class ElementListModel(QAbstractTableModel):
    """Every element, in workbook order or largest divergence first.

    Only revealed elements show a spread, and only they are sorted by it: the others follow
    in workbook order, so the order gives nothing of their scores away.
    """

    COLUMNS = ("Element", "Spread", "Agreed")

    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(parent)
        self._fw = fw
        self._rows: list[ElementRow] = []
        self._row_of: dict[str, int] = {}
        self._order = Order.WORKBOOK
        self._current: str | None = None

    @property
    def order(self) -> Order:
        return self._order

    def set_data(
        self,
        results: Results | None,
        agreed: Mapping[str, AgreedRecord],
        order: Order | None = None,
        revealed: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        self.beginResetModel()
        if order is not None:
            self._order = order
        rows = [self._row(d, e, results, agreed, revealed) for d in self._fw.drivers for e in d.elements]
        if self._order is Order.DIVERGENCE and results is not None:
            shown = [s for s in results.divergent_elements() if s.element_id in revealed]
            rank = {s.element_id: i for i, s in enumerate(shown)}
            rows.sort(key=lambda r: rank.get(r.element_id, len(rank)))  # stable: the rest in workbook order
        self._rows = rows
        self._row_of = {r.element_id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def _row(
        self,
        driver: Driver,
        element: Element,
        results: Results | None,
        agreed: Mapping[str, AgreedRecord],
        revealed: frozenset[str] | set[str],
    ) -> ElementRow:
        hidden = element.id not in revealed
        stats = results.elements.get(element.id) if results is not None and not hidden else None
        record = agreed.get(element.id)
        return ElementRow(
            element.id,
            element_number(self._fw, element.id),
            element.title,
            driver.title,
            stats,
            record.level if record else None,
            hidden,
        )

    def update_rows(
        self,
        element_ids: Iterable[str],
        results: Results | None,
        agreed: Mapping[str, AgreedRecord],
        revealed: frozenset[str] | set[str] = frozenset(),
    ) -> bool:
        """Take in what changed for ``element_ids``: each changed row says so (``dataChanged``).

        In divergence order a row whose spread shows or changes may move, so then the list is
        sorted again (a reset); returns True in that case, as the view's selection is lost.
        """
        changed: list[int] = []
        moved = False
        for element_id in element_ids:
            i = self._row_of.get(element_id)
            if i is None:
                continue
            old = self._rows[i]
            new = self._row(self._fw.driver_of(element_id), self._fw.element(element_id), results, agreed, revealed)
            if new == old:
                continue
            if self._order is Order.DIVERGENCE and (new.stats != old.stats or new.hidden != old.hidden):
                moved = True
            self._rows[i] = new
            changed.append(i)
        if moved:
            self.set_data(results, agreed, None, revealed)
            return True
        last = len(self.COLUMNS) - 1
        for i in changed:
            self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        return False

    def set_current(self, element_id: str | None) -> None:
        """Which row is in bold: only the rows that gain or lose it say they changed."""
        before, self._current = self._current, element_id
        if before == element_id:
            return
        last = len(self.COLUMNS) - 1
        for eid in (before, element_id):
            i = self._row_of.get(eid) if eid is not None else None
            if i is not None:
                self.dataChanged.emit(self.index(i, 0), self.index(i, last), [Qt.ItemDataRole.FontRole])

    def element_ids(self) -> list[str]:
        return [r.element_id for r in self._rows]

    def row_of(self, element_id: str) -> int:
        return self._row_of.get(element_id, -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        spread = row.stats.overall.range if row.stats is not None else None
        divergent = bool(row.stats and row.stats.divergent)
        if role == ELEMENT_ID_ROLE:
            return row.element_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{row.number}  {row.title}"
            if col == 1:
                if row.hidden:
                    return "·"
                if spread is None:
                    return "–"
                return f"⚑ {spread}" if divergent else str(spread)
            if col == 2:
                return "–" if row.agreed is None else str(row.agreed)
        if role == SORT_ROLE:
            return (row.number, spread if spread is not None else -1, row.agreed or 0)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return f"{row.driver_title}\n{row.title}"
            if col == 1:
                if row.hidden:
                    return HIDDEN_TIP
                if spread is None:
                    return "Nobody has scored this element"
                flag = " — divergent: worth discussing" if divergent else ""
                return f"Individual scores span {spread} level(s){flag}"
            if col == 2:
                return "Not agreed yet" if row.agreed is None else f"Agreed at level {row.agreed}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return str(self.data(index, Qt.ItemDataRole.DisplayRole))
        if role == Qt.ItemDataRole.FontRole and row.element_id == self._current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and col == 2 and row.agreed is not None:
            return QBrush(palette.level_colour(row.agreed, self._fw.level_count))
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 2 and row.agreed is not None:
                return QBrush(palette.text_on_level(row.agreed, self._fw.level_count))
            if col == 1 and divergent:
                return QBrush(QColor(palette.DIVERGENT_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# --- heatmaps ---------------------------------------------------------------------------------


class _HeatmapBase(QAbstractTableModel):
    """Columns: the current driver's elements (numbered); rows: groups or people (vertical header)."""

    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(parent)
        self._fw = fw
        self._elements: list[Element] = []
        self._current: str | None = None
        self._hidden: frozenset[str] = frozenset()
        """Elements of the driver not revealed yet: their cells show nothing of the scores."""

    def clear(self) -> None:
        self.beginResetModel()
        self._elements = []
        self._hidden = frozenset()
        self._clear_rows()
        self.endResetModel()

    def _set_hidden(self, elements: list[Element], revealed: frozenset[str] | set[str]) -> None:
        self._hidden = frozenset(e.id for e in elements if e.id not in revealed)

    def _shows_scores(self, row: int) -> bool:
        """Whether ``row`` shows individual scores (the sector heatmap's agreed row does not)."""
        return True

    def _hidden_cell(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return "·"
        if role == Qt.ItemDataRole.ToolTipRole:
            return HIDDEN_TIP
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_HIDDEN_BRUSH))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#111111"))
        return None

    def _clear_rows(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _row_count(self) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def _row_header(self, row: int, role: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def _cell(self, row: int, element: Element, role: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._elements else self._row_count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._elements)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role) if 0 <= section < self.rowCount() else None
        if not (0 <= section < len(self._elements)):
            return None
        element = self._elements[section]
        current = element.id == self._current
        if role == Qt.ItemDataRole.DisplayRole:
            number = element_number(self._fw, element.id)
            return f"▶ {number}" if current else number
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{element_number(self._fw, element.id)}  {element.title}"
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == ELEMENT_ID_ROLE:
            return element.id
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < self.rowCount() and 0 <= index.column() < len(self._elements)
        ):
            return None
        element = self._elements[index.column()]
        if role == ELEMENT_ID_ROLE:
            return element.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and element.id == self._current:
            font = QFont()
            font.setBold(True)
            return font
        if element.id in self._hidden and self._shows_scores(index.row()):
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return HIDDEN_TIP
            return self._hidden_cell(role)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._cell(index.row(), element, Qt.ItemDataRole.ToolTipRole)
        return self._cell(index.row(), element, role)

    def element_ids(self) -> list[str]:
        return [e.id for e in self._elements]

    def row_labels(self) -> list[str]:
        return [str(self.headerData(r, Qt.Orientation.Vertical)) for r in range(self.rowCount())]


class SectorHeatmapModel(_HeatmapBase):
    """(Agreed, everyone, each sector) × elements: the agreed level, then mean levels, on the level ramp."""

    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(fw, parent)
        self._sectors: list[str] = []
        self._stats: dict[str, ElementStats] = {}
        self._agreed: dict[str, int | None] = {}

    def set_data(
        self,
        elements: list[Element],
        stats: dict[str, ElementStats],
        agreed: dict[str, int | None],
        sector_order: list[str],
        current: str | None,
        revealed: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        """``stats`` of the ``revealed`` elements only are kept: the others' cells show as hidden."""
        self.beginResetModel()
        self._elements = list(elements)
        self._set_hidden(elements, revealed)
        self._stats = {e.id: stats[e.id] for e in elements if e.id in stats and e.id not in self._hidden}
        self._agreed = {e.id: agreed.get(e.id) for e in elements}
        present = {s for st in self._stats.values() for s in st.by_sector}
        ordered = [s for s in sector_order if s in present]
        self._sectors = ordered + sorted(present - set(ordered))
        self._current = current
        self.endResetModel()

    def set_agreed(self, agreed: Mapping[str, int | None]) -> None:
        """New agreed levels: only the cells of the "Agreed" row that changed say so."""
        for column, element in enumerate(self._elements):
            level = agreed.get(element.id)
            if self._agreed.get(element.id) != level:
                self._agreed[element.id] = level
                index = self.index(0, column)
                self.dataChanged.emit(index, index)

    def sectors(self) -> list[str]:
        return list(self._sectors)

    def _clear_rows(self) -> None:
        self._sectors, self._stats, self._agreed = [], {}, {}

    def _shows_scores(self, row: int) -> bool:
        return row > 0

    def _row_count(self) -> int:
        return 2 + len(self._sectors)

    def _row_header(self, row: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if row == 0:
                return "Agreed"
            if row == 1:
                return "Everyone (mean)"
            return self._sectors[row - 2] or "No sector"
        if role == Qt.ItemDataRole.ToolTipRole:
            if row == 0:
                return "The level the group agreed"
            if row == 1:
                return "Mean of every individual score"
            return f"Mean score of the {self._sectors[row - 2] or 'unassigned'} participants"
        if role == Qt.ItemDataRole.FontRole and row < 2:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _dist(self, row: int, element: Element) -> Distribution | None:
        stats = self._stats.get(element.id)
        if stats is None:
            return None
        if row == 1:
            return stats.overall
        return stats.by_sector.get(self._sectors[row - 2])

    def _cell(self, row: int, element: Element, role: int) -> Any:
        k = self._fw.level_count
        if row == 0:
            level = self._agreed.get(element.id)
            if role == Qt.ItemDataRole.DisplayRole:
                return "–" if level is None else str(level)
            if role == LEVEL_ROLE:
                return None if level is None else float(level)
            if role == Qt.ItemDataRole.BackgroundRole and level is not None:
                return QBrush(palette.level_colour(level, k))
            if role == Qt.ItemDataRole.ForegroundRole and level is not None:
                return QBrush(palette.text_on_level(level, k))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Not agreed yet" if level is None else f"Agreed at level {level}"
            return None
        dist = self._dist(row, element)
        mean = dist.mean if dist is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return _fmt(mean)
        if role == LEVEL_ROLE:
            return mean
        if role == Qt.ItemDataRole.BackgroundRole and mean is not None:
            return QBrush(palette.value_colour(mean, k))
        if role == Qt.ItemDataRole.ForegroundRole and mean is not None:
            return QBrush(palette.text_on(palette.value_colour(mean, k)))
        if role == Qt.ItemDataRole.ToolTipRole:
            who = "Everyone" if row == 1 else (self._sectors[row - 2] or "No sector")
            if dist is None or not dist.n:
                return f"{who}: no scores"
            return (
                f"{who}: mean {_fmt(dist.mean)}, median {_fmt(dist.median)}, "
                f"range {dist.min}–{dist.max}, {dist.n} {'person' if dist.n == 1 else 'people'}"
            )
        return None


class ParticipantHeatmapModel(_HeatmapBase):
    """People × elements: each individual score in its level colour.

    Row headers follow the anonymity mode; in the anonymous modes no role of this model
    returns a participant's name or organisation. People are grouped by sector; in the
    anonymous modes they follow their random labels within a sector, never the order they
    were entered in (which could tell who is who).
    """

    def __init__(self, fw: Framework, parent=None) -> None:
        super().__init__(fw, parent)
        self._people: list[ParticipantRecord] = []
        self._scores: dict[int, dict[str, Score]] = {}
        self._mode = Anonymity.LETTERS
        self._labels: dict[int, str] = {}

    def set_data(
        self,
        elements: list[Element],
        people: list[ParticipantRecord],
        scores: dict[int, dict[str, Score]],
        mode: Anonymity,
        current: str | None,
        revealed: frozenset[str] | set[str] = frozenset(),
        labels: dict[int, str] | None = None,
    ) -> None:
        """Scores of the ``revealed`` elements only are kept: the others' cells show as hidden.

        ``labels``: each person's anonymous label for this opening; without them the stored ones.
        """
        self.beginResetModel()
        self._elements = list(elements)
        self._set_hidden(elements, revealed)
        self._labels = dict(labels or {})
        if mode is Anonymity.NAMES:
            self._people = sorted(people, key=lambda p: (p.sector.casefold(), p.position, p.id))
        else:
            self._people = sorted(people, key=lambda p: (p.sector.casefold(), _label_key(self._label(p)), p.id))
        shown = {e.id for e in elements} - self._hidden
        self._scores = {p.id: {e: v for e, v in scores.get(p.id, {}).items() if e in shown} for p in people}
        self._mode = mode
        self._current = current
        self.endResetModel()

    @property
    def mode(self) -> Anonymity:
        return self._mode

    def _label(self, person: ParticipantRecord) -> str:
        return self._labels.get(person.id) or person.anonymous_label

    def _clear_rows(self) -> None:
        self._people, self._scores = [], {}

    def _row_count(self) -> int:
        return len(self._people)

    def _row_header(self, row: int, role: int) -> Any:
        person = self._people[row]
        label = participant_label(person, self._mode, self._labels)
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._mode is Anonymity.NAMES:
                return " · ".join(x for x in (person.display_name, person.organisation, person.sector) if x)
            return label
        return None

    def _cell(self, row: int, element: Element, role: int) -> Any:
        person = self._people[row]
        value = self._scores.get(person.id, {}).get(element.id)
        k = self._fw.level_count
        is_level = isinstance(value, int)
        if role == Qt.ItemDataRole.DisplayRole:
            if value == NOT_SURE:
                return "?"
            return str(value) if is_level else ""
        if role == LEVEL_ROLE:
            return float(value) if is_level else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if is_level:
                return QBrush(palette.level_colour(value, k))  # type: ignore[arg-type]
            return QBrush(QColor("#eeeeee"))
        if role == Qt.ItemDataRole.ForegroundRole and is_level:
            return QBrush(palette.text_on_level(value, k))  # type: ignore[arg-type]
        if role == Qt.ItemDataRole.ToolTipRole:
            who = participant_label(person, self._mode, self._labels)
            if value == NOT_SURE:
                return f"{who}: not sure"
            return f"{who}: level {value}" if is_level else f"{who}: not scored"
        return None
