"""How the same things are named on every page: routes, dates, element numbers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from jcs_desktop.domain.values import NOT_SURE, Score

if TYPE_CHECKING:
    from jcs_desktop.content.schema import Framework


class HasFramework(Protocol):
    @property
    def framework(self) -> Framework: ...


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


def element_label(ctx: HasFramework, element_id: str) -> str:
    """A short, human label for an element: its driver's short name and number, e.g. "BP 1"."""
    fw = ctx.framework
    driver = fw.driver_of(element_id)
    number = [e.id for e in driver.elements].index(element_id) + 1
    return f"{driver_short_name(driver.title)} {number}"


_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "in", "for", "to", "on", "with"})


def driver_short_name(title: str) -> str:
    """Initials of a driver's title without the small words: "Maximising use of resources" -> "MUR"."""
    words = [w for w in title.replace("-", " ").split() if w.casefold() not in _SMALL_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalnum()) or title[:3]


def value_label(ctx: object, value: Score) -> str:
    if value is None:
        return "cleared"
    if value == NOT_SURE:
        return "not sure"
    return f"level {value}"
