"""Devices under load: 40 simulated phones scoring 30 elements each over 127.0.0.1, against the
real GUI, with random think times, random dropped sockets and re-sends.

Two processes, as in a workshop the phones are other machines:

- the laptop (``--role laptop``): the real main window (offscreen) with the workshop open on
  the Score step, the device server on 127.0.0.1 with auto-approve, started by the
  application's own ``DeviceHub`` (``ui/core/devices.py``), which hands change records to the
  GUI thread through a queued signal and applies those arriving within 40 ms of each other
  with ``ctx.apply`` as one, as in use; a 5 ms timer on the GUI thread measures the longest gap in its event loop.
  Before the server starts it times the same answers stored by ``ScoreService.set_score`` in
  a plain loop (no network: the baseline). At the end it checks the database and the live
  state against what the phones say they sent.
- the phones (``--role devices``): one asyncio loop, one aiohttp session per phone, each
  from its own loopback address (127.0.0.10, .11 …: the server allows 10 joins a minute per
  address). Each joins with the code, chooses its own participant, answers every element in
  random order with random think times, sometimes changes an earlier answer, and now and
  then drops its socket right after sending (the transport aborted or closed, the answer in
  flight), reconnects after a growing wait and re-sends everything not yet acknowledged with
  the same client ids, oldest first (``docs/devices-protocol.md``, "Drops and re-sends").

Two rounds, each a fresh pair of processes and a fresh workshop: ``paced`` (think times
0.5–3 s divided by ``--speed``) and ``burst`` (0–0.1 s: as fast as the server's rate limit of
20 messages a second lets a phone go; the round for "1,200 scores landed in under 10 s").

    python benchmarks/bench_devices.py [--devices 40] [--elements 30] [--speed 2.5] [--seed 7]
                                       [--rounds paced,burst] [--url DATABASE_URL]

SQLite in a temporary file unless ``--url`` names another database (each round adds its own
workshops there). ``tests/test_devices_load.py`` runs the phones of this file (``SimDevice``)
at a smaller scale in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOT_SURE = "not-sure"
HOST = "127.0.0.1"
TARGET_P95_ACK = 0.100
TARGET_STALL = 0.050
TARGET_LANDED = 10.0

# -- the phones (no Qt here: the test suite imports this part) ------------------------------------


def make_plan(
    rng: random.Random, elements: list[str], levels: int, change_rate: float, clears: bool = False
) -> list[tuple[str, object]]:
    """One participant's answers in the order given: every element once, in random order, and
    after any answer, with ``change_rate`` chance (repeatedly), a change of an earlier one to a
    different value (``None``, a clear, only with ``clears``)."""
    values: list[object] = [*range(1, levels + 1), NOT_SURE]
    order = list(elements)
    rng.shuffle(order)
    plan: list[tuple[str, object]] = []
    last: dict[str, object] = {}
    for element in order:
        value = rng.choice(values)
        plan.append((element, value))
        last[element] = value
        while rng.random() < change_rate:
            earlier = rng.choice(list(last))
            choices = [v for v in [*values, *([None] if clears else [])] if v != last[earlier]]
            value = rng.choice(choices)
            plan.append((earlier, value))
            last[earlier] = value
    return plan


def make_plans(seed: int, devices: int, elements: list[str], levels: int, change_rate: float, clears: bool = False):
    rng = random.Random(seed)
    return [make_plan(rng, elements, levels, change_rate, clears) for _ in range(devices)]


class SimDevice:
    """One participant's browser as the page behaves: join, choose, answer, drop, re-send.

    Every answer gets a client id of its own, is kept in ``pending`` (oldest first) until its
    ack arrives, and after a reconnect is sent again, unchanged, once the new socket's first
    ``state`` has arrived. ``latencies``: send → ack of every acknowledged answer (from the
    last time it was sent); ``waits``: first send → ack of those that needed a re-send."""

    def __init__(
        self,
        index: int,
        origin: str,
        code: str,
        plan: list[tuple[str, object]],
        *,
        seed: int,
        think: tuple[float, float],
        drop_rate: float,
        backoff: tuple[float, ...],
        local_host: str | None = None,
        choose: int | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.index = index
        self.origin = origin
        self.code = code
        self.plan = plan
        self.rng = random.Random(seed * 1000 + index)
        self.think = think
        self.drop_rate = drop_rate
        self.backoff = backoff
        self.local_host = local_host
        self.choose = choose
        self.timeout = timeout
        self.participant_id: int | None = None
        self.pending: dict[str, tuple[str, object]] = {}
        self.sent_on: dict[str, int] = {}
        self.sent_at: dict[str, float] = {}
        self.first_sent: dict[str, float] = {}
        self.acked: set[str] = set()
        self.latencies: list[float] = []
        self.waits: list[float] = []
        self.intended: dict[str, object] = {}
        self.history: dict[str, list[object]] = {}
        self.sends = self.resends = self.drops = self.reconnects = 0
        self.slow_downs = self.duplicate_acks = 0
        self.refused: list[dict] = []
        self.wrong_acks: list[dict] = []
        self.reconnect_states: list[str] = []
        self.final_state: dict = {}
        self.first_send_at: float | None = None
        self.last_ack_at: float | None = None
        self._conn = 0
        self._ws = None
        self._live = asyncio.Event()
        self._all_acked = asyncio.Event()
        self._planned_all = False
        self._stopping = False
        self._tasks: set[asyncio.Task] = set()

    # -- what a run reports ---------------------------------------------------------------------

    def report(self) -> dict:
        return {
            "index": self.index,
            "participant": self.participant_id,
            "intended": self.intended,
            "history": self.history,
            "answers": len(self.first_sent),
            "acked": len(self.acked),
            "unacked": sorted(self.pending),
            "sends": self.sends,
            "resends": self.resends,
            "drops": self.drops,
            "reconnects": self.reconnects,
            "slow_downs": self.slow_downs,
            "duplicate_acks": self.duplicate_acks,
            "refused": self.refused,
            "wrong_acks": self.wrong_acks,
            "reconnect_states": self.reconnect_states,
            "final_state_answers": self.final_state.get("answers"),
            "latencies": self.latencies,
            "waits": self.waits,
            "first_send_at": self.first_send_at,
            "last_ack_at": self.last_ack_at,
        }

    # -- the run --------------------------------------------------------------------------------

    async def run(self) -> SimDevice:
        import aiohttp

        connector = aiohttp.TCPConnector(local_addr=(self.local_host, 0) if self.local_host else None)
        async with aiohttp.ClientSession(connector=connector) as http:
            self.http = http
            async with http.post(
                self.origin + "/api/join", json={"code": self.code}, headers={"Origin": self.origin}
            ) as r:
                body = await r.json()
                if r.status != 200:
                    raise RuntimeError(f"device {self.index} could not join: {r.status} {body}")
            self.token = body["token"]
            wanted = self.choose if self.choose is not None else body["participants"][self.index]["id"]
            ws, state = await self._connect()
            assert state["status"] == "choosing", state
            await ws.send_str(json.dumps({"type": "choose", "participant": wanted}))
            while state.get("type") != "state" or state["status"] != "approved":
                state = json.loads((await asyncio.wait_for(ws.receive(), self.timeout)).data)
                if state.get("type") == "state" and state["status"] not in ("choosing", "waiting", "approved"):
                    raise RuntimeError(f"device {self.index} was not let in: {state}")
            self.participant_id = state["participant"]["id"]
            keeper = asyncio.ensure_future(self._keep(ws))
            try:
                await self._score()
                await asyncio.wait_for(self._all_acked.wait(), self.timeout)
            finally:
                self._stopping = True
                if self._ws is not None:
                    await self._ws.close()
                await asyncio.wait_for(keeper, self.timeout)
            # What a fresh page would be shown: the stored answers.
            ws, self.final_state = await self._connect()
            await ws.send_str(json.dumps({"type": "finish"}))
            await ws.close()
        return self

    async def _connect(self):
        ws = await self.http.ws_connect(
            self.origin + "/ws",
            protocols=("jcs-v1", "token." + self.token),
            headers={"Origin": self.origin},
            autoping=True,
        )
        while True:
            first = json.loads((await asyncio.wait_for(ws.receive(), self.timeout)).data)
            if first.get("type") == "state":
                return ws, first

    async def _score(self) -> None:
        for n, (element, value) in enumerate(self.plan):
            await asyncio.sleep(self.rng.uniform(*self.think))
            cid = f"d{self.index:03d}-{n:05d}-{self.rng.getrandbits(32):08x}"
            self.pending[cid] = (element, value)
            self.intended[element] = value
            self.history.setdefault(element, []).append(value)
            if self._live.is_set():
                await self._send(cid, self._conn)
            if self.rng.random() < self.drop_rate and self._live.is_set():
                self._drop()
        self._planned_all = True
        if not self.pending:
            self._all_acked.set()

    async def _send(self, cid: str, conn: int) -> None:
        element, value = self.pending[cid]
        now = time.perf_counter()
        if cid in self.sent_on:
            self.resends += 1
        self.sent_on[cid] = conn
        self.sent_at[cid] = now
        self.first_sent.setdefault(cid, now)
        if self.first_send_at is None:
            self.first_send_at = time.time()
        self.sends += 1
        ws = self._ws
        if ws is None or ws.closed:
            return  # sent on a socket that is gone: it is sent again after the reconnect
        with contextlib.suppress(ConnectionError, RuntimeError, OSError):  # the same
            await ws.send_str(json.dumps({"type": "answer", "id": cid, "element": element, "value": value}))

    def _drop(self) -> None:
        """The socket goes, abruptly, with what was just sent still in flight."""
        ws = self._ws
        if ws is None:
            return
        self.drops += 1
        self._live.clear()
        conn = getattr(ws, "_conn", None)
        transport = conn.transport if conn is not None else None
        if transport is None:
            transport = ws._writer.transport
        if self.rng.random() < 0.5:
            transport.abort()  # nothing more is written or read: a phone leaving the Wi-Fi
        else:
            transport.close()  # what was written goes out, then the connection closes

    async def _keep(self, ws) -> None:
        """The socket's reader; reconnects after a drop and re-sends what is pending."""
        import aiohttp

        attempt = 0
        while True:
            self._conn += 1
            conn = self._conn
            self._ws = ws
            # Re-send what is pending, oldest first, including what was chosen meanwhile.
            while True:
                todo = [c for c in self.pending if self.sent_on.get(c) != conn]
                if not todo:
                    break
                for cid in todo:
                    if cid in self.pending:
                        await self._send(cid, conn)
            self._live.set()
            try:
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        continue
                    self._receive(json.loads(msg.data), conn)
            except (ConnectionError, OSError, aiohttp.ClientError):
                pass
            self._live.clear()
            self._ws = None
            if self._stopping:
                return
            # Reconnect with a growing wait, as the page does.
            while True:
                await asyncio.sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
                attempt += 1
                try:
                    ws, state = await self._connect()
                except (TimeoutError, aiohttp.ClientError, OSError):
                    continue
                break
            attempt = 0
            self.reconnects += 1
            self.reconnect_states.append(state["status"])

    def _receive(self, data: dict, conn: int) -> None:
        kind = data.get("type")
        if kind == "ack":
            cid = data.get("id")
            if cid not in self.pending:
                self.duplicate_acks += 1
                return
            element, value = self.pending[cid]
            if (data.get("element"), data.get("value")) != (element, value):
                self.wrong_acks.append(data)
            del self.pending[cid]
            self.acked.add(cid)
            now = time.perf_counter()
            self.latencies.append(now - self.sent_at[cid])
            if self.first_sent[cid] != self.sent_at[cid]:
                self.waits.append(now - self.first_sent[cid])
            self.last_ack_at = time.time()
            if self._planned_all and not self.pending:
                self._all_acked.set()
        elif kind == "refused":
            self.refused.append(data)
            self.pending.pop(data.get("id"), None)
        elif kind == "slow_down":
            self.slow_downs += 1
            cid = data.get("id")
            if cid in self.pending:
                asyncio.get_running_loop().call_later(0.5, self._again, cid, conn)

    def _again(self, cid: str, conn: int) -> None:
        if cid in self.pending and self._conn == conn and self._live.is_set():
            task = asyncio.ensure_future(self._send(cid, conn))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


def expected_change_counts(reports: list[dict]) -> dict[tuple[int, str], int]:
    """How many times each (participant, element) really changed, from what each phone sent:
    a change record names a cell only when its stored value changed."""
    counts: dict[tuple[int, str], int] = {}
    for r in reports:
        for element, values in r["history"].items():
            before, n = None, 0
            for v in values:
                n += v != before
                before = v
            if n:
                counts[(r["participant"], element)] = n
    return counts


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# -- process B: the phones --------------------------------------------------------------------------


def round_settings(name: str, speed: float) -> dict:
    if name == "paced":
        return {"think": (0.5 / speed, 3.0 / speed), "backoff": tuple(b / speed for b in (1.0, 2.0, 4.0, 8.0, 10.0))}
    return {"think": (0.0, 0.1), "backoff": (0.2, 0.4, 0.8, 1.0)}


def devices_main(args) -> None:
    info = json.loads(Path(args.info).read_text())
    settings = round_settings(args.round, args.speed)
    plans = make_plans(args.seed, args.devices, info["elements"], info["levels"], args.change_rate)

    async def go():
        phones = [
            SimDevice(
                i,
                info["origin"],
                info["code"],
                plans[i],
                seed=args.seed,
                think=settings["think"],
                drop_rate=args.drop_rate,
                backoff=settings["backoff"],
                local_host=f"127.0.0.{10 + i}",
                choose=info["participants"][i],
                timeout=120.0,
            )
            for i in range(args.devices)
        ]
        started = time.time()
        await asyncio.gather(*(p.run() for p in phones))
        return phones, started

    cpu0 = time.process_time()
    phones, started = asyncio.run(go())
    out = {"started": started, "cpu": time.process_time() - cpu0, "devices": [p.report() for p in phones]}
    tmp = Path(args.out + ".part")
    tmp.write_text(json.dumps(out))
    tmp.replace(args.out)


# -- process A: the laptop ------------------------------------------------------------------------


def _thread_cpu(native_id: int) -> float:
    """A thread's CPU seconds (user + system), from /proc (Linux)."""
    try:
        fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _page_dir(tmp: Path) -> Path:
    real = Path(__file__).resolve().parents[1] / "resources" / "devices"
    if all((real / f).is_file() for f in ("index.html", "app.js", "app.css")):
        return real
    page = tmp / "page"  # the participant page is not in this checkout yet: the phones never load it
    page.mkdir(exist_ok=True)
    for name in ("index.html", "app.js", "app.css"):
        (page / name).write_text("<!doctype html>" if name == "index.html" else "\n")
    return page


def laptop_main(args) -> None:
    import gc
    import threading

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.setrecursionlimit(10_000)
    from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, Slot
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from jcs_desktop.services import Services
    from jcs_desktop.services.live import LiveWorkshop
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.core.devices import hub_of
    from jcs_desktop.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    tmp = Path(args.tmp)
    services = Services.open(args.url)
    elements = services.framework.element_ids()[: args.elements]
    levels = services.framework.level_count
    plans = make_plans(args.seed, args.devices, elements, levels, args.change_rate)
    people_rows = [{"display_name": f"Person {i + 1}", "organisation": f"Org {i % 7}"} for i in range(args.devices)]

    # The baseline: the same answers stored by the same use case in a plain loop, no network.
    base_wid = services.workshops.create({"title": f"Devices baseline ({args.round})"}).workshop.id
    services.participants.add_many(base_wid, people_rows)
    base_people = [p.id for p in services.participants.list(base_wid)]
    t0 = time.perf_counter()
    for pid, plan in zip(base_people, plans, strict=True):
        for element, value in plan:
            services.scores.set_score(pid, element, value)
    baseline = time.perf_counter() - t0

    # From here on, every write a device's answer makes is counted per cell (the server's writer).
    writes: dict[tuple[int, str], list] = {}
    set_score = services.scores.set_score

    def counted_set_score(pid, element, value, **kw):
        writes.setdefault((pid, element), []).append(value)
        return set_score(pid, element, value, **kw)

    services.scores.set_score = counted_set_score
    wid = services.workshops.create({"title": f"Devices benchmark ({args.round})", "route": "individual"}).workshop.id
    services.participants.add_many(wid, people_rows)
    people = [p.id for p in services.participants.list(wid)]
    ctx = AppContext(services)
    ctx.settings = QSettings(str(tmp / f"settings-{args.round}.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue(f"workshops/{wid}/step", "score")
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    view = window.open_workshop(wid)
    view.show_step("score")
    deadline = time.monotonic() + 60
    while view._pending and time.monotonic() < deadline:  # the other steps' pages, built when idle
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(3):
        app.processEvents()
    gc.collect()
    gc.freeze()  # as the application does once its services are loaded (ui/app.py)
    gui_thread = threading.current_thread()

    counts: dict[tuple[int, str], int] = {}
    tally = {"emitted": 0, "applied": 0, "applies": 0, "off_thread": 0, "refreshes": 0}
    apply_times: list[float] = []
    refresh_times: list[float] = []
    last_applied = [0.0]
    # The application's own owner of the server (``ui/core/devices.py``): change records from
    # the server's thread are queued to the GUI thread and those arriving within APPLY_MS of
    # each other applied with ``ctx.apply`` as one, exactly as in use.
    hub = hub_of(ctx)
    hub.server_options["page_dir"] = _page_dir(tmp)
    if args.coalesce is not None:
        hub._apply_timer.setInterval(args.coalesce)
    apply = ctx.apply

    def timed_apply(changes) -> None:
        t = time.perf_counter()
        apply(changes)
        apply_times.append(time.perf_counter() - t)
        tally["applies"] += 1
        last_applied[0] = time.time()

    ctx.apply = timed_apply

    def read_devices() -> None:
        # What the Devices window does on each (coalesced) "the list changed".
        if not hub.running:
            return
        t = time.perf_counter()
        hub.devices()
        refresh_times.append(time.perf_counter() - t)
        tally["refreshes"] += 1

    hub.devices_changed.connect(read_devices)

    class Arrivals(QObject):
        """Counts the records that reached the GUI thread (connected after the hub's own slot)."""

        @Slot(object)
        def take(self, _changes) -> None:
            tally["applied"] += 1

    arrivals = Arrivals()
    hub._remote_changes.connect(arrivals.take, Qt.ConnectionType.QueuedConnection)

    gaps: list[tuple[float, float]] = []  # (when, gap)
    last_tick = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        if last_tick[0]:
            gaps.append((time.time(), now - last_tick[0]))
        last_tick[0] = now

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(5)
    ticker.timeout.connect(tick)

    hub.start(wid, HOST)
    server = hub.server
    to_gui = server.on_changes

    def on_changes(changes) -> None:  # the server's thread
        for key in changes.scores:
            counts[key] = counts.get(key, 0) + 1
        tally["emitted"] += 1
        if threading.current_thread() is gui_thread:
            tally["off_thread"] += 1  # would be a defect: the server calls from its own thread
        to_gui(changes)

    server.on_changes = on_changes
    server.set_auto_approve(True)
    loop_thread = next(t for t in threading.enumerate() if t.name == "devices-server")
    cpu_start = {"loop": _thread_cpu(loop_thread.native_id), "gui": time.thread_time(), "process": time.process_time()}
    info = {
        "origin": server.origin,
        "code": server.join_code,
        "participants": people,
        "elements": elements,
        "levels": levels,
    }
    part = Path(args.info + ".part")
    part.write_text(json.dumps(info))
    part.replace(args.info)
    ticker.start()
    result: dict = {}

    def finish() -> None:
        if not Path(args.devices_out).exists() or hub._arrived or tally["applied"] < tally["emitted"]:
            return
        poll.stop()
        ticker.stop()
        writer = [t for t in threading.enumerate() if t.name.startswith("devices-writer")]
        cpu = {
            "loop": _thread_cpu(loop_thread.native_id) - cpu_start["loop"],
            "writer": sum(_thread_cpu(t.native_id) for t in writer),
            "gui": time.thread_time() - cpu_start["gui"],
            "process": time.process_time() - cpu_start["process"],
        }
        stats = dict(server.stats)
        hub.stop()
        phones = json.loads(Path(args.devices_out).read_text())
        reports = phones["devices"]
        expected = {pid: {} for pid in people}
        for r in reports:
            expected[r["participant"]] = {e: v for e, v in r["intended"].items() if v is not None}
        stored = services.scores.scores_for_workshop(wid)
        wrong_cells = sum(
            stored.get(pid, {}).get(e) != expected[pid].get(e)
            for pid in expected
            for e in set(stored.get(pid, {})) | set(expected[pid])
        )
        with services.db.engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT count(*), count(DISTINCT s.participant_id || ':' || s.element_id)"
                    " FROM individual_scores s JOIN participants p ON p.id = s.participant_id"
                    " WHERE p.workshop_id = :w"
                ),
                {"w": wid},
            ).one()
        sent_per_cell = {(r["participant"], e): v for r in reports for e, v in r["history"].items()}
        extra_writes = {
            f"{p}:{e}": [values, sent_per_cell.get((p, e))]
            for (p, e), values in writes.items()
            if len(values) != len(sent_per_cell.get((p, e), []))
        }
        want_counts = expected_change_counts(reports)
        got_counts = {f"{p}:{e}": n for (p, e), n in counts.items()}
        want = {f"{p}:{e}": n for (p, e), n in want_counts.items()}
        # Where the longest stalls were: during the round (first answer → GUI caught up) or not.
        first_send = min(r["first_send_at"] for r in reports if r["first_send_at"])
        in_round = [g for when, g in gaps if first_send <= when <= last_applied[0] + 0.05]
        result.update(
            {
                "baseline": baseline,
                "baseline_calls": sum(len(p) for p in plans),
                "stats": stats,
                "distinct_sent": sum(r["answers"] for r in reports),
                "wrong_cells": wrong_cells,
                "writes": sum(len(v) for v in writes.values()),
                "extra_writes": extra_writes,
                "rows": rows[0],
                "distinct_rows": rows[1],
                "expected_rows": sum(len(v) for v in expected.values()),
                "db_equal": stored == expected,
                "live_equal": ctx.live == LiveWorkshop.load(services, wid),
                "change_counts_equal": got_counts == want,
                "change_cells_off": sum(got_counts.get(k, 0) != want.get(k, 0) for k in set(got_counts) | set(want)),
                "records": tally["emitted"],
                "applies": tally["applies"],
                "applied": tally["applied"],
                "off_thread": tally["off_thread"],
                "stall_max": max((g for _, g in gaps), default=0.0),
                "stall_max_round": max(in_round, default=0.0),
                "stalls_over": sum(g > TARGET_STALL for _, g in gaps),
                "ticks": len(gaps),
                "apply_max": max(apply_times, default=0.0),
                "apply_mean": statistics.fmean(apply_times) if apply_times else 0.0,
                "refreshes": tally["refreshes"],
                "refresh_max": max(refresh_times, default=0.0),
                "gui_caught_up_at": last_applied[0],
                "cpu": cpu,
            }
        )
        app.quit()

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(finish)
    poll.start()
    app.exec()
    window.close()
    services.close()
    part = Path(args.out + ".part")
    part.write_text(json.dumps(result))
    part.replace(args.out)


# -- the coordinator --------------------------------------------------------------------------------


def run_round(args, name: str, tmp: Path) -> tuple[dict, dict]:
    url = args.url or f"sqlite:///{tmp / f'devices-{name}.sqlite3'}"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed application starts: from bytecode
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    info, a_out, b_out = (str(tmp / f"{name}-{x}.json") for x in ("info", "laptop", "devices"))
    common = [
        f"--devices={args.devices}",
        f"--elements={args.elements}",
        f"--speed={args.speed}",
        f"--seed={args.seed}",
        f"--change-rate={args.change_rate}",
        f"--drop-rate={args.drop_rate}",
        *([f"--coalesce={args.coalesce}"] if args.coalesce is not None else []),
        f"--round={name}",
        f"--info={info}",
    ]
    me = [sys.executable, str(Path(__file__).resolve())]
    laptop = subprocess.Popen(
        [*me, "--role=laptop", *common, f"--out={a_out}", f"--devices-out={b_out}", f"--tmp={tmp}", f"--url={url}"],
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while not Path(info).exists():
            if laptop.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the laptop process did not start its server (exit {laptop.returncode})")
            time.sleep(0.05)
        subprocess.run([*me, "--role=devices", *common, f"--out={b_out}"], env=env, check=True, timeout=900)
        laptop.wait(timeout=180)
    finally:
        if laptop.poll() is None:
            laptop.kill()
    if laptop.returncode != 0:
        raise SystemExit(f"the laptop process failed (exit {laptop.returncode})")
    return json.loads(Path(a_out).read_text()), json.loads(Path(b_out).read_text())


def summarise(a: dict, b: dict) -> dict:
    reports = b["devices"]
    latencies = [x for r in reports for x in r["latencies"]]
    waits = [x for r in reports for x in r["waits"]]
    first = min(r["first_send_at"] for r in reports)
    last = max(r["last_ack_at"] for r in reports)
    unacked = sum(len(r["unacked"]) for r in reports)
    sent = a["distinct_sent"]
    return {
        "answers": sent,
        "final_cells": a["expected_rows"],
        "sends": sum(r["sends"] for r in reports),
        "resends": sum(r["resends"] for r in reports),
        "drops": sum(r["drops"] for r in reports),
        "reconnects": sum(r["reconnects"] for r in reports),
        "slow_downs": sum(r["slow_downs"] for r in reports),
        "refused": sum(len(r["refused"]) for r in reports),
        "wrong_acks": sum(len(r["wrong_acks"]) for r in reports),
        "lost": unacked + a["wrong_cells"],
        "duplicated": max(a["stats"]["stored"], a["writes"]) - sent + a["rows"] - a["distinct_rows"],
        "server_resent": a["stats"]["resent"],
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies, default=float("nan")),
        "wait_p95": percentile(waits, 0.95),
        "server_time": last - first,
        "gui_behind": a["gui_caught_up_at"] - last,
        "page_ok": all(
            r["final_state_answers"] == {k: v for k, v in r["intended"].items() if v is not None} for r in reports
        ),
        "phones_cpu": b["cpu"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=40)
    parser.add_argument("--elements", type=int, default=30)
    parser.add_argument("--speed", type=float, default=2.5, help="think times of the paced round: 0.5-3 s / SPEED")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", default="paced,burst", help="paced, burst or both (comma-separated)")
    parser.add_argument("--url", default="", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--change-rate", type=float, default=0.15, help="chance of changing an earlier answer")
    parser.add_argument(
        "--coalesce",
        type=int,
        default=None,
        help="the GUI applies the records that arrived within MS milliseconds as one "
        "(default: the application's own, 40 ms; 0: those already queued together)",
    )
    parser.add_argument("--drop-rate", type=float, default=0.05, help="chance of dropping the socket after a send")
    for internal in ("--role", "--round", "--info", "--out", "--devices-out", "--tmp"):
        parser.add_argument(internal, default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "laptop":
        laptop_main(args)
        return
    if args.role == "devices":
        devices_main(args)
        return
    if args.devices > 240:
        raise SystemExit("at most 240 devices (one loopback address each)")
    rounds = [r.strip() for r in args.rounds.split(",") if r.strip()]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in rounds:
            a, b = run_round(args, name, Path(tmp))
            results[name] = (a, summarise(a, b))
    print_table(args, results)


def print_table(args, results: dict) -> None:
    names = list(results)
    n = args.devices * args.elements
    print(
        f"{args.devices} devices × {args.elements} elements on {HOST}, seed {args.seed}, "
        f"paced think times {0.5 / args.speed:.2f}–{3.0 / args.speed:.2f} s, burst 0–0.1 s; "
        f"{os.cpu_count()} cores, database {'--url' if args.url else 'SQLite (temporary file)'}; "
        + (
            "change records applied as the application does (40 ms batches)"
            if args.coalesce is None
            else f"change records applied in batches of {args.coalesce} ms"
        )
    )

    def row(label: str, fmt, target: str = "", verdict=None) -> None:
        cells = []
        verdicts = []
        for name in names:
            a, s = results[name]
            cells.append(f"{fmt(a, s):>14}")
            judged = verdict(name, a, s) if verdict is not None else None
            if judged is not None:
                verdicts.append(f"{name} {'met' if judged else 'NOT MET'}")
        print(f"{label:<44}" + "".join(cells) + f"   {target:<16}" + ", ".join(verdicts))

    print(f"{'':<44}" + "".join(f"{name:>14}" for name in names) + f"   {'target':<16}")
    row("answers sent (distinct client ids)", lambda a, s: s["answers"])
    row("final cells", lambda a, s: s["final_cells"], f"{n}", lambda _n, a, s: s["final_cells"] == n)
    row("messages sent / of them re-sends", lambda a, s: f"{s['sends']} / {s['resends']}")
    row("sockets dropped / reconnects", lambda a, s: f"{s['drops']} / {s['reconnects']}")
    row("re-sends the server recognised", lambda a, s: s["server_resent"])
    row("slow_down / refused / wrong acks", lambda a, s: f"{s['slow_downs']}/{s['refused']}/{s['wrong_acks']}")
    row("lost", lambda a, s: s["lost"], "0", lambda _n, a, s: s["lost"] == 0)
    row("duplicated", lambda a, s: s["duplicated"], "0", lambda _n, a, s: s["duplicated"] == 0)
    row(
        "database == what the devices sent",
        lambda a, s: str(a["db_equal"]),
        "True",
        lambda _n, a, s: a["db_equal"] and s["page_ok"],
    )
    row("change records right / GUI live == load", lambda a, s: f"{a['change_counts_equal']} / {a['live_equal']}")
    row("ack latency p50 (ms)", lambda a, s: f"{s['p50'] * 1e3:.1f}")
    row(
        "ack latency p95 (ms)",
        lambda a, s: f"{s['p95'] * 1e3:.1f}",
        "≤ 100 ms",
        lambda _n, a, s: s["p95"] <= TARGET_P95_ACK,
    )
    row("ack latency max (ms)", lambda a, s: f"{s['max'] * 1e3:.1f}")
    row("re-sent answers, first send → ack p95 (s)", lambda a, s: f"{s['wait_p95']:.2f}")
    row(
        "longest GUI stall (ms)",
        lambda a, s: f"{a['stall_max'] * 1e3:.1f}",
        "≤ 50 ms",
        lambda _n, a, s: a["stall_max"] <= TARGET_STALL,
    )
    row("GUI stalls over 50 ms", lambda a, s: a["stalls_over"], "0", lambda _n, a, s: a["stalls_over"] == 0)
    row("records / ctx.apply calls", lambda a, s: f"{a['records']} / {a['applies']}")
    row("ctx.apply mean / max (ms)", lambda a, s: f"{a['apply_mean'] * 1e3:.2f}/{a['apply_max'] * 1e3:.1f}")
    row("device list reads / longest (ms)", lambda a, s: f"{a['refreshes']}/{a['refresh_max'] * 1e3:.1f}")
    row(
        "server time: first sent → last ack (s)",
        lambda a, s: f"{s['server_time']:.2f}",
        "< 10 s",
        # The paced round's time is the phones' own think times (30 answers × 0.2–1.2 s each):
        # only the burst round says how fast the server lands the scores.
        lambda name, a, s: s["server_time"] < TARGET_LANDED if name == "burst" else None,
    )
    row("GUI caught up after the last ack (ms)", lambda a, s: f"{s['gui_behind'] * 1e3:.0f}")
    row("baseline: same set_score calls, a loop (s)", lambda a, s: f"{a['baseline']:.2f}")
    row("server time / baseline", lambda a, s: f"{s['server_time'] / a['baseline']:.1f}x")
    row(
        "CPU s: server loop / writer / GUI thread",
        lambda a, s: f"{a['cpu']['loop']:.1f}/{a['cpu']['writer']:.1f}/{a['cpu']['gui']:.1f}",
    )
    row("CPU s: laptop process / phones process", lambda a, s: f"{a['cpu']['process']:.1f}/{s['phones_cpu']:.1f}")
    print("(paced: the server time is mostly the phones' own think times; burst: as fast as the rate limit allows)")


if __name__ == "__main__":
    main()
