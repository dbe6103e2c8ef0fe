"""A partnership's series: workshops that follow one another, and what last time left behind.

A workshop follows at most one earlier workshop (``follows_workshop_id``: set by "Duplicate
as follow-up", or attached after the fact by ``set_follows``); the workshops linked that way
form a series. ``LastTime`` is what a follow-up shows beside its own results: the previous
workshop's agreed levels, its driver plans (the target levels it set) and its actions.

Decisions where the issue is silent:

- "The previous workshop" is the nearest live ancestor: a removed (soft-deleted) workshop in
  the middle of a series is passed over, so undoing its removal brings it back in place.
- A series is a tree when two follow-ups name the same workshop (two partnerships that split);
  ``series`` lists every live workshop of it, by generation, then date, then id.
- A workshop cannot follow itself, a later workshop of its own series (a loop), a removed
  workshop, or a workshop of another workbook.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from jcs_desktop.domain.benchmark import Benchmark, Entry, SectorFigure, benchmark, sector_figures
from jcs_desktop.domain.progress import ElementMove, action_moves, level_history, total_history
from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ActionRecord, DriverPlanRecord, WorkshopRecord
from jcs_desktop.services.planning import PlanningService
from jcs_desktop.services.scores import ScoreService
from jcs_desktop.services.workshops import stored_record, workshop_record
from jcs_desktop.store.models import AgreedScore, Participant, Workshop

MAX_SERIES = 1000
"""Longest chain followed: a guard against a damaged file's loop, far beyond any real series."""


@dataclass(frozen=True)
class LastTime:
    """The previous workshop of a series, as a follow-up shows it. ``workshop`` None: there is none."""

    workshop: WorkshopRecord | None
    agreed: Mapping[str, int] = field(default_factory=dict)
    """Element id -> the level agreed last time."""
    plans: Mapping[str, DriverPlanRecord] = field(default_factory=dict)
    """Driver id -> last time's plan (its target level and improvement target)."""
    actions: tuple[ActionRecord, ...] = ()
    """Last time's live actions, in plan order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "agreed", MappingProxyType(dict(self.agreed)))
        object.__setattr__(self, "plans", MappingProxyType(dict(self.plans)))
        object.__setattr__(self, "actions", tuple(self.actions))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LastTime):
            return NotImplemented
        # The workshop's "last updated" stamp moves with every write and no record carries it.
        return (_unstamped(self.workshop), dict(self.agreed), dict(self.plans), self.actions) == (
            _unstamped(other.workshop),
            dict(other.agreed),
            dict(other.plans),
            other.actions,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def exists(self) -> bool:
        return self.workshop is not None

    def targets(self) -> dict[str, int | None]:
        """Driver id -> the target level set last time."""
        return {d: p.target_level for d, p in self.plans.items()}

    def followed(self, changes: Changes) -> LastTime:
        """This, after a change to the previous workshop itself (an agreement, a plan, a reviewed action)."""
        if self.workshop is None or changes.workshop_id != self.workshop.id:
            return self
        if changes.workshop is None and not (changes.agreed or changes.plans or changes.actions):
            return self  # its individual scores or participants: nothing a follow-up shows
        workshop = changes.workshop or self.workshop
        if workshop.deleted_at is not None:
            return LastTime(None)
        agreed = dict(self.agreed)
        for eid, record in changes.agreed.items():
            if record is None:
                agreed.pop(eid, None)
            else:
                agreed[eid] = record.level
        actions = {a.id: a for a in self.actions}
        for aid, action in changes.actions.items():
            if action is None:
                actions.pop(aid, None)
            else:
                actions[aid] = action
        return LastTime(
            workshop,
            agreed,
            {**self.plans, **changes.plans},
            sorted(actions.values(), key=lambda a: (a.position, a.id)),
        )


NO_LAST_TIME = LastTime(None)


@dataclass(frozen=True)
class SeriesProgress:
    """A workshop's series up to it, what moved, and how it compares (``SeriesService.progress``)."""

    workshops: list[WorkshopRecord]
    """The chain of workshops leading to this one, oldest first, this one last."""
    totals: dict[str, list[tuple[int | None, int | None]]]
    """Driver id -> (agreed total, band) at each workshop."""
    levels: dict[str, list[int | None]]
    """Element id -> agreed level at each workshop."""
    targets: list[dict[str, int | None]]
    """At each workshop: driver id -> the target level it set."""
    moves: list[tuple[WorkshopRecord, WorkshopRecord, list[ElementMove]]]
    """For each workshop and the next: the elements its actions were linked to, and how they moved."""
    benchmark: Benchmark
    sectors: list[SectorFigure]
    """This workshop's sectors (individual scores: show only what Reconcile has revealed)."""

    @property
    def workshop(self) -> WorkshopRecord:
        return self.workshops[-1]


def _unstamped(workshop: WorkshopRecord | None) -> dict | None:
    return workshop.model_dump(exclude={"updated_at"}) if workshop is not None else None


def _generations(s: Session) -> dict[int, tuple[int | None, bool]]:
    """Every workshop: id -> (the id it follows, removed?). One read of two columns per workshop."""
    return {
        wid: (follows, deleted is not None)
        for wid, follows, deleted in s.execute(select(Workshop.id, Workshop.follows_workshop_id, Workshop.deleted_at))
    }


def ancestors(links: Mapping[int, tuple[int | None, bool]], workshop_id: int) -> list[int]:
    """The workshops ``workshop_id`` follows, nearest first (removed ones included), loop-safe."""
    found: list[int] = []
    seen = {workshop_id}
    current = links.get(workshop_id, (None, False))[0]
    while current is not None and current not in seen and len(found) < MAX_SERIES:
        found.append(current)
        seen.add(current)
        current = links.get(current, (None, False))[0]
    return found


class SeriesService(ServiceBase):
    def __init__(self, db, framework) -> None:
        super().__init__(db, framework)
        self._scores = ScoreService(db, framework)
        self._planning = PlanningService(db, framework)

    # -- reading ---------------------------------------------------------------------------

    def previous_id(self, s: Session, workshop_id: int) -> int | None:
        """The nearest live workshop that ``workshop_id`` follows, in session ``s``."""
        links = _generations(s)
        for wid in ancestors(links, workshop_id):
            if not links[wid][1]:
                return wid
        return None

    def read_last_time(self, s: Session, workshop_id: int) -> LastTime:
        previous = self.previous_id(s, workshop_id)
        if previous is None:
            return NO_LAST_TIME
        workshop = workshop_record(self.live_workshop(s, previous))
        agreed = {e: r.level for e, r in self._scores.read_agreed(s, previous).items()}
        plans = self._planning.read_driver_plans(s, previous)
        actions = self._planning.read_actions(s, previous)
        return LastTime(workshop, agreed, plans, actions)

    def last_time(self, workshop_id: int) -> LastTime:
        """What the previous workshop of ``workshop_id``'s series left behind (``NO_LAST_TIME``: none)."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            return self.read_last_time(s, workshop_id)

    def series(self, workshop_id: int) -> list[WorkshopRecord]:
        """Every live workshop of ``workshop_id``'s series (itself included), earliest generation first."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            links = _generations(s)
            members = series_members(links, workshop_id)
            rows = {w.id: w for w in s.scalars(select(Workshop).where(Workshop.id.in_(list(members))))}
            records = [workshop_record(rows[wid]) for wid in members if not links[wid][1]]
        return sorted(records, key=lambda r: (members[r.id], r.date is None, r.date, r.id))

    def series_history(self, workshop_id: int) -> list[LastTime]:
        """The chain of workshops leading to ``workshop_id``, oldest first, itself last, each as a ``LastTime``."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            links = _generations(s)
            chain = [w for w in reversed(ancestors(links, workshop_id)) if not links[w][1]] + [workshop_id]
            found = []
            for wid in chain:
                workshop = workshop_record(self.live_workshop(s, wid))
                agreed = {e: r.level for e, r in self._scores.read_agreed(s, wid).items()}
                found.append(
                    LastTime(
                        workshop, agreed, self._planning.read_driver_plans(s, wid), self._planning.read_actions(s, wid)
                    )
                )
            return found

    def benchmark_entries(self) -> list[Entry]:
        """Every live workshop of this workbook as the benchmark sees it: its series, date,
        agreed levels and whether it is excluded. Two reads of plain columns, no ORM objects."""
        with self.db.session() as s:
            links = _generations(s)
            rows = s.execute(
                select(Workshop.id, Workshop.date, Workshop.exclude_from_benchmarks).where(
                    Workshop.deleted_at.is_(None), Workshop.framework_id == self.framework.id
                )
            ).all()
            live = {r.id for r in rows}
            agreed: dict[int, dict[str, int]] = {wid: {} for wid in live}
            for wid, eid, level in s.execute(
                select(AgreedScore.workshop_id, AgreedScore.element_id, AgreedScore.level)
            ):
                if wid in agreed and eid in self._element_ids:
                    agreed[wid][eid] = level
        entries = []
        for r in rows:
            chain = ancestors(links, r.id)
            entries.append(
                Entry(
                    workshop_id=r.id,
                    series_id=chain[-1] if chain else r.id,
                    date=r.date.isoformat() if r.date else "",
                    agreed=agreed[r.id],
                    excluded=bool(r.exclude_from_benchmarks),
                )
            )
        return entries

    def progress(self, workshop_id: int) -> SeriesProgress:
        """Everything the progress and comparison view shows of ``workshop_id``: its series'
        history up to it, what its actions moved, and how it compares (several reads; run it off
        the GUI thread)."""
        history = self.series_history(workshop_id)
        fw = self.framework
        agreed = [h.agreed for h in history]
        moves = []
        for before, after in itertools.pairwise(history):
            assert after.workshop is not None
            rows = []
            for action in before.actions:
                review = next((rp for rp in action.review_points if rp.workshop_id == after.workshop.id), None)
                linked = [link.element_id for link in action.links if link.element_id]
                rows.append((action.id, action.achieve, linked, review.status if review is not None else None))
            moves.append((before.workshop, after.workshop, action_moves(fw, before.agreed, after.agreed, rows)))
        with self.db.session() as s:
            scores, _notes = self._scores.read_cells(s, workshop_id)
            people = s.execute(
                select(Participant.id, Participant.sector).where(
                    Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None)
                )
            ).all()
        sectors = {pid: sector for pid, sector in people}
        individual = {pid: scores.get(pid, {}) for pid in sectors}
        return SeriesProgress(
            workshops=[h.workshop for h in history],  # type: ignore[misc]
            totals=total_history(fw, agreed),
            levels=level_history(fw, agreed),
            targets=[h.targets() for h in history],
            moves=moves,
            benchmark=benchmark(fw, self.benchmark_entries(), workshop_id),
            sectors=sector_figures(fw, individual, sectors),
        )

    def cannot_follow(self, workshop_id: int) -> set[int]:
        """Workshops ``workshop_id`` may not follow: itself and every workshop that comes after it."""
        with self.db.session() as s:
            links = _generations(s)
        return {workshop_id} | followers(links, workshop_id)

    # -- writing ---------------------------------------------------------------------------

    def set_follows(self, workshop_id: int, follows_id: int | None) -> Changes:
        """Attach ``workshop_id`` to a series after the fact (None: detach it).

        ``.previous`` is the id it followed before (for undo); the record carries the
        workshop and its new ``last_time``.
        """
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            before = workshop.follows_workshop_id
            if follows_id is not None:
                if follows_id == workshop_id:
                    raise ServiceError("a workshop cannot follow itself")
                try:
                    followed = self.live_workshop(s, follows_id)
                except NotFound:
                    raise ServiceError("the workshop to follow no longer exists (it may have been removed)") from None
                if followed.framework_id != workshop.framework_id:
                    raise ServiceError("a workshop can only follow a workshop of the same workbook")
                if workshop_id in ancestors(_generations(s), follows_id):
                    raise ServiceError(
                        f"“{followed.title}” already comes after “{workshop.title}” in its series: "
                        "a workshop cannot follow one of its own follow-ups"
                    )
            workshop.follows_workshop_id = follows_id
            self.stamp(s, workshop_id)
            record = stored_record(s, workshop)
            last = self.read_last_time(s, workshop_id)
            return Changes(
                workshop_id=workshop_id, workshop=record, workshop_list=True, last_time=last, previous=before
            )


def followers(links: Mapping[int, tuple[int | None, bool]], workshop_id: int) -> set[int]:
    """Every workshop that comes after ``workshop_id`` in its series (removed ones included)."""
    children: dict[int, list[int]] = {}
    for wid, (follows, _deleted) in links.items():
        if follows is not None:
            children.setdefault(follows, []).append(wid)
    found: set[int] = set()
    frontier = [workshop_id]
    while frontier:
        nxt = [c for parent in frontier for c in children.get(parent, ()) if c not in found and c != workshop_id]
        found.update(nxt)
        frontier = nxt
    return found


def series_members(links: Mapping[int, tuple[int | None, bool]], workshop_id: int) -> dict[int, int]:
    """Every workshop of ``workshop_id``'s series (removed ones included) -> its generation (0: the first)."""
    chain = ancestors(links, workshop_id)
    root = chain[-1] if chain else workshop_id
    children: dict[int, list[int]] = {}
    for wid, (follows, _deleted) in links.items():
        if follows is not None:
            children.setdefault(follows, []).append(wid)
    members = {root: 0}
    frontier: Sequence[int] = [root]
    while frontier and len(members) < MAX_SERIES * 10:
        nxt = []
        for parent in frontier:
            for child in children.get(parent, ()):
                if child not in members:
                    members[child] = members[parent] + 1
                    nxt.append(child)
        frontier = nxt
    return members


__all__ = ["NO_LAST_TIME", "LastTime", "SeriesProgress", "SeriesService", "ancestors", "followers", "series_members"]
