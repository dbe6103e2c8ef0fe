"""The final-scores charts: the radar (each driver on its own axis, optionally each sector's
mean) and the driver bars over each driver's own bands.

The page hands over one ``DriverSeries`` per driver; after a change only the drivers it
names are handed over again, and only their bars are drawn again. A driver whose elements
Reconcile has not all revealed comes without its mean, sector means or basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import DriverResult, Score, describe, driver_total
from jcs_desktop.services.dto import ParticipantRecord
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import DriverBarsChart, DriverSeries, RadarChart, RadarSeries

AGREED_NAME = "Agreed total"
MEAN_NAME = "Mean of individual totals"


def sector_means(
    fw: Framework,
    participants: Sequence[ParticipantRecord],
    scores: Mapping[int, Mapping[str, Score]],
    driver_ids: Iterable[str],
) -> dict[str, dict[str, float | None]]:
    """Per sector (alphabetical), per driver of ``driver_ids``: the mean total of that sector's
    participants who scored every element of the driver (as ``sector_driver_totals``)."""
    drivers = [fw.driver(d) for d in driver_ids]
    totals: dict[str, dict[str, list[int]]] = {}
    for person in participants:
        per_driver = totals.setdefault(person.sector, {d.id: [] for d in drivers})
        for d in drivers:
            total = driver_total(d, scores.get(person.id, {})).total
            if total is not None:
                per_driver[d.id].append(total)
    return {s: {d: describe(v).mean for d, v in per.items()} for s, per in sorted(totals.items())}


def driver_series(
    result: DriverResult, shown: bool, by_sector: Mapping[str, Mapping[str, float | None]]
) -> DriverSeries:
    """How the charts draw ``result``; without what rests on individual scores unless ``shown``."""
    return DriverSeries(
        result.driver_id,
        result.title,
        result.thresholds,
        float(result.agreed.total) if result.agreed.total is not None else None,
        result.agreed.label(),
        result.individual_totals.mean if shown else None,
        {s: (per.get(result.driver_id) if shown else None) for s, per in by_sector.items()},
        result.mean_basis() if shown else "",
        mean_hidden=not shown,
    )


class FinalCharts:
    """The two chart tabs' widgets (``radar_tab``, ``bars``) and what they show."""

    def __init__(self, fw: Framework, parent: QWidget) -> None:
        self.fw = fw
        self.radar = RadarChart(parent)
        self.sectors_check = QCheckBox("Show each sector's mean", parent)
        self.sectors_check.setAccessibleName("Show each sector's mean on the radar")
        self.sectors_check.toggled.connect(lambda _on: self._draw_radar())
        self.radar_tab = QWidget(parent)
        layout = QVBoxLayout(self.radar_tab)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.sectors_check)
        layout.addWidget(self.radar, 1)
        self.bars = DriverBarsChart(parent)
        self._drivers: list[DriverSeries] = []
        self._sectors: list[str] = []

    @property
    def drivers(self) -> list[DriverSeries]:
        return list(self._drivers)

    def set_drivers(self, drivers: Sequence[DriverSeries], sectors: Sequence[str]) -> None:
        """Every driver afresh."""
        self._drivers = list(drivers)
        self._sectors = list(sectors)
        self._draw_radar()
        self.bars.set_data(self._drivers, self._level_names(), AGREED_NAME, MEAN_NAME)

    def update_drivers(self, drivers: Sequence[DriverSeries]) -> None:
        """New values for some drivers: the radar's points move, only their bars are drawn again."""
        new = {d.driver_id: d for d in drivers}
        updated = [new.get(d.driver_id, d) for d in self._drivers]
        if updated == self._drivers:
            return
        self._drivers = updated
        self._draw_radar()
        self.bars.update_drivers(list(new.values()))

    def _level_names(self) -> list[str]:
        return [lv.name for lv in self.fw.levels]

    def _draw_radar(self) -> None:
        drivers = self._drivers
        series = [
            RadarSeries(AGREED_NAME, {d.driver_id: d.agreed for d in drivers}, palette.AGREED_COLOUR, width=3.5),
            RadarSeries(MEAN_NAME, {d.driver_id: d.mean for d in drivers}, palette.MEAN_COLOUR, dashed=True),
        ]
        if self.sectors_check.isChecked():
            for i, sector in enumerate(self._sectors):
                values = {d.driver_id: d.by_sector.get(sector) for d in drivers}
                series.append(RadarSeries(sector or "No sector", values, palette.series_colour(i).name(), width=1.5))
        self.radar.set_data(drivers, series, self._level_names())  # painted when next on screen


__all__ = ["AGREED_NAME", "MEAN_NAME", "FinalCharts", "driver_series", "sector_means"]
