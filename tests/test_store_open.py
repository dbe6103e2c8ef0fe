"""Opening a database: checked before anything is written, atomic first creation, private files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from jcs_desktop.store.db import HEAD_REVISION, Database, StoreError

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _rollback_journal_copy(path: Path, revision: str) -> None:
    """A database in rollback-journal mode (as an older tool might leave it) with ``revision``."""
    Database(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("revision", [f"{int(HEAD_REVISION) + 1:04d}", "9999"])
def test_newer_schema_is_refused_with_every_byte_unchanged(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "newer.sqlite3"
    _rollback_journal_copy(path, revision)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="written by a newer version"):
        Database(f"sqlite:///{path}")
    assert path.read_bytes() == before  # the journal mode (bytes 18-19) was not switched to WAL
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize("revision", ["abc123", "0000", "1", "", "head"])
def test_unknown_schema_is_called_unknown_and_left_unchanged(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "unknown.sqlite3"
    _rollback_journal_copy(path, revision)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="unknown schema") as info:
        Database(f"sqlite:///{path}")
    assert "newer version" not in str(info.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"x", b"\x00", b"SQLite format 3\x00", b"not a database, but text\n"])
def test_a_small_file_that_is_not_a_database_is_refused_not_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tiny.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"damaged|not a JCS Desktop database"):
        Database(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    assert Database(f"sqlite:///{path}").current_revision() == HEAD_REVISION


def test_a_file_with_only_an_empty_version_table_is_treated_as_new(tmp_path: Path) -> None:
    """What a first start killed before the schema was written used to leave behind."""
    path = tmp_path / "cut-short.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    database = Database(f"sqlite:///{path}")
    assert database.current_revision() == HEAD_REVISION
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sectors")).scalar() == 7


def test_a_damaged_page_is_found_at_open_and_by_the_full_check(tmp_path: Path) -> None:
    import datetime as dt

    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop

    path = tmp_path / "w.sqlite3"
    services = Services.open(f"sqlite:///{path}")
    create_demo_workshop(services, today=dt.date(2026, 11, 23))
    assert services.db.check() == []
    services.close()
    data = bytearray(path.read_bytes())
    page = 4096
    # Scribble over the b-tree page header of the third page (a table's root).
    data[2 * page : 2 * page + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged") as info:
        Database(f"sqlite:///{path}")
    assert "Restore from backup" in str(info.value)
    assert path.read_bytes() == before


_KILL_AT = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from jcs_desktop.store import db as store_db

    url, kill_at = sys.argv[1], int(sys.argv[2])
    seen = [0]
    make = store_db.migration_engine

    def killing_engine(u):
        engine = make(u)

        @event.listens_for(engine, "before_cursor_execute")
        def count(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith(("CREATE", "INSERT")):
                seen[0] += 1
                if seen[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

        return engine

    store_db.migration_engine = killing_engine
    store_db.Database(url).close()
    print("finished")
    """
)


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_at", [1, 2, 3, 6, 12, 20])
def test_first_start_killed_during_schema_creation_leaves_nothing_half_made(tmp_path: Path, kill_at: int) -> None:
    path = tmp_path / "first.sqlite3"
    url = f"sqlite:///{path}"
    run = subprocess.run([sys.executable, "-c", _KILL_AT, url, str(kill_at)], capture_output=True, text=True)
    assert run.returncode == -9, run.stderr  # killed in the middle, not finished
    if path.exists() and path.stat().st_size:
        with sqlite3.connect(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables in (set(), {"alembic_version"}) or "workshops" in tables
    database = Database(url)
    assert database.current_revision() == HEAD_REVISION
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sectors")).scalar() == 7


@posix_only
def test_data_folder_and_database_files_are_owner_only_whatever_the_umask(tmp_path: Path, monkeypatch) -> None:
    from jcs_desktop.paths import default_database_url
    from jcs_desktop.store import open_database

    data = tmp_path / "data"
    monkeypatch.setenv("JCS_DATA_DIR", str(data))
    old = os.umask(0o000)
    try:
        database = open_database(default_database_url())
        from jcs_desktop.services import Services

        services = Services(database)
        services.workshops.create({"title": "Private"})
        db_path = database.sqlite_path
        assert db_path is not None
        wal = db_path.with_name(db_path.name + "-wal")
        shm = db_path.with_name(db_path.name + "-shm")
        assert wal.exists() and shm.exists()
        assert _mode(data) == 0o700
        assert {_mode(p) for p in (db_path, wal, shm)} == {0o600}
        database.close()
    finally:
        os.umask(old)


@posix_only
def test_existing_world_readable_files_are_made_private_on_open(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("JCS_DATA_DIR", str(data))
    from jcs_desktop.paths import default_database_url

    Database(default_database_url()).close()
    db_path = data / "jcs-desktop.sqlite3"
    os.chmod(data, 0o755)
    os.chmod(db_path, 0o644)
    database = Database(default_database_url())
    assert _mode(data) == 0o700 and _mode(db_path) == 0o600
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            assert _mode(extra) == 0o600
    database.close()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_created_and_usable(url: str) -> None:
    from jcs_desktop.services import Services

    services = Services(Database(url))
    assert services.db.current_revision() == HEAD_REVISION
    services.workshops.create({"title": "In memory"})
    assert [w.title for w in services.workshops.list()] == ["In memory"]


def test_a_path_with_spaces_hash_and_percent_is_checked_and_backed_up(tmp_path: Path) -> None:
    from jcs_desktop.services import Services
    from jcs_desktop.store.backups import BackupManager, list_backups

    path = tmp_path / "my workshops #1" / "w 100%.sqlite3"
    services = Services(Database(f"sqlite:///{path}"))
    services.workshops.create({"title": "Odd path"})
    BackupManager(services.db).backup_now()
    assert services.db.check() == []
    services.close()
    assert [b.workshops for b in list_backups(path)] == [1]
    Database(f"sqlite:///{path}").close()  # the check at open reads the same file
