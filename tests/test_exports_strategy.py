"""The commissioning documents: the JSC Plan outline (Word) and the Strategic Commissioning Template
(Word, Excel, PDF), read back with python-docx, openpyxl and pypdf and checked against the content,
the workshop's report and the worksheet."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from jcs_desktop.content.strategy import load_commissioning_template, load_jsc_plan
from jcs_desktop.exports.docx_plan import pro_forma_cells, write_jsc_plan, write_template_docx
from jcs_desktop.exports.pdf_template import write_template_pdf
from jcs_desktop.exports.strategy_model import NoWorksheet, build_strategy_export
from jcs_desktop.exports.xlsx_template import write_template_xlsx
from jcs_desktop.services.worksheets import OPTIONS_TABLE

TODAY = dt.date(2026, 11, 23)
FORMULA = "=SUM(A1)"
MARKUP = "<b>markup</b>"


@pytest.fixture
def demo(services):
    from jcs_desktop.services.demo import create_demo_workshop

    return create_demo_workshop(services, today=TODAY).previous


@pytest.fixture
def filled(services, demo):
    """A worksheet with a formula-like answer, markup, a status, a row of 3.2, two options and a linked action."""
    svc = services.worksheets
    wid = svc.create_worksheet(demo, "Better market intelligence").previous
    svc.set_answer(wid, "q-1-3", text=FORMULA)
    svc.set_answer(wid, "q-1-4", text=MARKUP)
    svc.set_answer(wid, "q-1-9-a", rag="amber", text="Little change at district level")
    svc.add_row(wid, "table-3-2", {"intervention": "Extra care housing", "by-whom": "Council"})
    svc.add_row(
        wid, OPTIONS_TABLE, {"option": "Commission more extra care", "q-4-2": "Waiting lists"}, option_tag="do-more"
    )
    svc.add_row(wid, OPTIONS_TABLE, {"option": "A reablement service", "q-4-4": "Staff turnover"}, option_tag="do-new")
    action = services.planning.actions(demo)[0]
    svc.add_row(wid, svc.action_tables[0], action_id=action.id)
    return demo, wid


def _heading_texts(doc, levels=("Heading 1", "Heading 2")) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name in levels]


def _doc_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _table_with_header(doc, header: list[str]):
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] == header:
            return table
    raise AssertionError(f"no table headed {header}")


def test_the_jsc_plan_outline_has_the_plans_sections_and_the_workshops_results(services, filled, tmp_path):
    demo, _wid = filled
    data = build_strategy_export(services, demo)
    path = write_jsc_plan(data.report, data.worksheets, data.plan, tmp_path / "plan.docx")
    doc = Document(str(path))
    plan = load_jsc_plan()
    # The plan's sections and sub-sections, in order, are the document's outline.
    assert _heading_texts(doc) == [s.heading for s in plan.all_sections()]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [s.heading for s in plan.sections]
    # Its guidance, every bullet, in the document's own prompt styles.
    prompts = {p.text for p in doc.paragraphs if p.style.name.startswith("Prompt")}
    for section in plan.all_sections():
        for prompt in section.prompts:
            assert all(p.text in prompts for p in prompt.walk())
        assert all(text in prompts for text in section.paragraphs)
    assert doc.styles["Prompt"].font.italic
    # The final scores: driver, agreed total, band, as the report has them, in the Analysis section.
    report = data.report
    scores = _table_with_header(doc, ["Driver", report.score_heading, "Level reached"])
    rows = [[c.text for c in row.cells] for row in scores.rows[1:]]
    assert rows == [[d.title, str(d.total), report.level_title(d.band)] for d in report.drivers]
    assert len(doc.inline_shapes) == 1  # the chart of the totals
    order = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    analysis, proposals = order.index("Analysis"), order.index(plan.section("strategic-proposals").heading)
    assert analysis < order.index(report.final_scores_title) < proposals
    # The priorities in the strategic proposals, with their targets.
    assert proposals < order.index(report.target_label) < order.index(plan.section("delivery-plan").heading)
    priorities = _table_with_header(doc, ["Priority", "Driver", "Level now", "Target level", report.target_label])
    assert [row.cells[4].text for row in priorities.rows[1:]] == [d.improvement_target for d in report.prioritised()]
    # The pro forma: the content's columns, a row per action.
    form = plan.section("delivery-plan").pro_forma
    pro_forma = _table_with_header(doc, [c.heading for c in form.columns])
    assert len(pro_forma.rows) - 1 == len(report.actions) > 0
    first = report.actions[0]
    cells = pro_forma_cells(report, first)
    assert [c.text for c in pro_forma.rows[1].cells] == [cells[c.id] for c in form.columns]
    assert first.achieve in cells["service"] and first.steps[0] in cells["changes"]
    assert cells["timeline"] and first.lead in cells["responsible-officers"]
    # The worksheet's objective and its options.
    text = _doc_text(doc)
    assert "Better market intelligence" in text and "Commission more extra care" in text


def test_the_template_as_word_has_every_question_and_answer(services, filled, tmp_path):
    demo, wid = filled
    data = build_strategy_export(services, demo)
    template = load_commissioning_template()
    path = write_template_docx(template, data.worksheet(), tmp_path / "template.docx", about=data.about)
    doc = Document(str(path))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [
        f"{s.label} {s.title}: {s.subtitle}" for s in template.steps
    ]
    questions = [p.text for p in doc.paragraphs if p.style.name == "Question"]
    assert questions == [f"{q.number} {q.text}" for q in template.questions()]
    paragraphs = [p.text for p in doc.paragraphs]
    # Answers follow their question: typed text stays as typed, markup and formula alike.
    assert paragraphs[paragraphs.index(questions[2]) + 1] == FORMULA
    assert paragraphs[paragraphs.index(questions[3]) + 1] == MARKUP
    ws = services.worksheets.worksheet(wid)
    assert ws.answer("q-1-2").text in paragraphs  # pre-filled from the workshop
    # 1.9: the parts with their status, and the definitions.
    rag = _table_with_header(doc, ["", "Status", "Comment"])
    assert [c.text for c in rag.rows[1].cells][1:] == ["Amber", "Little change at district level"]
    text = _doc_text(doc)
    for status in template.question("q-1-9").statuses:
        assert f"{status.label}: {status.definition}" in text
    # Table 3.2 with its 7 columns, the options lettered and tagged, 4.2-4.4 per option, the step-5 tables.
    t32 = template.steps[2].tables[0]
    table = _table_with_header(doc, [c.heading for c in t32.columns])
    assert len(t32.columns) == 7 and table.rows[1].cells[0].text == "Extra care housing"
    options = _table_with_header(doc, ["Option", "Tag", "Description"])
    assert [[c.text for c in r.cells] for r in options.rows[1:]] == [
        ["A", "do more", "Commission more extra care"],
        ["B", "do new", "A reablement service"],
    ]
    assert "Option A: Waiting lists" in paragraphs and "Option B: Staff turnover" in paragraphs
    action_tables = template.question("q-5-1").action_tables
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert [f"{t.label} {t.title}" for t in action_tables] == headings[-3:]
    linked = _table_with_header(doc, [c.heading for c in action_tables[0].columns])
    assert linked.rows[1].cells[0].text == ws.table(action_tables[0].id)[0].cells["action"]


def test_the_template_as_excel_keeps_typed_text_as_text(services, filled, tmp_path):
    demo, _wid = filled
    data = build_strategy_export(services, demo)
    template = load_commissioning_template()
    path = write_template_xlsx(template, data.worksheet(), tmp_path / "template.xlsx", about=data.about)
    wb = load_workbook(path)
    assert wb.sheetnames == [f"Step {s.number}" for s in template.steps]
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells.setdefault(cell.value, cell)
    for q in template.questions():
        assert q.text in cells
    formula = cells[FORMULA]
    assert formula.data_type == "s" and formula.quotePrefix
    assert not any(isinstance(v, str) and v.startswith("=") and c.data_type == "f" for v, c in cells.items())
    assert MARKUP in cells and "Amber" in cells and "Extra care housing" in cells
    step1 = wb["Step 1"]
    row = next(r for r in range(1, step1.max_row + 1) if step1.cell(r, 2).value == template.question("q-1-3").text)
    assert step1.cell(row, 3).value == FORMULA and step1.cell(row, 1).value == "1.3"
    step4 = wb["Step 4"]
    letters = [(step4.cell(r, 1).value, step4.cell(r, 2).value) for r in range(1, step4.max_row + 1)]
    assert ("A", "do more") in letters and ("B", "do new") in letters
    assert [c.heading for c in template.steps[2].tables[0].columns] in [
        [wb["Step 3"].cell(r, c).value for c in range(1, 8)] for r in range(1, wb["Step 3"].max_row + 1)
    ]


def test_the_template_as_pdf_prints_markup_literally(services, filled, tmp_path):
    demo, _wid = filled
    data = build_strategy_export(services, demo)
    template = load_commissioning_template()
    path = write_template_pdf(template, data.worksheet(), tmp_path / "template.pdf", about=data.about)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages)
    assert MARKUP in text and FORMULA in text
    for q in template.questions():
        assert q.text.split()[0] in text
    assert template.question("q-1-1").text in text and "Better market intelligence" in text
    assert "Commission more extra care" in text and "Waiting lists" in text


def test_an_anonymised_export_names_nobody(services, filled, tmp_path):
    demo, wid = filled
    person = services.participants.list(demo)[0]
    services.worksheets.set_answer(wid, "q-2-1", text=f"As {person.display_name} said, the evidence is thin")
    data = build_strategy_export(services, demo, anonymise=True)
    label = next(p.label for p in data.report.people if p.id == person.id)
    sheet = data.worksheet()
    assert sheet.answer("q-2-1").text == f"As {label} said, the evidence is thin"
    outputs = [
        write_jsc_plan(data.report, data.worksheets, data.plan, tmp_path / "plan.docx"),
        write_template_docx(data.template, sheet, tmp_path / "t.docx", about=data.about),
    ]
    texts = [_doc_text(Document(str(p))) for p in outputs]
    write_template_xlsx(data.template, sheet, tmp_path / "t.xlsx")
    texts.append(
        "\n".join(str(c.value) for ws in load_workbook(tmp_path / "t.xlsx") for r in ws.iter_rows() for c in r)
    )
    write_template_pdf(data.template, sheet, tmp_path / "t.pdf")
    texts.append(" ".join(p.extract_text() for p in PdfReader(str(tmp_path / "t.pdf")).pages))
    for text in texts:
        for someone in services.participants.list(demo):
            assert someone.display_name not in text
    assert f"As {label} said" in texts[1]


def test_a_workshop_without_a_worksheet_has_no_template_to_export(services, demo):
    data = build_strategy_export(services, demo)
    with pytest.raises(NoWorksheet, match="create one"):
        data.worksheet()


def test_the_command_line_writes_all_four_and_refuses_without_a_worksheet(db_url, services, filled, tmp_path):
    demo, _wid = filled
    base = [sys.executable, "-m", "jcs_desktop", "export", "--db", db_url, "--session", str(demo)]
    files = {
        "--jsc-plan": tmp_path / "plan.docx",
        "--template-docx": tmp_path / "t.docx",
        "--template-xlsx": tmp_path / "t.xlsx",
        "--template-pdf": tmp_path / "t.pdf",
    }
    args = [*base, *(x for k, v in files.items() for x in (k, str(v)))]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert all(path.is_file() for path in files.values())
    assert "JSC Plan outline:" in done.stdout
    from jcs_desktop.services.demo import create_demo_workshop

    other = create_demo_workshop(services, today=TODAY).previous
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "jcs_desktop",
            "export",
            "--db",
            db_url,
            "--session",
            str(other),
            "--template-docx",
            str(tmp_path / "none.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "create one" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.docx").exists()


# -- the Export page -----------------------------------------------------------------------------


@pytest.fixture
def page(services, qtbot):
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.export.page import ExportPage

    ctx = AppContext(services)
    ctx.settings.clear()
    widget = ExportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


@pytest.fixture
def save_as(monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    def answer(path: Path):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(path), a[-1])))

    return answer


@pytest.mark.qt_log_ignore(r"This plugin does not support")
def test_the_export_page_writes_the_commissioning_documents(page, save_as, services, filled, tmp_path, qtbot):
    demo, _wid = filled
    page.set_workshop(demo)
    save_as(tmp_path / "plan.docx")
    page.jsc_plan_button.click()
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30000)
    assert (tmp_path / "plan.docx").is_file()
    save_as(tmp_path / "worksheet.docx")
    page.commissioning_template_button.click()
    qtbot.waitUntil(lambda: (tmp_path / "worksheet.pdf").is_file() and not page.controller.busy, timeout=30000)
    assert (tmp_path / "worksheet.docx").is_file() and (tmp_path / "worksheet.xlsx").is_file()
    assert "worksheet.docx" in page.result_label.text()


@pytest.mark.qt_log_ignore(r"This plugin does not support")
def test_the_export_page_creates_no_worksheet_of_its_own(page, save_as, services, demo, tmp_path, qtbot):
    from PySide6.QtWidgets import QMessageBox

    page.set_workshop(demo)
    save_as(tmp_path / "worksheet.docx")
    page.commissioning_template_button.click()
    assert "create one in the Strategy step" in page.result_label.text()
    for box in page.findChildren(QMessageBox):
        box.close()
    assert services.worksheets.worksheets(demo) == []
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".docx", ".xlsx", ".pdf", ".part")]
