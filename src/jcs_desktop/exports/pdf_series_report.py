"""The series report as an A4 PDF for a partnership board (``series_report.SeriesReport``).

Cover (the partnership, the workshops), contents, the driver totals over the workshops (a table,
then one chart per driver with its own bands), each element's agreed level over the workshops,
and every workshop's actions with the review the next workshop made of them.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from jcs_desktop.exports import pdf_charts
from jcs_desktop.exports.common import (
    ExportError,
    Progress,
    atomic_target,
    level_tint,
    no_progress,
)
from jcs_desktop.exports.model import format_date
from jcs_desktop.exports.pdf_base import (
    PORTRAIT_WIDTH,
    ReportDoc,
    c,
    contents,
    heading,
    para,
    register_fonts,
    styles,
    table,
)
from jcs_desktop.exports.series_report import SeriesReport

DRIVERS_TITLE = "Driver totals over the series"
ELEMENTS_TITLE = "Element levels over the series"
ACTIONS_TITLE = "Actions and their review"


def write_series_pdf(report: SeriesReport, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write the series report to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    progress(0.05, "Preparing fonts…")
    register_fonts()
    st = styles()
    progress(0.3, "Laying out the series report…")
    target = Path(path)
    with atomic_target(target) as tmp:
        doc = ReportDoc(
            str(tmp),
            header_left=report.title,
            header_right=report.span,
            footer_left=report.framework_title + (" · anonymised" if report.anonymised else ""),
            title=report.title,
            author="JCS Desktop",
            subject=report.framework_title,
            creator="JCS Desktop",
        )
        try:
            doc.build_numbered(lambda: _story(report, st))
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Series report saved")
    return target


def _change(value: int | None, unit: str) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "= same"
    n = abs(value)
    return f"{'▲ up' if value > 0 else '▼ down'} {n} {unit}{'s' if n != 1 else ''}"


def _story(report: SeriesReport, st) -> list:
    story: list = [NextPageTemplate("body")]
    story += _cover(report, st)
    story += [PageBreak(), heading("Contents", st["h1"], None), contents(st["body"])]
    story += [PageBreak(), *_drivers(report, st)]
    story += [PageBreak(), *_elements(report, st)]
    story += [PageBreak(), *_actions(report, st)]
    return story


def _cover(report: SeriesReport, st) -> list:
    out: list = [Spacer(1, 14 * mm), para(report.framework_title, st["cover_kicker"])]
    out += [Spacer(1, 6 * mm), para(report.title, st["cover_title"]), para(report.span, st["cover_sub"])]
    out.append(Spacer(1, 10 * mm))
    details = [("Locality", report.locality), ("Report produced", format_date(report.generated))]
    rows = [[para(k, st["cellbold"]), para(v, st["body"])] for k, v in details if v]
    if rows:
        out.append(table(rows, [40 * mm, PORTRAIT_WIDTH - 40 * mm], header_rows=0, zebra=False))
    out += [Spacer(1, 8 * mm), heading("The workshops", st["h2"], None)]
    rows = [[para(h, st["head"]) for h in ("No.", "Workshop", "Date", "Participants")]]
    for i, w in enumerate(report.workshops, start=1):
        rows.append(
            [
                para(str(i), st["cellcentre"]),
                para(w.title, st["cellbold"]),
                para(format_date(w.date) or "–", st["cell"]),
                para(str(w.participants), st["cellcentre"]),
            ]
        )
    widths = [10 * mm, None, 32 * mm, 22 * mm]
    widths[1] = PORTRAIT_WIDTH - sum(w for w in widths if w)
    out.append(table(rows, widths))
    out += [
        Spacer(1, 3 * mm),
        para(
            "Each workshop followed the one before it. Totals and levels are the ones the group agreed; a "
            "driver's total exists once every one of its elements is agreed.",
            st["muted"],
        ),
    ]
    if report.anonymised:
        out += [Spacer(1, 3 * mm), para(report.anonymisation_notice, st["muted"])]
    return out


def _columns(report: SeriesReport, first: float, last: float) -> list[float]:
    n = len(report.workshops)
    rest = (PORTRAIT_WIDTH - first - last) / max(n, 1)
    return [first, *([rest] * n), last]


def _drivers(report: SeriesReport, st) -> list:
    out: list = [heading(DRIVERS_TITLE, st["h1"], 0)]
    out.append(
        para(
            "Each driver's agreed total at each workshop and the level its own bands place it at, with the "
            "change from the first workshop to the last.",
            st["muted"],
        )
    )
    head = [para("Driver", st["head"])]
    head += [para(w.label, st["headcentre"]) for w in report.workshops]
    head.append(para("Change", st["head"]))
    rows = [head]
    extra: list = []
    for r, d in enumerate(report.drivers, start=1):
        row = [para(d.title, st["cellbold"])]
        for i, (total, band) in enumerate(zip(d.totals, d.bands, strict=True), start=1):
            text = f"{total}\n{report.level_name(band)}" if total is not None else f"{d.scored[i - 1]} of {d.of} agreed"
            row.append(para(text, st["cellcentre"]))
            extra.append(("BACKGROUND", (i, r), (i, r), c(level_tint(band))))
        row.append(para(_change(d.change, "point"), st["cellbold"]))
        rows.append(row)
    out.append(table(rows, _columns(report, 40 * mm, 24 * mm), extra=extra, zebra=False))
    out += [PageBreak(), heading("Each driver on its own bands", st["h2"], 1)]
    out.append(
        para(
            "The stripes are the driver's own bands (the number at the right of each is its level); the line joins "
            "the agreed totals, each point coloured by the level it reached.",
            st["muted"],
        )
    )
    gap = 6 * mm
    w = (PORTRAIT_WIDTH - gap) / 2
    charts = [
        pdf_charts.series_line(
            d.title,
            d.thresholds,
            [(ws.label, t, b) for ws, t, b in zip(report.workshops, d.totals, d.bands, strict=True)],
            w,
            58 * mm,
        )
        for d in report.drivers
    ]
    grid = [charts[i : i + 2] + ([""] if len(charts[i : i + 2]) == 1 else []) for i in range(0, len(charts), 2)]
    layout = Table(grid, colWidths=[w + gap / 2, w + gap / 2], hAlign="LEFT")
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    out.append(layout)
    return out


def _elements(report: SeriesReport, st) -> list:
    out: list = [heading(ELEMENTS_TITLE, st["h1"], 0)]
    out.append(para("Each element's agreed level at each workshop (– : not agreed).", st["muted"]))
    for d in report.drivers:
        out += [CondPageBreak(55 * mm), heading(d.title, st["h2"], 1)]
        head = [para("Element", st["head"])]
        head += [para(w.label, st["headcentre"]) for w in report.workshops]
        head.append(para("Change", st["head"]))
        rows = [head]
        extra: list = []
        for r, e in enumerate((e for e in report.elements if e.driver_id == d.id), start=1):
            row = [para(e.title, st["cellbold"])]
            for i, level in enumerate(e.levels, start=1):
                row.append(para(str(level) if level else "–", st["bandcentre"] if level else st["cellcentre"]))
                extra.append(("BACKGROUND", (i, r), (i, r), c(level_tint(level))))
            row.append(para(_change(e.change, "level"), st["cellbold"]))
            rows.append(row)
        out.append(table(rows, _columns(report, 62 * mm, 26 * mm), extra=extra, zebra=False))
    key = "; ".join(f"{lv.number}: {lv.name}" for lv in report.levels)
    out += [Spacer(1, 3 * mm), para(f"Levels: {key}.", st["muted"])]
    return out


def _actions(report: SeriesReport, st) -> list:
    out: list = [heading(ACTIONS_TITLE, st["h1"], 0)]
    out.append(
        para(
            "Each workshop's actions, numbered as in its own action plan, with the review the next workshop made "
            "of them and whether they were carried forward into its plan.",
            st["muted"],
        )
    )
    for i, w in enumerate(report.workshops):
        when = f" ({format_date(w.date)})" if w.date else ""
        out += [CondPageBreak(45 * mm), heading(f"{w.title}{when}", st["h2"], 1)]
        actions = [a for a in report.actions if a.workshop == i]
        if not actions:
            out.append(para("No actions recorded.", st["muted"]))
            continue
        following = report.workshops[i + 1] if i + 1 < len(report.workshops) else None
        if following is None:
            out.append(para("The latest workshop: its actions are for the next workshop to review.", st["muted"]))
        head = ["No.", "Action", "Status", report.achieved_heading, report.learning_heading, "Carried forward"]
        rows = [[para(h, st["head"]) for h in head]]
        for a in actions:
            cell = [para(a.achieve or "–", st["cellbold"])]
            if a.carried_from is not None:
                src_w, src_n = a.carried_from
                cell.append(para(f"Carried forward from {report.workshops[src_w].label}, action {src_n}", st["prompt"]))
            if a.links:
                cell.append(para("\n".join(a.links), st["small"]))
            status = "Not reviewed yet" if following is None else a.status_text
            carried = f"As action {a.carried_to} of {following.label}" if a.carried_to and following else "No"
            rows.append(
                [
                    para(str(a.number), st["cellcentre"]),
                    cell,
                    para(status, st["cellbold"] if a.status else st["prompt"]),
                    para(a.achieved or "–", st["cell"]),
                    para(a.learning or "–", st["cell"]),
                    para(carried if following else "–", st["cell"]),
                ]
            )
        widths = [9 * mm, None, 20 * mm, 34 * mm, 30 * mm, 22 * mm]
        widths[1] = PORTRAIT_WIDTH - sum(x for x in widths if x)
        out.append(table(rows, widths))
    return out


__all__ = ["ACTIONS_TITLE", "DRIVERS_TITLE", "ELEMENTS_TITLE", "write_series_pdf"]
