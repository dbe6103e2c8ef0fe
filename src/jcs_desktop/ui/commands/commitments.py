"""Undoable edits of last time's commitments: reviewing an action of the previous workshop
at its follow-up, and carrying it forward into the follow-up's plan (``PlanningService``).

As in ``commands/planning.py``, a command that creates a row brings that very row back on a
redo after an undo (restore by id), so later commands on the stack that name it stay valid.
"""

from __future__ import annotations

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ReviewPointRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext


class ReviewAction(Command):
    """Record how last time's action went (status, what was achieved, learning points) at a follow-up.

    The first review of an action at a workshop adds a review point to its delivery plan (undo
    deletes it, redo brings the same row back); a later one changes that review point (undo
    puts back what it said).
    """

    def __init__(
        self,
        ctx: AppContext,
        action_id: int,
        at_workshop_id: int,
        text: str,
        *,
        status: str | None,
        achieved: str,
        learning: str,
    ) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.at_workshop_id = at_workshop_id
        self.status = status
        self.achieved = achieved
        self.learning = learning
        self.before: ReviewPointRecord | None = None
        """The review as it was before the first run (None: there was none)."""
        self.made: ReviewPointRecord | None = None
        """The review this command added, as it was when undone (a redo brings this very row back)."""

    def run(self) -> Changes:
        planning = self.ctx.services.planning
        if self.made is not None:
            return planning.restore_review_point(self.made)
        changes = planning.review_action(self.action_id, self.at_workshop_id, self.status, self.achieved, self.learning)
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def _review_id(self) -> int:
        action = self.done.actions.get(self.action_id) if self.done is not None else None
        points = [
            p for p in (action.review_points if action is not None else []) if p.workshop_id == self.at_workshop_id
        ]
        if not points:  # not named by the last run: ask the store
            found = next(
                c for c in self.ctx.services.planning.commitments(self.at_workshop_id) if c.id == self.action_id
            )
            assert found.review is not None
            return found.review.id
        return points[0].id

    def revert(self) -> Changes:
        planning = self.ctx.services.planning
        if self.before is None:
            changes = planning.delete_review_point(self._review_id())
            self.made = changes.previous  # type: ignore[assignment]
            return changes
        b = self.before
        return planning.update_review_point(b.id, status=b.status, achieved=b.achieved, learning=b.learning)


class CarryForward(Command):
    """Carry last time's action into the follow-up's plan; undo removes the copy, redo brings it back."""

    def __init__(self, ctx: AppContext, action_id: int, into_workshop_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.action_id = action_id
        self.into_workshop_id = into_workshop_id
        self.copy_id: int | None = None
        """The new action's id, once made."""

    def run(self) -> Changes:
        planning = self.ctx.services.planning
        if self.copy_id is None:
            changes = planning.carry_forward(self.action_id, self.into_workshop_id)
            self.copy_id = changes.previous.id  # type: ignore[attr-defined]
            return changes
        return planning.restore_action(self.copy_id)

    def revert(self) -> Changes:
        assert self.copy_id is not None
        return self.ctx.services.planning.delete_action(self.copy_id)
