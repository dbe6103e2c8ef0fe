"""What every service shares: the database, the framework, and plain errors."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.errors import NotFound, ServiceError, too_long
from jcs_desktop.store.db import Database
from jcs_desktop.store.models import Participant, Workshop

M = TypeVar("M", bound=BaseModel)

__all__ = ["NotFound", "ServiceBase", "ServiceError", "now", "too_long", "validate"]


def validate(model: type[M], data: object) -> M:
    """Validate ``data`` into ``model``; turn pydantic's errors into one readable ServiceError."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        parts = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "input"
            if err["type"] == "string_too_long" and isinstance(err.get("input"), str):
                limit = err.get("ctx", {}).get("max_length", 0)
                parts.append(too_long(field.replace("_", " "), len(err["input"].strip()), limit))
                continue
            parts.append(f"{field}: {err['msg']}")
        raise ServiceError("; ".join(parts)) from None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ServiceBase:
    def __init__(self, db: Database, framework: Framework) -> None:
        self.db = db
        self.framework = framework
        self._element_ids = frozenset(framework.element_ids())
        self._driver_ids = frozenset(d.id for d in framework.drivers)

    # -- checks shared by services ----------------------------------------------------

    def check_element(self, element_id: str) -> str:
        if element_id not in self._element_ids:
            raise ServiceError(f"unknown element id {element_id!r}")
        return element_id

    def check_driver(self, driver_id: str) -> str:
        if driver_id not in self._driver_ids:
            raise ServiceError(f"unknown driver id {driver_id!r}")
        return driver_id

    def check_level(self, level: int | None, *, allow_none: bool = True) -> int | None:
        if level is None:
            if allow_none:
                return None
            raise ServiceError("a level is required")
        k = self.framework.level_count
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= k:
            raise ServiceError(f"level must be a whole number from 1 to {k}, not {level!r}")
        return level

    @staticmethod
    def live_workshop(session: Session, workshop_id: int) -> Workshop:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or workshop.deleted_at is not None:
            raise NotFound(f"no workshop with id {workshop_id}")
        return workshop

    @staticmethod
    def live_participant(session: Session, participant_id: int) -> Participant:
        participant = session.get(Participant, participant_id)
        if participant is None or participant.deleted_at is not None:
            raise NotFound(f"no participant with id {participant_id}")
        return participant

    @staticmethod
    def touch(session: Session, workshop_id: int) -> None:
        """Mark the workshop as changed, for 'last updated' in the list."""
        workshop = session.get(Workshop, workshop_id)
        if workshop is not None:
            workshop.updated_at = now()
