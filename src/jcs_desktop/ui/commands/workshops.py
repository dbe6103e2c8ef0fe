"""Undoable commands for workshops and participants: each is two service calls and a change notice.

Commands that create something create it on the first ``redo`` and, after an undo,
bring the very same record back (soft delete / restore), so ids stay stable and
any later command on the stack still points at the right row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jcs_desktop.services.dto import ParticipantFields, ParticipantRecord, WorkshopFields, WorkshopRecord
from jcs_desktop.ui.core.context import PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change, ServiceCommand


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# -- workshops ---------------------------------------------------------------------------


class _NewWorkshop(ServiceCommand):
    """Makes a workshop once; redo after undo restores that same record, so its id stays valid."""

    def __init__(self, ctx: AppContext, text: str, make: Callable[[], WorkshopRecord]) -> None:
        self.record: WorkshopRecord | None = None
        services = ctx.services

        def do() -> WorkshopRecord:
            if self.record is None:
                self.record = make()
            else:
                services.workshops.restore(self.record.id)
            return self.record

        def undo() -> None:
            assert self.record is not None
            services.workshops.delete(self.record.id)

        super().__init__(ctx, text, do, undo, Change(frozenset({WORKSHOPS})))


class CreateWorkshop(_NewWorkshop):
    def __init__(self, ctx: AppContext, fields: WorkshopFields) -> None:
        super().__init__(
            ctx, f"create workshop “{fields.title}”", lambda: ctx.services.workshops.create(fields).previous
        )


class UpdateWorkshop(ServiceCommand):
    def __init__(self, ctx: AppContext, workshop_id: int, fields: WorkshopFields) -> None:
        self.previous: WorkshopRecord | None = None
        services = ctx.services

        def do() -> None:
            before = services.workshops.update(workshop_id, fields).previous
            if self.previous is None:
                self.previous = before

        def undo() -> None:
            assert self.previous is not None
            services.workshops.update(workshop_id, self.previous.fields())

        super().__init__(ctx, f"edit workshop “{fields.title}”", do, undo, Change(frozenset({WORKSHOPS}), workshop_id))


class DeleteWorkshop(ServiceCommand):
    def __init__(self, ctx: AppContext, workshop_id: int, title: str) -> None:
        services = ctx.services
        super().__init__(
            ctx,
            f"delete workshop “{title}”",
            lambda: services.workshops.delete(workshop_id),
            lambda: services.workshops.restore(workshop_id),
            Change(frozenset({WORKSHOPS}), workshop_id),
        )


class DuplicateWorkshop(_NewWorkshop):
    """A follow-up workshop: same partnership and participants, no scores."""

    def __init__(self, ctx: AppContext, workshop_id: int, title: str) -> None:
        super().__init__(
            ctx, f"follow-up of “{title}”", lambda: ctx.services.workshops.duplicate_as_follow_up(workshop_id).previous
        )


# -- participants ------------------------------------------------------------------------


class AddParticipants(ServiceCommand):
    """Add one or several participants (a pasted list is one command: one Ctrl+Z removes it)."""

    def __init__(self, ctx: AppContext, workshop_id: int, rows: Sequence[ParticipantFields]) -> None:
        self.records: list[ParticipantRecord] = []
        services = ctx.services
        rows = list(rows)

        def do() -> list[ParticipantRecord]:
            if not self.records:
                self.records = services.participants.add_many(workshop_id, rows).previous
            else:
                for r in self.records:
                    services.participants.restore(r.id)
            return self.records

        def undo() -> None:
            for r in self.records:
                services.participants.remove(r.id)

        text = f"add {rows[0].display_name}" if len(rows) == 1 else f"add {_plural(len(rows), 'participant')}"
        super().__init__(ctx, text, do, undo, Change(frozenset({PARTICIPANTS}), workshop_id))


class UpdateParticipant(ServiceCommand):
    def __init__(self, ctx: AppContext, workshop_id: int, participant_id: int, fields: ParticipantFields) -> None:
        self.previous: ParticipantRecord | None = None
        services = ctx.services

        def do() -> None:
            before = services.participants.update(participant_id, fields).previous
            if self.previous is None:
                self.previous = before

        def undo() -> None:
            assert self.previous is not None
            services.participants.update(participant_id, self.previous.fields())

        super().__init__(
            ctx,
            f"edit {fields.display_name}",
            do,
            undo,
            Change(frozenset({PARTICIPANTS}), workshop_id, (participant_id,)),
        )


class RemoveParticipants(ServiceCommand):
    """Soft-remove participants; their scores stay in the database, so undo brings everything back."""

    def __init__(self, ctx: AppContext, workshop_id: int, records: Sequence[ParticipantRecord]) -> None:
        services = ctx.services
        ids = [r.id for r in records]

        def do() -> None:
            for pid in ids:
                services.participants.remove(pid)

        def undo() -> None:
            for pid in ids:
                services.participants.restore(pid)

        text = (
            f"remove {records[0].display_name}" if len(records) == 1 else f"remove {_plural(len(ids), 'participant')}"
        )
        # Scores of removed people drop out of every result, so score views refresh too.
        super().__init__(ctx, text, do, undo, Change(frozenset({PARTICIPANTS, SCORES}), workshop_id, tuple(ids)))


class SetSectors(ServiceCommand):
    def __init__(self, ctx: AppContext, names: Sequence[str]) -> None:
        services = ctx.services
        before = services.participants.sectors()
        after = list(names)
        super().__init__(
            ctx,
            "edit the sector list",
            lambda: services.participants.set_sectors(after),
            lambda: services.participants.set_sectors(before),
            Change(frozenset({PARTICIPANTS})),
        )
