"""Workbook sheets for the detailed assessment (stage 2) and the participants' own notes.

"Detailed assessment": one row per element of each driver the group prioritised, with
the agreed and refined levels, the group's notes, the approaches to change it chose and
the actions they went into. "Participant notes": the notes participants attached to
their scores; never written in an anonymised workbook, since a note may identify its
author. All user text goes through ``put``, so it is never taken for a formula.
"""

from __future__ import annotations

from jcs_desktop.exports.common import level_tint
from jcs_desktop.exports.model import DetailedElement, Report, format_date, score_text
from jcs_desktop.exports.xlsx_cells import (
    BOLD,
    CENTRE,
    FAINT,
    NOTE,
    NOWRAP,
    fit_row,
    header_row,
    print_setup,
    put,
    table_finish,
    title_block,
    widths,
)

DETAILED, PARTICIPANT_NOTES = "Detailed assessment", "Participant notes"
OWN = "(own)"
"""Marks an approach to change the group wrote itself rather than ticked from the workbook."""
NO_PRIORITY = "No driver was prioritised for the detailed assessment."
NO_NOTES = "No participant added a note to a score."

_DETAILED_WIDTHS = [8, 22, 34, 22, 22, 45, 60, 11]


def _subtitle(report: Report) -> str:
    return " · ".join(x for x in (report.title, report.partnership, format_date(report.date)) if x)


def approach_lines(element: DetailedElement) -> str:
    """The element's chosen approaches, one per line: '• text (own) → action 2'."""
    lines = []
    for a in element.approaches:
        line = f"• {a.text}"
        if a.own:
            line += f" {OWN}"
        if a.action_number is not None:
            line += f" → action {a.action_number}"
        lines.append(line)
    return "\n".join(lines)


def detailed_sheet(ws, report: Report) -> None:
    row = title_block(ws, DETAILED, _subtitle(report))
    if not report.detailed:
        put(ws, row, 1, NO_PRIORITY, font=NOTE, border=False, align=NOWRAP)
        widths(ws, _DETAILED_WIDTHS)
        ws.freeze_panes = ws.cell(row=row, column=1)
        print_setup(ws, report.title)
        return
    headings = [
        "Priority",
        "Driver",
        "Element",
        "Agreed level",
        "Refined level",
        "Notes",
        "Approaches chosen",
        "Carried into action",
    ]
    header_row(ws, row, headings, height=30)
    header = row
    for d in report.detailed:
        for e in d.elements:
            row += 1
            put(ws, row, 1, d.number, align=CENTRE, font=BOLD)
            put(ws, row, 2, d.title)
            put(ws, row, 3, e.title, font=BOLD)
            put(ws, row, 4, report.level_title(e.agreed) or "Not agreed", background=level_tint(e.agreed))
            if e.refined is None:
                put(ws, row, 5, "Kept the agreed level", font=FAINT)
            else:
                put(ws, row, 5, report.level_title(e.refined), font=BOLD, background=level_tint(e.refined))
            put(ws, row, 6, e.notes)
            approaches = approach_lines(e)
            put(ws, row, 7, approaches)
            numbers = e.action_numbers
            carried = numbers[0] if len(numbers) == 1 else ", ".join(str(n) for n in numbers)
            put(ws, row, 8, carried, align=CENTRE)
            texts = [(d.title, 22), (e.title, 34), (e.notes, 45), (approaches, 60)]
            fit_row(ws, row, texts, minimum=26)
    explain = (
        "Refined level: the level the group settled on after the detailed assessment. "
        f"{OWN}: an approach to change the group wrote itself. → action N: carried into that action of the plan."
    )
    put(ws, row + 2, 1, explain, font=NOTE, border=False, align=NOWRAP)
    widths(ws, _DETAILED_WIDTHS)
    table_finish(ws, report.title, header, row, len(headings), freeze_col=4)


def participant_notes_sheet(ws, report: Report) -> None:
    """Every note a participant attached to a score, by participant then in the grid's order."""
    row = title_block(ws, PARTICIPANT_NOTES, _subtitle(report))
    headings = ["Participant", "Organisation", "Sector", "Driver", "Element", "Score", "Note"]
    header_row(ws, row, headings, height=30)
    header = row
    titles = {d.id: d.title for d in report.drivers}
    for p in report.people:
        for e in report.elements:
            note = p.notes.get(e.id)
            if not note:
                continue
            row += 1
            value = p.scores.get(e.id)
            level = value if isinstance(value, int) else None
            put(ws, row, 1, p.name, font=BOLD)
            put(ws, row, 2, p.organisation)
            put(ws, row, 3, p.sector)
            put(ws, row, 4, titles[e.driver_id])
            put(ws, row, 5, e.title)
            put(ws, row, 6, level if level else score_text(value), align=CENTRE, background=level_tint(level))
            put(ws, row, 7, note)
            fit_row(ws, row, [(p.organisation, 24), (e.title, 32), (note, 60)])
    if row == header:
        put(ws, row + 1, 1, NO_NOTES, font=NOTE, border=False, align=NOWRAP)
    widths(ws, [24, 24, 18, 22, 32, 7, 60])
    table_finish(ws, report.title, header, row, len(headings), freeze_col=2)
