"""The exports' fast paths print exactly what the plain, slow way prints.

The PDF report is laid out twice and drawn once (the first pass only measures, with the
contents list already holding every heading); paragraphs keep their line breaks per width;
charts skip reportlab's attribute checks; the workbook merges cells without openpyxl's
per-cell style lookups; the command line imports openpyxl without numpy. Each would go
wrong silently, so each is checked here against the plain way.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from jcs_desktop.exports import pdf_base, pdf_text
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.pdf import write_pdf
from jcs_desktop.exports.xlsx_cells import BOLD, GRID, merge, put
from tests.pdf_outline import outline_entries

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def report(services, demo_id):
    return build_report(services, demo_id)


def _long_contents(report):
    """The demo with its actions fifteen times over: the contents list runs to a second page."""
    actions = tuple(dataclasses.replace(a, number=i + 1) for i, a in enumerate(report.actions * 15))
    return dataclasses.replace(report, actions=actions)


def _long_texts(report):
    spec = importlib.util.spec_from_file_location("bench_pdf_worst", ROOT / "benchmarks" / "bench_pdf_worst.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.worst_case(report, 3000, "prose")  # long paragraphs split over pages, 300-letter words


def _passes(monkeypatch, report, path) -> list[bool]:
    docs = []
    build_numbered = pdf_base.ReportDoc.build_numbered

    def spy(self, *args, **kwargs):
        docs.append(self)
        return build_numbered(self, *args, **kwargs)

    monkeypatch.setattr(pdf_base.ReportDoc, "build_numbered", spy)
    write_pdf(report, path)
    (doc,) = docs
    return doc.passes


@pytest.mark.parametrize("variant", ["demo", "long contents"])
def test_the_report_is_laid_out_twice_and_drawn_once(report, variant, monkeypatch, tmp_path):
    report = _long_contents(report) if variant == "long contents" else report
    path = tmp_path / "report.pdf"
    # Before the contents list was filled in advance, the long one took three passes, two drawn.
    assert _passes(monkeypatch, report, path) == [False, True]
    reader = PdfReader(str(path))
    n = len(reader.pages)
    assert f"Page {n} of {n}" in reader.pages[-1].extract_text()


def test_the_contents_list_gives_the_real_page_of_every_heading(report, tmp_path):
    path = write_pdf(_long_contents(report), tmp_path / "report.pdf")
    reader = PdfReader(str(path))
    entries = [item for item in outline_entries(reader.outline)]
    assert len(entries) > 50
    first = reader.get_destination_page_number(entries[0])
    assert first > 2  # the contents list runs over two pages
    # Laid out as printed: a title, its dots and its page number on one line (its last line).
    lines = [
        " ".join(line.split())
        for page in reader.pages[1:first]
        for line in page.extract_text(extraction_mode="layout").splitlines()
    ]
    i = 0
    for entry in entries:
        title = " ".join(entry.title.split())[:30]
        while title not in lines[i]:
            i += 1
        while not (number := re.search(r"\. (\d+)$", lines[i])):
            i += 1
        real = reader.get_destination_page_number(entry) + 1
        assert int(number.group(1)) == real, entry.title
        assert title in " ".join(reader.pages[real - 1].extract_text().split())
        i += 1


def _plain_build_numbered(self, make_story, max_rounds: int = 3) -> None:
    """The report's build before the fast paths: every pass drawn, the contents list found by passes."""
    for _ in range(max_rounds):
        self.multiBuild(make_story(), maxPasses=8)
        if self.page_total == self.pages_built:
            return


def _plain_wrap(self, availWidth, availHeight):
    """TextParagraph.wrap before it kept its line breaks: every wrap breaks the lines again."""
    style = self.style
    room = availWidth - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
    if room > 1 and self._broken_at != room:
        self._break_long_words(room)
        self._broken_at = room
    return Paragraph.wrap(self, availWidth, availHeight)


def _content(path) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("variant", ["demo", "long contents", "long texts"])
def test_the_fast_paths_print_exactly_what_the_plain_build_prints(report, variant, monkeypatch, tmp_path):
    report = {"demo": report, "long contents": _long_contents(report), "long texts": _long_texts(report)}[variant]
    fast = write_pdf(report, tmp_path / "fast.pdf")
    with monkeypatch.context() as m:
        m.setattr(pdf_base.ReportDoc, "build_numbered", _plain_build_numbered)
        m.setattr(pdf_text.TextParagraph, "wrap", _plain_wrap)
        m.setattr(pdf_text.TextParagraph, "split", Paragraph.split)
        plain = write_pdf(report, tmp_path / "plain.pdf")
    # Every page's drawing operators, byte for byte (fonts are referred to by name in them).
    assert _content(fast) == _content(plain)


def test_a_paragraph_split_forgets_the_lines_it_kept():
    pdf_base.register_fonts()
    p = pdf_text.TextParagraph("word " * 200, pdf_base.styles()["body"])
    width, height = p.wrap(200, 1000)
    lines = p.blPara
    assert p.wrap(300, 1000)[1] < height  # another width: broken again
    assert p.wrap(200, 1000) == (width, height) and p.blPara is lines  # the same width: kept
    parts = p.split(200, height / 2)
    assert len(parts) == 2
    assert p._wraps is None


def test_charts_are_built_without_reportlabs_attribute_checks():
    # In a fresh interpreter: the flag must be set before reportlab.graphics is first imported.
    code = (
        "import jcs_desktop.exports.pdf_charts\n"
        "from reportlab.graphics import shapes\n"
        "from reportlab import rl_config\n"
        "print(rl_config.shapeChecking, '__setattr__' in vars(shapes.Shape))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]


def _cells(ws) -> dict:
    return {key: (type(cell).__name__, cell.value, tuple(cell._style or ())) for key, cell in sorted(ws._cells.items())}


def test_merge_gives_exactly_what_openpyxl_merge_cells_gives():
    books = [Workbook(), Workbook()]
    for n, wb in enumerate(books):
        ws = wb.active

        def merged(r1, c1, r2, c2, ws=ws, n=n):
            if n:
                merge(ws, r1, c1, r2, c2)
            else:
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

        put(ws, 1, 1, "bordered", font=BOLD)
        merged(1, 1, 1, 4)
        put(ws, 2, 2, "no border", border=False)
        merged(2, 2, 2, 9)
        put(ws, 3, 2, "two rows")
        merged(3, 2, 4, 4)
        for c in (2, 3, 4):
            ws.cell(row=4, column=c).border = GRID
        put(ws, 6, 1, "again, as the first")
        merged(6, 1, 6, 4)
        put(ws, 8, 1, "over cells already written")
        put(ws, 8, 3, "hidden by the merge", background="FFEEDD")
        put(ws, 9, 4, "its corner")
        merged(8, 1, 9, 4)
        merged(11, 1, 12, 2)  # nothing written there yet
    plain, fast = (wb.active for wb in books)
    assert sorted(map(str, fast.merged_cells.ranges)) == sorted(map(str, plain.merged_cells.ranges))
    assert _cells(fast) == _cells(plain)
    for name in ("_borders", "_protections", "_fonts", "_fills", "_alignments"):
        assert list(getattr(books[1], name)) == list(getattr(books[0], name)), name


def test_the_command_line_export_does_not_import_numpy(services, demo_id, db_url, tmp_path):
    code = (
        "import sys\n"
        "from jcs_desktop.cli.main import main\n"
        f"code = main(['export', '--db', {db_url!r}, '--session', '{demo_id}', "
        f"'--xlsx', {str(tmp_path / 'r.xlsx')!r}, '--pdf', {str(tmp_path / 'r.pdf')!r}])\n"
        "print(code, 'numpy' in sys.modules)\n"
        "import numpy\n"  # and it still imports as usual, should anything need it after
        "print(numpy.float64(1.5) + 1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-3:] == ["0", "False", "2.5"]
