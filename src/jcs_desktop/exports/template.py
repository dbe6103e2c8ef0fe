"""The Excel entry template: a grid of elements × participants to type scores into.

For the workshop where the laptop is not enough: scores written on paper forms (or by
partners beforehand) are typed in here and imported with ``importer``. Only the entry
cells are unlocked; a very hidden, protected sheet identifies the workshop, the
template version, the participants and the elements by id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from jcs_desktop.exports.common import ZEBRA, ExportError, Progress, atomic_target, no_progress
from jcs_desktop.exports.model import Report, format_date
from jcs_desktop.exports.template_spec import (
    ELEMENT_ID_HEADING,
    FIRST_SCORE_COLUMN,
    MAX_PARTICIPANTS,
    META_SHEET,
    PARTICIPANT_ID_LABEL,
    SCORES_SHEET,
    TEMPLATE_KIND,
    TEMPLATE_VERSION,
)
from jcs_desktop.exports.xlsx_cells import (
    BOLD,
    CENTRE,
    NOTE,
    SUBTITLE,
    TITLE,
    header_row,
    print_setup,
    put,
    widths,
)

ENTRY_FILL = "FFFDF2"
_GREY = Font(name="Calibri", size=8, color="8A96A3")
_ENTRY_ALIGN = Alignment(horizontal="center", vertical="center")


def write_entry_template(report: Report, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write an entry template for ``report``'s workshop and participants; return the path."""
    progress = report_progress or no_progress
    if len(report.people) > MAX_PARTICIPANTS:
        raise ExportError(
            f"An entry template holds at most {MAX_PARTICIPANTS} participants; this workshop has {len(report.people)}."
        )
    progress(0.1, "Writing the entry template…")
    wb = Workbook()
    ws = wb.active
    ws.title = SCORES_SHEET
    _scores_sheet(ws, report)
    _meta_sheet(wb.create_sheet(META_SHEET), report)
    wb.active = 0
    progress(0.7, "Saving the entry template…")
    target = Path(path)
    with atomic_target(target) as tmp:
        try:
            wb.save(tmp)
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Entry template saved")
    return target


def _scores_sheet(ws, report: Report) -> None:
    k = len(report.levels)
    put(ws, 1, 2, f"Scores: {report.title}", font=TITLE, border=False, align=Alignment(vertical="center"))
    ws.row_dimensions[1].height = 24
    sub = " · ".join(x for x in (report.partnership, format_date(report.date), report.framework_title) if x)
    put(ws, 2, 2, sub, font=SUBTITLE, border=False, align=Alignment(vertical="top"))
    put(
        ws,
        3,
        2,
        f"Type a level from 1 to {k} for each person and element. For \"not sure\" type 0, S or 'not sure' "
        "(as in participant mode). Leave a cell blank if it was not scored. Keep the rows and columns as they "
        "are: each is identified by a hidden id, and the file imports only into the workshop it was made for.",
        font=NOTE,
        border=False,
        align=Alignment(vertical="top"),
    )
    key = "   ".join(f"{lv.number} = {lv.name}" for lv in report.levels)
    put(ws, 4, 2, key, font=BOLD, border=False, align=Alignment(vertical="top"))

    id_row, header = 5, 6
    put(ws, id_row, 1, PARTICIPANT_ID_LABEL, font=_GREY)
    header_row(ws, header, [ELEMENT_ID_HEADING, "Driver", "Element", *[p.name for p in report.people]], height=48)
    for i, person in enumerate(report.people):
        put(ws, id_row, FIRST_SCORE_COLUMN + i, person.uuid or person.id, font=_GREY, align=CENTRE)
    last_col = FIRST_SCORE_COLUMN + max(len(report.people), 1) - 1
    row = header
    for d_index, driver in enumerate(report.drivers):
        band = ZEBRA if d_index % 2 else None
        for element in driver.elements:
            row += 1
            put(ws, row, 1, element.id, font=_GREY, background=band)
            put(ws, row, 2, driver.title, background=band)
            put(ws, row, 3, element.title, font=BOLD, background=band)
            for col in range(FIRST_SCORE_COLUMN, FIRST_SCORE_COLUMN + len(report.people)):
                cell = put(ws, row, col, None, align=_ENTRY_ALIGN, background=ENTRY_FILL)
                cell.protection = Protection(locked=False)
            ws.row_dimensions[row].height = 30
    if report.people:
        choices = ",".join([*(str(lv.number) for lv in report.levels), "0", "S", "not sure"])
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Not a level",
            error=f"Type a level from 1 to {k}, or 0, S or 'not sure' for not sure.",
        )
        ws.add_data_validation(validation)
        validation.add(f"{_col(FIRST_SCORE_COLUMN)}{header + 1}:{_col(last_col)}{row}")
    widths(ws, [30, 22, 46, *([14] * len(report.people))])
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[id_row].hidden = True
    ws.freeze_panes = ws.cell(row=header + 1, column=FIRST_SCORE_COLUMN)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns
    ws.protection.formatRows = False
    print_setup(ws, report.title, header_rows=f"{header}:{header}")


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _meta_sheet(ws, report: Report) -> None:
    rows = [
        ("kind", TEMPLATE_KIND),
        ("version", TEMPLATE_VERSION),
        ("workshop_id", report.workshop_id),
        ("workshop_uuid", report.workshop_uuid),
        ("workshop_title", report.title),
        ("workshop_date", report.date.isoformat() if report.date else ""),
        ("framework_id", report.framework_id),
        ("created", dt.datetime.now().replace(microsecond=0).isoformat()),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        put(ws, r, 1, key, border=False)
        put(ws, r, 2, value, border=False)
    start = len(rows) + 2
    put(ws, start, 1, "participant_id", border=False)
    put(ws, start, 2, "name", border=False)
    put(ws, start, 3, "participant_uuid", border=False)
    put(ws, start, 4, "element_id", border=False)
    for i, person in enumerate(report.people, start=start + 1):
        put(ws, i, 1, person.id, border=False)
        put(ws, i, 2, person.name, border=False)
        put(ws, i, 3, person.uuid, border=False)
    for i, element in enumerate(report.elements, start=start + 1):
        put(ws, i, 4, element.id, border=False)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
