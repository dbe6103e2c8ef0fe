"""The Strategy step: the Commissioning Map tracker driven by keys, each edit undone with Ctrl+Z."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QTableView

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning.delegates import DateCellEditor
from jcs_desktop.ui.strategy.map_view import HERE_TEXT, MapTableModel
from jcs_desktop.ui.strategy.page import StrategyPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(laptop_window):
    return laptop_window


@pytest.fixture
def ctx(window) -> AppContext:
    return window.ctx


def _page(qtbot, window, workshop_id) -> StrategyPage:
    """The step as the facilitator reaches it: in the main window, where Ctrl+Z is the window's undo."""
    page = window.open_workshop(workshop_id).show_step("strategy")
    assert isinstance(page, StrategyPage)
    qtbot.waitExposed(page)
    return page


def _cell(page: StrategyPage, feature_id: str, column: int):
    model = page.map_view.model
    return model.index(model.row_of(feature_id), column)


def _go(qtbot, page: StrategyPage, feature_id: str, column: int) -> QTableView:
    table = page.map_view.table
    table.setCurrentIndex(_cell(page, feature_id, column))
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    return table


def _focused(kind):
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, kind):
        widget = widget.parentWidget()
    assert widget is not None, f"no {kind.__name__} has the focus"
    return widget


def _undo(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_the_map_shows_every_feature_in_its_stages_and_where_this_workshop_sits(qtbot, services, demo_id, window, ctx):
    page = _page(qtbot, window, demo_id)
    cmap = services.strategy.commissioning_map
    model = page.map_view.model
    assert [model.record(r).id for r in range(model.rowCount())] == cmap.feature_ids()
    assert page.tabs.tabText(0).replace("&", "") == "Commissioning Map"
    assert page.tabs.tabText(1).replace("&", "") == "Strategic Commissioning Template"
    # The first column names each feature's stage (a row scrolled into view alone still says it).
    for stage in cmap.stages:
        for feature in stage.features:
            assert model.index(model.row_of(feature.id), MapTableModel.STAGE).data() == stage.title
    # Do (a) is marked, and only it.
    here = cmap.catalyst_feature()
    assert here.id == "do-a"
    marked = [
        model.record(r).id for r in range(model.rowCount()) if HERE_TEXT in model.index(r, MapTableModel.FEATURE).data()
    ]
    assert marked == ["do-a"]
    assert "Do (a)" in page.map_view.here_label.text()
    assert "Catalyst for Change" in page.map_view.here_label.text()
    # A feature's tools/inputs and process, from the map, show for the current feature.
    page.map_view.select_feature("do-a")
    details = page.map_view.details_label.text()
    assert all(escape(item.text) in details for item in here.tools + here.process)
    assert "Tools/Inputs" in details and "Process" in details
    tip = _cell(page, "analyse-d", MapTableModel.FEATURE).data(Qt.ItemDataRole.ToolTipRole)
    assert all(item.text in tip for item in cmap.feature("analyse-d").tools)


def test_a_status_chosen_by_keyboard_is_saved_and_undone_with_ctrl_z(qtbot, services, demo_id, window, ctx):
    page = _page(qtbot, window, demo_id)
    assert page.step_status().summary == "0 of 17 map features done"
    table = _go(qtbot, page, "do-a", MapTableModel.STATUS)

    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = _focused(QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_D)  # its first letter: Done
    assert combo.currentData() == "done"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.strategy.map_status(demo_id)["do-a"].status == "done")
    assert _cell(page, "do-a", MapTableModel.STATUS).data() == "Done"
    assert page.step_status().summary == "1 of 17 map features done"

    # Typing straight into the cell opens the list too.
    table = _go(qtbot, page, "plan-b", MapTableModel.STATUS)
    qtbot.keyClicks(table, "i")
    qtbot.keyClick(_focused(QComboBox), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.strategy.map_status(demo_id)["plan-b"].status == "in-progress")
    assert page.step_status().summary == "1 of 17 map features done"

    table.setFocus()
    _undo(qtbot)
    assert services.strategy.map_status(demo_id)["plan-b"].status == "not-started"
    _undo(qtbot)
    assert services.strategy.map_status(demo_id)["do-a"].is_default
    assert _cell(page, "do-a", MapTableModel.STATUS).data() == "Not started"
    assert page.step_status().summary == "0 of 17 map features done"


def test_a_date_and_a_note_typed_are_saved_and_undone_one_by_one(qtbot, services, demo_id, window, ctx):
    page = _page(qtbot, window, demo_id)
    table = _go(qtbot, page, "review-b", MapTableModel.DATE)

    for ch in "15/03/2027":  # the first key opens the editor and lands in it
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    editor = _focused(DateCellEditor)
    assert editor.feedback.text() == "Monday 15 Mar 2027"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.strategy.map_status(demo_id)["review-b"].date == dt.date(2027, 3, 15))
    assert _cell(page, "review-b", MapTableModel.DATE).data() == "15 Mar 2027"

    table = _go(qtbot, page, "review-b", MapTableModel.NOTE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    note = _focused(QPlainTextEdit)
    qtbot.keyClicks(note, "Quarterly service reviews")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(note, "led by the council")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    record = services.strategy.map_status(demo_id)["review-b"]
    assert record.note == "Quarterly service reviews\nled by the council"
    assert record.date == dt.date(2027, 3, 15) and record.status == "not-started"
    qtbot.waitUntil(lambda: table.state() != QTableView.State.EditingState)

    _undo(qtbot)  # the note first
    record = services.strategy.map_status(demo_id)["review-b"]
    assert record.note == "" and record.date == dt.date(2027, 3, 15)
    assert _cell(page, "review-b", MapTableModel.NOTE).data() == ""
    _undo(qtbot)  # then the date: nothing recorded any more
    assert services.strategy.map_status(demo_id)["review-b"].is_default
    assert ctx.undo_stack.index() == 0


def test_a_date_that_cannot_be_read_saves_nothing(qtbot, services, demo_id, window, ctx):
    page = _page(qtbot, window, demo_id)
    table = _go(qtbot, page, "plan-a", MapTableModel.DATE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = _focused(DateCellEditor)
    qtbot.keyClicks(editor.line, "31/02/2027")
    with qtbot.waitSignal(ctx.status_message) as said:
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert "Nothing was saved" in said.args[0]
    qtbot.keyClick(editor.line, Qt.Key.Key_Escape)
    assert services.strategy.map_status(demo_id)["plan-a"].is_default
    assert ctx.undo_stack.count() == 0


def test_the_step_follows_changes_made_while_it_is_hidden(qtbot, services, demo_id, window, ctx):
    from jcs_desktop.ui.commands.strategy import SetMapFeature

    page = _page(qtbot, window, demo_id)
    window.workshop_view.show_step("export")
    assert not page.isVisible()
    for fid in ("analyse-a", "analyse-b", "analyse-c"):
        ctx.push(SetMapFeature(ctx, demo_id, fid, "Mark done", status="done", date=None, note=""))
    assert page.step_status().summary == "3 of 17 map features done"
    window.workshop_view.show_step("strategy")
    assert _cell(page, "analyse-c", MapTableModel.STATUS).data() == "Done"
    ctx.undo_stack.undo()
    assert page.step_status().summary == "2 of 17 map features done"


def test_tab_leaves_the_table_and_the_step_is_in_the_window(qtbot, window, demo_id):
    from jcs_desktop.ui.core.steps import STEPS

    keys = [s.key for s in STEPS]
    assert keys.index("strategy") == keys.index("delivery") + 1 and keys[-1] == "export"
    view = window.open_workshop(demo_id)
    page = view.show_step("strategy")
    assert isinstance(page, StrategyPage)
    assert view.status("strategy").summary == "0 of 17 map features done"
    table = page.map_view.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()  # Tab goes on to the next control, not the next cell


def test_the_series_shows_each_feature_at_each_workshop(qtbot, window, services):
    from jcs_desktop.services.demo import create_demo_series
    from jcs_desktop.ui.commands.strategy import SetMapFeature

    first, second = create_demo_series(services, 2, today=dt.date(2026, 11, 23)).previous
    services.strategy.set_map_feature(first, "do-a", "in-progress", dt.date(2025, 11, 23), "Sessions planned")
    window.open_workshop(second)
    qtbot.keyClick(
        window.workshop_view.steps,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    progress = window.progress_window
    qtbot.waitUntil(lambda: progress.progress is not None and progress.progress.workshop.id == second)
    assert progress.tabs.tabText(progress.tabs.count() - 1).replace("&", "") == "Commissioning Map"
    model = progress.map_model
    cmap = services.strategy.commissioning_map
    assert model.headers() == ["Feature", "23 Nov 2025", "23 Nov 2026"]
    do_a = model.texts()[cmap.feature_ids().index("do-a")]
    assert do_a[0].startswith("Do (a) establish effective leadership")
    assert do_a[0].endswith("▶ Where these workshops sit")  # and no other feature says so
    assert sum("Where these workshops sit" in row[0] for row in model.texts()) == 1
    assert do_a[1:] == ["In progress\n23 Nov 2025", "–"]
    # A change made now shows at once, without reading the whole series again.
    ctx = window.ctx
    ctx.push(SetMapFeature(ctx, second, "do-a", "Mark Do (a) done", status="done", date=None, note=""))
    assert model.texts()[cmap.feature_ids().index("do-a")][2] == "Done"
    ctx.undo_stack.undo()
    assert model.texts()[cmap.feature_ids().index("do-a")][2] == "–"
    progress.close()


def test_help_explains_the_map_and_its_keys(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window.help_window()
    qtbot.waitUntil(help_window.isVisible)
    help_window.show_section("app-strategy-map")
    text = help_window.text.toPlainText()
    assert "Do (a)" in text and "Catalyst for Change" in text and "Shift+Enter" in text
    window.shortcuts_action.trigger()
    text = help_window.text.toPlainText()
    assert "Strategy" in text and "N / I / D" in text
    help_window.close()
