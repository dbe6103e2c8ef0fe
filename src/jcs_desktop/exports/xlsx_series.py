"""The workbook's sheets about the series: "Since last time" and "How we compare".

Written only when the report has them (a workshop that follows another; a comparison asked
for). Every value goes through ``xlsx_cells.put``: user text starting with =, +, -, @ stays text.
Figures are numbers in their own columns, so partners can sort and reuse them; a figure that is
not shown has its reason in the cell instead.
"""

from __future__ import annotations

from jcs_desktop.exports.common import level_tint
from jcs_desktop.exports.model import Report, format_date
from jcs_desktop.exports.model_series import sector_total_reason, status_text
from jcs_desktop.exports.xlsx_cells import (
    BOLD,
    CENTRE,
    NOTE,
    NOWRAP,
    SECTION,
    WRAP_TOP,
    fit_row,
    header_row,
    merge,
    print_setup,
    put,
    title_block,
    widths,
)

SINCE_SHEET = "Since last time"
COMPARE_SHEET = "How we compare"


def _subtitle(report: Report) -> str:
    return " · ".join(x for x in (report.title, report.partnership, format_date(report.date)) if x)


def since_sheet(ws, report: Report) -> None:
    since = report.since_last_time
    row = title_block(ws, SINCE_SHEET, _subtitle(report))
    when = f" ({format_date(since.date)})" if since.date else ""
    put(ws, 3, 1, f"The previous workshop of the series: {since.title}{when}", font=NOTE, border=False, align=NOWRAP)
    row += 1
    titles = {d.id: d.title for d in report.drivers}
    headings = [
        "Driver",
        "Total last time",
        "Level last time",
        "Total this time",
        "Level this time",
        "Change (points)",
        "Change",
        "Target level set last time",
        "Target met",
        "Improvement target set last time",
    ]
    header_row(ws, row, headings, height=45)
    header = row
    for p in since.drivers:
        row += 1
        put(ws, row, 1, titles.get(p.driver_id, p.driver_id), font=BOLD)
        put(
            ws,
            row,
            2,
            p.before.total if p.before.total is not None else p.before.label(),
            align=CENTRE,
            background=level_tint(p.before_band),
        )
        put(ws, row, 3, report.level_title(p.before_band), background=level_tint(p.before_band))
        put(
            ws,
            row,
            4,
            p.now.total if p.now.total is not None else p.now.label(),
            align=CENTRE,
            background=level_tint(p.now_band),
        )
        put(ws, row, 5, report.level_title(p.now_band), background=level_tint(p.now_band))
        put(ws, row, 6, p.change, align=CENTRE, number_format="+0;-0;0")
        put(ws, row, 7, p.change_text(), font=BOLD)
        put(ws, row, 8, report.level_title(p.target_level), background=level_tint(p.target_level))
        put(ws, row, 9, p.target_met if p.target_met is not None else "", align=CENTRE)
        target = since.improvement_targets.get(p.driver_id, "")
        put(ws, row, 10, target)
        fit_row(ws, row, [(titles.get(p.driver_id, ""), 30), (target, 45)], minimum=18)
    put(
        ws,
        row + 1,
        1,
        "Target met: this time's level reaches the target level set last time.",
        font=NOTE,
        border=False,
        align=NOWRAP,
    )
    widths(ws, [30, 11, 24, 11, 24, 11, 14, 24, 10, 45])

    row += 3
    put(ws, row, 1, "Actions reviewed", font=SECTION, border=False)
    row += 1
    if not since.actions:
        put(ws, row, 1, "The previous workshop recorded no actions.", font=NOTE, border=False, align=NOWRAP)
    else:
        achieved = next((c.heading for c in report.delivery_columns if c.key == "achieved"), "Achieved")
        learning = next((c.heading for c in report.delivery_columns if c.key == "learning"), "Learning")
        # The columns line up with the drivers' table above: long texts in its wide columns.
        header_row(
            ws,
            row,
            [
                "Action",
                "No. last time",
                "Drivers and elements",
                "Status",
                achieved,
                "Carried forward",
                "Number in this plan",
                learning,
            ],
            height=45,
        )
        for a in since.actions:
            row += 1
            links = "\n".join(a.links)
            put(ws, row, 1, a.achieve, font=BOLD)
            put(ws, row, 2, a.number, align=CENTRE, font=BOLD)
            put(ws, row, 3, links)
            put(ws, row, 4, a.status_text, font=BOLD if a.status else NOTE)
            put(ws, row, 5, a.achieved)
            put(ws, row, 6, a.carried_forward, align=CENTRE)
            put(ws, row, 7, a.carried_to, align=CENTRE)
            put(ws, row, 8, a.learning)
            fit_row(ws, row, [(a.achieve, 30), (links, 24), (a.achieved, 24), (a.learning, 24)], minimum=18)

    row += 2
    put(ws, row, 1, "Did our actions move it?", font=SECTION, border=False)
    row += 1
    if not since.moved:
        nothing = "Last time's actions were not linked to any element." if since.actions else "No actions last time."
        put(ws, row, 1, nothing, font=NOTE, border=False, align=NOWRAP)
    else:
        header_row(
            ws,
            row,
            [
                "Element",
                "Level last time",
                "",
                "Level this time",
                "",
                "Change (levels)",
                "Change",
                "Their status",
                "Actions last time",
                "Driver",
            ],
            height=45,
        )
        merge(ws, row, 2, row, 3)
        merge(ws, row, 4, row, 5)
        for m in since.moved:
            row += 1
            statuses = "\n".join(f"{n}: {status_text(s)}" for n, s in m.actions)
            put(ws, row, 1, m.title, font=BOLD)
            put(ws, row, 2, m.before, align=CENTRE, background=level_tint(m.before))
            put(ws, row, 3, report.level_name(m.before), background=level_tint(m.before))
            put(ws, row, 4, m.now, align=CENTRE, background=level_tint(m.now))
            put(ws, row, 5, report.level_name(m.now), background=level_tint(m.now))
            put(ws, row, 6, m.change, align=CENTRE, number_format="+0;-0;0")
            put(ws, row, 7, m.change_text(), font=BOLD)
            put(ws, row, 8, statuses)
            put(ws, row, 9, ", ".join(str(n) for n, _s in m.actions), align=CENTRE)
            put(ws, row, 10, m.driver_title)
            fit_row(ws, row, [(m.title, 30), (statuses, 24)], minimum=18)
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    print_setup(ws, report.title, header_rows=None)


def compare_sheet(ws, report: Report) -> None:
    comparison = report.comparison
    row = title_block(ws, COMPARE_SHEET, _subtitle(report))
    n = comparison.group
    note = (
        f"Beside the latest workshop of each other partnership using this workbook: {n} workshop"
        f"{'s' if n != 1 else ''} in all, this one included. No figure is shown from fewer than "
        f"{comparison.min_workshops} workshops, nor for a sector of fewer than {comparison.min_people} people."
    )
    put(ws, 3, 1, note, font=NOTE, border=False, align=NOWRAP)
    row += 1
    put(ws, row, 1, "Driver totals", font=SECTION, border=False)
    row += 1
    heads = [
        "Driver / element",
        "Element",
        "Ours",
        "Our level",
        "Median",
        "Level of the median",
        "Lowest",
        "Highest",
        "Where we stand",
        "Workshops",
        "Not shown because",
    ]
    header_row(ws, row, heads, height=45)
    header = row
    titles = {d.id: d for d in report.drivers}
    for fig in comparison.drivers:
        row += 1
        d = titles[fig.key]
        put(ws, row, 1, d.title, font=BOLD)
        put(ws, row, 3, d.total if d.total is not None else d.total_label, align=CENTRE, background=level_tint(d.band))
        put(ws, row, 4, report.level_title(d.band), background=level_tint(d.band))
        _figure(ws, row, fig, report.level_title(fig.band) if fig.shown else "")
        fit_row(ws, row, [(d.title, 30), (fig.reason(), 40)], minimum=18)
    row += 2
    put(ws, row, 1, "Element levels", font=SECTION, border=False)
    row += 1
    header_row(ws, row, heads, height=45)
    for d in report.drivers:
        for e in d.elements:
            row += 1
            fig = comparison.elements[e.id]
            put(ws, row, 1, d.title)
            put(ws, row, 2, e.title, font=BOLD)
            put(ws, row, 3, e.agreed, align=CENTRE, background=level_tint(e.agreed))
            put(ws, row, 4, report.level_name(e.agreed), background=level_tint(e.agreed))
            _figure(ws, row, fig, "")
            fit_row(ws, row, [(e.title, 30), (d.title, 30), (fig.reason(), 40)], minimum=18)
    widths(ws, [30, 30, 9, 24, 9, 24, 9, 9, 16, 11, 40])

    row += 2
    put(ws, row, 1, "By sector: this workshop's individual driver totals", font=SECTION, border=False)
    row += 1
    drivers = list(report.drivers)
    header_row(ws, row, ["Sector", "People", *[f"{d.title} (median)" for d in drivers], "Not shown because"], height=60)
    for sector in comparison.sectors:
        row += 1
        put(ws, row, 1, sector.sector, font=BOLD)
        put(ws, row, 2, sector.people, align=CENTRE)
        reasons = [sector.reason()] if not sector.shown else []
        for i, d in enumerate(drivers, start=3):
            dist = sector.totals.get(d.id) if sector.shown else None
            if dist is not None:
                put(ws, row, i, dist.median, align=CENTRE)
            elif sector.shown:
                reasons.append(f"{d.title}: {sector_total_reason()}")
        put(ws, row, 3 + len(drivers), "\n".join(reasons), align=WRAP_TOP)
        fit_row(ws, row, [("\n".join(reasons), 40)], minimum=18)
    if not comparison.sectors:
        row += 1
        put(ws, row, 1, "No individual scores were recorded.", font=NOTE, border=False)
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    print_setup(ws, report.title, header_rows=None)


def _figure(ws, row: int, fig, median_level: str) -> None:
    if not fig.shown:
        put(ws, row, 11, fig.reason())
        put(ws, row, 10, fig.n, align=CENTRE)
        return
    d = fig.distribution
    put(ws, row, 5, d.median, align=CENTRE, number_format="0.0")
    put(ws, row, 6, median_level)
    put(ws, row, 7, d.min, align=CENTRE)
    put(ws, row, 8, d.max, align=CENTRE)
    put(ws, row, 9, fig.standing())
    put(ws, row, 10, fig.n, align=CENTRE)


__all__ = ["COMPARE_SHEET", "SINCE_SHEET", "compare_sheet", "since_sheet"]
