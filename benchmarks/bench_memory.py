"""Memory: resident set size at the main window, after every step, and after an export.

Each figure comes from a fresh process (Linux ``/proc/self/status``), offscreen at
1366×768, on a store holding the demo workshop:

- baseline: a bare QMainWindow shown and painted (PySide6 and Qt alone);
- window: the real main window with the workshop list, services loaded;
- steps: after opening the demo workshop and visiting every step (every page built);
- export: after writing the demo's Excel workbook and PDF report in the same process (as the
  in-app export does, on its worker thread), the peak (VmHWM) and the current RSS.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_memory.py [--runs 5]
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
from pathlib import Path

BASELINE = """
import json, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents(); w.repaint()
print(json.dumps({"baseline": rss()}))
"""

APPLICATION = """
import json, os, sys, tempfile, datetime as dt
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
sys.path.insert(0, BENCH)
from bench_interaction import settle
from jcs_desktop.services import Services
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.shell.main_window import MainWindow
marks = {}
services = Services.open(URL)
ctx = AppContext(services)
ctx.settings = QSettings(str(Path(TMP) / "settings.ini"), QSettings.Format.IniFormat)
window = MainWindow(ctx); window.resize(1366, 768); window.show(); settle(app)
marks["window"] = rss()
wid = services.workshops.list()[0].id
view = window.open_workshop(wid); settle(app)
for step in STEPS:
    view.show_step(step.key); settle(app)
marks["steps"] = rss()
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.pdf import write_pdf
from jcs_desktop.exports.xlsx import write_workbook
report = build_report(services, wid)
write_workbook(report, Path(TMP) / "demo.xlsx")
write_pdf(report, Path(TMP) / "demo.pdf")
settle(app)
marks["export"] = rss()
marks["peak"] = rss("VmHWM")
print(json.dumps(marks))
"""

RSS = """
def rss(field="VmRSS"):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
"""


def run(code: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RSS) + code], capture_output=True, text=True, env=env, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"}
    with tempfile.TemporaryDirectory() as tmp:
        from jcs_desktop.services import Services
        from jcs_desktop.services.demo import create_demo_workshop

        url = f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"
        services = Services.open(url)
        create_demo_workshop(services)
        services.close()
        prelude = f"BENCH = {str(Path(__file__).resolve().parent)!r}\nURL = {url!r}\nTMP = {tmp!r}\n"
        env["JCS_DATA_DIR"] = tmp  # settings and backups of these runs stay in the temporary folder
        results: dict[str, list[float]] = {}
        for _ in range(args.runs):  # interleaved, so drift in the machine's load hits both alike
            for name, value in {**run(BASELINE, env), **run(prelude + APPLICATION, env)}.items():
                results.setdefault(name, []).append(value)
    base = statistics.median(results["baseline"])
    print(f"baseline  bare QMainWindow shown            median {base:6.1f} MiB")
    for name, label in (
        ("window", "main window, list and services"),
        ("steps", "after visiting every step     "),
        ("export", "after an xlsx + PDF export    "),
        ("peak", "peak (VmHWM) over the run     "),
    ):
        m = statistics.median(results[name])
        print(f"{name:9} {label}  median {m:6.1f} MiB   ratio {m / base:4.2f}x")


if __name__ == "__main__":
    main()
