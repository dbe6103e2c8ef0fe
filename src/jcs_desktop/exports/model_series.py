"""What a report says about a workshop's series: since last time, and how the partnership compares.

Plain frozen data built once by ``model.build_report`` (``since_last_time`` from the live state,
with no database read; ``comparison`` only when asked, from ``SeriesService.benchmark_entries``).

Decisions where the issue is silent:

- Last time's actions are numbered as in last time's own report (plan order, from 1); a review
  is the one made at this workshop (``PlanningService.commitments`` gives the same), and an
  action carried forward names its number in this workshop's plan.
- "Did our actions move it" is ``domain.progress.action_moves``: every element last time's actions
  were linked to, its agreed level then and now beside the numbers and statuses of those actions
  (an action linked to a driver only moves no element; it is listed with the actions reviewed).
- The comparison stands this workshop's own live agreed levels in for its stored entry, and
  its sectors are the report's (merged into "Other" when anonymised).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from jcs_desktop.domain.benchmark import MIN_PEOPLE, MIN_WORKSHOPS, Entry, Figure, SectorFigure, benchmark
from jcs_desktop.domain.benchmark import sector_figures as _sector_figures
from jcs_desktop.domain.progress import DriverProgress, action_moves, direction, driver_progress

STATUS_TEXT = {"done": "Done", "partly": "Partly done", "not-started": "Not started", "dropped": "Dropped"}
NOT_REVIEWED = "Not reviewed"


def status_text(status: str | None) -> str:
    return STATUS_TEXT.get(status or "", NOT_REVIEWED)


@dataclass(frozen=True)
class ReviewedAction:
    """One of last time's actions, as this workshop reviewed it."""

    number: int
    """Its number in last time's action plan."""
    achieve: str
    links: tuple[str, ...]
    status: str | None
    """``done``, ``partly``, ``not-started``, ``dropped``; None: not reviewed (or no status given)."""
    achieved: str
    learning: str
    carried_to: int | None
    """Its number in this workshop's action plan when carried forward; None: not carried forward."""

    @property
    def status_text(self) -> str:
        return status_text(self.status)

    @property
    def carried_forward(self) -> bool:
        return self.carried_to is not None

    @property
    def carried_text(self) -> str:
        return f"Yes, as action {self.carried_to}" if self.carried_to is not None else "No"


@dataclass(frozen=True)
class MovedByActions:
    """An element last time's actions were linked to: its change beside them (``domain.progress.ElementMove``)."""

    driver_id: str
    element_id: str
    title: str
    driver_title: str
    before: int | None
    now: int | None
    actions: tuple[tuple[int, str | None], ...]
    """(number, status) of each of last time's actions linked to it."""

    @property
    def change(self) -> int | None:
        return None if self.before is None or self.now is None else self.now - self.before

    @property
    def direction(self):
        return direction(self.change)

    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        if change == 0:
            return "same"
        n = abs(change)
        return f"{'up' if change > 0 else 'down'} {n} level{'s' if n != 1 else ''}"

    def actions_text(self) -> str:
        return "; ".join(f"{n}: {status_text(s)}" for n, s in self.actions)


@dataclass(frozen=True)
class SinceLastTime:
    title: str
    """The previous workshop's title."""
    date: dt.date | None
    drivers: tuple[DriverProgress, ...]
    actions: tuple[ReviewedAction, ...]
    moved: tuple[MovedByActions, ...]
    improvement_targets: Mapping[str, str]
    """Driver id -> the improvement target set last time ('' for none)."""


def build_since_last_time(framework, live, clean: Callable[[str], str], link_title) -> SinceLastTime | None:
    """From the live state's ``last_time``; None when the workshop follows no earlier one."""
    last = live.last_time
    if last is None or last.workshop is None:
        return None
    now = live.results.agreed
    progress = driver_progress(framework, last.agreed, now, last.targets())
    carried = {a.carried_from_action_id: i for i, a in enumerate(live.actions, start=1) if a.carried_from_action_id}
    wid = live.workshop.id
    reviewed = []
    numbers: dict[int, int] = {}
    outcomes = []
    for number, action in enumerate(last.actions, start=1):
        review = next((rp for rp in action.review_points if rp.workshop_id == wid), None)
        status = review.status if review is not None else None
        numbers[action.id] = number
        outcomes.append(
            (action.id, action.achieve, [link.element_id for link in action.links if link.element_id], status)
        )
        reviewed.append(
            ReviewedAction(
                number=number,
                achieve=clean(action.achieve),
                links=tuple(link_title(link.driver_id, link.element_id) for link in action.links),
                status=status,
                achieved=clean(review.achieved) if review is not None else "",
                learning=clean(review.learning) if review is not None else "",
                carried_to=carried.get(action.id),
            )
        )
    drivers = {e.id: d for d in framework.drivers for e in d.elements}
    moved = tuple(
        MovedByActions(
            driver_id=drivers[m.element_id].id,
            element_id=m.element_id,
            title=framework.element(m.element_id).title,
            driver_title=drivers[m.element_id].title,
            before=m.before,
            now=m.after,
            actions=tuple((numbers[o.action_id], o.status) for o in m.actions),
        )
        for m in action_moves(framework, last.agreed, now, outcomes)
    )
    return SinceLastTime(
        title=clean(last.workshop.title),
        date=last.workshop.date,
        drivers=tuple(progress),
        actions=tuple(reviewed),
        moved=moved,
        improvement_targets={d: clean(p.improvement_target) for d, p in last.plans.items()},
    )


@dataclass(frozen=True)
class Comparison:
    """How the partnership compares (``domain.benchmark``): figures, or why they are not shown."""

    group: int
    """Workshops in the comparison group (one per partnership, this one included)."""
    drivers: tuple[Figure, ...]
    """In the framework's order."""
    elements: Mapping[str, Figure]
    sectors: tuple[SectorFigure, ...]
    min_workshops: int = MIN_WORKSHOPS
    min_people: int = MIN_PEOPLE


def build_comparison(
    framework,
    entries: Sequence[Entry],
    workshop_id: int,
    agreed: Mapping[str, int | None],
    individual: Mapping[int, Mapping[str, object]],
    sectors: Mapping[int, str],
) -> Comparison:
    """The benchmark of ``workshop_id``, with its own ``agreed`` levels in place of its stored entry."""
    mine = next((e for e in entries if e.workshop_id == workshop_id), None)
    others = [e for e in entries if e.workshop_id != workshop_id]
    if mine is None:
        mine = Entry(workshop_id, workshop_id, "", {})
    this = Entry(mine.workshop_id, mine.series_id, mine.date, dict(agreed), mine.excluded)
    result = benchmark(framework, [*others, this], workshop_id)
    return Comparison(
        group=result.group,
        drivers=tuple(result.drivers[d.id] for d in framework.drivers),
        elements=dict(result.elements),
        sectors=tuple(_sector_figures(framework, individual, sectors)),
    )


def sector_total_reason() -> str:
    """Why a shown sector has no figure for one driver."""
    return f"Not shown: fewer than {MIN_PEOPLE} of them scored every element"


__all__ = [
    "NOT_REVIEWED",
    "STATUS_TEXT",
    "Comparison",
    "MovedByActions",
    "ReviewedAction",
    "SinceLastTime",
    "build_comparison",
    "build_since_last_time",
    "sector_total_reason",
    "status_text",
]
