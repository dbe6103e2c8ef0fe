"""What every service shares: the database, the framework, and plain errors."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

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
    def stamp(
        session: Session | Connection, workshop_id: int, *, participants: int = 0, scored: int = 0, agreed: int = 0
    ) -> None:
        """Mark the workshop as changed ("last updated" in the list) and move its kept progress counts.

        One UPDATE, without loading the workshop. The counts move by the given differences
        (``count = count + d``), which stays right when two writers change the same
        workshop at once; each caller passes what its own statements did (rows inserted or
        deleted), never what it read earlier.
        """
        params = {"wid": workshop_id, "at": now(), "dp": participants, "ds": scored, "da": agreed}
        if isinstance(session, Connection):
            session.execute(_STAMP, params)
            return
        session.connection().execute(_STAMP, params)
        # A Workshop already loaded in this session would otherwise show the old values.
        loaded = session.identity_map.get(identity_key(Workshop, workshop_id))
        if loaded is not None:
            session.expire(loaded, ["updated_at", "participant_count", "scored_count", "agreed_count"])


def _stamp_statement():
    # Built once: every saved score runs it, and building it cost more than running it.
    table = Workshop.__table__
    c = table.c
    return (
        update(table)
        .where(c.id == bindparam("wid"))
        .values(
            {
                c.updated_at: bindparam("at"),
                c.participant_count: c.participant_count + bindparam("dp"),
                c.scored_count: c.scored_count + bindparam("ds"),
                c.agreed_count: c.agreed_count + bindparam("da"),
            }
        )
    )


_STAMP = _stamp_statement()
