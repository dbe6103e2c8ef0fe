"""``sync_rows`` follows a change row by row (remove, insert, move), never with a reset, and the
model stays consistent for Qt's model tester at every step."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from jcs_desktop.ui.widgets.record_model import sync_rows


@dataclass(frozen=True)
class Row:
    id: int
    text: str


class Rows(QAbstractTableModel):
    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = list(rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return str(row.id) if index.column() == 0 else row.text

    def sync(self, new: list[Row], changed=None) -> None:
        sync_rows(self, self.rows, new, changed)


def _watch(model: Rows) -> dict[str, list]:
    seen: dict[str, list] = {"reset": [], "changed": [], "inserted": [], "removed": [], "moved": []}
    model.modelReset.connect(lambda: seen["reset"].append(1))
    model.dataChanged.connect(lambda tl, br, *_: seen["changed"].append((tl.row(), br.row())))
    model.rowsInserted.connect(lambda _p, a, b: seen["inserted"].append((a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: seen["removed"].append((a, b)))
    model.rowsMoved.connect(lambda _p, a, _b, _d, to: seen["moved"].append((a, to)))
    return seen


def test_an_edit_names_its_row_only() -> None:
    model = Rows([Row(1, "a"), Row(2, "b"), Row(3, "c")])
    seen = _watch(model)
    model.sync([Row(1, "a"), Row(2, "B"), Row(3, "c")])
    assert seen == {"reset": [], "changed": [(1, 1)], "inserted": [], "removed": [], "moved": []}
    model.sync([Row(1, "a"), Row(2, "B"), Row(3, "c")], changed=[3])  # named, so told even if equal
    assert seen["changed"] == [(1, 1), (2, 2)]


def test_insert_remove_and_move_are_told_as_such_and_renumber_what_follows() -> None:
    model = Rows([Row(1, "a"), Row(2, "b"), Row(3, "c")])
    seen = _watch(model)
    model.sync([Row(1, "a"), Row(4, "d"), Row(2, "b"), Row(3, "c")])
    assert seen["inserted"] == [(1, 1)] and seen["changed"] == [(1, 3)]
    model.sync([Row(4, "d"), Row(2, "b"), Row(3, "c")])
    assert seen["removed"] == [(0, 0)]
    model.sync([Row(3, "c"), Row(4, "d"), Row(2, "b")])
    assert seen["moved"] == [(2, 0)]
    assert model.rows == [Row(3, "c"), Row(4, "d"), Row(2, "b")]
    assert seen["reset"] == []


def test_random_changes_keep_the_model_consistent(qtmodeltester) -> None:
    rng = random.Random(11)
    model = Rows([Row(i, f"r{i}") for i in range(6)])
    qtmodeltester.check(model, force_py=True)  # stays connected: every later signal is checked too
    next_id = 6
    for _ in range(200):
        rows = list(model.rows)
        for _ in range(rng.randint(1, 3)):
            what = rng.choice(["insert", "remove", "move", "edit"])
            if what == "insert" or not rows:
                rows.insert(rng.randint(0, len(rows)), Row(next_id, f"r{next_id}"))
                next_id += 1
            elif what == "remove":
                rows.pop(rng.randrange(len(rows)))
            elif what == "move":
                rows.insert(rng.randint(0, len(rows) - 1), rows.pop(rng.randrange(len(rows))))
            else:
                i = rng.randrange(len(rows))
                rows[i] = Row(rows[i].id, rows[i].text + "!")
        model.sync(rows)
        assert model.rows == rows
