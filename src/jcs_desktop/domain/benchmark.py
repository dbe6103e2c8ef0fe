"""How a partnership compares: its agreed totals and levels beside other workshops', and its
sectors' totals beside each other, with small numbers never shown.

Pure functions of plain data, so the screen and the exports say the same thing.

Decisions where the issue is silent:

- The comparison group is one workshop per series (per partnership): the latest (by date,
  then id) that is not excluded from benchmarks. A partnership that met three times counts
  once, with where it stands now. The workshop being compared is in the group (as its
  series' entry), so "where this partnership stands" is a rank within the same figures.
- A driver's figure rests on the group's workshops that have an agreed total for it (every
  element agreed); an element's on those that agreed a level. Fewer than ``MIN_WORKSHOPS``
  of them: no figure, only the reason.
- Sectors: a sector's figure rests on its participants who scored every element of the
  driver; a sector of fewer than ``MIN_PEOPLE`` participants is never shown, whatever the
  driver (so that a sector's size cannot be worked out from one driver to the next).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import Distribution, Score, band_for, describe, driver_total

MIN_WORKSHOPS = 3
"""No benchmark figure is shown from fewer workshops than this."""
MIN_PEOPLE = 3
"""No sector figure is shown from fewer participants than this."""


@dataclass(frozen=True)
class Entry:
    """One workshop as the benchmark sees it."""

    workshop_id: int
    series_id: int
    """The first workshop of its series: entries with the same series are one partnership."""
    date: str
    """ISO date, "" for none (latest is by date, then id)."""
    agreed: Mapping[str, int | None]
    excluded: bool = False


def comparison_group(entries: Sequence[Entry]) -> list[Entry]:
    """One entry per series: its latest that is not excluded."""
    latest: dict[int, Entry] = {}
    for e in entries:
        if e.excluded:
            continue
        best = latest.get(e.series_id)
        if best is None or (e.date, e.workshop_id) > (best.date, best.workshop_id):
            latest[e.series_id] = e
    return sorted(latest.values(), key=lambda e: e.workshop_id)


@dataclass(frozen=True)
class Figure:
    """One driver's or element's benchmark: the group's distribution and this workshop's place,
    or (``shown`` False) why there is none."""

    key: str
    """A driver id or an element id."""
    n: int
    """Workshops it rests on."""
    distribution: Distribution | None
    value: int | None
    """This workshop's agreed total (driver) or level (element); None if it has none."""
    below: int = 0
    """Workshops of the group below this value."""
    same: int = 0
    """Workshops of the group at this value, this one included."""
    band: int | None = None
    """For a driver: the band of the group's median."""

    @property
    def shown(self) -> bool:
        return self.distribution is not None

    @property
    def above(self) -> int:
        return self.n - self.below - self.same if self.value is not None else 0

    def reason(self) -> str:
        """Why nothing is shown (empty when it is)."""
        if self.shown:
            return ""
        return (
            f"Not shown: it would rest on {self.n} workshop{'s' if self.n != 1 else ''}, "
            f"and no comparison is shown from fewer than {MIN_WORKSHOPS}"
        )

    def standing(self) -> str:
        """Where this workshop stands: 'above the median', 'at the median', 'below the median' ('' if unknown)."""
        if not self.shown or self.value is None or self.distribution is None or self.distribution.median is None:
            return ""
        median = self.distribution.median
        return (
            "above the median"
            if self.value > median
            else "below the median"
            if self.value < median
            else "at the median"
        )


def _figure(key: str, values: list[int], value: int | None, thresholds=None) -> Figure:
    n = len(values)
    if n < MIN_WORKSHOPS:
        return Figure(key, n, None, value)
    dist = describe(values)
    below = sum(1 for v in values if value is not None and v < value)
    same = sum(1 for v in values if value is not None and v == value)
    band = band_for(dist.median, thresholds) if thresholds is not None and dist.median is not None else None
    return Figure(key, n, dist, value, below, same, band)


@dataclass(frozen=True)
class Benchmark:
    workshop_id: int
    group: int
    """Workshops in the comparison group (one per partnership)."""
    drivers: dict[str, Figure]
    elements: dict[str, Figure]


def benchmark(framework: Framework, entries: Sequence[Entry], workshop_id: int) -> Benchmark:
    """The benchmark of ``workshop_id`` (which must be one of ``entries``) against the group.

    The workshop stands in for its own series in the group even when it is not the latest of
    it, or is excluded (its own figures are always its own to see).
    """
    this = next(e for e in entries if e.workshop_id == workshop_id)
    group = [e for e in comparison_group(entries) if e.series_id != this.series_id] + [this]
    drivers: dict[str, Figure] = {}
    elements: dict[str, Figure] = {}
    for driver in framework.drivers:
        totals = [t for t in (driver_total(driver, e.agreed).total for e in group) if t is not None]
        mine = driver_total(driver, this.agreed).total
        drivers[driver.id] = _figure(driver.id, totals, mine, driver.thresholds)
        for element in driver.elements:
            levels = [v for v in (e.agreed.get(element.id) for e in group) if v is not None]
            elements[element.id] = _figure(element.id, levels, this.agreed.get(element.id))
    return Benchmark(workshop_id, len(group), drivers, elements)


@dataclass(frozen=True)
class SectorFigure:
    sector: str
    people: int
    """Participants of the sector in this workshop."""
    totals: dict[str, Distribution | None] | None
    """Per driver: the sector's totals (of those who scored every element of it; None when fewer
    than ``MIN_PEOPLE`` did); None: the sector is not shown at all."""

    @property
    def shown(self) -> bool:
        return self.totals is not None

    def reason(self) -> str:
        if self.shown:
            return ""
        return f"Not shown: {self.people} {'person' if self.people == 1 else 'people'}, fewer than {MIN_PEOPLE}"


def sector_figures(
    framework: Framework, individual: Mapping[int, Mapping[str, Score]], sectors: Mapping[int, str]
) -> list[SectorFigure]:
    """Per sector of this workshop's participants (alphabetical; no sector is "Not given"): the
    statistics of its people's driver totals, or why it is not shown."""
    people: dict[str, list[int]] = {}
    for pid in individual:
        people.setdefault(sectors.get(pid, "") or "Not given", []).append(pid)
    found = []
    for sector in sorted(people):
        ids = people[sector]
        if len(ids) < MIN_PEOPLE:
            found.append(SectorFigure(sector, len(ids), None))
            continue
        totals = {}
        for driver in framework.drivers:
            values = [t for t in (driver_total(driver, individual[p]).total for p in ids) if t is not None]
            totals[driver.id] = describe(values) if len(values) >= MIN_PEOPLE else None
        found.append(SectorFigure(sector, len(ids), totals))
    return found


__all__ = [
    "MIN_PEOPLE",
    "MIN_WORKSHOPS",
    "Benchmark",
    "Entry",
    "Figure",
    "SectorFigure",
    "benchmark",
    "comparison_group",
    "sector_figures",
]
