"""Undo and redo that cannot be carried out say so in a message box and leave the stack consistent.

A second instance of the application (here: a second ``Services`` on the same database)
changes a score between this window's change and its undo or redo.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from jcs_desktop.services import ServiceError, Services
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import SCORES, Change, ServiceCommand

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ELEMENT = "building-partnerships.trust"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(laptop_window):
    return laptop_window


@pytest.fixture
def shown(monkeypatch) -> list[tuple[object, str]]:
    """Message boxes shown, as (parent, text), instead of waiting for someone to close them."""
    boxes: list[tuple[object, str]] = []

    def warning(parent, _title, text, *_args, **_kwargs):
        boxes.append((parent, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return boxes


@pytest.fixture
def other(services):
    """The second instance on the same database."""
    other = Services.open(services.db.url)
    yield other
    other.close()


def _keys(qtbot, window, *modifiers) -> None:
    focus = QApplication.focusWidget() or window
    modifier = Qt.KeyboardModifier.NoModifier
    for m in modifiers:
        modifier |= m
    qtbot.keyClick(focus, Qt.Key.Key_Z, modifier)


def test_a_refused_undo_is_shown_in_a_box_and_cannot_be_redone_over_the_other_value(
    qtbot, services, demo_id, window, shown, other
) -> None:
    ctx = window.ctx
    pid = services.participants.list(demo_id)[0].id
    assert ctx.push(SetScore(ctx, pid, ELEMENT, 4))
    other.scores.set_score(pid, ELEMENT, 2)
    count = ctx.undo_stack.count()

    _keys(qtbot, window, CTRL)  # Ctrl+Z
    assert services.scores.get_score(pid, ELEMENT) == 2
    assert len(shown) == 1
    parent, text = shown[0]
    assert parent is window and "changed elsewhere" in text and "not undone" in text

    # The refused step is gone: nothing to redo, so Ctrl+Shift+Z cannot write 4 over the 2.
    assert ctx.undo_stack.count() == count - 1
    assert not ctx.undo_stack.canRedo()
    _keys(qtbot, window, CTRL, SHIFT)
    assert services.scores.get_score(pid, ELEMENT) == 2
    assert ctx.undo_stack.index() == ctx.undo_stack.count() == count - 1


def test_a_redo_over_a_value_changed_elsewhere_is_refused_and_shown(
    qtbot, services, demo_id, window, shown, other
) -> None:
    ctx = window.ctx
    pid = services.participants.list(demo_id)[1].id
    before = services.scores.get_score(pid, ELEMENT)
    assert before != 4
    assert ctx.push(SetScore(ctx, pid, ELEMENT, 4))
    count = ctx.undo_stack.count()
    _keys(qtbot, window, CTRL)
    assert services.scores.get_score(pid, ELEMENT) == before and not shown
    other.scores.set_score(pid, ELEMENT, 1 if before != 1 else 3)
    theirs = services.scores.get_score(pid, ELEMENT)

    _keys(qtbot, window, CTRL, SHIFT)  # redo
    assert services.scores.get_score(pid, ELEMENT) == theirs
    assert len(shown) == 1
    parent, text = shown[0]
    assert parent is window and "could not be redone" in text and "not redone" in text
    assert "not undone" not in text
    # The stack is as before the redo, minus the step that cannot be redone.
    assert ctx.undo_stack.count() == count - 1 and not ctx.undo_stack.canRedo()
    assert ctx.undo_stack.index() == count - 1


def test_any_redo_that_fails_after_the_first_time_is_reported(qtbot, services, demo_id, window, shown) -> None:
    ctx = window.ctx
    runs: list[str] = []
    messages: list[str] = []
    ctx.status_message.connect(messages.append)

    def do() -> None:
        runs.append("do")
        if len(runs) > 1:
            raise ServiceError("the participant was removed elsewhere meanwhile")

    command = ServiceCommand(ctx, "Rename participant", do, lambda: runs.append("undo"), Change(frozenset({SCORES})))
    assert ctx.push(command)
    _keys(qtbot, window, CTRL)
    _keys(qtbot, window, CTRL, SHIFT)
    assert runs == ["do", "undo", "do"]
    assert shown == [
        (window, "“Rename participant” could not be redone: the participant was removed elsewhere meanwhile")
    ]
    assert messages[-1] == shown[0][1]
    assert ctx.undo_stack.count() == 0 and not ctx.undo_stack.canUndo() and not ctx.undo_stack.canRedo()


def test_with_no_window_in_front_the_box_comes_from_the_main_window(
    qtbot, services, demo_id, window, shown, other, monkeypatch
) -> None:
    ctx = window.ctx
    pid = services.participants.list(demo_id)[2].id
    assert ctx.push(SetScore(ctx, pid, ELEMENT, 4))
    other.scores.set_score(pid, ELEMENT, 1)
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    ctx.undo_stack.undo()
    assert [parent for parent, _ in shown] == [window]
    assert services.scores.get_score(pid, ELEMENT) == 1
