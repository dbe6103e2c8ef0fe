"""Benchmarking: no figure from fewer than 3 workshops or a sector of fewer than 3 people."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jcs_desktop.content.loader import load_workbook
from jcs_desktop.domain.benchmark import MIN_WORKSHOPS, Entry, benchmark, comparison_group, sector_figures

FW = load_workbook()
BP = FW.drivers[0]  # building partnerships: bands 5–10, 11–14, 15–17, 18–20


def _levels(per_driver: dict[str, list[int]]) -> dict[str, int]:
    return {
        e.id: v for d in FW.drivers if d.id in per_driver for e, v in zip(d.elements, per_driver[d.id], strict=True)
    }


def _entry(wid: int, bp: list[int], *, series: int | None = None, date: str = "2026-01-01", excluded=False) -> Entry:
    return Entry(wid, series or wid, date, _levels({BP.id: bp}), excluded)


def test_two_workshops_show_nothing_three_show_the_figures():
    a, b, c = _entry(1, [2, 2, 2, 2, 2]), _entry(2, [3, 3, 3, 3, 3]), _entry(3, [4, 4, 4, 4, 1])
    two = benchmark(FW, [a, b], 1)
    assert not two.drivers[BP.id].shown and two.drivers[BP.id].n == 2
    assert "2 workshops" in two.drivers[BP.id].reason() and "fewer than 3" in two.drivers[BP.id].reason()
    assert not two.elements[BP.elements[0].id].shown
    three = benchmark(FW, [a, b, c], 1)
    fig = three.drivers[BP.id]
    # Totals 10, 15, 17: median 15 (band 3), this partnership (10) lowest of the three.
    assert fig.shown and fig.n == 3 and fig.distribution.median == 15 and fig.band == 3
    assert (fig.value, fig.below, fig.same, fig.above) == (10, 0, 1, 2)
    assert fig.standing() == "below the median"
    first = three.elements[BP.elements[0].id]  # levels 2, 3, 4
    assert (first.distribution.median, first.value, first.standing()) == (3.0, 2, "below the median")
    # A driver nobody agreed in full has no figure, whatever the group's size.
    other = three.drivers[FW.drivers[1].id]
    assert not other.shown and other.n == 0


def test_a_series_counts_once_and_excluded_workshops_not_at_all():
    entries = [
        _entry(1, [1] * 5, series=1, date="2024-01-01"),
        _entry(2, [2] * 5, series=1, date="2025-01-01"),  # the partnership now
        _entry(3, [3] * 5),
        _entry(4, [4] * 5, excluded=True),
        _entry(5, [4] * 5),
    ]
    assert [e.workshop_id for e in comparison_group(entries)] == [2, 3, 5]
    result = benchmark(FW, entries, 2)
    fig = result.drivers[BP.id]
    assert result.group == 3 and fig.n == 3 and fig.distribution.median == 15  # 10, 15, 20
    # Looking back at the partnership's first workshop, it stands for its series in the same group.
    back = benchmark(FW, entries, 1).drivers[BP.id]
    assert back.n == 3 and back.value == 5 and back.distribution.min == 5
    # Excluded, a workshop still sees itself against the others.
    assert benchmark(FW, entries, 4).drivers[BP.id].value == 20


def test_a_sector_of_two_is_never_shown():
    full = {e.id: 2 for d in FW.drivers for e in d.elements}
    individual = {i: dict(full) for i in range(1, 7)}
    sectors = {1: "Health", 2: "Health", 3: "Health", 4: "Council", 5: "Council", 6: ""}
    figures = {f.sector: f for f in sector_figures(FW, individual, sectors)}
    assert figures["Health"].shown and figures["Health"].totals[BP.id].mean == 10
    assert not figures["Council"].shown and figures["Council"].reason() == "Not shown: 2 people, fewer than 3"
    assert not figures["Not given"].shown
    # A sector of three where one left a gap in a driver: that driver rests on two, not shown.
    individual[3] = {k: v for k, v in full.items() if k != BP.elements[0].id}
    health = {f.sector: f for f in sector_figures(FW, individual, sectors)}["Health"]
    assert health.totals[BP.id] is None and health.totals[FW.drivers[1].id].n == 3


def test_entries_from_the_store(services):
    from jcs_desktop.services.demo import create_demo_series, create_demo_workshop

    ids = create_demo_series(services, 2, today=dt.date(2026, 11, 23)).previous
    other = create_demo_workshop(services, today=dt.date(2026, 6, 1)).previous
    entries = services.series.benchmark_entries()
    by_id = {e.workshop_id: e for e in entries}
    assert by_id[ids[1]].series_id == ids[0] and by_id[other].series_id == other
    assert len(by_id[ids[1]].agreed) == len(FW.element_ids())
    # Two partnerships: nothing to show yet.
    assert not any(f.shown for f in benchmark(FW, entries, ids[1]).drivers.values())
    third = create_demo_workshop(services, today=dt.date(2026, 7, 1)).previous
    result = benchmark(FW, services.series.benchmark_entries(), ids[1])
    assert result.group == 3 and all(f.shown for f in result.drivers.values())
    services.workshops.set_exclude_from_benchmarks(third, True)
    result = benchmark(FW, services.series.benchmark_entries(), ids[1])
    assert result.group == 2 and not any(f.shown for f in result.drivers.values())


_bp_levels = st.lists(st.integers(1, 4), min_size=5, max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(_bp_levels, min_size=1, max_size=8))
def test_figures_show_exactly_from_three_and_count_everyone(groups):
    entries = [_entry(i + 1, levels) for i, levels in enumerate(groups)]
    fig = benchmark(FW, entries, 1).drivers[BP.id]
    assert fig.shown == (len(groups) >= MIN_WORKSHOPS)
    if fig.shown:
        assert fig.below + fig.same + fig.above == fig.n == len(groups)
        assert fig.same >= 1
