"""Rotating automatic backups of a SQLite store, and restoring one (after Anki and LibreOffice).

Backups live in ``backups/`` beside the database, named ``<stem>.<YYYYmmdd-HHMMSS>.sqlite3``
(``…before-restore.sqlite3`` for the copy taken before a restore). Each is a complete,
owner-only SQLite file made with SQLite's online backup, so it can be taken while the
application is writing. The schema-migration backups beside the database are separate
and never touched here. No Qt: the GUI decides when to call ``maybe_backup``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jcs_desktop.paths import make_private, private_dir
from jcs_desktop.store.db import SQLITE_HEADER, Database, StoreError, inspect_sqlite_file, sqlite_backup, sqlite_uri

BACKUP_FOLDER = "backups"
BEFORE_RESTORE = "before-restore"
_STAMP = "%Y%m%d-%H%M%S"
STALE_PART_SECONDS = 3600
"""A .part file this old is no backup in progress (another instance's), just debris."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    """Local time the backup was taken (from its name)."""
    workshops: int | None
    """Workshops it holds (not counting deleted ones); None if it cannot be read."""
    kind: str = ""
    """"" for an automatic backup, "before-restore" for the copy taken before a restore."""


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}\.(\d{{8}}-\d{{6}})(?:-(\d+))?(?:\.([a-z-]+))?\.sqlite3$")


def _parsed(db_path: Path) -> list[tuple[dt.datetime, str, Path]]:
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path.stem)
    found = []
    for path in folder.iterdir():
        m = pattern.match(path.name)
        if m is None:
            continue
        try:
            taken = dt.datetime.strptime(m.group(1), _STAMP)
        except ValueError:
            continue
        found.append((taken, int(m.group(2) or 0), m.group(3) or "", path))
    # Newest first; several in one second are numbered in the order they were taken.
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [(taken, kind, path) for taken, _n, kind, path in found]


def workshop_count(path: Path) -> int | None:
    """How many workshops a backup holds, read without writing to it (or None)."""
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("SELECT count(*) FROM workshops WHERE deleted_at IS NULL").fetchone()[0])
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of the database at ``db_path``, newest first."""
    return [BackupInfo(path, taken, workshop_count(path), kind) for taken, kind, path in _parsed(db_path)]


def _new_backup_path(db_path: Path, when: dt.datetime, kind: str = "") -> Path:
    folder = private_dir(backup_folder(db_path))
    stamp = when.strftime(_STAMP)
    tail = f".{kind}" if kind else ""
    path = folder / f"{db_path.stem}.{stamp}{tail}.sqlite3"
    n = 1
    while path.exists():
        path = folder / f"{db_path.stem}.{stamp}-{n}{tail}.sqlite3"
        n += 1
    return path


def take_backup(db_path: Path, when: dt.datetime, kind: str = "") -> Path:
    """A backup of ``db_path`` now; a damaged file is copied byte for byte instead."""
    target = _new_backup_path(db_path, when, kind)
    with db_path.open("rb") as f:
        is_sqlite = f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    try:
        if not is_sqlite:  # SQLite would read it as an empty database and keep nothing
            raise sqlite3.DatabaseError("not a SQLite file")
        return sqlite_backup(db_path, target)
    except sqlite3.DatabaseError:
        # The online backup refuses some damaged files; the raw bytes are still worth keeping.
        shutil.copyfile(db_path, target)
        make_private(target)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
            make_private(target.with_name(target.name + "-wal"))
        return target


def restore_file(db_path: Path, backup: Path, *, when: dt.datetime | None = None) -> Path | None:
    """Put ``backup`` in place of the (closed) database at ``db_path``; return the safety copy.

    The backup is checked first (it must be a sound JCS Desktop database this version can
    open), and the current file is backed up before it is replaced, so nothing is lost.
    """
    where = str(backup)
    if not backup.is_file():
        raise StoreError(f"The backup {where} no longer exists.")
    if inspect_sqlite_file(backup, where) is None:
        raise StoreError(f"The backup {where} holds no workshops database; nothing was changed.")
    when = when or dt.datetime.now()
    safety = None
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            safety = take_backup(db_path, when, BEFORE_RESTORE)
        except OSError as exc:
            raise StoreError(
                f"Cannot back up {db_path} before restoring: {exc.strerror}; nothing was changed."
            ) from None
    incoming = db_path.with_name(db_path.name + ".restoring")
    try:
        sqlite_backup(backup, incoming)
    except (OSError, sqlite3.Error) as exc:
        incoming.unlink(missing_ok=True)
        raise StoreError(f"Cannot restore {where}: {exc}; nothing was changed.") from None
    # The old WAL must go first: its pages would otherwise be applied to the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    incoming.replace(db_path)
    return safety


class BackupManager:
    """When to take automatic backups of one open database, and which to keep.

    At most one every ``interval`` while there are changes, one at close, and of the
    older ones the newest ``keep_recent`` plus the newest of each of the last
    ``keep_days`` days. Changes are seen in the database and WAL files themselves, so
    writes by any process count.
    """

    def __init__(
        self,
        db: Database,
        *,
        interval: dt.timedelta = dt.timedelta(minutes=10),
        keep_recent: int = 5,
        keep_days: int = 7,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        if db.sqlite_path is None:
            raise StoreError("Automatic backups are made only for SQLite files.")
        self.db = db
        self.db_path: Path = db.sqlite_path
        self.interval = interval
        self.keep_recent = keep_recent
        self.keep_days = keep_days
        self.clock = clock
        self._baseline = self._signature()

    @property
    def folder(self) -> Path:
        return backup_folder(self.db_path)

    def _signature(self) -> tuple[int, ...]:
        parts: list[int] = []
        for path in (self.db_path, self.db_path.with_name(self.db_path.name + "-wal")):
            try:
                st = path.stat()
            except FileNotFoundError:
                st = None
            # An empty WAL is what merely opening the database creates: not a change.
            parts += [st.st_mtime_ns, st.st_size] if st is not None and st.st_size else [0, 0]
        return tuple(parts)

    def changed(self) -> bool:
        """Whether the database changed since the last backup (or since it was opened)."""
        return self._signature() != self._baseline

    def last_backup_time(self) -> dt.datetime | None:
        found = _parsed(self.db_path)
        return found[0][0] if found else None

    def due(self) -> bool:
        if not self.changed():
            return False
        last = self.last_backup_time()
        return last is None or self.clock() - last >= self.interval

    def maybe_backup(self) -> Path | None:
        """Take a backup if one is due (the GUI calls this every minute or so)."""
        return self.backup_now() if self.due() else None

    def at_close(self) -> Path | None:
        """The backup taken when the application closes, if anything changed."""
        if self.changed() or self.last_backup_time() is None:
            return self.backup_now()
        return None

    def backup_now(self, kind: str = "") -> Path:
        try:
            path = take_backup(self.db_path, self.clock(), kind)
        except OSError as exc:
            raise StoreError(f"Cannot write a backup in {self.folder}: {exc.strerror}") from None
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot back up {self.db_path}: {exc}") from None
        self._baseline = self._signature()
        self.prune()
        return path

    def list_backups(self) -> list[BackupInfo]:
        return list_backups(self.db_path)

    def prune(self) -> list[Path]:
        """Remove backups outside the rotation; return what was removed."""
        found = _parsed(self.db_path)
        today = self.clock().date()
        first_day = today - dt.timedelta(days=self.keep_days - 1)
        keep: set[Path] = {path for _t, _k, path in found[: self.keep_recent]}
        days: set[dt.date] = set()
        for taken, kind, path in found:  # newest first: the first seen of a day is its newest
            if taken.date() < first_day:
                continue
            if kind == BEFORE_RESTORE:
                keep.add(path)  # what was there before a restore stays for the whole week
            elif taken.date() not in days:
                days.add(taken.date())
                keep.add(path)
        removed = []
        # A backup cut short (the process killed while copying) leaves a .part file behind.
        for part in self.folder.glob(f"{glob.escape(self.db_path.stem)}.*.sqlite3.part"):
            with contextlib.suppress(OSError):
                if time.time() - part.stat().st_mtime > STALE_PART_SECONDS:
                    part.unlink()
                    removed.append(part)
        for _t, _k, path in found:
            if path not in keep:
                path.unlink(missing_ok=True)
                path.with_name(path.name + "-wal").unlink(missing_ok=True)
                removed.append(path)
        return removed

    def restore(self, backup: Path) -> Path | None:
        """Replace the open database by ``backup`` (after backing it up) and reopen it."""
        result = self.db.reopen_after(lambda: restore_file(self.db_path, backup, when=self.clock()))
        self._baseline = self._signature()
        return result
