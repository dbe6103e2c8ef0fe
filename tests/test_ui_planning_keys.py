"""The planning tables as a spreadsheet user drives them: typed dates, Delete, Tab, Enter, undo anywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QTableView

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
from jcs_desktop.ui.planning.delegates import DateCellEditor
from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage

TODAY = dt.date(2026, 11, 23)

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


def _type(qtbot, text: str) -> None:
    """Type as a person does: each key goes to whatever has the focus (the first one opens the editor)."""
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget(), ch)


def _date_editor() -> DateCellEditor:
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, DateCellEditor):
        widget = widget.parentWidget()
    assert widget is not None, "no date editor has the focus"
    return widget


# -- item 5: a typed date is read, shown as understood, and saved -------------------------------------------


@pytest.mark.parametrize("typed", ["15/03/2027", "15 Mar 2027", "15 March 2027", "2027-03-15"])
def test_a_date_typed_into_an_empty_by_when_cell_is_saved(qtbot, services, demo_id, ctx, typed):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    assert plan.proxy.setData(plan.index_for(action.id, "by_when"), QDate())
    assert services.planning.action(action.id).by_when is None
    plan.table.setCurrentIndex(plan.index_for(action.id, "by_when"))
    plan.table.setFocus()

    _type(qtbot, typed)  # the first key opens the editor and lands in it
    editor = _date_editor()
    assert editor.line.text() == typed
    assert editor.feedback.text() == "Monday 15 Mar 2027"  # what it understood, before saving
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.planning.action(action.id).by_when == dt.date(2027, 3, 15))
    assert plan.index_for(action.id, "by_when").data() == "15 Mar 2027"
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).by_when is None


def test_a_date_that_cannot_be_read_saves_nothing_and_says_so(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    plan.table.setCurrentIndex(plan.index_for(action.id, "by_when"))
    plan.table.setFocus()
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = _date_editor()
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "31/02/2027")
    with qtbot.waitSignal(ctx.status_message) as said:
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert "is not a date" in said.args[0] and "Nothing was saved" in said.args[0]
    assert _date_editor() is editor and editor.isVisible()  # still open, to put right
    assert "is not a date" in editor.feedback.text()
    assert services.planning.action(action.id).by_when == action.by_when
    assert ctx.undo_stack.count() == 0
    qtbot.keyClick(editor.line, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: plan.table.state() != QTableView.State.EditingState)
    assert services.planning.action(action.id).by_when == action.by_when


def test_a_review_point_date_is_typed_in_the_delivery_plan(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[1]
    page.select_action(action.id)
    point_id = page.add_review_point()
    _type(qtbot, "15 Mar 2027")
    assert _date_editor().feedback.text() == "Monday 15 Mar 2027"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    def stored():
        return next(p.date for p in services.planning.action(action.id).review_points if p.id == point_id)

    qtbot.waitUntil(lambda: stored() == dt.date(2027, 3, 15))


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_the_calendar_shows_every_day_name_and_week_at_every_text_size(qtbot, services, demo_id, ctx, scale):
    app = QApplication.instance()
    old = QFont(app.font())
    bigger = QFont(old)
    bigger.setPointSizeF(old.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
        action = services.planning.actions(demo_id)[0]
        plan.table.setCurrentIndex(plan.index_for(action.id, "by_when"))
        qtbot.keyClick(plan.table, Qt.Key.Key_F2)
        editor = _date_editor()
        qtbot.keyClick(editor.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        calendar = editor.calendar
        qtbot.waitUntil(calendar.isVisible)
        view = calendar.findChild(QTableView)
        fm = view.fontMetrics()
        model = view.model()
        for col in range(model.columnCount()):
            for row in range(model.rowCount()):
                text = str(model.index(row, col).data() or "")
                assert fm.horizontalAdvance(text) <= view.columnWidth(col), (row, col, text)
        assert sum(view.rowHeight(r) for r in range(model.rowCount())) <= view.viewport().height()
        assert all(view.rowHeight(r) >= fm.height() for r in range(model.rowCount()))
        # Picking a day saves it.
        target = QDate(action.by_when.year, action.by_when.month, 1)
        calendar.setSelectedDate(target)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: services.planning.action(action.id).by_when == target.toPython())
    finally:
        app.setFont(old)


# -- item 6: Delete clears a cell; deleting an action is its own command ------------------------------------


def test_delete_on_a_cell_clears_that_cell_only_and_undo_brings_it_back(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    ids = [a.id for a in services.planning.actions(demo_id)]
    action = services.planning.action(ids[0])
    for key, empty in (("by_when", None), ("involving", ""), ("by_doing", [])):
        plan.table.setCurrentIndex(plan.index_for(action.id, key))
        plan.table.setFocus()
        qtbot.keyClick(plan.table, Qt.Key.Key_Delete)
        stored = services.planning.action(action.id)
        assert getattr(stored, "steps" if key == "by_doing" else key) == empty
    assert [a.id for a in services.planning.actions(demo_id)] == ids  # no action deleted
    assert ctx.undo_stack.count() == 3
    for _ in range(3):
        ctx.undo_stack.undo()
    restored = services.planning.action(action.id)
    assert (restored.by_when, restored.involving, restored.steps) == (action.by_when, action.involving, action.steps)


def test_ctrl_delete_deletes_the_action_and_the_button_says_so(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    ids = [a.id for a in services.planning.actions(demo_id)]
    plan.select_action(ids[0])
    plan.table.setCurrentIndex(plan.index_for(ids[0], "by_when"))
    qtbot.keyClick(plan.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert [a.id for a in services.planning.actions(demo_id)] == ids[1:]
    assert "Ctrl+Delete" in plan.delete_button.toolTip() and plan.delete_button.text() == "Delete action"
    ctx.undo_stack.undo()
    assert [a.id for a in services.planning.actions(demo_id)] == ids


def test_delete_in_the_delivery_plan_clears_the_cell_not_the_review_point(qtbot, services, demo_id, ctx):
    page = _page(qtbot, DeliverySheetsPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    page.select_action(action.id)
    (point, *_rest) = action.review_points
    page.table.setFocus()
    page.table.setCurrentIndex(page.points.index(0, page.points.keys.index("date")))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    (after, *_rest) = services.planning.action(action.id).review_points
    assert after.id == point.id and after.date is None
    ctx.undo_stack.undo()
    assert services.planning.action(action.id).review_points[0].date == point.date


# -- item 14: the keyboard of a spreadsheet ------------------------------------------------------------------


def test_tab_moves_between_cells_and_leaves_only_at_the_end(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    table = plan.table
    table.setFocus()
    table.setCurrentIndex(plan.proxy.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.hasFocus() and (table.currentIndex().row(), table.currentIndex().column()) == (0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)
    last_col = plan.proxy.columnCount() - 1
    table.setCurrentIndex(plan.proxy.index(0, last_col))
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # on to the next row
    assert (table.currentIndex().row(), table.currentIndex().column()) == (1, 0)
    # Ctrl+Tab leaves at once; past the last cell Tab leaves too.
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not table.hasFocus()
    table.setFocus()
    table.setCurrentIndex(plan.proxy.index(plan.proxy.rowCount() - 1, last_col))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()


def test_tab_in_an_editor_saves_and_edits_the_next_cell(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    plan.table.setCurrentIndex(plan.index_for(action.id, "achieve"))
    plan.table.setFocus()
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "A shared statement")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert services.planning.action(action.id).achieve == "A shared statement"
    qtbot.waitUntil(lambda: plan.table.state() == QTableView.State.EditingState)
    assert plan.table.currentIndex() == plan.index_for(action.id, "so_that")
    assert QApplication.focusWidget().toPlainText() == action.so_that


def test_enter_saves_the_steps_shift_enter_starts_the_next_and_the_page_says_so(qtbot, services, demo_id, ctx):
    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    action = services.planning.actions(demo_id)[0]
    plan.table.setCurrentIndex(plan.index_for(action.id, "by_doing"))
    plan.table.setFocus()
    qtbot.keyClick(plan.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert "Shift+Enter" in editor.toolTip() and "Enter saves" in editor.toolTip()
    editor.selectAll()
    qtbot.keyClicks(editor, "Agree")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "Publish")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert services.planning.action(action.id).steps == ["Agree", "Publish"]
    texts = " ".join(lbl.text() for lbl in plan.findChildren(type(plan.summary)) if lbl.isVisible())
    assert "Shift+Enter" in texts and "Tab" in texts and "Ctrl+Delete" in texts


def test_add_action_opens_the_new_rows_editor_fully_in_view(qtbot, services, demo_id, ctx):
    from jcs_desktop.ui.commands.planning import CreateAction

    plan = _page(qtbot, ActionPlanPage, ctx, demo_id)
    for n in range(6):
        assert ctx.push(CreateAction(ctx, demo_id, f"Add action {n}", fields={"achieve": f"Aim {n} " * 12}))
    plan.table.scrollToTop()
    plan.add_button.click()
    qtbot.waitUntil(lambda: plan.table.state() == QTableView.State.EditingState)
    editor = QApplication.focusWidget()
    viewport = plan.table.viewport()
    assert editor.parentWidget() is viewport
    assert viewport.rect().contains(editor.geometry()), (editor.geometry(), viewport.rect())
    row_rect = plan.table.visualRect(plan.table.currentIndex())
    assert viewport.rect().contains(row_rect)
