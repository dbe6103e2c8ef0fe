"""Undoable individual scores and their notes."""

from __future__ import annotations

from jcs_desktop.domain.scoring import Score
from jcs_desktop.services.changes import Changes, ScoreCell
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.widgets.labels import element_label, value_label


class SetScore(Command):
    """One participant's score on one element (a level, NOT_SURE, or None to clear), with its
    note when given: one use case, one transaction. Undo puts back the score and the note
    (clearing a score drops its note), refused if another window changed it since."""

    def __init__(
        self,
        ctx: AppContext,
        participant_id: int,
        element_id: str,
        value: Score,
        *,
        note: str | None = None,
        text: str | None = None,
        session: object = None,
    ) -> None:
        super().__init__(ctx, text or f"Score {element_label(ctx, element_id)}: {value_label(ctx, value)}")
        self.participant_id = participant_id
        self.element_id = element_id
        self.value = value
        self.session = session
        # Always written with a note, so the service hands back the cell as it was (value and
        # note): no note given keeps the stored one, which the live state already holds.
        self.note = note.strip() if note is not None else ctx.note_of(participant_id, element_id)
        self.before: ScoreCell | None = None

    def run(self) -> Changes:
        scores = self.ctx.services.scores
        if self.first_run:
            changes = scores.set_score(self.participant_id, self.element_id, self.value, note=self.note)
            self.before = changes.previous  # type: ignore[assignment]
            return changes
        assert self.before is not None
        return scores.set_score(
            self.participant_id, self.element_id, self.value, note=self.note, expected=self.before.value
        )

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.scores.set_score(
            self.participant_id, self.element_id, self.before.value, note=self.before.note, expected=self.value
        )


class SetNote(Command):
    """The short note on an element the participant has already scored."""

    def __init__(self, ctx: AppContext, participant_id: int, element_id: str, note: str, *, session: object = None):
        super().__init__(ctx, f"Note on {element_label(ctx, element_id)}")
        self.participant_id = participant_id
        self.element_id = element_id
        self.note = note
        self.session = session
        self.before = ""

    def run(self) -> Changes:
        changes = self.ctx.services.scores.set_note(self.participant_id, self.element_id, self.note)
        if self.first_run:
            self.before = str(changes.previous or "")
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.scores.set_note(self.participant_id, self.element_id, self.before)
