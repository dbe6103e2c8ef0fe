"""Undoable edits of the partnership's commissioning strategy: where it stands on each feature
of the Commissioning Map (``StrategyService``). Each is a ``Command`` (``ui/commands/base.py``):
one use case to do it, one to undo it.
"""

from __future__ import annotations

import datetime as dt

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import MapFeatureStatusRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext


class SetMapFeature(Command):
    """A feature's status, date and note; undo puts back the record as it was."""

    def __init__(
        self,
        ctx: AppContext,
        workshop_id: int,
        feature_id: str,
        text: str,
        *,
        status: str,
        date: dt.date | None,
        note: str,
    ) -> None:
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.feature_id = feature_id
        self.status = status
        self.date = date
        self.note = note
        self.before: MapFeatureStatusRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.strategy.set_map_feature(
            self.workshop_id, self.feature_id, self.status, self.date, self.note
        )
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.strategy.restore_map_feature(self.before)
