"""Charts shared by the reconciliation and final-scores steps (and anyone else).

- ``DistributionChart``: how many people chose each level of one element (pyqtgraph bars).
- ``DriverBarsChart``: each driver's agreed total and mean of individual totals, drawn
  over that driver's own bands (pyqtgraph).
- ``RadarChart``: the drivers on a radar, each axis normalised to its own possible totals,
  with that driver's bands drawn as coloured rings (QPainter, no pyqtgraph).

pyqtgraph is imported only when a chart is first shown (or ``ensure_built`` is called),
never at module import, so the main window appears fast. Charts keep their data and
draw it when built. White backgrounds and the shared level palette keep them readable
on a projector.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from jcs_desktop.domain.scoring import band_for
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.fonts import scaled_font


def _pg():
    """Import and configure pyqtgraph on first use."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    return pg


def wrap_two_lines(text: str) -> str:
    """Break ``text`` at the space nearest its middle, for axis labels."""
    if len(text) < 14 or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


class _LazyPlot(QWidget):
    """A container whose pyqtgraph plot is built on first show; ``message`` replaces it when set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack = QStackedLayout(self)
        self._message = QLabel(self)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setStyleSheet(f"color: {palette.HIDDEN_COLOUR}; background: white;")
        self._message.setFont(scaled_font(self.font(), 1.3))
        self._holder = QWidget(self)
        self._holder_layout = QVBoxLayout(self._holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self._holder)
        self._stack.addWidget(self._message)
        self.plot = None  # pyqtgraph PlotWidget once built
        self._dirty = False
        """New data came while the chart was not on screen: drawn when it is shown."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 180)

    @property
    def built(self) -> bool:
        return self.plot is not None

    def ensure_built(self) -> None:
        if self.plot is None:
            pg = _pg()
            self.plot = pg.PlotWidget(parent=self._holder)
            self.plot.setAccessibleName(self.accessibleName() or "Chart")
            self.plot.setMenuEnabled(False)
            self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture: Tab passes it by
            self.plot.setMouseEnabled(x=False, y=False)
            self.plot.hideButtons()
            self._holder_layout.addWidget(self.plot)
            self._redraw()

    def showEvent(self, event) -> None:
        if self.plot is None:
            self.ensure_built()
        elif self._dirty:
            self._redraw()
        super().showEvent(event)

    def _refresh(self) -> None:
        """Draw the new data now if the chart is on screen, else when it is next shown (a chart on
        a hidden tab or page costs nothing until it is looked at)."""
        if self.plot is not None and not self.isVisible():
            self._dirty = True
        else:
            self._redraw()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the app-wide text size changed: labels follow it
            self._message.setFont(scaled_font(self.font(), 1.3))
            if self.plot is not None:
                self._redraw()

    def show_message(self, text: str) -> None:
        """Hide the chart behind a plain message (e.g. 'Scores hidden')."""
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)

    def show_chart(self) -> None:
        self._stack.setCurrentWidget(self._holder)

    @property
    def message_shown(self) -> bool:
        return self._stack.currentWidget() is self._message

    @property
    def message(self) -> str:
        return self._message.text() if self.message_shown else ""

    def _axis_font(self, factor: float = 1.0) -> QFont:
        return scaled_font(self.font(), factor)

    def _redraw(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


# --- distribution of one element ------------------------------------------------------------


class DistributionChart(_LazyPlot):
    """Counts of individual scores per level for one element, in the level colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Distribution of individual scores")
        self._counts: dict[int, int] = {}
        self._level_names: list[str] = []
        self._agreed: int | None = None
        self._font_factor = 1.0
        self._bars = None
        """The bars (pyqtgraph), once drawn: a new agreed level changes only their outlines."""

    def set_font_factor(self, factor: float) -> None:
        self._font_factor = factor
        self._redraw()

    def set_distribution(self, counts: dict[int, int], level_names: Sequence[str], agreed: int | None = None) -> None:
        self._counts = dict(counts)
        self._level_names = list(level_names)
        self._agreed = agreed
        self.show_chart()
        self._refresh()

    def set_agreed(self, agreed: int | None) -> None:
        """Mark another level as agreed, the counts unchanged: only the bars' outlines change."""
        if agreed == self._agreed:
            return
        self._agreed = agreed
        if self._bars is None or self._dirty:
            self._refresh()
        else:
            self._bars.setOpts(pens=self._pens())

    def _pens(self) -> list:
        pg = _pg()
        return [
            pg.mkPen(palette.AGREED_COLOUR, width=4) if x == self._agreed else pg.mkPen("#555555", width=1)
            for x in range(1, len(self._level_names) + 1)
        ]

    def counts(self) -> dict[int, int]:
        return dict(self._counts)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.plot is not None and event.size().height() != event.oldSize().height():
            if self._bars is None or self._dirty:
                self._refresh()
            else:
                self._space_people_axis()  # the people axis spaces its numbers by the height; the rest stays

    def _redraw(self) -> None:
        self._bars = None
        self._dirty = False
        if self.plot is None:
            return
        pg = _pg()
        plot = self.plot
        plot.clear()
        k = len(self._level_names)
        if not k:
            return
        xs = list(range(1, k + 1))
        heights = [self._counts.get(x, 0) for x in xs]
        brushes = [pg.mkBrush(palette.level_colour(x, k)) for x in xs]
        self._bars = pg.BarGraphItem(x=xs, height=heights, width=0.7, brushes=brushes, pens=self._pens())
        plot.addItem(self._bars)
        top = max([*heights, 1])
        label_font = self._axis_font(1.3 * self._font_factor)
        label_font.setBold(True)
        for x, h in zip(xs, heights, strict=True):
            text = pg.TextItem(str(h), color="#111111", anchor=(0.5, 1.0))
            text.setFont(label_font)
            text.setPos(x, h + top * 0.02)
            plot.addItem(text)
        ticks = [(x, f"{x}\n{wrap_two_lines(name)}") for x, name in zip(xs, self._level_names, strict=True)]
        bottom = plot.getAxis("bottom")
        bottom.setTicks([ticks])
        bottom.setStyle(tickFont=self._axis_font(self._font_factor), tickTextOffset=6)
        bottom.setHeight(int(self._axis_font(self._font_factor).pointSizeF() * 5.5))
        left = plot.getAxis("left")
        left.setStyle(tickFont=self._axis_font(self._font_factor))
        left.setLabel("People", **{"font-size": f"{self._axis_font(self._font_factor).pointSizeF():.0f}pt"})
        self._space_people_axis()
        plot.setXRange(0.4, k + 0.6, padding=0)
        plot.setYRange(0, top * 1.2 + 0.5, padding=0)

    def _space_people_axis(self) -> None:
        """Whole numbers of people, spaced so their labels never overlap in a short chart (large
        text, or the room display above the descriptors)."""
        top = max([*self._counts.values(), 1])
        per_person = max(1.0, self.height() - self.plot.getAxis("bottom").height()) / (top * 1.2 + 0.5)
        line = QFontMetrics(self._axis_font(self._font_factor)).height()
        step = next((n for n in (1, 2, 5, 10, 20, 50) if n * per_person >= line * 1.3), 100)
        # No tick so near the top that half its label would be cut off by the chart's edge.
        highest = (top * 1.2 + 0.5) - line * 0.6 / per_person
        ticks = [(v, str(v)) for v in range(0, top + step + 1, step) if v <= max(highest, 0)]
        self.plot.getAxis("left").setTicks([ticks])


# --- driver totals over their own bands ------------------------------------------------------


@dataclass(frozen=True)
class DriverSeries:
    """One driver as the final-scores charts draw it."""

    driver_id: str
    title: str
    thresholds: tuple[tuple[int, int], ...]
    agreed: float | None
    """Agreed total (None when incomplete)."""
    agreed_label: str
    mean: float | None
    """Mean of individual totals (None when nobody scored the whole driver)."""
    by_sector: dict[str, float | None] = field(default_factory=dict)
    mean_basis: str = ""
    """How many people the mean rests on ("from 2 of 4"), shown under the driver's name."""
    mean_hidden: bool = False
    """The mean is withheld (its elements not all revealed yet): the chart says so instead."""

    @property
    def lowest(self) -> int:
        return self.thresholds[0][0]

    @property
    def highest(self) -> int:
        return self.thresholds[-1][1]


def draw_bands(plot, column: int, thresholds, level_count: int, font: QFont, label) -> None:
    """A driver's own bands as the background of its column ``column`` of ``plot``, each tinted in its
    level's colour and labelled ``label(band, low, high)`` at its left edge (pyqtgraph items)."""
    pg = _pg()
    for band, (low, high) in enumerate(thresholds, start=1):
        top = thresholds[band][0] if band < len(thresholds) else high + 0.5
        bottom = low if band > 1 else low - 0.5
        colour = palette.tint(palette.level_colour(band, level_count), 110)
        plot.addItem(
            pg.BarGraphItem(
                x0=[column - 0.46], y0=[bottom], width=0.92, height=[top - bottom], brush=colour, pen=pg.mkPen(None)
            )
        )
        text = pg.TextItem(label(band, low, high), color="#333333", anchor=(0, 0.5))
        text.setFont(font)
        text.setPos(column - 0.46, (bottom + top) / 2)
        plot.addItem(text)


class DriverBarsChart(_LazyPlot):
    """Per driver: its bands as coloured background, the agreed total and the individual mean as bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Driver totals against their bands")
        self._drivers: list[DriverSeries] = []
        self._level_names: list[str] = []
        self._agreed_name = "Agreed"
        self._mean_name = "Mean"
        self._driver_items: dict[int, list] = {}
        """Each driver's bars and labels (pyqtgraph items), so that one driver is drawn again alone."""

    def tick_labels(self) -> list[tuple[int, str]]:
        """Each driver's name under its bars, with how many people its mean rests on."""
        labels = []
        for i, d in enumerate(self._drivers):
            text = wrap_two_lines(d.title)
            if d.mean_hidden:
                text += "\nmean hidden"
            elif d.mean is not None and d.mean_basis:
                text += f"\nmean {d.mean_basis}"
            labels.append((i, text))
        return labels

    def set_data(
        self, drivers: Sequence[DriverSeries], level_names: Sequence[str], agreed_name: str, mean_name: str
    ) -> None:
        self._drivers = list(drivers)
        self._level_names = list(level_names)
        self._agreed_name, self._mean_name = agreed_name, mean_name
        self._refresh()

    def update_drivers(self, drivers: Sequence[DriverSeries]) -> None:
        """New values for some drivers (the same drivers as before): only their bars are drawn again."""
        index = {d.driver_id: i for i, d in enumerate(self._drivers)}
        changed = [(index[d.driver_id], d) for d in drivers if d.driver_id in index]
        changed = [(i, d) for i, d in changed if self._drivers[i] != d]
        if not changed:
            return
        for i, d in changed:
            self._drivers[i] = d
        if self.plot is None or self._dirty or not self.isVisible() or not self._driver_items:
            self._refresh()
            return
        for i, _d in changed:
            for item in self._driver_items.pop(i, []):
                self.plot.removeItem(item)
            self._driver_items[i] = self._draw_driver(i)
        self._draw_ticks()

    def _redraw(self) -> None:
        self._dirty = False
        self._driver_items = {}
        if self.plot is None:
            return
        pg = _pg()
        plot = self.plot
        plot.clear()
        if not self._drivers:
            return
        k = len(self._level_names)
        lowest = min(d.lowest for d in self._drivers)
        highest = max(d.highest for d in self._drivers)
        small = self._axis_font(0.9)
        for i, d in enumerate(self._drivers):
            draw_bands(plot, i, d.thresholds, k, small, lambda band, low, high: f"{band} · {low}–{high}")
        for i in range(len(self._drivers)):
            self._driver_items[i] = self._draw_driver(i)
        self._draw_ticks()
        left = plot.getAxis("left")
        left.setTicks([[(v, str(v)) for v in range(lowest, highest + 1)]])
        left.setStyle(tickFont=self._axis_font())
        plot.setXRange(-0.6, len(self._drivers) - 0.4, padding=0)
        plot.setYRange(lowest - 0.5, highest + 1.6, padding=0)
        legend = pg.TextItem(
            html=(
                # Dark text, as the chart's background is white whatever the palette (high contrast).
                f"<span style='color:#111111'><span style='color:{palette.AGREED_COLOUR}'>■</span> "
                f"{self._agreed_name}&nbsp;&nbsp;<span style='color:#555555'>■</span> {self._mean_name}</span>"
            ),
            anchor=(0, 0),
        )
        legend.setFont(self._axis_font())
        legend.setPos(-0.55, highest + 1.55)
        plot.addItem(legend)

    def _draw_driver(self, i: int) -> list:
        """Driver ``i``'s agreed total and mean as bars with their values (the items, to replace later)."""
        pg = _pg()
        d = self._drivers[i]
        small = self._axis_font(0.9)
        bold = self._axis_font(1.1)
        bold.setBold(True)
        base = min(x.lowest for x in self._drivers) - 0.5
        items = []
        for offset, value, colour, text in (
            (0.06, d.agreed, palette.AGREED_COLOUR, d.agreed_label),
            (0.31, d.mean, "#555555", "hidden" if d.mean_hidden else None),
        ):
            if value is None:
                if text:
                    note = pg.TextItem(text, color="#111111", anchor=(0.5, 1.0))
                    note.setFont(small)
                    note.setPos(i + offset, base + 1.5)
                    items.append(note)
                continue
            items.append(
                pg.BarGraphItem(
                    x=[i + offset], y0=[base], height=[value - base], width=0.23, brush=colour, pen=pg.mkPen("#111111")
                )
            )
            label = pg.TextItem(f"{value:.1f}" if text is None else text, color="#111111", anchor=(0.5, 1.0))
            label.setFont(bold)
            label.setPos(i + offset, value + 0.05)
            items.append(label)
        for item in items:
            self.plot.addItem(item)
        return items

    def _draw_ticks(self) -> None:
        ticks = self.tick_labels()
        axis = self.plot.getAxis("bottom")
        axis.setTicks([ticks])
        axis.setStyle(tickFont=self._axis_font(1.15), tickTextOffset=6)
        lines = max((text.count("\n") + 1 for _i, text in ticks), default=2)
        axis.setHeight(int(self._axis_font(1.15).pointSizeF() * 2.5 * lines))


# --- radar -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarSeries:
    name: str
    values: dict[str, float | None]
    """driver id -> total (agreed or mean); None where there is none."""
    colour: str
    dashed: bool = False
    width: float = 2.0


class RadarChart(QWidget):
    """The drivers on a radar. Each axis runs from that driver's lowest to highest total, so
    the bands, which differ per driver, are drawn as irregular coloured rings."""

    INNER = 0.12
    """Share of the radius left empty at the centre so the lowest total stays visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Radar chart of the driver totals")
        self.setMinimumSize(320, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._drivers: list[DriverSeries] = []
        self._series: list[RadarSeries] = []
        self._level_names: list[str] = []

    def sizeHint(self) -> QSize:
        return QSize(640, 560)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.update()

    def set_data(self, drivers: Sequence[DriverSeries], series: Sequence[RadarSeries], level_names: Sequence[str]):
        self._drivers = list(drivers)
        self._series = list(series)
        self._level_names = list(level_names)
        self.update()

    def series(self) -> list[RadarSeries]:
        return list(self._series)

    # geometry -------------------------------------------------------------------------------

    def radius_of(self, driver: DriverSeries, value: float) -> float:
        """0..1 along the driver's axis; ``INNER`` is its lowest possible total."""
        span = driver.highest - driver.lowest
        share = (min(max(value, driver.lowest), driver.highest) - driver.lowest) / span if span else 0.0
        return self.INNER + (1 - self.INNER) * share

    def _angle(self, index: int) -> float:
        return -math.pi / 2 + 2 * math.pi * index / max(1, len(self._drivers))

    def _point(self, centre: QPointF, radius: float, index: int, share: float) -> QPointF:
        a = self._angle(index)
        return QPointF(centre.x() + math.cos(a) * radius * share, centre.y() + math.sin(a) * radius * share)

    # painting -------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        if not self._drivers:
            p.end()
            return
        k = len(self._level_names)
        font = scaled_font(self.font(), 1.0)
        p.setFont(font)
        fm = p.fontMetrics()
        fm_height = fm.height()
        legend_texts = [s.name for s in self._series] + [f"{b} {n}" for b, n in enumerate(self._level_names, 1)]
        legend_w = max(fm.horizontalAdvance(t) for t in legend_texts) + 50
        area = QRectF(self.rect()).adjusted(8, 8, -16 - legend_w, -8)
        label_w = min(230.0, area.width() * 0.24)
        radius = max(40.0, min(area.width() / 2 - label_w - 14, area.height() / 2 - fm_height * 2.8 - 14))
        centre = area.center()
        n = len(self._drivers)

        # Bands: ring b runs from the band's lower bound to the next band's lower bound.
        for band in range(1, k + 1):
            inner, outer = QPolygonF(), QPolygonF()
            for i, d in enumerate(self._drivers):
                low = d.thresholds[band - 1][0]
                top = d.thresholds[band][0] if band < k else d.highest
                inner.append(self._point(centre, radius, i, self.radius_of(d, low)))
                outer.append(self._point(centre, radius, i, self.radius_of(d, top)))
            ring = QPainterPath()
            ring.addPolygon(outer)
            ring.closeSubpath()
            hole = QPainterPath()
            hole.addPolygon(inner)
            hole.closeSubpath()
            p.fillPath(ring.subtracted(hole), palette.tint(palette.level_colour(band, k), 120))

        # Axes and the band lower bounds as ticks with their numbers.
        p.setFont(scaled_font(self.font(), 0.9))
        for i, d in enumerate(self._drivers):
            p.setPen(QPen(QColor("#777777"), 1))
            p.drawLine(self._point(centre, radius, i, self.INNER), self._point(centre, radius, i, 1.0))
            for low, _high in d.thresholds[1:]:
                pt = self._point(centre, radius, i, self.radius_of(d, low))
                a = self._angle(i) + math.pi / 2
                dx, dy = math.cos(a) * 6, math.sin(a) * 6
                p.setPen(QPen(QColor("#333333"), 2))
                p.drawLine(QPointF(pt.x() - dx, pt.y() - dy), QPointF(pt.x() + dx, pt.y() + dy))
                p.setPen(QColor("#333333"))
                p.drawText(QRectF(pt.x() + dx + 1, pt.y() + dy - 9, 30, 18), Qt.AlignmentFlag.AlignLeft, str(low))

        # Data series.
        for s in self._series:
            pen = QPen(QColor(s.colour), s.width)
            pen.setStyle(Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            points: list[QPointF | None] = []
            for i, d in enumerate(self._drivers):
                v = s.values.get(d.driver_id)
                points.append(None if v is None else self._point(centre, radius, i, self.radius_of(d, v)))
            p.setPen(pen)
            for i in range(n):
                a, b = points[i], points[(i + 1) % n]
                if a is not None and b is not None and n > 1:
                    p.drawLine(a, b)
            p.setBrush(QBrush(QColor(s.colour)))
            p.setPen(QPen(QColor("white"), 1))
            for pt in points:
                if pt is not None:
                    p.drawEllipse(pt, s.width + 2.5, s.width + 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)

        # Driver labels with the agreed total.
        title_font = scaled_font(self.font(), 1.0, bold=True)
        for i, d in enumerate(self._drivers):
            pt = self._point(centre, radius + 14, i, 1.0)
            a = self._angle(i)
            w, h = label_w, fm_height * 3.2
            x = pt.x() - w / 2 + math.cos(a) * w / 2
            y = pt.y() - h / 2 + math.sin(a) * h / 2
            rect = QRectF(x, y, w, h)
            align = Qt.AlignmentFlag.AlignHCenter
            if math.cos(a) > 0.3:
                align = Qt.AlignmentFlag.AlignLeft
            elif math.cos(a) < -0.3:
                align = Qt.AlignmentFlag.AlignRight
            vert = Qt.AlignmentFlag.AlignVCenter
            if math.sin(a) < -0.7:
                vert = Qt.AlignmentFlag.AlignBottom
            elif math.sin(a) > 0.7:
                vert = Qt.AlignmentFlag.AlignTop
            p.setFont(title_font)
            p.setPen(QColor("#111111"))
            total = d.agreed_label
            if d.agreed is not None:
                total += f" · level {band_for(d.agreed, d.thresholds)}"
            p.drawText(rect, int(align | vert | Qt.TextFlag.TextWordWrap), f"{d.title}\n{total}")

        # Legend, to the right: the series, then the bands.
        p.setFont(font)
        x = area.right() + 12
        y = area.top() + fm_height
        for s in self._series:
            pen = QPen(QColor(s.colour), s.width + 1)
            pen.setStyle(Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, y), QPointF(x + 30, y))
            p.setPen(QColor("#111111"))
            p.drawText(QRectF(x + 38, y - fm_height / 2, legend_w, fm_height), Qt.AlignmentFlag.AlignVCenter, s.name)
            y += fm_height * 1.5
        y += fm_height * 0.5
        for band, name in enumerate(self._level_names, start=1):
            swatch = QRectF(x + 4, y - fm_height / 2 + 1, 22, fm_height - 2)
            p.fillRect(swatch, palette.tint(palette.level_colour(band, k), 160))
            p.setPen(QColor("#111111"))
            text = f"{band} {name}"
            p.drawText(QRectF(x + 38, y - fm_height / 2, legend_w, fm_height), Qt.AlignmentFlag.AlignVCenter, text)
            y += fm_height * 1.5
        p.end()
