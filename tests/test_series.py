"""A partnership's series: last time beside this time, checked against numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcs_desktop.content.loader import load_workbook
from jcs_desktop.domain.progress import (
    action_moves,
    driver_progress,
    element_progress,
    level_history,
    total_history,
)
from jcs_desktop.services import ServiceError
from jcs_desktop.services.live import LiveWorkshop

BP = "building-partnerships"
EI = "encouraging-innovation"
MR = "maximising-use-of-resources"


def _agree(services, workshop_id: int, levels: dict[str, list[int | None]]) -> None:
    fw = services.framework
    for driver_id, values in levels.items():
        for element, level in zip(fw.driver(driver_id).elements, values, strict=True):
            if level is not None:
                services.scores.set_agreed(workshop_id, element.id, level)


def _all_twos(fw) -> dict[str, list[int | None]]:
    return {d.id: [2] * len(d.elements) for d in fw.drivers}


@pytest.fixture
def series(services):
    """Three workshops of one partnership, a year apart, each following the one before."""
    fw = services.framework
    first = services.workshops.create(
        {"title": "Northshire 2024", "partnership": "Northshire", "date": dt.date(2024, 5, 1)}
    )
    w1 = first.previous.id
    # W1: building partnerships 2,2,2,2,2 = 10 (band 1, 5–10); innovation 1×5 = 5 (band 1);
    # every other driver 2×5 = 10.
    _agree(services, w1, {**_all_twos(fw), EI: [1, 1, 1, 1, 1]})
    services.planning.set_driver_plan(w1, BP, target_level=2, improvement_target="Trust between partners")
    services.planning.set_driver_plan(w1, EI, target_level=3)
    w2 = services.workshops.duplicate_as_follow_up(w1, "Northshire 2025").previous.id
    services.workshops.update(w2, {**services.workshops.get(w2).fields().model_dump(), "date": dt.date(2025, 5, 1)})
    # W2: building partnerships 3,3,2,2,2 = 12 (band 2, 11–14): up 2, target 2 met;
    # innovation 2,1,1,1,1 = 6 (band 1, 5–7): up 1, target 3 not met; the rest unchanged.
    _agree(services, w2, {**_all_twos(fw), BP: [3, 3, 2, 2, 2], EI: [2, 1, 1, 1, 1]})
    services.planning.set_driver_plan(w2, BP, target_level=4)
    w3 = services.workshops.duplicate_as_follow_up(w2, "Northshire 2026").previous.id
    # W3: building partnerships 3×5 = 15 (band 3, 15–17): up 3, target 4 not met;
    # innovation 4 of 5 agreed: no total, no change, target not judged; resources 1,2,2,2,2 = 9
    # (band 1, 5–9): down 1 from 10 (band 2).
    _agree(services, w3, {**_all_twos(fw), BP: [3] * 5, EI: [2, 2, 2, 2, None], MR: [1, 2, 2, 2, 2]})
    return w1, w2, w3


def test_last_time_is_the_previous_workshop_with_its_levels_plans_and_actions(services, series):
    w1, w2, w3 = series
    assert not services.series.last_time(w1).exists
    last = services.series.last_time(w3)
    assert last.workshop.id == w2
    assert last.agreed[f"{BP}.openness"] == 3 and last.agreed[f"{BP}.conflict"] == 2
    assert last.targets()[BP] == 4 and last.targets()[EI] is None


def test_driver_progress_by_hand(services, series):
    _w1, w2, w3 = series
    fw = services.framework
    live2 = LiveWorkshop.load(services, w2)
    second = {
        p.driver_id: p
        for p in driver_progress(fw, live2.last_time.agreed, live2.results.agreed, live2.last_time.targets())
    }
    assert (second[BP].before.total, second[BP].before_band, second[BP].now.total, second[BP].now_band) == (
        10,
        1,
        12,
        2,
    )
    assert (second[BP].change, second[BP].direction, second[BP].target_met) == (2, "up", True)
    assert second[BP].change_text() == "up 2 points"
    assert (second[EI].change, second[EI].now_band, second[EI].target_met) == (1, 1, False)
    assert second[EI].change_text() == "up 1 point"
    assert (second[MR].change, second[MR].direction, second[MR].target_met) == (0, "same", None)

    live3 = LiveWorkshop.load(services, w3)
    third = {
        p.driver_id: p
        for p in driver_progress(fw, live3.last_time.agreed, live3.results.agreed, live3.last_time.targets())
    }
    assert (third[BP].change, third[BP].band_change, third[BP].target_met) == (3, 1, False)
    assert (third[EI].before.total, third[EI].now.total, third[EI].change, third[EI].target_met) == (
        6,
        None,
        None,
        None,
    )
    assert third[EI].change_text() == "–"
    assert (third[MR].before_band, third[MR].now_band, third[MR].change, third[MR].direction) == (2, 1, -1, "down")
    assert third[MR].change_text() == "down 1 point"

    elements = element_progress(fw, live3.last_time.agreed, live3.results.agreed)
    assert (elements[f"{BP}.openness"].before, elements[f"{BP}.openness"].now) == (3, 3)
    assert elements[f"{BP}.inclusion"].change == 1
    assert elements[f"{MR}.mix"].direction == "down"
    assert elements[f"{EI}.effectiveness"].change is None


def test_history_of_the_series(services, series):
    w1, w2, w3 = series
    fw = services.framework
    history = services.series.series_history(w3)
    assert [h.workshop.id for h in history] == [w1, w2, w3]
    totals = total_history(fw, [h.agreed for h in history])
    assert totals[BP] == [(10, 1), (12, 2), (15, 3)]
    assert totals[EI] == [(5, 1), (6, 1), (None, None)]
    assert totals[MR] == [(10, 2), (10, 2), (9, 1)]
    assert level_history(fw, [h.agreed for h in history])[f"{BP}.openness"] == [2, 3, 3]
    assert [w.id for w in services.series.series(w2)] == [w1, w2, w3]


def test_live_state_follows_the_previous_workshop_and_a_new_link(services, series):
    w1, w2, w3 = series
    live = LiveWorkshop.load(services, w3)
    # An agreement changed in last year's workshop shows beside this year's at once.
    applied = live.apply(services.scores.set_agreed(w2, f"{BP}.conflict", 4))
    assert applied.last_time and live.last_time.agreed[f"{BP}.conflict"] == 4
    applied = live.apply(services.planning.set_driver_plan(w2, EI, target_level=2))
    assert applied.last_time and live.last_time.targets()[EI] == 2
    assert live == LiveWorkshop.load(services, w3)
    # Scores of another workshop of no concern leave it alone.
    other = services.workshops.create({"title": "Elsewhere"}).previous.id
    assert not live.apply(services.scores.set_agreed(other, f"{BP}.conflict", 1)).last_time
    # Attached to the first workshop instead, then detached.
    applied = live.apply(services.series.set_follows(w3, w1))
    assert applied.last_time and live.last_time.workshop.id == w1
    assert live == LiveWorkshop.load(services, w3)
    changes = services.series.set_follows(w3, None)
    assert changes.previous == w1
    live.apply(changes)
    assert not live.last_time.exists and live == LiveWorkshop.load(services, w3)


def test_set_follows_refuses_what_would_break_the_series(services, series):
    w1, w2, w3 = series
    with pytest.raises(ServiceError, match="itself"):
        services.series.set_follows(w1, w1)
    with pytest.raises(ServiceError, match="follow-ups"):
        services.series.set_follows(w1, w3)  # a loop: w3 already comes after w1
    lone = services.workshops.create({"title": "Lone"}).previous.id
    services.workshops.delete(lone)
    with pytest.raises(ServiceError, match="no longer exists"):
        services.series.set_follows(w3, lone)
    assert services.workshops.get(w3).follows_workshop_id == w2  # nothing changed


def test_a_removed_workshop_is_passed_over(services, series):
    w1, w2, w3 = series
    services.workshops.delete(w2)
    assert services.series.last_time(w3).workshop.id == w1
    assert [w.id for w in services.series.series(w3)] == [w1, w3]
    services.workshops.restore(w2)
    assert services.series.last_time(w3).workshop.id == w2


FW = load_workbook()
_levels = st.integers(1, FW.level_count)
_agreed = st.fixed_dictionaries({e.id: _levels for d in FW.drivers for e in d.elements})


@settings(max_examples=60, deadline=None)
@given(before=_agreed, now=_agreed)
def test_a_driver_change_is_the_sum_of_its_element_changes(before, now):
    elements = element_progress(FW, before, now)
    for p in driver_progress(FW, before, now):
        driver = FW.driver(p.driver_id)
        assert p.change == sum(elements[e.id].change for e in driver.elements)
        assert (p.direction == "up") == (p.change > 0)
        assert (p.band_change or 0) * (p.change or 0) >= 0  # bands never move against the points


def test_demo_series(services):
    from jcs_desktop.services.demo import create_demo_series

    ids = create_demo_series(services, 3, today=dt.date(2026, 11, 23)).previous
    assert len(ids) == 3
    records = [services.workshops.get(i) for i in ids]
    assert [r.date for r in records] == [dt.date(2024, 11, 23), dt.date(2025, 11, 23), dt.date(2026, 11, 23)]
    assert [r.follows_workshop_id for r in records] == [None, ids[0], ids[1]]
    assert [w.id for w in services.series.series(ids[0])] == ids
    fw = services.framework
    history = services.series.series_history(ids[2])
    totals = total_history(fw, [h.agreed for h in history])
    # The same people a year on, each scoring a little higher: no driver's total falls, some rise.
    for driver_id, row in totals.items():
        values = [t for t, _band in row]
        assert None not in values and values == sorted(values), driver_id
    assert sum(row[2][0] - row[0][0] for row in totals.values()) > 0


def test_did_our_actions_move_it(services, series):
    w1, w2, _w3 = series
    fw = services.framework
    trust, inclusion = f"{BP}.trust", f"{BP}.inclusion"
    a = services.planning.create_action(w1, {"achieve": "Joint trust charter"}, links=[(BP, trust)]).previous
    b = services.planning.create_action(
        w1, {"achieve": "Open board seats"}, links=[(BP, trust), (BP, inclusion)]
    ).previous
    services.planning.create_action(w1, {"achieve": "Driver-wide"}, links=[(BP, None)])
    services.planning.review_action(a.id, w2, "done", achieved="Signed by all")
    services.planning.review_action(b.id, w2, "not-started")
    history = services.series.series_history(w2)
    before, after = history[0], history[1]
    rows = []
    for action in before.actions:
        review = next((rp for rp in action.review_points if rp.workshop_id == w2), None)
        rows.append(
            (
                action.id,
                action.achieve,
                [ln.element_id for ln in action.links if ln.element_id],
                review and review.status,
            )
        )
    moves = action_moves(fw, before.agreed, after.agreed, rows)
    # Trust went 2 -> 3 with one action done and one not started; inclusion stayed at 2.
    assert [(m.element_id, m.before, m.after, m.direction) for m in moves] == [
        (trust, 2, 3, "up"),
        (inclusion, 2, 2, "same"),
    ]
    assert [(o.text, o.status) for o in moves[0].actions] == [
        ("Joint trust charter", "done"),
        ("Open board seats", "not-started"),
    ]
