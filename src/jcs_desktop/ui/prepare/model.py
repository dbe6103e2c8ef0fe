"""The participants table: who is in the room and how far each has got with scoring."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt

from jcs_desktop.services.dto import ParticipantRecord
from jcs_desktop.ui.widgets.delegates import FRACTION_ROLE, ID_ROLE
from jcs_desktop.ui.widgets.record_model import SELECTABLE, Index, RecordTableModel, sync_rows


class ParticipantTableModel(RecordTableModel):
    COLUMNS: tuple[str, ...] = ("Name", "Organisation", "Sector", "Role", "Scored")
    NAME, ORGANISATION, SECTOR, ROLE, SCORED = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._scored: dict[int, int] = {}
        self.expected = 0

    def set_rows(self, rows: Sequence[ParticipantRecord], scored: Mapping[int, int], expected: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._scored = dict(scored)
        self.expected = expected
        self.endResetModel()

    def update(
        self,
        rows: Sequence[ParticipantRecord],
        scored: Mapping[int, int],
        changed: Iterable[int] = (),
        progressed: Iterable[int] = (),
    ) -> None:
        """Follow a change row by row: the participants ``changed`` (added, edited, removed) and
        the completion cell of those who ``progressed`` (scored or cleared a score)."""
        self._scored = dict(scored)
        changed = set(changed)
        sync_rows(self, self._rows, rows, changed)
        for pid in set(progressed) - changed:
            row = self.row_of(pid)
            if row >= 0:
                index = self.index(row, self.SCORED)
                self.dataChanged.emit(
                    index, index, [Qt.ItemDataRole.DisplayRole, FRACTION_ROLE, Qt.ItemDataRole.ToolTipRole]
                )

    def scored(self, participant_id: int) -> int:
        return self._scored.get(participant_id, 0)

    # -- Qt model API -------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return SELECTABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        done = self._scored.get(r.id, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case self.NAME:
                    return r.display_name
                case self.ORGANISATION:
                    return r.organisation
                case self.SECTOR:
                    return r.sector
                case self.ROLE:
                    return r.role
                case self.SCORED:
                    return f"{done}/{self.expected}"
            return None
        if role == ID_ROLE:
            return r.id
        if role == FRACTION_ROLE and col == self.SCORED:
            return done / self.expected if self.expected else 0.0
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.SCORED:
                left = self.expected - done
                return f"{r.display_name} has scored {done} of {self.expected} elements" + (
                    f" ({left} to go)" if left else " (complete)"
                )
            if col == self.NAME:
                return f"{r.display_name} — Enter or F2 to edit"
            return self.data(index) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == self.SCORED:
                return f"Scored {done} of {self.expected}"
            return f"{self.COLUMNS[col]}: {self.data(index)}"
        return None
