"""Time from a cold process to the first paint and to the main window, against a bare Qt window.

Both are measured in fresh processes in the same run, on the same machine, offscreen:
- baseline: import PySide6.QtWidgets, create a QApplication and show an empty QMainWindow;
- first paint: the splash ``jcs-desktop`` shows before it loads anything else;
- ready: what ``jcs-desktop`` does before the main window shows: open (and check the schema of)
  the user's SQLite database, load and validate the workbook, build the main window with the
  workshop list, show it.

    python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

BASELINE = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents()
print(time.perf_counter() - t0)
"""

SPLASH = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from jcs_desktop.ui.app import _splash
_splash()
print(time.perf_counter() - t0)
"""

APPLICATION = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from jcs_desktop.services import Services
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.shell.main_window import MainWindow
services = Services.open({url!r})
w = MainWindow(AppContext(services)); w.resize(1366, 768); w.show(); app.processEvents()
print(time.perf_counter() - t0)
heavy = [m for m in ("pyqtgraph", "openpyxl", "reportlab", "alembic") if m in sys.modules]
print(",".join(heavy))
"""


def _run(code: str, env: dict[str, str]) -> tuple[float, str]:
    out = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    lines = out.stdout.splitlines()
    return float(lines[0]), (lines[1] if len(lines) > 1 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JCS_DATA_DIR=tmp)
        url = f"sqlite:///{tmp}/bench.sqlite3"
        # Create the database and a demo workshop once, so runs measure a returning user's start.
        subprocess.run(
            [sys.executable, "-m", "jcs_desktop", "demo", "--db", url], check=True, env=env, capture_output=True
        )
        base, splash, app, heavy = [], [], [], set()
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            base.append(_run(textwrap.dedent(BASELINE), env)[0])
            splash.append(_run(textwrap.dedent(SPLASH), env)[0])
            seconds, loaded = _run(textwrap.dedent(APPLICATION.format(url=url)), env)
            app.append(seconds)
            heavy.update(filter(None, loaded.split(",")))
    b, sp, a = statistics.median(base), statistics.median(splash), statistics.median(app)
    print(f"baseline     bare QMainWindow shown           median {b * 1e3:7.1f} ms")
    print(f"first paint  JCS Desktop splash shown         median {sp * 1e3:7.1f} ms   ratio {sp / b:5.2f}x")
    print(f"ready        JCS Desktop main window shown    median {a * 1e3:7.1f} ms   ratio {a / b:5.2f}x")
    print(f"heavy modules loaded at start-up: {', '.join(sorted(heavy)) or 'none'}")


if __name__ == "__main__":
    main()
