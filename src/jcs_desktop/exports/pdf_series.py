"""The report's sections about the series: "Since last time" and "How we compare".

"Since last time" (only when the workshop follows an earlier one): each driver's agreed total and
band then and now with the change and the target set last time, the bands drawn per driver,
last time's actions as reviewed here, and the elements those actions addressed beside their change.
"How we compare" (only when asked for): the group's figures, or the reason where none is shown.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from jcs_desktop.exports import pdf_charts
from jcs_desktop.exports.common import level_colour, level_tint
from jcs_desktop.exports.model import Report, format_date
from jcs_desktop.exports.model_series import sector_total_reason
from jcs_desktop.exports.pdf_base import PORTRAIT_WIDTH, c, heading, para, table

SINCE_TITLE = "Since last time"
COMPARE_TITLE = "How we compare"
ARROWS = {"up": "▲", "down": "▼", "same": "="}


def number(value: float | None) -> str:
    """15, 14.5, or '–'."""
    if value is None:
        return "–"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def total_text(report: Report, total: int | None, band: int | None, scored: int, of: int) -> str:
    if total is None:
        return f"{scored} of {of} agreed"
    return f"{total}\n{report.level_title(band)}"


def target_text(report: Report, p) -> str:
    if p.target_level is None:
        return "No target set"
    name = report.level_title(p.target_level)
    if p.target_met is None:
        return f"{name}: not judged yet"
    return f"{name}: {'met' if p.target_met else 'not met'}"


def change_text(p) -> str:
    return f"{ARROWS[p.direction]} {p.change_text()}" if p.direction else "–"


def delivery_heading(report: Report, key: str, default: str) -> str:
    return next((col.heading for col in report.delivery_columns if col.key == key), default)


def since_last_time(report: Report, st) -> list:
    since = report.since_last_time
    if since is None:
        return []
    when = f" ({format_date(since.date)})" if since.date else ""
    out: list = [
        PageBreak(),
        heading(SINCE_TITLE, st["h1"], 0),
        para(
            f"Since the previous workshop of the series: {since.title}{when}. Agreed totals only; a change "
            "and a target are judged once both workshops have agreed every element of the driver.",
            st["muted"],
        ),
        Spacer(1, 2 * mm),
    ]
    titles = {d.id: d.title for d in report.drivers}
    head = ["Driver", "Last time", "This time", "Change", "Target set last time"]
    rows = [[para(h, st["head"]) for h in head]]
    extra: list = []
    for r, p in enumerate(since.drivers, start=1):
        rows.append(
            [
                para(titles.get(p.driver_id, p.driver_id), st["cellbold"]),
                para(total_text(report, p.before.total, p.before_band, p.before.scored, p.before.of), st["cell"]),
                para(total_text(report, p.now.total, p.now_band, p.now.scored, p.now.of), st["cell"]),
                para(change_text(p), st["cellbold"]),
                para(target_text(report, p), st["cell"]),
            ]
        )
        extra += [
            ("BACKGROUND", (1, r), (1, r), c(level_tint(p.before_band))),
            ("BACKGROUND", (2, r), (2, r), c(level_tint(p.now_band))),
            ("LINEBEFORE", (2, r), (2, r), 3, c(level_colour(p.now_band))),
        ]
    widths = [None, 34 * mm, 34 * mm, 25 * mm, 40 * mm]
    widths[0] = PORTRAIT_WIDTH - sum(w for w in widths[1:] if w)
    out.append(table(rows, widths, extra=extra, zebra=False))
    out += [Spacer(1, 4 * mm), pdf_charts.progress_strips(report, PORTRAIT_WIDTH)]

    out += [CondPageBreak(45 * mm), heading("Actions reviewed", st["h2"], 1)]
    if not since.actions:
        out.append(para("The previous workshop recorded no actions.", st["muted"]))
    else:
        out.append(
            para(
                "Last time's actions (numbered as in last time's action plan), as this workshop reviewed them.",
                st["muted"],
            )
        )
        achieved = delivery_heading(report, "achieved", "Achieved")
        learning = delivery_heading(report, "learning", "Learning")
        head = ["No.", "Action", "Status", achieved, learning, "Carried forward"]
        rows = [[para(h, st["head"]) for h in head]]
        for a in since.actions:
            action = [para(a.achieve or "–", st["cellbold"])]
            if a.links:
                action.append(para("\n".join(a.links), st["small"]))
            rows.append(
                [
                    para(str(a.number), st["cellcentre"]),
                    action,
                    para(a.status_text, st["cellbold"] if a.status else st["prompt"]),
                    para(a.achieved or "–", st["cell"]),
                    para(a.learning or "–", st["cell"]),
                    para(a.carried_text, st["cell"]),
                ]
            )
        widths = [9 * mm, None, 20 * mm, 34 * mm, 34 * mm, 20 * mm]
        widths[1] = PORTRAIT_WIDTH - sum(w for w in widths if w)
        out.append(table(rows, widths))

    out += [CondPageBreak(40 * mm), heading("Did our actions move it?", st["h2"], 1)]
    if not since.moved:
        nothing = "Last time's actions were not linked to any element." if since.actions else "No actions last time."
        out.append(para(nothing, st["muted"]))
        return out
    out.append(
        para(
            "Each element last time's actions were linked to: its agreed level then and now, beside those "
            "actions (numbered as above) and how far they got.",
            st["muted"],
        )
    )
    head = ["Element", "Last time", "This time", "Change", "Actions (status)"]
    rows = [[para(h, st["head"]) for h in head]]
    extra = []
    for r, m in enumerate(since.moved, start=1):
        first = [para(m.title, st["cellbold"]), para(m.driver_title, st["small"])]
        before = report.level_title(m.before) or "Not agreed"
        now = report.level_title(m.now) or "Not agreed"
        bands = (m.before, m.now)
        arrow = f"{ARROWS[m.direction]} " if m.direction else ""
        rows.append(
            [
                first,
                para(before, st["cell"]),
                para(now, st["cell"]),
                para(arrow + m.change_text(), st["cellbold"]),
                para("\n".join(f"{n}: {t}" for n, t in _statuses(m)), st["cell"]),
            ]
        )
        extra += [
            ("BACKGROUND", (1, r), (1, r), c(level_tint(bands[0]))),
            ("BACKGROUND", (2, r), (2, r), c(level_tint(bands[1]))),
        ]
    widths = [None, 30 * mm, 30 * mm, 22 * mm, 34 * mm]
    widths[0] = PORTRAIT_WIDTH - sum(w for w in widths[1:] if w)
    out.append(table(rows, widths, extra=extra, zebra=False))
    return out


def _statuses(m):
    from jcs_desktop.exports.model_series import status_text

    return [(n, status_text(s)) for n, s in m.actions]


# -- how we compare -----------------------------------------------------------------------------


def how_we_compare(report: Report, st) -> list:
    comparison = report.comparison
    if comparison is None:
        return []
    n = comparison.group
    out: list = [
        PageBreak(),
        heading(COMPARE_TITLE, st["h1"], 0),
        para(
            f"This partnership beside the latest workshop of each other partnership on this computer that uses "
            f"the same workbook: {n} workshop{'s' if n != 1 else ''} in all, this one included (workshops kept "
            f"out of benchmarking are not counted). No figure is shown from fewer than "
            f"{comparison.min_workshops} workshops, nor for a sector of fewer than {comparison.min_people} people; "
            "the reason is given instead.",
            st["muted"],
        ),
        heading("Driver totals", st["h2"], 1),
    ]
    titles = {d.id: d for d in report.drivers}
    head = ["Driver", "Ours", "Median of the group", "Lowest – highest", "Where we stand", "Workshops"]
    rows = [[para(h, st["head"]) for h in head]]
    extra: list = []
    for r, fig in enumerate(comparison.drivers, start=1):
        driver = titles[fig.key]
        ours = total_text(report, driver.total, driver.band, driver.scored, driver.of)
        row = [para(driver.title, st["cellbold"]), para(ours, st["cell"])]
        extra.append(("BACKGROUND", (1, r), (1, r), c(level_tint(driver.band))))
        if fig.shown:
            d = fig.distribution
            row += [
                para(f"{number(d.median)}\n{report.level_title(fig.band)}", st["cell"]),
                para(f"{d.min}–{d.max}", st["cellcentre"]),
                para(fig.standing() or "–", st["cell"]),
                para(str(fig.n), st["cellcentre"]),
            ]
            extra.append(("BACKGROUND", (2, r), (2, r), c(level_tint(fig.band))))
        else:
            row += [para(fig.reason(), st["prompt"]), "", "", ""]
            extra.append(("SPAN", (2, r), (5, r)))
        rows.append(row)
    widths = [None, 32 * mm, 32 * mm, 20 * mm, 24 * mm, 21 * mm]
    widths[0] = PORTRAIT_WIDTH - sum(w for w in widths[1:] if w)
    out.append(table(rows, widths, extra=extra, zebra=False))

    out += [CondPageBreak(50 * mm), heading("Element levels", st["h2"], 1)]
    head = ["Element", "Ours", "Median", "Lowest – highest", "Where we stand", "Workshops"]
    widths = [None, 30 * mm, 16 * mm, 20 * mm, 24 * mm, 21 * mm]
    widths[0] = PORTRAIT_WIDTH - sum(w for w in widths[1:] if w)
    rows = [[para(h, st["head"]) for h in head]]
    extra = []
    r = 0
    for driver in report.drivers:
        for e in driver.elements:
            r += 1
            fig = comparison.elements[e.id]
            row = [
                [para(e.title, st["cellbold"]), para(driver.title, st["small"])],
                para(report.level_title(e.agreed) or "Not agreed", st["cell"]),
            ]
            extra.append(("BACKGROUND", (1, r), (1, r), c(level_tint(e.agreed))))
            if fig.shown:
                d = fig.distribution
                row += [
                    para(number(d.median), st["cellcentre"]),
                    para(f"{d.min}–{d.max}", st["cellcentre"]),
                    para(fig.standing() or "–", st["cell"]),
                    para(str(fig.n), st["cellcentre"]),
                ]
            else:
                row += [para(fig.reason(), st["prompt"]), "", "", ""]
                extra.append(("SPAN", (2, r), (5, r)))
            rows.append(row)
    out.append(table(rows, widths, extra=extra))

    out += [CondPageBreak(50 * mm), heading("By sector", st["h2"], 1)]
    out.append(
        para(
            "This workshop's individual driver totals, by the participants' sector: the median (lowest–highest) "
            "of those who scored every element of the driver.",
            st["muted"],
        )
    )
    if not comparison.sectors:
        out.append(para("No individual scores were recorded.", st["muted"]))
        return out
    head = [para("Sector", st["head"]), para("People", st["headcentre"])]
    head += [para(d.title, st["headsmall"]) for d in report.drivers]
    rows = [head]
    extra = []
    k = len(report.drivers)
    for r, sector in enumerate(comparison.sectors, start=1):
        row = [para(sector.sector, st["cellbold"]), para(str(sector.people), st["cellcentre"])]
        if not sector.shown:
            row += [para(sector.reason(), st["prompt"])] + [""] * (k - 1)
            extra.append(("SPAN", (2, r), (1 + k, r)))
        else:
            for d in report.drivers:
                dist = sector.totals.get(d.id)
                if dist is None:
                    row.append(para(sector_total_reason(), st["prompt"]))
                else:
                    row.append(para(f"{number(dist.median)}\n({dist.min}–{dist.max})", st["cellcentre"]))
        rows.append(row)
    first, people = 30 * mm, 14 * mm  # the drivers' titles wrap at whole words in the rest
    rest = (PORTRAIT_WIDTH - first - people) / max(1, k)
    out.append(table(rows, [first, people, *([rest] * k)], extra=extra))
    return out


__all__ = ["COMPARE_TITLE", "SINCE_TITLE", "how_we_compare", "since_last_time"]
