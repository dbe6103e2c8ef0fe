"""Opening a database: URL choice, SQLite pragmas, migrations with a backup first.

Errors are sorted into two kinds (after qutebrowser's ``sql.py``): problems of the
user's environment (locked, damaged, disk full, newer schema, unreachable server)
become ``StoreError`` with a plain message; anything else is a bug and propagates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jcs_desktop.paths import PRIVATE_FILE_MODE, make_private, private_dir
from jcs_desktop.store.errors import DamagedDatabase, DamagedRow, StoreError
from jcs_desktop.store.models import Base
from jcs_desktop.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

T = TypeVar("T")

__all__ = ["HEAD_REVISION", "KNOWN_REVISIONS", "DamagedDatabase", "DamagedRow", "Database", "StoreError"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


SQLITE_HEADER = b"SQLite format 3\x00"
RESTORE_HINT = "Restore a backup with File \u2192 Restore from backup\u2026"
_REVISION_SHAPE = re.compile(r"^\d{4}$")


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points at (None for other databases and in-memory ones)."""
    try:
        return _sqlite_path(url)
    except (ArgumentError, ValueError):
        return None


def damaged_message(where: str, detail: str = "") -> str:
    detail = f" ({detail})" if detail else ""
    return f"{where} is damaged: part of it cannot be read{detail}. Nothing was changed. {RESTORE_HINT}"


def _environment_message(exc: BaseException, where: str) -> str | None:
    """A plain message for errors caused by the environment, or None for a bug."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return f"{where} is in use by another program (database is locked). Close it and try again."
    if "file is not a database" in msg or "file is encrypted" in msg:
        return f"{where} is damaged or is not a JCS Desktop database. Nothing was changed. {RESTORE_HINT}"
    if "malformed" in msg or "could not decode" in msg or "disk i/o error" in msg:
        return damaged_message(where)
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"The disk holding {where} is full. Free some space and try again."
    if "readonly" in msg or "read-only" in msg or "attempt to write a readonly database" in msg:
        return f"{where} cannot be written (read-only file or folder)."
    if "unable to open database" in msg:
        return f"{where} cannot be opened (missing folder or no permission)."
    import re  # here, so that this function's edits stay within it

    missing = re.search(r'(database|role) "([^"]*)" does not exist', str(getattr(exc, "orig", exc)))
    if missing:
        kind, name = missing.groups()
        if kind == "database":
            return (
                f'The database "{name}" does not exist on the database server ({where}). '
                f"Check the name in the URL, or create it first (createdb {name})."
            )
        return f'The database server has no user "{name}" ({where}). Check the user name in the URL.'
    if "could not connect" in msg or "connection refused" in msg or "password authentication" in msg:
        return f"Cannot connect to the database server: {getattr(exc, 'orig', exc)}"
    if "does not exist" in msg and "database" in msg:
        return f"Cannot connect to the database server: {getattr(exc, 'orig', exc)}"
    return None


def _raised_in_sqlalchemy(exc: BaseException) -> bool:
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    return last is not None and f"{os.sep}sqlalchemy{os.sep}" in last.tb_frame.f_code.co_filename


def _damaged_row(exc: BaseException) -> bool:
    """Errors raised while turning a damaged row into Python values (not bugs of ours).

    SQLite stores any bytes in any column: a damaged page yields text that is not UTF-8,
    dates that do not parse, numbers where a date should be. SQLAlchemy's result
    converters then raise plain ``ValueError`` or ``TypeError`` (the exact types, not the
    services' own subclasses) from inside SQLAlchemy.
    """
    if isinstance(exc, UnicodeDecodeError | OverflowError):
        return True
    if type(exc) in (ValueError, TypeError):
        text_ = str(exc).lower()
        return _raised_in_sqlalchemy(exc) or "isoformat" in text_
    return False


def _revision_problem(revision: str, where: str) -> str:
    if _REVISION_SHAPE.match(revision) and int(revision) > int(HEAD_REVISION):
        return (
            f"{where} was written by a newer version of JCS Desktop (schema {revision}). "
            "Install the newer version to open it; nothing was changed."
        )
    return (
        f"{where} has an unknown schema ({revision!r}): it was not written by any version of JCS Desktop "
        "this one knows. Nothing was changed."
    )


def sqlite_uri(path: Path, **params: str) -> str:
    """A SQLite URI filename for ``path`` (file:///… with escapes, right on Windows too)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return path.resolve().as_uri() + (f"?{query}" if query else "")


def new_private_file(path: Path) -> None:
    """Create an empty owner-only file where SQLite will create the database.

    SQLite creates its -wal and -shm files with the database file's permissions, so
    starting private keeps all three private whatever the umask.
    """
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    make_private(path)


def inspect_sqlite_file(path: Path, where: str, *, full: bool = False) -> str | None:
    """Check a SQLite file without changing a byte of it; return its schema revision.

    None means a new database (no file, an empty file, or nothing but an empty version
    table left by a first start that was cut short). Raises StoreError for anything that
    must not be opened: not a database, damaged, foreign tables, newer or unknown schema.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{where} cannot be read: {exc.strerror}") from None
    if size == 0:
        return None
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{where} cannot be read: {exc.strerror}") from None
    if header != SQLITE_HEADER:
        raise DamagedDatabase(
            f"{where} is damaged or is not a JCS Desktop database; it was left as it is. "
            f"{RESTORE_HINT}, or choose another file."
        )
    # mode=rw: never create; reading leaves the main file's bytes as they are.
    uri = sqlite_uri(path, mode="rw")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise StoreError(_environment_message(exc, where) or f"{where} cannot be opened: {exc}") from None
    try:
        conn.text_factory = bytes  # a damaged version string must not raise while decoding
        problems = integrity_problems(conn, full=full)
        if problems:
            raise DamagedDatabase(damaged_message(where, problems[0]))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables = {t.decode("utf-8", "replace") for t in tables} - {"sqlite_sequence"}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(f"{where} holds tables that are not a JCS Desktop database; nothing was changed.")
            return None
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        message = _environment_message(exc, where)
        raise StoreError(message or damaged_message(where)) from None
    except UnicodeDecodeError:  # SQLite's own report quoting damaged bytes
        raise DamagedDatabase(damaged_message(where)) from None
    finally:
        conn.close()
    if not rows:
        if tables == {"alembic_version"}:
            return None
        raise StoreError(f"{where} holds tables that are not a JCS Desktop database; nothing was changed.")
    raw = rows[0][0]
    revision = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if revision not in KNOWN_REVISIONS:
        raise StoreError(_revision_problem(revision, where))
    return revision


def integrity_problems(conn: sqlite3.Connection, *, full: bool = False, limit: int = 20) -> list[str]:
    """What SQLite's own check finds wrong (empty when the file is sound)."""
    pragma = "integrity_check" if full else "quick_check"
    rows = conn.execute(f"PRAGMA {pragma}({limit})").fetchall()
    found = [r[0].decode("utf-8", "replace") if isinstance(r[0], bytes) else str(r[0]) for r in rows]
    if found == ["ok"]:
        return []
    # One problem a line, without SQLite's "*** in database main ***" banner.
    lines = [line.strip() for text_ in found for line in text_.splitlines()]
    return [line for line in lines if line and not line.startswith("***")]


class Database:
    """An open, migrated database. Use ``session()`` for one short unit of work."""

    def __init__(self, url: str, *, backup: bool = True) -> None:
        self.url = url
        self._current = threading.local()  # the open session of each thread, if any
        try:
            self.sqlite_path = _sqlite_path(url)
            self.where = (
                str(self.sqlite_path) if self.sqlite_path else make_url(url).render_as_string(hide_password=True)
            )
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise StoreError(f"Not a usable database URL: {url!r} ({exc})") from None
        self._open(backup=backup)

    def _open(self, *, backup: bool) -> None:
        revision: str | None = None
        if self.sqlite_path is not None:
            folder = self.sqlite_path.parent
            try:
                if not folder.exists():
                    private_dir(folder)
                # Everything is checked before anything is written, WAL mode included.
                revision = inspect_sqlite_file(self.sqlite_path, self.where)
                new_private_file(self.sqlite_path)
            except OSError as exc:
                raise StoreError(f"Cannot create {self.where}: {exc.strerror}") from None
        try:
            self.engine = _make_engine(self.url)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise StoreError(f"Not a usable database URL: {self.url!r} ({exc})") from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"The database driver is not installed: {exc.name}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            with self.translate_errors():
                if self.sqlite_path is not None:
                    self._migrate_sqlite(revision, backup=backup)
                else:
                    self._migrate_server()
        except BaseException:
            self.engine.dispose()
            raise
        self.secure_files()

    def secure_files(self) -> None:
        """Owner-only database, -wal and -shm (also files made before this version)."""
        if self.sqlite_path is None:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            make_private(self.sqlite_path.with_name(self.sqlite_path.name + suffix))

    # -- sessions -----------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction: commit on success, roll back on any error.

        Inside another ``session()`` of this thread, the outer one is used: use cases built
        from other use cases (the demo workshop, a live snapshot) then commit all or nothing.
        """
        outer = getattr(self._current, "session", None)
        if outer is not None:
            yield outer
            return
        with self.translate_errors(), self._sessions() as session, session.begin():
            self._current.session = session
            try:
                yield session
            finally:
                self._current.session = None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Like ``session()``, for a use case that needs no ORM objects: a bare connection.

        Saving a score runs a handful of prepared statements; an ORM session around them
        cost as much again as the statements. Inside a ``session()`` of this thread, that
        session's connection is used, so the work joins its transaction.
        """
        outer = getattr(self._current, "session", None)
        if outer is not None:
            yield outer.connection()
            return
        with self.translate_errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        try:
            yield
        except DamagedRow as exc:
            raise DamagedDatabase(damaged_message(self.where, str(exc))) from exc
        except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
            message = _environment_message(exc, self.where)
            if message is None:
                raise
            raise StoreError(message) from exc
        except (ValueError, TypeError, OverflowError) as exc:
            if not _damaged_row(exc):
                raise
            raise DamagedDatabase(damaged_message(self.where)) from exc

    def close(self) -> None:
        self.engine.dispose()

    def reopen_after(self, replace: Callable[[], T]) -> T:
        """Close every connection, run ``replace`` (which swaps the file), and open it again.

        Used to restore a backup: the same ``Database`` object (which every service holds)
        then works on the restored file. If ``replace`` fails the old file is reopened.
        """
        self.engine.dispose()
        try:
            return replace()
        finally:
            self._open(backup=True)

    # -- checks ---------------------------------------------------------------------

    def check(self) -> list[str]:
        """SQLite's full integrity check (can take a while: run it off the GUI thread).

        Returns the problems found, empty when the database is sound. On a server the
        server looks after its own files, so there is nothing to check here.
        """
        if self.sqlite_path is None:
            return []
        conn = sqlite3.connect(sqlite_uri(self.sqlite_path, mode="ro"), uri=True, timeout=5)
        try:
            conn.text_factory = bytes
            return integrity_problems(conn, full=True)
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        except UnicodeDecodeError:
            return ["the check's own report holds damaged bytes"]
        finally:
            conn.close()

    # -- schema -------------------------------------------------------------------

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _migrate_sqlite(self, current: str | None, *, backup: bool) -> None:
        if current == HEAD_REVISION:
            return  # the common case: no Alembic import at start-up
        if current is not None and backup:
            self.backup_to(self._backup_path(current))
        self._upgrade()

    def _migrate_server(self) -> None:
        with self.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            current = None
            if "alembic_version" in tables:
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if current == HEAD_REVISION:
            return
        if current is not None and current not in KNOWN_REVISIONS:
            raise StoreError(_revision_problem(str(current), self.where))
        if current is None and tables - {"alembic_version"}:
            raise StoreError(f"{self.where} holds tables that are not a JCS Desktop database; nothing was changed.")
        self._upgrade()

    def _upgrade(self) -> None:
        if self.engine.dialect.name == "sqlite" and self.sqlite_path is None:
            upgrade(self.engine)  # in memory: a second engine would see a database of its own
            return
        engine = migration_engine(self.url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()

    def _backup_path(self, revision: str) -> Path:
        assert self.sqlite_path is not None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.sqlite_path.with_name(f"{self.sqlite_path.stem}.schema-{revision}.{stamp}.backup.sqlite3")

    def backup_to(self, target: Path) -> Path:
        """A consistent copy of the SQLite file, taken before anything is written to it.

        Uses SQLite's online backup so the copy includes pages still in the WAL.
        """
        if self.sqlite_path is None:
            raise StoreError("Backups are made only for SQLite files.")
        return sqlite_backup(self.sqlite_path, target)


def sqlite_backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with SQLite's online backup, owner-only, never half-written.

    The copy is written beside the target under a temporary name and renamed when
    complete; it is a single self-contained file (rollback journal, not WAL).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    new_private_file(part)
    src = sqlite3.connect(sqlite_uri(source, mode="ro"), uri=True, timeout=5)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    make_private(part)
    os.replace(part, target)
    return target


def _make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 5})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets readers go on while one short write commits; foreign keys give cascades.
            if u.database and u.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

        return engine
    if u.drivername in ("postgresql", "postgres"):
        # Prefer psycopg 3 (the optional extra) over psycopg2 when no driver is named.
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_pre_ping=True)


def migration_engine(url: str) -> Engine:
    """An engine whose transactions include DDL, so a migration is all or nothing.

    pysqlite runs ``CREATE TABLE`` outside any transaction; SQLAlchemy's documented
    recipe hands transaction control to SQLite (isolation_level None) and emits BEGIN
    itself. IMMEDIATE also keeps two first starts from creating the schema at once.
    """
    engine = _make_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _autocommit(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations up to ``revision`` (imported here, only when needed)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_database(url: str | None = None, *, backup: bool = True) -> Database:
    """Open (creating and migrating if needed) the database at ``url``, or the default one."""
    from jcs_desktop.paths import default_database_url

    return Database(url or default_database_url(), backup=backup)


__all__ = [
    "HEAD_REVISION",
    "Base",
    "DamagedDatabase",
    "DamagedRow",
    "Database",
    "StoreError",
    "open_database",
    "sqlite_backup",
    "upgrade",
]
