"""The scoring rules of the workbook, as pure functions over plain data.

Nothing here knows about Qt or the database: callers pass mappings of element
id -> score and get frozen result objects back.

Rules (see README "Scoring rules"):
- an element score is a level 1..K, "not sure" (kept, but not a score), or unscored;
- a driver total exists only when all of its elements are scored, else "k of M scored";
- a value's band is looked up in that driver's own thresholds; a non-integer value
  (a mean of totals) falls in the band whose lower bound it has reached.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# Defined apart (the main window needs them without the rules); still importable from here.
from jcs_desktop.domain.values import NOT_SURE, Score

if TYPE_CHECKING:  # annotations only: the scoring rules need no pydantic to be imported
    from jcs_desktop.content.schema import Driver, Framework

DEFAULT_DIVERGENCE_RANGE = 2
"""An element whose individual scores span this many levels or more is flagged."""


class ScoreError(ValueError):
    """An out-of-range or malformed score."""


def check_score(value: Score, level_count: int) -> Score:
    """Return ``value`` if it is a valid score for a framework with ``level_count`` levels."""
    if value is None or value == NOT_SURE:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoreError(f"a score must be a level 1–{level_count} or 'not sure', not {value!r}")
    if not 1 <= value <= level_count:
        raise ScoreError(f"score {value} is outside 1–{level_count}")
    return value


def is_level(value: Score) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class DriverTotal:
    """A driver's total, or how far it is from having one."""

    total: int | None
    scored: int
    of: int

    @property
    def complete(self) -> bool:
        return self.total is not None

    def label(self) -> str:
        return str(self.total) if self.total is not None else f"{self.scored} of {self.of} scored"


def driver_total(driver: Driver, scores: Mapping[str, Score]) -> DriverTotal:
    """Sum of the driver's element levels; ``total`` is None unless every element has a level."""
    levels = [scores.get(e.id) for e in driver.elements]
    scored = [v for v in levels if is_level(v)]
    total = sum(scored) if len(scored) == len(levels) else None  # type: ignore[arg-type]
    return DriverTotal(total=total, scored=len(scored), of=len(levels))


def band_for(value: float, thresholds: Sequence[tuple[int, int]]) -> int:
    """The 1-based band of ``value``: the highest band whose lower bound it has reached.

    11.0 is band 2 for thresholds [[5,10],[11,14],...]; 10.9 is band 1. Values outside
    the possible range raise ScoreError rather than being clamped silently.
    """
    if math.isnan(value):
        raise ScoreError("cannot band a missing value")
    lowest, highest = thresholds[0][0], thresholds[-1][1]
    if value < lowest or value > highest:
        raise ScoreError(f"{value:g} is outside the possible totals {lowest}–{highest}")
    band = 1
    for i, (low, _high) in enumerate(thresholds, start=1):
        if value >= low:
            band = i
    return band


def points_to_next_band(value: float, thresholds: Sequence[tuple[int, int]]) -> float | None:
    """How many points ``value`` lacks to reach the next band; None in the top band."""
    band = band_for(value, thresholds)
    if band >= len(thresholds):
        return None
    return thresholds[band][0] - value


# --- statistics across participants -------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """Statistics of a set of levels (per element) or totals (per driver)."""

    n: int
    mean: float | None
    median: float | None
    min: int | None
    max: int | None
    range: int | None
    stdev: float | None
    counts: dict[int, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "mean": self.mean,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "range": self.range,
            "stdev": self.stdev,
            "counts": {str(k): v for k, v in self.counts.items()},
        }


def describe(values: Iterable[int], levels: Sequence[int] = ()) -> Distribution:
    """n, mean, median, min, max, range, population standard deviation and counts.

    The population standard deviation is used because the group in the room is the
    whole population being described, not a sample. ``levels`` lists the values whose
    counts should appear even when zero (1..K for element scores).

    Plain integer maths, not the ``statistics`` module (two thirds of the time of
    ``compute_results``): the same floats to the last bit, as ``test_domain_scoring`` checks
    against the module. The mean and median are one correctly rounded division each, as
    ``fmean`` and ``median`` give for integers; the standard deviation is the correctly
    rounded square root of the exact variance, the very rounding ``pstdev`` does.
    """
    data = sorted(values)
    counts = {level: 0 for level in levels}
    for v in data:
        counts[v] = counts.get(v, 0) + 1
    if not data:
        return Distribution(0, None, None, None, None, None, None, counts)
    if not (all(type(v) is int for v in data) and data[0] >= -(2**53) and data[-1] <= 2**53):
        # Never from a workshop (levels and totals are small integers); other numbers as before.
        return Distribution(
            n=len(data),
            mean=statistics.fmean(data),
            median=float(statistics.median(data)),
            min=data[0],
            max=data[-1],
            range=data[-1] - data[0],
            stdev=statistics.pstdev(data),
            counts=counts,
        )
    n = len(data)
    total = sum(data)
    squares = sum(v * v for v in data)
    half = n // 2
    median = float(data[half]) if n % 2 else (data[half - 1] + data[half]) / 2
    return Distribution(
        n=n,
        mean=float(total) / n,  # fmean: the sum of exact floats, correctly rounded, then divided
        median=median,
        min=data[0],
        max=data[-1],
        range=data[-1] - data[0],
        stdev=_pstdev(n, total, squares),
        counts=counts,
    )


def _pstdev(n: int, total: int, squares: int) -> float:
    """The population standard deviation of n integers, from their sum and sum of squares.

    The variance is exactly (n·Σx² − (Σx)²) / n², reduced as ``statistics`` reduces its Fraction;
    its square root is rounded as ``statistics._float_sqrt_of_frac`` rounds it (correctly, so
    any exact method gives this one float).
    """
    numerator = n * squares - total * total
    if numerator == 0:
        return 0.0
    denominator = n * n
    g = math.gcd(numerator, denominator)
    numerator //= g
    denominator //= g
    return _float_sqrt_of_frac(numerator, denominator)


_SQRT_BIT_WIDTH = 2 * 53 + 3


def _float_sqrt_of_frac(n: int, m: int) -> float:
    """Square root of n/m as a float, correctly rounded (round to odd on an integer square root
    of 109 bits, then one rounding to the 53 bits of a float)."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BIT_WIDTH) // 2
    if q >= 0:
        numerator = _isqrt_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _isqrt_rto(n << -2 * q, m)
        denominator = 1 << -q
    return numerator / denominator


def _isqrt_rto(n: int, m: int) -> int:
    """Square root of n/m, rounded to an integer by round-to-odd."""
    a = math.isqrt(n // m)
    return a | (a * a * m != n)


@dataclass(frozen=True)
class ElementStats:
    element_id: str
    overall: Distribution
    not_sure: int
    unscored: int
    by_sector: dict[str, Distribution]
    divergent: bool

    def to_dict(self) -> dict[str, object]:
        return {
            **self.overall.to_dict(),
            "not_sure": self.not_sure,
            "unscored": self.unscored,
            "divergent": self.divergent,
            "by_sector": {s: d.to_dict() for s, d in self.by_sector.items()},
        }


def element_stats(
    element_id: str,
    individual: Mapping[str, Mapping[str, Score]],
    sectors: Mapping[str, str],
    level_count: int,
    divergence_range: int = DEFAULT_DIVERGENCE_RANGE,
) -> ElementStats:
    """Statistics of one element across participants (``individual``: participant -> element -> score)."""
    values: list[int] = []
    not_sure = unscored = 0
    for scores in individual.values():
        value = scores.get(element_id)
        if is_level(value):
            values.append(value)  # type: ignore[arg-type]
        elif value == NOT_SURE:
            not_sure += 1
        else:
            unscored += 1
    overall = describe(values, range(1, level_count + 1))
    return ElementStats(
        element_id=element_id,
        overall=overall,
        not_sure=not_sure,
        unscored=unscored,
        by_sector=sector_stats(element_id, individual, sectors, level_count),
        divergent=overall.range is not None and overall.range >= divergence_range,
    )


def sector_stats(
    element_id: str,
    individual: Mapping[str, Mapping[str, Score]],
    sectors: Mapping[str, str],
    level_count: int,
) -> dict[str, Distribution]:
    """An element's statistics per sector, for another grouping of participants into sectors
    (an anonymised report merges small ones); equal to ``element_stats(...).by_sector``."""
    levels = range(1, level_count + 1)
    grouped: dict[str, list[int]] = {}
    for participant, scores in individual.items():
        value = scores.get(element_id)
        if is_level(value):
            grouped.setdefault(sectors.get(participant, ""), []).append(value)  # type: ignore[arg-type]
    return {s: describe(v, levels) for s, v in sorted(grouped.items())}


# --- whole-system results -----------------------------------------------------------


@dataclass(frozen=True)
class DriverResult:
    driver_id: str
    title: str
    thresholds: tuple[tuple[int, int], ...]
    agreed: DriverTotal
    agreed_band: int | None
    individual_totals: Distribution
    """Statistics of the totals of participants who scored all the driver's elements."""
    mean_band: int | None
    gap: float | None
    """Agreed total minus the mean of individual totals (positive: the group agreed higher)."""
    points_to_next_band: float | None
    individual_of: int = 0
    """How many participants there are: the mean of individual totals rests on
    ``individual_from`` of them (the others left an element unscored or "not sure")."""

    @property
    def individual_from(self) -> int:
        return self.individual_totals.n

    def mean_basis(self) -> str:
        """'from 2 of 4': how many people's totals the mean of individual totals rests on."""
        return f"from {self.individual_from} of {self.individual_of}"

    def to_dict(self, level_names: Sequence[str]) -> dict[str, object]:
        def name(band: int | None) -> str | None:
            return level_names[band - 1] if band else None

        return {
            "id": self.driver_id,
            "title": self.title,
            "thresholds": [list(t) for t in self.thresholds],
            "agreed_total": self.agreed.total,
            "agreed_scored": self.agreed.scored,
            "agreed_label": self.agreed.label(),
            "band": self.agreed_band,
            "band_name": name(self.agreed_band),
            "individual_mean": self.individual_totals.mean,
            "individual_mean_band": self.mean_band,
            "individual_mean_band_name": name(self.mean_band),
            "individual_totals": self.individual_totals.to_dict(),
            "individual_from": self.individual_from,
            "individual_of": self.individual_of,
            "gap": self.gap,
            "points_to_next_band": self.points_to_next_band,
        }


@dataclass(frozen=True)
class Results:
    drivers: list[DriverResult]
    elements: dict[str, ElementStats]
    agreed: dict[str, int | None]
    level_names: list[str]

    def driver(self, driver_id: str) -> DriverResult:
        for d in self.drivers:
            if d.driver_id == driver_id:
                return d
        raise KeyError(driver_id)

    def divergent_elements(self) -> list[ElementStats]:
        """Elements ordered by divergence, largest spread first (ties: standard deviation)."""
        return sorted(
            (s for s in self.elements.values() if s.overall.n),
            key=lambda s: (-(s.overall.range or 0), -(s.overall.stdev or 0.0)),
        )


def driver_result(
    driver: Driver, individual: Mapping[str, Mapping[str, Score]], agreed: Mapping[str, Score]
) -> DriverResult:
    """One driver's results: its agreed total and band, and the statistics of individual totals."""
    thresholds = tuple(tuple(t) for t in driver.thresholds)
    agreed_total = driver_total(driver, agreed)
    totals = [t.total for t in (driver_total(driver, s) for s in individual.values()) if t.total is not None]
    dist = describe(totals)
    agreed_band = band_for(agreed_total.total, thresholds) if agreed_total.total is not None else None
    mean_band = band_for(dist.mean, thresholds) if dist.mean is not None else None
    gap = agreed_total.total - dist.mean if agreed_total.total is not None and dist.mean is not None else None
    to_next = points_to_next_band(agreed_total.total, thresholds) if agreed_total.total is not None else None
    return DriverResult(
        driver.id,
        driver.title,
        thresholds,  # type: ignore[arg-type]
        agreed_total,
        agreed_band,
        dist,
        mean_band,
        gap,
        to_next,
        individual_of=len(individual),
    )


def _agreed_levels(agreed: Mapping[str, Score]) -> dict[str, int | None]:
    return {e: (v if is_level(v) else None) for e, v in agreed.items()}  # type: ignore[misc]


def compute_results(
    framework: Framework,
    individual: Mapping[str, Mapping[str, Score]],
    sectors: Mapping[str, str],
    agreed: Mapping[str, Score],
    divergence_range: int = DEFAULT_DIVERGENCE_RANGE,
) -> Results:
    """All whole-system results of a workshop.

    ``individual`` maps participant id -> element id -> score; ``sectors`` maps
    participant id -> sector; ``agreed`` maps element id -> agreed level.
    """
    k = framework.level_count
    elements = {
        e.id: element_stats(e.id, individual, sectors, k, divergence_range)
        for d in framework.drivers
        for e in d.elements
    }
    return Results(
        drivers=[driver_result(d, individual, agreed) for d in framework.drivers],
        elements=elements,
        agreed=_agreed_levels(agreed),
        level_names=[lv.name for lv in framework.levels],
    )


def update_results(
    framework: Framework,
    results: Results,
    individual: Mapping[str, Mapping[str, Score]],
    sectors: Mapping[str, str],
    agreed: Mapping[str, Score],
    *,
    elements: Iterable[str] = (),
    drivers: Iterable[str] = (),
    divergence_range: int = DEFAULT_DIVERGENCE_RANGE,
) -> Results:
    """``results`` with only ``elements``' statistics and ``drivers``' results computed again.

    The same functions as ``compute_results``, so recomputing the elements whose individual
    scores changed and the drivers holding them (or whose agreed levels changed) gives what
    ``compute_results`` would give for the new data. ``results`` itself is left untouched.
    """
    k = framework.level_count
    stats = dict(results.elements)
    for element_id in elements:
        stats[element_id] = element_stats(element_id, individual, sectors, k, divergence_range)
    wanted = set(drivers)
    by_id = {d.id: d for d in framework.drivers}
    new_drivers = [
        driver_result(by_id[r.driver_id], individual, agreed) if r.driver_id in wanted else r for r in results.drivers
    ]
    return Results(
        drivers=new_drivers,
        elements=stats,
        agreed=_agreed_levels(agreed),
        level_names=results.level_names,
    )


def suggested_level(stats: ElementStats) -> int | None:
    """The median of individual scores, rounded half up, offered as a suggestion only."""
    if stats.overall.median is None:
        return None
    return math.floor(stats.overall.median + 0.5)


# --- reconciliation helpers ------------------------------------------------------------


@dataclass(frozen=True)
class MoveCandidate:
    """An element of a driver that could move the driver's total up by a level."""

    element_id: str
    agreed: int
    individual_mean: float | None
    above: int
    """How many participants scored the element above the agreed level."""
    n: int
    """How many participants scored the element at all."""

    @property
    def lift(self) -> float | None:
        """Mean of individual scores minus the agreed level (positive: people see it higher)."""
        return None if self.individual_mean is None else self.individual_mean - self.agreed


def closest_to_moving(
    driver: Driver,
    agreed: Mapping[str, Score],
    elements: Mapping[str, ElementStats],
    level_count: int,
) -> list[MoveCandidate]:
    """The driver's agreed elements that are below the top level, closest to moving up first.

    "Closest" means the individual scores sit furthest above the agreed level (largest
    ``lift``), then the larger share of people scoring above it; elements nobody scored
    come last; ties keep the framework's order.
    """
    candidates: list[tuple[tuple[float, float, int], MoveCandidate]] = []
    for index, element in enumerate(driver.elements):
        level = agreed.get(element.id)
        if not is_level(level) or level >= level_count:  # type: ignore[operator]
            continue
        stats = elements.get(element.id)
        dist = stats.overall if stats is not None else describe([])
        above = sum(count for value, count in dist.counts.items() if value > level)  # type: ignore[operator]
        candidate = MoveCandidate(element.id, level, dist.mean, above, dist.n)  # type: ignore[arg-type]
        lift = candidate.lift
        share = above / dist.n if dist.n else 0.0
        key = (-lift if lift is not None else math.inf, -share, index)
        candidates.append((key, candidate))
    return [c for _key, c in sorted(candidates, key=lambda kc: kc[0])]


def sector_driver_totals(
    framework: Framework,
    individual: Mapping[str, Mapping[str, Score]],
    sectors: Mapping[str, str],
) -> dict[str, dict[str, Distribution]]:
    """Per sector, per driver: statistics of the totals of that sector's participants.

    Only participants who scored every element of a driver count towards it, as for
    ``DriverResult.individual_totals``. Sectors are listed in alphabetical order.
    """
    totals: dict[str, dict[str, list[int]]] = {}
    for participant, scores in individual.items():
        sector = sectors.get(participant, "")
        per_driver = totals.setdefault(sector, {d.id: [] for d in framework.drivers})
        for d in framework.drivers:
            t = driver_total(d, scores)
            if t.total is not None:
                per_driver[d.id].append(t.total)
    return {s: {d: describe(v) for d, v in per_driver.items()} for s, per_driver in sorted(totals.items())}
