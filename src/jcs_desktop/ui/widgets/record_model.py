"""What the record tables share: rows of frozen service records with an ``id``, named columns,
and ``sync_rows``, which follows a change row by row instead of resetting the model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex

# Combined once for the models' flags() and data(), which Qt calls for every cell it paints:
# "|" on Qt's flags runs in Python (enum.Flag), a few microseconds each time.
SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = SELECTABLE | Qt.ItemFlag.ItemIsEditable
LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def row_of_id(rows: Sequence[Any], record_id: int) -> int:
    """The row of the record whose ``id`` is ``record_id``, or -1."""
    for i, r in enumerate(rows):
        if r.id == record_id:
            return i
    return -1


class RecordTableModel(QAbstractTableModel):
    """A read-mostly table of records; subclasses set ``COLUMNS`` and implement ``data``."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def records(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        return row_of_id(self._rows, record_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return LEFT_MIDDLE
        return None


def sync_rows(
    model: QAbstractItemModel, rows: list[Any], new: Sequence[Any], changed: Iterable[int] | None = None
) -> None:
    """Bring ``rows`` (the model's own list of records with an ``id``) to ``new`` in place, row
    by row: gone rows are removed, new ones inserted, moved ones moved. Never a reset, so the
    selection, the current cell and open editors of other rows survive a change.

    Then ``dataChanged`` goes out for each row whose record is named in ``changed`` (None: whose
    record differs) and for the rows whose place changed (their number shows). Called by the
    model that owns ``rows``.
    """
    root = QModelIndex()
    wanted = {r.id for r in new}
    renumbered = len(new)
    """Rows from here on changed place."""
    for i in range(len(rows) - 1, -1, -1):
        if rows[i].id not in wanted:
            model.beginRemoveRows(root, i, i)
            del rows[i]
            model.endRemoveRows()
            renumbered = min(renumbered, i)
    named = set(changed) if changed is not None else None
    touched: set[int] = set()
    for i, record in enumerate(new):
        if i >= len(rows) or rows[i].id != record.id:
            j = next((k for k in range(i + 1, len(rows)) if rows[k].id == record.id), -1)
            if j >= 0:
                model.beginMoveRows(root, j, j, root, i)
                rows.insert(i, rows.pop(j))
                model.endMoveRows()
            else:
                model.beginInsertRows(root, i, i)
                rows.insert(i, record)
                model.endInsertRows()
            renumbered = min(renumbered, i)
        if (named is None and rows[i] != record) or (named is not None and record.id in named):
            touched.add(i)
        rows[i] = record
    # A list model has one column (and Qt keeps its columnCount private).
    last_column = 0 if isinstance(model, QAbstractListModel) else max(0, model.columnCount(root) - 1)
    for i in sorted(touched):
        if i < renumbered:
            model.dataChanged.emit(model.index(i, 0), model.index(i, last_column))
    if renumbered < len(rows):
        model.dataChanged.emit(model.index(renumbered, 0), model.index(len(rows) - 1, last_column))
        model.headerDataChanged.emit(Qt.Orientation.Vertical, renumbered, len(rows) - 1)
