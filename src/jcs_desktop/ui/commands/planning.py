"""Undoable planning edits: the detailed assessment, chosen approaches, actions and their
review points (driver plans, priorities included, are ``commands.plans.SetDriverPlans``).
Each is a ``Command`` (``ui/commands/base.py``): one use case to do it, one to undo it.

Commands that create a row create it on the first run and, after an undo, bring that very
row back (restore by id), so later commands on the stack that name it stay valid. Text boxes
that save while the user types (notes, the delivery sheet's fields) merge consecutive saves
into one undo step through ``merge_key``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ChosenApproachRecord, DetailedRecord, ReviewPointRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext

# -- the detailed assessment --------------------------------------------------------------------


class SetDetailed(Command):
    """An element's refined level and/or notes in the detailed assessment."""

    def __init__(self, ctx: AppContext, workshop_id: int, element_id: str, text: str, **fields: object) -> None:
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.element_id = element_id
        self.fields = fields
        self.before: DetailedRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.planning.set_detailed(self.workshop_id, self.element_id, **self.fields)
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        old = {key: getattr(self.before, key) for key in self.fields}
        return self.ctx.services.planning.set_detailed(self.workshop_id, self.element_id, **old)


class EditNotes(SetDetailed):
    """A save of an element's notes box; a run of saves while typing is one undo step."""

    def __init__(self, ctx: AppContext, workshop_id: int, element_id: str, notes: str, text: str) -> None:
        super().__init__(ctx, workshop_id, element_id, text, notes=notes)
        self.merge_key = ("notes", workshop_id, element_id)

    def absorb(self, other: Command) -> None:
        assert isinstance(other, EditNotes)
        self.fields = dict(other.fields)


# -- approaches ticked (or written) for the action plan ------------------------------------------


class ChooseApproach(Command):
    """Tick one of the workbook's approaches (``index``) or add the group's own (``approach``)."""

    def __init__(
        self,
        ctx: AppContext,
        workshop_id: int,
        element_id: str,
        level: int,
        index: int | None,
        approach: str,
        text: str,
    ) -> None:
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.element_id = element_id
        self.level = level
        self.index = index
        self.approach = approach
        self.record: ChosenApproachRecord | None = None
        """The chosen approach, once made (a redo brings back this very row)."""

    def run(self) -> Changes:
        planning = self.ctx.services.planning
        if self.record is None:
            changes = planning.choose_approach(self.workshop_id, self.element_id, self.level, self.index, self.approach)
            self.record = changes.previous  # type: ignore[assignment]
            return changes
        return planning.restore_approach(self.record)

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.planning.unchoose_approach(self.record.id)


class UnchooseApproach(Command):
    """Untick a chosen approach; undo puts the same row back (with the action it was carried into)."""

    def __init__(self, ctx: AppContext, chosen_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.chosen_id = chosen_id
        self.record: ChosenApproachRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.planning.unchoose_approach(self.chosen_id)
        self.record = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.planning.restore_approach(self.record)


# -- actions ---------------------------------------------------------------------------------------


class CreateAction(Command):
    """Add an action at the end of the plan, optionally carrying ticked approaches into it."""

    def __init__(
        self,
        ctx: AppContext,
        workshop_id: int,
        text: str,
        *,
        fields: dict | None = None,
        steps: list[str] | None = None,
        links: list[tuple[str, str | None]] | None = None,
        from_approaches: list[int] | None = None,
    ) -> None:
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.fields = dict(fields or {})
        self.steps = list(steps or [])
        self.links = list(links or [])
        self.from_approaches = list(from_approaches or [])
        self.action_id: int | None = None
        """The new action's id, once made (a redo brings back this very action)."""

    def run(self) -> Changes:
        planning = self.ctx.services.planning
        if self.action_id is None:
            changes = planning.create_action(
                self.workshop_id,
                self.fields,
                steps=self.steps,
                links=self.links,
                from_approaches=self.from_approaches,
            )
            self.action_id = changes.previous.id  # type: ignore[attr-defined]
            return changes
        return planning.restore_action(self.action_id)

    def revert(self) -> Changes:
        assert self.action_id is not None
        return self.ctx.services.planning.delete_action(self.action_id)


class UpdateAction(Command):
    """One field of an action (``achieve``, ``by_when``, ``lead``...)."""

    def __init__(self, ctx: AppContext, action_id: int, key: str, value: object, text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.key = key
        self.value = value
        self.before: object = None

    def run(self) -> Changes:
        changes = self.ctx.services.planning.update_action(self.action_id, **{self.key: self.value})
        if self.first_run:
            self.before = getattr(changes.previous, self.key)
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.update_action(self.action_id, **{self.key: self.before})


class EditActionText(UpdateAction):
    """A save of one of the delivery sheet's text boxes; a run of saves while typing is one undo step."""

    def __init__(self, ctx: AppContext, action_id: int, key: str, value: str, text: str) -> None:
        super().__init__(ctx, action_id, key, value, text)
        self.merge_key = ("action", action_id, key)

    def absorb(self, other: Command) -> None:
        assert isinstance(other, EditActionText)
        self.value = other.value


class SetSteps(Command):
    """Replace an action's numbered "By doing…" steps."""

    def __init__(self, ctx: AppContext, action_id: int, steps: list[str], text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.steps = list(steps)
        self.before: list[str] = []

    def run(self) -> Changes:
        changes = self.ctx.services.planning.set_steps(self.action_id, self.steps)
        if self.first_run:
            self.before = list(changes.previous)  # type: ignore[call-overload]
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.set_steps(self.action_id, self.before)


class SetLinks(Command):
    """Replace the drivers (and elements) an action serves."""

    def __init__(self, ctx: AppContext, action_id: int, links: list[tuple[str, str | None]], text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.links = list(links)
        self.before: list[tuple[str, str | None]] = []

    def run(self) -> Changes:
        changes = self.ctx.services.planning.set_links(self.action_id, self.links)
        if self.first_run:
            self.before = [(lk.driver_id, lk.element_id) for lk in changes.previous]  # type: ignore[attr-defined]
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.set_links(self.action_id, self.before)


class DeleteAction(Command):
    """Delete an action (softly: undo brings it back with its steps, links and review points)."""

    def __init__(self, ctx: AppContext, action_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id

    def run(self) -> Changes:
        return self.ctx.services.planning.delete_action(self.action_id)

    def revert(self) -> Changes:
        return self.ctx.services.planning.restore_action(self.action_id)


class MoveAction(Command):
    """Move an action to another place (0-based) in the plan."""

    def __init__(self, ctx: AppContext, action_id: int, new_index: int, text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.new_index = new_index
        self.old_index = 0

    def run(self) -> Changes:
        changes = self.ctx.services.planning.move_action(self.action_id, self.new_index)
        if self.first_run:
            self.old_index = int(changes.previous)  # type: ignore[call-overload]
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.move_action(self.action_id, self.old_index)


# -- review points of a delivery plan -------------------------------------------------------------


class AddReviewPoint(Command):
    """A review point at the end of an action's delivery plan."""

    def __init__(self, ctx: AppContext, action_id: int, text: str, fields: dict | None = None) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.fields = dict(fields or {})
        self.record: ReviewPointRecord | None = None
        """The new review point, once made (a redo brings back this very row)."""

    def run(self) -> Changes:
        planning = self.ctx.services.planning
        if self.record is None:
            changes = planning.add_review_point(self.action_id, self.fields)
            self.record = changes.previous  # type: ignore[assignment]
            return changes
        return planning.restore_review_point(self.record)

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.planning.delete_review_point(self.record.id)


class UpdateReviewPoint(Command):
    """One field of a review point (its date, what is expected, who reviews...)."""

    def __init__(self, ctx: AppContext, point_id: int, key: str, value: object, text: str) -> None:
        super().__init__(ctx, text)
        self.point_id = point_id
        self.key = key
        self.value = value
        self.before: object = None

    def run(self) -> Changes:
        changes = self.ctx.services.planning.update_review_point(self.point_id, **{self.key: self.value})
        if self.first_run:
            self.before = getattr(changes.previous, self.key)
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.update_review_point(self.point_id, **{self.key: self.before})


class DeleteReviewPoint(Command):
    """Remove a review point; undo puts the same row back in its place."""

    def __init__(self, ctx: AppContext, point_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.point_id = point_id
        self.record: ReviewPointRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.planning.delete_review_point(self.point_id)
        self.record = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.planning.restore_review_point(self.record)


# -- several actions from ticked approaches: one undo step ------------------------------------------


@dataclass(frozen=True)
class PlannedAction:
    """An action about to be created from ticked approaches."""

    fields: dict
    approach_ids: list[int]
    links: list[tuple[str, str | None]] = field(default_factory=list)


def push_actions_from_approaches(
    ctx: AppContext, workshop_id: int, planned: Sequence[PlannedAction], text: str
) -> list[int]:
    """Create the planned actions as ONE undo step (a macro of ``CreateAction`` commands, each
    its own transaction); returns the new actions' ids."""
    created: list[int] = []
    if not planned:
        return created
    ctx.undo_stack.beginMacro(text)
    try:
        for i, item in enumerate(planned, start=1):
            command = CreateAction(
                ctx,
                workshop_id,
                f"{text} ({i} of {len(planned)})",
                fields=item.fields,
                links=item.links,
                from_approaches=item.approach_ids,
            )
            if ctx.push(command) and command.action_id is not None:
                created.append(command.action_id)
    finally:
        ctx.undo_stack.endMacro()
    return created


def push_unchoose(ctx: AppContext, chosen_ids: Sequence[int], text: str) -> bool:
    """Untick approaches: one command, or a macro when another window ticked the same one twice."""
    if len(chosen_ids) == 1:
        return ctx.push(UnchooseApproach(ctx, chosen_ids[0], text))
    ok = True
    ctx.undo_stack.beginMacro(text)
    try:
        for cid in chosen_ids:
            ok = ctx.push(UnchooseApproach(ctx, cid, text)) and ok
    finally:
        ctx.undo_stack.endMacro()
    return ok
