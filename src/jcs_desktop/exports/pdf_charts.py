"""Vector charts for the PDF report (reportlab.graphics): radar, per-driver bars, distributions.

Colours are the level colours of ``common``; every chart says what its marks mean.
"""

from __future__ import annotations

import math

# First: pdf_base turns off reportlab's checking of shape attributes, which reportlab.graphics.shapes
# reads once, when it is first imported (see there).
from jcs_desktop.exports.pdf_base import BOLD, FONT

# isort: split
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from jcs_desktop.exports.common import INK, MUTED, RULE, level_colour, level_tint
from jcs_desktop.exports.model import DriverRow, Report


def hexcolour(code: str) -> colors.Color:
    return colors.HexColor("#" + code)


def _wrap(text: str, width: float, size: float, font: str = FONT, lines: int | None = None) -> list[str]:
    """``text`` in lines no wider than ``width`` points, filled word by word; '…' only past ``lines``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for word in text.split():
        candidate = f"{out[-1]} {word}" if out else word
        if out and stringWidth(candidate, font, size) <= width:
            out[-1] = candidate
            continue
        while stringWidth(word, font, size) > width and len(word) > 1:  # a word wider than the label
            cut = max(1, next(i for i in range(len(word), 0, -1) if stringWidth(word[:i], font, size) <= width))
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    out = out or [""]
    if lines is not None and len(out) > lines:
        out = out[:lines]
        last = out[-1].rstrip(" .,;")
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def _label(group: Group, x: float, y: float, lines: list[str], anchor: str, size: float, font: str = FONT) -> None:
    for i, line in enumerate(lines):
        group.add(
            String(
                x, y - i * (size + 1.5), line, fontName=font, fontSize=size, fillColor=hexcolour(INK), textAnchor=anchor
            )
        )


def radar(report: Report, width: float, height: float = 118 * mm) -> Drawing:
    """Each driver on its own axis, 0 at the centre; its own bands drawn as coloured rings.

    The rings are irregular because each driver has its own thresholds: the region
    between two rings is where a total reaches that level for that driver.
    """
    drawing = Drawing(width, height)
    drivers = report.drivers
    n = len(drivers)
    legend_h = 14 * mm
    cx, cy = width / 2, legend_h + (height - legend_h) / 2
    radius = min(width * 0.27, (height - legend_h) / 2 - 13 * mm)
    top = max(hi for d in drivers for _lo, hi in d.thresholds)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * value / top
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def ring(values: list[float]) -> list[float]:
        return [c for i, v in enumerate(values) for c in point(i, v)]

    k = len(report.levels)
    for level in range(k, 0, -1):  # outermost first, each smaller ring painted over the last
        uppers = [d.thresholds[level - 1][1] for d in drivers]
        drawing.add(
            Polygon(ring(uppers), fillColor=hexcolour(level_tint(level)), strokeColor=colors.white, strokeWidth=0.8)
        )
    for i, d in enumerate(drivers):
        x, y = point(i, top)
        drawing.add(Line(cx, cy, x, y, strokeColor=hexcolour(RULE), strokeWidth=0.5))
        for lo, _hi in d.thresholds[1:]:
            tx, ty = point(i, lo - 0.5)
            drawing.add(Circle(tx, ty, 0.6, fillColor=colors.white, strokeColor=None))
        lx, ly = point(i, top * 1.1)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        lines = _wrap(d.title, 40 * mm, 8, BOLD, lines=3)
        block = (len(lines) + 1) * 9.5  # the title's lines and the total beneath them
        if ly > cy + 5:  # above the chart: the block sits on the label point
            first = ly + block - 9.5
        elif ly < cy - 5:  # below: the block hangs from it
            first = ly - 7
        else:
            first = ly + block / 2 - 7
        _label(drawing, lx, first, lines, anchor, 8, BOLD)
        value = d.total_label if d.total is None else str(d.total)
        _label(drawing, lx, first - len(lines) * 9.5, [value], anchor, 8)

    means = [d.individual_mean for d in drivers]
    if all(m is not None for m in means):
        pts = ring(means)  # type: ignore[arg-type]
        drawing.add(
            PolyLine([*pts, pts[0], pts[1]], strokeColor=hexcolour(MUTED), strokeWidth=1.2, strokeDashArray=[3, 2])
        )
    totals = [d.total for d in drivers]
    known = [(i, t) for i, t in enumerate(totals) if t is not None]
    if len(known) == n:
        drawing.add(Polygon(ring(totals), fillColor=None, strokeColor=hexcolour(INK), strokeWidth=2))  # type: ignore[arg-type]
    for i, t in known:
        x, y = point(i, t)
        drawing.add(
            Circle(
                x,
                y,
                2.6,
                fillColor=hexcolour(level_colour(drivers[i].band)),
                strokeColor=hexcolour(INK),
                strokeWidth=0.8,
            )
        )

    _legend(drawing, report, 0, 4 * mm, width, lines=True)
    return drawing


def _legend(drawing: Drawing, report: Report, x: float, y: float, width: float, *, lines: bool) -> int:
    """Level swatches (and, for the radar, what the two outlines mean) in centred rows; returns the row count.

    The radar's swatches are the light tints its rings use; elsewhere the strong colours.
    """
    items: list[tuple[str, str]] = [(f"{lv.number}. {lv.name}", "swatch") for lv in report.levels]
    if lines:
        items += [("Agreed total", "solid"), ("Mean of individual totals", "dashed")]
    size = 7.5
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = [stringWidth(t, FONT, size) + 14 + 10 for t, _ in items]
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if used + w > width and rows[-1]:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    for r, row in enumerate(rows):
        total = sum(widths[i] for i in row)
        px = x + (width - total) / 2
        py = y + (len(rows) - 1 - r) * 11
        for i in row:
            text, kind = items[i]
            if kind == "swatch":
                level = i + 1
                drawing.add(
                    Rect(
                        px,
                        py - 1,
                        10,
                        7,
                        fillColor=hexcolour(level_tint(level) if lines else level_colour(level)),
                        strokeColor=hexcolour(level_colour(level)),
                        strokeWidth=1,
                    )
                )
            else:
                dash = [3, 2] if kind == "dashed" else None
                colour = MUTED if kind == "dashed" else INK
                drawing.add(
                    Line(
                        px,
                        py + 2.5,
                        px + 10,
                        py + 2.5,
                        strokeColor=hexcolour(colour),
                        strokeWidth=1.2 if dash else 2,
                        strokeDashArray=dash,
                    )
                )
            drawing.add(String(px + 14, py, text, fontName=FONT, fontSize=size, fillColor=hexcolour(INK)))
            px += widths[i]
    return len(rows)


def driver_bars(report: Report, driver: DriverRow, width: float) -> Drawing:
    """The driver's elements: the agreed level (coloured by level) beside the mean of individual scores."""
    elements = driver.elements
    label_w = 62 * mm
    size, line_h = 7, 8.5
    labels = [_wrap(e.title, label_w - 3 * mm, size) for e in elements]
    # Every label whole: the rows grow to the longest one rather than cutting it.
    row_h = max(11 * mm, max((len(x) for x in labels), default=1) * line_h + 8)
    height = row_h * len(elements) + 16 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_w
    chart.y = 12 * mm
    chart.width = width - label_w - 8 * mm
    chart.height = row_h * len(elements)
    k = len(report.levels)
    agreed = [e.agreed or 0 for e in elements]
    means = [e.mean or 0 for e in elements]
    chart.data = [agreed, means]
    chart.categoryAxis.reverseDirection = True  # first element at the top
    chart.categoryAxis.labels.visible = False
    chart.categoryAxis.strokeColor = hexcolour(RULE)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = k
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = hexcolour(RULE)
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = hexcolour(RULE)
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.bars.strokeColor = None
    chart.bars[1].fillColor = hexcolour("9AA5B1")
    for i, e in enumerate(elements):
        chart.bars[(0, i)].fillColor = hexcolour(level_colour(e.agreed))
    chart.barLabelFormat = lambda v: f"{v:.1f}".rstrip("0").rstrip(".") if v else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    for i, lines in enumerate(labels):
        y = chart.y + chart.height - (i + 0.5) * row_h + (len(lines) * line_h) / 2 - size + 1
        _label(drawing, 0, y, lines, "start", size)
    legend_y = 2 * mm
    for level in range(1, k + 1):  # the agreed bar's colour is its level: show all four
        drawing.add(
            Rect(label_w + (level - 1) * 4, legend_y, 4, 6, fillColor=hexcolour(level_colour(level)), strokeColor=None)
        )
    drawing.add(
        String(
            label_w + 4 * k + 3,
            legend_y + 0.5,
            "Agreed level (coloured by level)",
            fontName=FONT,
            fontSize=7,
            fillColor=hexcolour(INK),
        )
    )
    drawing.add(Rect(label_w + 62 * mm, legend_y, 8, 6, fillColor=hexcolour("9AA5B1"), strokeColor=None))
    drawing.add(
        String(
            label_w + 62 * mm + 11,
            legend_y + 0.5,
            "Mean of individual scores",
            fontName=FONT,
            fontSize=7,
            fillColor=hexcolour(INK),
        )
    )
    return drawing


def distribution(counts: dict[int, int], levels: int, width: float = 38 * mm, height: float = 4.2 * mm) -> Drawing:
    """How many people chose each level, as one bar split into the level colours."""
    drawing = Drawing(width, height)
    total = sum(counts.get(lv, 0) for lv in range(1, levels + 1))
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=hexcolour(RULE), strokeWidth=0.4))
    if not total:
        return drawing
    x = 0.0
    for level in range(1, levels + 1):
        count = counts.get(level, 0)
        if not count:
            continue
        w = width * count / total
        drawing.add(
            Rect(x, 0, w, height, fillColor=hexcolour(level_colour(level)), strokeColor=colors.white, strokeWidth=0.5)
        )
        if w > 6:
            drawing.add(
                String(
                    x + w / 2,
                    height / 2 - 2.4,
                    str(count),
                    fontName=BOLD,
                    fontSize=6.5,
                    fillColor=colors.white if level in (1, 4) else hexcolour(INK),
                    textAnchor="middle",
                )
            )
        x += w
    return drawing


def level_key(report: Report, width: float) -> Drawing:
    drawing = Drawing(width, 12)
    rows = _legend(drawing, report, 0, 2, width, lines=False)
    drawing.height = rows * 11 + 2
    return drawing


# -- series: since last time, and a driver over a series of workshops ----------------------------


def _band_scale(thresholds, x: float, width: float):
    """The x position of a total on a scale from the first band's lower bound to the last band's upper bound."""
    lo, hi = thresholds[0][0] - 0.5, thresholds[-1][1] + 0.5

    def at(value: float) -> float:
        return x + width * (value - lo) / (hi - lo)

    return at


def progress_strips(report: Report, width: float) -> Drawing:
    """Each driver's own bands as a strip, last time's agreed total (hollow) and this time's (filled) on it.

    Drawn only for a report with ``since_last_time``; a driver without both totals shows what it has.
    """
    since = report.since_last_time
    rows = since.drivers if since is not None else ()
    titles = {d.id: d for d in report.drivers}
    label_w = 58 * mm
    row_h = 12 * mm
    legend_h = 9 * mm
    height = row_h * len(rows) + legend_h
    drawing = Drawing(width, height)
    strip_x, strip_w = label_w, width - label_w - 4 * mm
    for r, p in enumerate(rows):
        driver = titles[p.driver_id]
        top = height - r * row_h
        y = top - row_h * 0.55  # the strip's centre line
        lines = _wrap(driver.title, label_w - 4 * mm, 7.5, BOLD, lines=2)
        _label(drawing, 0, y + (len(lines) - 1) * 4.5 - 2.5, lines, "start", 7.5, BOLD)
        at = _band_scale(driver.thresholds, strip_x, strip_w)
        for level, (lo, hi) in enumerate(driver.thresholds, start=1):
            x0, x1 = at(lo - 0.5), at(hi + 0.5)
            drawing.add(
                Rect(
                    x0,
                    y - 3.6,
                    x1 - x0,
                    7.2,
                    fillColor=hexcolour(level_tint(level)),
                    strokeColor=hexcolour(RULE),
                    strokeWidth=0.4,
                )
            )
            drawing.add(String(x0 + 1.5, y - 9.5, f"{lo}–{hi}", fontName=FONT, fontSize=6, fillColor=hexcolour(MUTED)))
        before, now = p.before.total, p.now.total
        if before is not None and now is not None and before != now:
            x0, x1 = at(before), at(now)
            drawing.add(Line(x0, y, x1, y, strokeColor=hexcolour(INK), strokeWidth=1.4))
            tip = 3 if x1 > x0 else -3
            drawing.add(
                Polygon([x1 - tip, y + 2.2, x1, y, x1 - tip, y - 2.2], fillColor=hexcolour(INK), strokeColor=None)
            )
        if before is not None:
            drawing.add(Circle(at(before), y, 3, fillColor=colors.white, strokeColor=hexcolour(MUTED), strokeWidth=1.2))
        if now is not None:
            drawing.add(
                Circle(
                    at(now),
                    y,
                    3.2,
                    fillColor=hexcolour(level_colour(p.now_band)),
                    strokeColor=hexcolour(INK),
                    strokeWidth=0.8,
                )
            )
        shown = [v for v in (before, now) if v is not None]
        if shown:
            text = f"{before if before is not None else '–'} → {now if now is not None else '–'}"
            drawing.add(String(at(max(shown)) + 6, y + 4, text, fontName=FONT, fontSize=6.5, fillColor=hexcolour(INK)))
    # The legend: what the two marks mean.
    ly = 2 * mm
    drawing.add(Circle(strip_x + 3, ly + 2.5, 3, fillColor=colors.white, strokeColor=hexcolour(MUTED), strokeWidth=1.2))
    drawing.add(String(strip_x + 9, ly, "Agreed total last time", fontName=FONT, fontSize=7, fillColor=hexcolour(INK)))
    x2 = strip_x + 48 * mm
    drawing.add(
        Circle(x2 + 3, ly + 2.5, 3.2, fillColor=hexcolour(level_colour(3)), strokeColor=hexcolour(INK), strokeWidth=0.8)
    )
    drawing.add(
        String(x2 + 9, ly, "This time (coloured by its level)", fontName=FONT, fontSize=7, fillColor=hexcolour(INK))
    )
    drawing.add(
        String(0, ly, "Each strip shows the driver's own bands", fontName=FONT, fontSize=7, fillColor=hexcolour(MUTED))
    )
    return drawing


def series_line(
    title: str,
    thresholds,
    points: list[tuple[str, int | None, int | None]],
    width: float,
    height: float = 50 * mm,
) -> Drawing:
    """One driver over a series: its own bands as horizontal stripes, each workshop's agreed total on them.

    ``points``: (label under the axis, total or None, band or None), oldest first. A workshop
    without a total leaves a gap in the line and says so under its label.
    """
    drawing = Drawing(width, height)
    title_lines = _wrap(title, width, 8, BOLD, lines=2)
    _label(drawing, 0, height - 8, title_lines, "start", 8, BOLD)
    left, right = 9 * mm, 3 * mm
    bottom = 11 * mm
    top = height - 4 - len(title_lines) * 9.5 - 2
    lo, hi = thresholds[0][0] - 0.5, thresholds[-1][1] + 0.5

    def ypos(value: float) -> float:
        return bottom + (top - bottom) * (value - lo) / (hi - lo)

    plot_w = width - left - right
    for level, (b_lo, b_hi) in enumerate(thresholds, start=1):
        y0, y1 = ypos(b_lo - 0.5), ypos(b_hi + 0.5)
        drawing.add(
            Rect(
                left,
                y0,
                plot_w,
                y1 - y0,
                fillColor=hexcolour(level_tint(level)),
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
        drawing.add(
            String(
                left - 2,
                (y0 + y1) / 2 - 2.5,
                f"{b_lo}–{b_hi}",
                fontName=FONT,
                fontSize=6,
                fillColor=hexcolour(MUTED),
                textAnchor="end",
            )
        )
        drawing.add(
            String(
                left + plot_w - 2,
                y1 - 7,
                str(level),
                fontName=BOLD,
                fontSize=6,
                fillColor=hexcolour(level_colour(level)),
                textAnchor="end",
            )
        )
    n = len(points)
    step = plot_w / max(n, 1)
    xs = [left + step * (i + 0.5) for i in range(n)]
    run: list[float] = []
    for i, (_label_text, total, _band) in enumerate(points):
        if total is None:
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=hexcolour(INK), strokeWidth=1.4))
            run = []
            continue
        run += [xs[i], ypos(total)]
    if len(run) >= 4:
        drawing.add(PolyLine(run, strokeColor=hexcolour(INK), strokeWidth=1.4))
    for i, (text, total, band) in enumerate(points):
        lines = _wrap(text, step - 2, 6.5, lines=2)
        _label(drawing, xs[i], bottom - 8, lines, "middle", 6.5)
        if total is None:
            drawing.add(
                String(
                    xs[i],
                    (bottom + top) / 2,
                    "no total",
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=hexcolour(MUTED),
                    textAnchor="middle",
                )
            )
            continue
        y = ypos(total)
        drawing.add(
            Circle(xs[i], y, 3, fillColor=hexcolour(level_colour(band)), strokeColor=hexcolour(INK), strokeWidth=0.8)
        )
        drawing.add(
            String(xs[i], y + 5, str(total), fontName=BOLD, fontSize=7, fillColor=hexcolour(INK), textAnchor="middle")
        )
    return drawing
