"""A row of the workshop list: a plain record, importable without pydantic or SQLAlchemy.

Start-up fills the list from the standard library's sqlite3 (``store/quick.py``) before the
ORM has loaded, and the services fill it afterwards; both give these same records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jcs_desktop.store.errors import DamagedRow

ROUTES = ("individual", "consensus")


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    """A row of the workshop list."""

    id: int
    title: str
    partnership: str
    date: dt.date | None
    route: str
    participants: int
    scored: int
    """Individual scores entered (levels or 'not sure')."""
    expected: int
    """participants × elements."""
    agreed: int
    elements: int
    updated_at: dt.datetime
    follows_id: int | None = None
    """The earlier workshop of its series that this one follows."""

    def __post_init__(self) -> None:
        # Built from stored rows only: a value that does not fit means the database is
        # damaged (SQLite keeps any value in any column), not that the user erred.
        for name in ("id", "participants", "scored", "expected", "agreed", "elements"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DamagedRow(f"a stored {name} cannot be read: {value!r} is not a count")
        for name in ("title", "partnership"):
            if not isinstance(getattr(self, name), str):
                raise DamagedRow(f"a stored {name} cannot be read: it is not text")
        if self.route not in ROUTES:
            raise DamagedRow(f"a stored route cannot be read: {self.route!r}")
        if self.date is not None and (isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date)):
            raise DamagedRow(f"a stored date cannot be read: {self.date!r}")
        if self.follows_id is not None and (isinstance(self.follows_id, bool) or not isinstance(self.follows_id, int)):
            raise DamagedRow(f"a stored series link cannot be read: {self.follows_id!r}")
        if not isinstance(self.updated_at, dt.datetime):
            raise DamagedRow(f"a stored updated_at cannot be read: {self.updated_at!r}")

    @property
    def progress(self) -> float:
        """0..1: how far scoring (individual or agreed, by route) has got."""
        if self.route == "consensus":
            return self.agreed / self.elements if self.elements else 0.0
        return self.scored / self.expected if self.expected else 0.0


@dataclass(frozen=True, slots=True)
class SeriesPlace:
    """Where a listed workshop stands in its series."""

    first_id: int
    """The first listed workshop of the series (its root)."""
    number: int
    """1 for the first workshop, 2 for its follow-up..."""
    size: int
    """How many listed workshops the series has (1: a workshop on its own)."""
    newest: str
    """The latest date in the series (ISO, "" for none): series sort by it."""


def series_places(rows: Sequence[WorkshopSummary]) -> dict[int, SeriesPlace]:
    """Each listed workshop's place in its series, from the rows' links alone.

    A link to a workshop not in the list (removed) starts the series again there. Loops in a
    damaged file are cut where they close.
    """
    by_id = {r.id: r for r in rows}
    depth: dict[int, tuple[int, int]] = {}  # id -> (root id, generation)
    for r in rows:
        path: list[int] = []
        current: int | None = r.id
        while current in by_id and current not in depth and current not in path:
            path.append(current)
            current = by_id[current].follows_id
        if not path:
            continue  # placed already, as an earlier row's ancestor
        # Where the walk stopped: a placed workshop (continue its series), or the first of a new one.
        root, generation = depth[current] if current in depth else (path[-1], -1)
        for item in reversed(path):
            generation += 1
            depth[item] = (root, generation)
    sizes: dict[int, int] = {}
    newest: dict[int, str] = {}
    for r in rows:
        root = depth[r.id][0]
        sizes[root] = sizes.get(root, 0) + 1
        newest[root] = max(newest.get(root, ""), r.date.isoformat() if r.date else "")
    return {
        r.id: SeriesPlace(depth[r.id][0], depth[r.id][1] + 1, sizes[depth[r.id][0]], newest[depth[r.id][0]])
        for r in rows
    }
