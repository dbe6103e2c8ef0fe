"""The Excel workbook partners receive: one sheet per part of the workshop's record.

Sheets: Summary (workshop details, the final-scores table with each driver's bands and
the band reached highlighted, the prioritised improvement targets, a chart of driver
totals), Agreed grid, Individual scores, Participant notes (not when anonymised),
Reconciliation, Detailed assessment (xlsx_detailed), Action plan, and one sheet per
detailed action sheet. Every heading from the workbook comes from the report model
(and so from the Framework). No formulas are written: values are computed here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jcs_desktop.exports.common import (
    ExportError,
    Progress,
    atomic_target,
    level_colour,
    level_text,
    level_tint,
    no_progress,
)
from jcs_desktop.exports.model import Report, format_date, score_text
from jcs_desktop.exports.xlsx_cells import (
    BODY,
    BOLD,
    CENTRE,
    FAINT,
    GRID,
    NOTE,
    NOWRAP,
    SECTION,
    SUBTITLE,
    SUBTITLE_BOLD,
    TITLE,
    WRAP_TOP,
    fit_row,
    header_row,
    merge,
    print_setup,
    put,
    table_finish,
    title_block,
    widths,
)
from jcs_desktop.exports.xlsx_detailed import DETAILED, PARTICIPANT_NOTES, detailed_sheet, participant_notes_sheet
from jcs_desktop.exports.xlsx_series import COMPARE_SHEET, SINCE_SHEET, compare_sheet, since_sheet

LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT_TOP = Alignment(horizontal="right", vertical="top")


@functools.cache
def _band_font(level: int) -> Font:
    """The bold font of a reached band, in its level's text colour (one object per level: cells share its style)."""
    return Font(name=BOLD.name, size=BOLD.size, bold=True, color=level_text(level))


SUMMARY, AGREED_GRID, INDIVIDUAL, RECONCILIATION, ACTION_PLAN = (
    "Summary",
    "Agreed grid",
    "Individual scores",
    "Reconciliation",
    "Action plan",
)


def action_sheet_name(number: int) -> str:
    return f"Action {number}"


def write_workbook(report: Report, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write the workshop's workbook to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    wb = Workbook()
    wb.properties.title = report.title
    wb.properties.subject = report.framework_title
    wb.properties.creator = "JCS Desktop"
    steps = [
        ("Summary", lambda: _summary(wb.active, report)),
    ]
    if report.since_last_time is not None:  # only for a workshop that follows another
        steps.append((SINCE_SHEET, lambda: since_sheet(wb.create_sheet(SINCE_SHEET), report)))
    if report.comparison is not None:  # only when asked for
        steps.append((COMPARE_SHEET, lambda: compare_sheet(wb.create_sheet(COMPARE_SHEET), report)))
    steps += [
        ("Agreed grid", lambda: _agreed_grid(wb.create_sheet(AGREED_GRID), report)),
        ("Individual scores", lambda: _individual(wb.create_sheet(INDIVIDUAL), report)),
    ]
    if not report.anonymised:  # a note may identify its author
        steps.append((PARTICIPANT_NOTES, lambda: participant_notes_sheet(wb.create_sheet(PARTICIPANT_NOTES), report)))
    steps += [
        ("Reconciliation", lambda: _reconciliation(wb.create_sheet(RECONCILIATION), report)),
        (DETAILED, lambda: detailed_sheet(wb.create_sheet(DETAILED), report)),
        ("Action plan", lambda: _action_plan(wb.create_sheet(ACTION_PLAN), report)),
    ]
    steps += [
        (f"Action {a.number}", lambda a=a: _action_sheet(wb.create_sheet(action_sheet_name(a.number)), report, a))
        for a in report.actions
    ]
    for i, (name, build) in enumerate(steps):
        progress(i / (len(steps) + 1), f"Writing {name}…")
        build()
    progress(len(steps) / (len(steps) + 1), "Saving the workbook…")
    target = Path(path)
    with atomic_target(target) as tmp:
        try:
            wb.save(tmp)
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Workbook saved")
    return target


def _title_block(ws, report: Report, heading: str) -> int:
    sub = " · ".join(x for x in (report.title, report.partnership, format_date(report.date)) if x)
    return title_block(ws, heading, sub)


# -- Summary ------------------------------------------------------------------------------


def _summary(ws, report: Report) -> None:
    ws.title = SUMMARY
    ws.sheet_view.showGridLines = False
    put(ws, 1, 1, report.title, font=TITLE, border=False, align=NOWRAP)
    put(ws, 2, 1, report.framework_title, font=SUBTITLE, border=False, align=WRAP_TOP)
    ws.row_dimensions[1].height = 24
    people = len(report.people)
    by_sector = "; ".join(f"{s}: {n}" for s, n in report.sectors)
    details = [
        ("Partnership", report.partnership),
        ("Locality", report.locality),
        ("Date", report.date),
        ("Venue", report.venue),
        ("Facilitator", report.facilitator),
        (
            "Who took part",
            f"{people} participant{'s' if people != 1 else ''}" + (f": {by_sector}" if by_sector else ""),
        ),
        ("Anonymised", f"Yes. {report.anonymisation_notice}" if report.anonymised else "No"),
        ("Exported", report.generated),
    ]
    row = 4
    for label, value in details:
        if value in ("", None):
            continue
        put(ws, row, 1, label, font=BOLD, border=False)
        put(ws, row, 2, value, border=False, align=LEFT)
        merge(ws, row, 2, row, 9)
        row += 1

    row += 1
    put(ws, row, 1, report.final_scores_title, font=SECTION, border=False)
    row += 1
    k = len(report.levels)
    band_col = 3 + k
    put(ws, row, 3, report.thresholds_heading, font=BOLD, align=CENTRE)
    merge(ws, row, 3, row, 2 + k)
    row += 1
    headings = [
        "Driver",
        report.score_heading,
        *[f"{lv.number}. {lv.name}" for lv in report.levels],
        "Level reached",
        "Mean of individual totals",
        "Priority",
        report.target_heading,
    ]
    header_row(ws, row, headings, height=45)
    header = row
    first = row + 1
    for d in report.drivers:
        row += 1
        put(ws, row, 1, d.title, font=BOLD)
        put(ws, row, 2, d.total if d.total is not None else d.total_label, align=CENTRE, background=level_tint(d.band))
        for i, (lo, hi) in enumerate(d.thresholds, start=1):
            reached = d.band == i
            put(
                ws,
                row,
                2 + i,
                f"{lo}–{hi}",
                align=CENTRE,
                font=_band_font(i) if reached else FAINT,
                background=level_colour(i) if reached else None,
            )
        put(ws, row, band_col, report.level_name(d.band), font=BOLD, background=level_tint(d.band))
        basis = f'" from {d.individual_n} of {d.individual_of}"'  # the number stays a number
        put(ws, row, band_col + 1, d.individual_mean, number_format=f"0.0{basis}", align=CENTRE)
        put(ws, row, band_col + 2, d.priority, align=CENTRE)
        put(ws, row, band_col + 3, d.improvement_target)
        fit_row(ws, row, [(d.improvement_target, 48), (d.title, 28)], minimum=30)
    last = row
    widths(ws, [30, 14, *([14] * k), 22, 19, 9, 48])  # the mean with 'from k of n'
    note = "The highlighted threshold is the level each driver's agreed total reaches."
    put(ws, row + 1, 1, note, font=NOTE, border=False)

    row += 3
    put(ws, row, 1, report.target_heading, font=SECTION, border=False, align=WRAP_TOP)
    merge(ws, row, 1, row, band_col + 3)
    row += 1
    header_row(ws, row, ["Priority", "Driver", "Level now", "Target level", "What to change"], height=30)
    merge(ws, row, 5, row, band_col + 3)
    targets = report.prioritised()
    for d in targets:
        row += 1
        put(ws, row, 1, d.priority, align=CENTRE)
        put(ws, row, 2, d.title, font=BOLD)
        put(ws, row, 3, report.level_name(d.band), background=level_tint(d.band))
        put(ws, row, 4, report.level_name(d.target_level), background=level_tint(d.target_level))
        put(ws, row, 5, d.improvement_target)
        merge(ws, row, 5, row, band_col + 3)
        levels = [(report.level_name(d.band), 14), (report.level_name(d.target_level), 14)]
        fit_row(ws, row, [(d.improvement_target, 90), (d.title, 14), *levels], minimum=20)
    if not targets:
        row += 1
        put(ws, row, 1, "No improvement targets recorded yet.", font=NOTE, border=False)

    _driver_chart(ws, report, first, last, row + 2)
    ws.freeze_panes = ws.cell(row=3, column=1)
    print_setup(ws, report.title, header_rows=None)
    ws.page_setup.fitToHeight = 1  # the overview: one page, chart included
    ws.print_area = f"A1:{get_column_letter(band_col + 3)}{row + 20}"
    _ = header


def _driver_chart(ws, report: Report, first: int, last: int, anchor_row: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = report.score_heading
    chart.y_axis.title = None
    chart.y_axis.scaling.min = 0
    highest = max((hi for d in report.drivers for _lo, hi in d.thresholds), default=20)
    chart.y_axis.scaling.max = highest
    chart.y_axis.majorUnit = 5
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first driver at the top, as in the table
    chart.legend = None
    data = Reference(ws, min_col=2, min_row=first, max_row=last)
    cats = Reference(ws, min_col=1, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(cats)
    series = chart.series[0]
    series.graphicalProperties = GraphicalProperties(solidFill="243B53")
    for i, d in enumerate(report.drivers):
        point = DataPoint(idx=i)
        point.graphicalProperties = GraphicalProperties(solidFill=level_colour(d.band))
        series.dPt.append(point)
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    series.dLbls.showCatName = False
    series.dLbls.showSerName = False
    series.dLbls.showLegendKey = False
    series.dLbls.showPercent = False
    chart.height = 8.5
    chart.width = 22
    ws.add_chart(chart, f"A{anchor_row}")


# -- Agreed grid ---------------------------------------------------------------------------


def _agreed_grid(ws, report: Report) -> None:
    row = _title_block(ws, report, "Agreed scores")
    headings = ["Driver", "Element", "Agreed level", "Level", "Descriptor", "Rationale", "Reservations"]
    headings.append("Reservation note")
    header_row(ws, row, headings, height=30)
    header = row
    for d in report.drivers:
        for e in d.elements:
            row += 1
            put(ws, row, 1, d.title)
            put(ws, row, 2, e.title, font=BOLD)
            put(ws, row, 3, e.agreed, align=CENTRE, background=level_tint(e.agreed))
            put(ws, row, 4, report.level_name(e.agreed), background=level_tint(e.agreed))
            put(ws, row, 5, e.agreed_descriptor)
            put(ws, row, 6, e.rationale)
            put(ws, row, 7, e.with_reservations if e.agreed else "", align=CENTRE)
            put(ws, row, 8, e.reservation_note)
            fit_row(ws, row, [(e.title, 30), (e.agreed_descriptor, 40), (e.rationale, 45), (e.reservation_note, 30)])
    widths(ws, [22, 30, 9, 18, 40, 45, 13, 30])
    _table_finish(ws, report, header, row, len(headings), freeze_col=3)


def _table_finish(ws, report: Report, header: int, last: int, columns: int, *, freeze_col: int = 1) -> None:
    table_finish(ws, report.title, header, last, columns, freeze_col=freeze_col)


# -- Individual scores -------------------------------------------------------------------


def element_codes(report: Report) -> dict[str, str]:
    """element id -> its short code in the Individual scores sheet: '2.3' is driver 2, element 3."""
    return {e.id: f"{d}.{i}" for d, driver in enumerate(report.drivers, 1) for i, e in enumerate(driver.elements, 1)}


NOT_SURE_MARK = "?"
"""'not sure' in the narrow score columns of Individual scores (the key says so)."""


def _individual(ws, report: Report) -> None:
    row = _title_block(ws, report, "Individual scores" + (" (anonymised)" if report.anonymised else ""))
    fixed = ["Participant", "Sector"] if report.anonymised else ["Participant", "Organisation", "Sector"]
    start = len(fixed) + 1
    codes = element_codes(report)
    # Row 1 of the header: driver titles across their elements; row 2: short element codes, with a
    # key below the table. Turned full titles were cut off and made the sheet print tiny.
    col = start
    for n, d in enumerate(report.drivers, 1):
        put(ws, row, col, f"{n}. {d.title}", font=BOLD, align=CENTRE)
        merge(ws, row, col, row, col + len(d.elements) - 1)
        col += len(d.elements)
    put(ws, row, col, "Driver totals", font=BOLD, align=CENTRE)
    merge(ws, row, col, row, col + len(report.drivers) - 1)
    ws.row_dimensions[row].height = 42
    row += 1
    header = row
    totals = [f"T{n}" for n in range(1, len(report.drivers) + 1)]
    header_row(ws, row, [*fixed, *[codes[e.id] for e in report.elements], *totals], height=20)
    for e in report.elements:
        ws.cell(row=row, column=start + list(codes).index(e.id)).comment = Comment(e.title, "JCS Desktop")
    for p in report.people:
        row += 1
        put(ws, row, 1, p.name, font=BOLD)
        if not report.anonymised:
            put(ws, row, 2, p.organisation)
        put(ws, row, start - 1, p.sector)
        col = start
        for e in report.elements:
            value = p.scores.get(e.id)
            level = value if isinstance(value, int) else None
            shown = level if level else (NOT_SURE_MARK if score_text(value) else None)
            put(ws, row, col, shown, align=CENTRE, background=level_tint(level))
            col += 1
        for d in report.drivers:
            levels = [p.scores.get(e.id) for e in d.elements]
            total = sum(v for v in levels if isinstance(v, int)) if all(isinstance(v, int) for v in levels) else None
            put(ws, row, col, total, align=CENTRE, font=BOLD)
            col += 1
        fit_row(ws, row, [(p.name, 22), (p.organisation if not report.anonymised else "", 24)])
    last = row
    columns = start - 1 + len(report.elements) + len(report.drivers)
    widths(ws, [22, 24, 16] if not report.anonymised else [14, 18])
    for c in range(start, columns + 1):
        ws.column_dimensions[get_column_letter(c)].width = 5.5
    row += 2
    note = (
        f"Blank: not scored. {NOT_SURE_MARK}: 'not sure', recorded but not a score. "
        f"T1–T{len(report.drivers)}: driver totals."
    )
    # The note and the key stay within the name columns, which print on every page across.
    key_width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(2, start))

    def key_line(r: int, code: str, text: str, font) -> None:
        put(ws, r, 1, code, font=BOLD, border=False, align=RIGHT_TOP)
        put(ws, r, 2, text, font=font, border=False, align=WRAP_TOP)
        if start > 3:
            merge(ws, r, 2, r, start - 1)
        fit_row(ws, r, [(text, key_width)])

    put(ws, row, 1, note, font=NOTE, border=False, align=WRAP_TOP)
    merge(ws, row, 1, row, start - 1)
    fit_row(ws, row, [(note, key_width + 20)])
    row += 2
    put(ws, row, 1, "Key", font=SECTION, border=False, align=NOWRAP)
    for n, d in enumerate(report.drivers, 1):
        row += 1
        put(ws, row, 1, f"{n}. {d.title}", font=BOLD, border=False, align=NOWRAP)
        for e in d.elements:
            row += 1
            key_line(row, codes[e.id], e.title, BODY)
        row += 1
        key_line(row, f"T{n}", f"Driver total: {n}.1 to {n}.{len(d.elements)} added up", FAINT)
    table_finish(ws, report.title, header, last, columns, freeze_col=start)
    print_setup(ws, report.title, header_rows=f"{header - 1}:{header}")
    # Too wide for one readable page: two pages across, the names repeated on each.
    ws.print_title_cols = f"A:{get_column_letter(start - 1)}"
    ws.page_setup.fitToWidth = 2


# -- Reconciliation ------------------------------------------------------------------------


def _reconciliation(ws, report: Report) -> None:
    row = _title_block(ws, report, "Reconciliation record")
    sectors = [s for s, _n in report.sectors]
    headings = [
        "Driver",
        "Element",
        "n",
        "Mean",
        "Median",
        "Lowest",
        "Highest",
        "Range",
        "Std dev",
        "Not sure",
        "Divergent",
        *[f"Level {lv.number}: {lv.name}" for lv in report.levels],
        *[f"{s} (mean)" for s in sectors],
        "Agreed level",
        "Agreed",
        "Reservations",
        "Reservation note",
    ]
    header_row(ws, row, headings, height=60)
    header = row
    for d in report.drivers:
        for e in d.elements:
            row += 1
            by_sector = {s.sector: s for s in e.by_sector}
            values = [
                d.title,
                e.title,
                e.n,
                e.mean,
                e.median,
                e.min,
                e.max,
                e.range,
                e.stdev,
                e.not_sure,
                e.divergent,
                *[e.counts.get(lv.number, 0) for lv in report.levels],
                *[by_sector[s].mean if s in by_sector else None for s in sectors],
                e.agreed,
                report.level_name(e.agreed),
                e.with_reservations if e.agreed else "",
                e.reservation_note,
            ]
            for c, value in enumerate(values, start=1):
                fmt = "0.00" if c == 9 else "0.0" if isinstance(value, float) else None
                background = None
                if c == 11 and e.divergent:
                    background = level_tint(1)
                elif c in (len(values) - 3, len(values) - 2):
                    background = level_tint(e.agreed)
                centred = 3 <= c <= len(values) - 3
                font = BOLD if c == 2 else BODY
                align = CENTRE if centred else WRAP_TOP
                put(ws, row, c, value, number_format=fmt, font=font, background=background, align=align)
            fit_row(ws, row, [(e.title, 30), (e.reservation_note, 30)])
    widths(ws, [22, 30, *([7] * 9), *([9] * len(report.levels)), *([10] * len(sectors)), 8, 18, 12, 30])
    _table_finish(ws, report, header, row, len(headings), freeze_col=3)


# -- Action plan ----------------------------------------------------------------------------


_ACTION_WIDTHS = {"achieve": 32, "so_that": 30, "by_doing": 44, "by_when": 13, "involving": 24, "how_critical": 24}


def _action_plan(ws, report: Report) -> None:
    row = _title_block(ws, report, report.action_plan_title)
    headings = ["No.", *[c.heading for c in report.action_columns], "Drivers and elements"]
    header_row(ws, row, headings, height=30)
    header = row
    for a in report.actions:
        row += 1
        put(ws, row, 1, a.number, align=CENTRE, font=BOLD)
        texts = []
        for c, column in enumerate(report.action_columns, start=2):
            value = a.by_when if column.key == "by_when" else a.value(column.key)
            put(ws, row, c, value, font=BOLD if column.key == "achieve" else BODY)
            texts.append((a.value(column.key), _ACTION_WIDTHS.get(column.key, 26)))
        put(ws, row, len(headings), "\n".join(a.links))
        texts.append(("\n".join(a.links), 30))
        fit_row(ws, row, texts, minimum=30)
    if not report.actions:  # across the whole table: the "No." column is too narrow for it
        put(ws, row + 1, 1, "No actions recorded yet.", font=NOTE, border=False, align=NOWRAP)
        merge(ws, row + 1, 1, row + 1, len(headings))
    widths(ws, [5, *[_ACTION_WIDTHS.get(c.key, 26) for c in report.action_columns], 30])
    _table_finish(ws, report, header, row, len(headings), freeze_col=3)


def _action_sheet(ws, report: Report, action) -> None:
    ws.sheet_view.showGridLines = False
    put(ws, 1, 1, f"{report.detailed_title}: {action.number}", font=TITLE, border=False, align=NOWRAP)
    put(ws, 2, 1, action.achieve, font=SUBTITLE_BOLD, border=False, align=WRAP_TOP)
    merge(ws, 2, 1, 2, 4)  # A2:D2
    fit_row(ws, 2, [(action.achieve, 140)], minimum=20, line=16)
    row = 4
    for field in report.detailed_fields:
        value = action.value(field.key)
        put(ws, row, 1, field.heading, font=BOLD)
        put(ws, row, 2, value)
        merge(ws, row, 2, row + 1, 4)
        put(ws, row + 1, 1, field.prompt, font=NOTE)
        for c in (2, 3, 4):
            ws.cell(row=row + 1, column=c).border = GRID
        fit_row(ws, row, [(field.heading, 28)], minimum=18)
        fit_row(ws, row + 1, [(field.prompt, 28), (value, 110)], minimum=30)
        row += 2
    if action.links:
        put(ws, row, 1, "Drivers and elements", font=BOLD)
        put(ws, row, 2, "\n".join(action.links))
        merge(ws, row, 2, row, 4)
        fit_row(ws, row, [("\n".join(action.links), 110)])
        row += 1
    row += 1
    put(ws, row, 1, report.delivery_plan_title, font=SECTION, border=False)
    row += 1
    header_row(ws, row, [c.heading for c in report.delivery_columns], height=30)
    header = row
    for point in action.review_points:
        row += 1
        values = {"expected": point.expected, "achieved": point.achieved, "learning": point.learning}
        for c, column in enumerate(report.delivery_columns, start=1):
            value = point.date if c == 1 else values.get(column.key, "")
            put(ws, row, c, value)
        fit_row(ws, row, [(point.expected, 45), (point.achieved, 45), (point.learning, 45)], minimum=30)
    if not action.review_points:
        row += 1
        put(ws, row, 1, "No review points yet.", font=NOTE, border=False)
    widths(ws, [28, 45, 45, 45])
    ws.freeze_panes = "A3"
    print_setup(ws, report.title, header_rows="1:2")
    _ = header
