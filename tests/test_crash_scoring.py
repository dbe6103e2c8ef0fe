"""Scores survive a scoring process killed at any moment.

A child process opens the database through the services and saves scores one write at
a time, printing an acknowledgement line only after the service call has returned (the
write is committed by then). The test SIGKILLs the child after a random, seeded delay
(a few milliseconds to ~200 ms after its imports, so some kills land while it is still
opening the database), then checks the file: ``PRAGMA integrity_check`` says "ok", it opens
again through the services, every acknowledged score is there with its value (the later
acknowledgement of the same score wins), and nothing else changed except, at most, the
one write that was in flight when the child died — applied whole or not at all.

Three kinds of writes are tried through the services: single scores (``set_score``), one
participant's batch (``set_many``) and a several-participant import (``import_scores``).
A fourth test (marked slow) kills the real application instead: the main window on the
database, participant mode open, a participant pressing 1-4 on a timer; each score is
acknowledged when its service call has returned.

CI runs 20 kills of single scores, 4 of each batch kind and 5 of the window (each kind
gets a fifth of ``JCS_CRASH_KILLS``, the window a quarter). Run more by hand with
``JCS_CRASH_KILLS``, e.g.::

    JCS_CRASH_KILLS=200 QT_QPA_PLATFORM=offscreen python -m pytest -q tests/test_crash_scoring.py

and pick another series of random moments with ``JCS_CRASH_SEED`` (an integer).
The same file is the child: ``python tests/test_crash_scoring.py URL WORKSHOP_ID MODE`` reads
seeds from stdin and forks one writer per seed; ``... window URL WORKSHOP_ID SEED`` is the window.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PARTICIPANTS = 40
KILLS = int(os.environ.get("JCS_CRASH_KILLS", "20"))
SEED = int(os.environ.get("JCS_CRASH_SEED", "9"))

Key = tuple[int, str]
Op = dict[Key, object]  # one service call: (participant id, element id) -> value (None clears)


def operations(seed: int, mode: str, participants: list[int], elements: list[str], levels: int) -> Iterator[Op]:
    """The endless, seeded series of writes a writer makes; the test replays it to know what was in flight."""
    rng = random.Random(seed)
    values: list[object] = [*range(1, levels + 1), "not-sure", None]
    while True:
        if mode == "single":
            yield {(rng.choice(participants), rng.choice(elements)): rng.choice(values)}
        elif mode == "batch":
            pid = rng.choice(participants)
            yield {(pid, e): rng.choice(values) for e in rng.sample(elements, rng.randint(2, len(elements)))}
        else:  # import: several participants at once
            chosen = rng.sample(participants, rng.randint(2, 8))
            yield {(p, e): rng.choice(values) for p in chosen for e in rng.sample(elements, rng.randint(1, 10))}


def _writer(url: str, workshop_id: int, mode: str, seed: int, framework: object) -> None:
    """Open the database through the services and write, acknowledging each write, until killed."""
    from jcs_desktop.services import Services

    # Ready before opening: the kill may land while the database is being opened.
    print(f"ready {os.getpid()}", flush=True)
    services = Services.open(url, framework)  # type: ignore[arg-type]
    scores = services.scores
    participants = sorted(p.id for p in services.participants.list(workshop_id))
    elements = services.framework.element_ids()
    for i, op in enumerate(operations(seed, mode, participants, elements, services.framework.level_count)):
        if mode == "single":
            ((pid, eid), value) = next(iter(op.items()))
            scores.set_score(pid, eid, value)
        elif mode == "batch":
            pid = next(iter(op))[0]
            scores.set_many(pid, {e: v for (_, e), v in op.items()})
        else:
            grouped: dict[int, dict[str, object]] = {}
            for (p, e), v in op.items():
                grouped.setdefault(p, {})[e] = v
            scores.import_scores(workshop_id, grouped)
        # Only now, with the call returned and so committed, is the write acknowledged.
        ack = [[p, e, v] for (p, e), v in op.items()]
        sys.stdout.write(f"ack {i} {json.dumps(ack, separators=(',', ':'))}\n")
        sys.stdout.flush()


def _zygote(url: str, workshop_id: int, mode: str) -> None:
    """Load the code and the workbook once, then fork one writer per line ``SEED`` read from stdin.

    Starting Python and importing the application takes about a second; forking a loaded
    process takes milliseconds, so CI can afford many kills. Each writer still opens the
    database itself, as the application does when it starts.
    """
    from jcs_desktop.content.loader import load_workbook
    from jcs_desktop.services import Services

    framework = load_workbook()
    # Warm up on a scratch database, so that what the services load and compile lazily on
    # first use is ready in every writer and kills land among writes, not before them.
    scratch = Services.open(f"{url}.warm-up.sqlite3", framework)
    workshop = scratch.workshops.create({"title": "Warm-up"}).previous
    (person,) = scratch.participants.add_many(workshop.id, [{"display_name": "Warm-up"}]).previous
    element = framework.element_ids()[0]
    scratch.scores.set_score(person.id, element, 1)
    scratch.scores.set_many(person.id, {element: None})
    scratch.scores.import_scores(workshop.id, {person.id: {element: 2}})
    scratch.participants.list(workshop.id)
    scratch.close()
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                _writer(url, workshop_id, mode, int(line), framework)
            finally:
                os._exit(1)  # only a kill should end a writer; the test notices otherwise
        _, status = os.waitpid(pid, 0)
        # A newline first, so a line the writer was cut off in the middle of stays apart.
        print(f"\ndead {status}", flush=True)


def _window_writer(url: str, workshop_id: int, seed: int) -> None:
    """The real participant-mode window on the database, a participant pressing 1-4 on a timer, until killed.

    Each score is announced as ``try`` just before the service call and acknowledged
    just after it returned, so the test knows which one was in flight.
    """
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.services import Services
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    app = QApplication([])
    services = Services.open(url)
    real_set_score = services.scores.set_score
    ready: list[bool] = []

    def set_score(participant_id: int, element_id: str, value: object, **kwargs: object) -> object:
        sys.stdout.write(f"try {json.dumps([participant_id, element_id, value])}\n")
        sys.stdout.flush()
        previous = real_set_score(participant_id, element_id, value, **kwargs)  # type: ignore[arg-type]
        sys.stdout.write(f"ack {json.dumps([participant_id, element_id, value])}\n")
        if not ready:
            # From the first saved score on, so that every kill lands among the window's writes.
            sys.stdout.write("ready\n")
            ready.append(True)
        sys.stdout.flush()
        return previous

    services.scores.set_score = set_score  # type: ignore[method-assign]
    main = MainWindow(AppContext(services))
    main.show()
    main.open_workshop(workshop_id)
    page = main.workshop_view.show_step("score")
    page.start_participant_mode(full_screen=False)
    screen = page.participant_window
    rng = random.Random(seed)
    people = sorted(p.id for p in services.participants.list(workshop_id))
    order = services.framework.element_ids()

    def next_person() -> None:
        screen.show_picker()
        screen.pick(rng.choice(people))
        if screen.current_page() is screen.reentry:
            screen.confirm_reentry("")  # no workshop PIN: the confirmation
        screen.start()

    presses = 0

    def press() -> None:
        nonlocal presses
        presses += 1
        if presses % 25 == 0 or screen.participant_id is None:
            next_person()
        screen.show_element(rng.choice(order))
        key = rng.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4])
        QTest.keyClick(screen.focusWidget() or screen, key)

    next_person()
    timer = QTimer()
    timer.timeout.connect(press)
    timer.start(0)  # one key press whenever the window is idle
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "window":
        _window_writer(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        _zygote(sys.argv[1], int(sys.argv[2]), sys.argv[3])
    sys.exit(0)


import pytest  # noqa: E402  (the writers above need none of the test machinery)

from jcs_desktop.content.schema import Framework  # noqa: E402
from jcs_desktop.services import Services  # noqa: E402

pytestmark = [
    pytest.mark.sqlite_only("kills a process writing a SQLite file and checks the file"),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and SIGKILL"),
]


def _stored(services: Services, workshop_id: int) -> dict[Key, object]:
    table = services.scores.scores_for_workshop(workshop_id)
    return {(p, e): v for p, row in table.items() for e, v in row.items()}


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def _kill_and_check(tmp_path: Path, mode: str, kills: int, seed: int) -> int:
    """Kill ``kills`` writers in ``mode``, checking the database after each; return the writes acknowledged."""
    path = tmp_path / "crash.sqlite3"
    url = f"sqlite:///{path}"
    services = Services.open(url)
    framework = services.framework
    workshop = services.workshops.create({"title": "Crash test", "partnership": "Northbridge"}).previous
    services.participants.add_many(workshop.id, [{"display_name": f"Person {n}"} for n in range(PARTICIPANTS)])
    services.close()

    rng = random.Random(seed)
    model: dict[Key, object] = {}
    acknowledged = 0
    zygote = subprocess.Popen(
        [sys.executable, __file__, url, str(workshop.id), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for run in range(kills):
            child_seed = seed * 100_000 + run
            zygote.stdin.write(f"{child_seed}\n")
            zygote.stdin.flush()
            ready = zygote.stdout.readline().split()
            assert ready and ready[0] == "ready", f"the writer did not start: {ready}"
            time.sleep(rng.uniform(0.003, 0.2))
            os.kill(int(ready[1]), signal.SIGKILL)
            lines = []
            while not (line := zygote.stdout.readline()).startswith("dead"):
                assert line, "the process that starts writers ended"
                lines.append(line)
            status = int(line.split()[1])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "a writer ended by itself"
            acknowledged += _check_run(path, url, framework, workshop.id, model, lines, f"{mode}:{child_seed}")
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    return acknowledged


def _check_run(
    path: Path, url: str, framework: Framework, workshop_id: int, model: dict[Key, object], lines: list[str], run: str
) -> int:
    """Check the database after one kill and bring ``model`` up to date; return the writes acknowledged."""
    mode, child_seed = run.split(":")
    services = Services.open(url, framework)  # opens again, without error
    try:
        participants = sorted(p.id for p in services.participants.list(workshop_id))
    finally:
        services.close()
    series = operations(int(child_seed), mode, participants, framework.element_ids(), framework.level_count)
    lines = [line for line in lines if line != "\n"]
    count = 0
    in_flight: Op | None = None
    for line in lines:
        op = next(series)
        try:
            head, number, ack = line.split(" ", 2)
            acked = {(p, e): v for p, e, v in json.loads(ack)} if line.endswith("\n") else None
        except ValueError:
            acked = None
        if acked is None:
            # Cut off while being printed: not acknowledged, so it can only be the last line.
            assert line is lines[-1], f"garbled acknowledgement {line!r}"
            in_flight = op
            break
        assert head == "ack" and int(number) == count
        assert acked == op, "acknowledged something else than was written"
        model.update(op)
        count += 1
    if in_flight is None:
        in_flight = next(series)

    where = f"after the kill of run {run} ({count} writes acknowledged)"
    assert _integrity(path) == "ok", where
    services = Services.open(url, framework)
    try:
        stored = _stored(services, workshop_id)
    finally:
        services.close()
    without = {k: v for k, v in model.items() if v is not None}
    with_flight = {k: v for k, v in {**model, **in_flight}.items() if v is not None}
    # Every acknowledged write is there; the one in flight is there whole or not at all; nothing else.
    assert stored in (without, with_flight), where
    model.clear()
    model.update(stored)
    return count


def test_single_scores_survive_kills(tmp_path: Path) -> None:
    acknowledged = _kill_and_check(tmp_path, "single", KILLS, SEED)
    # Most kills land after the database is open: the test did exercise writes.
    assert acknowledged > KILLS


def test_batches_are_all_or_nothing_when_killed(tmp_path: Path) -> None:
    assert _kill_and_check(tmp_path, "batch", max(4, KILLS // 5), SEED + 1) > 0


def test_imports_are_all_or_nothing_when_killed(tmp_path: Path) -> None:
    assert _kill_and_check(tmp_path, "import", max(4, KILLS // 5), SEED + 2) > 0


@pytest.mark.slow
def test_scores_typed_in_the_participant_window_survive_kills(tmp_path: Path) -> None:
    """The real window, started afresh after each kill (Qt cannot be forked): a few kills only in CI."""
    path = tmp_path / "crash.sqlite3"
    url = f"sqlite:///{path}"
    services = Services.open(url)
    framework = services.framework
    workshop = services.workshops.create({"title": "Crash test", "partnership": "Northbridge"}).previous
    services.participants.add_many(workshop.id, [{"display_name": f"Person {n}"} for n in range(PARTICIPANTS)])
    services.close()

    rng = random.Random(SEED + 3)
    model: dict[Key, object] = {}
    acknowledged = 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for run in range(max(3, KILLS // 4)):
        child = subprocess.Popen(
            [sys.executable, __file__, "window", url, str(workshop.id), str(SEED * 100_000 + run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        before = []
        while (line := child.stdout.readline()) != "ready\n":
            assert line, child.communicate(timeout=30)[1]
            before.append(line)
        # Longer than for the services alone: each key press also redraws the window.
        time.sleep(rng.uniform(0.003, 1.0))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, "the window ended by itself"

        in_flight: Op = {}
        count = 0
        for line in "".join(before).split("\n")[:-1] + out.split("\n")[:-1]:  # complete lines only
            kind, data = line.split(" ", 1)
            pid, eid, value = json.loads(data)
            if kind == "try":
                in_flight = {(pid, eid): value}
            else:
                assert kind == "ack" and in_flight == {(pid, eid): value}
                model.update(in_flight)
                in_flight = {}
                count += 1
        acknowledged += count

        where = f"after kill {run + 1} of the participant window ({count} scores acknowledged)"
        assert _integrity(path) == "ok", where
        services = Services.open(url, framework)
        try:
            stored = _stored(services, workshop.id)
        finally:
            services.close()
        without = {k: v for k, v in model.items() if v is not None}
        with_flight = {k: v for k, v in {**model, **in_flight}.items() if v is not None}
        assert stored in (without, with_flight), where
        model = dict(stored)
    assert acknowledged >= max(3, KILLS // 4)
