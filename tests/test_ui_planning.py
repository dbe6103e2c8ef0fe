"""The planning pages, driven like a facilitator would, checked against what the services stored."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QByteArray, QDate, QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage
from jcs_desktop.ui.planning.detailed_page import DetailedAssessmentPage
from jcs_desktop.ui.planning.dialogs import CreateActionsDialog
from jcs_desktop.ui.planning.models import ACTION_MIME, NO_DRIVER

TODAY = dt.date(2026, 11, 23)  # the demo workshop's date

# The offscreen platform says this whenever a window is shown; it is not about our widgets.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def ctx(services):
    return AppContext(services)


def _page(qtbot, cls, ctx, workshop_id):
    page = cls(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.set_workshop(workshop_id)
    return page


def _driver_item(page: DetailedAssessmentPage, driver_id: str):
    for i in range(page.tree.topLevelItemCount()):
        item = page.tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole + 1) == driver_id:
            return item
    raise AssertionError(driver_id)


def _when_modal(fn) -> None:
    """Answer the next modal dialog with ``fn(dialog)`` once it is open."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        fn(dialog)

    QTimer.singleShot(0, answer)


# -- the walk-through the issue asks for ---------------------------------------------------------------


def test_from_demo_pick_tick_create_fill_reorder_undo(qtbot, services, demo_id, ctx):
    planning = services.planning
    fw = services.framework
    before = [a.id for a in planning.actions(demo_id)]

    # Detailed assessment: pick Building partnerships as a priority driver with the keyboard.
    detailed = _page(qtbot, DetailedAssessmentPage, ctx, demo_id)
    item = _driver_item(detailed, "building-partnerships")
    assert item.checkState(0) == Qt.CheckState.Unchecked
    detailed.tree.setCurrentItem(item)
    qtbot.keyClick(detailed.tree.viewport(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: planning.driver_plans(demo_id)["building-partnerships"].priority == 3)
    assert planning.priority_drivers(demo_id)[-1] == "building-partnerships"

    # Its first element's sheet: the agreed level is highlighted, the next level's approaches brought forward.
    element = fw.driver("building-partnerships").elements[0]
    detailed.select(element.id)
    sheet = detailed.sheet()
    assert sheet is not None and sheet.element.id == element.id
    agreed = services.scores.agreed_for_workshop(demo_id)[element.id].level
    nxt = min(agreed + 1, fw.level_count)
    assert sheet.next_level() == nxt
    assert f"Level {nxt}" in sheet.forward_title.text()

    # Tick two approaches with the mouse.
    first, second = sheet.checks[(nxt, 0)], sheet.checks[(nxt, 1)]
    qtbot.mouseClick(first.box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(second.label, Qt.MouseButton.LeftButton)  # clicking the wrapped text ticks too
    chosen = planning.chosen_approaches(demo_id)
    approaches = element.detail.levels[nxt - 1].approaches
    assert [(c.element_id, c.level, c.approach_index, c.text) for c in chosen] == [
        (element.id, nxt, 0, approaches[0]),
        (element.id, nxt, 1, approaches[1]),
    ]
    assert first.isChecked() and second.isChecked()
    assert "2 not yet in the action plan" in detailed.step_status().summary

    # Create one action per approach through the dialog; the page then asks for the action plan.
    def choose_per_approach(dialog: CreateActionsDialog) -> None:
        assert len(dialog.selected()) == 2
        dialog.per_approach.setChecked(True)
        assert len(dialog.planned()) == 2
        dialog.ok.click()

    with qtbot.waitSignal(detailed.request_step) as asked:
        _when_modal(choose_per_approach)
        created = detailed.create_actions()
    assert len(created) == 2
    assert asked.args == ["actions", created[0]]
    actions = planning.actions(demo_id)
    assert [a.id for a in actions] == [*before, *created]
    new = {a.id: a for a in actions}
    statement = element.detail.levels[nxt - 1].statement
    target = planning.driver_plans(demo_id)["building-partnerships"].improvement_target
    for action_id, text in zip(created, approaches[:2], strict=True):
        assert new[action_id].achieve == statement
        assert new[action_id].so_that == target
        assert new[action_id].steps == [text]
        assert [(lk.driver_id, lk.element_id) for lk in new[action_id].links] == [("building-partnerships", element.id)]
    assert {c.action_id for c in planning.chosen_approaches(demo_id)} == set(created)
    assert "(in the action plan)" in first.label.text()

    # The action plan shows them; open the second one's delivery sheet with Enter.
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    assert plan.proxy.rowCount() == len(before) + 2
    assert plan.select_action(created[1])
    with qtbot.waitSignal(plan.request_step) as asked:
        qtbot.keyClick(plan.table, Qt.Key.Key_Return)
    assert asked.args == ["delivery", created[1]]

    # Fill its detailed sheet: the lead by typing, two review points through the delivery plan table.
    delivery = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    assert delivery.select_action(created[1])
    lead = delivery.editors["lead"]
    lead.setFocus()
    qtbot.keyClicks(lead, "Sam Patel, provider forum")
    qtbot.waitUntil(lambda: planning.action(created[1]).lead == "Sam Patel, provider forum", timeout=3000)
    for _ in range(2):
        qtbot.mouseClick(delivery.add_point, Qt.MouseButton.LeftButton)
    assert delivery.points.rowCount() == 2
    expected_col = delivery.points.keys.index("expected")
    date_col = delivery.points.keys.index("date")
    for row, (when, text) in enumerate([(dt.date(2027, 1, 15), "Panel agreed"), (dt.date(2027, 3, 1), "First review")]):
        assert delivery.points.setData(delivery.points.index(row, date_col), QDate(when.year, when.month, when.day))
        assert delivery.points.setData(delivery.points.index(row, expected_col), text)
    stored = planning.action(created[1])
    assert [(p.date, p.expected) for p in stored.review_points] == [
        (dt.date(2027, 1, 15), "Panel agreed"),
        (dt.date(2027, 3, 1), "First review"),
    ]
    assert stored.problems(TODAY) == []
    assert delivery.list_model.data(delivery.list_model.index(len(before) + 1, 0), Qt.ItemDataRole.UserRole + 4) == []

    # Reorder: Ctrl+Up on the table moves the selected action up one place.
    plan.select_action(created[1])
    qtbot.keyClick(plan.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [a.id for a in planning.actions(demo_id)] == [*before, created[1], created[0]]
    assert plan.model.action_at(plan.table.currentIndex().row()).id == created[1]

    # Undo, one step at a time, from the reorder back to before the actions were created.
    stack = ctx.undo_stack
    stack.undo()  # the reorder
    assert [a.id for a in planning.actions(demo_id)] == [*before, *created]
    stack.undo()  # "Expected" of review point 2
    stack.undo()  # its date
    stack.undo()  # "Expected" of review point 1
    stack.undo()  # its date
    assert [(p.date, p.expected) for p in planning.action(created[1]).review_points] == [(None, ""), (None, "")]
    stack.undo()  # second review point
    stack.undo()  # first review point
    assert planning.action(created[1]).review_points == []
    assert delivery.points.rowCount() == 0
    stack.undo()  # the lead
    assert planning.action(created[1]).lead == ""
    stack.undo()  # the macro "Create actions from ticked approaches"
    assert [a.id for a in planning.actions(demo_id)] == before
    assert plan.proxy.rowCount() == len(before)
    assert "2 not yet in the action plan" in detailed.step_status().summary

    # Redo brings back the same actions (same ids), so later edits still apply to them.
    stack.redo()
    assert [a.id for a in planning.actions(demo_id)] == [*before, *created]
    stack.redo()
    assert planning.action(created[1]).lead == "Sam Patel, provider forum"


# -- item models ------------------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, services, demo_id, ctx):
    from jcs_desktop.ui.planning.models import (
        ActionFilterProxy,
        ActionListModel,
        ActionPlanModel,
        ReviewPointModel,
    )

    # One flagged row too (empty aim, past date): icons, tints and tooltips are checked as well.
    services.planning.create_action(demo_id, {"by_when": dt.date(2026, 1, 1)}, links=[("building-partnerships", None)])
    actions = services.planning.actions(demo_id)
    plan = ActionPlanModel(ctx)
    plan.set_actions(demo_id, actions)
    assert plan.headerData(3, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is not None
    qtmodeltester.check(plan)
    proxy = ActionFilterProxy()
    proxy.setSourceModel(plan)
    proxy.set_driver("understanding-the-market")
    qtmodeltester.check(proxy)
    listing = ActionListModel(ctx)
    listing.set_actions(actions)
    qtmodeltester.check(listing)
    points = ReviewPointModel(ctx)
    points.set_points(demo_id, actions[0].id, actions[0].review_points)
    qtmodeltester.check(points)
    empty = ReviewPointModel(ctx)
    qtmodeltester.check(empty)


def test_action_plan_model_shows_the_workbook_headings_and_numbered_steps(services, demo_id, ctx):
    from jcs_desktop.ui.planning.models import SERVES, ActionPlanModel

    fw = services.framework
    model = ActionPlanModel(ctx)
    actions = services.planning.actions(demo_id)
    model.set_actions(demo_id, actions)
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headings[:-1] == [c.heading for c in fw.action_planning.columns]
    assert model.key_at(model.columnCount() - 1) == SERVES
    steps = model.index(0, model.column_of("by_doing")).data()
    assert steps.splitlines() == [f"{i}. {s}" for i, s in enumerate(actions[0].steps, start=1)]
    assert model.index(0, model.column_of("by_doing")).data(Qt.ItemDataRole.EditRole) == "\n".join(actions[0].steps)


# -- action plan ------------------------------------------------------------------------------------------


def test_edit_cells_steps_and_dates_each_one_undoable_command(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]

    # Typing into "We need to achieve…": F2 opens the editor, Enter saves.
    index = plan.index_for(action.id, "achieve")
    plan.table.setCurrentIndex(index)
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "A market position statement")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert services.planning.action(action.id).achieve == "A market position statement"

    # "By doing…": one step per line; typed numbers are dropped.
    index = plan.index_for(action.id, "by_doing")
    plan.table.setCurrentIndex(index)
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "1. Agree the data set")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new step, not the end
    qtbot.keyClicks(editor, "Survey providers")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(editor, "Publish")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter saves, as in a spreadsheet
    assert services.planning.action(action.id).steps == ["Agree the data set", "Survey providers", "Publish"]
    assert plan.index_for(action.id, "by_doing").data().splitlines()[2] == "3. Publish"

    # "By when…": the date editor; emptying the text clears the date.
    index = plan.index_for(action.id, "by_when")
    plan.table.setCurrentIndex(index)
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == common.date_text(action.by_when)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert services.planning.action(action.id).by_when is None
    assert plan.index_for(action.id, "by_when").data() == ""

    ctx.undo_stack.undo()
    assert services.planning.action(action.id).by_when == action.by_when
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).steps == action.steps
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).achieve == action.achieve
    assert ctx.undo_stack.count() == 3


def test_empty_aim_and_past_date_are_flagged_in_the_row(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    assert plan.step_status().done
    action = services.planning.actions(demo_id)[1]
    with qtbot.waitSignal(plan.status_changed):
        assert plan.proxy.setData(plan.index_for(action.id, "by_when"), QDate(2026, 1, 31))
    assert plan.proxy.setData(plan.index_for(action.id, "achieve"), "   ")
    stored = services.planning.action(action.id)
    assert stored.by_when == dt.date(2026, 1, 31) and stored.achieve == ""  # kept, but flagged

    row = plan.index_for(action.id, "achieve").row()
    header_tip = plan.proxy.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "is empty" in header_tip and "is in the past" in header_tip
    assert plan.proxy.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is not None
    assert "in the past" in plan.index_for(action.id, "by_when").data(Qt.ItemDataRole.ToolTipRole)
    assert plan.index_for(action.id, "by_when").data(Qt.ItemDataRole.BackgroundRole) is not None
    assert plan.index_for(action.id, "achieve").data(Qt.ItemDataRole.BackgroundRole) is not None
    assert plan.index_for(action.id, "so_that").data(Qt.ItemDataRole.BackgroundRole) is None
    assert plan.flags_label.isVisible() and "Action 2" in plan.flags_label.text()
    assert not plan.step_status().done and "1 flagged" in plan.step_status().summary


def test_delete_with_del_and_undo_restores_in_place(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    ids = [a.id for a in services.planning.actions(demo_id)]
    plan.select_action(ids[1])
    qtbot.keyClick(plan.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [a.id for a in services.planning.actions(demo_id)] == [ids[0], ids[2]]
    assert plan.proxy.rowCount() == 2
    ctx.undo_stack.undo()
    assert [a.id for a in services.planning.actions(demo_id)] == ids
    restored = services.planning.action(ids[1])
    assert restored.review_points and restored.steps  # everything came back with it


def test_drag_and_drop_reorders_through_one_command(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    ids = [a.id for a in services.planning.actions(demo_id)]
    # Drag the last row and drop it between rows 0 and 1 (what the view hands the model on a drop).
    mime = plan.proxy.mimeData([plan.index_for(ids[2], "achieve")])
    assert json.loads(bytes(mime.data(ACTION_MIME).data()).decode()) == [ids[2]]
    assert plan.proxy.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert plan.proxy.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    qtbot.waitUntil(lambda: [a.id for a in services.planning.actions(demo_id)] == [ids[0], ids[2], ids[1]])
    assert [plan.model.action_at(r).id for r in range(3)] == [ids[0], ids[2], ids[1]]
    assert ctx.undo_stack.count() == 1
    # Dropping onto a row puts the dragged action in that row's place.
    mime = plan.proxy.mimeData([plan.index_for(ids[0], "achieve")])
    plan.proxy.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, plan.index_for(ids[1], "achieve"))
    qtbot.waitUntil(lambda: [a.id for a in services.planning.actions(demo_id)] == [ids[2], ids[1], ids[0]])
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert [a.id for a in services.planning.actions(demo_id)] == ids
    bad = QMimeData()
    bad.setData(ACTION_MIME, QByteArray(b"not json"))
    assert plan.proxy.dropMimeData(bad, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False


def test_filter_by_driver_and_reorder_within_the_filter(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    plan.filter.setCurrentIndex(plan.filter.findData("encouraging-innovation"))
    assert plan.proxy.rowCount() == 1
    action = plan.model.action_at(plan.proxy.mapToSource(plan.proxy.index(0, 0)).row())
    assert "encouraging-innovation" in {lk.driver_id for lk in action.links}
    plan.filter.setCurrentIndex(plan.filter.findData(NO_DRIVER))
    assert plan.proxy.rowCount() == 0
    # A new action under a driver filter serves that driver.
    plan.filter.setCurrentIndex(plan.filter.findData("maximising-use-of-resources"))
    new_id = plan.add_action()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert [(lk.driver_id, lk.element_id) for lk in services.planning.action(new_id).links] == [
        ("maximising-use-of-resources", None)
    ]
    assert plan.proxy.rowCount() == 1
    plan.filter.setCurrentIndex(0)
    assert plan.proxy.rowCount() == 4
    # Opening an action hidden by the filter shows all actions again.
    plan.filter.setCurrentIndex(plan.filter.findData("encouraging-innovation"))
    assert plan.select_action(new_id) and plan.filter.currentIndex() == 0


def test_add_action_shortcut_and_step_status(qtbot, services, ctx):
    from jcs_desktop.services.dto import WorkshopFields

    wid = services.workshops.create(WorkshopFields(title="Empty workshop")).previous.id
    plan = _page(qtbot, ActionPlanPage, ctx, wid)
    assert not plan.step_status().done and "No action yet" in plan.step_status().summary
    plan.table.setFocus()
    with qtbot.waitSignal(plan.status_changed):
        qtbot.keyClick(
            plan.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    (action,) = services.planning.actions(wid)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Shared data")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert services.planning.action(action.id).achieve == "Shared data"
    assert plan.step_status().done


# -- delivery sheets --------------------------------------------------------------------------------------


def test_delivery_fields_save_on_focus_out_and_never_to_the_wrong_action(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    ids = [a.id for a in services.planning.actions(demo_id)]
    page.select_action(ids[0])
    fields = {c.key: c for c in services.framework.action_planning.detailed_fields}
    support = page.editors["support"]
    assert support.placeholderText() == fields["support"].prompt
    support.setFocus()
    support.moveCursor(support.textCursor().MoveOperation.End)
    qtbot.keyClicks(support, " Finance too.")
    # Switch to another action before the pause is over: the text goes to the first action.
    page.select_action(ids[1])
    assert services.planning.action(ids[0]).support.endswith("Finance too.")
    assert services.planning.action(ids[1]).support != services.planning.action(ids[0]).support
    assert page.editors["support"].toPlainText() == services.planning.action(ids[1]).support

    purpose = page.editors["purpose"]
    purpose.setFocus()
    purpose.selectAll()
    qtbot.keyClicks(purpose, "A new purpose")
    page.editors["lead"].setFocus()  # leaving the box saves it
    assert services.planning.action(ids[1]).purpose == "A new purpose"
    ctx.undo_stack.undo()
    assert services.planning.action(ids[1]).purpose != "A new purpose"
    assert page.editors["purpose"].toPlainText() == services.planning.action(ids[1]).purpose


def test_delivery_list_badges_and_step_status(qtbot, services, demo_id, ctx):
    from jcs_desktop.ui.planning.models import PROBLEMS_ROLE

    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    assert page.step_status().done
    ids = [a.id for a in services.planning.actions(demo_id)]
    page.select_action(ids[2])
    lead = page.editors["lead"]
    lead.setFocus()
    lead.selectAll()
    qtbot.keyClick(lead, Qt.Key.Key_Delete)
    with qtbot.waitSignal(page.status_changed):
        page.flush()
    assert services.planning.action(ids[2]).lead == ""
    assert page.list_model.index(2, 0).data(PROBLEMS_ROLE) == ["no-lead"]
    assert page.step_status().summary == "No lead for action 3"
    # Remove its review point with Ctrl+Delete in the table.
    page.table.setFocus()
    page.table.setCurrentIndex(page.points.index(0, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert services.planning.action(ids[2]).review_points == []
    assert page.list_model.index(2, 0).data(PROBLEMS_ROLE) == ["no-lead", "no-review-point"]
    assert "no review point for action 3" in page.step_status().summary
    assert not page.step_status().done
    ctx.undo_stack.undo()
    assert len(services.planning.action(ids[2]).review_points) == 1
    # Back to the action plan row.
    with qtbot.waitSignal(page.request_step) as asked:
        page.show_in_plan.click()
    assert asked.args == ["actions", ids[2]]


def test_review_point_date_editor_and_headings(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    fw = services.framework
    headings = [page.points.headerData(c, Qt.Orientation.Horizontal) for c in range(page.points.columnCount())]
    assert headings == [c.heading for c in fw.action_planning.delivery_plan_columns]
    action = services.planning.actions(demo_id)[1]
    page.select_action(action.id)
    point_id = page.add_review_point()
    index = page.table.currentIndex()
    assert page.points.key_at(index.column()) == "date"
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == ""  # empty until chosen
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the calendar opens on today
    calendar = editor.parentWidget().calendar
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    def stored_date():
        (point,) = [p for p in services.planning.action(action.id).review_points if p.id == point_id]
        return point.date

    qtbot.waitUntil(lambda: stored_date() == TODAY)


# -- detailed assessment ----------------------------------------------------------------------------------


def test_priority_drivers_can_be_chosen_on_the_page(qtbot, services, ctx):
    from jcs_desktop.services.dto import WorkshopFields

    wid = services.workshops.create(WorkshopFields(title="No priorities yet")).previous.id
    page = _page(qtbot, DetailedAssessmentPage, ctx, wid)
    assert page.step_status() == common_status(False, "Choose the priority drivers to assess in detail")
    assert not page.scroll.isVisible()
    for driver_id in ("commissioning-and-contracting", "encouraging-innovation"):
        with qtbot.waitSignal(page.status_changed):
            _driver_item(page, driver_id).setCheckState(0, Qt.CheckState.Checked)
    assert services.planning.priority_drivers(wid) == ["commissioning-and-contracting", "encouraging-innovation"]
    assert _driver_item(page, "commissioning-and-contracting").childCount() == 5
    assert page.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1) == "commissioning-and-contracting"
    ctx.undo_stack.undo()
    assert services.planning.priority_drivers(wid) == ["commissioning-and-contracting"]
    assert _driver_item(page, "encouraging-innovation").checkState(0) == Qt.CheckState.Unchecked


def common_status(done: bool, summary: str):
    from jcs_desktop.ui.core.steps import StepStatus

    return StepStatus(done, summary)


def test_refined_level_notes_and_own_approach(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DetailedAssessmentPage, ctx, demo_id)
    fw = services.framework
    element = fw.driver("understanding-the-market").elements[1]
    page.select(element.id)
    sheet = page.sheet()
    agreed = services.scores.agreed_for_workshop(demo_id)[element.id].level
    refined = 1 if agreed != 1 else 2
    sheet.refined.setCurrentIndex(sheet.refined.findData(refined))
    assert services.planning.detailed(demo_id)[element.id].refined_level == refined
    assert page.sheet().next_level() == refined + 1  # the brought-forward level follows the refined score
    assert f"Level {refined + 1}" in page.sheet().forward_title.text()

    sheet = page.sheet()
    sheet.notes.setFocus()
    qtbot.keyClicks(sheet.notes, "Data exists but is not shared")
    qtbot.waitUntil(lambda: services.planning.detailed(demo_id)[element.id].notes == "Data exists but is not shared")

    sheet.own_edit.setText("Quarterly market forum with providers")
    qtbot.keyClick(sheet.own_edit, Qt.Key.Key_Return)
    (own,) = [c for c in services.planning.chosen_approaches(demo_id) if c.approach_index is None]
    assert (own.element_id, own.level, own.text) == (element.id, refined + 1, "Quarterly market forum with providers")
    assert sheet.own_edit.text() == ""
    assert sheet.own_list.count() == 1

    ctx.undo_stack.undo()
    assert not services.planning.chosen_approaches(demo_id)
    ctx.undo_stack.undo()
    assert services.planning.detailed(demo_id)[element.id].notes == ""
    assert page.sheet().notes.toPlainText() == ""
    ctx.undo_stack.undo()
    assert services.planning.detailed(demo_id)[element.id].refined_level is None
    assert page.sheet().refined.currentData() is None


def test_sheet_marks_statements_taken_from_the_grid(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DetailedAssessmentPage, ctx, demo_id)
    services.planning.set_driver_plan(demo_id, "building-partnerships", priority=3)
    ctx.reload()  # written behind the window's back: read it again
    element = services.framework.element("building-partnerships.conflict")
    assert [lv.statement_source for lv in element.detail.levels][1:] == ["grid", "grid", "grid"]
    page.select(element.id)
    texts = [w.text() for w in page.sheet().findChildren(type(page.summary))]
    assert sum(common.GRID_SOURCE_MARK in t for t in texts) >= 3
    target = services.planning.driver_plans(demo_id)["building-partnerships"].improvement_target
    assert target in page.sheet().target_text.text()
    assert any(services.framework.final_scores.target_heading == t for t in texts)


def test_untick_removes_the_approach_and_undo_brings_it_back(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DetailedAssessmentPage, ctx, demo_id)
    element = services.framework.driver("encouraging-innovation").elements[0]
    page.select(element.id)
    sheet = page.sheet()
    level, index = next(iter(sheet.checks))
    check = sheet.checks[(level, index)]
    qtbot.waitUntil(check.box.isVisible)  # widgets added to a shown sheet appear on the next event loop turn
    qtbot.mouseClick(check.box, Qt.MouseButton.LeftButton)
    (chosen,) = services.planning.chosen_approaches(demo_id)
    qtbot.mouseClick(check.box, Qt.MouseButton.LeftButton)
    assert services.planning.chosen_approaches(demo_id) == []
    ctx.undo_stack.undo()
    assert services.planning.chosen_approaches(demo_id) == [chosen]
    assert check.isChecked()


def test_action_plan_creates_one_action_per_element_from_ticked_approaches(qtbot, services, demo_id, ctx):
    from jcs_desktop.ui.commands.planning import ChooseApproach

    fw = services.framework
    element = fw.driver("encouraging-innovation").elements[2]
    approaches = element.detail.levels[2].approaches
    for i in (0, 1):
        assert ctx.push(ChooseApproach(ctx, demo_id, element.id, 3, i, "", "Tick"))
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    assert plan.from_approaches.isEnabled() and "(2)" in plan.from_approaches.text()
    assert "2 ticked approaches not yet in the plan" in plan.step_status().summary

    def accept_default(dialog: CreateActionsDialog) -> None:
        assert dialog.per_element.isChecked()
        dialog.ok.click()

    _when_modal(accept_default)
    (new_id,) = plan.create_from_approaches()
    action = services.planning.action(new_id)
    assert action.steps == approaches[:2]
    assert action.achieve == element.detail.levels[2].statement
    assert plan.current_action().id == new_id
    assert not plan.from_approaches.isEnabled()
    assert plan.step_status().done
    ctx.undo_stack.undo()
    assert new_id not in {a.id for a in services.planning.actions(demo_id)}
    assert plan.from_approaches.isEnabled()


def test_serves_dialog_changes_the_links(qtbot, services, demo_id, ctx):
    from jcs_desktop.ui.planning.dialogs import LinksDialog

    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[2]
    plan.select_action(action.id)
    element = services.framework.driver("commissioning-and-contracting").elements[4]

    def tick(dialog: LinksDialog) -> None:
        top = next(
            dialog.tree.topLevelItem(i)
            for i in range(dialog.tree.topLevelItemCount())
            if dialog.tree.topLevelItem(i).text(0) == "Commissioning and contracting"
        )
        top.child(4).setCheckState(0, Qt.CheckState.Checked)
        assert top.checkState(0) == Qt.CheckState.Checked  # ticking an element ticks its driver
        dialog.accept()

    _when_modal(tick)
    plan.serves_button.click()
    links = [(lk.driver_id, lk.element_id) for lk in services.planning.action(action.id).links]
    assert links == [
        *[(lk.driver_id, lk.element_id) for lk in action.links],
        ("commissioning-and-contracting", element.id),
    ]
    assert "Commissioning and contracting" in plan.index_for(action.id, "serves").data()
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).links == action.links


def test_headings_and_boxes_follow_the_app_text_size(qtbot, services, demo_id, ctx):
    from PySide6.QtGui import QFont

    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    app = QApplication.instance()
    old = QFont(app.font())
    box_height = page.editors["purpose"].height()
    title_size = page.sheet_title.font().pointSizeF()
    bigger = QFont(old)
    bigger.setPointSizeF(old.pointSizeF() * 1.5)
    app.setFont(bigger)
    try:
        qtbot.waitUntil(lambda: page.editors["purpose"].height() > box_height)
        assert page.sheet_title.font().pointSizeF() > title_size
        assert page.sheet_title.font().bold()
        # Also inside boxes that have a style sheet (Qt does not pass fonts on to those by itself).
        assert page.sheet_facts.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
        assert page.table.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
    finally:
        app.setFont(old)


def test_a_run_of_typing_is_undone_in_one_step(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    page.select_action(action.id)
    difference = page.editors["difference"]
    difference.setFocus()
    difference.moveCursor(difference.textCursor().MoveOperation.End)
    qtbot.keyClicks(difference, " And trust.")
    qtbot.waitUntil(lambda: services.planning.action(action.id).difference.endswith("And trust."), timeout=3000)
    qtbot.keyClicks(difference, " And time.")
    qtbot.waitUntil(lambda: services.planning.action(action.id).difference.endswith("And time."), timeout=3000)
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).difference == action.difference
    assert difference.toPlainText() == action.difference
    ctx.undo_stack.redo()
    assert services.planning.action(action.id).difference.endswith("And trust. And time.")
