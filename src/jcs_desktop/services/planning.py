"""Use cases after the final scores: driver plans, the detailed assessment, actions.

Setters return what they replaced so that undo commands can put it back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError, now, validate
from jcs_desktop.services.dto import (
    ActionFields,
    ActionRecord,
    ChosenApproachRecord,
    DetailedRecord,
    DriverPlanRecord,
    LinkRecord,
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
)
from jcs_desktop.store.upsert import ensure_row

_UNSET: Any = object()


class PlanningService(ServiceBase):
    # -- per-driver plans: improvement target, target level, stage-2 priority -------------

    def driver_plans(self, workshop_id: int) -> dict[str, DriverPlanRecord]:
        """One record per driver of the framework (defaults where nothing is stored)."""
        with self.db.session() as s:
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
    ) -> DriverPlanRecord:
        """Change any of the three; returns the record as it was."""
        self.check_driver(driver_id)
        if target_level is not _UNSET:
            self.check_level(target_level)
        if priority is not _UNSET and priority is not None and (not isinstance(priority, int) or priority < 1):
            raise ServiceError("priority must be 1 or more")
        if improvement_target is not _UNSET:
            improvement_target = clean_text(improvement_target, "improvement target", SHORT)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            row = s.scalar(
                select(DriverPlan).where(DriverPlan.workshop_id == workshop_id, DriverPlan.driver_id == driver_id)
            )
            if row is None:
                before = DriverPlanRecord(workshop_id=workshop_id, driver_id=driver_id)
                # Created by whichever writer comes first (two windows on one database).
                keys = {"workshop_id": workshop_id, "driver_id": driver_id}
                row = ensure_row(s, DriverPlan, keys, {"improvement_target": ""})
            else:
                before = DriverPlanRecord.model_validate(row)
            if improvement_target is not _UNSET:
                row.improvement_target = improvement_target
            if target_level is not _UNSET:
                row.target_level = target_level
            if priority is not _UNSET:
                row.priority = priority
            self.touch(s, workshop_id)
            return before

    def restore_driver_plan(self, record: DriverPlanRecord) -> None:
        self.set_driver_plan(
            record.workshop_id,
            record.driver_id,
            improvement_target=record.improvement_target,
            target_level=record.target_level,
            priority=record.priority,
        )

    def priority_drivers(self, workshop_id: int) -> list[str]:
        """Driver ids the group chose for the detailed assessment, in priority order."""
        plans = self.driver_plans(workshop_id).values()
        chosen = [p for p in plans if p.priority is not None]
        return [p.driver_id for p in sorted(chosen, key=lambda p: p.priority or 0)]

    # -- detailed assessment (stage 2) -----------------------------------------------------

    def detailed(self, workshop_id: int) -> dict[str, DetailedRecord]:
        with self.db.session() as s:
            rows = s.scalars(select(DetailedAssessment).where(DetailedAssessment.workshop_id == workshop_id))
            return {r.element_id: DetailedRecord.model_validate(r) for r in rows}

    def set_detailed(
        self, workshop_id: int, element_id: str, *, refined_level: int | None = _UNSET, notes: str = _UNSET
    ) -> DetailedRecord:
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
                keys = {"workshop_id": workshop_id, "element_id": element_id}
                row = ensure_row(s, DetailedAssessment, keys, {"notes": "", "updated_at": now()})
            else:
                before = DetailedRecord.model_validate(row)
            if refined_level is not _UNSET:
                row.refined_level = refined_level
            if notes is not _UNSET:
                row.notes = notes
            row.updated_at = now()
            self.touch(s, workshop_id)
            return before

    # -- approaches to change ticked (or written) for the action plan ----------------------

    def chosen_approaches(self, workshop_id: int) -> list[ChosenApproachRecord]:
        with self.db.session() as s:
            rows = s.scalars(
                select(ChosenApproach).where(ChosenApproach.workshop_id == workshop_id).order_by(ChosenApproach.id)
            )
            return [ChosenApproachRecord.model_validate(r) for r in rows]

    def choose_approach(
        self, workshop_id: int, element_id: str, level: int, approach_index: int | None = None, text: str = ""
    ) -> ChosenApproachRecord:
        """Tick one of the workbook's approaches (by index), or record the group's own (text)."""
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
            return ChosenApproachRecord.model_validate(row)

    def unchoose_approach(self, chosen_id: int) -> ChosenApproachRecord:
        with self.db.session() as s:
            row = s.get(ChosenApproach, chosen_id)
            if row is None:
                raise NotFound(f"no chosen approach with id {chosen_id}")
            record = ChosenApproachRecord.model_validate(row)
            s.delete(row)
            return record

    def restore_approach(self, record: ChosenApproachRecord) -> None:
        """Re-insert a removed approach with its original id (undo)."""
        with self.db.session() as s:
            s.add(ChosenApproach(**record.model_dump()))

    # -- actions ---------------------------------------------------------------------------

    def _live_action(self, s: Session, action_id: int) -> Action:
        action = s.get(Action, action_id)
        if action is None or action.deleted_at is not None:
            raise NotFound(f"no action with id {action_id}")
        return action

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
            rows = s.scalars(
                select(Action)
                .where(Action.workshop_id == workshop_id, Action.deleted_at.is_(None))
                .order_by(Action.position, Action.id)
                .options(selectinload(Action.steps), selectinload(Action.links), selectinload(Action.review_points))
            )
            return [ActionRecord.model_validate(a) for a in rows]

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
    ) -> ActionRecord:
        """Add a row at the end of the action plan, optionally pre-filled from ticked approaches."""
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
            for cid in from_approaches or []:
                chosen = s.get(ChosenApproach, cid)
                if chosen is None or chosen.workshop_id != workshop_id:
                    raise NotFound(f"no chosen approach with id {cid}")
                chosen.action_id = action.id
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
            self.touch(s, workshop_id)
            return self._action_record(s, action.id)

    def update_action(self, action_id: int, **changes: object) -> ActionRecord:
        """Change some fields of an action; returns the record as it was."""
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
            self.touch(s, action.workshop_id)
            return before

    def set_steps(self, action_id: int, steps: list[str]) -> list[str]:
        """Replace the numbered "By doing…" steps; returns the previous steps."""
        steps = clean_steps(steps)
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            before = [st.text for st in action.steps]
            action.steps.clear()
            s.flush()
            for i, text in enumerate(steps):
                action.steps.append(ActionStep(position=i, text=text))
            action.updated_at = now()
            self.touch(s, action.workshop_id)
            return before

    def set_links(self, action_id: int, links: list[tuple[str, str | None]]) -> list[LinkRecord]:
        for driver_id, element_id in links:
            self.check_driver(driver_id)
            if element_id is not None:
                self.check_element(element_id)
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            before = [LinkRecord.model_validate(link) for link in action.links]
            action.links.clear()
            s.flush()
            for driver_id, element_id in links:
                action.links.append(ActionLink(driver_id=driver_id, element_id=element_id))
            self.touch(s, action.workshop_id)
            return before

    def delete_action(self, action_id: int) -> None:
        """Soft delete, so undo brings back the action with its steps and review points."""
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            action.deleted_at = now()
            self.touch(s, action.workshop_id)

    def restore_action(self, action_id: int) -> None:
        with self.db.session() as s:
            action = s.get(Action, action_id)
            if action is None:
                raise NotFound(f"no action with id {action_id}")
            action.deleted_at = None
            self.touch(s, action.workshop_id)

    def move_action(self, action_id: int, new_index: int) -> int:
        """Move an action to ``new_index`` (0-based) in the plan; returns its old index."""
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
            for i, row in enumerate(rows, start=1):
                row.position = i
            return old_index

    # -- review points of a detailed action sheet ------------------------------------------

    def add_review_point(self, action_id: int, fields: ReviewPointFields | dict | None = None) -> ReviewPointRecord:
        data = validate(ReviewPointFields, fields or {})
        with self.db.session() as s:
            action = self._live_action(s, action_id)
            # After a deletion the count is no longer the next free place: go after the last one.
            position = max((rp.position for rp in action.review_points), default=-1) + 1
            row = ReviewPoint(action_id=action_id, position=position, **data.model_dump())
            s.add(row)
            s.flush()
            return ReviewPointRecord.model_validate(row)

    def update_review_point(self, review_id: int, **changes: object) -> ReviewPointRecord:
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
            for key in changes:
                setattr(row, key, getattr(merged, key))
            return before

    def delete_review_point(self, review_id: int) -> ReviewPointRecord:
        with self.db.session() as s:
            row = s.get(ReviewPoint, review_id)
            if row is None:
                raise NotFound(f"no review point with id {review_id}")
            record = ReviewPointRecord.model_validate(row)
            s.delete(row)
            return record

    def restore_review_point(self, record: ReviewPointRecord) -> None:
        """Re-insert a deleted review point with its original id and place (undo)."""
        with self.db.session() as s:
            s.add(ReviewPoint(**record.model_dump()))
