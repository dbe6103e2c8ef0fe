"""Migration 0004 (reviews with a status, carried-forward actions, benchmark exclusion) on a
stored database of schema 0003: every row kept, the new columns at their defaults, and the
new use cases working on the migrated file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from jcs_desktop.services import Services
from jcs_desktop.store.db import HEAD_REVISION, Database

DATA = Path(__file__).parent / "data"

TABLES = (
    "workshops",
    "participants",
    "individual_scores",
    "agreed_scores",
    "driver_plans",
    "actions",
    "action_steps",
    "action_links",
    "review_points",
    "sectors",
)


@pytest.mark.sqlite_only("a stored SQLite file of the previous schema")
def test_schema_0003_keeps_every_row_and_gains_the_new_columns_at_their_defaults(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0003.sqlite3", target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    conn.close()
    # What the file holds (made with the code at schema 0003): the demo workshop and its follow-up.
    assert {t: len(rows) for t, rows in before.items()} == {
        "workshops": 2,
        "participants": 24,
        "individual_scores": 378,
        "agreed_scores": 31,
        "driver_plans": 3,
        "actions": 4,
        "action_steps": 10,
        "action_links": 4,
        "review_points": 5,
        "sectors": 7,
    }
    services = Services(Database(f"sqlite:///{target}"))
    try:
        assert services.db.current_revision() == HEAD_REVISION == "0006"
        assert list(tmp_path.glob("old.schema-0003.*.backup.sqlite3"))
        with services.db.session() as s:
            for table, rows in before.items():
                now = [tuple(r) for r in s.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
                # The old columns hold what they held; new ones come after them.
                assert [r[: len(rows[0])] for r in now] == rows, table
            new = {
                "review_points": "SELECT status, workshop_id FROM review_points",
                "actions": "SELECT carried_from_action_id FROM actions",
                "workshops": "SELECT exclude_from_benchmarks FROM workshops",
            }
            found = {t: {tuple(r) for r in s.execute(text(q))} for t, q in new.items()}
        assert found == {"review_points": {(None, None)}, "actions": {(None,)}, "workshops": {(0,)}}

        first, second = sorted(w.id for w in services.workshops.list())
        assert services.workshops.get(first).exclude_from_benchmarks is False
        # The demo's three actions are last time's commitments of its follow-up, none reviewed yet.
        found_now = services.planning.commitments(second)
        assert [(c.action.workshop_id, c.status, c.carried_forward_id) for c in found_now] == [(first, None, None)] * 3
        action = found_now[0].action
        points = len(action.review_points)
        reviewed = services.planning.review_action(action.id, second, "partly", "Half of it")
        assert [p.status for p in reviewed.actions[action.id].review_points] == [None] * points + ["partly"]
        copy = services.planning.carry_forward(action.id, second).previous
        assert [a.id for a in services.planning.action_history(copy.id)] == [action.id, copy.id]
    finally:
        services.close()
