"""Opening a workshop, going back to the list, and switching steps, in the large store.

The real main window at 1366×768 (offscreen) on a store of N workshops × 40 participants ×
every element (``make_store.py``), driven the way a facilitator does it:

- open: a workshop opened from the list (``MainWindow.open_workshop``) until its first page
  is painted and the event loop is idle;
- back: back to the workshop list (``show_list``, what Ctrl+L and the toolbar do), until
  the list is painted and idle; every other time a score is entered in the open workshop
  first, so the list re-reads every workshop's progress on the way back;
- step, first visit: a Down-arrow key press in the step list that builds the next step's
  page, until it is painted and idle;
- step, again: the same key presses once every page exists (the common case in a workshop).

Each is timed from the call (or the key event) until the event loop is idle: the layout and
the paint Qt posts for what changed are handled by then, so they count. The baseline, measured in the same
run and the same way, is a bare QStackedWidget of two QLabel pages switched by a key press.
Different workshops are opened each time (the store has many), so no page is reused.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_steps.py [--store PATH] [--opens 7]

Without --store it builds one with ``make_store.py`` (1,000 workshops, ≈10 s).
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
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_interaction import settle  # beside this file, found through the line above


def timed(app, window, action) -> float:
    # The paint happens in settle(): Qt posts it as an UpdateRequest event, handled there.
    t0 = time.perf_counter()
    action()
    settle(app)
    return time.perf_counter() - t0


def baseline(app, runs: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel, QStackedWidget

    class Stack(QStackedWidget):
        def keyPressEvent(self, event) -> None:
            self.setCurrentIndex(1 - self.currentIndex())

    stack = Stack()
    for n in range(2):
        stack.addWidget(QLabel(f"page {n}"))
    stack.resize(1366, 768)
    stack.show()
    settle(app)
    times = [timed(app, stack, lambda: QTest.keyClick(stack, Qt.Key.Key_Down)) for _ in range(runs)]
    stack.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store made by make_store.py (else one is built)")
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=7)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = args.store
        if store is None:
            import make_store

            store = tmp / "store.sqlite3"
            make_store.build(store, args.workshops, 40)

        from jcs_desktop.services import Services
        from jcs_desktop.ui.core.context import AppContext
        from jcs_desktop.ui.core.steps import STEPS
        from jcs_desktop.ui.shell.main_window import MainWindow

        services = Services.open(f"sqlite:///{store}")
        ctx = AppContext(services)
        ctx.settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        settle(app)
        summaries = services.workshops.list()
        listed = [w.id for w in summaries]
        print(f"store: {len(listed)} workshops, {summaries[0].participants} participants in the first")

        base = baseline(app, 5 * args.opens)
        opens, backs, changed_backs, first_steps, steps = [], [], [], [], []
        for n in range(args.opens):
            wid = listed[(n * 97) % len(listed)]  # spread over the store
            view = None

            def open_it(wid=wid):
                nonlocal view
                view = window.open_workshop(wid)

            opens.append(timed(app, window, open_it))
            if n < 2:  # every step once, then every step again, in two of the workshops
                view.show_step(STEPS[0].key)
                settle(app)
                for _round, into in ((0, first_steps), (1, steps)):
                    view.steps.setFocus()
                    for _ in STEPS[1:]:
                        steps_list = view.steps
                        into.append(timed(app, window, lambda s=steps_list: QTest.keyClick(s, Qt.Key.Key_Down)))
                    view.show_step(STEPS[0].key)
                    settle(app)
            if n % 2:
                backs.append(timed(app, window, window.show_list))
            else:
                # A score entered first: the list re-reads every workshop's progress on its way back.
                person = services.participants.list(wid)[0].id
                element = services.framework.element_ids()[n % 30]
                ctx.apply(services.scores.set_score(person, element, 1 + n % 3))
                settle(app)
                changed_backs.append(timed(app, window, window.show_list))
        window.close()
        services.close()

    b = statistics.median(base)
    print(f"baseline  bare stacked-widget switch       median {b * 1e3:7.1f} ms")
    for name, values in (
        ("open      a workshop, first page painted", opens),
        ("back      to the workshop list          ", backs),
        ("back      after a score was entered     ", changed_backs),
        ("step      first visit (page built)      ", first_steps),
        ("step      again (page exists)           ", steps),
    ):
        m = statistics.median(values)
        print(f"{name} median {m * 1e3:7.1f} ms   max {max(values) * 1e3:7.1f} ms   ratio {m / b:6.1f}x")


if __name__ == "__main__":
    main()
