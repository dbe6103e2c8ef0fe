"""Undoable imports: the scores of a filled entry template, written as one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcs_desktop.domain.values import Score
from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext

if TYPE_CHECKING:
    from jcs_desktop.exports.importer import ImportPreview, ImportResult


class ImportScores(Command):
    """Every score of a checked template (``ImportPreview``) in ONE transaction; undo writes back
    what the import replaced, also in one (``ScoreService.import_scores`` with ``.previous``)."""

    def __init__(self, ctx: AppContext, preview: ImportPreview) -> None:
        super().__init__(ctx, f"Import scores from {preview.path.name}")
        self.preview = preview
        self.result: ImportResult | None = None
        """What the first run wrote and replaced."""
        self.before: dict[int, dict[str, Score]] = {}

    def run(self) -> Changes:
        # Loaded when an import first runs: the window starts without the exports.
        from jcs_desktop.exports.importer import apply_import

        changes = apply_import(self.ctx.services, self.preview)
        if self.first_run:
            self.result = changes.previous  # type: ignore[assignment]
            assert self.result is not None
            self.before = {pid: dict(values) for pid, values in self.result.previous.items()}
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.scores.import_scores(self.preview.workshop_id, self.before)
