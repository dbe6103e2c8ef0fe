"""Exports: the demo workshop to Excel and PDF, against LibreOffice converting that workbook.

- baseline: ``soffice --headless --convert-to pdf`` of the demo's workbook, a whole process,
  which is what a facilitator would otherwise do to get a PDF;
- cli: ``jcs-desktop export --xlsx --pdf`` of the demo, a whole process (start-up, the
  services, the report, both files);
- warm: in one process that has exported once already (as the application after its first
  export), building the report and writing both files again.

Runs are interleaved so drift in the machine's load hits all alike; medians.

    python benchmarks/bench_exports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def warm(url: str, workshop_id: int, folder: Path, runs: int) -> tuple[list[float], list[tuple[float, ...]]]:
    """Seconds per warm round, and per round the report's, the workbook's and the PDF's share."""
    from jcs_desktop.exports.model import build_report
    from jcs_desktop.exports.pdf import write_pdf
    from jcs_desktop.exports.xlsx import write_workbook
    from jcs_desktop.services import Services

    services = Services.open(url)
    times, parts = [], []
    for n in range(runs + 1):
        t0 = time.perf_counter()
        report = build_report(services, workshop_id)
        t1 = time.perf_counter()
        write_workbook(report, folder / f"warm{n}.xlsx")
        t2 = time.perf_counter()
        write_pdf(report, folder / f"warm{n}.pdf")
        t3 = time.perf_counter()
        if n:  # the first round loads the libraries: that is the CLI's cost, not a warm one
            times.append(t3 - t0)
            parts.append((t1 - t0, t2 - t1, t3 - t2))
    services.close()
    return times, parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed: it is the baseline")
    cli = str(Path(sys.executable).with_name("jcs-desktop"))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "JCS_DATA_DIR": str(tmp), "HOME": str(tmp)}  # soffice's profile too
        # An installed command runs from compiled bytecode (pip writes it): never compile each run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        url = f"sqlite:///{tmp / 'demo.sqlite3'}"
        from jcs_desktop.services import Services
        from jcs_desktop.services.demo import create_demo_workshop

        services = Services.open(url)
        workshop_id = create_demo_workshop(services).workshop_id
        services.close()
        export = [cli, "--db", url, "export", "--session", str(workshop_id)]
        subprocess.run([*export, "--xlsx", str(tmp / "demo.xlsx")], env=env, check=True, capture_output=True)
        convert = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(tmp / "demo.xlsx")]
        timed(convert, env)  # LibreOffice's first start builds its profile: not counted
        base, whole = [], []
        for n in range(args.runs):
            base.append(timed(convert, env))
            whole.append(timed([*export, "--xlsx", str(tmp / f"c{n}.xlsx"), "--pdf", str(tmp / f"c{n}.pdf")], env))
        hot, parts = warm(url, workshop_id, tmp, args.runs)
    b = statistics.median(base)
    print(f"baseline  soffice --convert-to pdf of the xlsx   median {b * 1e3:7.0f} ms")
    print(
        f"cli       jcs-desktop export --xlsx --pdf      median {statistics.median(whole) * 1e3:7.0f} ms   "
        f"ratio {statistics.median(whole) / b:5.2f}x"
    )
    print(
        f"warm      report + xlsx + PDF, in process      median {statistics.median(hot) * 1e3:7.0f} ms   "
        f"ratio {statistics.median(hot) / b:5.2f}x"
    )
    report, xlsx, pdf = (statistics.median(p) * 1e3 for p in zip(*parts, strict=True))
    print(f"          of which report {report:.0f} ms, xlsx {xlsx:.0f} ms, PDF {pdf:.0f} ms (medians)")


if __name__ == "__main__":
    main()
