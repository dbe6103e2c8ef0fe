"""The progress counts kept on each workshop row always equal the counts of the rows.

The workshop list reads ``participant_count``, ``scored_count`` and ``agreed_count`` from
the workshop row instead of aggregating every score (migration 0003); every use case
that adds or removes a participant, a score or an agreement moves them in the same
transaction. A random sequence of those use cases must leave them equal to what counting
the rows gives, and the list must show exactly that.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.services import ServiceError, Services
from jcs_desktop.services.scores import ChangedElsewhere
from jcs_desktop.store.db import HEAD_REVISION, Database

DATA = Path(__file__).parent / "data"

COUNTED = """
    SELECT w.id,
        (SELECT count(*) FROM participants p WHERE p.workshop_id = w.id AND p.deleted_at IS NULL),
        (SELECT count(*) FROM participants p JOIN individual_scores s ON s.participant_id = p.id
            WHERE p.workshop_id = w.id AND p.deleted_at IS NULL),
        (SELECT count(*) FROM agreed_scores a WHERE a.workshop_id = w.id)
    FROM workshops w ORDER BY w.id
"""
KEPT = "SELECT id, participant_count, scored_count, agreed_count FROM workshops ORDER BY id"


def counts(services: Services) -> tuple[list[tuple], list[tuple]]:
    with services.db.session() as s:
        return [tuple(r) for r in s.execute(text(KEPT))], [tuple(r) for r in s.execute(text(COUNTED))]


VALUES = st.sampled_from([None, 1, 2, 3, 4, NOT_SURE])
INDEX = st.integers(0, 9)
ELEMENT = st.integers(0, 2)  # few cells, so sequences often write the same cell again
OPS = st.one_of(
    st.tuples(st.just("add"), st.integers(1, 3)),
    st.tuples(st.just("remove"), INDEX),
    st.tuples(st.just("restore"), INDEX),
    st.tuples(st.just("score"), INDEX, ELEMENT, VALUES),
    st.tuples(st.just("undo-score"), INDEX, ELEMENT, VALUES),
    st.tuples(st.just("import"), st.lists(st.tuples(INDEX, ELEMENT, VALUES), min_size=1, max_size=6)),
    st.tuples(st.just("agree"), ELEMENT, st.sampled_from([None, 1, 2, 3, 4])),
    st.tuples(st.just("rationale"), ELEMENT),
    st.tuples(st.just("clear-agreed")),
    st.tuples(st.just("follow-up")),
    st.tuples(st.just("delete-and-restore")),
)


def run(services: Services, workshop_id: int, op: tuple, removed: list[int]) -> None:
    elements = services.framework.element_ids()
    live = [p.id for p in services.participants.list(workshop_id)]
    kind = op[0]
    if kind == "add":
        services.participants.add_many(workshop_id, [{"display_name": f"P{i}"} for i in range(op[1])])
    elif kind == "remove" and live:
        pid = live[op[1] % len(live)]
        services.participants.remove(pid)
        removed.append(pid)
    elif kind == "restore" and removed:
        services.participants.restore(removed.pop(op[1] % len(removed)))
    elif kind == "score" and live:
        services.scores.set_score(live[op[1] % len(live)], elements[op[2]], op[3])
    elif kind == "undo-score" and live:
        pid, element = live[op[1] % len(live)], elements[op[2]]
        current = services.scores.get_score(pid, element)
        services.scores.set_score(pid, element, op[3], expected=current)
        with pytest.raises(ChangedElsewhere):  # the stale undo changes nothing, counts included
            services.scores.set_score(pid, element, None, expected="not what is stored")
    elif kind == "import" and live:
        values: dict[int, dict[str, object]] = {}
        for i, e, v in op[1]:
            values.setdefault(live[i % len(live)], {})[elements[e]] = v
        services.scores.import_scores(workshop_id, values)
    elif kind == "agree":
        services.scores.set_agreed(workshop_id, elements[op[1]], op[2])
    elif kind == "rationale":
        # Refused where nothing is agreed yet, and then nothing changes.
        with contextlib.suppress(ServiceError):
            services.scores.set_agreed(workshop_id, elements[op[1]], rationale="because")
    elif kind == "clear-agreed":
        services.scores.clear_workshop_agreed(workshop_id)
    elif kind == "follow-up":
        services.workshops.duplicate_as_follow_up(workshop_id)
    elif kind == "delete-and-restore":
        services.workshops.delete(workshop_id)
        services.workshops.restore(workshop_id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.integers(1, 3), ops=st.lists(OPS, min_size=1, max_size=30))
def test_kept_counts_equal_the_rows_after_any_sequence_of_use_cases(services, people: int, ops: list[tuple]) -> None:
    workshop_id = services.workshops.create({"title": "Counts"}).previous.id
    run(services, workshop_id, ("add", people), [])
    removed: list[int] = []
    for op in ops:
        run(services, workshop_id, op, removed)
    kept, counted = counts(services)
    assert kept == counted
    listed = {w.id: (w.participants, w.scored, w.agreed) for w in services.workshops.list()}
    for wid, *numbers in counted:
        if wid in listed:
            assert listed[wid] == tuple(numbers)


def test_a_failed_write_moves_no_count(services) -> None:
    """All or nothing: an import refused half-way leaves the counts as the rows are."""
    workshop_id = services.workshops.create({"title": "Refused"}).previous.id
    people = services.participants.add_many(workshop_id, [{"display_name": "A"}, {"display_name": "B"}]).previous
    elements = services.framework.element_ids()
    services.scores.set_score(people[0].id, elements[0], 2)
    with pytest.raises(ServiceError):
        services.scores.import_scores(workshop_id, {people[0].id: {elements[1]: 3}, people[1].id: {elements[2]: 99}})
    with pytest.raises(ServiceError):
        services.scores.import_scores(workshop_id, {people[0].id: {elements[1]: 3}, 999_999: {elements[2]: 1}})
    kept, counted = counts(services)
    assert kept == counted
    assert next(w for w in services.workshops.list() if w.id == workshop_id).scored == 1


@pytest.mark.sqlite_only("a stored SQLite file of the previous schema")
def test_schema_0002_gains_counts_equal_to_its_rows_and_loses_the_redundant_index(tmp_path: Path) -> None:
    """Migration 0003 fills the counts from the rows, drops the index, and loses no row."""
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0002.sqlite3", target)
    tables = ("workshops", "participants", "individual_scores", "agreed_scores", "actions")
    with sqlite3.connect(target) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counted = conn.execute(COUNTED).fetchall()
    conn.close()
    services = Services(Database(f"sqlite:///{target}"))
    try:
        assert services.db.current_revision() == HEAD_REVISION
        assert list(tmp_path.glob("old.schema-0002.*.backup.sqlite3"))
        kept, now_counted = counts(services)
        assert kept == now_counted == [tuple(r) for r in counted]
        # What the list showed at schema 0002 (a removed participant's scores do not count).
        listed = [(w.title, w.participants, w.scored, w.agreed) for w in services.workshops.list()]
        assert listed == [
            ("Older people's commissioning self-assessment", 11, 330, 30),
            ("Second workshop", 3, 18, 1),
        ]
        with services.db.session() as s:
            indexes = set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
            for table, n in before.items():
                assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() == n, table
            assert "ix_individual_scores_participant_id" not in indexes
            # The unique (participant_id, element_id) index still serves lookups by participant.
            query = "EXPLAIN QUERY PLAN SELECT * FROM individual_scores WHERE participant_id = 1"
            plan = " ".join(str(row[-1]) for row in s.execute(text(query)))
        assert "USING INDEX" in plan and "individual_scores" in plan, plan
    finally:
        services.close()
