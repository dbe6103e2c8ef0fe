"""How the same things are named on every page: routes, dates, element numbers."""

from __future__ import annotations

import datetime as dt

from jcs_desktop.content.schema import Framework

ROUTE_LABELS: dict[str, str] = {
    "individual": "Individual then reconcile",
    "consensus": "Group consensus",
}


def format_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "—"


def element_number(fw: Framework, element_id: str) -> str:
    """'2.3' for the third element of the second driver."""
    for di, d in enumerate(fw.drivers, start=1):
        for ei, e in enumerate(d.elements, start=1):
            if e.id == element_id:
                return f"{di}.{ei}"
    raise KeyError(element_id)
