"""The one shape of an undoable user action.

A command is a small class: ``run()`` calls ONE use case and returns the ``Changes`` it
reports; ``revert()`` calls ONE use case that puts back what ``run`` replaced and returns
its ``Changes``. The base class does the rest the same way for every command:

- the first ``run`` keeps what it learnt (the value replaced, the id of a new row) on the
  command, so a redo after an undo writes the same thing again to the same row;
- every ``Changes`` goes to ``ctx.apply``, which updates the live workshop state and tells
  the views exactly what changed (the service's record drives the notice, nobody guesses);
- a refused first run leaves the stack as it was (``AppContext.push`` says why); a refused
  undo or redo ("changed elsewhere") drops the command and says so in a message box, and
  what is stored is shown as it is;
- consecutive saves of the same text box merge into one undo step when the command has a
  ``merge_key`` (Ctrl+Z takes back the whole run of typing, not the last few words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtGui import QUndoCommand

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes

if TYPE_CHECKING:
    from jcs_desktop.ui.core.context import AppContext

MERGE_ID = 0x4A4353
"""QUndoCommand.id() of every command that merges (those with a ``merge_key``)."""


class Command(QUndoCommand):
    """Base of every undoable action (see the module docstring)."""

    merge_key: object = None
    """Commands of the same class with equal, non-None keys merge (text boxes)."""
    participant_id: int | None = None
    element_id: str | None = None
    session: object = None
    """Participant mode tags its own commands, to tell a participant's entries from others'."""
    verb_undone: ClassVar[str] = "Undone"

    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.failed: Exception | None = None
        self.done: Changes | None = None
        """What the last ``run`` reported."""
        self.runs = 0
        """How many times ``run`` succeeded: 0 before the first, so ``run`` knows a redo."""

    # -- for subclasses ------------------------------------------------------------------

    def run(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def absorb(self, other: Command) -> None:
        """Take ``other``'s new value (a later save of the same text box); keep our own before."""
        raise NotImplementedError(f"{type(self).__name__} has a merge_key but cannot merge")

    @property
    def first_run(self) -> bool:
        return self.runs == 0

    # -- QUndoCommand --------------------------------------------------------------------

    def redo(self) -> None:
        if self.isObsolete():
            return
        first = self.first_run
        try:
            changes = self.run()
        except (ServiceError, StoreError) as exc:
            self.failed = exc
            # QUndoStack drops an obsolete command: after a first run push discards it (and
            # AppContext.push reports why); a later redo leaves the stack as it was.
            self.setObsolete(True)
            if not first:
                self.ctx.report_error(
                    f"“{self.text()}” could not be redone: {str(exc).replace('not undone', 'not redone')}",
                    self.ctx.dialog_parent(),
                )
            return
        self.runs += 1
        self.done = changes
        self.ctx.apply(changes)
        self.ctx.saved(f"Saved: {self.text()}")

    def undo(self) -> None:
        if self.failed is not None or self.isObsolete():
            return
        try:
            changes = self.revert()
        except (ServiceError, StoreError) as exc:
            # The change stays as it is (someone else's value is kept). Drop the command, or a
            # redo would write it again over theirs; say so where the user is looking.
            self.setObsolete(True)
            self.ctx.report_error(str(exc), self.ctx.dialog_parent())
            if isinstance(exc, ServiceError):
                self.ctx.reload()  # show what is stored now, so the screen agrees with the message
            return
        self.ctx.apply(changes)
        self.ctx.saved(f"{self.verb_undone}: {self.text()}")

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            type(other) is not type(self)
            or not isinstance(other, Command)
            or other.merge_key != self.merge_key
            or other.failed is not None
        ):
            return False
        self.absorb(other)
        self.done = other.done
        return True
