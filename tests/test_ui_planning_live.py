"""The planning pages follow the live state: an edit updates what it names, costs one write and
no read, and a hidden page catches up when it is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStackedWidget

from jcs_desktop.ui.commands.planning import ChooseApproach, EditActionText
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage
from jcs_desktop.ui.planning.detailed_page import DetailedAssessmentPage

TODAY = dt.date(2026, 11, 23)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def ctx(services, demo_id):
    context = AppContext(services)
    context.open_workshop(demo_id)
    return context


@pytest.fixture
def stack(qtbot, ctx, demo_id):
    """The three planning pages in one stack, as the workshop view holds them: one shown at a time."""
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    pages = {}
    for cls in (DetailedAssessmentPage, ActionPlanPage, DeliverySheetsPage):
        page = cls(ctx)
        stack.addWidget(page)
        page.set_workshop(demo_id)
        pages[cls.step.key] = page
    stack.resize(1366, 768)
    stack.show()
    stack.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is stack)
    stack.pages = pages
    return stack


def _show(qtbot, stack, key: str):
    page = stack.pages[key]
    stack.setCurrentWidget(page)
    qtbot.waitUntil(page.isVisible)
    return page


class _Signals:
    """What a model told its views: resets, and the rows each dataChanged covered."""

    def __init__(self, model) -> None:
        self.resets = 0
        self.rows: list[tuple[int, int]] = []
        self.inserted: list[tuple[int, int]] = []
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(lambda tl, br, *_: self.rows.append((tl.row(), br.row())))
        model.rowsInserted.connect(lambda _p, first, last: self.inserted.append((first, last)))

    def _reset(self) -> None:
        self.resets += 1


def test_a_cell_edit_updates_its_row_only_with_one_write_and_no_read(qtbot, stack, services, demo_id, transactions):
    plan = _show(qtbot, stack, "actions")
    action = services.planning.actions(demo_id)[1]
    seen = _Signals(plan.model)
    plan.table.setCurrentIndex(plan.index_for(action.id, "involving"))
    plan.table.setFocus()
    transactions.take()
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Every provider")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert transactions.take() == (1, 0)
    assert services.planning.action(action.id).involving == "Every provider"
    assert plan.index_for(action.id, "involving").data() == "Every provider"
    assert seen.resets == 0 and seen.rows == [(1, 1)]  # the edited action's row, nothing else
    # The hidden delivery page has not redrawn anything, but knows it must.
    assert stack.pages["delivery"].is_stale


def test_adding_and_deleting_actions_insert_and_remove_rows_without_a_reset(qtbot, stack, services, demo_id):
    plan = _show(qtbot, stack, "actions")
    seen = _Signals(plan.model)
    removed: list[tuple[int, int]] = []
    plan.model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    new_id = plan.add_action()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert seen.inserted == [(3, 3)] and plan.model.action_at(3).id == new_id
    plan.select_action(services.planning.actions(demo_id)[0].id)
    qtbot.keyClick(plan.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert removed == [(0, 0)]
    assert seen.resets == 0
    # The rows after the removed one are numbered again: they, and only they, changed.
    assert seen.rows[-1] == (0, 2)


def test_a_hidden_delivery_page_is_stale_then_shows_the_change_and_its_status_is_right_meanwhile(
    qtbot, stack, ctx, services, demo_id
):
    delivery = stack.pages["delivery"]
    _show(qtbot, stack, "actions")
    action = services.planning.actions(demo_id)[0]
    assert delivery.step_status().done
    assert ctx.push(EditActionText(ctx, action.id, "lead", "", "Edit the lead"))
    assert delivery.is_stale
    # The step list is told at once, from the live state, though the page has not redrawn.
    assert delivery.step_status().summary == "No lead for action 1"
    assert delivery.list_model.action_at(0).lead == action.lead
    _show(qtbot, stack, "delivery")
    assert not delivery.is_stale
    assert delivery.list_model.action_at(0).lead == ""
    delivery.select_action(action.id)
    assert delivery.editors["lead"].toPlainText() == ""


def test_typing_in_a_delivery_box_saves_with_one_write_and_no_read(qtbot, stack, services, demo_id, transactions):
    delivery = _show(qtbot, stack, "delivery")
    action = services.planning.actions(demo_id)[2]
    delivery.select_action(action.id)
    seen = _Signals(delivery.list_model)
    points = _Signals(delivery.points)
    support = delivery.editors["support"]
    support.setFocus()
    support.moveCursor(support.textCursor().MoveOperation.End)
    transactions.take()
    qtbot.keyClicks(support, " Finance.")
    delivery.flush()
    assert transactions.take() == (1, 0)
    assert services.planning.action(action.id).support.endswith("Finance.")
    assert seen.resets == 0 and seen.rows == [(2, 2)]
    assert points.resets == 0  # the delivery plan below was left alone


def test_a_review_point_edit_updates_its_row(qtbot, stack, services, demo_id, transactions):
    delivery = _show(qtbot, stack, "delivery")
    action = next(a for a in services.planning.actions(demo_id) if len(a.review_points) >= 2)
    delivery.select_action(action.id)
    seen = _Signals(delivery.points)
    column = delivery.points.keys.index("expected")
    transactions.take()
    assert delivery.points.setData(delivery.points.index(1, column), "A new milestone")
    assert transactions.take() == (1, 0)
    assert seen.resets == 0 and seen.rows == [(1, 1)]
    assert delivery.points.index(1, column).data() == "A new milestone"


def test_ticking_an_approach_costs_one_write_and_keeps_the_sheet_and_the_tree(
    qtbot, stack, services, demo_id, transactions
):
    detailed = _show(qtbot, stack, "detailed")
    element = services.framework.driver("encouraging-innovation").elements[0]
    detailed.select(element.id)
    sheet = detailed.sheet()
    level, index = next(iter(sheet.checks))
    check = sheet.checks[(level, index)]
    qtbot.waitUntil(check.box.isVisible)
    tops = [detailed.tree.topLevelItem(i) for i in range(detailed.tree.topLevelItemCount())]
    transactions.take()
    qtbot.mouseClick(check.box, Qt.MouseButton.LeftButton)
    assert transactions.take() == (1, 0)
    assert detailed.sheet() is sheet and sheet.checks[(level, index)] is check and check.isChecked()
    # The tree was not rebuilt: the same items, the element's count updated in place.
    assert [detailed.tree.topLevelItem(i) for i in range(detailed.tree.topLevelItemCount())] == tops
    item = next(it for it in detailed._all_items() if it.data(0, Qt.ItemDataRole.UserRole + 2) == element.id)
    assert item.text(1).endswith("✓1")
    # The action plan, hidden, counts the ticked approach in its status already.
    assert "1 ticked approach not yet in the plan" in stack.pages["actions"].step_status().summary


def test_choosing_a_priority_driver_with_the_keyboard_costs_one_write(qtbot, stack, services, demo_id, transactions):
    detailed = _show(qtbot, stack, "detailed")
    item = next(
        detailed.tree.topLevelItem(i)
        for i in range(detailed.tree.topLevelItemCount())
        if detailed.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) == "building-partnerships"
    )
    detailed.tree.setCurrentItem(item)
    detailed.tree.setFocus()
    transactions.take()
    qtbot.keyClick(detailed.tree.viewport(), Qt.Key.Key_Space)
    # Waited for on the live state: asking the database would count as reads.
    qtbot.waitUntil(lambda: detailed.live.plans["building-partnerships"].priority is not None)
    assert transactions.take() == (1, 0)
    assert "building-partnerships" in services.planning.priority_drivers(demo_id)


def test_an_approach_ticked_elsewhere_shows_on_the_open_sheet(qtbot, stack, ctx, services, demo_id):
    detailed = _show(qtbot, stack, "detailed")
    element = services.framework.driver("understanding-the-market").elements[0]
    detailed.select(element.id)
    sheet = detailed.sheet()
    level = sheet.next_level()
    assert not sheet.checks[(level, 0)].isChecked()
    assert ctx.push(ChooseApproach(ctx, demo_id, element.id, level, 0, "", "Tick"))
    assert sheet.checks[(level, 0)].isChecked()
    ctx.undo_stack.undo()
    assert not sheet.checks[(level, 0)].isChecked()


def test_a_move_moves_one_row(qtbot, stack, services, demo_id):
    plan = _show(qtbot, stack, "actions")
    ids = [a.id for a in services.planning.actions(demo_id)]
    seen = _Signals(plan.model)
    moved: list[tuple[int, int]] = []
    plan.model.rowsMoved.connect(lambda _p, start, _end, _d, row: moved.append((start, row)))
    plan.select_action(ids[2])
    qtbot.keyClick(plan.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [plan.model.action_at(r).id for r in range(3)] == [ids[0], ids[2], ids[1]]
    assert moved and seen.resets == 0
    assert plan.current_action().id == ids[2]
    assert plan.model.index(0, 0).parent() == QModelIndex()


def test_a_hidden_detailed_page_is_stale_then_shows_the_new_priority_driver(qtbot, stack, ctx, services, demo_id):
    from jcs_desktop.ui.commands.plans import SetDriverPlans

    detailed = stack.pages["detailed"]
    _show(qtbot, stack, "actions")

    def elements_listed() -> int:
        return sum(detailed.tree.topLevelItem(i).childCount() for i in range(detailed.tree.topLevelItemCount()))

    before = elements_listed()
    priority = max(p.priority or 0 for p in ctx.live.plans.values()) + 1
    with qtbot.waitSignal(detailed.status_changed):
        assert ctx.push(SetDriverPlans(ctx, demo_id, {"building-partnerships": {"priority": priority}}, "Prioritise"))
    assert detailed.is_stale
    assert "3 priority drivers" in detailed.step_status().summary  # right at once, from the live state
    assert elements_listed() == before  # not redrawn while hidden
    _show(qtbot, stack, "detailed")
    assert not detailed.is_stale
    third = detailed.tree.topLevelItem(2)
    assert third.data(0, Qt.ItemDataRole.UserRole + 1) == "building-partnerships"
    assert elements_listed() == before + third.childCount() and third.childCount() > 0


def test_with_every_step_page_built_a_planning_or_prepare_edit_is_one_write_and_no_read(
    qtbot, laptop_window, services, demo_id, transactions
):
    from jcs_desktop.ui.commands.planning import EditNotes, UpdateAction
    from jcs_desktop.ui.commands.workshops import UpdateParticipant
    from jcs_desktop.ui.core.steps import STEPS

    window = laptop_window
    ctx = window.ctx
    view = window.open_workshop(demo_id)
    for step in STEPS:  # as after the facilitator has visited every step
        view.show_step(step.key)
    qtbot.wait(50)
    action = ctx.live.actions[0]
    element = services.framework.driver("understanding-the-market").elements[0].id
    person = ctx.live.participants[0]
    edits = [
        ("actions", UpdateAction(ctx, action.id, "involving", "Every provider", "Edit")),
        ("delivery", EditActionText(ctx, action.id, "lead", "Sam", "Edit the lead")),
        ("detailed", ChooseApproach(ctx, demo_id, element, 2, 0, "", "Tick")),
        ("detailed", EditNotes(ctx, demo_id, element, "Data is not shared", "Notes")),
        ("prepare", UpdateParticipant(ctx, person.id, person.fields().model_copy(update={"role": "Chair"}))),
    ]
    for key, command in edits:
        view.show_step(key)
        qtbot.wait(10)
        transactions.take()
        assert ctx.push(command)
        qtbot.wait(10)
        assert transactions.take() == (1, 0), command.text()
    for _ in edits:
        ctx.undo_stack.undo()
        assert transactions.take() == (1, 0)
