"""Use cases for individual scores, agreed scores and the computed results.

Every write is its own short transaction, so a crash loses nothing already entered.
Setters return what was there before, which is what an undo command needs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from jcs_desktop.domain.scoring import NOT_SURE, Results, Score, ScoreError, check_score, compute_results
from jcs_desktop.services.base import ServiceBase, ServiceError, now
from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.services.text import LONG, SHORT, clean_text
from jcs_desktop.store.db import DamagedRow
from jcs_desktop.store.models import AgreedScore, IndividualScore, Participant, Workshop
from jcs_desktop.store.upsert import upsert

_UNSET: Any = object()


class ChangedElsewhere(ServiceError):
    """Undo found a value other than the one it set: someone else changed it since."""


def _label(value: Score) -> str:
    if value is None:
        return "not scored"
    return "not sure" if value == NOT_SURE else f"level {value}"


def _same_agreement(a: AgreedRecord | None, b: AgreedRecord | None) -> bool:
    if a is None or b is None:
        return a is b
    keys = ("level", "rationale", "with_reservations", "reservation_note")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _value(row: IndividualScore | None) -> Score:
    if row is None:
        return None
    if row.not_sure:
        return NOT_SURE
    return _stored_level(row.level)


def _stored_level(level: object) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level < 1:
        raise DamagedRow(f"a stored score has the level {level!r}")
    return level


class ScoreService(ServiceBase):
    # -- individual scores ------------------------------------------------------------

    def set_score(self, participant_id: int, element_id: str, value: Score, *, expected: Score = _UNSET) -> Score:
        """Record ``value`` (a level, NOT_SURE, or None to clear); return the previous value.

        With ``expected`` (what undo believes is stored), nothing is written unless the
        stored value is still that: another window or process may have changed it since.
        """
        check = None if expected is _UNSET else {participant_id: {element_id: expected}}
        return self._write({participant_id: {element_id: value}}, expected=check)[participant_id][element_id]

    def get_score(self, participant_id: int, element_id: str) -> Score:
        with self.db.session() as s:
            return _value(
                s.scalar(
                    select(IndividualScore).where(
                        IndividualScore.participant_id == participant_id, IndividualScore.element_id == element_id
                    )
                )
            )

    def set_note(self, participant_id: int, element_id: str, note: str) -> str:
        """Attach a short note to a scored element; returns the previous note."""
        self.check_element(element_id)
        note = clean_text(note, "note", SHORT)
        with self.db.session() as s:
            self.live_participant(s, participant_id)
            row = s.scalar(
                select(IndividualScore).where(
                    IndividualScore.participant_id == participant_id, IndividualScore.element_id == element_id
                )
            )
            if row is None:
                raise ServiceError("score the element before adding a note to it")
            previous, row.note = row.note, note
            return previous

    def notes_for_participant(self, participant_id: int) -> dict[str, str]:
        with self.db.session() as s:
            rows = s.execute(
                select(IndividualScore.element_id, IndividualScore.note).where(
                    IndividualScore.participant_id == participant_id, IndividualScore.note != ""
                )
            )
            return dict(rows.all())

    def scores_for_participant(self, participant_id: int) -> dict[str, Score]:
        with self.db.session() as s:
            rows = s.scalars(select(IndividualScore).where(IndividualScore.participant_id == participant_id))
            return {r.element_id: _value(r) for r in rows}

    def scores_for_workshop(self, workshop_id: int) -> dict[int, dict[str, Score]]:
        """participant id -> element id -> score, for every live participant (even with no scores)."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            ids = s.scalars(
                select(Participant.id)
                .where(Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None))
                .order_by(Participant.position, Participant.id)
            ).all()
            result: dict[int, dict[str, Score]] = {pid: {} for pid in ids}
            rows = s.scalars(select(IndividualScore).where(IndividualScore.participant_id.in_(ids)))
            for r in rows:
                result[r.participant_id][r.element_id] = _value(r)
            return result

    def set_many(self, participant_id: int, values: dict[str, Score]) -> dict[str, Score]:
        """Set several scores of one participant in one transaction; returns the previous values."""
        return self._write({participant_id: values}).get(participant_id, {})

    def import_scores(self, workshop_id: int, values: dict[int, dict[str, Score]]) -> dict[int, dict[str, Score]]:
        """Set many participants' scores in ONE transaction: all are written, or none.

        ``values`` maps participant id -> element id -> score (None clears). Every
        participant must be a live participant of ``workshop_id``. Returns the previous
        values in the same shape, so importing them back undoes the import.
        """
        return self._write(values, workshop_id=workshop_id)

    def _write(
        self,
        values: dict[int, dict[str, Score]],
        *,
        workshop_id: int | None = None,
        expected: dict[int, dict[str, Score]] | None = None,
    ) -> dict[int, dict[str, Score]]:
        """The one place individual scores are written: validate everything, then one transaction."""
        several = sum(len(v) for v in values.values()) > 1
        for participant_id, scores in values.items():
            for element_id, value in scores.items():
                self.check_element(element_id)
                try:
                    check_score(value, self.framework.level_count)
                except ScoreError as exc:
                    where = f"participant {participant_id}, {element_id}: " if several else ""
                    raise ServiceError(f"{where}{exc}") from None
        previous: dict[int, dict[str, Score]] = {}
        with self.db.session() as s:
            if workshop_id is not None:
                self.live_workshop(s, workshop_id)
            workshops = set()
            for participant_id in values:
                participant = self.live_participant(s, participant_id)
                if workshop_id is not None and participant.workshop_id != workshop_id:
                    raise ServiceError(f"participant {participant_id} does not take part in workshop {workshop_id}")
                workshops.add(participant.workshop_id)
            elements = {e for scores in values.values() for e in scores}
            query = select(IndividualScore).where(
                IndividualScore.participant_id.in_(list(values)), IndividualScore.element_id.in_(elements)
            )
            if expected is not None:
                query = query.with_for_update()  # PostgreSQL: nobody changes them between check and write
            rows = {(r.participant_id, r.element_id): r for r in s.scalars(query)}
            stamp = now()
            for participant_id, scores in values.items():
                before = previous.setdefault(participant_id, {})
                for element_id, value in scores.items():
                    before[element_id] = current = _value(rows.get((participant_id, element_id)))
                    if expected is not None and element_id in expected.get(participant_id, {}):
                        wanted = expected[participant_id][element_id]
                        if current != wanted:
                            raise ChangedElsewhere(
                                f"The score for {self.framework.element(element_id).title} was changed elsewhere "
                                f"since (it is now {_label(current)}, not {_label(wanted)}) — not undone."
                            )
                    key = {"participant_id": participant_id, "element_id": element_id}
                    if value is None:
                        # Clearing a score clears its note too.
                        s.execute(
                            delete(IndividualScore).where(
                                IndividualScore.participant_id == participant_id,
                                IndividualScore.element_id == element_id,
                            )
                        )
                        continue
                    fields = {"level": None if value == NOT_SURE else value, "not_sure": value == NOT_SURE}
                    upsert(
                        s,
                        IndividualScore,
                        key,
                        {**fields, "note": "", "updated_at": stamp},
                        {**fields, "updated_at": stamp},
                    )
            for wid in workshops:
                self.touch(s, wid)
        return previous

    # -- agreed scores -----------------------------------------------------------------

    def agreed_for_workshop(self, workshop_id: int) -> dict[str, AgreedRecord]:
        with self.db.session() as s:
            rows = s.scalars(select(AgreedScore).where(AgreedScore.workshop_id == workshop_id))
            return {r.element_id: AgreedRecord.model_validate(r) for r in rows}

    def get_agreed(self, workshop_id: int, element_id: str) -> AgreedRecord | None:
        return self.agreed_for_workshop(workshop_id).get(element_id)

    def set_agreed(
        self,
        workshop_id: int,
        element_id: str,
        level: int | None = _UNSET,
        *,
        rationale: str = _UNSET,
        with_reservations: bool = _UNSET,
        reservation_note: str = _UNSET,
        expected: AgreedRecord | None = _UNSET,
    ) -> AgreedRecord | None:
        """Record (part of) the group's agreement on an element; returns the previous record.

        ``level=None`` removes the agreement (with its rationale). Arguments left out keep
        their stored value, so a rationale can be edited without touching the level.
        With ``expected`` (for undo) nothing is written unless the stored agreement is
        still that one (None: no agreement).
        """
        self.check_element(element_id)
        if level is not _UNSET and level is not None:
            self.check_level(level)
        if rationale is not _UNSET:
            rationale = clean_text(rationale, "rationale", LONG)
        if reservation_note is not _UNSET:
            reservation_note = clean_text(reservation_note, "reservation note", LONG)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            query = select(AgreedScore).where(
                AgreedScore.workshop_id == workshop_id, AgreedScore.element_id == element_id
            )
            if expected is not _UNSET:
                query = query.with_for_update()
            row = s.scalar(query)
            previous = AgreedRecord.model_validate(row) if row is not None else None
            if expected is not _UNSET and not _same_agreement(previous, expected):
                now_text = f"level {previous.level}" if previous is not None else "no agreed level"
                raise ChangedElsewhere(
                    f"The agreed score for {self.framework.element(element_id).title} was changed elsewhere since "
                    f"(it is now {now_text}) — not undone."
                )
            key = {"workshop_id": workshop_id, "element_id": element_id}
            where = (AgreedScore.workshop_id == workshop_id, AgreedScore.element_id == element_id)
            if level is None:
                # Statements rather than ORM deletes and updates: another window may have
                # removed the row already, which is no error.
                s.execute(delete(AgreedScore).where(*where))
                self.touch(s, workshop_id)
                return previous
            if row is None and level is _UNSET:
                raise ServiceError("agree a level before recording the reasoning behind it")
            given: dict[str, object] = {"updated_at": now()}
            if level is not _UNSET:
                given["level"] = level
            if rationale is not _UNSET:
                given["rationale"] = rationale
            if with_reservations is not _UNSET:
                given["with_reservations"] = bool(with_reservations)
            if reservation_note is not _UNSET:
                given["reservation_note"] = reservation_note
            if level is _UNSET:
                if s.execute(update(AgreedScore).where(*where).values(**given)).rowcount == 0:
                    raise ServiceError("the agreed level was removed elsewhere meanwhile; agree a level first")
            else:
                # Another window may agree the same element at the same moment: let the database decide.
                defaults = {"rationale": "", "with_reservations": False, "reservation_note": ""}
                upsert(s, AgreedScore, key, {**defaults, **given}, given)
            self.touch(s, workshop_id)
            return previous

    def restore_agreed(
        self,
        workshop_id: int,
        element_id: str,
        record: AgreedRecord | None,
        *,
        expected: AgreedRecord | None = _UNSET,
    ) -> None:
        """Put an element's agreement back exactly as ``record`` (None: no agreement). For undo.

        ``expected`` is the agreement the undone change left; if the stored one differs,
        someone changed it since and ``ChangedElsewhere`` is raised with nothing written.
        """
        if record is None:
            self.set_agreed(workshop_id, element_id, None, expected=expected)
            return
        self.set_agreed(
            workshop_id,
            element_id,
            record.level,
            rationale=record.rationale,
            with_reservations=record.with_reservations,
            reservation_note=record.reservation_note,
            expected=expected,
        )

    def clear_workshop_agreed(self, workshop_id: int) -> None:
        with self.db.session() as s:
            s.execute(delete(AgreedScore).where(AgreedScore.workshop_id == workshop_id))

    # -- results --------------------------------------------------------------------------

    def results(self, workshop_id: int) -> Results:
        """Everything the final-scores table, reconciliation and exports need, computed afresh."""
        individual = self.scores_for_workshop(workshop_id)
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            divergence = workshop.divergence_range
            sectors = dict(
                s.execute(
                    select(Participant.id, Participant.sector).where(
                        Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None)
                    )
                ).all()
            )
        agreed = {e: r.level for e, r in self.agreed_for_workshop(workshop_id).items()}
        with self.db.translate_errors():
            self._check_stored_levels([*agreed.values(), *(v for p in individual.values() for v in p.values())])
        return compute_results(
            self.framework,
            {str(p): v for p, v in individual.items()},
            {str(p): sec for p, sec in sectors.items()},
            agreed,
            divergence_range=divergence,
        )

    def _check_stored_levels(self, values: list[Score]) -> None:
        """Levels the database holds but this workbook cannot have: the file is damaged."""
        k = self.framework.level_count
        for value in values:
            if value is not None and value != NOT_SURE and not 1 <= _stored_level(value) <= k:
                raise DamagedRow(f"a stored score has the level {value!r}")

    def progress(self, workshop_id: int) -> dict[int, int]:
        """participant id -> number of elements scored (levels and 'not sure')."""
        return {pid: len(scores) for pid, scores in self.scores_for_workshop(workshop_id).items()}

    def workshop_exists(self, workshop_id: int) -> bool:
        with self.db.session() as s:
            w = s.get(Workshop, workshop_id)
            return w is not None and w.deleted_at is None
