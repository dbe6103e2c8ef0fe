"""The first workshop list of a start-up, without loading SQLAlchemy or pydantic.

``first_list`` gives the rows ``WorkshopService.list()`` would give, read with sqlite3
(``store/quick.py``), so the main window shows them while the services load in the
background. None means "wait for the services": not a plain SQLite file, a first start,
a file that needs migrating, or anything unusual about it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jcs_desktop.paths import default_database_url, default_workbook_path
from jcs_desktop.services.summary import WorkshopSummary
from jcs_desktop.store.errors import DamagedRow
from jcs_desktop.store.quick import read_list, sqlite_path


@dataclass(frozen=True)
class FirstList:
    where: str
    """The database file, as ``Database.where`` names it."""
    path: Path
    rows: list[WorkshopSummary]


def element_count(workbook: Path | None = None) -> int | None:
    """How many elements the workbook has, from its JSON (validated later, by the services)."""
    try:
        data = json.loads((workbook or default_workbook_path()).read_text(encoding="utf-8"))
        return sum(len(driver["elements"]) for driver in data["drivers"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def first_list(url: str | None = None) -> FirstList | None:
    path = sqlite_path(url or default_database_url())
    if path is None:
        return None
    elements = element_count()
    if elements is None:
        return None  # the services report what is wrong with the workbook
    listed = read_list(path)
    if listed is None:
        return None
    try:
        rows = [
            WorkshopSummary(
                id=w.id,
                title=w.title,
                partnership=w.partnership,
                date=w.date,
                route=w.route,
                participants=w.participants,
                scored=w.scored,
                expected=w.participants * elements,
                agreed=w.agreed,
                elements=elements,
                updated_at=w.updated_at,
                follows_id=w.follows_id,
            )
            for w in listed
        ]
    except DamagedRow:
        return None
    return FirstList(where=str(path), path=path, rows=rows)
