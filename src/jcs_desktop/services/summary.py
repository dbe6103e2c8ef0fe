"""A row of the workshop list: a plain record, importable without pydantic or SQLAlchemy.

Start-up fills the list from the standard library's sqlite3 (``store/quick.py``) before the
ORM has loaded, and the services fill it afterwards; both give these same records.
"""

from __future__ import annotations

import datetime as dt
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
        if not isinstance(self.updated_at, dt.datetime):
            raise DamagedRow(f"a stored updated_at cannot be read: {self.updated_at!r}")

    @property
    def progress(self) -> float:
        """0..1: how far scoring (individual or agreed, by route) has got."""
        if self.route == "consensus":
            return self.agreed / self.elements if self.elements else 0.0
        return self.scored / self.expected if self.expected else 0.0
