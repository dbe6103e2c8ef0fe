"""Progress over time: per driver its own bands as the background, and one bar per workshop of
the series (oldest lightest, this workshop in the agreed colour) with its agreed total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QColor

from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import _LazyPlot, _pg, draw_bands, wrap_two_lines


@dataclass(frozen=True)
class DriverHistory:
    driver_id: str
    title: str
    thresholds: tuple[tuple[int, int], ...]
    totals: tuple[int | None, ...]
    """The agreed total at each workshop, oldest first (None: not every element agreed)."""


def shade(index: int, count: int) -> QColor:
    """The colour of workshop ``index`` of ``count``: from grey (oldest) to the agreed colour (this one)."""
    end = QColor(palette.AGREED_COLOUR)
    if count <= 1 or index == count - 1:
        return end
    start = QColor("#b8b8b8")
    f = index / (count - 1)
    return QColor(
        round(start.red() + (end.red() - start.red()) * f * 0.6),
        round(start.green() + (end.green() - start.green()) * f * 0.6),
        round(start.blue() + (end.blue() - start.blue()) * f * 0.6),
    )


class ProgressChart(_LazyPlot):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Agreed totals over the workshops of the series, against each driver's bands")
        self._drivers: list[DriverHistory] = []
        self._labels: list[str] = []
        self._level_count = 4

    def set_data(self, drivers: Sequence[DriverHistory], workshop_labels: Sequence[str], level_count: int) -> None:
        self._drivers = list(drivers)
        self._labels = list(workshop_labels)
        self._level_count = level_count
        self._refresh()

    def drivers(self) -> list[DriverHistory]:
        return list(self._drivers)

    def _redraw(self) -> None:
        self._dirty = False
        if self.plot is None:
            return
        pg = _pg()
        plot = self.plot
        plot.clear()
        if not self._drivers:
            return
        k = self._level_count
        n = max(1, len(self._labels))
        lowest = min(d.thresholds[0][0] for d in self._drivers)
        highest = max(d.thresholds[-1][1] for d in self._drivers)
        small = self._axis_font(0.85)
        bold = self._axis_font(0.95)
        bold.setBold(True)
        base = lowest - 0.5
        width = 0.84 / n
        for i, d in enumerate(self._drivers):
            draw_bands(plot, i, d.thresholds, k, small, lambda band, _low, _high: str(band))
            for j, total in enumerate(d.totals):
                x = i - 0.42 + width * (j + 0.5)
                if total is None:
                    note = pg.TextItem("–", color="#111111", anchor=(0.5, 1.0))
                    note.setFont(small)
                    note.setPos(x, base + 1.2)
                    plot.addItem(note)
                    continue
                plot.addItem(
                    pg.BarGraphItem(
                        x=[x],
                        y0=[base],
                        height=[total - base],
                        width=width * 0.86,
                        brush=shade(j, len(d.totals)),
                        pen=pg.mkPen("#111111"),
                    )
                )
                value = pg.TextItem(str(total), color="#111111", anchor=(0.5, 1.0))
                value.setFont(bold if j == len(d.totals) - 1 else small)
                value.setPos(x, total + 0.05)
                plot.addItem(value)
        axis = plot.getAxis("bottom")
        axis.setTicks([[(i, wrap_two_lines(d.title)) for i, d in enumerate(self._drivers)]])
        axis.setStyle(tickFont=self._axis_font(1.0), tickTextOffset=6)
        axis.setHeight(int(self._axis_font(1.0).pointSizeF() * 5.5))
        left = plot.getAxis("left")
        left.setTicks([[(v, str(v)) for v in range(lowest, highest + 1) if v % 5 == 0 or v == lowest]])
        left.setStyle(tickFont=self._axis_font(0.9))
        plot.setXRange(-0.6, len(self._drivers) - 0.4, padding=0)
        plot.setYRange(base, highest + 1.8, padding=0)
        keys = "&nbsp;&nbsp;".join(
            f"<span style='color:{shade(j, n).name()}'>■</span> {escape(text)}" for j, text in enumerate(self._labels)
        )
        legend = pg.TextItem(html=f"<span style='color:#111111'>{keys}</span>", anchor=(0, 0))
        legend.setFont(self._axis_font(0.95))
        legend.setPos(-0.55, highest + 1.75)
        plot.addItem(legend)
