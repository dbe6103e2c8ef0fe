"""The Excel workbook: opened with openpyxl and checked against what the services say."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from jcs_desktop.exports.common import ExportError, level_colour
from jcs_desktop.exports.model import OTHER_SECTOR, build_report, merge_small_sectors
from jcs_desktop.exports.xlsx import write_workbook

NASTY = ['=HYPERLINK("http://evil.example","click")', "+1", "@SUM(A1)", "-2+3", "\t=1+1"]


def _cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def _texts(wb) -> str:
    return "\n".join(str(cell.value) for _s, cell in _cells(wb))


def _row_of(ws, text: str, column: int = 1) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column} of {ws.title}")


@pytest.fixture
def workbook(services, demo_id, tmp_path):
    path = write_workbook(build_report(services, demo_id), tmp_path / "demo.xlsx")
    return path, load_workbook(path)


def test_sheets_one_per_part_and_one_per_action(services, demo_id, workbook):
    _path, wb = workbook
    actions = services.planning.actions(demo_id)
    assert len(actions) == 3
    expected = ["Summary", "Agreed grid", "Individual scores", "Participant notes", "Reconciliation"]
    expected += ["Detailed assessment", "Action plan"]
    assert wb.sheetnames == expected + [f"Action {i}" for i in range(1, len(actions) + 1)]


def test_final_scores_equal_the_services_results_with_band_highlighted(services, demo_id, workbook):
    _path, wb = workbook
    ws = wb["Summary"]
    fw = services.framework
    results = services.scores.results(demo_id)
    k = fw.level_count
    header = _row_of(ws, "Driver")
    assert ws.cell(header, 2).value == fw.final_scores.score_heading
    assert [ws.cell(header, 2 + i).value for i in range(1, k + 1)] == [f"{lv.number}. {lv.name}" for lv in fw.levels]
    assert ws.cell(header, k + 6).value == fw.final_scores.target_heading
    plans = services.planning.driver_plans(demo_id)
    for dres in results.drivers:
        row = _row_of(ws, dres.title)
        assert row > header
        assert ws.cell(row, 2).value == dres.agreed.total
        assert ws.cell(row, 3 + k).value == fw.levels[dres.agreed_band - 1].name
        assert ws.cell(row, 6 + k).value == (plans[dres.driver_id].improvement_target or None)
        mean = ws.cell(row, 4 + k)
        assert mean.value == pytest.approx(dres.individual_totals.mean), "the mean stays a number"
        assert f"from {dres.individual_from} of {dres.individual_of}" in mean.number_format
        for band in range(1, k + 1):
            cell = ws.cell(row, 2 + band)
            lo, hi = fw.driver(dres.driver_id).thresholds[band - 1]
            assert cell.value == f"{lo}–{hi}"
            highlighted = cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(level_colour(band))
            assert highlighted == (band == dres.agreed_band), (dres.title, band)


def test_driver_chart_and_no_formulas_in_the_file(workbook):
    path, _wb = workbook
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert any(n.startswith("xl/charts/chart") for n in names)
        for name in names:
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_layout_frozen_headers_widths_and_print_setup(workbook):
    _path, wb = workbook
    for ws in wb.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # Fit to the width only (as many pages down as it takes); the wide grid of scores goes two across.
        across = 2 if ws.title == "Individual scores" else 1
        down = 1 if ws.title == "Summary" else 0  # the summary is a one-page overview
        assert int(ws.page_setup.fitToWidth) == across and int(ws.page_setup.fitToHeight) == down, ws.title
        assert "Page &P of &N" in ws.oddFooter.center.text
    for name in ("Agreed grid", "Individual scores", "Reconciliation", "Detailed assessment", "Action plan"):
        ws = wb[name]
        assert ws.print_title_rows, name
        assert ws.auto_filter.ref, name
        assert ws.column_dimensions["B"].width > 8
    header = _row_of(wb["Agreed grid"], "Driver")
    assert wb["Agreed grid"].cell(header + 1, 5).alignment.wrap_text


def test_agreed_grid_and_reconciliation_rows(services, demo_id, workbook):
    _path, wb = workbook
    fw = services.framework
    agreed = services.scores.agreed_for_workshop(demo_id)
    results = services.scores.results(demo_id)
    grid, rec = wb["Agreed grid"], wb["Reconciliation"]
    for driver in fw.drivers:
        for element in driver.elements:
            row = _row_of(grid, element.title, 2)
            record = agreed[element.id]
            assert grid.cell(row, 3).value == record.level
            assert grid.cell(row, 5).value == element.descriptors[record.level - 1]
            assert grid.cell(row, 6).value == record.rationale
            r = _row_of(rec, element.title, 2)
            stats = results.elements[element.id].overall
            assert rec.cell(r, 3).value == stats.n
            assert rec.cell(r, 4).value == pytest.approx(stats.mean)
            assert rec.cell(r, 8).value == stats.range


def test_individual_scores_grid(services, demo_id, workbook):
    _path, wb = workbook
    ws = wb["Individual scores"]
    people = services.participants.list(demo_id)
    scores = services.scores.scores_for_workshop(demo_id)
    fw = services.framework
    header = _row_of(ws, "Participant")
    columns = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    # Short codes head the columns; the key below the table gives each code's element.
    key = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(header + 1, ws.max_row + 1)}
    for person in people:
        row = _row_of(ws, person.display_name)
        for i, element in enumerate(fw.drivers[0].elements, start=1):
            code = f"1.{i}"
            assert key[code] == element.title
            assert ws.cell(header, columns[code]).comment.text == element.title
            value = scores[person.id][element.id]
            assert ws.cell(row, columns[code]).value == (value if isinstance(value, int) else "?")


def test_action_plan_columns_from_the_framework(services, demo_id, workbook):
    _path, wb = workbook
    ws = wb["Action plan"]
    fw = services.framework
    header = _row_of(ws, "No.")
    headings = [ws.cell(header, c).value for c in range(2, 2 + len(fw.action_planning.columns))]
    assert headings == [c.heading for c in fw.action_planning.columns]
    actions = services.planning.actions(demo_id)
    for i, action in enumerate(actions, start=1):
        assert ws.cell(header + i, 1).value == i
        assert ws.cell(header + i, 2).value == action.achieve
        steps = ws.cell(header + i, 4).value
        assert all(step in steps for step in action.steps)
        sheet = wb[f"Action {i}"]
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        assert action.lead in text and action.purpose in text
        assert fw.action_planning.delivery_plan_title in text
        for point in action.review_points:
            assert point.expected in text


def test_user_text_that_looks_like_a_formula_is_stored_as_text(services, demo_id, tmp_path):
    people = services.participants.list(demo_id)
    for person, name in zip(people, NASTY, strict=False):
        services.participants.update(person.id, {**person.fields().model_dump(), "display_name": name})
    element = services.framework.element_ids()[0]
    services.scores.set_agreed(demo_id, element, rationale="=cmd|' /C calc'!A0")
    action = services.planning.actions(demo_id)[0]
    services.planning.update_action(action.id, achieve="@achieve", lead="=1+2")
    wb = load_workbook(write_workbook(build_report(services, demo_id), tmp_path / "nasty.xlsx"))
    found = {}
    for _sheet, cell in _cells(wb):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            found.setdefault(cell.value, cell)
    for text in [*(n.strip() for n in NASTY), "=cmd|' /C calc'!A0", "@achieve", "=1+2"]:
        assert text in found, text
        assert found[text].data_type == "s"
        assert found[text].quotePrefix


def test_anonymised_workbook_has_no_names_and_merges_small_sectors(services, demo_id, tmp_path):
    people = services.participants.list(demo_id)
    # Make three sectors large enough to keep and leave the rest small.
    sectors = ["NHS"] * 4 + ["Council social care"] * 3 + ["Housing"] + ["Third sector"] * 2 + ["Independent"] * 2
    for person, sector in zip(people, sectors, strict=True):
        services.participants.update(person.id, {**person.fields().model_dump(), "sector": sector})
    people = services.participants.list(demo_id)
    report = build_report(services, demo_id, anonymise=True)
    wb = load_workbook(write_workbook(report, tmp_path / "anon.xlsx"))
    text = _texts(wb)
    ws = wb["Individual scores"]
    grid = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for person in people:
        assert person.display_name not in text, person.display_name
        assert person.organisation not in grid, person.organisation  # organisations may still be named in actions
    header = _row_of(ws, "Participant")
    assert ws.cell(header, 2).value == "Sector"
    sectors = [ws.cell(r, 2).value for r in range(header + 1, header + 1 + len(people))]
    labels = [ws.cell(r, 1).value for r in range(header + 1, header + 1 + len(people))]
    # Listed by label, and the labels are not handed out in the order people were entered.
    assert labels == [f"P{i}" for i in range(1, len(people) + 1)]
    assert labels == [p.label for p in report.people]
    assert sorted(set(sectors)) == sorted(["NHS", "Council social care", OTHER_SECTOR])
    assert sectors.count(OTHER_SECTOR) == 5
    assert "Housing" not in sectors
    assert all(sectors.count(s) >= 3 for s in set(sectors))
    rec = wb["Reconciliation"]
    rec_header = _row_of(rec, "Driver")
    headings = [rec.cell(rec_header, c).value for c in range(1, rec.max_column + 1)]
    assert "Other (mean)" in headings and "Housing (mean)" not in headings


def test_merge_small_sectors_rule():
    sectors = {1: "NHS", 2: "NHS", 3: "NHS", 4: "Council", 5: "Council", 6: "Council", 7: "Council", 8: "Housing"}
    sectors |= {9: "Third", 10: "Third"}
    merged = merge_small_sectors(sectors)
    assert [merged[i] for i in range(1, 11)] == ["NHS"] * 3 + ["Council"] * 4 + [OTHER_SECTOR] * 3
    # 'Other' of fewer than 3 takes in the smallest sector left, so nobody stands out in it.
    lone = merge_small_sectors({1: "NHS", 2: "NHS", 3: "NHS", 4: "Council", 5: "Council", 6: "Council", 7: "Housing"})
    assert [lone[i] for i in range(1, 8)] == ["NHS"] * 3 + [OTHER_SECTOR] * 4


def test_failed_save_leaves_the_previous_file_and_no_partial_file(services, demo_id, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "keep.xlsx"
    target.write_bytes(b"previous export")
    import openpyxl.workbook.workbook as wbmod

    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wbmod.Workbook, "save", broken_save)
    with pytest.raises(ExportError, match="No space left"):
        write_workbook(build_report(services, demo_id), target)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in folder.iterdir()] == ["keep.xlsx"]


def test_missing_folder_is_a_clear_error(services, demo_id, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_workbook(build_report(services, demo_id), tmp_path / "nope" / "x.xlsx")


def test_progress_is_reported(services, demo_id, tmp_path):
    seen = []
    write_workbook(build_report(services, demo_id), tmp_path / "p.xlsx", lambda f, m: seen.append((f, m)))
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) > 5
