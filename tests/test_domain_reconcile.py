"""Properties of the reconciliation helpers in the scoring domain (no Qt here)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcs_desktop.content import load_workbook
from jcs_desktop.domain.scoring import (
    NOT_SURE,
    closest_to_moving,
    compute_results,
    driver_total,
    sector_driver_totals,
)

FW = load_workbook()
ELEMENT_IDS = FW.element_ids()
K = FW.level_count
SECTORS = ["NHS", "Council social care", "Housing", "Third sector"]

score = st.one_of(st.integers(1, K), st.just(NOT_SURE), st.none())
person_scores = st.dictionaries(st.sampled_from(ELEMENT_IDS), score, max_size=len(ELEMENT_IDS))
# Half the people score everything, so driver totals exist often enough to test.
full_scores = st.fixed_dictionaries({e: st.integers(1, K) for e in ELEMENT_IDS})
individual_st = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.one_of(person_scores, full_scores), max_size=8
)
agreed_st = st.dictionaries(st.sampled_from(ELEMENT_IDS), st.one_of(st.integers(1, K), st.none()))


@st.composite
def workshops(draw):
    individual = draw(individual_st)
    sectors = {p: draw(st.sampled_from(SECTORS)) for p in individual}
    return individual, sectors, draw(agreed_st)


@settings(max_examples=150, deadline=None)
@given(workshops(), st.sampled_from(FW.drivers))
def test_closest_to_moving_lists_only_movable_agreed_elements_of_the_driver(data, driver) -> None:
    individual, sectors, agreed = data
    results = compute_results(FW, individual, sectors, agreed)
    candidates = closest_to_moving(driver, agreed, results.elements, K)
    own = [e.id for e in driver.elements]
    movable = [e for e in own if isinstance(agreed.get(e), int) and agreed[e] < K]
    assert sorted(c.element_id for c in candidates) == sorted(movable)
    for c in candidates:
        assert c.agreed == agreed[c.element_id]
        stats = results.elements[c.element_id].overall
        assert c.n == stats.n
        assert c.above == sum(n for level, n in stats.counts.items() if level > c.agreed)
        assert 0 <= c.above <= c.n


@settings(max_examples=150, deadline=None)
@given(workshops(), st.sampled_from(FW.drivers))
def test_closest_to_moving_puts_the_largest_lift_first(data, driver) -> None:
    individual, sectors, agreed = data
    results = compute_results(FW, individual, sectors, agreed)
    candidates = closest_to_moving(driver, agreed, results.elements, K)
    lifts = [c.lift if c.lift is not None else -math.inf for c in candidates]
    assert lifts == sorted(lifts, reverse=True)
    # Elements nobody scored come after every element somebody scored.
    seen_unscored = False
    for c in candidates:
        if c.n == 0:
            seen_unscored = True
        else:
            assert not seen_unscored


def test_closest_to_moving_example() -> None:
    driver = FW.drivers[0]
    a, b, c, d, e = (x.id for x in driver.elements)
    individual = {"p1": {a: 3, b: 2, c: 4, d: 1}, "p2": {a: 3, b: 2, c: 4, d: 2}}
    agreed = {a: 2, b: 2, c: 4, d: 1, e: 1}
    results = compute_results(FW, individual, {}, agreed)
    ranked = closest_to_moving(driver, agreed, results.elements, K)
    # c is at the top level; a sits a whole level below what people scored; d half a level; e unscored.
    assert [x.element_id for x in ranked] == [a, d, b, e]
    assert ranked[0].lift == pytest.approx(1.0)
    assert ranked[0].above == 2
    assert ranked[-1].lift is None


@settings(max_examples=150, deadline=None)
@given(workshops())
def test_sector_totals_recombine_into_the_whole_group(data) -> None:
    individual, sectors, agreed = data
    results = compute_results(FW, individual, sectors, agreed)
    by_sector = sector_driver_totals(FW, individual, sectors)
    assert set(by_sector) == set(sectors.values())
    for d in results.drivers:
        whole = d.individual_totals
        assert sum(by_sector[s][d.driver_id].n for s in by_sector) == whole.n
        if whole.n:
            weighted = sum(
                by_sector[s][d.driver_id].mean * by_sector[s][d.driver_id].n
                for s in by_sector
                if by_sector[s][d.driver_id].n
            )
            assert weighted / whole.n == pytest.approx(whole.mean)
        for s in by_sector:
            dist = by_sector[s][d.driver_id]
            if dist.n:
                low, high = d.thresholds[0][0], d.thresholds[-1][1]
                assert low <= dist.min <= dist.mean <= dist.max <= high


@settings(max_examples=100, deadline=None)
@given(individual_st)
def test_one_sector_matches_the_driver_results(individual) -> None:
    sectors = dict.fromkeys(individual, "NHS")
    results = compute_results(FW, individual, sectors, {})
    by_sector = sector_driver_totals(FW, individual, sectors)
    for d in results.drivers:
        if individual:
            assert by_sector["NHS"][d.driver_id] == d.individual_totals
        expected = [driver_total(FW.driver(d.driver_id), s).total for s in individual.values()]
        assert by_sector.get("NHS", {}).get(d.driver_id, d.individual_totals).n == sum(t is not None for t in expected)
