"""Reconcile and Final scores follow the live state: a change updates just what it names (one
row of a model, one driver's bars), costs one write and no read, and a hidden page catches up
when it is shown rather than at every change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from jcs_desktop.ui.commands.agreed import SetAgreed
from jcs_desktop.ui.commands.plans import SetDriverPlans
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.final_scores.page import FinalScoresPage
from jcs_desktop.ui.reconcile.page import ReconcilePage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def ctx(services, demo_id, qapp):
    context = AppContext(services)
    context.open_workshop(demo_id)  # as the window does before it gives its pages the workshop
    return context


def make(qtbot, cls, ctx, demo_id, *, shown: bool):
    page = cls(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_workshop(demo_id)
    if shown:
        page.show()
        qtbot.waitExposed(page)
    return page


class Rows:
    """The rows a model said changed (``dataChanged``), and whether it was reset."""

    def __init__(self, model) -> None:
        self.rows: set[int] = set()
        self.resets = 0
        model.dataChanged.connect(lambda tl, br, _roles=(): self.rows.update(range(tl.row(), br.row() + 1)))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


def total_cell(final: FinalScoresPage, driver_id: str) -> str:
    model = final.model
    return model.index(model.driver_ids().index(driver_id), model.COL_TOTAL).data()


def test_an_agree_key_is_one_write_no_read_and_one_row_of_the_element_list(qtbot, ctx, services, demo_id, transactions):
    final = make(qtbot, FinalScoresPage, ctx, demo_id, shown=False)  # built, as after a visit, but not on screen
    page = make(qtbot, ReconcilePage, ctx, demo_id, shown=True)
    page.activateWindow()
    page.element_view.setFocus()
    qtbot.waitUntil(page.element_view.hasFocus)
    eid = page.current_element
    driver = services.framework.driver_of(eid).id
    before_total = total_cell(final, driver)
    level = 4 if services.scores.get_agreed(demo_id, eid).level != 4 else 1
    rows = Rows(page.element_model)
    transactions.take()

    qtbot.keyClick(page.element_view, Qt.Key(Qt.Key.Key_0 + level))

    assert transactions.take() == (1, 0), "one write, and nothing read back"
    assert services.scores.get_agreed(demo_id, eid).level == level
    assert rows.rows == {page.element_model.row_of(eid)} and rows.resets == 0, "just the element's row"
    assert page.element_model.index(page.element_model.row_of(eid), 2).data() == str(level)
    assert page.level_buttons[level - 1].isChecked()

    # The hidden page only noted it; it shows the new total once shown, still without a read.
    assert final.is_stale
    assert total_cell(final, driver) == before_total
    transactions.take()  # (the checks above read the database themselves)
    final.show()
    qtbot.waitExposed(final)
    assert transactions.take() == (0, 0)
    assert not final.is_stale
    assert total_cell(final, driver) == str(services.scores.results(demo_id).driver(driver).agreed.total)
    assert total_cell(final, driver) != before_total

    transactions.take()
    ctx.undo_stack.undo()  # undo is one write too
    assert transactions.take() == (1, 0)


def test_final_scores_update_one_driver_row_and_its_bars_only(qtbot, ctx, services, demo_id, transactions, monkeypatch):
    reconcile = make(qtbot, ReconcilePage, ctx, demo_id, shown=False)
    final = make(qtbot, FinalScoresPage, ctx, demo_id, shown=True)
    final.tabs.setCurrentIndex(2)  # the driver bars on screen
    qtbot.waitUntil(final.bars.isVisible)
    qtbot.waitUntil(lambda: final.bars.built)
    fw = services.framework
    driver = fw.drivers[3]
    element = driver.elements[0]
    level = 4 if services.scores.get_agreed(demo_id, element.id).level != 4 else 1
    rows = Rows(final.model)
    drawn: list[int] = []
    real = type(final.bars)._draw_driver
    monkeypatch.setattr(type(final.bars), "_draw_driver", lambda self, i: drawn.append(i) or real(self, i))
    agreed_before = {s.name: dict(s.values) for s in final.radar.series()}["Agreed total"]
    transactions.take()

    assert ctx.push(SetAgreed(ctx, demo_id, element.id, level=level))

    assert transactions.take() == (1, 0)
    index = fw.drivers.index(driver)
    assert rows.rows == {index} and rows.resets == 0, "the driver's row alone"
    assert drawn == [index], "only that driver's bars are drawn again"
    agreed_now = {s.name: dict(s.values) for s in final.radar.series()}["Agreed total"]
    assert {d for d in agreed_now if agreed_now[d] != agreed_before[d]} == {driver.id}
    assert agreed_now[driver.id] == services.scores.results(demo_id).driver(driver.id).agreed.total

    # Reconcile, hidden, catches up when shown.
    assert reconcile.is_stale
    row = reconcile.element_model.row_of(element.id)
    assert reconcile.element_model.index(row, 2).data() != str(level)
    transactions.take()
    reconcile.show()
    qtbot.waitExposed(reconcile)
    assert transactions.take() == (0, 0)
    assert reconcile.element_model.index(row, 2).data() == str(level)


def test_a_new_score_shows_in_a_revealed_element_and_the_means(qtbot, ctx, services, demo_id, transactions):
    """Individual scores changed elsewhere (participant mode): the spread and the mean follow."""
    page = make(qtbot, ReconcilePage, ctx, demo_id, shown=True)
    ctx.reveal.reveal_all(services.framework.element_ids())
    final = make(qtbot, FinalScoresPage, ctx, demo_id, shown=True)
    page.set_revealed(True)
    eid = page.current_element
    person = services.participants.list(demo_id)[0]
    value = 4 if services.scores.scores_for_workshop(demo_id)[person.id].get(eid) != 4 else 1
    rows = Rows(page.element_model)
    transactions.take()

    assert ctx.push(SetScore(ctx, person.id, eid, value))

    assert transactions.take() == (1, 0)
    stats = services.scores.results(demo_id).elements[eid]
    assert page.chart.counts() == stats.overall.counts
    assert rows.resets == 0 and rows.rows == {page.element_model.row_of(eid)}
    driver = services.framework.driver_of(eid).id
    result = services.scores.results(demo_id).driver(driver)
    mean = final.model.index(final.model.driver_ids().index(driver), final.model.COL_MEAN).data()
    assert mean.startswith(f"{result.individual_totals.mean:.1f}")


def test_a_priority_change_of_several_drivers_is_one_transaction_and_one_undo(
    qtbot, ctx, services, demo_id, transactions
):
    final = make(qtbot, FinalScoresPage, ctx, demo_id, shown=True)
    planning = services.planning
    first, second = planning.priority_drivers(demo_id)
    final.select_driver(first)
    rows = Rows(final.model)
    transactions.take()

    box = final.priority_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on the tick box

    assert transactions.take() == (1, 0), "the one left out and the one renumbered, in one transaction"
    assert planning.priority_drivers(demo_id) == [second]
    assert planning.driver_plans(demo_id)[second].priority == 1
    ids = final.model.driver_ids()
    assert rows.rows == {ids.index(first), ids.index(second)} and rows.resets == 0
    assert final.priority_label.text().startswith("1 driver(s) chosen")

    transactions.take()
    ctx.undo_stack.undo()
    assert transactions.take() == (1, 0), "and put back in one"
    assert planning.priority_drivers(demo_id) == [first, second]
    ctx.undo_stack.redo()
    assert planning.priority_drivers(demo_id) == [second]


def test_driver_plans_refused_for_one_driver_change_none(qtbot, ctx, services, demo_id):
    final = make(qtbot, FinalScoresPage, ctx, demo_id, shown=True)
    fw = services.framework
    a, b = fw.drivers[0].id, fw.drivers[1].id
    before = services.planning.driver_plans(demo_id)
    depth = ctx.undo_stack.count()
    plans = {a: {"improvement_target": "Meet monthly"}, b: {"target_level": 99}}
    assert not ctx.push(SetDriverPlans(ctx, demo_id, plans, "Two drivers"))
    assert services.planning.driver_plans(demo_id) == before, "nothing written for either"
    assert ctx.undo_stack.count() == depth
    assert final.model.index(0, final.model.COL_TARGET).data() == before[a].improvement_target
