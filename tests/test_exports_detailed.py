"""The detailed assessment (stage 2) and participants' notes in the exports: model, workbook and PDF."""

from __future__ import annotations

import re
import zipfile
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.pdf import write_pdf
from jcs_desktop.exports.pdf_detailed import NO_PRIORITY as PDF_NO_PRIORITY
from jcs_desktop.exports.xlsx import write_workbook
from jcs_desktop.exports.xlsx_detailed import NO_NOTES, NO_PRIORITY
from jcs_desktop.services.text import SHORT

CAPACITY = "understanding-the-market.capacity"
FORECASTING = "understanding-the-market.forecasting"
LINKS = "encouraging-innovation.links"
NOTES = "<b>x</b> & =SUM(A1)"
HEADINGS = [
    "Priority",
    "Driver",
    "Element",
    "Agreed level",
    "Refined level",
    "Notes",
    "Approaches chosen",
    "Carried into action",
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _row_of(ws, text: str, column: int = 1) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column} of {ws.title}")


@pytest.fixture
def stage2(services, demo_id):
    """The demo with a refined level, notes, two chosen approaches (one the group's own) and an action from one."""
    fw = services.framework
    people = services.participants.list(demo_id)
    author, owner = people[0], people[1]
    services.planning.set_detailed(demo_id, CAPACITY, refined_level=3, notes=NOTES)
    services.planning.set_detailed(demo_id, FORECASTING, notes=f"=Ask {author.display_name} for the forecasts")
    ticked = services.planning.choose_approach(demo_id, CAPACITY, 3, 0).previous
    own_text = f"Capacity dashboard kept by {owner.display_name}"
    own = services.planning.choose_approach(demo_id, CAPACITY, 3, None, own_text).previous
    action = services.planning.create_action(
        demo_id, {"achieve": "A shared capacity picture"}, from_approaches=[ticked.id]
    ).previous
    services.scores.set_note(author.id, CAPACITY, "+1 our homes are full")
    return SimpleNamespace(
        author=author,
        owner=owner,
        ticked_text=fw.element(CAPACITY).detail.levels[2].approaches[0],
        own_text=own_text,
        own=own,
        action=action,
        action_number=len(services.planning.actions(demo_id)),
    )


# -- the report model -----------------------------------------------------------------------------


def test_model_has_the_priority_drivers_in_order_with_targets(services, demo_id, stage2):
    report = build_report(services, demo_id)
    plans = services.planning.driver_plans(demo_id)
    assert [d.id for d in report.detailed] == services.planning.priority_drivers(demo_id)
    assert [d.id for d in report.detailed] == ["understanding-the-market", "encouraging-innovation"]
    assert [d.number for d in report.detailed] == [1, 2]
    for d in report.detailed:
        assert d.improvement_target == plans[d.id].improvement_target and d.improvement_target
        assert d.target_level == plans[d.id].target_level
        assert [e.id for e in d.elements] == [e.id for e in services.framework.driver(d.id).elements]
    market = report.detailed[0]
    agreed = services.scores.agreed_for_workshop(demo_id)
    capacity = market.elements[0]
    assert capacity.id == CAPACITY
    assert capacity.title == "Understanding the state of today’s market in terms of capacity"  # the detail sheet's
    assert capacity.agreed == agreed[CAPACITY].level
    assert capacity.refined == 3 and capacity.level == 3
    assert capacity.notes == NOTES
    approaches = [(a.level, a.text, a.own, a.action_number) for a in capacity.approaches]
    assert approaches == [(3, stage2.ticked_text, False, stage2.action_number), (3, stage2.own_text, True, None)]
    assert capacity.action_numbers == (stage2.action_number,)
    untouched = market.elements[1]
    assert untouched.refined is None and untouched.level == untouched.agreed and not untouched.recorded


def test_model_forgets_a_deleted_action_and_hides_names_when_anonymised(services, demo_id, stage2):
    services.planning.delete_action(stage2.action.id)
    capacity = build_report(services, demo_id).detailed[0].elements[0]
    assert [a.action_number for a in capacity.approaches] == [None, None]

    report = build_report(services, demo_id, anonymise=True)
    label = {p.id: p.label for p in report.people}
    market = report.detailed[0]
    assert market.elements[0].approaches[1].text == f"Capacity dashboard kept by {label[stage2.owner.id]}"
    assert market.elements[3].notes == f"=Ask {label[stage2.author.id]} for the forecasts"
    assert all(not p.notes for p in report.people)
    assert build_report(services, demo_id).people[0].notes == {CAPACITY: "+1 our homes are full"}


# -- the workbook -----------------------------------------------------------------------------------


def test_workbook_detailed_sheet_rows(services, demo_id, stage2, tmp_path):
    path = write_workbook(build_report(services, demo_id), tmp_path / "stage2.xlsx")
    wb = load_workbook(path)
    names = wb.sheetnames
    assert names.index("Reconciliation") < names.index("Detailed assessment") < names.index("Action plan")
    ws = wb["Detailed assessment"]
    fw = services.framework
    header = _row_of(ws, "Priority")
    assert [ws.cell(header, c).value for c in range(1, 9)] == HEADINGS
    assert ws.freeze_panes and ws.auto_filter.ref == f"A{header}:H{header + 10}" and ws.print_title_rows
    rows = [[ws.cell(r, c).value for c in range(1, 9)] for r in range(header + 1, header + 11)]
    priority = services.planning.priority_drivers(demo_id)
    expected_elements = [fw.element(e.id).detail.title for d in priority for e in fw.driver(d).elements]
    assert [r[2].casefold() for r in rows] == [t.casefold() for t in expected_elements]
    assert [r[0] for r in rows] == [1] * 5 + [2] * 5
    assert [r[1] for r in rows] == [fw.driver(priority[0]).title] * 5 + [fw.driver(priority[1]).title] * 5
    agreed = services.scores.agreed_for_workshop(demo_id)
    level = agreed[CAPACITY].level
    capacity = rows[0]
    assert capacity[3] == f"{level}. {fw.levels[level - 1].name}"
    assert capacity[4] == f"3. {fw.levels[2].name}"
    assert capacity[5] == NOTES
    assert capacity[6] == f"• {stage2.ticked_text} → action {stage2.action_number}\n• {stage2.own_text} (own)"
    assert capacity[7] == stage2.action_number
    assert rows[1][4] == "Kept the agreed level" and rows[1][5] is None and rows[1][6] is None
    assert rows[3][5] == f"=Ask {stage2.author.display_name} for the forecasts"

    notes_cell = ws.cell(header + 1, 6)
    assert notes_cell.data_type == "s"
    formula_like = ws.cell(header + 4, 6)
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_workbook_participant_notes_sheet(services, demo_id, stage2, tmp_path):
    wb = load_workbook(write_workbook(build_report(services, demo_id), tmp_path / "notes.xlsx"))
    names = wb.sheetnames
    assert names.index("Individual scores") + 1 == names.index("Participant notes")
    ws = wb["Participant notes"]
    header = _row_of(ws, "Participant")
    row = _row_of(ws, stage2.author.display_name)
    assert row == header + 1 and ws.max_row == row
    values = [ws.cell(row, c).value for c in range(1, 8)]
    score = services.scores.get_score(stage2.author.id, CAPACITY)
    element = services.framework.element(CAPACITY)
    assert values == [
        stage2.author.display_name,
        stage2.author.organisation,
        stage2.author.sector,
        "Understanding the market",
        element.title,
        score,
        "+1 our homes are full",
    ]
    assert ws.cell(row, 7).data_type == "s" and ws.cell(row, 7).quotePrefix
    assert ws.freeze_panes and ws.auto_filter.ref


def test_workbook_without_notes_or_priorities_says_so(services, demo_id, tmp_path):
    for driver_id in services.planning.priority_drivers(demo_id):
        services.planning.set_driver_plan(demo_id, driver_id, priority=None)
    wb = load_workbook(write_workbook(build_report(services, demo_id), tmp_path / "none.xlsx"))
    texts = [c.value for row in wb["Detailed assessment"].iter_rows() for c in row if c.value is not None]
    assert texts[-1] == NO_PRIORITY and len(texts) == 3  # title, subtitle and the one line
    notes = [c.value for row in wb["Participant notes"].iter_rows() for c in row if c.value is not None]
    assert notes[-1] == NO_NOTES


def test_anonymised_workbook_has_no_names_and_no_participant_notes(services, demo_id, stage2, tmp_path):
    report = build_report(services, demo_id, anonymise=True)
    label = {p.id: p.label for p in report.people}
    wb = load_workbook(write_workbook(report, tmp_path / "anon.xlsx"))
    assert "Participant notes" not in wb.sheetnames
    ws = wb["Detailed assessment"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for person in services.participants.list(demo_id):
        assert person.display_name not in text, person.display_name
    assert f"Capacity dashboard kept by {label[stage2.owner.id]} (own)" in text
    assert f"=Ask {label[stage2.author.id]} for the forecasts" in text
    everything = "\n".join(str(c.value) for s in wb.worksheets for row in s.iter_rows() for c in row if c.value)
    assert "our homes are full" not in everything


# -- the PDF ------------------------------------------------------------------------------------------


def _outline(reader):
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item

    return [(item.title, reader.get_destination_page_number(item)) for item in walk(reader.outline)]


def test_pdf_section_between_the_agreed_grid_and_the_action_plan(services, demo_id, stage2, tmp_path):
    path = write_pdf(build_report(services, demo_id), tmp_path / "stage2.pdf")
    reader = PdfReader(str(path))
    pages = _pages(path)
    outline = _outline(reader)
    titles = [t for t, _p in outline]
    fw = services.framework
    i = titles.index("Detailed assessment")
    assert titles.index("The agreed grid") < i < titles.index(fw.action_planning.title)
    assert titles[i + 1 : i + 3] == ["1. Understanding the market", "2. Encouraging innovation"]
    assert "Detailed assessment" in pages[1]  # listed in the contents
    start = dict(outline)["Detailed assessment"]
    end = dict(outline)[fw.action_planning.title]
    section = _flat("\n".join(pages[start:end]))
    plans = services.planning.driver_plans(demo_id)
    assert _flat(plans["understanding-the-market"].improvement_target) in section
    assert _flat(plans["encouraging-innovation"].improvement_target) in section
    assert "Prioritised Improvement Target" in section
    capacity = section[section.index("Understanding the state of today’s market in terms of capacity") :]
    level = services.scores.agreed_for_workshop(demo_id)[CAPACITY].level
    assert re.match(
        rf".*?Agreed level {level}\. {re.escape(fw.levels[level - 1].name)} Refined level 3\. "
        rf"{re.escape(fw.levels[2].name)}",
        capacity,
    )
    assert NOTES in capacity  # printed literally, not as bold markup
    assert _flat(stage2.ticked_text) in capacity and _flat(stage2.own_text) in capacity
    assert f"carried into action {stage2.action_number}" in capacity
    assert "Kept the agreed level" in section
    assert f"=Ask {stage2.author.display_name} for the forecasts" in section


def test_pdf_fonts_stay_embedded_with_bulleted_approaches(services, demo_id, stage2, tmp_path):
    reader = PdfReader(str(write_pdf(build_report(services, demo_id), tmp_path / "fonts.pdf")))
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            assert "Helvetica" not in str(ref.get_object()["/BaseFont"])


def test_anonymised_pdf_section_names_nobody(services, demo_id, stage2, tmp_path):
    report = build_report(services, demo_id, anonymise=True)
    label = {p.id: p.label for p in report.people}
    text = _flat("\n".join(_pages(write_pdf(report, tmp_path / "a.pdf"))))
    for person in services.participants.list(demo_id):
        assert person.display_name not in text, person.display_name
    assert f"Capacity dashboard kept by {label[stage2.owner.id]}" in text
    assert f"=Ask {label[stage2.author.id]} for the forecasts" in text


def test_pdf_without_priority_drivers_says_so(services, demo_id, tmp_path):
    for driver_id in services.planning.priority_drivers(demo_id):
        services.planning.set_driver_plan(demo_id, driver_id, priority=None)
    text = _flat("\n".join(_pages(write_pdf(build_report(services, demo_id), tmp_path / "none.pdf"))))
    assert "Detailed assessment" in text and PDF_NO_PRIORITY in text
    empty = services.workshops.create({"title": "Nothing yet"}).previous
    text = _flat("\n".join(_pages(write_pdf(build_report(services, empty.id), tmp_path / "empty.pdf"))))
    assert PDF_NO_PRIORITY in text
    wb = load_workbook(write_workbook(build_report(services, empty.id), tmp_path / "empty.xlsx"))
    assert wb["Detailed assessment"]["A4"].value == NO_PRIORITY


@pytest.mark.parametrize("bad", ["\x00\x07 control", "long words " * 900, "😀 emoji", "line\n" * 120])
def test_odd_notes_do_not_break_either_export(services, demo_id, tmp_path, bad):
    services.planning.set_detailed(demo_id, CAPACITY, refined_level=1, notes=bad)
    services.planning.choose_approach(demo_id, CAPACITY, 2, None, bad[:SHORT])  # the longest the service takes
    report = build_report(services, demo_id)
    assert PdfReader(str(write_pdf(report, tmp_path / "odd.pdf"))).pages
    ws = load_workbook(write_workbook(report, tmp_path / "odd.xlsx"))["Detailed assessment"]
    assert ws.cell(_row_of(ws, "Priority") + 1, 5).value == f"1. {services.framework.levels[0].name}"
