"""The local store: migrations, backups, refusals, durability, SQLite settings."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from jcs_desktop.store import db as store_db
from jcs_desktop.store.db import HEAD_REVISION, KNOWN_REVISIONS, Database, StoreError

DATA = Path(__file__).parent / "data"

# These open SQLite files of their own (bytes, WAL, backups); they run in the SQLite pass only.
pytestmark = pytest.mark.sqlite_only("the local SQLite store's files; tests/test_postgres.py covers the server")


def test_head_revision_constant_matches_the_migrations_folder() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(store_db.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == HEAD_REVISION
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from jcs_desktop.store.models import Base

    database = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        # Migration 0004 adds these foreign keys with ALTER TABLE ADD COLUMN, which keeps them
        # inside the column's definition: SQLAlchemy reflects them there without their name or
        # ON DELETE, so the comparison sees them as different. SQLite's own list has both.
        in_column = {("actions", "carried_from_action_id"), ("review_points", "workshop_id")}
        for table, column in in_column:
            listed = conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
            assert [(r[2], r[4], r[6]) for r in listed if r[3] == column] == [
                ("actions" if table == "actions" else "workshops", "id", "SET NULL")
            ]
    fks = [d for d in diff if isinstance(d, tuple) and d[0] in ("add_fk", "remove_fk")]
    seen = [(op, fk.table.name, tuple(c.name for c in fk.columns)) for op, fk in fks]
    assert sorted(seen) == sorted((op, t, (c,)) for t, c in in_column for op in ("remove_fk", "add_fk"))
    assert [d for d in diff if d not in fks] == []


def test_new_database_is_created_with_wal_foreign_keys_and_default_sectors(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    database = Database(f"sqlite:///{path}")
    assert path.exists()
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        names = conn.execute(text("SELECT name FROM sectors ORDER BY position")).scalars().all()
    assert names[0] == "NHS" and "Service user or carer" in names and len(names) == 7
    assert database.current_revision() == HEAD_REVISION


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    Database(url).close()
    code = textwrap.dedent(
        f"""
        import sys
        from jcs_desktop.store.db import Database
        Database({url!r}).close()
        print("alembic" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_stored_schema_0001_database_opens_with_its_data(tmp_path: Path) -> None:
    """Every released schema gets a stored database here; opening it must keep the data."""
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", target)
    from jcs_desktop.services import Services

    services = Services(Database(f"sqlite:///{target}"))
    workshops = services.workshops.list()
    assert len(workshops) == 1
    assert workshops[0].participants == 12
    results = services.scores.results(workshops[0].id)
    assert all(d.agreed.total is not None for d in results.drivers)


def test_migrating_an_older_schema_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.sqlite3"
    Database(f"sqlite:///{path}").close()
    # Pretend this build knows a newer schema, so the stored one needs migrating.
    monkeypatch.setattr(store_db, "HEAD_REVISION", "next")
    monkeypatch.setattr(store_db, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "next"))
    calls: list[str] = []
    monkeypatch.setattr(store_db, "upgrade", lambda engine, revision="head": calls.append("upgrade"))
    Database(f"sqlite:///{path}").close()
    backups = list(tmp_path.glob(f"w.schema-{HEAD_REVISION}.*.backup.sqlite3"))
    assert len(backups) == 1 and calls == ["upgrade"]
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)


def test_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Database(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_damaged_file_gives_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="damaged or is not a JCS Desktop database"):
        Database(f"sqlite:///{path}")


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a JCS Desktop database"):
        Database(f"sqlite:///{path}")


@pytest.mark.parametrize("url", ["nonsense://x", "not a url at all"])
def test_bad_url_gives_a_plain_message(url: str) -> None:
    with pytest.raises(StoreError):
        Database(url)


def test_a_score_survives_a_crash_straight_after_it_was_entered(tmp_path: Path) -> None:
    """Each score is its own committed transaction: a process killed right after loses nothing."""
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    code = textwrap.dedent(
        f"""
        import os
        from jcs_desktop.services import Services
        s = Services.open({url!r})
        w = s.workshops.create({{"title": "Crash test"}}).previous
        p = s.participants.add(w.id, {{"display_name": "Ann"}}).previous
        s.scores.set_score(p.id, "building-partnerships.trust", 3)
        os._exit(1)  # no close, no clean shutdown: like a pulled plug for the process
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    from jcs_desktop.services import Services

    services = Services.open(url)
    workshop = services.workshops.list()[0]
    pid = services.participants.list(workshop.id)[0].id
    assert services.scores.get_score(pid, "building-partnerships.trust") == 3


def test_schema_0001_gains_a_distinct_uuid_for_every_workshop_and_participant(tmp_path: Path) -> None:
    """Migration 0002 adds identities in place: no row lost (no cascade), every uuid new and distinct."""
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", target)
    counts = {}
    with sqlite3.connect(target) as conn:
        for table in ("workshops", "participants", "individual_scores", "agreed_scores", "actions"):
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    database = Database(f"sqlite:///{target}")
    assert database.current_revision() == HEAD_REVISION
    assert list(tmp_path.glob("old.schema-0001.*.backup.sqlite3"))
    with database.engine.connect() as conn:
        for table, n in counts.items():
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == n, table
        uuids = [
            *conn.execute(text("SELECT uuid FROM workshops")).scalars(),
            *conn.execute(text("SELECT uuid FROM participants")).scalars(),
        ]
    assert len(uuids) == counts["workshops"] + counts["participants"] == len(set(uuids))
    assert all(len(u) == 32 and int(u, 16) >= 0 for u in uuids)
    database.close()
    # A second copy of the same old file gets identities of its own: unique across databases.
    other = tmp_path / "copy.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", other)
    with Database(f"sqlite:///{other}").engine.connect() as conn:
        assert not set(conn.execute(text("SELECT uuid FROM workshops")).scalars()) & set(uuids)


def test_new_workshops_and_participants_get_a_uuid_and_copies_get_new_ones(tmp_path: Path) -> None:
    from jcs_desktop.services import Services

    services = Services(Database(f"sqlite:///{tmp_path / 'u.sqlite3'}"))
    w = services.workshops.create({"title": "Identity"}).previous
    p = services.participants.add(w.id, {"display_name": "Ann"}).previous
    copy = services.workshops.duplicate_as_follow_up(w.id).previous
    copied = services.participants.list(copy.id)
    assert len(w.uuid) == 32 and len(p.uuid) == 32
    assert copy.uuid != w.uuid and copied[0].uuid != p.uuid and copied[0].display_name == "Ann"
    assert services.workshops.find_by_uuid(w.uuid) == services.workshops.get(w.id)
    assert services.workshops.find_by_uuid("0" * 32) is None


def test_migration_0002_downgrades_in_place_without_losing_rows(tmp_path: Path) -> None:
    """Recreating ``workshops`` (batch mode's default) would cascade-delete everything hanging off it."""
    from alembic import command
    from alembic.config import Config

    target = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", target)
    database = Database(f"sqlite:///{target}")
    cfg = Config()
    cfg.set_main_option("script_location", str(store_db.MIGRATIONS_DIR))
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    database.close()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM participants").fetchone() == (12,)
        assert conn.execute("SELECT count(*) FROM individual_scores").fetchone()[0] > 0
        assert "uuid" not in [r[1] for r in conn.execute("PRAGMA table_info(workshops)")]
    assert Database(f"sqlite:///{target}").current_revision() == HEAD_REVISION
