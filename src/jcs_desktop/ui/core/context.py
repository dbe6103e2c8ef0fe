"""What every view shares: the services, the open workshop's live state, one undo stack,
and "what changed" notices.

Views never write to the database themselves: they push a command (``ui/commands``) whose
``run``/``revert`` call one use case each. The use case returns a ``Changes`` record; the
context applies it to the live workshop state (``services.live.LiveWorkshop``, loaded once
when the workshop opens) and emits ``changed`` with it, so each view updates only what the
record names (after Anki's ``OpChanges``), reading from ``ctx.live`` rather than the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import (
    ACTIONS,
    AGREED,
    MAP,
    PARTICIPANTS,
    PLANS,
    SCORES,
    STRATEGY,
    WORKSHOPS,
    Applied,
    Changes,
)
from jcs_desktop.ui.core.reveal import RevealState

if TYPE_CHECKING:
    from jcs_desktop.services import Services
    from jcs_desktop.services.live import LiveWorkshop
    from jcs_desktop.ui.core.devices import DeviceHub

# Kinds of change a view can listen for (the names the change records use).
ALL_KINDS = (WORKSHOPS, PARTICIPANTS, SCORES, AGREED, PLANS, ACTIONS, MAP, STRATEGY)


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

    changed = Signal(object)  # Changes (or, from code not yet moved to change records, a Change)
    status_message = Signal(str)
    font_scale_changed = Signal(float)
    high_contrast_changed = Signal(bool)
    reveal_changed = Signal()
    """What is revealed of the open workshop's individual scores changed (see ``reveal``)."""

    ready = Signal()
    """The services are loaded (see ``attach``); emitted once, never when given to ``__init__``."""

    def __init__(self, services: Services | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._load_error: BaseException | None = None
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings("JCS Desktop", "JCS Desktop")
        self.reveal = RevealState(on_change=self.reveal_changed.emit)
        """Shared by every page: nothing of an element's individual scores shows before Reconcile reveals it."""
        self.window: QWidget | None = None  # the main window, once it exists
        self.live: LiveWorkshop | None = None
        """The open workshop, as a fresh load would give it; None while none is open."""
        self.last_applied: Applied = Applied()
        """What the live state recomputed for the change being announced (elements, drivers)."""
        self.devices: DeviceHub | None = None
        """The device server's owner (``core.devices``), once the facilitator has switched Devices on."""

    # -- the services, possibly still loading ----------------------------------------------

    @property
    def services(self) -> Services:
        """The use cases. At start-up they load in the background while the window shows
        (``ui/app.py``); something that needs them before then waits here, a busy cursor
        showing, with the window still painting."""
        if self._services is None:
            self.wait_until_ready()
        assert self._services is not None
        return self._services

    @property
    def is_ready(self) -> bool:
        return self._services is not None

    def attach(self, services: Services) -> None:
        """The services finished loading: from now on every use case is available."""
        self._services = services
        self.ready.emit()

    def loading_failed(self, error: BaseException) -> None:
        """Loading the services failed: whoever waits for them gets ``error``."""
        self._load_error = error

    def wait_until_ready(self) -> None:
        from PySide6.QtCore import QEventLoop, Qt
        from PySide6.QtGui import QCursor, QGuiApplication

        if self._services is not None:
            return
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            while self._services is None and self._load_error is None:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self._load_error is not None:
            raise self._load_error

    @property
    def framework(self):
        return self.services.framework

    # -- the open workshop --------------------------------------------------------------

    def open_workshop(self, workshop_id: int) -> LiveWorkshop:
        """Load ``workshop_id`` once (one read); every page reads it from ``live`` from now on.

        If it cannot be read, ``live`` is None (never the previous workshop's) and the error rises."""
        self.live = None
        self.live = _load_live(self.services, workshop_id)
        return self.live

    def live_for(self, workshop_id: int | None) -> LiveWorkshop | None:
        """The live state of ``workshop_id``; None when there is none or it cannot be read.

        The main window loads the open workshop before any page is given it, so in the app this
        hands that back. A page or window built on its own (a test, a tool) for another workshop
        loads it, once. A workshop that cannot be read is reported by whoever opens it (the main
        window, in the status bar); the screens just show nothing rather than old data."""
        if workshop_id is None:
            return None
        if self.live is not None and self.live.workshop.id == workshop_id:
            return self.live
        try:
            return self.open_workshop(workshop_id)
        except (ServiceError, StoreError):
            return None

    def close_workshop(self) -> None:
        self.live = None

    @property
    def live_id(self) -> int | None:
        return self.live.workshop.id if self.live is not None else None

    def apply(self, changes: Changes) -> None:
        """A use case changed ``changes``: bring the live state up to date, then tell every view."""
        self.last_applied = self.live.apply(changes) if self.live is not None else Applied()
        self.changed.emit(changes)

    def reload(self) -> None:
        """Read the open workshop again (after a restore, or when a refusal says the screen is
        behind what is stored) and tell every view that everything may have changed."""
        if self.live is not None:
            wid = self.live.workshop.id
            try:
                self.live = _load_live(self.services, wid)
            except (ServiceError, StoreError) as exc:  # deleted elsewhere, or the file is damaged
                self.report_error(str(exc))
                self.live = None
        self.changed.emit(Change(frozenset(ALL_KINDS)))

    def note_of(self, participant_id: int, element_id: str) -> str:
        """A participant's stored note on an element: from the live state, else the database."""
        if self.live is not None and participant_id in self.live.notes:
            return self.live.notes[participant_id].get(element_id, "")
        return self.services.scores.notes_for_participant(participant_id).get(element_id, "")

    def notify(self, change: Change) -> None:
        """Announce a change that carries no values (an old-style ``Change``): the live state is
        read again so that it stays what the database holds."""
        if self.live is not None and change.workshop_id in (None, self.live.workshop.id):
            try:
                self.live = _load_live(self.services, self.live.workshop.id)
            except (ServiceError, StoreError):
                self.live = None
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


def _load_live(services: Services, workshop_id: int) -> LiveWorkshop:
    # Imported here: the live state brings pydantic and SQLAlchemy, which start-up loads in
    # the background after the window is on screen.
    from jcs_desktop.services.live import LiveWorkshop

    return LiveWorkshop.load(services, workshop_id)
