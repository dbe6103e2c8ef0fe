"""The workshop list read with the standard library's sqlite3, before SQLAlchemy is loaded.

Start-up paints the main window with the list at once and loads the ORM, the migrations
check and the workbook's schema in the background (``ui/app.py``). This reader is only a
way to show sooner what the services will show anyway: it reads, never writes, and it
gives up (returns None) on anything unusual — a URL it does not parse, a file at another
schema revision, a locked or damaged file — so the full path, with its checks, backups and
messages, handles every such case.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from jcs_desktop.store.errors import DamagedRow
from jcs_desktop.store.revisions import HEAD_REVISION


@dataclass(frozen=True, slots=True)
class ListedWorkshop:
    """A workshop row with its kept-current progress counts (see migration 0003)."""

    id: int
    title: str
    partnership: str
    date: dt.date | None
    route: str
    participants: int
    scored: int
    agreed: int
    updated_at: dt.datetime
    follows_id: int | None = None


_LIST = """
    SELECT id, title, partnership, date, route, participant_count, scored_count, agreed_count, updated_at,
        follows_workshop_id
    FROM workshops
    WHERE deleted_at IS NULL
    ORDER BY date IS NULL, date DESC, id DESC
"""
"""One table: the progress counts are kept on each workshop row (migration 0003)."""


def sqlite_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for any other kind, or query options."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = unquote(url[len(prefix) :])
    if not path or path == ":memory:":
        return None
    return Path(path)


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DamagedRow(f"a stored date cannot be read: {value!r}")
    return dt.date.fromisoformat(value)


def _moment(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise DamagedRow(f"a stored time cannot be read: {value!r}")
    return dt.datetime.fromisoformat(value)


def read_list(path: Path) -> list[ListedWorkshop] | None:
    """The live workshops, newest first, as the services would list them; None to say "ask them"."""
    if not path.is_file():
        return None  # a first start: the services create the database
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(HEAD_REVISION,)]:
            return None  # the services migrate it first (with a backup)
        return [
            ListedWorkshop(
                id=row[0],
                title=row[1],
                partnership=row[2],
                date=_date(row[3]),
                route=row[4],
                participants=row[5],
                scored=row[6],
                agreed=row[7],
                updated_at=_moment(row[8]),
                follows_id=row[9],
            )
            for row in conn.execute(_LIST)
        ]
    except (sqlite3.Error, ValueError, TypeError, DamagedRow):
        return None
    finally:
        conn.close()
