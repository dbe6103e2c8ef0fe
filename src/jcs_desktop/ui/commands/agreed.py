"""Undoable agreements: the group's agreed level for an element, its rationale and reservations."""

from __future__ import annotations

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.widgets.labels import element_label

_UNSET = object()


class SetAgreed(Command):
    """Any part of an element's agreement in one use case: ``level`` (None removes the agreement),
    ``rationale``, ``with_reservations``, ``reservation_note``; what is left out keeps its value.

    Undo puts the whole agreement back as it was, refused if it was changed elsewhere since.
    """

    def __init__(self, ctx: AppContext, workshop_id: int, element_id: str, text: str | None = None, **fields: object):
        if text is None:
            level = fields.get("level", _UNSET)
            what = "cleared" if level is None else f"level {level}" if level is not _UNSET else "rationale"
            text = f"Agreed score {element_label(ctx, element_id)}: {what}"
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.element_id = element_id
        self.fields = fields
        self.before: AgreedRecord | None = None
        self.after: AgreedRecord | None = None

    def run(self) -> Changes:
        scores = self.ctx.services.scores
        expected = {} if self.first_run else {"expected": self.before}
        changes = scores.set_agreed(self.workshop_id, self.element_id, **self.fields, **expected)  # type: ignore[arg-type]
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        # Not named when nothing changed: then it is as it was.
        self.after = changes.agreed.get(self.element_id, self.before)
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.scores.restore_agreed(
            self.workshop_id, self.element_id, self.before, expected=self.after
        )
