"""How long a key press takes to show, and how many database transactions it costs.

A workshop of 40 participants × every element, with every step page built (as after a
facilitator has visited each), in the real main window at 1366×768 (offscreen). Two kinds
of key press, each sent as a real key event with QTest:

- participant mode: a participant presses 1–4 on an element's card (the score is saved and
  the next element shows);
- Reconcile: the facilitator presses 1–4 to agree a revealed element's level.

For each press: the time from the key event until the event loop is idle (every queued and
zero-timer event handled, so every view is consistent), and the transactions the press
opened, counted with SQLAlchemy events and split into writes (any INSERT, UPDATE or DELETE)
and reads. The baseline, measured in the same run, is a bare QLabel whose text changes on a
key press, timed the same way. Run by hand:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_interaction.py [--presses 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # the offscreen plugin's size-hint notices

PARTICIPANTS = 40


def settle(app) -> None:
    """Run the event loop until nothing is queued: posted events and zero-delay timers, twice
    over (a handler may queue more)."""
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(3):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
        app.sendPostedEvents()
        app.processEvents()


def timed_press(app, widget, key) -> float:
    from PySide6.QtTest import QTest

    t0 = time.perf_counter()
    QTest.keyClick(widget, key)
    settle(app)
    return time.perf_counter() - t0


def baseline(app, presses: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    class Label(QLabel):
        def keyPressEvent(self, event) -> None:
            self.setText(f"pressed {event.text()} {time.perf_counter()}")
            self.repaint()

    label = Label("ready")
    label.resize(400, 100)
    label.show()
    settle(app)
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    times = [timed_press(app, label, keys[i % 4]) for i in range(presses)]
    label.close()
    return times


def build(tmp: Path):
    from PySide6.QtCore import QSettings

    from jcs_desktop.services import Services
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.core.steps import STEPS
    from jcs_desktop.ui.shell.main_window import MainWindow

    services = Services.open(f"sqlite:///{tmp / 'bench.sqlite3'}")
    services.workshops.create({"title": "Benchmark workshop", "route": "individual"})
    workshop_id = services.workshops.list()[0].id
    services.participants.add_many(workshop_id, [{"display_name": f"Person {i + 1}"} for i in range(PARTICIPANTS)])
    people = [p.id for p in services.participants.list(workshop_id)]
    elements = services.framework.element_ids()
    k = services.framework.level_count
    services.scores.import_scores(
        workshop_id, {pid: {e: 1 + (i + j) % k for j, e in enumerate(elements)} for i, pid in enumerate(people)}
    )
    ctx = AppContext(services)
    ctx.settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    view = window.open_workshop(workshop_id)
    for step in STEPS:  # every step page built, as after a facilitator has visited each
        view.show_step(step.key)
    return services, ctx, window, view, workshop_id, people, elements


def participant_presses(app, ctx, workshop_id, people, elements, counter, presses: int):
    from PySide6.QtCore import Qt

    from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow

    window = ParticipantModeWindow(ctx, workshop_id)
    window.resize(1366, 768)
    window.show()
    settle(app)
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    times, writes, reads = [], [], []
    n = 0
    for i, pid in enumerate(people):
        window.enter(pid)
        settle(app)
        for j, element_id in enumerate(elements):
            window.show_element(element_id)
            settle(app)
            counter.take()
            # Never the level already stored (1 + (i + j) % k): every press changes a score.
            times.append(timed_press(app, window, keys[(i + j + 1) % 4]))
            w, r = counter.take()
            writes.append(w)
            reads.append(r)
            n += 1
            if n >= presses:
                window.leave()
                return times, writes, reads
        window.hand_over()
        settle(app)
    window.leave()
    return times, writes, reads


def reconcile_presses(app, window, view, elements, counter, presses: int):
    from PySide6.QtCore import Qt

    page = view.show_step("reconcile")
    window.activateWindow()  # the level keys are the window's shortcuts
    settle(app)
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    times, writes, reads = [], [], []
    for n in range(presses):
        element_id = elements[n % len(elements)]
        page.select_element(element_id)
        page.set_revealed(True)
        settle(app)
        page.element_view.setFocus()
        counter.take()
        times.append(timed_press(app, page.element_view, keys[(n // len(elements) + n) % 4]))
        w, r = counter.take()
        writes.append(w)
        reads.append(r)
    return times, writes, reads


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, times: list[float], writes: list[int] | None = None, reads: list[int] | None = None) -> None:
    line = f"{name:<34} median {statistics.median(times) * 1e3:7.2f} ms   p95 {p95(times) * 1e3:7.2f} ms"
    if writes is not None and reads is not None:
        line += (
            f"   writes/press max {max(writes)} (mean {statistics.fmean(writes):.2f})"
            f"   reads/press max {max(reads)} (mean {statistics.fmean(reads):.2f})"
        )
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(app, args.presses)
        services, ctx, window, view, workshop_id, people, elements = build(Path(tmp))
        from jcs_desktop.store.counting import TransactionCounter

        counter = TransactionCounter(services.db.engine)
        settle(app)
        p_times, p_writes, p_reads = participant_presses(app, ctx, workshop_id, people, elements, counter, args.presses)
        r_times, r_writes, r_reads = reconcile_presses(app, window, view, elements, counter, args.presses)
        print(f"{PARTICIPANTS} participants × {len(elements)} elements, every step page built, 1366×768")
        report("baseline: QLabel repaint", base)
        report("participant mode: level key", p_times, p_writes, p_reads)
        report("reconcile: agree key", r_times, r_writes, r_reads)
        b = statistics.median(base)
        print(
            f"ratio to baseline (median): participant mode {statistics.median(p_times) / b:.1f}×, "
            f"reconcile {statistics.median(r_times) / b:.1f}×"
        )
        window.close()
        services.close()


if __name__ == "__main__":
    main()
