"""What every view shares: the services, one undo stack, and "what changed" notices.

Views never write to the database themselves: they push a ``ServiceCommand`` whose
``redo``/``undo`` call services. After each change the context emits ``changed``
with a ``Change`` naming what kind of data changed, so each view refreshes only
its own part (after Anki's ``OpChanges``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from jcs_desktop.services import ServiceError, Services, StoreError

# Kinds of change a view can listen for.
WORKSHOPS = "workshops"
PARTICIPANTS = "participants"
SCORES = "scores"
AGREED = "agreed"
PLANS = "plans"  # driver plans, detailed assessment, chosen approaches
ACTIONS = "actions"  # actions, steps, links, review points


@dataclass(frozen=True)
class Change:
    kinds: frozenset[str]
    workshop_id: int | None = None
    ids: tuple[object, ...] = field(default=())
    """Optional detail, e.g. (participant_id, element_id) for one score."""

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))


class AppContext(QObject):
    """Owned by the main window; handed to every page and dialog."""

    changed = Signal(object)  # Change
    status_message = Signal(str)
    font_scale_changed = Signal(float)
    high_contrast_changed = Signal(bool)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings("JCS Desktop", "JCS Desktop")

    @property
    def framework(self):
        return self.services.framework

    def notify(self, change: Change) -> None:
        self.changed.emit(change)

    def push(self, command: QUndoCommand) -> bool:
        """Run ``command`` (its redo) and keep it for undo; report a refused change plainly.

        Returns False (and leaves the stack untouched) if the service refused the change.
        """
        try:
            self.undo_stack.push(command)
        except (ServiceError, StoreError) as exc:
            self.report_error(str(exc))
            return False
        failed = getattr(command, "failed", None)
        if failed is not None:
            # The command marked itself obsolete, so the stack has already dropped it.
            self.report_error(str(failed))
            return False
        return True

    def report_error(self, message: str, parent: QWidget | None = None) -> None:
        self.status_message.emit(message)
        if parent is not None:
            QMessageBox.warning(parent, "JCS Desktop", message)

    def saved(self, what: str = "Saved") -> None:
        self.status_message.emit(what)


class ServiceCommand(QUndoCommand):
    """An undoable user action implemented by two service calls.

    ``do`` and ``undo`` are plain callables; ``change`` is what to announce after
    either. A service error in ``do`` marks the command failed so ``AppContext.push``
    can discard it, leaving nothing changed.
    """

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        change: Change,
    ) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._do = do
        self._undo = undo
        self._change = change
        self.failed: Exception | None = None
        self.result: object = None

    def redo(self) -> None:
        if self.isObsolete():
            return
        try:
            self.result = self._do()
        except (ServiceError, StoreError) as exc:
            self.failed = exc
            self.setObsolete(True)  # QUndoStack.push then discards it: nothing to undo
            return
        self._ctx.notify(self._change)
        self._ctx.saved(f"Saved: {self.text()}")

    def undo(self) -> None:
        if self.failed is not None or self.isObsolete():
            return
        try:
            self._undo()
        except ServiceError as exc:
            self._ctx.report_error(str(exc))
            # Refused because the value is no longer the one this command set (another window
            # changed it): show what is stored now, so the screen agrees with the message. And
            # drop the command, so a redo cannot write this window's old value over the other's.
            self._ctx.notify(self._change)
            self.setObsolete(True)
            return
        except StoreError as exc:
            self._ctx.report_error(str(exc))
            return
        self._ctx.notify(self._change)
        self._ctx.saved(f"Undone: {self.text()}")
