"""A Strategic Commissioning Template worksheet as an Excel workbook: one sheet per step.

Each sheet: the template's title and the worksheet's objective, the step's heading and guidance,
then its questions (number, question, answer; 1.9's parts with their RED/AMBER/GREEN status and
the definitions; the options of 4.1 lettered with their tags; 4.2-4.4 per option) and its tables
(TABLE (3.2), step 5's action tables) with their own column headings. Every value goes through
``xlsx_cells.put``: an answer that starts with ``=`` stays text. The layout is ``strategy_model``'s.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from jcs_desktop.exports.common import ExportError, Progress, atomic_target, no_progress
from jcs_desktop.exports.strategy_model import QuestionView, StepView, TableView, template_view
from jcs_desktop.exports.xlsx_cells import (
    BOLD,
    FAINT,
    NOTE,
    SECTION,
    fit_row,
    header_row,
    print_setup,
    put,
    title_block,
)

_RAG_FILLS = {"green": "C6EFCE", "amber": "FFE699", "red": "F4B6B6"}
_WIDTHS = [9, 48, 60, 14, 22, 22, 22]


def write_template_xlsx(
    template, worksheet, path: str | Path, report_progress: Progress | None = None, *, about: str = ""
) -> Path:
    """Write one worksheet to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    wb = Workbook()
    wb.properties.title = template.title
    wb.properties.creator = "JCS Desktop"
    steps = template_view(template, worksheet)
    subtitle = " · ".join(t for t in (worksheet.objective, about) if t)
    for i, step in enumerate(steps):
        progress(i / (len(steps) + 1), f"Writing step {i + 1}…")
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = f"Step {i + 1}"
        _step(ws, step, template.title, subtitle)
    progress(len(steps) / (len(steps) + 1), "Saving the workbook…")
    target = Path(path)
    with atomic_target(target) as tmp:
        try:
            wb.save(tmp)
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Strategic Commissioning Template saved")
    return target


def _step(ws, step: StepView, title: str, subtitle: str) -> None:
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    row = title_block(ws, title, subtitle)
    put(ws, row, 1, step.heading, font=SECTION, border=False)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 20
    row += 1
    for depth, text in step.prompts:
        put(ws, row, 2, "  " * depth + "• " + text, font=NOTE, border=False)
        row += 1
    row += 1
    header_row(ws, row, ["No.", "Question", "Answer", "Status"])
    row += 1
    for group in step.groups:
        if group.heading:
            put(ws, row, 2, group.heading, font=BOLD, border=False)
            row += 1
        for q in group.questions:
            row = _question(ws, row, q)
    for t in step.tables:
        row = _table(ws, row + 1, t)
    print_setup(ws, f"{title} – {step.heading}")


def _question(ws, row: int, q: QuestionView) -> int:
    put(ws, row, 1, q.number, font=BOLD)
    put(ws, row, 2, q.text, font=BOLD)
    put(ws, row, 3, q.answer)
    put(ws, row, 4, "")
    fit_row(ws, row, [(q.text, _WIDTHS[1]), (q.answer, _WIDTHS[2])])
    row += 1
    for note in q.notes:
        put(ws, row, 2, note, font=NOTE, border=False)
        fit_row(ws, row, [(note, _WIDTHS[1])])
        row += 1
    for part in q.parts:
        put(ws, row, 1, q.number)
        put(ws, row, 2, f"{part.label} {part.text}")
        put(ws, row, 3, part.answer)
        put(ws, row, 4, part.status, background=_RAG_FILLS.get(part.status_id))
        fit_row(ws, row, [(part.answer, _WIDTHS[2])])
        row += 1
    for _id, label, definition in q.statuses:
        put(ws, row, 2, label, font=FAINT, border=False)
        put(ws, row, 3, definition, font=NOTE, border=False)
        row += 1
    if q.options_intro:
        put(ws, row, 2, q.options_intro, font=NOTE, border=False)
        row += 1
    for tag, explanation in q.option_tags:
        put(ws, row, 2, tag, font=FAINT, border=False)
        put(ws, row, 3, explanation, font=NOTE, border=False)
        row += 1
    for option in q.options:
        put(ws, row, 1, option.letter, font=BOLD)
        put(ws, row, 2, option.tag)
        put(ws, row, 3, option.text)
        fit_row(ws, row, [(option.text, _WIDTHS[2])])
        row += 1
    for letter, answer in q.per_option:
        put(ws, row, 1, q.number)
        put(ws, row, 2, f"Option {letter}")
        put(ws, row, 3, answer)
        fit_row(ws, row, [(answer, _WIDTHS[2])])
        row += 1
    for t in q.tables:
        row = _table(ws, row + 1, t)
    return row


def _table(ws, row: int, t: TableView) -> int:
    put(ws, row, 1, t.heading, font=BOLD, border=False)
    row += 1
    header_row(ws, row, list(t.headings))
    row += 1
    for values in t.rows:
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
        fit_row(ws, row, [(v, _WIDTHS[min(i, len(_WIDTHS) - 1)]) for i, v in enumerate(values)])
        row += 1
    return row + 1


__all__ = ["write_template_xlsx"]
