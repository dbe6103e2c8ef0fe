"""What a use case changed: a typed record built by the service inside its one transaction.

Every write of the services returns a ``Changes`` carrying the NEW values of everything it
changed, so a live state (``services/live.py``) or a view can update itself without reading
the database, and a CLI, an import or another device announces a change the same way as a
key press. ``previous`` holds what the method returned before change records existed (what
it replaced, in the shape an undo needs).

Decisions where the API note is silent:

- A key is named only when what is stored under it really changed: a score set to the value
  it already had names no cell; an import names exactly the cells whose value or note differ.
  Agreements carry ``updated_at``, so re-agreeing the same level still names the element.
- ``workshop`` is set only when the workshop's own fields change (update, PIN, create,
  duplicate, delete, restore), not for the "last updated" stamp every write moves: that stamp
  is bookkeeping for the workshop list, and a live state does not follow it.
- Participants: ``participants[pid] = None`` when one is removed; a removed participant's
  cells leave the workshop and are named in ``scores`` as empty (``value=None``), and a
  restored participant's cells are named with their stored values, so a live state can
  follow without reading. A removed participant's rows are kept in the database for undo.
- ``sectors`` is the global sector list (it belongs to no workshop).
- ``last_time`` is set only by a change of the series link (``SeriesService.set_follows``).
- ``map_features`` names the features of the Commissioning Map whose status, date or note
  changed (``StrategyService.set_map_feature``), with the record now (never None: a feature
  with nothing recorded reads as not started).
- ``a | b``: ``b`` wins per key; ``workshop``, ``sectors``, ``last_time``, ``workshop_id`` and ``previous``
  are ``b``'s unless ``b`` has none; ``workshop_list`` is either's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the GUI imports this module before pydantic is loaded
    from jcs_desktop.content.schema import Framework
    from jcs_desktop.domain.scoring import Score
    from jcs_desktop.services.dto import (
        ActionRecord,
        AgreedRecord,
        ChosenApproachRecord,
        DetailedRecord,
        DriverPlanRecord,
        MapFeatureStatusRecord,
        ParticipantRecord,
        WorkshopRecord,
    )
    from jcs_desktop.services.series import LastTime
    from jcs_desktop.services.worksheets import WorksheetRecord

# Kinds a listener can ask ``touches`` about (the names the ui's notices have always used).
WORKSHOPS = "workshops"
PARTICIPANTS = "participants"
SCORES = "scores"
AGREED = "agreed"
PLANS = "plans"
"""Driver plans, the detailed assessment and chosen approaches."""
ACTIONS = "actions"
"""Actions with their steps, links and review points."""
MAP = "map"
"""The Commissioning Map's feature statuses."""
STRATEGY = "strategy"
"""Strategic Commissioning Template worksheets with their answers and table rows."""
KINDS = frozenset({WORKSHOPS, PARTICIPANTS, SCORES, AGREED, PLANS, ACTIONS, MAP, STRATEGY})

_MAPPINGS = (
    "participants",
    "scores",
    "agreed",
    "plans",
    "detailed",
    "approaches",
    "actions",
    "map_features",
    "worksheets",
)


@dataclass(frozen=True)
class ScoreCell:
    """One participant's individual score on one element, as stored now."""

    participant_id: int
    element_id: str
    value: Score
    """A level, NOT_SURE, or None (cleared: the row is gone, and its note with it)."""
    note: str = ""

    @property
    def key(self) -> tuple[int, str]:
        return (self.participant_id, self.element_id)


@dataclass(frozen=True)
class Changes:
    """What one use case changed, as it is now. Mappings are read-only; equality compares contents."""

    workshop_id: int | None = None
    workshop: WorkshopRecord | None = None
    """The workshop's fields now, when they changed."""
    workshop_list: bool = False
    """Workshops were created, deleted, restored or duplicated."""
    participants: Mapping[int, ParticipantRecord | None] = field(default_factory=dict)
    """Added or updated -> the record now; removed -> None."""
    scores: Mapping[tuple[int, str], ScoreCell] = field(default_factory=dict)
    """(participant id, element id) -> the cell now, for every cell whose value or note changed."""
    agreed: Mapping[str, AgreedRecord | None] = field(default_factory=dict)
    """Element id -> the agreement now (None: none)."""
    plans: Mapping[str, DriverPlanRecord] = field(default_factory=dict)
    detailed: Mapping[str, DetailedRecord] = field(default_factory=dict)
    approaches: Mapping[int, ChosenApproachRecord | None] = field(default_factory=dict)
    """Chosen-approach id -> the record now (None: unchosen)."""
    actions: Mapping[int, ActionRecord | None] = field(default_factory=dict)
    """Action id -> the record now with its steps, links and review points (None: deleted)."""
    map_features: Mapping[str, MapFeatureStatusRecord] = field(default_factory=dict)
    """Map feature id -> its status, date and note now."""
    worksheets: Mapping[int, WorksheetRecord | None] = field(default_factory=dict)
    """Worksheet id -> the worksheet now with its answers and rows (None: removed)."""
    sectors: tuple[str, ...] | None = None
    """The sector list, when it changed."""
    last_time: LastTime | None = None
    """What the workshop's previous one in its series left behind, when the series link changed
    (``LastTime(None)``: it follows none now)."""
    previous: object = None
    """What the use case replaced (what it returned before change records), for undo."""

    def __post_init__(self) -> None:
        for name in _MAPPINGS:
            value = getattr(self, name)
            object.__setattr__(self, name, MappingProxyType(dict(value)))
        if self.sectors is not None:
            object.__setattr__(self, "sectors", tuple(self.sectors))

    __hash__ = None  # type: ignore[assignment]  # holds mappings: compared by content, never hashed

    # -- combining and asking ----------------------------------------------------------------

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        merged = {name: {**getattr(self, name), **getattr(other, name)} for name in _MAPPINGS}
        return Changes(
            workshop_id=other.workshop_id if other.workshop_id is not None else self.workshop_id,
            workshop=other.workshop if other.workshop is not None else self.workshop,
            workshop_list=self.workshop_list or other.workshop_list,
            sectors=other.sectors if other.sectors is not None else self.sectors,
            last_time=other.last_time if other.last_time is not None else self.last_time,
            previous=other.previous if other.previous is not None else self.previous,
            **merged,
        )

    @classmethod
    def merged(cls, records: Sequence[Changes]) -> Changes:
        """All of ``records`` as one, later ones winning: what ``reduce(operator.or_, records)``
        gives, in one pass (a burst of answers from forty devices is a few hundred records, and
        ``|`` in a loop copies the growing mappings once per record)."""
        if len(records) == 1:
            return records[0]
        merged: dict[str, dict] = {name: {} for name in _MAPPINGS}
        latest: dict[str, object] = {
            "workshop_id": None,
            "workshop": None,
            "sectors": None,
            "last_time": None,
            "previous": None,
        }
        workshop_list = False
        for record in records:
            for name in _MAPPINGS:
                merged[name].update(getattr(record, name))
            for name in latest:
                value = getattr(record, name)
                if value is not None:
                    latest[name] = value
            workshop_list = workshop_list or record.workshop_list
        return cls(workshop_list=workshop_list, **latest, **merged)

    def with_previous(self, previous: object) -> Changes:
        """The same record with another ``previous`` (a use case built from others returns its own)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Changes(**{**values, "previous": previous})

    @property
    def is_empty(self) -> bool:
        """Nothing is named (``previous`` does not count)."""
        return not (
            self.workshop is not None
            or self.workshop_list
            or self.sectors is not None
            or self.last_time is not None
            or any(getattr(self, name) for name in _MAPPINGS)
        )

    def kinds(self) -> frozenset[str]:
        found = set()
        if self.workshop is not None or self.workshop_list:
            found.add(WORKSHOPS)
        if self.participants or self.sectors is not None:
            found.add(PARTICIPANTS)
        if self.scores:
            found.add(SCORES)
        if self.agreed:
            found.add(AGREED)
        if self.plans or self.detailed or self.approaches:
            found.add(PLANS)
        if self.actions:
            found.add(ACTIONS)
        if self.map_features:
            found.add(MAP)
        if self.worksheets:
            found.add(STRATEGY)
        return frozenset(found)

    def touches(self, *kinds: str) -> bool:
        """Whether any of ``kinds`` (WORKSHOPS, PARTICIPANTS, SCORES, AGREED, PLANS, ACTIONS, MAP, STRATEGY) changed."""
        unknown = set(kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown kind(s) of change: {', '.join(sorted(unknown))}")
        return bool(self.kinds().intersection(kinds))

    def elements(self) -> set[str]:
        """Element ids whose individual scores or agreement changed."""
        return {eid for _pid, eid in self.scores} | set(self.agreed)

    def drivers(self, framework: Framework) -> set[str]:
        """Driver ids whose results or plan may have changed: those holding ``elements()``, and changed plans."""
        return drivers_of(framework, self.elements()) | set(self.plans)


def drivers_of(framework: Framework, element_ids: Iterable[str]) -> set[str]:
    """The drivers holding these elements."""
    wanted = set(element_ids)
    return {d.id for d in framework.drivers if any(e.id in wanted for e in d.elements)}


__all__ = [
    "ACTIONS",
    "AGREED",
    "KINDS",
    "MAP",
    "PARTICIPANTS",
    "PLANS",
    "SCORES",
    "STRATEGY",
    "WORKSHOPS",
    "Changes",
    "ScoreCell",
    "drivers_of",
]


@dataclass(frozen=True)
class Applied:
    """What ``LiveWorkshop.apply`` recomputed, for views to refresh just that."""

    elements: frozenset[str] = frozenset()
    """Elements whose statistics were computed again."""
    drivers: frozenset[str] = frozenset()
    """Drivers whose results (totals, bands, gap) were computed again."""
    participants: frozenset[int] = frozenset()
    """Participants whose record, scores, notes or progress changed."""
    everything: bool = False
    """All results were computed again (participants, sectors or the divergence range changed)."""
    last_time: bool = False
    """What the previous workshop of the series left behind changed (a new link, a reviewed action)."""

    @property
    def is_empty(self) -> bool:
        return not (self.elements or self.drivers or self.participants or self.everything or self.last_time)
