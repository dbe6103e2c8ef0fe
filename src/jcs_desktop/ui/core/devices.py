"""The GUI's side of the device server: one owner of the running ``DeviceServer``, in Qt terms.

``DeviceHub`` (one per ``AppContext``, made by ``hub_of(ctx)`` when the facilitator first
switches Devices on, kept as ``ctx.devices``) starts and stops the server of the open
workshop and turns what the server says from ITS thread into signals on the GUI thread:

- a score a device sent arrives as the same change record the GUI's own writes make, and is
  handed to ``ctx.apply``, those arriving within ``APPLY_MS`` of each other as one record
  (the live state, the progress table and the grid follow at once; nothing goes on the
  facilitator's undo stack: the participant made that change);
- the GUI's own change records (``ctx.changed``: the grid, participant mode, an import, a
  participant added or removed) go to ``server.take_changes`` so each device shows what is
  stored;
- "the device list changed" comes as ``devices_changed``, at most every 200 ms however many
  phones answer at once.

The shell calls ``stop_devices(ctx)`` when the workshop closes and when the application
quits. Nothing of aiohttp, the server or the network is imported until ``start``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.core.tasks import quick_switches

if TYPE_CHECKING:
    from jcs_desktop.devices.server import DeviceInfo, DeviceServer
    from jcs_desktop.ui.core.context import AppContext

COALESCE_MS = 200
"""The device list is read again at most this often while devices keep answering."""
APPLY_MS = 40
"""Answers that arrive within this long of each other are taken in as one change record: forty
phones answering at once cost the window one update of each view, not forty."""


class DeviceHub(QObject):
    """Owns the running device server of one workshop (at most one at a time)."""

    running_changed = Signal(bool)
    """The server started (True) or stopped (False)."""
    ended = Signal()
    """Stopped because the workshop closed or the application quits: windows about it close."""
    devices_changed = Signal()
    """The device list changed (coalesced); read it with ``devices()``."""

    _remote_changes = Signal(object)  # from the server's thread, queued to this object's (the GUI's)
    _remote_devices = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else ctx)
        self.ctx = ctx
        self.server: DeviceServer | None = None
        self.server_options: dict[str, Any] = {}
        """Extra keyword arguments for ``DeviceServer`` (tests give a port or a page folder)."""
        self._forwarding_off: Changes | None = None
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self.devices_changed)
        self._arrived: list[Changes] = []
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(APPLY_MS)
        self._apply_timer.timeout.connect(self._apply_arrived)
        self._remote_changes.connect(self._apply_remote, Qt.ConnectionType.QueuedConnection)
        self._remote_devices.connect(self._devices_soon, Qt.ConnectionType.QueuedConnection)
        ctx.changed.connect(self._forward)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.end)  # the last word: nothing is left listening after exit

    # -- state ---------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    @property
    def workshop_id(self) -> int | None:
        return self.server.workshop_id if self.server is not None else None

    @property
    def host(self) -> str:
        return self.server.host if self.server is not None else ""

    # -- starting and stopping -----------------------------------------------------------------

    def start(self, workshop_id: int, host: str) -> None:
        """Listen on ``host`` for ``workshop_id``; raises ``DeviceError`` (or a service error)
        with nothing left listening if that cannot be done."""
        from jcs_desktop.devices.server import DeviceServer  # aiohttp: only now

        self.stop()
        server = DeviceServer(
            self.ctx.services,
            workshop_id,
            host,
            on_changes=self._remote_changes.emit,
            on_devices=self._remote_devices.emit,
            **self.server_options,
        )
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        self.server = server
        quick_switches(True)  # forty phones keep the server's threads in Python: the window stays quick
        self.running_changed.emit(True)
        self.devices_changed.emit()

    def stop(self) -> None:
        """Stop listening; every device's page says scoring here is closed. Safe when stopped."""
        if self.server is None:
            return
        self._apply_arrived()  # stored already: the screens show every answer that came
        server, self.server = self.server, None
        self._coalesce.stop()
        server.stop()
        quick_switches(False)
        self.running_changed.emit(False)
        self.devices_changed.emit()

    def end(self) -> None:
        """The workshop closes or the application quits: stop, and close what shows the devices."""
        was = self.server is not None
        self.stop()
        if was:
            self.ended.emit()

    # -- the facilitator's controls (DeviceError when they cannot be done) ------------------------

    def devices(self) -> list[DeviceInfo]:
        if not self.running:
            return []
        from jcs_desktop.devices.server import DeviceError

        try:
            return self._server().devices()
        except DeviceError:  # stopped a moment ago
            return []

    def scoring_count(self) -> int:
        """Devices connected now and let in to score (what quitting would cut off)."""
        if not self.running:
            return 0
        from jcs_desktop.devices.server import APPROVED

        return sum(1 for d in self.devices() if d.status == APPROVED and d.connected and not d.finished)

    def join_state(self) -> tuple[bool, str, float]:
        return self._server().join_state()

    def join_url(self) -> str:
        return self._server().join_url()

    def renew_code(self) -> str:
        return self._server().renew_code()

    def set_join_open(self, on: bool) -> None:
        self._server().set_join_open(on)

    def set_auto_approve(self, on: bool) -> None:
        self._server().set_auto_approve(on)

    def approve(self, device_id: str, participant_id: int | None = None) -> None:
        self._server().approve(device_id, participant_id)

    def revoke(self, device_id: str) -> None:
        self._server().revoke(device_id)

    def _server(self) -> DeviceServer:
        if self.server is None:
            from jcs_desktop.devices.server import DeviceError

            raise DeviceError("Devices are switched off.")
        return self.server

    # -- between the threads -------------------------------------------------------------------

    def _apply_remote(self, changes: Changes) -> None:
        """A device's answer, stored by the server: the GUI takes it in as it does its own,
        together with those that arrive within ``APPLY_MS`` of it."""
        if self.server is None or changes.workshop_id not in (None, self.server.workshop_id):
            return
        self._arrived.append(changes)
        if not self._apply_timer.isActive():
            self._apply_timer.start()

    def _apply_arrived(self) -> None:
        self._apply_timer.stop()
        arrived, self._arrived = self._arrived, []
        if not arrived or self.server is None:
            return
        # Later records win per cell (as ``|`` does): the merged record is what is stored now.
        changes = Changes.merged(arrived)
        self._forwarding_off = changes  # the server already knows: not sent back to it
        try:
            self.ctx.apply(changes)
        finally:
            self._forwarding_off = None

    def _forward(self, change: object) -> None:
        server = self.server
        if server is None or change is self._forwarding_off or not isinstance(change, Changes):
            return
        server.take_changes(change)

    def _devices_soon(self) -> None:
        if self.server is not None and not self._coalesce.isActive():
            self._coalesce.start()


def hub_of(ctx: AppContext) -> DeviceHub:
    """The context's device hub, made on first use."""
    if ctx.devices is None:
        ctx.devices = DeviceHub(ctx)
    return ctx.devices


def stop_devices(ctx: AppContext) -> None:
    """Stop the device server, if one runs (the workshop closes, the application quits)."""
    if ctx.devices is not None:
        ctx.devices.end()


def scoring_devices(ctx: AppContext) -> int:
    """How many devices are scoring now (0 when Devices were never switched on)."""
    return ctx.devices.scoring_count() if ctx.devices is not None else 0
