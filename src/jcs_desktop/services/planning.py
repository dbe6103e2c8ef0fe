"""Use cases after the final scores: driver plans, the detailed assessment, actions.

Writes return a ``Changes`` naming the plans, assessments, approaches and actions they
changed with their new values; its ``previous`` is what they replaced, so that undo
commands can put it back.

Last time's commitments (a follow-up workshop reviewing the previous workshop's actions):

- A review is one of the action's own review points, made at the follow-up workshop
  (``workshop_id``) with a status; an action has at most one review per workshop.
- "The workshop it follows" is the nearest live workshop up its series link, as in
  ``SeriesService.previous_id``: a removed workshop in between is passed over.
- Carrying an action forward copies its aims, sheet, steps and links into a new action at
  the end of the follow-up's plan, naming the action it came from; its delivery plan starts
  empty (the old one stays with the old action, reached through ``action_history``). "By
  when" is kept even when past: the walk-through flags a past date, and the group decides
  the new one. Any action may be carried forward (the status is the group's judgement; the
  screen offers it for unfinished ones), once into a given workshop while that copy is live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError, now, validate
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import (
    REVIEW_STATUSES,
    ActionFields,
    ActionRecord,
    ChosenApproachRecord,
    Commitment,
    DetailedRecord,
    DriverPlanRecord,
    ReviewPointFields,
    ReviewPointRecord,
)
from jcs_desktop.services.text import LONG, MAX_STEPS, SHORT, clean_steps, clean_text
from jcs_desktop.store.models import (
    Action,
    ActionLink,
    ActionStep,
    ChosenApproach,
    DetailedAssessment,
    DriverPlan,
    ReviewPoint,
    Workshop,
)
from jcs_desktop.store.upsert import ensure_row

_UNSET: Any = object()


class PlanningService(ServiceBase):
    # -- per-driver plans: improvement target, target level, stage-2 priority -------------

    def driver_plans(self, workshop_id: int) -> dict[str, DriverPlanRecord]:
        """One record per driver of the framework (defaults where nothing is stored)."""
        with self.db.session() as s:
            return self.read_driver_plans(s, workshop_id)

    def read_driver_plans(self, s: Session, workshop_id: int) -> dict[str, DriverPlanRecord]:
        rows = {r.driver_id: r for r in s.scalars(select(DriverPlan).where(DriverPlan.workshop_id == workshop_id))}
        return {
            d.id: (
                DriverPlanRecord.model_validate(rows[d.id])
                if d.id in rows
                else DriverPlanRecord(workshop_id=workshop_id, driver_id=d.id)
            )
            for d in self.framework.drivers
        }

    def set_driver_plan(
        self,
        workshop_id: int,
        driver_id: str,
        *,
        improvement_target: str = _UNSET,
        target_level: int | None = _UNSET,
        priority: int | None = _UNSET,
    ) -> Changes:
        """Change any of the three; ``.previous`` is the record as it was."""
        given = {"improvement_target": improvement_target, "target_level": target_level, "priority": priority}
        changes = self.set_driver_plans(workshop_id, {driver_id: {k: v for k, v in given.items() if v is not _UNSET}})
        return changes.with_previous(changes.previous[driver_id])

    def set_driver_plans(
        self, workshop_id: int, plans: Mapping[str, Mapping[str, object] | DriverPlanRecord]
    ) -> Changes:
        """Change several drivers' plans in ONE transaction: all are written, or none.

        ``plans`` maps driver id -> the fields to change (``improvement_target``,
        ``target_level``, ``priority``; those left out keep their value), or a whole
        ``DriverPlanRecord``. ``.previous`` maps driver id -> the record as it was, which
        passed back in undoes the change.
        """
        wanted: dict[str, dict[str, object]] = {}
        for driver_id, given in plans.items():
            self.check_driver(driver_id)
            if isinstance(given, DriverPlanRecord):
                given = given.model_dump(include={"improvement_target", "target_level", "priority"})
            unknown = set(given) - {"improvement_target", "target_level", "priority"}
            if unknown:
                raise ServiceError(f"unknown driver plan field(s): {', '.join(sorted(unknown))}")
            fields = dict(given)
            if "target_level" in fields:
                self.check_level(fields["target_level"])  # type: ignore[arg-type]
            priority = fields.get("priority")
            if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int) or priority < 1):
                raise ServiceError("priority must be 1 or more")
            if "improvement_target" in fields:
                fields["improvement_target"] = clean_text(fields["improvement_target"], "improvement target", SHORT)
            wanted[driver_id] = fields
        before: dict[str, DriverPlanRecord] = {}
        changed: dict[str, DriverPlanRecord] = {}
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            rows = {
                r.driver_id: r
                for r in s.scalars(
                    select(DriverPlan).where(DriverPlan.workshop_id == workshop_id, DriverPlan.driver_id.in_(wanted))
                )
            }
            for driver_id, fields in wanted.items():
                row = rows.get(driver_id)
                if row is None:
                    before[driver_id] = DriverPlanRecord(workshop_id=workshop_id, driver_id=driver_id)
                    # Created by whichever writer comes first (two windows on one database).
                    keys = {"workshop_id": workshop_id, "driver_id": driver_id}
                    row = ensure_row(s, DriverPlan, keys, {"improvement_target": ""})
                else:
                    before[driver_id] = DriverPlanRecord.model_validate(row)
                for key, value in fields.items():
                    setattr(row, key, value)
                after = DriverPlanRecord.model_validate(row)
                if after != before[driver_id]:
                    changed[driver_id] = after
            self.stamp(s, workshop_id)
            return Changes(workshop_id=workshop_id, plans=changed, previous=before)

    def restore_driver_plan(self, record: DriverPlanRecord) -> Changes:
        return self.set_driver_plans(record.workshop_id, {record.driver_id: record}).with_previous(None)

    def priority_drivers(self, workshop_id: int) -> list[str]:
        """Driver ids the group chose for the detailed assessment, in priority order."""
        plans = self.driver_plans(workshop_id).values()
        chosen = [p for p in plans if p.priority is not None]
        return [p.driver_id for p in sorted(chosen, key=lambda p: p.priority or 0)]

    # -- detailed assessment (stage 2) -----------------------------------------------------

    def detailed(self, workshop_id: int) -> dict[str, DetailedRecord]:
        with self.db.session() as s:
            return self.read_detailed(s, workshop_id)

    @staticmethod
    def read_detailed(s: Session, workshop_id: int) -> dict[str, DetailedRecord]:
        rows = s.scalars(select(DetailedAssessment).where(DetailedAssessment.workshop_id == workshop_id))
        return {r.element_id: DetailedRecord.model_validate(r) for r in rows}

    def set_detailed(
        self, workshop_id: int, element_id: str, *, refined_level: int | None = _UNSET, notes: str = _UNSET
    ) -> Changes:
        """The group's refined level and notes for an element; ``.previous`` is the record as it was."""
        self.check_element(element_id)
        if refined_level is not _UNSET:
            self.check_level(refined_level)
        if notes is not _UNSET:
            notes = clean_text(notes, "notes", LONG)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            row = s.scalar(
                select(DetailedAssessment).where(
                    DetailedAssessment.workshop_id == workshop_id, DetailedAssessment.element_id == element_id
                )
            )
            if row is None:
                before = DetailedRecord(workshop_id=workshop_id, element_id=element_id)
                row_was_new = True
                keys = {"workshop_id": workshop_id, "element_id": element_id}
                row = ensure_row(s, DetailedAssessment, keys, {"notes": "", "updated_at": now()})
            else:
                before = DetailedRecord.model_validate(row)
                row_was_new = False
            if refined_level is not _UNSET:
                row.refined_level = refined_level
            if notes is not _UNSET:
                row.notes = notes
            row.updated_at = now()
            self.stamp(s, workshop_id)
            after = DetailedRecord.model_validate(row)
            # A row written for the first time is a change even with default values: reads list it now.
            changed = {element_id: after} if after != before or row_was_new else {}
            return Changes(workshop_id=workshop_id, detailed=changed, previous=before)

    # -- approaches to change ticked (or written) for the action plan ----------------------

    def chosen_approaches(self, workshop_id: int) -> list[ChosenApproachRecord]:
        with self.db.session() as s:
            return self.read_chosen_approaches(s, workshop_id)

    @staticmethod
    def read_chosen_approaches(s: Session, workshop_id: int) -> list[ChosenApproachRecord]:
        rows = s.scalars(
            select(ChosenApproach).where(ChosenApproach.workshop_id == workshop_id).order_by(ChosenApproach.id)
        )
        return [ChosenApproachRecord.model_validate(r) for r in rows]

    def choose_approach(
        self, workshop_id: int, element_id: str, level: int, approach_index: int | None = None, text: str = ""
    ) -> Changes:
        """Tick one of the workbook's approaches (by index), or record the group's own (text).

        ``.previous`` is the new record.
        """
        self.check_element(element_id)
        self.check_level(level, allow_none=False)
        if approach_index is not None:
            approaches = self.framework.element(element_id).detail.levels[level - 1].approaches
            if not 0 <= approach_index < len(approaches):
                raise ServiceError(f"level {level} of {element_id} has no approach number {approach_index + 1}")
            text = approaches[approach_index]
        else:
            text = clean_text(text, "approach to change", SHORT)
            if not text:
                raise ServiceError("write the approach to change before adding it")
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            row = ChosenApproach(
                workshop_id=workshop_id,
                element_id=element_id,
                level=level,
                approach_index=approach_index,
                text=text.strip(),
            )
            s.add(row)
            s.flush()
            record = ChosenApproachRecord.model_validate(row)
            return Changes(workshop_id=workshop_id, approaches={record.id: record}, previous=record)

    def unchoose_approach(self, chosen_id: int) -> Changes:
        """Untick an approach; ``.previous`` is its record (``restore_approach`` puts it back)."""
        with self.db.session() as s:
            row = s.get(ChosenApproach, chosen_id)
            if row is None:
                raise NotFound(f"no chosen approach with id {chosen_id}")
            record = ChosenApproachRecord.model_validate(row)
            s.delete(row)
            return Changes(workshop_id=record.workshop_id, approaches={chosen_id: None}, previous=record)

    def restore_approach(self, record: ChosenApproachRecord) -> Changes:
        """Re-insert a removed approach with its original id (undo)."""
        with self.db.session() as s:
            row = ChosenApproach(**record.model_dump())
            s.add(row)
            s.flush()
            now_record = ChosenApproachRecord.model_validate(row)
            return Changes(workshop_id=record.workshop_id, approaches={record.id: now_record})

    # -- actions ---------------------------------------------------------------------------

    def _live_action(self, s: Session, action_id: int) -> Action:
        action = s.get(Action, action_id)
        if action is None or action.deleted_at is not None:
            raise NotFound(f"no action with id {action_id}")
        return action

    def read_action(self, s: Session, action_id: int) -> ActionRecord:
        """One action with its steps, links and review points, in session ``s``."""
        return self._action_record(s, action_id)

    def _action_record(self, s: Session, action_id: int) -> ActionRecord:
        s.flush()
        action = s.scalar(
            select(Action)
            .where(Action.id == action_id)
            .options(selectinload(Action.steps), selectinload(Action.links), selectinload(Action.review_points))
            .execution_options(populate_existing=True)
        )
        return ActionRecord.model_validate(action)

    def actions(self, workshop_id: int) -> list[ActionRecord]:
        with self.db.session() as s:
            return self.read_actions(s, workshop_id)

    @staticmethod
    def read_actions(s: Session, workshop_id: int) -> list[ActionRecord]:
        """The live actions in plan order, with steps, links and review points, in session ``s``."""
        rows = s.scalars(
            select(Action)
            .where(Action.workshop_id == workshop_id, Action.deleted_at.is_(None))
            .order_by(Action.position, Action.id)
            .options(selectinload(Action.steps), selectinload(Action.links), selectinload(Action.review_points))
        )
        return [ActionRecord.model_validate(a) for a in rows]

    def _action_changes(self, s: Session, action: Action, previous: object = None) -> Changes:
        """The record naming one action as it is now (None when deleted)."""
        record = self._action_record(s, action.id) if action.deleted_at is None else None
        return Changes(workshop_id=action.workshop_id, actions={action.id: record}, previous=previous)

    def action(self, action_id: int) -> ActionRecord:
        with self.db.session() as s:
            self._live_action(s, action_id)
            return self._action_record(s, action_id)

    def create_action(
        self,
        workshop_id: int,
        fields: ActionFields | dict | None = None,
        steps: list[str] | None = None,
        links: list[tuple[str, str | None]] | None = None,
        from_approaches: list[int] | None = None,
    ) -> Changes:
        """Add a row at the end of the action plan, optionally pre-filled from ticked approaches.

        ``.previous`` is the new action's record; the approaches carried into it are named too.
        """
        data = validate(ActionFields, fields or {})
        links = list(links or [])
        steps = clean_steps(list(steps or []))
        for driver_id, element_id in links:
            self.check_driver(driver_id)
            if element_id is not None:
                self.check_element(element_id)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            last = s.scalar(select(func.max(Action.position)).where(Action.workshop_id == workshop_id))
            action = Action(workshop_id=workshop_id, position=(last or 0) + 1, **data.model_dump())
            s.add(action)
            s.flush()
            carried = []
            for cid in from_approaches or []:
                chosen = s.get(ChosenApproach, cid)
                if chosen is None or chosen.workshop_id != workshop_id:
                    raise NotFound(f"no chosen approach with id {cid}")
                chosen.action_id = action.id
                carried.append(chosen)
                steps.append(chosen.text)
                driver_id = chosen.element_id.partition(".")[0]
                if (driver_id, chosen.element_id) not in links:
                    links.append((driver_id, chosen.element_id))
            if len(steps) > MAX_STEPS:
                raise ServiceError(f"an action can have at most {MAX_STEPS} steps, not {len(steps)}")
            for i, text in enumerate(t for t in steps if t.strip()):
                s.add(ActionStep(action_id=action.id, position=i, text=text.strip()))
            for driver_id, element_id in links:
                s.add(ActionLink(action_id=action.id, driver_id=driver_id, element_id=element_id))
            self.stamp(s, workshop_id)
            record = self._action_record(s, action.id)
            approaches = {c.id: ChosenApproachRecord.model_validate(c) for c in carried}
            return Changes(workshop_id=workshop_id, actions={action.id: record}, approaches=approaches, previous=record)

    def update_action(self, action_id: int, **changes: object) -> Changes:
        """Change some fields of an action; ``.previous`` is the record as it was."""
        unknown = set(changes) - set(ActionFields.model_fields)
        if unknown:
            raise ServiceError(f"unknown action field(s): {', '.join(sorted(unknown))}")
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            before = self._action_record(s, action_id)
            merged = validate(ActionFields, {**before.fields().model_dump(), **changes})
            for key in changes:
                setattr(action, key, getattr(merged, key))
            action.updated_at = now()
            self.stamp(s, action.workshop_id)
            return self._changed_action(s, action, before, before)

    def _changed_action(self, s: Session, action: Action, before: ActionRecord, previous: object) -> Changes:
        after = self._action_record(s, action.id)
        changed = {action.id: after} if after != before else {}
        return Changes(workshop_id=action.workshop_id, actions=changed, previous=previous)

    def set_steps(self, action_id: int, steps: list[str]) -> Changes:
        """Replace the numbered "By doing…" steps; ``.previous`` is the previous steps."""
        steps = clean_steps(steps)
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            record = self._action_record(s, action_id)
            action.steps.clear()
            s.flush()
            for i, text in enumerate(steps):
                action.steps.append(ActionStep(position=i, text=text))
            action.updated_at = now()
            self.stamp(s, action.workshop_id)
            return self._changed_action(s, action, record, list(record.steps))

    def set_links(self, action_id: int, links: list[tuple[str, str | None]]) -> Changes:
        """Replace the drivers (and elements) an action addresses; ``.previous``: the links before."""
        for driver_id, element_id in links:
            self.check_driver(driver_id)
            if element_id is not None:
                self.check_element(element_id)
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            record = self._action_record(s, action_id)
            action.links.clear()
            s.flush()
            for driver_id, element_id in links:
                action.links.append(ActionLink(driver_id=driver_id, element_id=element_id))
            self.stamp(s, action.workshop_id)
            return self._changed_action(s, action, record, list(record.links))

    def delete_action(self, action_id: int) -> Changes:
        """Soft delete, so undo brings back the action with its steps and review points."""
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            action.deleted_at = now()
            self.stamp(s, action.workshop_id)
            return self._action_changes(s, action)

    def restore_action(self, action_id: int) -> Changes:
        with self.db.session() as s:
            action = s.get(Action, action_id)
            if action is None:
                raise NotFound(f"no action with id {action_id}")
            action.deleted_at = None
            self.stamp(s, action.workshop_id)
            return self._action_changes(s, action)

    def move_action(self, action_id: int, new_index: int) -> Changes:
        """Move an action to ``new_index`` (0-based) in the plan; ``.previous`` is its old index.

        The record names every action whose place number changed.
        """
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            rows = list(
                s.scalars(
                    select(Action)
                    .where(Action.workshop_id == action.workshop_id, Action.deleted_at.is_(None))
                    .order_by(Action.position, Action.id)
                )
            )
            old_index = rows.index(action)
            new_index = max(0, min(new_index, len(rows) - 1))
            rows.insert(new_index, rows.pop(old_index))
            moved = [row for i, row in enumerate(rows, start=1) if row.position != i]
            for i, row in enumerate(rows, start=1):
                row.position = i
            records = {row.id: self._action_record(s, row.id) for row in moved}
            return Changes(workshop_id=action.workshop_id, actions=records, previous=old_index)

    # -- review points of a detailed action sheet ------------------------------------------

    def add_review_point(self, action_id: int, fields: ReviewPointFields | dict | None = None) -> Changes:
        """A review point at the end of an action's; ``.previous`` is its record."""
        data = validate(ReviewPointFields, fields or {})
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            # After a deletion the count is no longer the next free place: go after the last one.
            position = max((rp.position for rp in action.review_points), default=-1) + 1
            row = ReviewPoint(action_id=action_id, position=position, **data.model_dump())
            s.add(row)
            s.flush()
            return self._action_changes(s, action, ReviewPointRecord.model_validate(row))

    def _review_point_action(self, s: Session, row: ReviewPoint) -> Action:
        action = s.get(Action, row.action_id)
        assert action is not None  # a review point belongs to an action (foreign key)
        return action

    def update_review_point(self, review_id: int, **changes: object) -> Changes:
        """Change some fields of a review point; ``.previous`` is its record as it was."""
        unknown = set(changes) - set(ReviewPointFields.model_fields)
        if unknown:
            raise ServiceError(f"unknown review point field(s): {', '.join(sorted(unknown))}")
        with self.db.session() as s:
            row = s.get(ReviewPoint, review_id)
            if row is None:
                raise NotFound(f"no review point with id {review_id}")
            before = ReviewPointRecord.model_validate(row)
            current = ReviewPointFields.model_validate(before.model_dump(include=set(ReviewPointFields.model_fields)))
            merged = validate(ReviewPointFields, {**current.model_dump(), **changes})
            action = self._review_point_action(s, row)
            action_before = self._action_record(s, action.id)
            for key in changes:
                setattr(row, key, getattr(merged, key))
            return self._changed_action(s, action, action_before, before)

    def delete_review_point(self, review_id: int) -> Changes:
        """Delete a review point; ``.previous`` is its record (``restore_review_point`` puts it back)."""
        with self.db.session() as s:
            row = s.get(ReviewPoint, review_id)
            if row is None:
                raise NotFound(f"no review point with id {review_id}")
            record = ReviewPointRecord.model_validate(row)
            action = self._review_point_action(s, row)
            s.delete(row)
            return self._action_changes(s, action, record)

    def restore_review_point(self, record: ReviewPointRecord) -> Changes:
        """Re-insert a deleted review point with its original id and place (undo)."""
        with self.db.session() as s:
            s.add(ReviewPoint(**record.model_dump()))
            s.flush()
            action = s.get(Action, record.action_id)
            if action is None:
                raise NotFound(f"no action with id {record.action_id}")
            return self._action_changes(s, action)

    # -- last time's commitments: reviews at a follow-up, actions carried forward ---------

    @staticmethod
    def _followed(s: Session, workshop: Workshop) -> Workshop | None:
        """The nearest live workshop ``workshop`` follows (a removed one in between is passed over)."""
        seen = {workshop.id}
        current = workshop.follows_workshop_id
        while current is not None and current not in seen:
            earlier = s.get(Workshop, current)
            if earlier is None:
                return None
            if earlier.deleted_at is None:
                return earlier
            seen.add(current)
            current = earlier.follows_workshop_id
        return None

    def _check_follows(self, s: Session, action: Action, workshop_id: int, doing: str) -> Workshop:
        """The live workshop ``workshop_id``, which must follow the action's own workshop."""
        workshop = self.live_workshop(s, workshop_id)
        followed = self._followed(s, workshop)
        if followed is None or followed.id != action.workshop_id:
            own = s.get(Workshop, action.workshop_id)
            title = own.title if own is not None else f"workshop {action.workshop_id}"
            raise ServiceError(
                f"an action can only be {doing} at the workshop that follows its own: "
                f"“{workshop.title}” does not follow “{title}”"
            )
        return workshop

    @staticmethod
    def _review_at(action: Action, workshop_id: int) -> ReviewPoint | None:
        return next((rp for rp in action.review_points if rp.workshop_id == workshop_id), None)

    def review_action(
        self,
        action_id: int,
        at_workshop_id: int,
        status: str | None,
        achieved: str = "",
        learning: str = "",
        *,
        today: dt.date | None = None,
    ) -> Changes:
        """Record (or change) the review of last time's action made at ``at_workshop_id``.

        The review is a review point of the action's delivery plan: the first one made at
        that workshop is added at the end, dated the workshop's date (today when it has
        none); later calls change its status, what was achieved and the learning points.
        ``status`` is one of ``REVIEW_STATUSES`` or None (none recorded). The record names
        the action (of the previous workshop); ``.previous`` is the review point as it was,
        None when it is new (undo then deletes it).
        """
        if status is not None and status not in REVIEW_STATUSES:
            allowed = ", ".join(f"“{s}”" for s in REVIEW_STATUSES)
            raise ServiceError(f"a review's status is one of {allowed}, not {status!r}")
        data = validate(ReviewPointFields, {"achieved": achieved, "learning": learning, "status": status})
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            workshop = self._check_follows(s, action, at_workshop_id, "reviewed")
            action_before = self._action_record(s, action_id)
            row = self._review_at(action, at_workshop_id)
            if row is None:
                before = None
                position = max((rp.position for rp in action.review_points), default=-1) + 1
                row = ReviewPoint(
                    action_id=action_id,
                    position=position,
                    date=workshop.date or today or dt.date.today(),
                    workshop_id=at_workshop_id,
                )
                action.review_points.append(row)
            else:
                before = ReviewPointRecord.model_validate(row)
            row.status = data.status
            row.achieved = data.achieved
            row.learning = data.learning
            self.stamp(s, action.workshop_id)
            return self._changed_action(s, action, action_before, before)

    def carry_forward(self, action_id: int, into_workshop_id: int) -> Changes:
        """A new action at the end of ``into_workshop_id``'s plan carrying last time's action forward.

        ``into_workshop_id`` must follow the action's workshop; an action already carried
        into it (a live copy) is refused. ``.previous`` is the new action's record (undo:
        ``delete_action``).
        """
        with self.db.session() as s:
            source = self._live_action(s, action_id)
            into = self._check_follows(s, source, into_workshop_id, "carried forward")
            copy_id = s.scalar(
                select(Action.id).where(
                    Action.workshop_id == into_workshop_id,
                    Action.carried_from_action_id == action_id,
                    Action.deleted_at.is_(None),
                )
            )
            if copy_id is not None:
                raise ServiceError(f"this action is already carried forward into “{into.title}”")
            record = self._action_record(s, action_id)
            last = s.scalar(select(func.max(Action.position)).where(Action.workshop_id == into_workshop_id))
            action = Action(
                workshop_id=into_workshop_id,
                position=(last or 0) + 1,
                carried_from_action_id=action_id,
                **record.fields().model_dump(),
            )
            s.add(action)
            s.flush()
            for i, text in enumerate(record.steps):
                s.add(ActionStep(action_id=action.id, position=i, text=text))
            for link in record.links:
                s.add(ActionLink(action_id=action.id, driver_id=link.driver_id, element_id=link.element_id))
            self.stamp(s, into_workshop_id)
            new = self._action_record(s, action.id)
            return Changes(workshop_id=into_workshop_id, actions={action.id: new}, previous=new)

    def commitments(self, workshop_id: int) -> list[Commitment]:
        """Last time's live actions, in plan order, each with its review here and its carried-forward copy.

        Empty for a workshop that follows none.
        """
        with self.db.session() as s:
            workshop = self.live_workshop(s, workshop_id)
            followed = self._followed(s, workshop)
            if followed is None:
                return []
            actions = self.read_actions(s, followed.id)
            copies = dict(
                s.execute(
                    select(Action.carried_from_action_id, Action.id)
                    .where(
                        Action.workshop_id == workshop_id,
                        Action.deleted_at.is_(None),
                        Action.carried_from_action_id.in_([a.id for a in actions]),
                    )
                    .order_by(Action.id)
                ).all()
            )
        return [
            Commitment(
                action=a,
                review=next((rp for rp in a.review_points if rp.workshop_id == workshop_id), None),
                carried_forward_id=copies.get(a.id),
            )
            for a in actions
        ]

    def action_history(self, action_id: int) -> list[ActionRecord]:
        """The action and those it carries forward, back through the series: oldest first, itself last.

        Earlier actions are listed even if removed since (the history happened).
        """
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            chain = [action.id]
            current = action.carried_from_action_id
            while current is not None and current not in chain:
                earlier = s.get(Action, current)
                if earlier is None:
                    break
                chain.append(earlier.id)
                current = earlier.carried_from_action_id
            return [self._action_record(s, aid) for aid in reversed(chain)]
