"""Use cases for individual scores, agreed scores and the computed results.

Every write is one short transaction, so a crash loses nothing already entered. Writes
return a ``Changes`` naming the cells and agreements they changed with their new values;
its ``previous`` is what was there before, which is what an undo command needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlalchemy.orm import Session

from jcs_desktop.domain.scoring import NOT_SURE, Results, Score, ScoreError, check_score, compute_results
from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError, now
from jcs_desktop.services.changes import Changes, ScoreCell
from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.services.text import LONG, SHORT, clean_text
from jcs_desktop.store.db import DamagedRow
from jcs_desktop.store.models import AgreedScore, IndividualScore, Participant, Workshop
from jcs_desktop.store.upsert import put

_PEOPLE = Participant.__table__
_SCORES = IndividualScore.__table__


def _reads_before_writing() -> tuple[Any, Any, Any, Any]:
    """The statements ``_read_before`` runs, built once (building them cost more than running them)."""
    people, elements = bindparam("people", expanding=True), bindparam("elements", expanding=True)
    live = (_PEOPLE.c.id.in_(people), _PEOPLE.c.deleted_at.is_(None))
    cells = (_SCORES.c.participant_id, _SCORES.c.element_id, _SCORES.c.level, _SCORES.c.not_sure, _SCORES.c.note)
    owners = select(_PEOPLE.c.id, _PEOPLE.c.workshop_id).where(*live)
    locked = (
        select(*cells).where(_SCORES.c.participant_id.in_(people), _SCORES.c.element_id.in_(elements)).with_for_update()
    )
    join = _PEOPLE.outerjoin(_SCORES, (_SCORES.c.participant_id == _PEOPLE.c.id) & _SCORES.c.element_id.in_(elements))
    both = select(_PEOPLE.c.id.label("owner"), _PEOPLE.c.workshop_id, *cells).select_from(join).where(*live)
    join = _PEOPLE.outerjoin(
        _SCORES, (_SCORES.c.participant_id == _PEOPLE.c.id) & (_SCORES.c.element_id == bindparam("element"))
    )
    one = (
        select(_PEOPLE.c.id.label("owner"), _PEOPLE.c.workshop_id, *cells)
        .select_from(join)
        .where(_PEOPLE.c.id == bindparam("person"), _PEOPLE.c.deleted_at.is_(None))
    )
    return owners, locked, both, one


_OWNERS, _CELLS_LOCKED, _OWNERS_AND_CELLS, _OWNER_AND_CELL = _reads_before_writing()
_CELLS_OF = select(_SCORES.c.participant_id, _SCORES.c.element_id, _SCORES.c.level, _SCORES.c.not_sure, _SCORES.c.note)
_WORKSHOP_DELETED = select(Workshop.__table__.c.deleted_at).where(Workshop.__table__.c.id == bindparam("wid"))

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


def score_value(row: IndividualScore | None) -> Score:
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

    def set_score(
        self,
        participant_id: int,
        element_id: str,
        value: Score,
        *,
        note: str = _UNSET,
        expected: Score = _UNSET,
    ) -> Changes:
        """Record ``value`` (a level, NOT_SURE, or None to clear), with its ``note`` if given.

        One transaction for both. ``.previous`` is the previous value; with ``note=`` it is
        the previous ``ScoreCell`` (value and note), which is what undoing both needs.
        With ``expected`` (what undo believes is stored), nothing is written unless the
        stored value is still that: another window or process may have changed it since.
        """
        check = None if expected is _UNSET else {participant_id: {element_id: expected}}
        notes = None if note is _UNSET else {(participant_id, element_id): note}
        changes, before = self._write({participant_id: {element_id: value}}, notes=notes, expected=check)
        old = before[(participant_id, element_id)]
        return changes.with_previous(old if note is not _UNSET else old.value)

    def get_score(self, participant_id: int, element_id: str) -> Score:
        with self.db.session() as s:
            return score_value(
                s.scalar(
                    select(IndividualScore).where(
                        IndividualScore.participant_id == participant_id, IndividualScore.element_id == element_id
                    )
                )
            )

    def set_note(self, participant_id: int, element_id: str, note: str) -> Changes:
        """Attach a short note to a scored element; ``.previous`` is the previous note."""
        self.check_element(element_id)
        note = clean_text(note, "note", SHORT)
        with self.db.session() as s:
            participant = self.live_participant(s, participant_id)
            row = s.scalar(
                select(IndividualScore).where(
                    IndividualScore.participant_id == participant_id, IndividualScore.element_id == element_id
                )
            )
            if row is None:
                raise ServiceError("score the element before adding a note to it")
            previous, row.note = row.note, note
            cell = ScoreCell(participant_id, element_id, score_value(row), note)
            changed = {cell.key: cell} if previous != note else {}
            return Changes(workshop_id=participant.workshop_id, scores=changed, previous=previous)

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
            return {r.element_id: score_value(r) for r in rows}

    def scores_for_workshop(self, workshop_id: int) -> dict[int, dict[str, Score]]:
        """participant id -> element id -> score, for every live participant (even with no scores)."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            return self.read_cells(s, workshop_id)[0]

    def read_cells(self, s: Session, workshop_id: int) -> tuple[dict[int, dict[str, Score]], dict[int, dict[str, str]]]:
        """Scores and (non-empty) notes of every live participant, in participant order, in session ``s``."""
        ids = s.scalars(
            select(Participant.id)
            .where(Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None))
            .order_by(Participant.position, Participant.id)
        ).all()
        scores: dict[int, dict[str, Score]] = {pid: {} for pid in ids}
        notes: dict[int, dict[str, str]] = {pid: {} for pid in ids}
        # Columns, not ORM objects: a workshop of 40 people holds 1,200 scores, and building
        # an object for each was half the time of opening it.
        for r in s.execute(_CELLS_OF.where(_SCORES.c.participant_id.in_(ids))):
            scores[r.participant_id][r.element_id] = score_value(r)
            if r.note:
                notes[r.participant_id][r.element_id] = r.note
        return scores, notes

    def set_many(self, participant_id: int, values: dict[str, Score]) -> Changes:
        """Set several scores of one participant in one transaction; ``.previous``: the previous values."""
        changes, before = self._write({participant_id: values})
        return changes.with_previous({eid: before[(participant_id, eid)].value for eid in values})

    def import_scores(self, workshop_id: int, values: dict[int, dict[str, Score]]) -> Changes:
        """Set many participants' scores in ONE transaction: all are written, or none.

        ``values`` maps participant id -> element id -> score (None clears). Every
        participant must be a live participant of ``workshop_id``. ``.previous`` holds the
        previous values in the same shape, so importing them back undoes the import; the
        record names exactly the cells whose value (or note) changed.
        """
        changes, before = self._write(values, workshop_id=workshop_id)
        previous = {pid: {eid: before[(pid, eid)].value for eid in scores} for pid, scores in values.items()}
        return changes.with_previous(previous)

    def _write(
        self,
        values: dict[int, dict[str, Score]],
        *,
        notes: dict[tuple[int, str], str] | None = None,
        workshop_id: int | None = None,
        expected: dict[int, dict[str, Score]] | None = None,
    ) -> tuple[Changes, dict[tuple[int, str], ScoreCell]]:
        """The one place individual scores are written: validate everything, then one transaction.

        Returns the record of the cells that changed and every written cell as it was before.
        """
        several = sum(len(v) for v in values.values()) > 1
        for participant_id, scores in values.items():
            for element_id, value in scores.items():
                self.check_element(element_id)
                try:
                    check_score(value, self.framework.level_count)
                except ScoreError as exc:
                    where = f"participant {participant_id}, {element_id}: " if several else ""
                    raise ServiceError(f"{where}{exc}") from None
        notes = {key: clean_text(n, "note", SHORT) for key, n in (notes or {}).items()}
        for (participant_id, element_id), note in notes.items():
            if note and values[participant_id][element_id] is None:
                raise ServiceError("score the element before adding a note to it")
        before: dict[tuple[int, str], ScoreCell] = {}
        changed: dict[tuple[int, str], ScoreCell] = {}
        with self.db.transaction() as s:
            if workshop_id is not None:
                deleted = s.execute(_WORKSHOP_DELETED, {"wid": workshop_id}).first()
                if deleted is None or deleted[0] is not None:
                    raise NotFound(f"no workshop with id {workshop_id}")
            owners, rows = self._read_before(s, values, locked=expected is not None)
            for participant_id in values:
                if participant_id not in owners:
                    raise NotFound(f"no participant with id {participant_id}")
                if workshop_id is not None and owners[participant_id] != workshop_id:
                    raise ServiceError(f"participant {participant_id} does not take part in workshop {workshop_id}")
            workshops = dict.fromkeys(owners.values(), 0)  # workshop id -> change in its scored count
            stamp = now()
            for participant_id, scores in values.items():
                for element_id, value in scores.items():
                    key = (participant_id, element_id)
                    row = rows.get(key)
                    old = ScoreCell(participant_id, element_id, score_value(row), row.note if row is not None else "")
                    before[key] = old
                    current = old.value
                    if expected is not None and element_id in expected.get(participant_id, {}):
                        wanted = expected[participant_id][element_id]
                        if current != wanted:
                            raise ChangedElsewhere(
                                f"The score for {self.framework.element(element_id).title} was changed elsewhere "
                                f"since (it is now {_label(current)}, not {_label(wanted)}) — not undone."
                            )
                    ids = {"participant_id": participant_id, "element_id": element_id}
                    if value is None:
                        # Clearing a score clears its note too.
                        gone = s.execute(
                            delete(_SCORES).where(
                                _SCORES.c.participant_id == participant_id, _SCORES.c.element_id == element_id
                            )
                        ).rowcount
                        workshops[owners[participant_id]] -= gone
                        new = ScoreCell(participant_id, element_id, None, "")
                    else:
                        given = {"level": None if value == NOT_SURE else value, "not_sure": value == NOT_SURE}
                        given["updated_at"] = stamp
                        if key in notes:
                            given["note"] = notes[key]
                        if put(s, IndividualScore, ids, given, exists=row is not None):
                            workshops[owners[participant_id]] += 1
                        new = ScoreCell(participant_id, element_id, value, notes.get(key, old.note))
                    if new != old:
                        changed[key] = new
            for wid, scored in workshops.items():
                self.stamp(s, wid, scored=scored)
        owner = workshop_id if workshop_id is not None else (next(iter(workshops)) if len(workshops) == 1 else None)
        return Changes(workshop_id=owner, scores=changed), before

    @staticmethod
    def _read_before(
        conn: Connection, values: dict[int, dict[str, Score]], *, locked: bool
    ) -> tuple[dict[int, int], dict[tuple[int, str], Any]]:
        """The live participants' workshops, and the stored rows of the cells about to be written.

        One joined statement for the usual write; undo (``locked``) reads the scores FOR
        UPDATE, which PostgreSQL refuses on the nullable side of an outer join, so it takes two.
        """
        params = {"people": list(values), "elements": list({e for scores in values.values() for e in scores})}
        owners: dict[int, int] = {}
        rows: dict[tuple[int, str], Any] = {}
        if locked:
            owners = dict(conn.execute(_OWNERS, params).all())
            for r in conn.execute(_CELLS_LOCKED, params):
                rows[(r.participant_id, r.element_id)] = r
            return owners, rows
        single = len(params["people"]) == 1 and len(params["elements"]) == 1
        if single:  # one score, the hot path: plain parameters, no IN lists to expand
            query, params = _OWNER_AND_CELL, {"person": params["people"][0], "element": params["elements"][0]}
        else:
            query = _OWNERS_AND_CELLS
        for r in conn.execute(query, params):
            owners[r.owner] = r.workshop_id
            if r.element_id is not None:
                rows[(r.participant_id, r.element_id)] = r
        return owners, rows

    # -- agreed scores -----------------------------------------------------------------

    def agreed_for_workshop(self, workshop_id: int) -> dict[str, AgreedRecord]:
        with self.db.session() as s:
            return self.read_agreed(s, workshop_id)

    @staticmethod
    def read_agreed(s: Session, workshop_id: int) -> dict[str, AgreedRecord]:
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
    ) -> Changes:
        """Record (part of) the group's agreement on an element; ``.previous``: the previous record.

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
                gone = s.execute(delete(AgreedScore.__table__).where(*where)).rowcount
                self.stamp(s, workshop_id, agreed=-gone)
                changed = {element_id: None} if previous is not None else {}
                return Changes(workshop_id=workshop_id, agreed=changed, previous=previous)
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
            added = 0
            if level is _UNSET:
                if s.execute(update(AgreedScore.__table__).where(*where).values(**given)).rowcount == 0:
                    raise ServiceError("the agreed level was removed elsewhere meanwhile; agree a level first")
            else:
                # Another window may agree the same element at the same moment: the database decides.
                added = int(put(s, AgreedScore, key, given, exists=row is not None))
            self.stamp(s, workshop_id, agreed=added)
            # Read back in the same transaction: the database decided what the row holds now.
            now_row = s.scalar(select(AgreedScore).where(*where).execution_options(populate_existing=True))
            record = AgreedRecord.model_validate(now_row) if now_row is not None else None
            changed = {element_id: record} if record != previous else {}
            return Changes(workshop_id=workshop_id, agreed=changed, previous=previous)

    def restore_agreed(
        self,
        workshop_id: int,
        element_id: str,
        record: AgreedRecord | None,
        *,
        expected: AgreedRecord | None = _UNSET,
    ) -> Changes:
        """Put an element's agreement back exactly as ``record`` (None: no agreement). For undo.

        ``expected`` is the agreement the undone change left; if the stored one differs,
        someone changed it since and ``ChangedElsewhere`` is raised with nothing written.
        ``.previous`` is None, as before.
        """
        if record is None:
            return self.set_agreed(workshop_id, element_id, None, expected=expected).with_previous(None)
        return self.set_agreed(
            workshop_id,
            element_id,
            record.level,
            rationale=record.rationale,
            with_reservations=record.with_reservations,
            reservation_note=record.reservation_note,
            expected=expected,
        ).with_previous(None)

    def clear_workshop_agreed(self, workshop_id: int) -> Changes:
        with self.db.session() as s:
            gone = s.scalars(select(AgreedScore.element_id).where(AgreedScore.workshop_id == workshop_id)).all()
            deleted = s.execute(delete(AgreedScore.__table__).where(AgreedScore.workshop_id == workshop_id)).rowcount
            self.stamp(s, workshop_id, agreed=-deleted)
            return Changes(workshop_id=workshop_id, agreed=dict.fromkeys(gone))

    # -- results --------------------------------------------------------------------------

    def results(self, workshop_id: int) -> Results:
        """Everything the final-scores table, reconciliation and exports need, computed afresh."""
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            divergence = workshop.divergence_range
            individual = self.read_cells(s, workshop_id)[0]
            sectors = dict(
                s.execute(
                    select(Participant.id, Participant.sector).where(
                        Participant.workshop_id == workshop_id, Participant.deleted_at.is_(None)
                    )
                ).all()
            )
            agreed = {e: r.level for e, r in self.read_agreed(s, workshop_id).items()}
        return self.compute(individual, sectors, agreed, divergence)

    def compute(
        self,
        individual: Mapping[int, Mapping[str, Score]],
        sectors: Mapping[int, str],
        agreed: Mapping[str, Score],
        divergence_range: int,
    ) -> Results:
        """The results of stored data (checked: a level this workbook cannot have means damage)."""
        with self.db.translate_errors():
            self._check_stored_levels([*agreed.values(), *(v for p in individual.values() for v in p.values())])
        return compute_results(
            self.framework,
            {str(p): v for p, v in individual.items()},
            {str(p): sec for p, sec in sectors.items()},
            agreed,
            divergence_range=divergence_range,
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
