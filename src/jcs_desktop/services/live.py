"""The open workshop, live: loaded in one read, then kept up to date from change records.

``LiveWorkshop.load`` reads everything a workshop's screens and exports show in ONE
session (one read transaction) and computes its results once. ``apply(changes)`` then
follows each use case's ``Changes`` without touching the database, recomputing only the
statistics of the elements whose individual scores changed and the results of the drivers
holding them (or whose agreed levels changed), with the same domain functions as a full
computation (``domain.scoring.update_results``), so the state always equals a fresh load.

Decisions where the API note is silent:

- The state is plain data: read its attributes, never change them; ``apply`` replaces what
  changed. Records are the services' frozen DTOs.
- ``notes`` holds only non-empty notes (as ``ScoreService.notes_for_participant`` does);
  every live participant has an entry in ``scores``, ``notes`` and ``progress``.
- ``plans`` has one record per driver of the framework (defaults where nothing is stored),
  as ``PlanningService.driver_plans``; ``approaches`` is in id order, ``actions`` in plan order.
- A change record of another workshop is ignored, except a new sector list (sectors are
  shared by every workshop). Cells of participants who are not live here are ignored.
- A participant added or removed, a participant's sector changed, or a new divergence range
  recomputes all results; a participant's name or organisation recomputes nothing.
- ``last_time`` (the previous workshop of the series) follows a new series link from the
  record's ``last_time``, and the previous workshop's own agreements, plans and actions from
  records of that workshop; nothing else of another workshop is taken in.
- The workshop's "last updated" stamp moves with every write but no change record carries
  it, so equality (``==``, used by tests) leaves that one field out.
"""

from __future__ import annotations

from collections.abc import Iterable

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import Results, Score, compute_results, update_results
from jcs_desktop.services.base import ServiceBase
from jcs_desktop.services.changes import Applied, Changes, drivers_of
from jcs_desktop.services.dto import (
    ActionRecord,
    AgreedRecord,
    ChosenApproachRecord,
    DetailedRecord,
    DriverPlanRecord,
    ParticipantRecord,
    WorkshopRecord,
)
from jcs_desktop.services.series import NO_LAST_TIME, LastTime
from jcs_desktop.services.workshops import workshop_record


class LiveWorkshop:
    """One workshop's data and results, as a fresh load from the database would give them."""

    workshop: WorkshopRecord
    participants: list[ParticipantRecord]
    """The live participants, in their order."""
    scores: dict[int, dict[str, Score]]
    """participant id -> element id -> score, for every live participant (even with none)."""
    notes: dict[int, dict[str, str]]
    """participant id -> element id -> note (non-empty notes only)."""
    agreed: dict[str, AgreedRecord]
    plans: dict[str, DriverPlanRecord]
    detailed: dict[str, DetailedRecord]
    approaches: list[ChosenApproachRecord]
    actions: list[ActionRecord]
    sectors: list[str]
    results: Results
    progress: dict[int, int]
    """participant id -> elements scored (levels and 'not sure')."""
    last_time: LastTime
    """What the previous workshop of the series left behind (``last_time.exists`` False: none)."""

    def __init__(
        self,
        framework: Framework,
        *,
        workshop: WorkshopRecord,
        participants: Iterable[ParticipantRecord],
        scores: dict[int, dict[str, Score]],
        notes: dict[int, dict[str, str]],
        agreed: dict[str, AgreedRecord],
        plans: dict[str, DriverPlanRecord],
        detailed: dict[str, DetailedRecord],
        approaches: Iterable[ChosenApproachRecord],
        actions: Iterable[ActionRecord],
        sectors: Iterable[str],
        results: Results | None = None,
        last_time: LastTime = NO_LAST_TIME,
    ) -> None:
        self.framework = framework
        self.workshop = workshop
        self.participants = list(participants)
        self.scores = {p.id: dict(scores.get(p.id, {})) for p in self.participants}
        self.notes = {p.id: dict(notes.get(p.id, {})) for p in self.participants}
        self.agreed = dict(agreed)
        self.plans = dict(plans)
        self.detailed = dict(detailed)
        self.approaches = list(approaches)
        self.actions = list(actions)
        self.sectors = list(sectors)
        self.progress = {pid: len(values) for pid, values in self.scores.items()}
        self.results = results if results is not None else self._compute()
        self.last_time = last_time

    @classmethod
    def load(cls, services, workshop_id: int) -> LiveWorkshop:
        """Everything about one workshop in ONE session (one read transaction), results computed once."""
        with services.db.session() as s:
            workshop = workshop_record(ServiceBase.live_workshop(s, workshop_id))
            participants = services.participants.read_list(s, workshop_id)
            scores, notes = services.scores.read_cells(s, workshop_id)
            agreed = services.scores.read_agreed(s, workshop_id)
            plans = services.planning.read_driver_plans(s, workshop_id)
            detailed = services.planning.read_detailed(s, workshop_id)
            approaches = services.planning.read_chosen_approaches(s, workshop_id)
            actions = services.planning.read_actions(s, workshop_id)
            sectors = services.participants.read_sectors(s)
            last_time = services.series.read_last_time(s, workshop_id)
        # ScoreService.compute also checks that stored levels fit the workbook (damage).
        results = services.scores.compute(
            scores,
            {p.id: p.sector for p in participants},
            {e: r.level for e, r in agreed.items()},
            workshop.divergence_range,
        )
        return cls(
            services.framework,
            workshop=workshop,
            participants=participants,
            scores=scores,
            notes=notes,
            agreed=agreed,
            plans=plans,
            detailed=detailed,
            approaches=approaches,
            actions=actions,
            sectors=sectors,
            results=results,
            last_time=last_time,
        )

    # -- following changes ---------------------------------------------------------------

    def apply(self, changes: Changes) -> Applied:
        """Take in what a use case changed, with no database access; return what was recomputed."""
        if changes.sectors is not None:
            self.sectors = list(changes.sectors)
        if changes.workshop_id is not None and changes.workshop_id != self.workshop.id:
            # The previous workshop of the series may be the one that changed (a reviewed action).
            followed = self.last_time.followed(changes)
            if followed is self.last_time:
                return Applied()
            self.last_time = followed
            return Applied(last_time=True)
        last_time_changed = changes.last_time is not None and changes.last_time != self.last_time
        if changes.last_time is not None:
            self.last_time = changes.last_time
        everything = False
        people: set[int] = set()
        if changes.workshop is not None and changes.workshop.id == self.workshop.id:
            everything = changes.workshop.divergence_range != self.workshop.divergence_range
            self.workshop = changes.workshop
        if changes.participants:
            everything |= self._apply_participants(changes, people)
        rescored: set[str] = set()
        for (pid, eid), cell in changes.scores.items():
            values = self.scores.get(pid)
            if values is None:
                continue  # not a live participant of this workshop
            people.add(pid)
            if values.get(eid) != cell.value:
                rescored.add(eid)
            notes = self.notes[pid]
            if cell.value is None:
                values.pop(eid, None)
            else:
                values[eid] = cell.value
            if cell.note:
                notes[eid] = cell.note
            else:
                notes.pop(eid, None)
            self.progress[pid] = len(values)
        reagreed: set[str] = set()
        for eid, record in changes.agreed.items():
            old = self.agreed.get(eid)
            if record is None:
                self.agreed.pop(eid, None)
            else:
                self.agreed[eid] = record
            if (old.level if old else None) != (record.level if record else None):
                reagreed.add(eid)
        self.plans.update(changes.plans)
        self.detailed.update(changes.detailed)
        if changes.approaches:
            self.approaches = _merged(self.approaches, changes.approaches, key=lambda r: r.id)
        if changes.actions:
            self.actions = _merged(self.actions, changes.actions, key=lambda r: (r.position, r.id))
        if everything:
            self.results = self._compute()
            return Applied(
                elements=frozenset(self.results.elements),
                drivers=frozenset(d.id for d in self.framework.drivers),
                participants=frozenset(people),
                everything=True,
                last_time=last_time_changed,
            )
        drivers = drivers_of(self.framework, rescored | reagreed)
        if rescored or drivers:
            self.results = update_results(
                self.framework,
                self.results,
                self._individual(),
                self._sector_of(),
                self._agreed_levels(),
                elements=rescored,
                drivers=drivers,
                divergence_range=self.workshop.divergence_range,
            )
        return Applied(
            elements=frozenset(rescored),
            drivers=frozenset(drivers),
            participants=frozenset(people),
            last_time=last_time_changed,
        )

    def _apply_participants(self, changes: Changes, people: set[int]) -> bool:
        """Take in added, changed and removed participants; True if all results must be computed again."""
        everything = False
        by_id = {p.id: p for p in self.participants}
        for pid, record in changes.participants.items():
            old = by_id.get(pid)
            if record is None or record.workshop_id != self.workshop.id:
                if old is None:
                    continue
                del by_id[pid]
                for table in (self.scores, self.notes, self.progress):
                    table.pop(pid, None)
                everything = True
            else:
                if old is None:
                    self.scores[pid], self.notes[pid], self.progress[pid] = {}, {}, 0
                    everything = True
                elif old.sector != record.sector:
                    everything = True
                by_id[pid] = record
            people.add(pid)
        self.participants = sorted(by_id.values(), key=lambda p: (p.position, p.id))
        return everything

    # -- results -------------------------------------------------------------------------

    def _individual(self) -> dict[str, dict[str, Score]]:
        return {str(p.id): self.scores[p.id] for p in self.participants}

    def _sector_of(self) -> dict[str, str]:
        return {str(p.id): p.sector for p in self.participants}

    def _agreed_levels(self) -> dict[str, Score]:
        return {e: r.level for e, r in self.agreed.items()}

    def _compute(self) -> Results:
        return compute_results(
            self.framework,
            self._individual(),
            self._sector_of(),
            self._agreed_levels(),
            divergence_range=self.workshop.divergence_range,
        )

    # -- comparing -------------------------------------------------------------------------

    def data(self) -> dict[str, object]:
        """Everything the state holds, by name, as plain values (the workshop without its stamp)."""
        return {
            "workshop": self.workshop.model_dump(exclude={"updated_at"}),
            "participants": list(self.participants),
            "scores": self.scores,
            "notes": self.notes,
            "agreed": self.agreed,
            "plans": self.plans,
            "detailed": self.detailed,
            "approaches": list(self.approaches),
            "actions": list(self.actions),
            "sectors": list(self.sectors),
            "results": self.results,
            "progress": self.progress,
            "last_time": self.last_time,
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LiveWorkshop):
            return NotImplemented
        return self.data() == other.data()

    __hash__ = None  # type: ignore[assignment]  # mutable: follows changes

    def __repr__(self) -> str:
        return f"LiveWorkshop({self.workshop.id}, {self.workshop.title!r}, {len(self.participants)} participants)"


def _merged(records: list, changed, key) -> list:
    """``records`` with ``changed`` (id -> record, None: gone) taken in, sorted by ``key``."""
    by_id = {r.id: r for r in records}
    for rid, record in changed.items():
        if record is None:
            by_id.pop(rid, None)
        else:
            by_id[rid] = record
    return sorted(by_id.values(), key=key)


__all__ = ["Applied", "LiveWorkshop"]
