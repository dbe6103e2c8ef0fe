"""Undoable workshop, participant and sector edits: each a ``Command`` (``ui/commands/base.py``)
of one use case to do it and one to undo it.

Commands that create something create it on the first run and, after an undo, bring the very
same record back (soft delete / restore), so ids stay stable and any later command on the stack
still points at the right row.
"""

from __future__ import annotations

from collections.abc import Sequence

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ParticipantFields, ParticipantRecord, WorkshopFields, WorkshopRecord
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# -- workshops ---------------------------------------------------------------------------


class CreateWorkshop(Command):
    """A new workshop; redo after undo restores that same record, so its id stays valid."""

    def __init__(self, ctx: AppContext, fields: WorkshopFields) -> None:
        super().__init__(ctx, f"create workshop “{fields.title}”")
        self.fields = fields
        self.record: WorkshopRecord | None = None

    def run(self) -> Changes:
        workshops = self.ctx.services.workshops
        if self.record is None:
            changes = workshops.create(self.fields)
            self.record = changes.previous  # type: ignore[assignment]
            return changes
        return workshops.restore(self.record.id)

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.workshops.delete(self.record.id)


class DuplicateWorkshop(Command):
    """A follow-up workshop: same partnership and participants, no scores."""

    def __init__(self, ctx: AppContext, workshop_id: int, title: str) -> None:
        super().__init__(ctx, f"follow-up of “{title}”")
        self.workshop_id = workshop_id
        self.record: WorkshopRecord | None = None
        """The follow-up, once made."""

    def run(self) -> Changes:
        workshops = self.ctx.services.workshops
        if self.record is None:
            changes = workshops.duplicate_as_follow_up(self.workshop_id)
            self.record = changes.previous  # type: ignore[assignment]
            return changes
        return workshops.restore(self.record.id)

    def revert(self) -> Changes:
        assert self.record is not None
        return self.ctx.services.workshops.delete(self.record.id)


class UpdateWorkshop(Command):
    """The workshop's details (title, partnership, date, route...); undo puts back the old ones."""

    def __init__(self, ctx: AppContext, workshop_id: int, fields: WorkshopFields) -> None:
        super().__init__(ctx, f"edit workshop “{fields.title}”")
        self.workshop_id = workshop_id
        self.fields = fields
        self.before: WorkshopRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.workshops.update(self.workshop_id, self.fields)
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.workshops.update(self.workshop_id, self.before.fields())


class SetSeriesLink(Command):
    """Attach a workshop to a series (the earlier workshop it follows), or detach it; undo puts the old link back."""

    def __init__(self, ctx: AppContext, workshop_id: int, follows_id: int | None, title: str) -> None:
        super().__init__(ctx, f"series of “{title}”" if follows_id is not None else f"detach “{title}” from its series")
        self.workshop_id = workshop_id
        self.follows_id = follows_id
        self.before: int | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.series.set_follows(self.workshop_id, self.follows_id)
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.series.set_follows(self.workshop_id, self.before)


class SetBenchmarkExcluded(Command):
    """Leave a workshop out of other partnerships' comparisons (or count it again); undo flips it back."""

    def __init__(self, ctx: AppContext, workshop_id: int, excluded: bool, title: str) -> None:
        super().__init__(ctx, f"{'leave out' if excluded else 'count again'} “{title}” in comparisons")
        self.workshop_id = workshop_id
        self.excluded = excluded

    def run(self) -> Changes:
        return self.ctx.services.workshops.set_exclude_from_benchmarks(self.workshop_id, self.excluded)

    def revert(self) -> Changes:
        return self.ctx.services.workshops.set_exclude_from_benchmarks(self.workshop_id, not self.excluded)


class DeleteWorkshop(Command):
    """Delete a workshop (softly: undo brings it back with everything in it)."""

    def __init__(self, ctx: AppContext, workshop_id: int, title: str) -> None:
        super().__init__(ctx, f"delete workshop “{title}”")
        self.workshop_id = workshop_id

    def run(self) -> Changes:
        return self.ctx.services.workshops.delete(self.workshop_id)

    def revert(self) -> Changes:
        return self.ctx.services.workshops.restore(self.workshop_id)


# -- participants ------------------------------------------------------------------------


class AddParticipants(Command):
    """Add one or several participants (a pasted list is one command: one Ctrl+Z removes it)."""

    def __init__(self, ctx: AppContext, workshop_id: int, rows: Sequence[ParticipantFields]) -> None:
        rows = list(rows)
        text = f"add {rows[0].display_name}" if len(rows) == 1 else f"add {_plural(len(rows), 'participant')}"
        super().__init__(ctx, text)
        self.workshop_id = workshop_id
        self.rows = rows
        self.records: list[ParticipantRecord] = []
        """The new participants, once added (a redo brings back these very rows)."""

    def run(self) -> Changes:
        participants = self.ctx.services.participants
        if not self.records:
            changes = participants.add_many(self.workshop_id, self.rows)
            self.records = list(changes.previous)  # type: ignore[call-overload]
            return changes
        return participants.restore_many([r.id for r in self.records])

    def revert(self) -> Changes:
        return self.ctx.services.participants.remove_many([r.id for r in self.records])


class UpdateParticipant(Command):
    """A participant's name, organisation, sector or role; undo puts back the old ones."""

    def __init__(self, ctx: AppContext, participant_id: int, fields: ParticipantFields) -> None:
        super().__init__(ctx, f"edit {fields.display_name}")
        self.participant_id = participant_id
        self.fields = fields
        self.before: ParticipantRecord | None = None

    def run(self) -> Changes:
        changes = self.ctx.services.participants.update(self.participant_id, self.fields)
        if self.first_run:
            self.before = changes.previous  # type: ignore[assignment]
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.participants.update(self.participant_id, self.before.fields())


class RemoveParticipants(Command):
    """Remove participants (softly: their scores stay stored, so undo brings everything back)."""

    def __init__(self, ctx: AppContext, records: Sequence[ParticipantRecord]) -> None:
        many = len(records) != 1
        text = f"remove {_plural(len(records), 'participant')}" if many else f"remove {records[0].display_name}"
        super().__init__(ctx, text)
        self.ids = [r.id for r in records]

    def run(self) -> Changes:
        return self.ctx.services.participants.remove_many(self.ids)

    def revert(self) -> Changes:
        return self.ctx.services.participants.restore_many(self.ids)


class SetSectors(Command):
    """Replace the sector list (shared by every workshop); ``before`` is the list shown to the user."""

    def __init__(self, ctx: AppContext, names: Sequence[str], before: Sequence[str]) -> None:
        super().__init__(ctx, "edit the sector list")
        self.names = list(names)
        self.before = list(before)

    def run(self) -> Changes:
        return self.ctx.services.participants.set_sectors(self.names)

    def revert(self) -> Changes:
        return self.ctx.services.participants.set_sectors(self.before)
