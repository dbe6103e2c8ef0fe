"""The scoring rules: bands against the seed's table, totals, statistics, properties."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcs_desktop.content import load_workbook
from jcs_desktop.domain.scoring import (
    NOT_SURE,
    ScoreError,
    band_for,
    check_score,
    compute_results,
    describe,
    driver_total,
    element_stats,
    points_to_next_band,
    suggested_level,
)

# "The final scores" table of 003_2c6865771e343115.txt, typed in by hand from the seed.
SEED_BANDS = {
    "building-partnerships": [(5, 10), (11, 14), (15, 17), (18, 20)],
    "encouraging-innovation": [(5, 7), (8, 12), (13, 15), (16, 20)],
    "maximising-use-of-resources": [(5, 9), (10, 13), (14, 17), (18, 20)],
    "understanding-the-market": [(5, 7), (8, 14), (15, 17), (18, 20)],
    "creating-viable-market-conditions": [(5, 9), (10, 13), (14, 16), (17, 20)],
    "commissioning-and-contracting": [(5, 11), (12, 14), (15, 17), (18, 20)],
}

FW = load_workbook()
DRIVERS = FW.drivers


def _expected_band(driver_id: str, total: int) -> int:
    for i, (low, high) in enumerate(SEED_BANDS[driver_id], start=1):
        if low <= total <= high:
            return i
    raise AssertionError(total)


@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.id)
@pytest.mark.parametrize("total", range(5, 21))
def test_every_total_of_every_driver_lands_in_the_seed_band(driver, total) -> None:
    assert band_for(total, driver.thresholds) == _expected_band(driver.id, total)


def test_non_integer_value_falls_in_the_band_whose_lower_bound_it_reached() -> None:
    bp = FW.driver("building-partnerships").thresholds
    assert band_for(11.0, bp) == 2
    assert band_for(10.9, bp) == 1
    assert band_for(14.5, bp) == 2  # between 14 and 15: lower bound 15 not reached
    assert band_for(20.0, bp) == 4


@pytest.mark.parametrize("bad", [4.99, 20.01, 0, 21, float("nan")])
def test_values_outside_the_possible_totals_are_refused(bad: float) -> None:
    with pytest.raises(ScoreError):
        band_for(bad, FW.drivers[0].thresholds)


def test_driver_total_needs_all_five_elements() -> None:
    driver = FW.drivers[0]
    ids = [e.id for e in driver.elements]
    scores = {ids[0]: 2, ids[1]: 3, ids[2]: NOT_SURE, ids[3]: 4}
    total = driver_total(driver, scores)
    assert total.total is None
    assert total.scored == 3  # "not sure" is not a score
    assert total.label() == "3 of 5 scored"
    scores[ids[2]] = 1
    scores[ids[4]] = 1
    assert driver_total(driver, scores).total == 11
    assert driver_total(driver, scores).label() == "11"


@pytest.mark.parametrize("value", [0, 5, -1, 2.5, "3", True, "maybe"])
def test_check_score_rejects_out_of_range_and_malformed(value: object) -> None:
    with pytest.raises(ScoreError):
        check_score(value, 4)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, 4, None, NOT_SURE])
def test_check_score_accepts_levels_not_sure_and_unscored(value: object) -> None:
    assert check_score(value, 4) == value  # type: ignore[arg-type]


def test_points_to_next_band() -> None:
    bp = FW.driver("building-partnerships").thresholds
    assert points_to_next_band(12, bp) == 3
    assert points_to_next_band(10.5, bp) == pytest.approx(0.5)
    assert points_to_next_band(18, bp) is None


def test_element_statistics_by_sector_and_divergence() -> None:
    eid = FW.drivers[0].elements[0].id
    individual = {"a": {eid: 1}, "b": {eid: 3}, "c": {eid: 3}, "d": {eid: NOT_SURE}, "e": {}}
    sectors = {"a": "NHS", "b": "Housing", "c": "Housing", "d": "NHS", "e": "NHS"}
    stats = element_stats(eid, individual, sectors, 4)
    assert stats.overall.n == 3
    assert stats.overall.mean == pytest.approx(7 / 3)
    assert stats.overall.median == 3
    assert stats.overall.range == 2
    assert stats.overall.counts == {1: 1, 2: 0, 3: 2, 4: 0}
    assert stats.not_sure == 1 and stats.unscored == 1
    assert stats.divergent
    assert stats.by_sector["Housing"].n == 2 and stats.by_sector["NHS"].mean == 1
    assert not element_stats(eid, individual, sectors, 4, divergence_range=3).divergent
    assert suggested_level(stats) == 3


def test_suggested_level_rounds_half_up() -> None:
    eid = FW.drivers[0].elements[0].id
    stats = element_stats(eid, {"a": {eid: 2}, "b": {eid: 3}}, {}, 4)
    assert stats.overall.median == 2.5
    assert suggested_level(stats) == 3


def test_results_compare_agreed_and_mean_of_individual_totals() -> None:
    driver = FW.driver("building-partnerships")
    ids = [e.id for e in driver.elements]
    individual = {
        "p1": dict.fromkeys(ids, 2),  # total 10 -> band 1
        "p2": dict.fromkeys(ids, 3),  # total 15 -> band 3
        "p3": {ids[0]: 4},  # incomplete: not in the mean of totals
    }
    agreed = dict.fromkeys(ids, 2) | {ids[0]: 3}  # 11 -> band 2
    res = compute_results(FW, individual, {}, agreed).driver("building-partnerships")
    assert res.agreed.total == 11 and res.agreed_band == 2
    assert res.individual_totals.n == 2 and res.individual_totals.mean == 12.5
    assert (res.individual_from, res.individual_of) == (2, 3), "the mean rests on 2 of the 3 people"
    assert res.mean_basis() == "from 2 of 3"
    assert res.to_dict(["a", "b", "c", "d"])["individual_of"] == 3
    assert res.mean_band == 2
    assert res.gap == pytest.approx(-1.5)
    other = compute_results(FW, individual, {}, agreed).driver("encouraging-innovation")
    assert other.agreed.total is None and other.agreed_band is None and other.mean_band is None


# --- properties ------------------------------------------------------------------------

levels = st.integers(min_value=1, max_value=4)
score_values = st.one_of(levels, st.just(NOT_SURE), st.none())


@given(st.lists(levels, min_size=5, max_size=5), st.sampled_from(DRIVERS))
def test_a_complete_driver_total_is_between_5_and_20_and_has_a_band(values, driver) -> None:
    scores = {e.id: v for e, v in zip(driver.elements, values, strict=True)}
    total = driver_total(driver, scores).total
    assert total is not None and 5 <= total <= 20
    assert 1 <= band_for(total, driver.thresholds) <= 4


@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.id)
def test_bands_partition_5_to_20_without_gap_or_overlap(driver) -> None:
    covered = [t for low, high in driver.thresholds for t in range(low, high + 1)]
    assert covered == list(range(5, 21))


@given(st.floats(min_value=5, max_value=20, allow_nan=False), st.sampled_from(DRIVERS))
def test_band_is_monotonic_and_lower_bound_reached(value: float, driver) -> None:
    band = band_for(value, driver.thresholds)
    low = driver.thresholds[band - 1][0]
    assert value >= low
    if band < 4:
        assert value < driver.thresholds[band][0]
    assert band_for(math.floor(value), driver.thresholds) <= band


@settings(max_examples=60)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=4),
        st.fixed_dictionaries({e.id: score_values for e in DRIVERS[0].elements}),
        min_size=1,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_statistics_do_not_depend_on_participant_order(individual, rnd: random.Random) -> None:
    sectors = {p: ("NHS" if i % 2 else "Housing") for i, p in enumerate(individual)}
    keys = list(individual)
    rnd.shuffle(keys)
    shuffled = {k: individual[k] for k in keys}
    a = compute_results(FW, individual, sectors, {})
    b = compute_results(FW, shuffled, sectors, {})
    for eid in a.elements:
        assert a.elements[eid].overall.counts == b.elements[eid].overall.counts
        assert a.elements[eid].overall.median == b.elements[eid].overall.median
        assert a.elements[eid].overall.mean == pytest.approx(b.elements[eid].overall.mean)
        assert a.elements[eid].by_sector.keys() == b.elements[eid].by_sector.keys()
    assert a.drivers[0].individual_totals.mean == pytest.approx(b.drivers[0].individual_totals.mean)


@given(st.lists(levels, min_size=1, max_size=40))
def test_describe_is_consistent(values: list[int]) -> None:
    d = describe(values, range(1, 5))
    assert d.n == len(values) == sum(d.counts.values())
    assert d.min <= d.median <= d.max
    assert d.min <= d.mean <= d.max
    assert d.range == d.max - d.min
    assert d.stdev >= 0


# --- the statistics in plain integer maths give the statistics module's floats, bit for bit ---


def _describe_with_statistics_module(values, levels=()):
    """``describe`` as it was, on the ``statistics`` module: the reference the faster one must equal."""
    import statistics

    from jcs_desktop.domain.scoring import Distribution

    data = sorted(values)
    counts = {level: 0 for level in levels}
    for v in data:
        counts[v] = counts.get(v, 0) + 1
    if not data:
        return Distribution(0, None, None, None, None, None, None, counts)
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


def _bits(value: object) -> str:
    """``repr`` tells every float apart (the shortest text that reads back to the same bits, and
    -0.0 from 0.0), so equal reprs mean the very same numbers, not merely close ones: a mean or a
    deviation shown to two decimals may round differently if the last bit differs."""
    return repr(value)


@settings(max_examples=300)
@given(st.lists(st.integers(min_value=-(2**60), max_value=2**60), max_size=60) | st.lists(levels, max_size=60))
def test_describe_equals_the_statistics_module_exactly(values: list[int]) -> None:
    assert _bits(describe(values, range(1, 5))) == _bits(_describe_with_statistics_module(values, range(1, 5)))


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=10_000),
        st.fixed_dictionaries({e.id: score_values for d in DRIVERS for e in d.elements}),
        max_size=45,
    ),
    st.fixed_dictionaries({e.id: score_values for d in DRIVERS for e in d.elements}),
    st.lists(st.sampled_from(["NHS", "Housing", "Council", ""]), min_size=45, max_size=45),
)
def test_results_of_random_workshops_equal_the_statistics_module_exactly(individual, agreed, sector_list) -> None:
    import jcs_desktop.domain.scoring as scoring

    sectors = {p: sector_list[i] for i, p in enumerate(individual)}
    new = compute_results(FW, individual, sectors, agreed)
    fast = scoring.describe
    scoring.describe = _describe_with_statistics_module  # element_stats and driver_result look it up here
    try:
        old = compute_results(FW, individual, sectors, agreed)
    finally:
        scoring.describe = fast
    assert _bits(new) == _bits(old)  # every element's and driver's statistics, by sector too
    for eid in new.elements:
        assert _bits(new.elements[eid]) == _bits(old.elements[eid])
    for a, b in zip(new.drivers, old.drivers, strict=True):
        assert _bits(a) == _bits(b)
