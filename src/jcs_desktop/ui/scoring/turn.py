"""One participant's turn at the shared screen: who is scoring, their own answers, and the
undo of their own entries alone.

A turn begins when a participant's answers are opened and ends at hand-over (or when
participant mode closes): then everything of it is forgotten and its undo stack emptied.
The stack is the turn's own: the facilitator's (``ctx.undo_stack``) never sees these
entries, so nothing of a participant's answers reaches the facilitator's Edit menu and
the facilitator's undo can never reach into them.

The turn's answers follow the change records (``take``), never the database: a score
key press costs the one write of its command and no read.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from jcs_desktop.domain.scoring import Score
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.core.context import Change


class Turn(QObject):
    """The current participant's sitting: their id, name, own scores and notes, own undo."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self.participant_id: int | None = None
        self.name = ""
        self.scores: dict[str, Score] = {}
        self.notes: dict[str, str] = {}
        self.session: object | None = None
        """Marks this sitting's commands, so undo stays within them."""

    @property
    def active(self) -> bool:
        return self.participant_id is not None

    def begin(self, participant_id: int, name: str, scores: dict[str, Score], notes: dict[str, str]) -> None:
        self.end()
        self.participant_id = participant_id
        self.name = name
        self.scores = dict(scores)
        self.notes = dict(notes)
        self.session = object()

    def end(self) -> None:
        """Forget everything of this participant; nothing of the turn can be undone by anyone."""
        self.participant_id = None
        self.name = ""
        self.scores = {}
        self.notes = {}
        self.session = None
        self.stack.clear()

    def answered(self) -> set[str]:
        return {e for e, v in self.scores.items() if v is not None}

    def record(self, element_id: str, value: Score, note: str | None = None) -> None:
        """What this participant has just stored (the change record says so too; this makes sure)."""
        if value is None:
            self.scores.pop(element_id, None)
            self.notes.pop(element_id, None)
            return
        self.scores[element_id] = value
        if note is not None:
            self.notes[element_id] = note

    # -- following changes ------------------------------------------------------------------

    def take(self, change: Changes | Change, live: LiveWorkshop | None) -> set[str] | None:
        """Take in this participant's cells that ``change`` names; returns their element ids.

        An old-style notice names no values: then the answers are read again from ``live``
        and None is returned (anything may have changed).
        """
        pid = self.participant_id
        if pid is None:
            return set()
        if not isinstance(change, Changes):
            if live is not None and pid in live.scores:
                self.scores = dict(live.scores[pid])
                self.notes = dict(live.notes.get(pid, {}))
            return None
        changed: set[str] = set()
        for (cell_pid, element_id), cell in change.scores.items():
            if cell_pid != pid:
                continue
            changed.add(element_id)
            if cell.value is None:
                self.scores.pop(element_id, None)
            else:
                self.scores[element_id] = cell.value
            if cell.note:
                self.notes[element_id] = cell.note
            else:
                self.notes.pop(element_id, None)
        return changed

    # -- commands -----------------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> str | None:
        """Run ``command`` on this turn's own undo stack; None if done, else why it was refused."""
        try:
            self.stack.push(command)
        except (ServiceError, StoreError) as exc:
            return str(exc)
        failed = getattr(command, "failed", None)
        return None if failed is None else str(failed)

    def own(self, command: object) -> bool:
        return (
            command is not None
            and self.session is not None
            and getattr(command, "session", None) is self.session
            and getattr(command, "participant_id", None) == self.participant_id
        )

    def undo(self) -> str | None:
        """Undo this participant's last entry; the element it was on, or None if there is none."""
        index = self.stack.index()
        command = self.stack.command(index - 1) if index > 0 else None
        if not self.own(command):
            return None
        element_id = command.element_id  # type: ignore[union-attr]
        self.stack.undo()
        return element_id

    def redo(self) -> str | None:
        """Redo this participant's last undone entry; the element it was on, or None if there is none."""
        index = self.stack.index()
        command = self.stack.command(index) if index < self.stack.count() else None
        if not self.own(command):
            return None
        element_id = command.element_id  # type: ignore[union-attr]
        self.stack.redo()
        return element_id
