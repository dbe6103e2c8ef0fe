"""Render the exports for the documentation: the demo report's first pages, a blank form, the Export page,
and the 'Since last time' page of a demo series' latest workshop.

Usage::

    python tools/screenshots_exports.py [--out docs/screenshots] [--pages 3] [--keep DIR]

Builds the demo workshop (dated 23 November 2026) in a temporary database, writes its
PDF report and blank forms, and renders pages to PNG with ``pdftoppm`` (Debian package
poppler-utils). The Export page is grabbed offscreen at 1366×768. A demo series of three
workshops gives the 'Since last time' page (rendered small, at 60 dpi). ``--keep DIR`` also
leaves the PDF, workbook, forms and template there, and the series' report and series report.
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


def since_last_time_shot(services, out: Path, keep: Path | None) -> Path:
    """The 'Since last time' page of the PDF report of a demo series' latest workshop."""
    from pypdf import PdfReader

    from jcs_desktop.exports.model import build_report
    from jcs_desktop.exports.pdf import write_pdf
    from jcs_desktop.exports.pdf_series import SINCE_TITLE
    from jcs_desktop.services.demo import create_demo_series

    ids = create_demo_series(services, 3, today=DEMO_DAY).previous
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        report = build_report(services, ids[-1], today=DEMO_DAY, compare=keep is not None)
        pdf = write_pdf(report, folder / "follow-up report.pdf")
        pages = [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]
        # The page that starts with the heading (the header, the footer's two lines, then the heading).
        page = next(i for i, text in enumerate(pages, start=1) if i > 2 and SINCE_TITLE in text.splitlines()[4:5])
        (made,) = render(pdf, Path(tmp), "since", page, page, dpi=60)
        target = out / "since-last-time-pdf.png"
        shutil.move(made, target)
        if keep is not None:
            from jcs_desktop.exports.pdf_series_report import write_series_pdf
            from jcs_desktop.exports.series_report import build_series_report
            from jcs_desktop.exports.xlsx import write_workbook
            from jcs_desktop.exports.xlsx_series_report import write_series_workbook

            write_workbook(report, keep / "follow-up workbook.xlsx")
            series = build_series_report(services, ids[-1], today=DEMO_DAY)
            write_series_pdf(series, keep / "series report.pdf")
            write_series_workbook(series, keep / "series workbook.xlsx")
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
            made.append(since_last_time_shot(services, args.out, args.keep))
        finally:
            services.close()
    for path in made:
        print(path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
