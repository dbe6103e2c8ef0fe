"""Render the exports for the documentation: the demo report's first pages, a blank form, the Export page.

Usage::

    python tools/screenshots_exports.py [--out docs/screenshots] [--pages 3] [--keep DIR]

Builds the demo workshop (dated 23 November 2026) in a temporary database, writes its
PDF report and blank forms, and renders pages to PNG with ``pdftoppm`` (Debian package
poppler-utils). The Export page is grabbed offscreen at 1366×768. ``--keep DIR`` also
leaves the PDF, workbook, forms and template there, to look at by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_DAY = dt.date(2026, 11, 23)

try:  # run from a checkout without installing
    import jcs_desktop  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(REPO_ROOT / "src"))


def render(pdf: Path, out: Path, name: str, first: int, last: int, dpi: int = 110) -> list[Path]:
    """Pages first..last of ``pdf`` as ``<name>-<n>.png`` in ``out``."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: apt-get install -y poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), str(pdf), f"{tmp}/page"],
            check=True,
        )
        made = []
        for n, png in enumerate(sorted(Path(tmp).glob("page-*.png")), start=first):
            target = out / f"{name}-{n}.png"
            shutil.move(png, target)
            made.append(target)
    return made


def export_page_shot(services, workshop_id: int, out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.export.page import ExportPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(services)
    page = ExportPage(ctx)
    page.set_workshop(workshop_id)
    page.resize(1366, 768)
    page.result_label.setText(f"Saved {DEMO_DAY.isoformat()} report.pdf in Documents")
    page.open_button.show()
    page.show()
    app.processEvents()
    target = out / "export-page.png"
    page.grab().save(str(target))
    page.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", type=int, default=3, help="how many report pages to render (from page 1)")
    parser.add_argument("--keep", type=Path, help="also keep the exported files in this folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from jcs_desktop.exports.forms import write_blank_forms, write_entry_template
    from jcs_desktop.exports.model import build_report
    from jcs_desktop.exports.pdf import write_pdf
    from jcs_desktop.exports.xlsx import write_workbook
    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("JCS_DATA_DIR", tmp)
        services = Services.open(f"sqlite:///{tmp}/demo.sqlite3")
        try:
            wid = create_demo_workshop(services, today=DEMO_DAY).previous
            report = build_report(services, wid, today=DEMO_DAY)
            keep = args.keep or Path(tmp)
            keep.mkdir(parents=True, exist_ok=True)
            pdf = write_pdf(report, keep / "report.pdf")
            forms = write_blank_forms(report, keep / "forms.pdf")
            if args.keep:
                write_workbook(report, keep / "workbook.xlsx")
                write_pdf(build_report(services, wid, anonymise=True, today=DEMO_DAY), keep / "report-anonymised.pdf")
                write_entry_template(report, keep / "template.xlsx")
            made = render(pdf, args.out, "report-page", 1, args.pages)
            made += render(forms, args.out, "blank-form-page", 1, 1)
            made.append(export_page_shot(services, wid, args.out))
        finally:
            services.close()
    for path in made:
        print(path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
