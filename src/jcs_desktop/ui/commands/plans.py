"""Undoable driver plans: improvement targets, target levels and the priority order.

One action may change several drivers at once (taking a driver into the detailed assessment
renumbers the others): it is one use case, ``set_driver_plans``, in one transaction, so
either every driver changes or none does, and undo puts them all back in one call too.
"""

from __future__ import annotations

from collections.abc import Mapping

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext


class SetDriverPlans(Command):
    """``plans``: driver id -> the plan fields to change (``improvement_target``, ``target_level``,
    ``priority``; the others keep their value). Undo writes back each driver's whole plan as it was."""

    def __init__(self, ctx: AppContext, workshop_id: int, plans: Mapping[str, Mapping[str, object]], text: str):
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.plans = {driver_id: dict(fields) for driver_id, fields in plans.items()}
        self.before: dict[str, DriverPlanRecord] = {}

    def run(self) -> Changes:
        changes = self.ctx.services.planning.set_driver_plans(self.workshop_id, self.plans)
        if self.first_run:
            self.before = dict(changes.previous)  # type: ignore[arg-type]
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.planning.set_driver_plans(self.workshop_id, self.before).with_previous(None)
