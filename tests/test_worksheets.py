"""Strategic Commissioning Template worksheets: pre-filled from the workshop, linked, undoable."""

from __future__ import annotations

import datetime as dt

import pytest

from jcs_desktop.services import ServiceError
from jcs_desktop.services.worksheets import OPTIONS_TABLE, answer_state, row_state

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(services):
    from jcs_desktop.services.demo import create_demo_workshop

    return create_demo_workshop(services, today=TODAY).previous


def _band(driver, total: int) -> int:
    return max(i for i, (low, _high) in enumerate(driver.thresholds, start=1) if total >= low)


def test_a_new_worksheet_is_pre_filled_from_the_workshop(services, demo):
    fw = services.framework
    changes = services.worksheets.create_worksheet(demo, "Better market intelligence")
    ws = changes.worksheets[changes.previous]
    assert ws.objective == "Better market intelligence"
    assert ws.answer("q-1-1").text == "Better market intelligence"
    agreed = {e: r.level for e, r in services.scores.agreed_for_workshop(demo).items()}
    plans = services.planning.driver_plans(demo)
    names = [lv.name for lv in fw.levels]
    # 1.2: each driver's agreed total and band (worked out here from the agreed levels), and its target.
    lines = ws.answer("q-1-2").text.splitlines()
    for line, driver in zip(lines, fw.drivers, strict=True):
        total = sum(agreed[e.id] for e in driver.elements)
        band = _band(driver, total)
        assert line.startswith(f"{driver.title}: agreed total {total}, level {band} {names[band - 1]}")
        target = plans[driver.id].target_level
        assert (f"target level {target}" in line) == (target is not None)
    # 2.4: the drivers chosen for the detailed assessment, in order, with their improvement targets.
    chosen = sorted((p for p in plans.values() if p.priority is not None), key=lambda p: p.priority)
    assert ws.answer("q-2-4-needs").text.splitlines() == [
        f"{i}. {fw.driver(p.driver_id).title}: {p.improvement_target}" for i, p in enumerate(chosen, start=1)
    ]
    # 3.1: the distance to the next band, as the driver's own bands give it.
    first = fw.drivers[0]
    total = sum(agreed[e.id] for e in first.elements)
    band = _band(first, total)
    gap = first.thresholds[band][0] - total
    assert ws.answer("q-3-1").text.splitlines()[0].startswith(f"{first.title}: {gap} point")
    # A workshop that follows none has no "progress in the past year" to give.
    assert "q-1-5" not in ws.answers
    assert all(
        answer_state(ws.answer(q), services.worksheets.prefill(demo).get(q)) == "linked" for q in ("q-1-2", "q-3-1")
    )


def test_a_follow_up_fills_in_its_progress_since_last_time(services):
    from jcs_desktop.services.demo import create_demo_series

    ids = create_demo_series(services, 2, today=TODAY).previous
    ws = services.worksheets.create_worksheet(ids[1], "Objective").worksheets
    text = next(iter(ws.values())).answer("q-1-5").text
    assert text.startswith("Since ") and "2025" in text
    assert len(text.splitlines()) == 1 + len(services.framework.drivers)


def test_answers_follow_the_workshop_or_say_they_diverged(services, demo):
    svc = services.worksheets
    wid = svc.create_worksheet(demo, "Objective").previous
    first = services.framework.drivers[0].elements[0]
    before = services.scores.get_agreed(demo, first.id).level
    services.scores.set_agreed(demo, first.id, 4 if before != 4 else 1)
    ws = svc.worksheet(wid)
    assert answer_state(ws.answer("q-1-2"), svc.prefill(demo)["q-1-2"]) == "results changed"
    changes = svc.take_prefill(wid, "q-1-2")
    assert answer_state(changes.worksheets[wid].answer("q-1-2"), svc.prefill(demo)["q-1-2"]) == "linked"
    edited = svc.set_answer(wid, "q-3-1", text="Our own reading of the gap")
    assert answer_state(edited.worksheets[wid].answer("q-3-1"), svc.prefill(demo)["q-3-1"]) == "edited"
    # Undo puts the answer back as it was, pre-fill and all.
    svc.restore_answer(wid, "q-3-1", edited.previous)
    assert svc.worksheet(wid).answer("q-3-1") == edited.previous


def test_rag_statuses_tables_and_options(services, demo):
    svc = services.worksheets
    wid = svc.create_worksheet(demo, "Objective", prefill=False).previous
    assert svc.worksheet(wid).answers.keys() == {"q-1-1"}
    changes = svc.set_answer(wid, "q-1-9-a", rag="amber", text="Little change at district level")
    assert changes.worksheets[wid].answer("q-1-9-a").rag == "amber" and changes.previous is None
    with pytest.raises(ServiceError, match="one of green, amber, red"):
        svc.set_answer(wid, "q-1-9-b", rag="purple")
    with pytest.raises(ServiceError, match="takes no RED/AMBER/GREEN"):
        svc.set_answer(wid, "q-1-1", rag="red")
    with pytest.raises(ServiceError, match="unknown question"):
        svc.set_answer(wid, "q-9-9", text="x")
    # Table 3.2, a row with two of its seven columns.
    columns = svc.columns("table-3-2")
    assert len(columns) == 7
    row = svc.add_row(wid, "table-3-2", {columns[0]: "Extra care housing", columns[1]: "Council"})
    assert svc.worksheet(wid).table("table-3-2")[0].cells == {columns[0]: "Extra care housing", columns[1]: "Council"}
    with pytest.raises(ServiceError, match="unknown column"):
        svc.update_row(row.previous, {"nonsense": "x"})
    # Options A, B… each tagged, with their evidence, resources and risks (4.2-4.4).
    option = svc.add_row(
        wid, OPTIONS_TABLE, {"option": "Commission more extra care", "q-4-2": "Waiting lists"}, option_tag="do-more"
    )
    with pytest.raises(ServiceError, match="option tag"):
        svc.update_row(option.previous, option_tag="do-sideways")
    changes = svc.update_row(option.previous, {"q-4-4": "Provider capacity"}, option_tag="do-new")
    record = changes.worksheets[wid].table(OPTIONS_TABLE)[0]
    assert (record.option_tag, record.cells["q-4-4"], record.cells["q-4-2"]) == (
        "do-new",
        "Provider capacity",
        "Waiting lists",
    )
    svc.restore_row(changes.previous)
    assert svc.worksheet(wid).table(OPTIONS_TABLE)[0].option_tag == "do-more"
    svc.delete_row(option.previous)
    assert svc.worksheet(wid).table(OPTIONS_TABLE) == []
    svc.restore_deleted_row(option.previous)
    assert len(svc.worksheet(wid).table(OPTIONS_TABLE)) == 1


def test_action_plan_rows_are_linked_and_flag_divergence(services, demo):
    svc = services.worksheets
    wid = svc.create_worksheet(demo, "Objective").previous
    table = svc.action_tables[0]
    action = services.planning.actions(demo)[0]
    row_id = svc.add_row(wid, table, action_id=action.id).previous
    row = next(r for r in svc.worksheet(wid).rows if r.id == row_id)
    assert row.cells["action"].startswith(action.achieve) and row.action_id == action.id
    assert row.cells["lead-support-partner"].startswith(f"Lead: {action.lead}")
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "linked"}
    # An edit in the action plan shows here while the row is not edited here.
    services.planning.update_action(action.id, achieve="A market position statement, agreed by all")
    assert svc.worksheet(wid).rows[0].cells["action"].startswith("A market position statement, agreed by all")
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "linked"}
    # An edit here is flagged, not lost, and builds on what the row showed; both sides changed says so too.
    svc.update_row(row_id, {"targets": "Two providers use it"})
    row = svc.worksheet(wid).rows[0]
    assert row.cells["targets"] == "Two providers use it" and row.cells["action"].startswith("A market position")
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "edited here"}
    services.planning.update_action(action.id, lead="Someone else")
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "both changed"}
    assert "Someone else" not in svc.worksheet(wid).rows[0].cells["lead-support-partner"]
    taken = svc.take_action(row_id)
    assert "Someone else" in taken.worksheets[wid].rows[0].cells["lead-support-partner"]
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "linked"}
    svc.restore_row(taken.previous)
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "both changed"}
    services.planning.delete_action(action.id)
    assert svc.row_states(svc.worksheet(wid)) == {row_id: "action removed"}
    assert row_state(svc.worksheet(wid).rows[0], None) == "action removed"
    other = services.workshops.create({"title": "Elsewhere"}).previous.id
    foreign = services.planning.create_action(other, {"achieve": "Not ours"}).previous
    with pytest.raises(ServiceError, match="its own workshop"):
        svc.add_row(wid, table, action_id=foreign.id)
    with pytest.raises(ServiceError, match="step-5 action tables"):
        svc.add_row(wid, "table-3-2", action_id=services.planning.actions(demo)[0].id)


def test_worksheets_per_objective_removed_and_restored(services, demo):
    svc = services.worksheets
    a = svc.create_worksheet(demo, "First objective").previous
    b = svc.create_worksheet(demo, "Second objective").previous
    assert [w.objective for w in svc.worksheets(demo)] == ["First objective", "Second objective"]
    svc.set_answer(a, "q-2-1", text="Root causes")
    changes = svc.delete_worksheet(a)
    assert changes.worksheets == {a: None}
    assert [w.id for w in svc.worksheets(demo)] == [b]
    svc.restore_worksheet(a)
    assert svc.worksheet(a).answer("q-2-1").text == "Root causes"
    renamed = svc.rename_worksheet(b, "Renamed")
    assert renamed.previous == "Second objective" and svc.worksheet(b).objective == "Renamed"
    with pytest.raises(ServiceError):
        svc.rename_worksheet(b, "x" * 300)


@pytest.mark.sqlite_only("downgrades a SQLite file in place")
def test_migration_0006_adds_the_worksheet_tables_and_downgrades_in_place(tmp_path):
    import shutil
    import sqlite3
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    from jcs_desktop.store import db as store_db
    from jcs_desktop.store.db import Database
    from jcs_desktop.store.revisions import HEAD_REVISION

    target = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parent / "data" / "schema-0003.sqlite3", target)
    tables = ("strategy_worksheets", "strategy_answers", "strategy_rows")
    database = Database(f"sqlite:///{target}")  # migrates to the head on open
    assert database.current_revision() == HEAD_REVISION == "0006"
    with sqlite3.connect(target) as conn:
        found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("workshops", "actions")}
    assert set(tables) <= found
    cfg = Config()
    cfg.set_main_option("script_location", str(store_db.MIGRATIONS_DIR))
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    database.close()
    with sqlite3.connect(target) as conn:
        found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not set(tables) & found
        assert {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in counts} == counts
