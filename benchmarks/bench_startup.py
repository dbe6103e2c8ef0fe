"""From a cold process to the real main window painted, and to the workshop list usable,
against a bare Qt window measured in the same run.

Every figure is taken in a fresh process, from the moment the parent starts it (so the
interpreter's own start-up counts on both sides), offscreen, interleaved run by run so that
drift in the machine's load hits all alike:

- baseline: import PySide6.QtWidgets, create a QApplication, show an empty QMainWindow;
  the time of its first paint;
- painted: ``jcs-desktop`` as a facilitator starts it (``ui.app.run_gui``) on a store of
  N workshops: the first paint of the main window itself (not a splash);
- listed: the workshop list filled, sortable and searchable, and the event loop free again;
- ready: the services (SQLAlchemy, the workbook, the schema check) loaded in the background,
  so a workshop opens without waiting;
- longest stall: the longest gap between 5 ms timer ticks on the GUI thread between
  "listed" and "ready" (how long a key press could wait while the services load).

    python benchmarks/bench_startup.py [--runs 7] [--workshops 1000] [--store PATH]

Without --store it builds one with ``benchmarks/make_store.py`` (N workshops × 40 people).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BASELINE = """
import json, sys, time
T0 = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
marks = {}
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        marks.setdefault("painted", time.time() - T0)
        QTimer.singleShot(0, QApplication.quit)
app = QApplication([]); w = Window(); w.resize(1366, 768); w.show(); app.exec()
print(json.dumps(marks))
"""

APPLICATION = """
import json, sys, time
T0 = float(sys.argv[1])
# Importing the two window modules first is what run_gui does anyway, at the same point;
# it lets the probe wrap the moments it measures.
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from jcs_desktop.ui.core import context
from jcs_desktop.ui.shell import main_window, workshop_list
marks, gaps, last = {}, [], []
paint = main_window.MainWindow.paintEvent
def painted(self, event):
    paint(self, event)
    marks.setdefault("painted", time.time() - T0)
main_window.MainWindow.paintEvent = painted
def tick():
    now = time.time()
    if last:
        gaps.append(now - last[-1])
    last.append(now)
show_rows = workshop_list.WorkshopListPage.show_rows
def listed(self, rows):
    show_rows(self, rows)
    if "listed" in marks or "pending" in marks:
        return
    marks["pending"] = 1
    def free():
        marks["listed"] = time.time() - T0
        timer = QTimer(self); timer.setInterval(5); timer.timeout.connect(tick); timer.start()
    QTimer.singleShot(0, free)
workshop_list.WorkshopListPage.show_rows = listed
attach = context.AppContext.attach
def ready(self, services):
    attach(self, services)
    marks["ready"] = time.time() - T0
    QTimer.singleShot(0, QApplication.quit)
context.AppContext.attach = ready
from jcs_desktop.ui.app import run_gui
run_gui(sys.argv[2])
marks.pop("pending", None)
marks["stall"] = max(gaps) if gaps else 0.0
marks["heavy"] = [m for m in ("pyqtgraph", "openpyxl", "reportlab", "alembic") if m in sys.modules]
print(json.dumps(marks))
"""


def _run(code: str, *args: str, env: dict[str, str]) -> dict:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(start), *args], capture_output=True, text=True, env=env
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--store", type=Path, help="an existing store (else one is built)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JCS_DATA_DIR=tmp)
        # An installed application starts from compiled bytecode (pip writes it; an editable
        # install writes it on the first start): without it every start compiles each module.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        store = args.store
        if store is None:
            store = Path(tmp) / "store.sqlite3"
            maker = Path(__file__).with_name("make_store.py")
            subprocess.run(
                [sys.executable, str(maker), str(store), "--workshops", str(args.workshops)], check=True, env=env
            )
        url = f"sqlite:///{store}"
        # One start to write the workbook cache and settle the file (a returning user's start).
        _run(APPLICATION, url, env=env)
        base: list[float] = []
        figures: dict[str, list[float]] = {"painted": [], "listed": [], "ready": [], "stall": []}
        heavy: set[str] = set()
        for _ in range(args.runs):
            base.append(_run(BASELINE, env=env)["painted"])
            marks = _run(APPLICATION, url, env=env)
            for key in figures:
                figures[key].append(marks[key])
            heavy.update(marks["heavy"])
    b = statistics.median(base)
    print(f"store: {store.name if args.store else f'{args.workshops} workshops × 40 participants'}; {args.runs} runs")
    print(f"baseline  bare QMainWindow painted             median {b * 1e3:7.1f} ms")
    labels = {
        "painted": "main window painted",
        "listed": "workshop list usable",
        "ready": "services loaded (background)",
    }
    for key, label in labels.items():
        m = statistics.median(figures[key])
        print(f"{key:<9} {label:<34} median {m * 1e3:7.1f} ms   ratio {m / b:5.2f}x")
    print(f"stall     longest GUI gap while loading        median {statistics.median(figures['stall']) * 1e3:7.1f} ms")
    print(f"heavy modules loaded at start-up: {', '.join(sorted(heavy)) or 'none'}")


if __name__ == "__main__":
    main()
