"""Blank forms, the entry template, and importing filled templates: all or nothing."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.exports.forms import write_blank_forms, write_entry_template
from jcs_desktop.exports.importer import apply_import, preview_import
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.template_spec import META_SHEET, SCORES_SHEET
from jcs_desktop.services import ServiceError

NAMES = ["Zoë Ó Súilleabháin", "Łukasz Wójcik", "Ελένη Παπαδοπούλου"]


@pytest.fixture
def workshop(services):
    """A workshop with three participants and no scores yet."""
    w = services.workshops.create({"title": "Paper scoring day", "partnership": "Eastvale"}).previous
    sectors = ["NHS", "Housing", "Third sector"]
    people = services.participants.add_many(
        w.id, [{"display_name": n, "sector": s} for n, s in zip(NAMES, sectors, strict=True)]
    ).previous
    return w.id, [p.id for p in people]


@pytest.fixture
def template(services, workshop, tmp_path):
    wid, _people = workshop
    return write_entry_template(build_report(services, wid), tmp_path / "template.xlsx")


def _grid(path):
    """(workbook, sheet, {element id: row}, {participant id: column}); columns carry participant UUIDs."""
    wb = load_workbook(path)
    ws = wb[SCORES_SHEET]
    meta = wb[META_SHEET]
    start = next(r for r in range(1, 30) if meta.cell(r, 1).value == "participant_id")
    ids = {meta.cell(r, 3).value: meta.cell(r, 1).value for r in range(start + 1, meta.max_row + 1)}
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    cols = {
        ids.get(ws.cell(header - 1, c).value, ws.cell(header - 1, c).value): c
        for c in range(4, ws.max_column + 1)
        if ws.cell(header - 1, c).value
    }
    return wb, ws, rows, cols


def _pattern(fw, people):
    values = {}
    for i, pid in enumerate(people):
        values[pid] = {eid: (j + i) % fw.level_count + 1 for j, eid in enumerate(fw.element_ids())}
    values[people[1]][fw.element_ids()[3]] = NOT_SURE
    return values


def _fill(path, values, out):
    wb, ws, rows, cols = _grid(path)
    for pid, scores in values.items():
        for eid, value in scores.items():
            ws.cell(rows[eid], cols[pid]).value = "not sure" if value == NOT_SURE else value
    wb.save(out)
    return out


# -- blank forms and template ----------------------------------------------------------------------


def test_blank_forms_one_named_form_per_participant(services, workshop, tmp_path):
    wid, _people = workshop
    path = write_blank_forms(build_report(services, wid), tmp_path / "forms.pdf")
    reader = PdfReader(str(path))
    pages = [p.extract_text() for p in reader.pages]
    fw = services.framework
    for name in NAMES:
        owned = [t for t in pages if t.splitlines()[0].strip() == name or name in t.splitlines()[0]]
        assert owned, name
    text = " ".join("\n".join(pages).split())
    for driver in fw.drivers:
        assert driver.title in text
    assert fw.drivers[0].elements[0].descriptors[0][:40] in text
    assert text.count("☐") >= len(NAMES) * len(fw.element_ids()) * (fw.level_count + 1)
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_blank_forms_without_participants_give_one_unnamed_form(services, tmp_path):
    w = services.workshops.create({"title": "Nobody yet"}).previous
    text = "\n".join(
        p.extract_text()
        for p in PdfReader(str(write_blank_forms(build_report(services, w.id), tmp_path / "f.pdf"))).pages
    )
    assert "Name: ____" in text


def test_template_identifies_workshop_participants_and_elements_by_id(services, workshop, template):
    wid, people = workshop
    wb = load_workbook(template)
    assert wb.sheetnames == [SCORES_SHEET, META_SHEET]
    meta = wb[META_SHEET]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 9)}
    assert values["workshop_id"] == wid and values["version"] == 2
    assert values["workshop_uuid"] == services.workshops.get(wid).uuid
    assert values["framework_id"] == services.framework.id
    _wb, ws, rows, cols = _grid(template)
    assert list(rows) == services.framework.element_ids()
    assert list(cols) == people
    assert ws.protection.sheet
    assert not ws.cell(rows[services.framework.element_ids()[0]], cols[people[0]]).protection.locked
    assert ws.cell(rows[services.framework.element_ids()[0]], 3).protection.locked


# -- round trip ------------------------------------------------------------------------------------


def test_round_trip_template_filled_imported_gives_the_same_scores(services, workshop, template, tmp_path):
    wid, people = workshop
    values = _pattern(services.framework, people)
    filled = _fill(template, values, tmp_path / "filled.xlsx")
    preview = preview_import(services, wid, filled)
    assert preview.problems == ()
    assert preview.count == len(people) * len(services.framework.element_ids())
    assert preview.changes == preview.count and preview.replaced == 0
    result = apply_import(services, preview).previous
    assert result.written == preview.count
    assert services.scores.scores_for_workshop(wid) == values
    # Undo: importing what was there before clears it all again.
    services.scores.import_scores(wid, {pid: dict(v) for pid, v in result.previous.items()})
    assert services.scores.scores_for_workshop(wid) == {pid: {} for pid in people}


def test_reordered_rows_and_columns_still_import_by_id(services, workshop, template, tmp_path):
    wid, people = workshop
    values = _pattern(services.framework, people)
    filled = load_workbook(_fill(template, values, tmp_path / "filled.xlsx"))
    ws = filled[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    # Swap two element rows and two participant columns.
    for c in range(1, ws.max_column + 1):
        a, b = ws.cell(header + 1, c), ws.cell(header + 5, c)
        a.value, b.value = b.value, a.value
    for r in range(header - 1, ws.max_row + 1):
        a, b = ws.cell(r, 4), ws.cell(r, 6)
        a.value, b.value = b.value, a.value
    filled.save(tmp_path / "shuffled.xlsx")
    preview = preview_import(services, wid, tmp_path / "shuffled.xlsx")
    assert preview.problems == ()
    apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == values


def test_blank_cells_leave_existing_scores_alone(services, workshop, template, tmp_path):
    wid, people = workshop
    eid = services.framework.element_ids()[0]
    services.scores.set_score(people[0], eid, 4)
    wb, ws, rows, cols = _grid(template)
    ws.cell(rows[eid], cols[people[1]]).value = 2
    wb.save(tmp_path / "one.xlsx")
    apply_import(services, preview_import(services, wid, tmp_path / "one.xlsx"))
    assert services.scores.get_score(people[0], eid) == 4
    assert services.scores.get_score(people[1], eid) == 2


# -- bad templates: every problem listed, nothing written -----------------------------------------------


def _unknown_participant(ws, rows, cols):
    ws.cell(min(rows.values()) - 2, max(cols.values())).value = "f" * 32


def _extra_column(ws, rows, cols):
    col = max(cols.values()) + 1
    ws.cell(min(rows.values()) - 1, col).value = "Fred Bloggs"
    ws.cell(min(rows.values()), col).value = 2


def _set(value):
    def edit(ws, rows, cols):
        ws.cell(list(rows.values())[2], next(iter(cols.values()))).value = value

    return edit


def _duplicate_element(ws, rows, cols):
    ids = list(rows)
    ws.cell(rows[ids[5]], 1).value = ids[4]


def _missing_element(ws, rows, cols):
    ws.delete_rows(rows[list(rows)[7]])


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_unknown_participant, "unknown participant"),
        (_extra_column, "'Fred Bloggs' has no participant id"),
        (_set(5), "5 is outside 1–4"),
        (_set(-1), "-1 is outside 1–4"),
        (_set("²"), "'²' is not a level"),
        (_set("①"), "'①' is not a level"),
        (_set("٣"), "'٣' is not a level"),
        (_set("9" * 5000), "not a whole level"),
        (_set(True), "'True' is not a level"),
        (_set("x" * 20000), "'xxxxxxxx"),
        (_set("x"), "'x' is not a level 1–4"),
        (_set(2.5), "not a whole level"),
        (_set("=1+1"), "a formula"),
        (_duplicate_element, "duplicate element"),
        (_missing_element, "missing element"),
    ],
)
def test_bad_cells_are_listed_and_nothing_is_written(services, workshop, template, tmp_path, edit, expected):
    wid, people = workshop
    values = _pattern(services.framework, people)
    filled = _fill(template, values, tmp_path / "filled.xlsx")
    wb, ws, rows, cols = _grid(filled)
    edit(ws, rows, cols)
    wb.save(tmp_path / "bad.xlsx")
    before = services.scores.scores_for_workshop(wid)
    preview = preview_import(services, wid, tmp_path / "bad.xlsx")
    assert not preview.ok
    assert any(expected in str(p) for p in preview.problems), preview.problems
    assert all(p.where for p in preview.problems)
    with pytest.raises(ServiceError):
        apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == before


def test_every_problem_is_listed_with_its_cell(services, workshop, template, tmp_path):
    wid, people = workshop
    filled = _fill(template, _pattern(services.framework, people), tmp_path / "filled.xlsx")
    wb, ws, rows, cols = _grid(filled)
    first_row = next(iter(rows.values()))
    col = next(iter(cols.values()))
    ws.cell(first_row, col).value = 5
    ws.cell(first_row + 1, col).value = -3
    ws.cell(first_row + 2, col).value = "x"
    ids = list(rows)
    ws.cell(rows[ids[10]], 1).value = ids[9]  # duplicate (and so element 10 is missing)
    wb.save(tmp_path / "bad.xlsx")
    preview = preview_import(services, wid, tmp_path / "bad.xlsx")
    text = [str(p) for p in preview.problems]
    letter = ws.cell(first_row, col).column_letter
    assert any(t.startswith(f"Scores!{letter}{first_row}:") and "5 is outside" in t for t in text)
    assert any(t.startswith(f"Scores!{letter}{first_row + 1}:") and "-3 is outside" in t for t in text)
    assert any(t.startswith(f"Scores!{letter}{first_row + 2}:") and "'x'" in t for t in text)
    assert any("duplicate element" in t for t in text) and any("missing element" in t for t in text)
    assert len(text) == 5
    assert preview.summary().startswith("5 problems")


def test_template_of_another_workshop_is_refused(services, workshop, tmp_path):
    wid, people = workshop
    other = services.workshops.create({"title": "Another day"}).previous
    services.participants.add(other.id, {"display_name": "Someone"})
    path = write_entry_template(build_report(services, other.id), tmp_path / "other.xlsx")
    wb, ws, rows, cols = _grid(path)
    ws.cell(next(iter(rows.values())), next(iter(cols.values()))).value = 3
    wb.save(path)
    preview = preview_import(services, wid, path)
    assert any("made for workshop 'Another day'" in str(p) for p in preview.problems), preview.problems
    with pytest.raises(ServiceError):
        apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == {pid: {} for pid in people}


def test_files_that_are_not_templates_are_clean_problems(services, workshop, tmp_path):
    wid, people = workshop
    random_xlsx = tmp_path / "random.xlsx"
    Workbook().save(random_xlsx)
    text_file = tmp_path / "notes.xlsx"
    text_file.write_text("this is not a workbook", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<garbage")
    cases = {
        random_xlsx: "not a JCS Desktop score entry template",
        text_file: "not an Excel workbook",
        broken: "not an Excel workbook",
        tmp_path / "missing.xlsx": "does not exist",
    }
    for path, expected in cases.items():
        preview = preview_import(services, wid, path)
        assert len(preview.problems) == 1 and expected in str(preview.problems[0]), (path, preview.problems)
        with pytest.raises(ServiceError):
            apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == {pid: {} for pid in people}


def test_an_empty_template_has_nothing_to_import(services, workshop, template):
    wid, _people = workshop
    preview = preview_import(services, wid, template)
    assert [p.message for p in preview.problems] == ["no scores are filled in: there is nothing to import"]


def test_import_scores_is_one_transaction(services, workshop, demo_id):
    wid, people = workshop
    stranger = services.participants.list(demo_id)[0].id
    eid = services.framework.element_ids()[0]
    with pytest.raises(ServiceError):
        services.scores.import_scores(wid, {people[0]: {eid: 3}, stranger: {eid: 2}})
    assert services.scores.get_score(people[0], eid) is None
    with pytest.raises(ServiceError):
        services.scores.import_scores(wid, {people[0]: {eid: 3}, people[1]: {eid: 7}})
    assert services.scores.get_score(people[0], eid) is None


def test_participant_removed_after_preview_fails_the_whole_import(services, workshop, template, tmp_path):
    wid, people = workshop
    filled = _fill(template, _pattern(services.framework, people), tmp_path / "filled.xlsx")
    preview = preview_import(services, wid, filled)
    assert preview.ok
    services.participants.remove(people[2])
    with pytest.raises(ServiceError):
        apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == {people[0]: {}, people[1]: {}}
