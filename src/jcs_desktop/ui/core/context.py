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
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from jcs_desktop.services import ServiceError, Services, StoreError
from jcs_desktop.ui.core.reveal import RevealState

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
    reveal_changed = Signal()
    """What is revealed of the open workshop's individual scores changed (see ``reveal``)."""

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings("JCS Desktop", "JCS Desktop")
        self.reveal = RevealState(on_change=self.reveal_changed.emit)
        """Shared by every page: nothing of an element's individual scores shows before Reconcile reveals it."""
        self.window: QWidget | None = None  # the main window, once it exists

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

    def dialog_parent(self) -> QWidget | None:
        """Where a message box should appear: the window in front (participant mode's own
        screen, a dialog), else the main window; None (status bar only) without either."""
        return QApplication.activeWindow() or self.window

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
    can discard it, leaving nothing changed. A refused undo or a failed redo drops the
    command from the stack (what is stored stays as it is) and says why in a message box.
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
        self._done_once = False

    def redo(self) -> None:
        if self.isObsolete():
            return
        first = not self._done_once
        try:
            self.result = self._do()
        except (ServiceError, StoreError) as exc:
            self.failed = exc
            # QUndoStack drops an obsolete command: after a first run push discards it
            # (and AppContext.push reports why); a later redo leaves the stack as it was.
            self.setObsolete(True)
            if not first:
                self._ctx.report_error(
                    f"“{self.text()}” could not be redone: {str(exc).replace('not undone', 'not redone')}",
                    self._ctx.dialog_parent(),
                )
            return
        self._done_once = True
        self._ctx.notify(self._change)
        self._ctx.saved(f"Saved: {self.text()}")

    def undo(self) -> None:
        if self.failed is not None or self.isObsolete():
            return
        try:
            self._undo()
        except (ServiceError, StoreError) as exc:
            # The change stays as it is (someone else's value is kept). Drop the command, or
            # a redo would write it again over theirs; say so where the user is looking, and
            # show what is stored now, so the screen agrees with the message.
            self.setObsolete(True)
            self._ctx.report_error(str(exc), self._ctx.dialog_parent())
            if isinstance(exc, ServiceError):
                self._ctx.notify(self._change)
            return
        self._ctx.notify(self._change)
        self._ctx.saved(f"Undone: {self.text()}")
