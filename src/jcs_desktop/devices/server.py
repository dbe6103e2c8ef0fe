"""The device server: participants' own browsers join a workshop and score over the local network.

``DeviceServer(services, workshop_id, host)`` listens on that one address (a random port
unless one is given) in a thread of its own, running its own asyncio event loop, with
aiohttp. ``docs/devices-protocol.md`` is what it says to the participant page
(``resources/devices/``).

How it fits the application:

- **One writer.** Every score a device sends is stored by ``ScoreService.set_score`` (the
  same use case and validation as a key press) on ONE writer thread, in arrival order, each
  in its own short transaction. Forty phones never open forty transactions at once, so the
  database is never "locked" by them.
- **The GUI follows** through ``on_changes(changes)``, called with each write's change
  record, from the server's thread: the GUI hands it to its live state exactly as it does
  its own. The GUI tells the server of ITS writes (the facilitator's grid, shared-screen
  participant mode, an import) with ``take_changes``, so a device shows what is stored.
  ``on_devices()`` says the device list changed (joined, approved, answered, finished).
- **The facilitator's controls** (``approve``, ``revoke``, ``set_join_open`` …) may be called
  from any thread; they run on the server's loop and return once done (the loop never waits
  on the database itself, so that is a millisecond).

Decisions where the issue is silent:

- Re-sends: each answer's client id is remembered (the last 50,000 across the server), so
  the same answer sent twice is stored once and acknowledged twice.
- A device asking for a participant is let in at once only with auto-approve on AND when
  that participant has no answers yet and no other device holds them; otherwise the
  facilitator decides. Approving a participant another device holds sends that device back
  to choosing a name.
- A participant removed from the workshop sends their device back to choosing.
- A revoked device stays in the list (as revoked) so the facilitator sees what happened;
  its token is dead and its sockets closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from jcs_desktop.devices import protocol
from jcs_desktop.devices.protocol import BadMessage, JoinCodes, SlidingWindow, TokenBucket
from jcs_desktop.domain.values import Score
from jcs_desktop.paths import resources_dir
from jcs_desktop.services import ServiceError, StoreError

if TYPE_CHECKING:
    from jcs_desktop.services import Services
    from jcs_desktop.services.changes import Changes
    from jcs_desktop.services.dto import ParticipantRecord

log = logging.getLogger(__name__)

CHOOSING = "choosing"
WAITING = "waiting"
APPROVED = "approved"
REVOKED = "revoked"
CLOSED = "closed"

PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}
"""Everything the server serves from disk: these three files of ``resources/devices/``, read at start."""

REMEMBERED_ANSWERS = 50_000
CALL_TIMEOUT = 10.0


class DeviceError(Exception):
    """A facilitator's request about devices that cannot be done (the message says why)."""


@dataclass(frozen=True)
class DeviceInfo:
    """One device, as the facilitator's list shows it."""

    id: str
    status: str
    """CHOOSING, WAITING, APPROVED or REVOKED."""
    participant_id: int | None
    """Who it scores as (APPROVED), or who it asked to be (WAITING; None: asks to be assigned)."""
    participant_name: str
    address: str
    """The device's network address."""
    browser: str
    """A short description from its User-Agent ("Android phone", "iPad" …)."""
    joined_at: dt.datetime
    last_seen: dt.datetime
    connected: bool
    answered: int
    """Elements its participant has answered (levels and "not sure"), when approved."""
    finished: bool
    has_answers_already: bool = False
    """WAITING for a participant who already has answers (given elsewhere, or earlier)."""
    held_elsewhere: str | None = None
    """WAITING for a participant another device holds: that device's id."""


@dataclass
class _Device:
    id: str
    token: str
    address: str
    browser: str
    joined_at: dt.datetime
    last_seen: dt.datetime
    bucket: TokenBucket
    status: str = CHOOSING
    requested: int | None = None
    participant_id: int | None = None
    finished: bool = False
    message: str = ""
    sockets: set[web.WebSocketResponse] = field(default_factory=set)


def browser_of(agent: str) -> str:
    """A few words for the facilitator's list, from a User-Agent header."""
    a = agent or ""
    if "iPad" in a:
        return "iPad"
    if "iPhone" in a:
        return "iPhone"
    if "Android" in a:
        return "Android tablet" if "Mobile" not in a else "Android phone"
    for name, words in (("Windows", "Windows laptop"), ("Macintosh", "Mac"), ("CrOS", "Chromebook")):
        if name in a:
            return words
    if "Linux" in a:
        return "Linux computer"
    return "Browser" if a else "Unknown device"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeviceServer:
    """The embedded server of one workshop. ``start()`` it; ``stop()`` ends everything."""

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        host: str,
        port: int = 0,
        *,
        on_changes: Callable[[Changes], None] | None = None,
        on_devices: Callable[[], None] | None = None,
        auto_approve: bool = False,
        clock: Callable[[], float] = time.monotonic,
        code_minutes: float = protocol.CODE_MINUTES,
        page_dir=None,
    ) -> None:
        self.services = services
        self.workshop_id = workshop_id
        self.host = host
        self.port = port
        self.on_changes = on_changes
        self.on_devices = on_devices
        self._clock = clock
        self._auto_approve = auto_approve
        self._join_open = True
        self._codes = JoinCodes(clock, code_minutes)
        self._joins = SlidingWindow(clock)
        self._page_dir = page_dir if page_dir is not None else resources_dir() / "devices"
        framework = services.framework
        self._element_ids = frozenset(framework.element_ids())
        self._element_count = len(self._element_ids)
        self._level_count = framework.level_count
        self._devices: dict[str, _Device] = {}
        self._by_token: dict[str, _Device] = {}
        self._people: dict[int, ParticipantRecord] = {}
        self._answers: dict[int, dict[str, Score]] = {}
        """Stored answers of the participants that approved devices hold."""
        self._done: OrderedDict[str, dict] = OrderedDict()  # client id -> its ack
        self._inflight: dict[str, asyncio.Future] = {}
        self._tasks: set[asyncio.Task] = set()
        self._files: dict[str, tuple[bytes, str]] = {}
        self._workbook = b""
        self._title = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        # One writer: every device's scores are stored on this one thread, in arrival order.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="devices-writer")
        self.stats = {"stored": 0, "resent": 0, "refused": 0, "rate_limited": 0}

    # -- starting and stopping -----------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._started.is_set()

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return self.origin + "/"

    def start(self, timeout: float = 15.0) -> None:
        """Read the page and the participants, bind the address and serve; DeviceError if the
        address cannot be used (gone, or the port taken)."""
        if self._thread is not None:
            raise DeviceError("the device server is already running")
        self._read_files()
        people = self.services.participants.list(self.workshop_id)  # NotFound if the workshop is gone
        self._people = {p.id: p for p in people}
        self._title = self.services.workshops.get(self.workshop_id).title
        self._workbook = json.dumps(self._workbook_data(), ensure_ascii=False).encode("utf-8")
        self._thread = threading.Thread(target=self._run, name="devices-server", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise DeviceError("the device server did not start in time")
        if self._start_error is not None:
            self._thread.join(timeout)
            self._thread = None
            error = self._start_error
            raise DeviceError(f"cannot listen on {self.host}: {error}") from error

    def stop(self, timeout: float = 10.0) -> None:
        """Tell every device that scoring here is closed, close their sockets, stop listening.
        Safe to call twice, or when start failed."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive() and self._stopping is not None:
            loop.call_soon_threadsafe(self._stopping.set)
            thread.join(timeout)
        self._thread = None
        self._writer.shutdown(wait=True, cancel_futures=False)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to start(); nothing else to tell
            if not self._started.is_set():
                self._start_error = exc
                self._started.set()
            else:
                log.exception("device server stopped on an error")
        finally:
            loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=protocol.MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self._page)
        app.router.add_get("/app.js", self._page)
        app.router.add_get("/app.css", self._page)
        app.router.add_post("/api/join", self._join)
        app.router.add_get("/api/workbook", self._workbook_view)
        app.router.add_get("/ws", self._socket)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, backlog=128)
            await site.start()
            server = site._server  # the asyncio server: the only way to the port the system chose
            if self.port == 0 and server is not None and server.sockets:
                self.port = server.sockets[0].getsockname()[1]
            self._started.set()
            await self._stopping.wait()
            await self._close_all()
        finally:
            await runner.cleanup()

    async def _close_all(self) -> None:
        for device in list(self._devices.values()):
            if device.status != REVOKED:
                device.message = "Scoring on devices has been switched off."
            for ws in list(device.sockets):
                await self._send(ws, self._state(device, status=CLOSED))
                await ws.close()

    # -- the facilitator's controls (any thread) -----------------------------------------------

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        loop = self._loop
        if loop is None or not self.running:
            raise DeviceError("the device server is not running")

        async def run():
            result = fn(*args)
            if asyncio.iscoroutine(result):
                result = await result
            return result

        return asyncio.run_coroutine_threadsafe(run(), loop).result(CALL_TIMEOUT)

    def devices(self) -> list[DeviceInfo]:
        """Every device that joined, in joining order."""
        return self._call(self._device_list)

    def join_state(self) -> tuple[bool, str, float]:
        """(join open, the current join code, seconds before it is replaced)."""
        return self._call(lambda: (self._join_open, self._codes.current, self._codes.seconds_left))

    @property
    def join_code(self) -> str:
        return self.join_state()[1]

    def join_url(self) -> str:
        """What the QR code holds: the address, with the join code in the fragment."""
        return f"{self.url}#{self.join_code}"

    def renew_code(self) -> str:
        return self._call(self._codes.renew)

    def set_join_open(self, on: bool) -> None:
        """Closed: no new device can join (those that joined go on)."""

        def apply() -> None:
            self._join_open = bool(on)

        self._call(apply)

    def set_auto_approve(self, on: bool) -> None:
        def apply() -> None:
            self._auto_approve = bool(on)

        self._call(apply)

    def approve(self, device_id: str, participant_id: int | None = None) -> None:
        """Let ``device_id`` score as ``participant_id`` (default: the one it asked for)."""
        self._call(self._approve, device_id, participant_id)

    def revoke(self, device_id: str) -> None:
        """Take the device out: its token stops working at once and its page says so."""
        self._call(self._revoke, device_id)

    def take_changes(self, changes: Changes) -> None:
        """What the GUI stored (or saw stored): devices show it. Returns at once."""
        loop = self._loop
        if loop is not None and self.running:
            loop.call_soon_threadsafe(self._take_changes, changes)

    # -- the loop's side of those ----------------------------------------------------------------

    def _device_list(self) -> list[DeviceInfo]:
        holders = {d.participant_id: d.id for d in self._devices.values() if d.status == APPROVED}
        out = []
        for d in self._devices.values():
            pid = d.participant_id if d.status == APPROVED else d.requested
            person = self._people.get(pid) if pid is not None else None
            held = holders.get(pid) if d.status == WAITING and pid is not None else None
            out.append(
                DeviceInfo(
                    id=d.id,
                    status=d.status,
                    participant_id=pid,
                    participant_name=person.display_name if person else "",
                    address=d.address,
                    browser=d.browser,
                    joined_at=d.joined_at,
                    last_seen=d.last_seen,
                    connected=bool(d.sockets),
                    answered=len(self._answers.get(d.participant_id, {})) if d.status == APPROVED else 0,
                    finished=d.finished,
                    has_answers_already=d.status == WAITING and bool(self._answers.get(pid or -1)),
                    held_elsewhere=held if held != d.id else None,
                )
            )
        return out

    async def _approve(self, device_id: str, participant_id: int | None) -> None:
        device = self._devices.get(device_id)
        if device is None or device.status == REVOKED:
            raise DeviceError("that device has left or was revoked")
        pid = participant_id if participant_id is not None else device.requested
        if pid is None:
            raise DeviceError("choose whose answers this device gives")
        if pid not in self._people:
            raise DeviceError("that participant is no longer in this workshop")
        await self._load_answers(pid)
        for other in self._devices.values():
            if other is not device and other.status == APPROVED and other.participant_id == pid:
                other.status, other.participant_id, other.requested = CHOOSING, None, None
                other.finished = False
                other.message = "The facilitator gave your name to another device. Choose your name again."
                await self._push(other)
        device.status, device.participant_id, device.requested = APPROVED, pid, None
        device.finished = False
        device.message = ""
        await self._push(device)
        self._devices_changed()

    async def _revoke(self, device_id: str) -> None:
        device = self._devices.get(device_id)
        if device is None:
            raise DeviceError("no such device")
        self._revoke_device(device)
        for ws in list(device.sockets):
            await self._send(ws, self._state(device))
            await ws.close()
        self._devices_changed()

    def _revoke_device(self, device: _Device) -> None:
        device.status = REVOKED
        device.participant_id = device.requested = None
        device.message = "The facilitator has taken this device out of the workshop."
        self._by_token.pop(device.token, None)

    def _take_changes(self, changes: Changes) -> None:
        if changes.workshop_id is not None and changes.workshop_id != self.workshop_id:
            return
        task = asyncio.ensure_future(self._follow(changes))
        self._tasks.add(task)  # held until done: the loop keeps only a weak reference
        task.add_done_callback(self._tasks.discard)

    async def _follow(self, changes: Changes) -> None:
        people_changed = False
        for pid, record in changes.participants.items():
            if record is None or record.workshop_id != self.workshop_id:
                if self._people.pop(pid, None) is not None:
                    people_changed = True
                self._answers.pop(pid, None)
                for d in self._devices.values():
                    if d.status in (APPROVED, WAITING) and pid in (d.participant_id, d.requested):
                        d.status, d.participant_id, d.requested = CHOOSING, None, None
                        d.message = "Your name was taken off the list. Choose your name, or ask the facilitator."
                        await self._push(d)
            else:
                people_changed |= self._people.get(pid) != record
                self._people[pid] = record
        touched: set[int] = set()
        for (pid, eid), cell in changes.scores.items():
            answers = self._answers.get(pid)
            if answers is None or answers.get(eid) == cell.value:
                continue
            if cell.value is None:
                answers.pop(eid, None)
            else:
                answers[eid] = cell.value
            touched.add(pid)
        for d in self._devices.values():
            if d.status == APPROVED and d.participant_id in touched:
                await self._push(d)
        if people_changed:
            self._people = dict(sorted(self._people.items(), key=lambda kv: (kv[1].position, kv[0])))
            message = {"type": "participants", "participants": self._people_list()}
            for d in self._devices.values():
                if d.status in (CHOOSING, WAITING):
                    for ws in list(d.sockets):
                        await self._send(ws, message)
        if touched or people_changed:
            self._devices_changed()

    def _devices_changed(self) -> None:
        if self.on_devices is not None:
            try:
                self.on_devices()
            except Exception:  # a listener's fault must not stop the server
                log.exception("on_devices failed")

    # -- requests ------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        # The Host a browser names must be this address: a page of another site cannot reach
        # the server through a name of its own that points here (DNS rebinding).
        if request.host != self.origin.removeprefix("http://"):
            return web.Response(status=421, text="Misdirected request")
        response = await handler(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def _origin_ok(self, request: web.Request) -> bool:
        return request.headers.get("Origin") == self.origin

    def _read_files(self) -> None:
        for route, (name, kind) in PAGE_FILES.items():
            path = self._page_dir / name
            if path.is_symlink() or not path.is_file():  # only the app's own files, never a link out
                raise DeviceError(f"the participant page is missing from this installation ({name})")
            self._files[route] = (path.read_bytes(), kind)

    async def _page(self, request: web.Request) -> web.Response:
        body, kind = self._files[request.path]
        response = web.Response(body=body, headers={"Content-Type": kind})
        ws = self.origin.replace("http://", "ws://", 1)
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        return response

    def _device_for(self, request: web.Request) -> _Device | None:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else ""
        return self._by_token.get(token) if token else None

    async def _join(self, request: web.Request) -> web.Response:
        if not self._origin_ok(request):
            return _error(403, "This page did not come from the workshop laptop.")
        address = request.remote or "?"
        if not self._joins.allow(address):
            return _error(429, "Too many tries. Wait a minute, then type the code again.")
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            raise
        except (ValueError, UnicodeDecodeError):
            return _error(400, "That was not a join request.")
        if not isinstance(body, dict):
            return _error(400, "That was not a join request.")
        if not self._join_open:
            return _error(403, "Joining is closed. Ask the facilitator to open it.")
        if not self._codes.accepts(body.get("code")):
            return _error(403, "That code is not right, or it has run out. Check the code on the screen.")
        now = _now()
        device = _Device(
            id=protocol.new_device_id(),
            token=protocol.new_token(),
            address=address,
            browser=browser_of(request.headers.get("User-Agent", "")),
            joined_at=now,
            last_seen=now,
            bucket=TokenBucket(self._clock),
        )
        self._devices[device.id] = device
        self._by_token[device.token] = device
        self._devices_changed()
        return web.json_response(
            {"device": device.id, "token": device.token, "workshop": self._title, "participants": self._people_list()}
        )

    async def _workbook_view(self, request: web.Request) -> web.Response:
        if self._device_for(request) is None:
            return _error(401, "This device has not joined (or was taken out).")
        return web.Response(body=self._workbook, content_type="application/json")

    def _workbook_data(self) -> dict:
        f = self.services.framework
        return {
            "levels": [{"number": lv.number, "name": lv.name} for lv in f.levels],
            "drivers": [{"id": d.id, "title": d.title} for d in f.drivers],
            "elements": [
                {"id": e.id, "driver": d.id, "title": e.title, "descriptors": list(e.descriptors)}
                for d in f.drivers
                for e in d.elements
            ],
        }

    def _people_list(self) -> list[dict]:
        return [{"id": p.id, "name": p.display_name, "organisation": p.organisation} for p in self._people.values()]

    # -- the socket ----------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_ok(request):
            return _error(403, "This page did not come from the workshop laptop.")
        token = protocol.token_from_protocols(request.headers.get("Sec-WebSocket-Protocol"))
        device = self._by_token.get(token or "")
        if device is None:
            return _error(403, "This device has not joined (or was taken out).")
        ws = web.WebSocketResponse(protocols=("jcs-v1",), max_msg_size=protocol.MAX_MESSAGE, heartbeat=30.0)
        await ws.prepare(request)
        device.sockets.add(ws)
        device.last_seen = _now()
        self._devices_changed()
        try:
            await self._send(ws, self._state(device))
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.ERROR:
                        break
                    continue
                if device.status == REVOKED:
                    break
                device.last_seen = _now()
                await self._handle(device, ws, msg.data)
        finally:
            device.sockets.discard(ws)
            self._devices_changed()
        return ws

    async def _handle(self, device: _Device, ws: web.WebSocketResponse, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            await self._send(ws, {"type": "error", "message": "not JSON"})
            return
        if not isinstance(message, dict):
            await self._send(ws, {"type": "error", "message": "not a message"})
            return
        kind = message.get("type")
        if not device.bucket.take():
            self.stats["rate_limited"] += 1
            reply = {"type": "slow_down"}
            if kind == "answer" and isinstance(message.get("id"), str):
                reply["id"] = message["id"][:64]
            await self._send(ws, reply)
            return
        try:
            if kind == "ping":
                await self._send(ws, {"type": "pong"})
            elif kind == "answer":
                await self._answer(device, ws, message)
            elif kind == "choose":
                await self._choose(device, protocol.parse_participant(message))
            elif kind == "finish":
                if device.status == APPROVED and not device.finished:
                    device.finished = True
                    await self._push(device)
                    self._devices_changed()
            else:
                await self._send(ws, {"type": "error", "message": "unknown message type"})
        except BadMessage as exc:
            await self._send(ws, {"type": "error", "message": str(exc)})

    async def _choose(self, device: _Device, pid: int | None) -> None:
        if device.status == APPROVED:
            return  # already scoring: a change of name goes through the facilitator
        if pid is not None and pid not in self._people:
            raise BadMessage("that name is not on this workshop's list")
        device.status, device.requested = WAITING, pid
        device.message = ""
        if pid is not None and self._auto_approve:
            answers = await self._load_answers(pid)
            held = any(d.status == APPROVED and d.participant_id == pid for d in self._devices.values())
            if not answers and not held:
                await self._approve(device.id, pid)
                return
        await self._push(device)
        self._devices_changed()

    async def _load_answers(self, pid: int) -> dict[str, Score]:
        loop = asyncio.get_running_loop()
        answers = await loop.run_in_executor(self._writer, self.services.scores.scores_for_participant, pid)
        self._answers[pid] = dict(answers)
        return self._answers[pid]

    async def _answer(self, device: _Device, ws: web.WebSocketResponse, message: dict) -> None:
        cid = protocol.client_id(message)
        done = self._done.get(cid)
        pending = self._inflight.get(cid)
        if done is None and pending is not None:
            # The same answer is being stored (sent again from a new socket after a drop): wait
            # for its outcome rather than write it twice. The outcome is set only once the ack is
            # recorded, so there is no moment where the write is done and its ack not yet known.
            done = await asyncio.shield(pending)
        if done is not None:
            self.stats["resent"] += 1
            await self._send(ws, done)
            return
        try:
            answer = protocol.parse_answer(message, self._element_ids, self._level_count)
        except BadMessage as exc:
            self.stats["refused"] += 1
            await self._send(ws, {"type": "refused", "id": cid, "message": str(exc)})
            return
        if device.status != APPROVED or device.participant_id is None:
            self.stats["refused"] += 1
            await self._send(ws, {"type": "refused", "id": cid, "message": "This device is not let in to score."})
            return
        pid = device.participant_id
        loop = asyncio.get_running_loop()
        store = self.services.scores.set_score
        outcome: asyncio.Future = loop.create_future()  # the ack, or None when nothing was stored
        self._inflight[cid] = outcome
        try:
            try:
                changes = await loop.run_in_executor(self._writer, store, pid, answer.element_id, answer.value)
            except ServiceError as exc:
                self.stats["refused"] += 1
                await self._send(ws, {"type": "refused", "id": cid, "message": str(exc)})
                return
            except StoreError as exc:  # the file is busy or damaged: not stored, the page sends it again
                log.warning("a device's answer was not stored: %s", exc)
                await self._send(ws, {"type": "slow_down", "id": cid})
                return
            ack = {"type": "ack", "id": cid, "element": answer.element_id, "value": answer.value}
            self._done[cid] = ack
            outcome.set_result(ack)
        finally:
            self._inflight.pop(cid, None)
            if not outcome.done():
                outcome.set_result(None)
        while len(self._done) > REMEMBERED_ANSWERS:
            self._done.popitem(last=False)
        self.stats["stored"] += 1
        answers = self._answers.setdefault(pid, {})
        if answer.value is None:
            answers.pop(answer.element_id, None)
        else:
            answers[answer.element_id] = answer.value
        if self.on_changes is not None and not changes.is_empty:
            try:
                self.on_changes(changes)
            except Exception:
                log.exception("on_changes failed")
        await self._send(ws, ack)
        self._devices_changed()

    # -- sending -------------------------------------------------------------------------------

    def _state(self, device: _Device, status: str | None = None) -> dict:
        status = status or device.status
        person = self._people.get(device.participant_id) if device.participant_id is not None else None
        approved = status == APPROVED and person is not None
        state = {
            "type": "state",
            "status": status,
            "participant": {"id": person.id, "name": person.display_name} if approved else None,
            # Only this device's own participant's answers, never anyone else's.
            "answers": dict(self._answers.get(device.participant_id, {})) if approved else {},
            "finished": device.finished if approved else False,
            "message": device.message,
        }
        if status in (CHOOSING, WAITING):
            # A page opened again (a reload) learns the name list and what it asked for from here.
            asked = self._people.get(device.requested) if device.requested is not None else None
            state["requested"] = {"id": asked.id, "name": asked.display_name} if asked else None
            state["participants"] = self._people_list()
        return state

    async def _push(self, device: _Device) -> None:
        state = self._state(device)
        for ws in list(device.sockets):
            await self._send(ws, state)

    @staticmethod
    async def _send(ws: web.WebSocketResponse, message: dict) -> None:
        if ws.closed:
            return
        # The device may go away mid-send: it reconnects and is sent its state again.
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_str(json.dumps(message, ensure_ascii=False))


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def held_participants(devices: Iterable[DeviceInfo]) -> dict[int, DeviceInfo]:
    """Participant id -> the approved device scoring as them."""
    return {d.participant_id: d for d in devices if d.status == APPROVED and d.participant_id is not None}


__all__ = [
    "APPROVED",
    "CHOOSING",
    "CLOSED",
    "REVOKED",
    "WAITING",
    "DeviceError",
    "DeviceInfo",
    "DeviceServer",
    "browser_of",
    "held_participants",
]
