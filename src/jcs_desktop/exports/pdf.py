"""The A4 PDF report partners attach to a board paper.

Cover (workshop, partnership, date, who took part by sector), contents, the final
scores with bands and a radar chart, for a follow-up "Since last time" and when asked
"How we compare" (pdf_series), the elements that divided the room most, the
agreed grid with a chart per driver and the rationales, the detailed assessment of
the priority drivers (pdf_detailed), the action plan (landscape) and the detailed
action sheets with their review points. Headings from the workbook come from the
report model; user text is escaped; DejaVu Sans is embedded.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from jcs_desktop.exports import pdf_charts
from jcs_desktop.exports.common import (
    HEADER_FILL,
    RULE,
    ZEBRA,
    ExportError,
    Progress,
    atomic_target,
    level_colour,
    level_text,
    level_tint,
    no_progress,
)
from jcs_desktop.exports.model import ActionItem, Report, format_date
from jcs_desktop.exports.pdf_base import (
    LANDSCAPE_WIDTH,
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
from jcs_desktop.exports.pdf_detailed import detailed_assessment
from jcs_desktop.exports.pdf_series import how_we_compare, since_last_time
from jcs_desktop.exports.pdf_text import isolate


def write_pdf(report: Report, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write the report to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    progress(0.05, "Preparing fonts…")
    register_fonts()
    st = styles()
    progress(0.15, "Laying out the report…")
    target = Path(path)
    progress(0.5, "Numbering pages and building the contents…")
    with atomic_target(target) as tmp:
        doc = ReportDoc(
            str(tmp),
            header_left=report.title,
            header_right=" · ".join(x for x in (report.partnership, format_date(report.date)) if x),
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
    progress(1.0, "Report saved")
    return target


def _table(rows, widths, *, header_rows: int = 1, extra: list | None = None, zebra: bool = True) -> Table:
    return table(rows, widths, header_rows=header_rows, extra=extra, zebra=zebra)


def _story(report: Report, st) -> list:
    story: list = [NextPageTemplate("body")]
    story += _cover(report, st)
    story += [PageBreak(), heading("Contents", st["h1"], None), contents(st["body"])]
    story += _levels(report, st)
    story.append(PageBreak())
    story += _final_scores(report, st)
    story += since_last_time(report, st)  # only for a workshop that follows another
    story += how_we_compare(report, st)  # only when asked for
    story += _divergence(report, st)
    story += _agreed(report, st)
    # A page of its own when there is something to show; a short note otherwise.
    story += [PageBreak()] if report.detailed else [CondPageBreak(50 * mm), Spacer(1, 8 * mm)]
    story += detailed_assessment(report, st)
    if not report.actions:  # one line under one heading, not two near-empty pages
        return [*story, CondPageBreak(40 * mm), Spacer(1, 8 * mm), *_no_actions(report, st)]
    story += [NextPageTemplate("wide"), PageBreak()]
    story += _action_plan(report, st)
    story += [NextPageTemplate("body"), PageBreak()]
    story += _detailed(report, st)
    return story


def _no_actions(report: Report, st) -> list:
    return [
        heading(report.action_plan_title, st["h1"], 0),
        para(NO_ACTIONS.format(detailed=report.detailed_title.lower()), st["muted"]),
    ]


NO_ACTIONS = "No actions recorded yet, so there are no {detailed} sheets either."
FLAG = "⚑"
FLAG_TINT = "FCEBC8"
"""Amber behind a flagged cell: unlike the level tints it means 'look at this again'."""


# -- cover ------------------------------------------------------------------------------------


def _cover(report: Report, st) -> list:
    out: list = [Spacer(1, 14 * mm), para(report.framework_title, st["cover_kicker"])]
    if report.framework_subtitle:
        out.append(para(report.framework_subtitle, st["muted"]))
    out += [Spacer(1, 6 * mm), para(report.title, st["cover_title"])]
    if report.partnership:
        out.append(para(report.partnership, st["cover_sub"]))
    out.append(Spacer(1, 10 * mm))
    details = [
        ("Date", format_date(report.date)),
        ("Locality", report.locality),
        ("Venue", report.venue),
        ("Facilitator", report.facilitator),
        ("Route", "Individual scores, then reconciled" if report.route == "individual" else "Group consensus"),
        ("Report produced", format_date(report.generated)),
    ]
    rows = [[para(k, st["cellbold"]), para(v, st["body"])] for k, v in details if v]
    out.append(_table(rows, [40 * mm, PORTRAIT_WIDTH - 40 * mm], header_rows=0, zebra=False))
    out += [Spacer(1, 8 * mm), heading("Who took part", st["h2"], None)]
    n = len(report.people)
    sector_rows = [[para(h, st["head"]) for h in ("Sector", "Number", "Participants")]]
    for sector, count in report.sectors:
        names = [
            isolate(f"{p.name} ({p.organisation})" if p.organisation else p.name)
            for p in report.people
            if p.sector == sector
        ]
        sector_rows.append(
            [para(sector, st["cellbold"]), para(str(count), st["cellcentre"]), para("; ".join(names), st["cell"])]
        )
    sector_rows.append([para("Total", st["cellbold"]), para(str(n), st["cellcentre"]), para("", st["cell"])])
    widths = [42 * mm, 16 * mm]
    line = [("LINEABOVE", (0, -1), (-1, -1), 0.8, c(HEADER_FILL))]
    out.append(_table(sector_rows, [*widths, PORTRAIT_WIDTH - sum(widths)], extra=line))
    if report.anonymised:
        out += [
            Spacer(1, 3 * mm),
            para("Anonymised report. " + report.anonymisation_notice, st["muted"]),
        ]
    if report.notes:
        out += [Spacer(1, 6 * mm), heading("Notes", st["h3"], None), para(report.notes, st["body"])]
    return out


def _levels(report: Report, st) -> list:
    """The four levels and their colours, used throughout the report."""
    out: list = [Spacer(1, 10 * mm), heading("The levels", st["h2"], None)]
    level_rows = [
        [para(f"{lv.number}. {lv.name}", st["cellbold"]), para(lv.description, st["small"])] for lv in report.levels
    ]
    extra = [("BACKGROUND", (0, i), (0, i), c(level_tint(i + 1))) for i in range(len(level_rows))]
    extra += [("LINEBEFORE", (0, i), (0, i), 4, c(level_colour(i + 1))) for i in range(len(level_rows))]
    out.append(_table(level_rows, [52 * mm, PORTRAIT_WIDTH - 52 * mm], header_rows=0, zebra=False, extra=extra))
    return out


# -- final scores -------------------------------------------------------------------------------


def _final_scores(report: Report, st) -> list:
    out: list = [heading(report.final_scores_title, st["h1"], 0)]
    k = len(report.levels)
    head = [
        para("Driver", st["head"]),
        para(report.score_heading, st["headcentre"]),
        *[para(f"{lv.number}. {lv.name}", st["headsmall"]) for lv in report.levels],
        para("Level reached", st["head"]),
        para("Mean of individual totals", st["headsmall"]),
    ]
    band_row = [para("", st["head"]), para("", st["head"]), para(report.thresholds_heading, st["headcentre"])]
    band_row += [para("", st["head"])] * (k - 1) + [para("", st["head"]), para("", st["head"])]
    rows = [band_row, head]
    extra: list = [("SPAN", (2, 0), (1 + k, 0)), ("ALIGN", (1, 2), (-1, -1), "CENTER")]
    for r, d in enumerate(report.drivers, start=2):
        total = str(d.total) if d.total is not None else d.total_label
        mean = f"{d.individual_mean:.1f}" if d.individual_mean is not None else "–"
        mean += f"\nfrom {d.individual_n} of {d.individual_of}"  # how many people the mean rests on
        row = [para(d.title, st["cellbold"]), para(total, st["cellcentre"])]
        for i, (lo, hi) in enumerate(d.thresholds, start=1):
            row.append(para(f"{lo}–{hi}", st["bandcentre"] if d.band == i else st["cellcentre"]))
            if d.band == i:
                extra.append(("BACKGROUND", (1 + i, r), (1 + i, r), c(level_colour(i))))
                row[-1] = para(f"{lo}–{hi}", st["bandcentre"], colour=level_text(i))
        row += [para(report.level_name(d.band) or "–", st["cellbold"]), para(mean, st["cellcentre"])]
        extra.append(("BACKGROUND", (2 + k, r), (2 + k, r), c(level_tint(d.band))))
        extra.append(("LINEBEFORE", (2 + k, r), (2 + k, r), 3, c(level_colour(d.band))))
        rows.append(row)
    widths = [36 * mm, 15 * mm, *([18.5 * mm] * k), 27 * mm, 24 * mm]  # the mean says 'from k of n'
    widths[0] = PORTRAIT_WIDTH - sum(widths[1:])
    out.append(_table(rows, widths, header_rows=2, extra=extra))
    out += [
        Spacer(1, 2 * mm),
        para(
            "The coloured threshold is the band each driver's agreed total reaches; a driver with unscored "
            "elements shows how many of its elements are scored.",
            st["muted"],
        ),
        Spacer(1, 5 * mm),
        heading("Driver totals at a glance", st["h2"], 1),
        pdf_charts.radar(report, PORTRAIT_WIDTH),
        para(
            "Each axis runs from 0 at the centre to the highest possible total. The coloured rings are each "
            "driver's own bands, so they are not circles.",
            st["muted"],
        ),
    ]
    targets = report.prioritised()
    out += [CondPageBreak(60 * mm), heading(report.target_heading, st["h2"], 1)]
    if targets:
        rows = [[para(h, st["head"]) for h in ("Priority", "Driver", "Level now", "Target level", "What to change")]]
        extra = []
        for r, d in enumerate(targets, start=1):
            rows.append(
                [
                    para(str(d.priority) if d.priority else "–", st["cellcentre"]),
                    para(d.title, st["cellbold"]),
                    para(report.level_name(d.band) or "–", st["cell"]),
                    para(report.level_name(d.target_level) or "–", st["cell"]),
                    para(d.improvement_target, st["cell"]),
                ]
            )
            extra += [
                ("BACKGROUND", (2, r), (2, r), c(level_tint(d.band))),
                ("BACKGROUND", (3, r), (3, r), c(level_tint(d.target_level))),
            ]
        widths = [15 * mm, 38 * mm, 27 * mm, 27 * mm]
        out.append(_table(rows, [*widths, PORTRAIT_WIDTH - sum(widths)], extra=extra, zebra=False))
    else:
        out.append(para("No improvement targets recorded yet.", st["muted"]))
    return out


# -- divergence ---------------------------------------------------------------------------------


def _divergence(report: Report, st) -> list:
    out: list = [CondPageBreak(110 * mm), Spacer(1, 6 * mm), heading("Where views differed most", st["h1"], 0)]
    top = report.most_divergent()
    if not top:
        return [*out, para("No individual scores were recorded.", st["muted"])]
    out.append(
        para(
            f"Elements whose individual scores were furthest apart (flagged when they span "
            f"{report.divergence_range} or more levels), with the level the group then agreed.",
            st["muted"],
        )
    )
    out += [Spacer(1, 2 * mm), pdf_charts.level_key(report, PORTRAIT_WIDTH), Spacer(1, 2 * mm)]
    titles = {d.id: d.title for d in report.drivers}
    head = ["Element", "n", "Range", "Scores by level", "By sector (mean)", "Agreed"]
    rows = [[para(h, st["head"]) for h in head]]
    extra = []
    for r, e in enumerate(top, start=1):
        sectors = "; ".join(f"{s.sector} {s.mean:.1f}" for s in e.by_sector if s.mean is not None)
        rows.append(
            [
                [para(e.title, st["cellbold"]), para(titles[e.driver_id], st["small"])],
                para(str(e.n), st["cellcentre"]),
                para(f"{e.min}–{e.max}" + (" ⚑" if e.divergent else ""), st["cellcentre"]),
                pdf_charts.distribution(e.counts, len(report.levels)),
                para(sectors, st["small"]),
                para(report.level_name(e.agreed) or "–", st["cell"]),
            ]
        )
        extra.append(("BACKGROUND", (5, r), (5, r), c(level_tint(e.agreed))))
    widths = [None, 9 * mm, 15 * mm, 42 * mm, 42 * mm, 26 * mm]
    widths[0] = PORTRAIT_WIDTH - sum(w for w in widths[1:] if w)
    out.append(_table(rows, widths, extra=extra))
    return out


# -- agreed grid ----------------------------------------------------------------------------------


def _agreed(report: Report, st) -> list:
    out: list = [PageBreak(), heading("The agreed grid", st["h1"], 0)]
    out.append(
        para(
            "For each driver: the level agreed for each element beside the mean of the individual scores, "
            "then the descriptor of the agreed level and the reasons the group gave.",
            st["muted"],
        )
    )
    for d in report.drivers:
        total = str(d.total) if d.total is not None else d.total_label
        band = f" · {report.level_name(d.band)}" if d.band else ""
        out += [
            CondPageBreak(90 * mm),
            heading(d.title, st["h2"], 1),
            para(f"{report.score_heading}: {total}{band}", st["muted"]),
            Spacer(1, 2 * mm),
            pdf_charts.driver_bars(report, d, PORTRAIT_WIDTH),
            Spacer(1, 2 * mm),
        ]
        rows = [[para(h, st["head"]) for h in ("Element", "Agreed level", "Descriptor", "Rationale")]]
        extra = []
        for r, e in enumerate(d.elements, start=1):
            rationale = [para(e.rationale or "–", st["cell"])]
            if e.with_reservations:
                note = f"With reservations: {e.reservation_note}" if e.reservation_note else "With reservations"
                rationale.append(para(note, st["prompt"]))
            rows.append(
                [
                    para(e.title, st["cellbold"]),
                    para(report.level_name(e.agreed) or "Not agreed", st["cell"]),
                    para(e.agreed_descriptor, st["small"]),
                    rationale,
                ]
            )
            extra += [
                ("BACKGROUND", (1, r), (1, r), c(level_tint(e.agreed))),
                ("LINEBEFORE", (1, r), (1, r), 3, c(level_colour(e.agreed))),
            ]
        widths = [42 * mm, 25 * mm, 50 * mm]
        out.append(_table(rows, [*widths, PORTRAIT_WIDTH - sum(widths)], extra=extra, zebra=False))
    return out


# -- action plan --------------------------------------------------------------------------------

_ACTION_WIDTHS = {"achieve": 40, "so_that": 38, "by_doing": 52, "by_when": 20, "involving": 30, "how_critical": 30}


def _aim_heading(report: Report) -> str:
    return next((col.heading for col in report.action_columns if col.key == "achieve"), "the aim")


def action_flags(report: Report, a: ActionItem) -> list[str]:
    """What the action-plan walk-through flags in this row: an empty aim, a date before the report."""
    flags = []
    if not a.achieve.strip():
        flags.append("achieve")
    if a.by_when is not None and a.by_when < report.generated:
        flags.append("by_when")
    return flags


def _action_plan(report: Report, st) -> list:
    out: list = [heading(report.action_plan_title, st["h1"], 0)]
    head = [para("No.", st["headcentre"]), *[para(col.heading, st["head"]) for col in report.action_columns]]
    rows = [head]
    extra: list = []
    flagged = False
    keys = [col.key for col in report.action_columns]
    for r, a in enumerate(report.actions, start=1):
        flags = action_flags(report, a)
        flagged = flagged or bool(flags)
        row = [para(f"{a.number}\n{FLAG}" if flags else str(a.number), st["cellbold"])]
        for col in report.action_columns:
            text = a.value(col.key)
            if col.key in flags:
                text = f"{FLAG} {text}" if text.strip() else f"{FLAG} (empty)"
            row.append(para(text, st["cellbold"] if col.key == "achieve" else st["cell"]))
        rows.append(row)
        for key in flags:
            if key in keys:
                col = keys.index(key) + 1
                extra += [
                    ("BACKGROUND", (col, r), (col, r), c(FLAG_TINT)),
                    ("BACKGROUND", (0, r), (0, r), c(FLAG_TINT)),
                ]
    widths = [9 * mm, *[_ACTION_WIDTHS.get(col.key, 30) * mm for col in report.action_columns]]
    scale = (LANDSCAPE_WIDTH - widths[0]) / sum(widths[1:])
    widths = [widths[0], *[w * scale for w in widths[1:]]]
    out.append(_table(rows, widths, extra=extra))
    if flagged:
        headings = {col.key: col.heading for col in report.action_columns}
        aim, when = headings.get("achieve", "the aim"), headings.get("by_when", "the date")
        key = (
            f"{FLAG} Flagged for the group to look at again: “{aim}” is empty, or “{when}” is before "
            f"the date of this report ({format_date(report.generated)})."
        )
        out += [Spacer(1, 2 * mm), para(key, st["muted"])]
    return out


def _detailed(report: Report, st) -> list:
    out: list = [heading(report.detailed_title, st["h1"], 0)]
    if report.detailed_intro:
        out.append(para(report.detailed_intro, st["muted"]))
    for i, a in enumerate(report.actions):
        if i:
            out.append(PageBreak())
        out += _detailed_sheet(report, a, st)
    return out


def _detailed_sheet(report: Report, a: ActionItem, st) -> list:
    title = a.achieve if a.achieve.strip() else f"{FLAG} (nothing under “{_aim_heading(report)}” yet)"
    out: list = [heading(f"{a.number}. {title}", st["h2"], 1)]
    rows = []
    for field in report.detailed_fields:
        left = [para(field.heading, st["cellbold"])]
        if field.prompt:
            left.append(para(field.prompt, st["prompt"]))
        rows.append([left, para(a.value(field.key) or "–", st["body"])])
    if a.links:
        rows.append([para("Drivers and elements", st["cellbold"]), para("\n".join(a.links), st["cell"])])
    extra = [("BACKGROUND", (0, 0), (0, -1), c(ZEBRA)), ("LINEABOVE", (0, 0), (-1, 0), 0.4, c(RULE))]
    out.append(_table(rows, [55 * mm, PORTRAIT_WIDTH - 55 * mm], header_rows=0, zebra=False, extra=extra))
    out.append(heading(report.delivery_plan_title, st["h3"], None))
    head = [para(col.heading, st["head"]) for col in report.delivery_columns]
    rows = [head]
    for point in a.review_points:
        values = {"expected": point.expected, "achieved": point.achieved, "learning": point.learning}
        row = []
        for i, col in enumerate(report.delivery_columns):
            text = format_date(point.date) if i == 0 else values.get(col.key, "")
            row.append(para(text or "–", st["cellbold"] if i == 0 else st["cell"]))
        rows.append(row)
    if len(rows) == 1:
        return [*out, para("No review points yet.", st["muted"])]
    first = 28 * mm
    rest = (PORTRAIT_WIDTH - first) / max(1, len(report.delivery_columns) - 1)
    out.append(_table(rows, [first, *([rest] * (len(report.delivery_columns) - 1))]))
    return out
