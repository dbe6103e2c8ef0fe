"""Rotating automatic backups and restoring one (store layer, no Qt)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import pytest

from jcs_desktop.services import Services, StoreError
from jcs_desktop.store.backups import BEFORE_RESTORE, BackupManager, list_backups

T0 = dt.datetime(2026, 12, 1, 9, 0, 0)


class Clock:
    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def manager(services: Services, clock: Clock) -> BackupManager:
    return BackupManager(services.db, clock=clock)


pytestmark = pytest.mark.sqlite_only("backups are copies of the local SQLite file")


def _add(services: Services, title: str) -> int:
    return services.workshops.create({"title": title}).previous.id


def test_a_backup_is_a_complete_private_file_in_the_backups_folder(services, manager) -> None:
    _add(services, "First")
    _add(services, "Second")
    path = manager.backup_now()
    assert path.parent == services.db.sqlite_path.parent / "backups"
    assert not path.with_name(path.name + "-wal").exists()
    with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        titles = {r[0] for r in conn.execute("SELECT title FROM workshops")}
    assert titles == {"First", "Second"}  # the pages still in the WAL are in the copy
    [info] = manager.list_backups()
    assert info.path == path and info.workshops == 2 and info.taken_at == T0 and info.kind == ""
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_at_most_one_backup_every_interval_and_only_after_changes(services, manager, clock) -> None:
    assert manager.maybe_backup() is None  # nothing changed since opening
    _add(services, "One")
    first = manager.maybe_backup()
    assert first is not None  # no backup yet: the first change is backed up at once
    assert manager.maybe_backup() is None  # nothing changed since
    _add(services, "Two")
    clock.advance(minutes=9)
    assert manager.maybe_backup() is None  # changed, but too soon
    clock.advance(minutes=1)
    second = manager.maybe_backup()
    assert second is not None and second != first
    clock.advance(minutes=30)
    assert manager.maybe_backup() is None  # long enough, but nothing changed
    assert [b.workshops for b in manager.list_backups()] == [2, 1]


def test_a_backup_at_close_only_when_something_changed(services, manager, clock) -> None:
    _add(services, "One")
    manager.backup_now()
    clock.advance(minutes=1)
    assert manager.at_close() is None
    _add(services, "Two")
    assert manager.at_close() is not None


def test_rotation_keeps_the_recent_ones_and_one_a_day_for_a_week(services, manager, clock) -> None:
    taken = []
    for day in range(10):
        for hour in (9, 12, 16):
            clock.now = dt.datetime(2026, 11, 20 + day, hour, 0)
            _add(services, f"day {day} {hour}")
            taken.append((clock.now, manager.backup_now()))
    kept = {b.taken_at for b in manager.list_backups()}
    newest_five = {t for t, _ in taken[-5:]}
    today = clock.now.date()
    daily = {
        max(t for t, _ in taken if t.date() == today - dt.timedelta(days=d))
        for d in range(7)
        if any(t.date() == today - dt.timedelta(days=d) for t, _ in taken)
    }
    assert kept == newest_five | daily
    assert len(kept) == 5 + 5  # two of the five newest are also the newest of their day
    # Migration backups beside the database are not part of the rotation.
    assert all(p.parent.name == "backups" for _, p in taken)


def test_restore_brings_back_the_backup_and_keeps_what_was_there(services, manager, clock) -> None:
    _add(services, "Kept")
    backup = manager.backup_now()
    clock.advance(minutes=5)
    _add(services, "Added after the backup")
    safety = manager.restore(backup)
    assert [w.title for w in services.workshops.list()] == ["Kept"]  # the same objects work on
    assert safety is not None and BEFORE_RESTORE in safety.name
    titles = {
        r[0]
        for r in sqlite3.connect(f"file:{safety}?mode=ro&immutable=1", uri=True).execute("SELECT title FROM workshops")
    }
    assert titles == {"Kept", "Added after the backup"}
    services.workshops.create({"title": "After the restore"})
    assert len(services.workshops.list()) == 2
    assert {b.kind for b in manager.list_backups()} == {"", BEFORE_RESTORE}


def test_a_damaged_backup_is_refused_and_nothing_changes(services, manager, tmp_path) -> None:
    _add(services, "Current")
    backup = manager.backup_now()
    data = bytearray(backup.read_bytes())
    data[4096 * 2 : 4096 * 2 + 12] = b"\xff" * 12
    backup.write_bytes(bytes(data))
    db_path = services.db.sqlite_path
    with pytest.raises(StoreError, match="damaged"):
        manager.restore(backup)
    assert [w.title for w in services.workshops.list()] == ["Current"]
    assert db_path.exists()


def test_list_backups_of_a_database_that_cannot_be_opened(tmp_path) -> None:
    """The start-up failure dialog lists backups without opening the database."""
    db_path = tmp_path / "jcs.sqlite3"
    assert list_backups(db_path) == []
    services = Services.open(f"sqlite:///{db_path}")
    _add(services, "Saved")
    BackupManager(services.db).backup_now()
    services.close()
    db_path.write_bytes(b"x")
    [info] = list_backups(db_path)
    assert info.workshops == 1


def test_a_backup_cut_short_leaves_no_debris_for_long(services, manager) -> None:
    _add(services, "One")
    first = manager.backup_now()
    old_part = first.with_name("workshops.20261101-080000.sqlite3.part")
    new_part = first.with_name("workshops.20261201-085959.sqlite3.part")
    for part in (old_part, new_part):
        part.write_bytes(b"half a backup")
    os.utime(old_part, (0, 0))
    removed = manager.prune()
    assert old_part in removed and not old_part.exists()
    assert new_part.exists()  # perhaps another instance writing it right now
    assert [b.path for b in manager.list_backups()] == [first]
