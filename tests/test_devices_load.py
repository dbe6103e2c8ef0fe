"""Many devices at once, over real sockets on 127.0.0.1: 16 simulated phones (the ``SimDevice``
of ``benchmarks/bench_devices.py``, which runs the full 40 × 30 with the GUI and prints the
figures) join with the code, choose their own participant, answer every element in random
order with small random think times, change and clear earlier answers, and drop their socket
right after sending (the transport aborted or closed, the answer in flight), reconnect and
re-send everything not yet acknowledged with the same client ids.

Nothing may be lost or stored twice: every answer is acknowledged once; the database holds
each device's last answer per element exactly; the server's counts add up; the change records
name each cell exactly as often as its value changed, and a live state fed them equals a fresh
load. A fixed seed makes the answers and the drops repeatable (the timing is the machine's)."""

from __future__ import annotations

import asyncio
import importlib.util
import threading
from pathlib import Path

import pytest

from jcs_desktop.devices.server import DeviceServer
from jcs_desktop.services.live import LiveWorkshop

ROOT = Path(__file__).resolve().parents[1]
DEVICES = 16
SEED = 20261204


def _bench():
    spec = importlib.util.spec_from_file_location("bench_devices", ROOT / "benchmarks" / "bench_devices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture
def page_dir(tmp_path) -> Path:
    """The three files the server serves; the phones here never load them."""
    page = tmp_path / "page"
    page.mkdir()
    for name in ("index.html", "app.js", "app.css"):
        (page / name).write_text("<!doctype html>" if name == "index.html" else "\n")
    return page


def test_sixteen_devices_dropping_and_resending_store_exactly_what_they_sent(services, page_dir) -> None:
    wid = services.workshops.create({"title": "Devices load"}).workshop.id
    # Two more participants than devices: nobody scores as them, they stay empty.
    services.participants.add_many(wid, [{"display_name": f"Person {i + 1}"} for i in range(DEVICES + 2)])
    people = [p.id for p in services.participants.list(wid)]
    elements = services.framework.element_ids()
    assert len(elements) == 30
    plans = bench.make_plans(SEED, DEVICES, elements, services.framework.level_count, change_rate=0.25, clears=True)

    live = LiveWorkshop.load(services, wid)
    records = []
    lock = threading.Lock()

    def on_changes(changes) -> None:  # the server's thread
        with lock:
            records.append(changes)
            live.apply(changes)

    server = DeviceServer(services, wid, "127.0.0.1", on_changes=on_changes, page_dir=page_dir)
    server.start()
    try:
        server.set_auto_approve(True)
        code = server.join_code
        phones = [
            bench.SimDevice(
                i,
                server.origin,
                code,
                plans[i],
                seed=SEED,
                # 10 messages a second on average, half the per-device limit: a quick device, not one
                # at the limit (0.02-0.08 s averaged exactly 20 a second and tripped it on a loaded machine).
                think=(0.06, 0.14),
                drop_rate=0.08,
                backoff=(0.02, 0.05, 0.1),
                local_host=f"127.0.0.{10 + i}",  # an address each: joins are limited per address
                choose=people[i],
                timeout=30.0,
            )
            for i in range(DEVICES)
        ]

        async def everyone() -> None:
            await asyncio.gather(*(phone.run() for phone in phones))

        asyncio.run(everyone())
        stats = dict(server.stats)
    finally:
        server.stop()
    reports = [phone.report() for phone in phones]

    # The load really had drops with answers in flight, re-sends and changed answers.
    assert sum(r["drops"] for r in reports) >= DEVICES
    assert sum(r["resends"] for r in reports) > 0
    assert stats["resent"] > 0, "no re-send reached the server for an answer it had already stored"
    assert any(len(values) > 1 for r in reports for values in r["history"].values())
    assert any(None in values for r in reports for values in r["history"].values())
    assert sum(r["reconnects"] for r in reports) >= DEVICES
    assert all(r["reconnects"] <= r["drops"] for r in reports)
    assert all(state == "approved" for r in reports for state in r["reconnect_states"])

    # Every answer acknowledged, once, with what was sent; nothing refused. A "slow down" (the
    # database busy for a moment, or a burst of re-sends after a reconnect on a loaded machine)
    # is answered by sending again, which the acknowledgements below account for.
    for r, plan in zip(reports, plans, strict=True):
        assert r["participant"] == people[r["index"]]
        assert r["unacked"] == []
        assert r["answers"] == r["acked"] == len(plan)
        assert (r["duplicate_acks"], r["refused"], r["wrong_acks"]) == (0, [], [])

    # The database: each device's last answer per element, exactly; the others untouched.
    expected = {pid: {} for pid in people}
    for r in reports:
        expected[r["participant"]] = {e: v for e, v in r["intended"].items() if v is not None}
    assert services.scores.scores_for_workshop(wid) == expected
    # What a page opened now is shown: its own participant's stored answers.
    for r in reports:
        assert r["final_state_answers"] == expected[r["participant"]]

    # The server's counts: each answer stored once; a recognised re-send is one that was sent.
    sent = sum(r["answers"] for r in reports)
    assert stats["stored"] == sent
    assert (stats["refused"], stats["rate_limited"]) == (0, 0)
    assert stats["resent"] <= sum(r["resends"] for r in reports)
    assert stats["stored"] + stats["resent"] <= sum(r["sends"] for r in reports)

    # The change records: each cell named exactly as often as its stored value changed.
    counts: dict[tuple[int, str], int] = {}
    last: dict[tuple[int, str], object] = {}
    for changes in records:
        assert changes.workshop_id == wid
        for key, cell in changes.scores.items():
            counts[key] = counts.get(key, 0) + 1
            last[key] = cell.value
    assert counts == bench.expected_change_counts(reports)
    assert {k: v for k, v in last.items() if v is not None} == {
        (pid, e): v for pid, values in expected.items() for e, v in values.items()
    }

    # A live state fed every record equals a fresh load.
    assert live == LiveWorkshop.load(services, wid)
