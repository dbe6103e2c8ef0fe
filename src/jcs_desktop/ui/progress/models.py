"""One read-only table model for every table of the progress and comparison window: rows of
cells, each with its text, a tooltip, an optional level colour and weight."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.record_model import LEFT_MIDDLE, SELECTABLE

_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Cell:
    text: str
    tip: str = ""
    band: int | None = None
    """A level (1..K): the cell is tinted in its colour."""
    bold: bool = False
    left: bool = False


class CellTableModel(QAbstractTableModel):
    def __init__(self, level_count: int, parent=None) -> None:
        super().__init__(parent)
        self._k = level_count
        self._headers: list[str] = []
        self._tips: list[str] = []
        self._rows: list[list[Cell]] = []

    def set_table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Cell]], tips: Sequence[str] | None = None
    ) -> None:
        """New headings (``tips``: their tooltips, default the headings) and rows, one cell per column."""
        if any(len(r) != len(headers) for r in rows):
            raise ValueError("every row needs one cell per column")
        self.beginResetModel()
        self._headers = list(headers)
        self._tips = list(tips) if tips is not None else list(headers)
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def headers(self) -> list[str]:
        return list(self._headers)

    def texts(self) -> list[list[str]]:
        """Every cell's text, row by row (what a reader of the screen gets)."""
        return [[c.text for c in row] for row in self._rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section] if section < len(self._tips) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return SELECTABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if not 0 <= index.column() < len(row):
            return None
        cell = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[index.column()]}: {cell.text.replace(chr(10), ' ')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip or (cell.text if len(cell.text) > 24 else None)
        if role == Qt.ItemDataRole.BackgroundRole and cell.band is not None:
            return QBrush(palette.tint(palette.level_colour(cell.band, self._k), 80))
        if role == Qt.ItemDataRole.FontRole and cell.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT_MIDDLE if cell.left else _CENTRE
        return None
