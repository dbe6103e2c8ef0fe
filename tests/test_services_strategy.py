"""The Commissioning Map as a tracker: migration 0005 and ``StrategyService``.

Per workshop and feature of the map (by its stable id), a status (not started / in progress /
done), a date and a note; each write one transaction with a ``Changes`` record and the
previous record for undo.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from jcs_desktop.content.strategy import load_commissioning_map
from jcs_desktop.services import NotFound, ServiceError
from jcs_desktop.services.changes import MAP, Changes
from jcs_desktop.services.dto import MAP_STATUSES, MapFeatureStatusRecord
from jcs_desktop.services.strategy import StrategyService
from jcs_desktop.store import db as store_db
from jcs_desktop.store.db import HEAD_REVISION, Database
from jcs_desktop.store.models import MAP_STATUSES as STORED_STATUSES
from jcs_desktop.store.models import MapFeatureStatus, Workshop

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 12, 4)


@pytest.fixture
def strategy(services) -> StrategyService:
    return StrategyService(services.db, services.framework)


@pytest.fixture
def workshop_id(services) -> int:
    return services.workshops.create({"title": "Spring workshop", "partnership": "Northbridge"}).previous.id


def _rows(services, workshop_id: int) -> int:
    with services.db.session() as s:
        return s.scalar(
            select(func.count()).select_from(MapFeatureStatus).where(MapFeatureStatus.workshop_id == workshop_id)
        )


# --------------------------------------------------------------------------------------------------
# Migration 0005


def test_the_statuses_agree_everywhere() -> None:
    assert MAP_STATUSES == STORED_STATUSES == ("not-started", "in-progress", "done")


@pytest.mark.sqlite_only("a stored SQLite file of an earlier schema")
def test_an_earlier_database_gains_the_empty_tracker_and_keeps_its_rows(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0003.sqlite3", target)
    with sqlite3.connect(target) as conn:
        before = conn.execute("SELECT * FROM workshops ORDER BY id").fetchall()
    database = Database(f"sqlite:///{target}")
    assert database.current_revision() == HEAD_REVISION == "0006"
    database.close()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM map_feature_statuses").fetchone() == (0,)
        now = conn.execute("SELECT * FROM workshops ORDER BY id").fetchall()
        assert [r[: len(before[0])] for r in now] == before
        keys = conn.execute("PRAGMA foreign_key_list(map_feature_statuses)").fetchall()
        assert [(r[2], r[3], r[4], r[6]) for r in keys] == [("workshops", "workshop_id", "id", "CASCADE")]
        conn.execute("PRAGMA foreign_keys = ON")
        workshop = before[0][0]
        conn.execute(
            "INSERT INTO map_feature_statuses (workshop_id, feature_id, status, note, updated_at)"
            " VALUES (?, 'do-a', 'done', '', '2026-12-04')",
            (workshop,),
        )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO map_feature_statuses (workshop_id, feature_id, status, note, updated_at)"
                " VALUES (?, 'do-b', 'finished', '', '2026-12-04')",
                (workshop,),
            )
        with pytest.raises(sqlite3.IntegrityError):  # one row per workshop and feature
            conn.execute(
                "INSERT INTO map_feature_statuses (workshop_id, feature_id, status, note, updated_at)"
                " VALUES (?, 'do-a', 'in-progress', '', '2026-12-04')",
                (workshop,),
            )


@pytest.mark.sqlite_only("downgrades a SQLite file in place")
def test_migration_0005_downgrades_leaving_every_other_row(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0003.sqlite3", target)
    database = Database(f"sqlite:///{target}")
    with sqlite3.connect(target) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("workshops", "individual_scores")}
    cfg = Config()
    cfg.set_main_option("script_location", str(store_db.MIGRATIONS_DIR))
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    database.close()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'map_feature_statuses'").fetchall() == []
        assert {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in counts} == counts
    assert Database(f"sqlite:///{target}").current_revision() == HEAD_REVISION


# --------------------------------------------------------------------------------------------------
# Reading the tracker


def test_every_feature_of_the_map_reads_as_not_started_at_first(strategy, workshop_id) -> None:
    status = strategy.map_status(workshop_id)
    assert list(status) == load_commissioning_map().feature_ids()
    assert len(status) == 17
    assert all(
        r == MapFeatureStatusRecord(workshop_id=workshop_id, feature_id=f) and r.is_default for f, r in status.items()
    )


def test_reading_an_unknown_or_removed_workshop_is_not_found(services, strategy, workshop_id) -> None:
    with pytest.raises(NotFound):
        strategy.map_status(10**6)
    services.workshops.delete(workshop_id)
    with pytest.raises(NotFound):
        strategy.map_status(workshop_id)


# --------------------------------------------------------------------------------------------------
# Writing it


def test_setting_a_feature_names_it_with_its_record_and_keeps_the_previous(services, strategy, workshop_id) -> None:
    changes = strategy.set_map_feature(workshop_id, "do-a", "in-progress", DAY, "  First Catalyst session held  ")
    record = MapFeatureStatusRecord(
        workshop_id=workshop_id, feature_id="do-a", status="in-progress", date=DAY, note="First Catalyst session held"
    )
    assert changes.workshop_id == workshop_id
    assert dict(changes.map_features) == {"do-a": record}
    assert changes.previous == MapFeatureStatusRecord(workshop_id=workshop_id, feature_id="do-a")
    assert changes.kinds() == {MAP} and changes.touches(MAP) and not changes.touches("scores")
    assert strategy.map_status(workshop_id)["do-a"] == record
    assert _rows(services, workshop_id) == 1

    done = strategy.set_map_feature(workshop_id, "do-a", "done", DAY + dt.timedelta(days=30), "")
    assert done.previous == record
    assert done.map_features["do-a"].status == "done"
    assert done.map_features["do-a"].note == ""
    assert _rows(services, workshop_id) == 1


def test_the_same_values_again_name_nothing(strategy, workshop_id) -> None:
    first = strategy.set_map_feature(workshop_id, "plan-b", "done", None, "Policies agreed")
    again = strategy.set_map_feature(workshop_id, "plan-b", "done", None, "Policies agreed")
    assert again.is_empty
    assert again.previous == first.map_features["plan-b"]


def test_undo_puts_the_previous_record_back_and_leaves_no_row_for_nothing_recorded(
    services, strategy, workshop_id
) -> None:
    first = strategy.set_map_feature(workshop_id, "review-d", "in-progress", DAY, "Trajectories drafted")
    second = strategy.set_map_feature(workshop_id, "review-d", "done", DAY, "Outcomes reported to the board")
    undone = strategy.restore_map_feature(second.previous)
    assert undone.previous is None
    assert dict(undone.map_features) == {"review-d": first.map_features["review-d"]}
    assert strategy.map_status(workshop_id)["review-d"] == first.map_features["review-d"]
    undone = strategy.restore_map_feature(first.previous)
    assert undone.map_features["review-d"].is_default
    assert strategy.map_status(workshop_id)["review-d"].is_default
    assert _rows(services, workshop_id) == 0


def test_each_write_is_one_transaction_and_stamps_the_workshop(services, strategy, workshop_id, transactions) -> None:
    with services.db.session() as s:
        before = s.get(Workshop, workshop_id).updated_at
    transactions.take()
    strategy.set_map_feature(workshop_id, "analyse-a", "in-progress", DAY, "Issues paper drafted")
    strategy.set_map_feature(workshop_id, "analyse-a", "not-started", None, "")
    assert transactions.take() == (2, 0)
    with services.db.session() as s:
        assert s.get(Workshop, workshop_id).updated_at > before


def test_workshops_keep_their_own_tracker(services, strategy, workshop_id) -> None:
    other = services.workshops.create({"title": "Autumn workshop"}).previous.id
    strategy.set_map_feature(workshop_id, "do-a", "done", DAY, "")
    assert strategy.map_status(other)["do-a"].is_default
    assert strategy.map_status(workshop_id)["do-a"].status == "done"


def test_the_rows_go_with_their_workshop(services, strategy, workshop_id) -> None:
    strategy.set_map_feature(workshop_id, "do-a", "done", DAY, "")
    with services.db.session() as s:
        s.execute(text("DELETE FROM workshops WHERE id = :id"), {"id": workshop_id})
    assert _rows(services, workshop_id) == 0


@pytest.mark.parametrize(
    ("feature_id", "status", "date", "note", "message"),
    [
        ("do-z", "done", None, "", "unknown feature of the Commissioning Map 'do-z'"),
        ("", "done", None, "", "unknown feature"),
        ("do-a", "finished", None, "", "status: Input should be 'not-started', 'in-progress' or 'done'"),
        ("do-a", "Done", None, "", "status"),
        ("do-a", "done", "the fourth of December", "", "date"),
        ("do-a", "done", dt.datetime(2026, 12, 4, 10, 30), "", "a date without a time"),
        ("do-a", "done", None, None, "note"),
        ("do-a", "done", None, "x" * 20_001, "note"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    services, strategy, workshop_id, feature_id, status, date, note, message
) -> None:
    with pytest.raises(ServiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        strategy.set_map_feature(workshop_id, feature_id, status, date, note)
    assert _rows(services, workshop_id) == 0


def test_an_unknown_or_removed_workshop_is_not_found(services, strategy, workshop_id) -> None:
    with pytest.raises(NotFound):
        strategy.set_map_feature(10**6, "do-a", "done", None, "")
    services.workshops.delete(workshop_id)
    with pytest.raises(NotFound):
        strategy.set_map_feature(workshop_id, "do-a", "done", None, "")


def test_map_feature_changes_combine_like_the_others(strategy, workshop_id) -> None:
    a = strategy.set_map_feature(workshop_id, "do-a", "in-progress", None, "")
    b = strategy.set_map_feature(workshop_id, "do-b", "done", None, "")
    c = strategy.set_map_feature(workshop_id, "do-a", "done", None, "")
    combined = a | b | c
    assert set(combined.map_features) == {"do-a", "do-b"}
    assert combined.map_features["do-a"].status == "done"
    assert Changes.merged([a, b, c]) == combined


def test_a_given_map_is_used_instead_of_the_bundled_one(services, workshop_id) -> None:
    commissioning_map = load_commissioning_map()
    service = StrategyService(services.db, services.framework, commissioning_map)
    assert service.commissioning_map is commissioning_map
    assert list(service.map_status(workshop_id)) == commissioning_map.feature_ids()


def test_the_services_offer_the_tracker_made_on_first_use(services, workshop_id) -> None:
    assert "strategy" not in vars(services)  # not made with the others
    assert isinstance(services.strategy, StrategyService)
    assert services.strategy is services.strategy
    assert services.strategy.map_status(workshop_id)["do-a"].is_default


def test_loading_the_services_loads_nothing_of_the_commissioning_documents(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    code = (
        "import sys; from jcs_desktop.services import Services; "
        f"s = Services.open({url!r}); s.workshops.list(); s.close(); "
        "print([m for m in ('jcs_desktop.content.strategy', 'jcs_desktop.services.strategy') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr
