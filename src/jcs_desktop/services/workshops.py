"""Use cases for workshops, participants and the sector list."""

from __future__ import annotations

import hashlib
import hmac
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError, now, validate
from jcs_desktop.services.changes import Changes, ScoreCell
from jcs_desktop.services.dto import (
    ParticipantFields,
    ParticipantRecord,
    WorkshopFields,
    WorkshopRecord,
    WorkshopSummary,
)
from jcs_desktop.services.scores import score_value
from jcs_desktop.services.text import NAME, SECTOR, clean_text, strip_controls
from jcs_desktop.store.models import IndividualScore, Participant, Sector, Workshop


def stored_record(s: Session, workshop: Workshop) -> WorkshopRecord:
    """The record as a later read will give it (SQLite hands back its own form of a timestamp)."""
    s.flush()
    s.refresh(workshop)
    return workshop_record(workshop)


def workshop_record(workshop: Workshop) -> WorkshopRecord:
    data = {c: getattr(workshop, c) for c in WorkshopRecord.model_fields if c != "has_pin"}
    return WorkshopRecord(**data, has_pin=workshop.pin_hash is not None)


PIN_SCHEME = "pbkdf2_sha256"
PIN_ITERATIONS = 100_000
"""PBKDF2-HMAC-SHA256 rounds: about 40 ms a check on a laptop, so checking on the GUI thread stays
unnoticed. A 4-8 digit PIN is guarded against guessing at the screen by the growing wait after
wrong PINs, and against a copied file by the file's permissions; the rounds only slow the rest."""
_LEGACY_ITERATIONS = 100_000  # "salt$digest", stored before the scheme and rounds were recorded


def _hash_pin(pin: str, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> str:
    """A salted slow hash, "pbkdf2_sha256$rounds$salt$digest": the PIN itself is never stored."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{PIN_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def _pin_matches(stored: str, pin: str) -> bool:
    parts = stored.split("$")
    try:
        if len(parts) == 4 and parts[0] == PIN_SCHEME:
            iterations, salt, digest = int(parts[1]), bytes.fromhex(parts[2]), parts[3]
        elif len(parts) == 2:
            iterations, salt, digest = _LEGACY_ITERATIONS, bytes.fromhex(parts[0]), parts[1]
        else:
            return False
    except ValueError:
        return False  # a damaged value never matches, and never raises
    if not 1 <= iterations <= 10_000_000 or not salt:
        return False
    computed = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations).hex()
    return hmac.compare_digest(computed, digest)


class WorkshopService(ServiceBase):
    def create(self, fields: WorkshopFields | dict) -> Changes:
        """A new workshop; ``.previous`` is its record."""
        data = validate(WorkshopFields, fields)
        with self.db.session() as s:
            workshop = Workshop(framework_id=self.framework.id, **data.model_dump())
            s.add(workshop)
            s.flush()
            record = stored_record(s, workshop)
            return Changes(workshop_id=record.id, workshop=record, workshop_list=True, previous=record)

    def get(self, workshop_id: int) -> WorkshopRecord:
        with self.db.session() as s:
            return workshop_record(self.live_workshop(s, workshop_id))

    def find_by_uuid(self, uuid: str) -> WorkshopRecord | None:
        """The live workshop with this identity in this database, if any."""
        with self.db.session() as s:
            workshop = s.scalars(select(Workshop).where(Workshop.uuid == uuid, Workshop.deleted_at.is_(None))).first()
            return workshop_record(workshop) if workshop is not None else None

    def update(self, workshop_id: int, fields: WorkshopFields | dict) -> Changes:
        """Replace the editable fields; ``.previous`` is the record as it was, for undo."""
        data = validate(WorkshopFields, fields)
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            before = workshop_record(workshop)
            for key, value in data.model_dump().items():
                setattr(workshop, key, value)
            workshop.updated_at = now()
            s.flush()
            return Changes(workshop_id=workshop_id, workshop=stored_record(s, workshop), previous=before)

    def list(self, search: str = "") -> list[WorkshopSummary]:
        """Live workshops with participant counts and scoring progress, newest first."""
        elements = len(self.framework.element_ids())
        with self.db.session() as s:
            # The counts are kept on the row (``ServiceBase.stamp``): one table, no aggregation.
            query = (
                select(
                    Workshop.id,
                    Workshop.title,
                    Workshop.partnership,
                    Workshop.date,
                    Workshop.route,
                    Workshop.participant_count,
                    Workshop.scored_count,
                    Workshop.agreed_count,
                    Workshop.updated_at,
                    Workshop.follows_workshop_id,
                )
                .where(Workshop.deleted_at.is_(None))
                .order_by(Workshop.date.desc().nulls_last(), Workshop.id.desc())
            )
            search = str(strip_controls(search)).strip()
            if search:
                like = f"%{search}%"
                query = query.where(
                    Workshop.title.ilike(like) | Workshop.partnership.ilike(like) | Workshop.locality.ilike(like)
                )
            return [
                WorkshopSummary(
                    id=w.id,
                    title=w.title,
                    partnership=w.partnership,
                    date=w.date,
                    route=w.route,
                    participants=w.participant_count,
                    scored=w.scored_count,
                    expected=w.participant_count * elements,
                    agreed=w.agreed_count,
                    elements=elements,
                    updated_at=w.updated_at,
                    follows_id=w.follows_workshop_id,
                )
                for w in s.execute(query)
            ]

    def delete(self, workshop_id: int) -> Changes:
        """Soft delete: hidden everywhere, restorable by ``restore`` (undo)."""
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            workshop.deleted_at = now()
            return Changes(workshop_id=workshop_id, workshop=stored_record(s, workshop), workshop_list=True)

    def restore(self, workshop_id: int) -> Changes:
        with self.db.session() as s:
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound(f"no workshop with id {workshop_id}")
            workshop.deleted_at = None
            return Changes(workshop_id=workshop_id, workshop=stored_record(s, workshop), workshop_list=True)

    def duplicate_as_follow_up(self, workshop_id: int, title: str | None = None) -> Changes:
        """A new workshop for the same partnership with the same participants and no scores.

        ``.previous`` is the new workshop's record; the record names it and its participants.
        """
        title = clean_text(title, "title", NAME) if title is not None else ""
        with self.db.session() as s:
            source = self.live_workshop(s, workshop_id)
            suffix = " (follow-up)"
            copy = Workshop(
                framework_id=source.framework_id,
                # A title already at its limit still gets a follow-up that fits.
                title=title or source.title[: NAME - len(suffix)].rstrip() + suffix,
                partnership=source.partnership,
                locality=source.locality,
                venue=source.venue,
                facilitator=source.facilitator,
                route=source.route,
                divergence_range=source.divergence_range,
                pin_hash=source.pin_hash,
                follows_workshop_id=source.id,
            )
            s.add(copy)
            s.flush()
            people = [
                Participant(
                    workshop_id=copy.id,
                    display_name=p.display_name,
                    organisation=p.organisation,
                    sector=p.sector,
                    role=p.role,
                    anonymous_label=p.anonymous_label,
                    position=p.position,
                )
                for p in source.participants
                if p.deleted_at is None
            ]
            s.add_all(people)
            copy.participant_count = len(people)
            s.flush()
            record = stored_record(s, copy)
            return Changes(
                workshop_id=copy.id,
                workshop=record,
                workshop_list=True,
                participants={p.id: ParticipantRecord.model_validate(p) for p in people},
                previous=record,
            )

    def set_exclude_from_benchmarks(self, workshop_id: int, excluded: bool) -> Changes:
        """Keep the workshop out of benchmarking (True) or count it again (False).

        ``.previous`` is the value it had, for undo; the record carries the workshop.
        """
        if not isinstance(excluded, bool):
            raise ServiceError("excluded from benchmarks must be true or false")
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            before = workshop.exclude_from_benchmarks
            workshop.exclude_from_benchmarks = excluded
            workshop.updated_at = now()
            return Changes(workshop_id=workshop_id, workshop=stored_record(s, workshop), previous=before)

    # -- the participant-mode PIN -----------------------------------------------------

    def set_pin(self, workshop_id: int, pin: str | None) -> Changes:
        """Set (or with None/"" clear) the PIN that lets the facilitator leave participant mode."""
        if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise ServiceError("the PIN must be 4 to 8 digits")
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            workshop.pin_hash = _hash_pin(pin) if pin else None
            return Changes(workshop_id=workshop_id, workshop=stored_record(s, workshop))

    def check_pin(self, workshop_id: int, pin: str) -> bool:
        with self.db.session() as s:
            stored = self.live_workshop(s, workshop_id).pin_hash
        if stored is None:
            return False
        return _pin_matches(stored, pin)


class ParticipantService(ServiceBase):
    def list(self, workshop_id: int) -> list[ParticipantRecord]:
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            return self.read_list(s, workshop_id)

    @staticmethod
    def read_list(s: Session, workshop_id: int) -> list[ParticipantRecord]:
        """The live participants in order, in session ``s``."""
        rows = s.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None))
            .order_by(Participant.position, Participant.id)
        )
        return [ParticipantRecord.model_validate(p) for p in rows]

    def get(self, participant_id: int) -> ParticipantRecord:
        with self.db.session() as s:
            return ParticipantRecord.model_validate(self.live_participant(s, participant_id))

    def add(self, workshop_id: int, fields: ParticipantFields | dict) -> Changes:
        """A new participant at the end; ``.previous`` is their record."""
        data = validate(ParticipantFields, fields)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            record = ParticipantRecord.model_validate(self._add(s, workshop_id, data))
            return Changes(workshop_id=workshop_id, participants={record.id: record}, previous=record)

    def add_many(self, workshop_id: int, rows: list[ParticipantFields | dict]) -> Changes:
        """Add several participants in one transaction (e.g. a pasted list): all or nothing.

        ``.previous`` is the list of their records.
        """
        data = [validate(ParticipantFields, r) for r in rows]
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            records = [ParticipantRecord.model_validate(self._add(s, workshop_id, d)) for d in data]
            return Changes(workshop_id=workshop_id, participants={r.id: r for r in records}, previous=records)

    def _add(self, s, workshop_id: int, data: ParticipantFields) -> Participant:
        existing = s.scalars(select(Participant).where(Participant.workshop_id == workshop_id)).all()
        labels = {p.anonymous_label for p in existing}
        n = len(existing) + 1
        while f"P{n}" in labels:
            n += 1
        participant = Participant(
            workshop_id=workshop_id,
            anonymous_label=f"P{n}",
            position=max((p.position for p in existing), default=-1) + 1,
            **data.model_dump(),
        )
        s.add(participant)
        s.flush()
        self.stamp(s, workshop_id, participants=1)
        return participant

    def update(self, participant_id: int, fields: ParticipantFields | dict) -> Changes:
        """Replace the editable fields; ``.previous`` is the record as it was, for undo."""
        data = validate(ParticipantFields, fields)
        with self.db.session() as s:
            participant = self.live_participant(s, participant_id)
            before = ParticipantRecord.model_validate(participant)
            for key, value in data.model_dump().items():
                setattr(participant, key, value)
            self.stamp(s, participant.workshop_id)
            after = ParticipantRecord.model_validate(participant)
            changed = {participant_id: after} if after != before else {}
            return Changes(workshop_id=participant.workshop_id, participants=changed, previous=before)

    def remove(self, participant_id: int) -> Changes:
        """Soft delete, keeping the participant's scores so undo restores everything.

        The record names the participant (None) and their cells, which leave the workshop.
        """
        return self.remove_many([participant_id])

    def remove_many(self, participant_ids: list[int]) -> Changes:
        """Remove several participants in ONE transaction (all, or none); see ``remove``."""
        with self.db.session() as s:
            changes = Changes()
            for participant_id in participant_ids:
                participant = self.live_participant(s, participant_id)
                participant.deleted_at = now()
                cells = {
                    (participant_id, eid): ScoreCell(participant_id, eid, None)
                    for eid in s.scalars(
                        select(IndividualScore.element_id).where(IndividualScore.participant_id == participant_id)
                    )
                }
                # Their scores stop counting with them (and count again if they are restored).
                self.stamp(s, participant.workshop_id, participants=-1, scored=-len(cells))
                changes |= Changes(
                    workshop_id=participant.workshop_id, participants={participant_id: None}, scores=cells
                )
            return changes

    def restore(self, participant_id: int) -> Changes:
        """Bring a removed participant back; the record names them and their cells as stored."""
        return self.restore_many([participant_id])

    def restore_many(self, participant_ids: list[int]) -> Changes:
        """Bring several removed participants back in ONE transaction (all, or none); see ``restore``."""
        with self.db.session() as s:
            changes = Changes()
            for participant_id in participant_ids:
                participant = s.get(Participant, participant_id)
                if participant is None:
                    raise NotFound(f"no participant with id {participant_id}")
                was_removed = participant.deleted_at is not None
                participant.deleted_at = None
                if not was_removed:
                    changes |= Changes(workshop_id=participant.workshop_id)
                    continue
                cells = {}
                for row in s.scalars(select(IndividualScore).where(IndividualScore.participant_id == participant_id)):
                    cell = ScoreCell(participant_id, row.element_id, score_value(row), row.note)
                    cells[cell.key] = cell
                self.stamp(s, participant.workshop_id, participants=1, scored=len(cells))
                changes |= Changes(
                    workshop_id=participant.workshop_id,
                    participants={participant_id: ParticipantRecord.model_validate(participant)},
                    scores=cells,
                )
            return changes

    # -- sectors ------------------------------------------------------------------------

    def sectors(self) -> list[str]:
        with self.db.session() as s:
            return self.read_sectors(s)

    @staticmethod
    def read_sectors(s: Session) -> list[str]:
        return list(s.scalars(select(Sector.name).order_by(Sector.position, Sector.id)))

    def set_sectors(self, names: list[str]) -> Changes:
        """Replace the sector list (shared by every workshop)."""
        cleaned = [clean_text(n, "sector name", SECTOR) for n in names]
        cleaned = [n for n in cleaned if n]
        if not cleaned:
            raise ServiceError("the sector list cannot be empty")
        if len({n.casefold() for n in cleaned}) != len(cleaned):
            raise ServiceError("sector names must be different from each other")
        with self.db.session() as s:
            for sector in s.scalars(select(Sector)):
                s.delete(sector)
            s.flush()
            s.add_all(Sector(name=n, position=i) for i, n in enumerate(cleaned))
        return Changes(sectors=tuple(cleaned))
