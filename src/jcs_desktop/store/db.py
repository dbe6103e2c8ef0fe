"""Opening a database: URL choice, SQLite pragmas, migrations with a backup first.

Errors are sorted into two kinds (after qutebrowser's ``sql.py``): problems of the
user's environment (locked, damaged, disk full, newer schema, unreachable server)
become ``StoreError`` with a plain message; anything else is a bug and propagates.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jcs_desktop.store.models import Base

HEAD_REVISION = "0001"
"""The newest schema this build knows. Checked against the migrations folder by a test,
so start-up can skip importing Alembic when the database is already current."""

KNOWN_REVISIONS = ("0001",)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A database problem the user can act on (message is meant to be shown as is)."""


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _environment_message(exc: BaseException, where: str) -> str | None:
    """A plain message for errors caused by the environment, or None for a bug."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return f"{where} is in use by another program (database is locked). Close it and try again."
    if "file is not a database" in msg or "malformed" in msg or "file is encrypted" in msg:
        return f"{where} is damaged or is not a JCS Desktop database."
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
    return None


class Database:
    """An open, migrated database. Use ``session()`` for one short unit of work."""

    def __init__(self, url: str, *, backup: bool = True) -> None:
        self.url = url
        try:
            self.sqlite_path = _sqlite_path(url)
            self.where = (
                str(self.sqlite_path) if self.sqlite_path else make_url(url).render_as_string(hide_password=True)
            )
            self.engine = _make_engine(url)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise StoreError(f"Not a usable database URL: {url!r} ({exc})") from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"The database driver is not installed: {exc.name}") from None
        if self.sqlite_path is not None:
            try:
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the folder for {self.where}: {exc.strerror}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self.translate_errors():
            self._migrate(backup=backup)

    # -- sessions -----------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction: commit on success, roll back on any error."""
        with self.translate_errors(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
            message = _environment_message(exc, self.where)
            if message is None:
                raise
            raise StoreError(message) from exc

    def close(self) -> None:
        self.engine.dispose()

    # -- schema -------------------------------------------------------------------

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _migrate(self, *, backup: bool) -> None:
        current = self.current_revision()
        if current == HEAD_REVISION:
            return  # the common case: no Alembic import at start-up
        if current is not None and current not in KNOWN_REVISIONS:
            raise StoreError(
                f"{self.where} was written by a newer version of JCS Desktop (schema {current}). "
                "Install the newer version to open it; nothing was changed."
            )
        if current is None and self._has_user_tables():
            raise StoreError(f"{self.where} holds tables that are not a JCS Desktop database; nothing was changed.")
        if current is not None and backup and self.sqlite_path is not None:
            self.backup_to(self._backup_path(current))
        upgrade(self.engine)

    def _has_user_tables(self) -> bool:
        with self.engine.connect() as conn:
            return bool(inspect(conn).get_table_names())

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
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(self.sqlite_path)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
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


__all__ = ["HEAD_REVISION", "Base", "Database", "StoreError", "open_database", "upgrade"]
