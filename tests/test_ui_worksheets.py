"""The Strategic Commissioning Template in the Strategy step, driven by keys and clicks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from jcs_desktop.services.worksheets import OPTIONS_TABLE
from jcs_desktop.ui.core.context import AppContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def view(qtbot, services):
    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.ui.strategy.template_view import TemplateView

    demo = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
    ctx = AppContext(services)
    ctx.open_workshop(demo)
    widget = TemplateView(ctx)
    qtbot.addWidget(widget)
    ctx.changed.connect(widget.apply_changes)
    widget.resize(1000, 700)
    widget.set_workshop(demo)
    widget.show()
    qtbot.waitExposed(widget)
    widget.demo = demo
    return widget


def _undo(view) -> None:
    view.ctx.undo_stack.undo()


def test_a_new_worksheet_is_filled_in_from_the_workshop_and_undoable(qtbot, view, services, monkeypatch):
    assert view.empty_label.isVisible() and not view.steps.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Better market intelligence", True))
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    [ws] = services.worksheets.worksheets(view.demo)
    assert view.sheet_combo.currentText() == "Better market intelligence" and view.steps.isEnabled()
    baseline = view.answer_boxes["q-1-2"].toPlainText()
    assert baseline == ws.answer("q-1-2").text and baseline.startswith(services.framework.drivers[0].title)
    label, button = view.answer_states["q-1-2"]
    assert label.text() == "Filled from this workshop's results." and not button.isVisible()
    _undo(view)
    assert services.worksheets.worksheets(view.demo) == [] and view.empty_label.isVisible()
    view.ctx.undo_stack.redo()
    assert [w.id for w in services.worksheets.worksheets(view.demo)] == [ws.id]


def test_typing_an_answer_saves_it_and_ctrl_z_takes_it_back(qtbot, view, services):
    view.new_worksheet("Objective")
    ws = services.worksheets.worksheets(view.demo)[0]
    box = view.answer_boxes["q-1-3"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "Delayed discharges down 10%")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.worksheets.worksheet(ws.id).answer("q-1-3").text == "Delayed discharges down 10%"
    _undo(view)
    assert services.worksheets.worksheet(ws.id).answer("q-1-3").text == ""
    assert box.toPlainText() == ""


def test_rag_status_by_keyboard(qtbot, view, services):
    view.new_worksheet("Objective")
    ws = services.worksheets.worksheets(view.demo)[0]
    combo = view.rag_combos["q-1-9-a"]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Not set -> Green
    assert services.worksheets.worksheet(ws.id).answer("q-1-9-a").rag == "green"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert services.worksheets.worksheet(ws.id).answer("q-1-9-a").rag == "amber"
    _undo(view)
    assert services.worksheets.worksheet(ws.id).answer("q-1-9-a").rag == "green"
    assert combo.currentData() == "green"


def test_table_rows_and_options_by_keyboard(qtbot, view, services):
    view.new_worksheet("Objective")
    ws = services.worksheets.worksheets(view.demo)[0]
    view.steps.setCurrentIndex(3)
    table = view.tables[OPTIONS_TABLE]
    qtbot.waitUntil(table.isVisible)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    [row] = services.worksheets.worksheet(ws.id).table(OPTIONS_TABLE)
    assert row.option_tag == services.worksheets.option_tags[0]
    assert table.model.headerData(0, Qt.Orientation.Vertical) == "A"
    view_ = table.view
    view_.setFocus()
    view_.setCurrentIndex(table.model.index(0, 0))
    qtbot.keyClick(view_, Qt.Key.Key_F2)  # the cell's editor, as a facilitator opens it
    editor = QApplication.focusWidget()
    assert editor is not view_
    qtbot.keyClicks(editor, "Commission more extra care")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits the editor's text on its next turn
    qtbot.waitUntil(
        lambda: (
            services.worksheets.worksheet(ws.id).table(OPTIONS_TABLE)[0].cells.get("option")
            == "Commission more extra care"
        )
    )
    _undo(view)
    assert services.worksheets.worksheet(ws.id).table(OPTIONS_TABLE)[0].cells.get("option", "") == ""
    # Removing the row, and bringing it back.
    view_.setCurrentIndex(table.model.index(0, 0))
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert services.worksheets.worksheet(ws.id).table(OPTIONS_TABLE) == []
    _undo(view)
    assert len(services.worksheets.worksheet(ws.id).table(OPTIONS_TABLE)) == 1


def test_action_plan_rows_come_in_linked_and_say_when_the_plan_moved_on(qtbot, view, services):
    from jcs_desktop.ui.strategy.template_view import ActionPicker

    view.new_worksheet("Objective")
    ws = services.worksheets.worksheets(view.demo)[0]
    actions = services.planning.actions(view.demo)
    picker = ActionPicker([(a.id, a.achieve) for a in actions])
    qtbot.addWidget(picker)
    picker.show()
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == [actions[0].id]
    table_id = services.worksheets.action_tables[0]
    view.add_from_plan(table_id, picker.chosen())
    table = view.tables[table_id]
    assert table.model.rowCount() == 1
    state = table.model.columnCount() - 1
    assert table.model.index(0, state).data() == "as in the action plan"
    assert table.model.index(0, 0).data().startswith(actions[0].achieve)
    lead = table.model.columns.index(("lead-support-partner", dict(table.model.columns)["lead-support-partner"]))
    # The action plan moves on: the row, not edited here, follows it at once.
    view.ctx.apply(services.planning.update_action(actions[0].id, lead="A new lead"))
    assert "A new lead" in table.model.index(0, lead).data()
    assert table.model.index(0, state).data() == "as in the action plan"
    # Edited here, then the plan moves on again: the row keeps its own text and says both changed.
    table.model.setData(table.model.index(0, 0), "Our own wording")
    qtbot.waitUntil(lambda: table.model.index(0, state).data() == "edited here")
    view.ctx.apply(services.planning.update_action(actions[0].id, lead="Another lead"))
    assert table.model.index(0, state).data() == "edited here; the action plan changed too"
    assert table.model.index(0, 0).data() == "Our own wording"
    table.view.setCurrentIndex(table.model.index(0, 0))
    qtbot.mouseClick(table.take_button, Qt.MouseButton.LeftButton)
    assert "Another lead" in services.worksheets.worksheet(ws.id).table(table_id)[0].cells["lead-support-partner"]
    assert table.model.index(0, state).data() == "as in the action plan"
    _undo(view)
    assert services.worksheets.worksheet(ws.id).table(table_id)[0].cells["action"] == "Our own wording"


def test_changed_results_are_flagged_and_can_be_taken_in(qtbot, view, services):
    view.new_worksheet("Objective")
    ws = services.worksheets.worksheets(view.demo)[0]
    element = services.framework.drivers[0].elements[0]
    level = services.scores.get_agreed(view.demo, element.id).level
    view.ctx.apply(services.scores.set_agreed(view.demo, element.id, 1 if level != 1 else 2))
    label, button = view.answer_states["q-1-2"]
    assert label.text() == "The workshop's results have changed since this was filled in."
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert services.worksheets.worksheet(ws.id).answer("q-1-2").text == services.worksheets.prefill(view.demo)["q-1-2"]
    assert label.text() == "Filled from this workshop's results." and not button.isVisible()
