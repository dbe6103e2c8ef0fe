"""Ctrl+Z reaches the application's undo from any text box that has nothing of its own to undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jcs_desktop.ui.commands.planning import EditActionText

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(laptop_window):
    return laptop_window


def test_ctrl_z_in_an_empty_lead_box_undoes_the_last_change(qtbot, services, demo_id, window):
    ctx = window.ctx
    action = services.planning.actions(demo_id)[0]
    assert action.lead
    window.open_workshop(demo_id)
    page = window.workshop_view.go_to("delivery", action.id)
    ctx.push(EditActionText(ctx, action.id, "lead", "", "Edit “Lead person” of action 1"))
    lead = page.editors["lead"]
    qtbot.waitUntil(lambda: lead.toPlainText() == "")
    assert window.undo_action.text().startswith("&Undo Edit")
    lead.setFocus()
    qtbot.waitUntil(lead.hasFocus)
    assert not lead.document().isUndoAvailable()

    qtbot.keyClick(lead, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.planning.action(action.id).lead == action.lead
    qtbot.waitUntil(lambda: lead.toPlainText() == action.lead)
    # And Ctrl+Shift+Z redoes it from there too.
    lead.setFocus()
    qtbot.keyClick(lead, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert services.planning.action(action.id).lead == ""


def test_a_text_box_with_its_own_typing_undoes_that_first(qtbot, services, demo_id, window):
    ctx = window.ctx
    action = services.planning.actions(demo_id)[0]
    ctx.push(EditActionText(ctx, action.id, "lead", "Someone else", "Edit “Lead person” of action 1"))
    search = window.list_view.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "Older")
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == ""  # the box's own typing went first
    assert services.planning.action(action.id).lead == "Someone else"
    # Nothing left to undo in the box: the next Ctrl+Z is the application's.
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.planning.action(action.id).lead == action.lead
    assert ctx.undo_stack.index() == 0
