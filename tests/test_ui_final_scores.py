"""The final-scores page: the table against the services' results, incomplete drivers, the
distance to the next band, improvement targets and priorities through the widgets, charts."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt

from jcs_desktop.domain.scoring import closest_to_moving
from jcs_desktop.ui.commands.agreed import SetAgreed
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.final_scores.models import BAND_REACHED_ROLE, DRIVER_ID_ROLE, HIDDEN_TEXT
from jcs_desktop.ui.final_scores.page import FinalScoresPage
from jcs_desktop.ui.widgets.labels import element_number

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def ctx(services, tmp_path, qapp):
    return AppContext(services)


@pytest.fixture
def page(ctx, qtbot, demo_id):
    widget = FinalScoresPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.set_workshop(demo_id)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(page: FinalScoresPage, driver_id: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    row = page.model.driver_ids().index(driver_id)
    return page.model.index(row, column).data(role)


def click_row(qtbot, page: FinalScoresPage, driver_id: str) -> None:
    index = page.model.index(page.model.driver_ids().index(driver_id), 0)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    assert page.selected_driver == driver_id


def reveal_everything(ctx: AppContext) -> None:
    """As after Reconcile has revealed every element: the individual figures may show."""
    ctx.reveal.reveal_all(ctx.framework.element_ids())


def agree(ctx: AppContext, wid: int, element_id: str, level: int | None) -> None:
    """As Reconcile agrees a level: one undoable command."""
    assert ctx.push(SetAgreed(ctx, wid, element_id, level=level))


def test_table_shows_each_drivers_total_band_and_mean(page, ctx, services, demo_id):
    reveal_everything(ctx)
    results = services.scores.results(demo_id)
    model = page.model
    assert model.rowCount() == len(services.framework.drivers)
    for r in results.drivers:
        assert cell(page, r.driver_id, model.COL_TOTAL) == str(r.agreed.total)
        reached = [b for b in range(1, 5) if cell(page, r.driver_id, model.band_column(b), BAND_REACHED_ROLE)]
        assert reached == [r.agreed_band]
        assert cell(page, r.driver_id, model.band_column(r.agreed_band)).startswith("✔")
        assert cell(page, r.driver_id, model.COL_MEAN) == (
            f"{r.individual_totals.mean:.1f} (level {r.mean_band})\nfrom {r.individual_from} of {r.individual_of}"
        )
        if r.points_to_next_band is None:
            assert cell(page, r.driver_id, model.COL_NEXT) == "Top band"
        else:
            assert cell(page, r.driver_id, model.COL_NEXT) == f"+{r.points_to_next_band:g} → level {r.agreed_band + 1}"
    fs = services.framework.final_scores
    assert model.headerData(model.COL_TOTAL, Qt.Orientation.Horizontal).replace("\n", " ") == fs.score_heading
    target_heading = model.headerData(model.COL_TARGET, Qt.Orientation.Horizontal).replace("\n", " ")
    assert fs.target_heading.startswith(target_heading) and "Target" in target_heading
    assert model.headerData(model.COL_TARGET, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        fs.target_heading
    )
    assert page.target_label.text() == fs.target_heading
    plans = services.planning.driver_plans(demo_id)
    for driver_id, plan in plans.items():
        assert cell(page, driver_id, model.COL_TARGET) == plan.improvement_target
        assert cell(page, driver_id, model.COL_PRIORITY) == ("" if plan.priority is None else str(plan.priority))


def test_incomplete_driver_says_how_many_are_scored_and_charts_leave_it_out(page, ctx, services, demo_id):
    driver = services.framework.drivers[2]
    agree(ctx, demo_id, driver.elements[4].id, None)
    model = page.model
    assert cell(page, driver.id, model.COL_TOTAL) == "4 of 5 scored"
    assert not any(cell(page, driver.id, model.band_column(b), BAND_REACHED_ROLE) for b in range(1, 5))
    assert cell(page, driver.id, model.COL_NEXT) == "–"
    agreed_series = {s.name: s.values for s in page.radar.series()}["Agreed total"]
    assert agreed_series[driver.id] is None
    bars = {d.driver_id: d for d in page.chart_drivers()}
    assert bars[driver.id].agreed is None and bars[driver.id].agreed_label == "4 of 5 scored"
    assert not page.step_status().done
    assert page.step_status().summary.startswith("5 of 6 drivers scored")

    ctx.undo_stack.undo()
    assert cell(page, driver.id, model.COL_TOTAL).isdigit()
    assert page.step_status().done


def test_a_changed_agreed_score_updates_totals_bands_and_charts_at_once(page, ctx, services, demo_id):
    driver = services.framework.drivers[0]
    before = services.scores.results(demo_id).driver(driver.id)
    for element in driver.elements:
        agree(ctx, demo_id, element.id, 4)
    model = page.model
    assert cell(page, driver.id, model.COL_TOTAL) == "20"
    assert cell(page, driver.id, model.band_column(4), BAND_REACHED_ROLE)
    assert cell(page, driver.id, model.COL_NEXT) == "Top band"
    assert {s.name: s.values for s in page.radar.series()}["Agreed total"][driver.id] == 20
    assert {d.driver_id: d.agreed for d in page.chart_drivers()}[driver.id] == 20
    for _ in driver.elements:
        ctx.undo_stack.undo()
    assert cell(page, driver.id, model.COL_TOTAL) == str(before.agreed.total)


def test_distance_to_the_next_band_names_the_elements_closest_to_moving(page, qtbot, ctx, services, demo_id):
    reveal_everything(ctx)
    results = services.scores.results(demo_id)
    driver = next(d for d in results.drivers if d.points_to_next_band is not None)
    click_row(qtbot, page, driver.driver_id)
    fw = services.framework
    text = page.distance_label.text()
    assert f"{driver.points_to_next_band:g} point" in text
    assert fw.levels[driver.agreed_band].name in text
    expected = closest_to_moving(fw.driver(driver.driver_id), results.agreed, results.elements, fw.level_count)
    assert expected
    shown = re.findall(r"<b>(\d+\.\d+)</b>", page.closest_label.text())
    assert shown == [element_number(fw, c.element_id) for c in expected[:3]]


def test_improvement_target_is_saved_from_the_editor_and_the_table(page, qtbot, ctx, services, demo_id):
    driver_id = services.framework.drivers[4].id
    click_row(qtbot, page, driver_id)
    page.target_edit.setFocus()
    page.target_edit.selectAll()
    qtbot.keyClicks(page.target_edit, "Agree a fair price for care with providers")
    page.table.setFocus()  # leaving the box saves it
    qtbot.waitUntil(
        lambda: (
            services.planning.driver_plans(demo_id)[driver_id].improvement_target
            == "Agree a fair price for care with providers"
        )
    )
    assert cell(page, driver_id, page.model.COL_TARGET) == "Agree a fair price for care with providers"

    row = page.model.driver_ids().index(driver_id)
    index = page.model.index(row, page.model.COL_TARGET)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(index, "Publish a market position statement")
    qtbot.waitUntil(
        lambda: (
            services.planning.driver_plans(demo_id)[driver_id].improvement_target
            == "Publish a market position statement"
        )
    )
    assert page.target_edit.toPlainText() == "Publish a market position statement"

    ctx.undo_stack.undo()
    assert services.planning.driver_plans(demo_id)[driver_id].improvement_target == (
        "Agree a fair price for care with providers"
    )


def test_priorities_are_marked_ordered_and_renumbered(page, qtbot, ctx, services, demo_id):
    planning = services.planning
    before = planning.priority_drivers(demo_id)
    assert len(before) == 2
    newcomer = next(d.id for d in services.framework.drivers if d.id not in before)
    click_row(qtbot, page, newcomer)
    box = page.priority_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert planning.priority_drivers(demo_id) == [*before, newcomer]
    assert cell(page, newcomer, page.model.COL_PRIORITY) == "3"
    assert page.up_button.isEnabled() and not page.down_button.isEnabled()

    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert planning.priority_drivers(demo_id) == [before[0], newcomer, before[1]]
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert planning.priority_drivers(demo_id) == [newcomer, *before]
    assert not page.up_button.isEnabled()

    click_row(qtbot, page, before[0])
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert planning.priority_drivers(demo_id) == [newcomer, before[1]]
    priorities = sorted(p.priority for p in planning.driver_plans(demo_id).values() if p.priority is not None)
    assert priorities == [1, 2], "no gap left in the order"

    for _ in range(4):
        ctx.undo_stack.undo()
    assert planning.priority_drivers(demo_id) == before


def test_step_status(page, ctx, services, demo_id):
    status = page.step_status()
    assert status.done
    assert status.summary == "6 of 6 drivers scored; 2 chosen for the detailed assessment"
    for driver_id in services.planning.priority_drivers(demo_id):
        page.select_driver(driver_id)
        page.set_priority(driver_id, False)
    assert not page.step_status().done


def test_radar_can_show_each_sector(page, services, demo_id):
    names = [s.name for s in page.radar.series()]
    assert names == ["Agreed total", "Mean of individual totals"]
    page.sectors_check.setChecked(True)
    sectors = {p.sector for p in services.participants.list(demo_id)}
    assert {s.name for s in page.radar.series()} == {"Agreed total", "Mean of individual totals"} | sectors


def _drawn_share(widget) -> float:
    """The share of the widget's pixels, sampled on a grid, that differ from its corner (background)."""
    image = widget.grab().toImage()
    assert image.width() > 200 and image.height() > 150  # laid out at a size a facilitator can read
    background = image.pixel(0, 0)
    samples = [image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)]
    return sum(p != background for p in samples) / len(samples)


def test_charts_render_without_errors(page, qtbot):
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        tab = page.tabs.currentWidget()
        qtbot.waitUntil(tab.isVisible)
        qtbot.wait(10)
        # Each tab draws something over its background: the table, the radar, the bars.
        assert _drawn_share(tab) > 0.01, page.tabs.tabText(i)
    assert page.bars.built


def test_final_scores_model(page, qtmodeltester):
    qtmodeltester.check(page.model, force_py=True)
    assert all(page.model.index(r, 0).data(DRIVER_ID_ROLE) for r in range(page.model.rowCount()))


def test_a_workshop_with_nothing_agreed_yet(ctx, qtbot, services):
    wid = services.workshops.create({"title": "Empty"}).previous.id
    page = FinalScoresPage(ctx)
    qtbot.addWidget(page)
    page.set_workshop(wid)
    page.show()
    for row in range(page.model.rowCount()):
        assert page.model.index(row, page.model.COL_TOTAL).data() == "0 of 5 scored"
        assert page.model.index(row, page.model.COL_MEAN).data() == HIDDEN_TEXT
    reveal_everything(ctx)
    for row in range(page.model.rowCount()):
        assert page.model.index(row, page.model.COL_MEAN).data() == "– (from 0 of 0)"
    assert all(v is None for s in page.radar.series() for v in s.values.values())
    page.resize(1366, 768)
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        tab = page.tabs.currentWidget()
        qtbot.waitUntil(tab.isVisible)
        qtbot.wait(10)
        # Nothing is agreed, yet the axes, headings and driver names are drawn.
        assert _drawn_share(tab) > 0.01, page.tabs.tabText(i)
    assert page.step_status().summary == "0 of 6 drivers scored; 0 chosen for the detailed assessment"
    page.set_workshop(None)
    assert page.model.rowCount() == 0
    assert not page.step_status().done


def test_improvement_target_can_be_typed_in_the_table(page, qtbot, services, demo_id):
    driver_id = services.framework.drivers[5].id
    row = page.model.driver_ids().index(driver_id)
    index = page.model.index(row, page.model.COL_TARGET)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = page.table.focusWidget()
    assert editor is not page.table
    editor.selectAll()
    qtbot.keyClicks(editor, "Pool budgets for intermediate care")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            services.planning.driver_plans(demo_id)[driver_id].improvement_target
            == "Pool budgets for intermediate care"
        )
    )
    assert page.model.index(row, page.model.COL_TARGET).data() == "Pool budgets for intermediate care"


# --- how many people the mean rests on, and the target level -----------------------------------------


def test_the_mean_says_how_many_people_it_rests_on(page, ctx, services, demo_id):
    """Two of the demo's people leave one element of a driver "not sure": the mean rests on the rest."""
    reveal_everything(ctx)
    from jcs_desktop.domain.scoring import NOT_SURE

    fw = services.framework
    driver = fw.drivers[2]
    people = services.participants.list(demo_id)
    for person in people[:2]:  # another window's scores, announced as every writer's change is
        ctx.apply(services.scores.set_many(person.id, {driver.elements[0].id: NOT_SURE}))
    result = services.scores.results(demo_id).driver(driver.id)
    assert (result.individual_from, result.individual_of) == (len(people) - 2, len(people))
    text = cell(page, driver.id, page.model.COL_MEAN)
    assert text.endswith(f"from {len(people) - 2} of {len(people)}")
    tip = cell(page, driver.id, page.model.COL_MEAN, Qt.ItemDataRole.ToolTipRole)
    assert f"{len(people) - 2} of the {len(people)} participants" in tip
    ticks = dict(page.bars.tick_labels())
    assert ticks[fw.drivers.index(driver)].endswith(f"mean from {len(people) - 2} of {len(people)}"), "the bars too"


def choose_target_level(qtbot, page: FinalScoresPage, level: int | None) -> None:
    combo = page.target_level_combo
    assert combo.isEnabled() and combo.isVisible()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    target = combo.findData(level)
    while combo.currentIndex() != target:  # the keyboard, as a facilitator would
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_target_level_is_set_on_final_scores_saved_at_once_and_undoable(page, qtbot, ctx, services, demo_id):
    driver_id = services.framework.drivers[3].id
    page.activateWindow()
    click_row(qtbot, page, driver_id)
    before = services.planning.driver_plans(demo_id)[driver_id].target_level
    level = 3 if before != 3 else 4
    choose_target_level(qtbot, page, level)
    assert services.planning.driver_plans(demo_id)[driver_id].target_level == level
    assert page.target_level_combo.currentData() == level
    ctx.undo_stack.undo()
    assert services.planning.driver_plans(demo_id)[driver_id].target_level == before
    assert page.target_level_combo.currentData() == before
    ctx.undo_stack.redo()
    choose_target_level(qtbot, page, None)
    assert services.planning.driver_plans(demo_id)[driver_id].target_level is None
    # Another driver shows its own target level.
    other = services.framework.drivers[0].id
    ctx.apply(services.planning.set_driver_plan(demo_id, other, target_level=2))
    click_row(qtbot, page, other)
    assert page.target_level_combo.currentData() == 2
    click_row(qtbot, page, driver_id)
    assert page.target_level_combo.currentData() is None


def test_target_level_chosen_here_is_in_the_exports(page, qtbot, services, demo_id, tmp_path):
    from openpyxl import load_workbook

    from jcs_desktop.exports.model import build_report
    from jcs_desktop.exports.xlsx import write_workbook

    driver = services.framework.drivers[1]  # one the demo takes into the detailed assessment
    assert services.planning.driver_plans(demo_id)[driver.id].priority is not None
    page.activateWindow()
    click_row(qtbot, page, driver.id)
    choose_target_level(qtbot, page, 4)
    report = build_report(services, demo_id)
    assert next(d for d in report.drivers if d.id == driver.id).target_level == 4
    wb = load_workbook(write_workbook(report, tmp_path / "t.xlsx"))
    rows = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert any(driver.title in row and services.framework.levels[3].name in row for row in rows)
