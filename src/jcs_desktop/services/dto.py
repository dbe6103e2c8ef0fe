"""Records the services take and return: validated input, detached plain output.

The GUI and the CLI never see ORM objects, so nothing they hold can trigger SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jcs_desktop.services.summary import WorkshopSummary as WorkshopSummary  # re-exported
from jcs_desktop.services.text import LONG, NAME, SECTOR, SHORT, strip_controls
from jcs_desktop.store.errors import DamagedRow

Route = Literal["individual", "consensus"]


class _In(BaseModel):
    """Input from the GUI or the CLI; length limits are those of ``services/text.py``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_controls(cls, data: object) -> object:
        # Before any other check, so that limits count what will be stored.
        if isinstance(data, dict):
            return {k: strip_controls(v) for k, v in data.items()}
        return data


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    # Output records are built from stored rows only: a value that does not fit means the
    # database is damaged (SQLite keeps any value in any column), not that the user erred.

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _damaged(exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            if isinstance(obj, dict | BaseModel):
                raise
            raise _damaged(exc) from None


def _damaged(exc: ValidationError) -> DamagedRow:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "value"
    return DamagedRow(f"a stored {field} cannot be read: {first['msg']}")


# --- workshops ----------------------------------------------------------------------


class WorkshopFields(_In):
    title: str = Field(min_length=1, max_length=NAME)
    partnership: str = Field(default="", max_length=NAME)
    locality: str = Field(default="", max_length=NAME)
    date: dt.date | None = None
    venue: str = Field(default="", max_length=NAME)
    facilitator: str = Field(default="", max_length=NAME)
    route: Route = "individual"
    notes: str = Field(default="", max_length=LONG)
    divergence_range: int = Field(default=2, ge=1, le=10)


class WorkshopRecord(_Out):
    id: int
    uuid: str = ""
    """Unique across databases; carried by entry templates."""
    framework_id: str
    title: str
    partnership: str
    locality: str
    date: dt.date | None
    venue: str
    facilitator: str
    route: Route
    notes: str
    divergence_range: int
    has_pin: bool = False
    follows_workshop_id: int | None
    exclude_from_benchmarks: bool = False
    """Left out of benchmarking (``WorkshopService.set_exclude_from_benchmarks``)."""
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None

    def fields(self) -> WorkshopFields:
        return WorkshopFields.model_validate(self.model_dump(include=set(WorkshopFields.model_fields)))


# --- participants -------------------------------------------------------------------


class ParticipantFields(_In):
    display_name: str = Field(min_length=1, max_length=NAME)
    organisation: str = Field(default="", max_length=NAME)
    sector: str = Field(default="", max_length=SECTOR)
    role: str = Field(default="", max_length=NAME)


class ParticipantRecord(_Out):
    id: int
    uuid: str = ""
    workshop_id: int
    display_name: str
    organisation: str
    sector: str
    role: str
    anonymous_label: str
    position: int

    def fields(self) -> ParticipantFields:
        return ParticipantFields.model_validate(self.model_dump(include=set(ParticipantFields.model_fields)))


# --- scores -------------------------------------------------------------------------


class ScoreRecord(_Out):
    participant_id: int
    element_id: str
    level: int | None
    not_sure: bool
    note: str
    updated_at: dt.datetime


class AgreedRecord(_Out):
    workshop_id: int
    element_id: str
    level: int
    rationale: str
    with_reservations: bool
    reservation_note: str
    updated_at: dt.datetime | None = None


# --- plans and actions ----------------------------------------------------------------


class DriverPlanRecord(_Out):
    workshop_id: int
    driver_id: str
    improvement_target: str = ""
    target_level: int | None = None
    priority: int | None = None


class DetailedRecord(_Out):
    workshop_id: int
    element_id: str
    refined_level: int | None = None
    notes: str = ""


class ChosenApproachRecord(_Out):
    id: int
    workshop_id: int
    element_id: str
    level: int
    approach_index: int | None
    text: str
    action_id: int | None


class ActionFields(_In):
    achieve: str = Field(default="", max_length=SHORT)
    so_that: str = Field(default="", max_length=SHORT)
    by_when: dt.date | None = None
    involving: str = Field(default="", max_length=SHORT)
    how_critical: str = Field(default="", max_length=SHORT)
    resources: str = Field(default="", max_length=SHORT)
    purpose: str = Field(default="", max_length=SHORT)
    lead: str = Field(default="", max_length=SHORT)
    support: str = Field(default="", max_length=SHORT)
    difference: str = Field(default="", max_length=SHORT)


class LinkRecord(_Out):
    driver_id: str
    element_id: str | None = None


ReviewStatus = Literal["done", "partly", "not-started", "dropped"]
"""How far a reviewed action got (``store.models.REVIEW_STATUSES``)."""
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("done", "partly", "not-started", "dropped")
UNFINISHED: frozenset[ReviewStatus | None] = frozenset({None, "partly", "not-started"})
"""Statuses of an action worth carrying forward (None: not reviewed yet)."""


class ReviewPointFields(_In):
    date: dt.date | None = None
    expected: str = Field(default="", max_length=SHORT)
    achieved: str = Field(default="", max_length=SHORT)
    learning: str = Field(default="", max_length=SHORT)
    status: ReviewStatus | None = None
    """None: no status recorded (every ordinary delivery-plan row)."""


class ReviewPointRecord(_Out):
    id: int
    action_id: int
    position: int
    date: dt.date | None
    expected: str
    achieved: str
    learning: str
    status: ReviewStatus | None = None
    workshop_id: int | None = None
    """The workshop at which this review was made (``PlanningService.review_action``); None otherwise."""


class ActionRecord(_Out):
    id: int
    workshop_id: int
    position: int
    achieve: str
    so_that: str
    by_when: dt.date | None
    involving: str
    how_critical: str
    resources: str
    purpose: str
    lead: str
    support: str
    difference: str
    steps: list[str]
    links: list[LinkRecord]
    review_points: list[ReviewPointRecord]
    carried_from_action_id: int | None = None
    """The action of an earlier workshop this one carries forward (``PlanningService.carry_forward``)."""

    @field_validator("steps", mode="before")
    @classmethod
    def _step_texts(cls, value: object) -> object:
        if isinstance(value, list):
            return [getattr(s, "text", s) for s in value]
        return value

    def fields(self) -> ActionFields:
        return ActionFields.model_validate(self.model_dump(include=set(ActionFields.model_fields)))

    def problems(self, today: dt.date | None = None) -> list[str]:
        """What the walk-through flags: an empty aim, a date already past, no lead, no review point."""
        today = today or dt.date.today()
        found = []
        if not self.achieve.strip():
            found.append("empty-achieve")
        if self.by_when is not None and self.by_when < today:
            found.append("past-date")
        if not self.lead.strip():
            found.append("no-lead")
        if not self.review_points:
            found.append("no-review-point")
        return found


class Commitment(_Out):
    """One of last time's actions as a follow-up workshop reviews it (``PlanningService.commitments``)."""

    action: ActionRecord
    """The previous workshop's action, with its whole delivery plan."""
    review: ReviewPointRecord | None = None
    """The review made at this workshop (one of the action's review points), if any."""
    carried_forward_id: int | None = None
    """The live action of this workshop that carries it forward, if any."""

    @property
    def id(self) -> int:
        """The action's id (a row of a table of commitments is named by it)."""
        return self.action.id

    @property
    def status(self) -> ReviewStatus | None:
        """The status recorded at this workshop; None when not reviewed (or reviewed without one)."""
        return self.review.status if self.review is not None else None

    @property
    def can_carry_forward(self) -> bool:
        """Unfinished (not done, not dropped) and not carried forward yet."""
        return self.carried_forward_id is None and self.status in UNFINISHED


# --- the Commissioning Map as a tracker ----------------------------------------------

MapStatus = Literal["not-started", "in-progress", "done"]
"""How far the partnership has got with a feature of the map (``store.models.MAP_STATUSES``)."""
MAP_STATUSES: tuple[MapStatus, ...] = ("not-started", "in-progress", "done")


class MapFeatureFields(_In):
    status: MapStatus
    date: dt.date | None = None
    note: str = Field(default="", max_length=LONG)


class MapFeatureStatusRecord(_Out):
    """Where a workshop's partnership stands on one feature of the map (``StrategyService``).

    A feature with nothing recorded reads as not started, with no date and no note.
    """

    workshop_id: int
    feature_id: str
    status: MapStatus = "not-started"
    date: dt.date | None = None
    note: str = ""

    @property
    def is_default(self) -> bool:
        """Nothing recorded: not started, no date, no note."""
        return self.status == "not-started" and self.date is None and not self.note
