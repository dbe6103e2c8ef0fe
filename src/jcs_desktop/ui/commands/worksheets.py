"""Undoable edits of Strategic Commissioning Template worksheets: each a ``Command`` of one use case
to do it and one to undo it (``services/worksheets.py``).

Commands that create something create it on the first run and, after an undo, bring the very same
record back (soft delete / restore), so ids stay stable for the commands above them on the stack.
"""

from __future__ import annotations

from collections.abc import Mapping

from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.commands.base import Command
from jcs_desktop.ui.core.context import AppContext


class CreateWorksheet(Command):
    """A new worksheet for a partnership objective, pre-filled from the workshop."""

    def __init__(self, ctx: AppContext, workshop_id: int, objective: str) -> None:
        super().__init__(ctx, f"new worksheet “{objective}”")
        self.workshop_id = workshop_id
        self.objective = objective
        self.worksheet_id: int | None = None

    def run(self) -> Changes:
        svc = self.ctx.services.worksheets
        if self.worksheet_id is None:
            changes = svc.create_worksheet(self.workshop_id, self.objective)
            self.worksheet_id = changes.previous  # type: ignore[assignment]
            return changes
        return svc.restore_worksheet(self.worksheet_id)

    def revert(self) -> Changes:
        assert self.worksheet_id is not None
        return self.ctx.services.worksheets.delete_worksheet(self.worksheet_id)


class RenameWorksheet(Command):
    def __init__(self, ctx: AppContext, worksheet_id: int, objective: str) -> None:
        super().__init__(ctx, f"rename worksheet to “{objective}”")
        self.worksheet_id = worksheet_id
        self.objective = objective
        self.before = ""

    def run(self) -> Changes:
        changes = self.ctx.services.worksheets.rename_worksheet(self.worksheet_id, self.objective)
        if self.first_run:
            self.before = str(changes.previous)
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.worksheets.rename_worksheet(self.worksheet_id, self.before)


class DeleteWorksheet(Command):
    def __init__(self, ctx: AppContext, worksheet_id: int, objective: str) -> None:
        super().__init__(ctx, f"remove worksheet “{objective}”")
        self.worksheet_id = worksheet_id

    def run(self) -> Changes:
        return self.ctx.services.worksheets.delete_worksheet(self.worksheet_id)

    def revert(self) -> Changes:
        return self.ctx.services.worksheets.restore_worksheet(self.worksheet_id)


class SetAnswer(Command):
    """An answer's text, or a part's RED/AMBER/GREEN status; typing in one box merges into one step."""

    def __init__(
        self, ctx: AppContext, worksheet_id: int, question_id: str, *, text: str | None = None, rag: str | None = ""
    ) -> None:
        super().__init__(ctx, f"answer {question_id.removeprefix('q-').replace('-', '.')}")
        self.worksheet_id = worksheet_id
        self.question_id = question_id
        # Not ``self.text``: that would hide QUndoCommand.text(), which the undo stack calls.
        self.answer_text = text
        self.rag = rag
        self.before = None
        self.merge_key = (worksheet_id, question_id, "text") if rag == "" else None

    def run(self) -> Changes:
        changes = self.ctx.services.worksheets.set_answer(
            self.worksheet_id, self.question_id, text=self.answer_text, rag=self.rag
        )
        if self.first_run:
            self.before = changes.previous
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.worksheets.restore_answer(self.worksheet_id, self.question_id, self.before)

    def absorb(self, other: Command) -> None:
        assert isinstance(other, SetAnswer)
        self.answer_text = other.answer_text


class TakePrefill(Command):
    """The answer becomes what the workshop's results give now."""

    def __init__(self, ctx: AppContext, worksheet_id: int, question_id: str) -> None:
        super().__init__(ctx, "take the workshop's figures")
        self.worksheet_id = worksheet_id
        self.question_id = question_id
        self.before = None

    def run(self) -> Changes:
        changes = self.ctx.services.worksheets.take_prefill(self.worksheet_id, self.question_id)
        if self.first_run:
            self.before = changes.previous
        return changes

    def revert(self) -> Changes:
        return self.ctx.services.worksheets.restore_answer(self.worksheet_id, self.question_id, self.before)


class AddRow(Command):
    """A row at the end of one of the template's tables (from the action plan, when ``action_id``)."""

    def __init__(
        self,
        ctx: AppContext,
        worksheet_id: int,
        table_id: str,
        cells: Mapping[str, str] | None = None,
        *,
        option_tag: str | None = None,
        action_id: int | None = None,
    ) -> None:
        super().__init__(ctx, "add a row" if action_id is None else "add an action to the table")
        self.worksheet_id = worksheet_id
        self.table_id = table_id
        self.cells = dict(cells or {})
        self.option_tag = option_tag
        self.action_id = action_id
        self.row_id: int | None = None

    def run(self) -> Changes:
        svc = self.ctx.services.worksheets
        if self.row_id is None:
            changes = svc.add_row(
                self.worksheet_id, self.table_id, self.cells, option_tag=self.option_tag, action_id=self.action_id
            )
            self.row_id = changes.previous  # type: ignore[assignment]
            return changes
        return svc.restore_deleted_row(self.row_id)

    def revert(self) -> Changes:
        assert self.row_id is not None
        return self.ctx.services.worksheets.delete_row(self.row_id)


class UpdateRow(Command):
    def __init__(
        self, ctx: AppContext, row_id: int, cells: Mapping[str, str] | None = None, *, option_tag: str | None = ""
    ) -> None:
        super().__init__(ctx, "edit a table row")
        self.row_id = row_id
        self.cells = dict(cells or {})
        self.option_tag = option_tag
        self.before = None

    def run(self) -> Changes:
        changes = self.ctx.services.worksheets.update_row(self.row_id, self.cells, option_tag=self.option_tag)
        if self.first_run:
            self.before = changes.previous
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.worksheets.restore_row(self.before)


class DeleteRow(Command):
    def __init__(self, ctx: AppContext, row_id: int) -> None:
        super().__init__(ctx, "remove a table row")
        self.row_id = row_id

    def run(self) -> Changes:
        return self.ctx.services.worksheets.delete_row(self.row_id)

    def revert(self) -> Changes:
        return self.ctx.services.worksheets.restore_deleted_row(self.row_id)


class TakeAction(Command):
    """A linked row takes its action as the action plan has it now."""

    def __init__(self, ctx: AppContext, row_id: int) -> None:
        super().__init__(ctx, "take the action plan's version")
        self.row_id = row_id
        self.before = None

    def run(self) -> Changes:
        changes = self.ctx.services.worksheets.take_action(self.row_id)
        if self.first_run:
            self.before = changes.previous
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self.ctx.services.worksheets.restore_row(self.before)
