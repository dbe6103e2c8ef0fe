"""The series report as an Excel workbook (``series_report.SeriesReport``).

Sheets: Workshops, Driver totals (a total and a level column per workshop), Element levels
(a level per workshop), Actions (every workshop's actions with the next workshop's review).
Values are numbers where they are numbers; user text goes through ``xlsx_cells.put`` and stays text.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from jcs_desktop.exports.common import ExportError, Progress, atomic_target, level_tint, no_progress
from jcs_desktop.exports.series_report import SeriesReport
from jcs_desktop.exports.xlsx_cells import (
    BOLD,
    CENTRE,
    NOTE,
    fit_row,
    header_row,
    print_setup,
    put,
    table_finish,
    title_block,
    widths,
)

WORKSHOPS, DRIVER_TOTALS, ELEMENT_LEVELS, ACTIONS = "Workshops", "Driver totals", "Element levels", "Actions"


def write_series_workbook(report: SeriesReport, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write the series workbook to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    wb = Workbook()
    wb.properties.title = report.title
    wb.properties.subject = report.framework_title
    wb.properties.creator = "JCS Desktop"
    steps = [
        (WORKSHOPS, lambda: _workshops(wb.active, report)),
        (DRIVER_TOTALS, lambda: _drivers(wb.create_sheet(DRIVER_TOTALS), report)),
        (ELEMENT_LEVELS, lambda: _elements(wb.create_sheet(ELEMENT_LEVELS), report)),
        (ACTIONS, lambda: _actions(wb.create_sheet(ACTIONS), report)),
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
    progress(1.0, "Series workbook saved")
    return target


def _workshops(ws, report: SeriesReport) -> None:
    ws.title = WORKSHOPS
    row = title_block(ws, report.title, f"{report.framework_title} · {report.span}")
    header_row(ws, row, ["No.", "Workshop", "Date", "Participants"], height=20)
    header = row
    for i, w in enumerate(report.workshops, start=1):
        row += 1
        put(ws, row, 1, i, align=CENTRE)
        put(ws, row, 2, w.title, font=BOLD)
        put(ws, row, 3, w.date)
        put(ws, row, 4, w.participants, align=CENTRE)
        fit_row(ws, row, [(w.title, 50)])
    last = row
    if report.anonymised:
        put(ws, row + 2, 1, report.anonymisation_notice, font=NOTE, border=False)
    widths(ws, [6, 50, 16, 13])
    table_finish(ws, report.title, header, last, 4, freeze_col=1)


def _drivers(ws, report: SeriesReport) -> None:
    row = title_block(ws, DRIVER_TOTALS, f"{report.title} · {report.span}")
    heads = ["Driver"]
    for w in report.workshops:
        heads += [f"Total {w.label}", f"Level {w.label}"]
    heads += ["Change (points)", *[f"Target level set {w.label}" for w in report.workshops]]
    header_row(ws, row, heads, height=45)
    header = row
    n = len(report.workshops)
    for d in report.drivers:
        row += 1
        put(ws, row, 1, d.title, font=BOLD)
        for i, (total, band) in enumerate(zip(d.totals, d.bands, strict=True)):
            shown = total if total is not None else f"{d.scored[i]} of {d.of} agreed"
            put(ws, row, 2 + 2 * i, shown, align=CENTRE, background=level_tint(band))
            put(ws, row, 3 + 2 * i, report.level_title(band), background=level_tint(band))
        put(ws, row, 2 + 2 * n, d.change, align=CENTRE, number_format="+0;-0;0")
        for i, target in enumerate(d.targets):
            put(ws, row, 3 + 2 * n + i, report.level_title(target), background=level_tint(target))
        fit_row(ws, row, [(d.title, 30)], minimum=18)
    widths(ws, [30, *([10, 24] * n), 11, *([24] * n)])
    table_finish(ws, report.title, header, row, len(heads), freeze_col=2)


def _elements(ws, report: SeriesReport) -> None:
    row = title_block(ws, ELEMENT_LEVELS, f"{report.title} · {report.span}")
    titles = {d.id: d.title for d in report.drivers}
    heads = ["Driver", "Element", *[w.label for w in report.workshops], "Change (levels)"]
    header_row(ws, row, heads, height=30)
    header = row
    for e in report.elements:
        row += 1
        put(ws, row, 1, titles[e.driver_id])
        put(ws, row, 2, e.title, font=BOLD)
        for i, level in enumerate(e.levels):
            put(ws, row, 3 + i, level, align=CENTRE, background=level_tint(level))
        put(ws, row, 3 + len(e.levels), e.change, align=CENTRE, number_format="+0;-0;0")
        fit_row(ws, row, [(e.title, 50), (titles[e.driver_id], 32)])
    widths(ws, [32, 50, *([10] * len(report.workshops)), 11])
    table_finish(ws, report.title, header, row, len(heads), freeze_col=3)


def _actions(ws, report: SeriesReport) -> None:
    row = title_block(ws, ACTIONS, f"{report.title} · {report.span}")
    heads = [
        "Workshop",
        "No.",
        "Action",
        "Drivers and elements",
        "Carried forward from",
        "Reviewed at",
        "Status",
        report.achieved_heading,
        report.learning_heading,
        "Carried forward as",
    ]
    header_row(ws, row, heads, height=30)
    header = row
    for a in report.actions:
        row += 1
        workshop = report.workshops[a.workshop]
        following = report.workshops[a.workshop + 1] if a.workshop + 1 < len(report.workshops) else None
        links = "\n".join(a.links)
        origin = ""
        if a.carried_from is not None:
            origin = f"{report.workshops[a.carried_from[0]].label}, action {a.carried_from[1]}"
        put(ws, row, 1, workshop.title)
        put(ws, row, 2, a.number, align=CENTRE, font=BOLD)
        put(ws, row, 3, a.achieve, font=BOLD)
        put(ws, row, 4, links)
        put(ws, row, 5, origin)
        put(ws, row, 6, following.title if following is not None else "")
        put(ws, row, 7, a.status_text if following is not None else "Not reviewed yet")
        put(ws, row, 8, a.achieved)
        put(ws, row, 9, a.learning)
        carried = f"{following.label}, action {a.carried_to}" if following is not None and a.carried_to else ""
        put(ws, row, 10, carried)
        fit_row(ws, row, [(a.achieve, 36), (links, 30), (a.achieved, 30), (a.learning, 30)], minimum=18)
    widths(ws, [24, 6, 36, 30, 18, 24, 13, 30, 30, 18])
    table_finish(ws, report.title, header, row, len(heads), freeze_col=4)
    print_setup(ws, report.title, header_rows=f"{header}:{header}")


__all__ = ["ACTIONS", "DRIVER_TOTALS", "ELEMENT_LEVELS", "WORKSHOPS", "write_series_workbook"]
