"""The progress and comparison window, driven by keys in the real main window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jcs_desktop.domain.benchmark import benchmark
from jcs_desktop.domain.progress import total_history

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def series_ids(services) -> list[int]:
    from jcs_desktop.services.demo import create_demo_series

    return create_demo_series(services, 3, today=dt.date(2026, 11, 23)).previous


def _open_progress(qtbot, window, workshop_id: int):
    window.open_workshop(workshop_id)
    qtbot.keyClick(
        window.workshop_view.steps,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    progress = window.progress_window
    assert progress is not None
    qtbot.waitUntil(lambda: progress.progress is not None and progress.progress.workshop.id == workshop_id)
    return progress


def test_over_time_and_what_the_actions_moved(qtbot, laptop_window, services, series_ids):
    window = _open_progress(qtbot, laptop_window, series_ids[2])
    fw = services.framework
    history = services.series.series_history(series_ids[2])
    totals = total_history(fw, [h.agreed for h in history])
    texts = window.totals_model.texts()
    assert window.totals_model.headers()[1:4] == ["23 Nov 2024", "23 Nov 2025", "23 Nov 2026"]
    for row, driver in zip(texts, fw.drivers, strict=True):
        assert row[0] == driver.title
        assert row[1:4] == [f"{t} (level {b})" for t, b in totals[driver.id]]
    # The target set last time (2025's plan), met or not by 2026's band.
    target = history[1].targets()
    for row, driver in zip(texts, fw.drivers, strict=True):
        level = target[driver.id]
        if level is None:
            assert row[4] == "No target set"
        else:
            met = totals[driver.id][2][1] >= level
            assert row[4] == f"Level {level}: {'met' if met else 'not met'}"
    assert [h.totals for h in window.chart.drivers()] == [tuple(t for t, _b in totals[d.id]) for d in fw.drivers]
    # The demo's reviews: the innovation fund done by 2025; the market statement partly, then done.
    moves = window.moves_model.texts()
    assert any("innovation fund" in r[3] and "— done" in r[3] and "2024" in r[0] for r in moves)
    market = [r for r in moves if "market position statement" in r[3]]
    assert ["partly done" in market[0][3], "— done" in market[1][3]] == [True, True]
    # Levels per element over time.
    first = fw.drivers[0].elements[0]
    assert window.levels_model.texts()[0][1:4] == [str(h.agreed[first.id]) for h in history]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_how_we_compare_shows_nothing_from_fewer_than_three(qtbot, laptop_window, services, series_ids):
    from jcs_desktop.services.demo import create_demo_workshop

    create_demo_workshop(services, today=dt.date(2026, 6, 1), seed=7)  # a second partnership
    window = _open_progress(qtbot, laptop_window, series_ids[2])
    rows = window.compare_drivers_model.texts()
    assert all(r[2] == "–" and "rest on 2 workshops" in r[5] and "fewer than 3" in r[5] for r in rows)
    assert "2 partnerships" in window.group_label.text()
    # A third partnership: the figures appear, as the domain computes them.
    create_demo_workshop(services, today=dt.date(2026, 7, 1), seed=8)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "3 partnerships" in window.group_label.text())
    expected = benchmark(services.framework, services.series.benchmark_entries(), series_ids[2])
    for row, driver in zip(window.compare_drivers_model.texts(), services.framework.drivers, strict=True):
        figure = expected.drivers[driver.id]
        assert row[1] == str(figure.value) and row[2] == f"{figure.distribution.median:g}"
        assert row[4] == "3" and row[5] == figure.standing()
    # The demo's sectors have two people each: never shown.
    sectors = window.sectors_model.texts()
    assert sectors and all(r[1].endswith("(too few to show)") and set(r[2:]) == {"–"} for r in sectors)


def test_leaving_a_workshop_out_is_undoable(qtbot, laptop_window, services, series_ids):
    window = _open_progress(qtbot, laptop_window, series_ids[2])
    window.tabs.setCurrentIndex(3)
    check = window.exclude_check
    qtbot.waitUntil(check.isVisible)
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert services.workshops.get(series_ids[2]).exclude_from_benchmarks
    qtbot.waitUntil(lambda: window.progress.workshop.exclude_from_benchmarks)
    laptop_window.undo_action.trigger()
    assert not services.workshops.get(series_ids[2]).exclude_from_benchmarks
    qtbot.waitUntil(lambda: not check.isChecked())
    assert QApplication.activeWindow() is not None
