"""The workbook as it prints (in LibreOffice too): headers wrap at spaces, short codes with a key, notes readable."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.xlsx import write_workbook
from jcs_desktop.exports.xlsx_cells import HEAD, wrapped_lines


@pytest.fixture
def report(services, demo_id):
    return build_report(services, demo_id)


@pytest.fixture
def wb(report, tmp_path):
    return load_workbook(write_workbook(report, tmp_path / "w.xlsx"))


def _merged_starts(ws):
    return {(r.min_row, r.min_col) for r in ws.merged_cells.ranges if r.max_col > r.min_col}


def test_every_header_column_holds_its_longest_word(wb):
    checked = 0
    for ws in wb.worksheets:
        merged = _merged_starts(ws)
        for row in ws.iter_rows():
            for cell in row:
                if cell.font != HEAD or not isinstance(cell.value, str) or (cell.row, cell.column) in merged:
                    continue
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                longest = max(cell.value.split(), key=len)
                # A spreadsheet breaks a word wider than its column anywhere ("Diverge/nt").
                assert len(longest) * 1.15 + 2 <= width + 1e-9, (ws.title, cell.value, width)
                lines = wrapped_lines(cell.value, width)
                assert ws.row_dimensions[cell.row].height >= lines * 13.5, (ws.title, cell.value)
                checked += 1
    assert checked > 50
    rec = wb["Reconciliation"]
    header = next(r for r in range(1, 10) if rec.cell(r, 1).value == "Driver")
    heads = {
        rec.cell(header, c).value: rec.column_dimensions[rec.cell(header, c).column_letter].width
        for c in range(1, rec.max_column + 1)
    }
    assert heads["Divergent"] >= len("Divergent") * 1.15 + 2
    assert heads["Level 1: Consolidating the basics"] >= len("Consolidating") * 1.15 + 2


def test_individual_scores_use_short_codes_a_key_and_no_turned_text(wb, report):
    ws = wb["Individual scores"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Participant")
    assert ws.row_dimensions[header].height < 60  # no tall turned header to cut off
    for c in range(1, ws.max_column + 1):
        assert not ws.cell(header, c).alignment.textRotation
    codes = [ws.cell(header, c).value for c in range(4, 4 + len(report.elements))]
    assert codes[:2] == ["1.1", "1.2"] and codes[-1] == f"{len(report.drivers)}.{len(report.drivers[-1].elements)}"
    key = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(header + 1, ws.max_row + 1)}
    for code, element in zip(codes, report.elements, strict=True):
        assert key[code] == element.title
    assert all(f"T{n}" in key for n in range(1, len(report.drivers) + 1))
    # Printing: as many pages down as needed, two across with the names on each, never squeezed to one page.
    assert int(ws.page_setup.fitToHeight) == 0 and int(ws.page_setup.fitToWidth) == 2
    assert ws.print_title_cols == "$A:$C"


def test_not_sure_fits_its_narrow_cell(report, tmp_path):
    from jcs_desktop.domain.scoring import NOT_SURE

    person = report.people[0]
    first = report.elements[0].id
    unsure = dataclasses.replace(person, scores={**person.scores, first: NOT_SURE})
    wb = load_workbook(
        write_workbook(dataclasses.replace(report, people=(unsure, *report.people[1:])), tmp_path / "w.xlsx")
    )
    ws = wb["Individual scores"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == person.name)
    cell = ws.cell(row, 4)
    assert cell.value == "?"
    assert len(cell.value) * 1.1 + 1 <= ws.column_dimensions[cell.column_letter].width
    notes = " ".join(str(ws.cell(r, 1).value) for r in range(row, ws.max_row + 1) if ws.cell(r, 1).value)
    assert "?: 'not sure'" in notes


def test_no_actions_note_spans_the_table(report, tmp_path):
    wb = load_workbook(write_workbook(dataclasses.replace(report, actions=()), tmp_path / "w.xlsx"))
    ws = wb["Action plan"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No actions recorded yet.")
    spans = [m for m in ws.merged_cells.ranges if m.min_row == row and m.min_col == 1]
    assert spans and spans[0].max_col == len(report.action_columns) + 2
