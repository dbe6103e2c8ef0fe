"""Prepare: "Last time's commitments" in a follow-up workshop, driven with real keys and clicks.

The demo workshop (three actions) is followed by a follow-up; its Prepare page lists the
three actions. A status is chosen with the keyboard, what was achieved is typed, an action
is carried forward with its button, and Ctrl+Z takes back each; the database is checked
through the services after every step.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from jcs_desktop.ui.core.fitcheck import check_fit, format_problems
from jcs_desktop.ui.prepare.review import CommitmentTableModel as M

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def follow_up(services, demo_id) -> int:
    return services.workshops.duplicate_as_follow_up(demo_id, "Autumn review").previous.id


@pytest.fixture
def page(qtbot, laptop_window, follow_up):
    page = laptop_window.open_workshop(follow_up).show_step("prepare")
    qtbot.waitUntil(lambda: page.commitments_box.isVisible())
    return page


def cell(page, row: int, column: int):
    return page.commitments_box.model.index(row, column)


def go_to(qtbot, page, row: int, column: int) -> None:
    """Put the keyboard on one cell of the table, as a click would."""
    table = page.commitments_box.table
    rect = table.visualRect(cell(page, row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex() == cell(page, row, column)
    assert table.hasFocus()


def enter(qtbot, page, editor) -> None:
    """Enter in a cell's editor: the table saves it and closes the editor (on the next turn of the event loop)."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.commitments_box.table.hasFocus())


def texts(page, column: int) -> list[str]:
    model = page.commitments_box.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_only_a_follow_up_shows_last_times_commitments(qtbot, laptop_window, services, demo_id, follow_up) -> None:
    first = laptop_window.open_workshop(demo_id).show_step("prepare")
    qtbot.wait(20)
    assert not first.commitments_box.isVisible()

    page = laptop_window.open_workshop(follow_up).show_step("prepare")
    qtbot.waitUntil(lambda: page.commitments_box.isVisible())
    actions = services.planning.actions(demo_id)
    assert texts(page, M.ACHIEVE) == [a.achieve for a in actions]
    fw = services.framework
    assert texts(page, M.SERVING) == [
        "; ".join(fw.element(link.element_id).title for link in a.links if link.element_id) for a in actions
    ]
    assert texts(page, M.STATUS) == ["—", "—", "—"]
    assert texts(page, M.CARRIED) == ["No", "No", "No"]
    assert "“Older people's commissioning self-assessment”" in page.commitments_box.hint.text()


def test_choose_a_status_with_the_keyboard_then_undo(qtbot, laptop_window, page, services, demo_id, follow_up) -> None:
    box = page.commitments_box
    go_to(qtbot, page, 1, M.STATUS)
    qtbot.keyClick(box.table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.objectName() == "statusEditor"
    # The list reads: —, Done, Partly done, Not started, Dropped.
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    enter(qtbot, page, combo)
    second = services.planning.commitments(follow_up)[1]
    assert second.status == "partly"
    assert second.review is not None and second.review.workshop_id == follow_up
    assert second.review.date == dt.date.today()  # the follow-up has no date yet: dated today
    assert texts(page, M.STATUS) == ["—", "Partly done", "—"]
    # The review is a row of the demo action's own delivery plan, after its review points.
    points = services.planning.action(second.action.id).review_points
    assert [p.status for p in points] == [None] * (len(points) - 1) + ["partly"]

    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL)
    assert services.planning.commitments(follow_up)[1].review is None
    assert len(services.planning.action(second.action.id).review_points) == len(points) - 1
    assert texts(page, M.STATUS) == ["—", "—", "—"]
    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL | SHIFT)
    again = services.planning.commitments(follow_up)[1]
    assert again.status == "partly" and again.review is not None and again.review.id == second.review.id


def test_type_what_was_achieved_then_undo(qtbot, laptop_window, page, services, follow_up) -> None:
    box = page.commitments_box
    go_to(qtbot, page, 0, M.ACHIEVED)
    qtbot.keyClick(box.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Half the homes signed up")
    enter(qtbot, page, editor)
    first = services.planning.commitments(follow_up)[0]
    assert first.review is not None
    assert (first.review.achieved, first.review.status, first.review.learning) == ("Half the homes signed up", None, "")
    assert texts(page, M.ACHIEVED)[0] == "Half the homes signed up"

    # Then the learning points, typed straight into the cell (the first key opens the editor).
    go_to(qtbot, page, 0, M.LEARNING)
    qtbot.keyClick(box.table, "A")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "sk the care homes first")
    enter(qtbot, page, editor)
    review = services.planning.commitments(follow_up)[0].review
    assert review is not None and (review.achieved, review.learning) == (
        "Half the homes signed up",
        "Ask the care homes first",
    )

    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL)  # the learning points go, the achieved text stays
    review = services.planning.commitments(follow_up)[0].review
    assert review is not None and (review.achieved, review.learning) == ("Half the homes signed up", "")
    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL)  # and the review with it
    assert services.planning.commitments(follow_up)[0].review is None
    assert texts(page, M.ACHIEVED)[0] == ""


def test_carry_forward_with_the_button_then_undo(qtbot, laptop_window, page, services, demo_id, follow_up) -> None:
    box = page.commitments_box
    button = box.carry_button
    go_to(qtbot, page, 2, M.ACHIEVE)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    source = services.planning.actions(demo_id)[2]
    [copy] = services.planning.actions(follow_up)
    assert (copy.carried_from_action_id, copy.achieve, copy.steps) == (source.id, source.achieve, source.steps)
    assert services.planning.commitments(follow_up)[2].carried_forward_id == copy.id
    assert texts(page, M.CARRIED) == ["No", "No", "Yes"]
    assert not button.isEnabled()  # once only
    # The open workshop's own plan has it (the live state followed the change record).
    assert [a.id for a in laptop_window.ctx.live.actions] == [copy.id]

    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL)
    assert services.planning.actions(follow_up) == []
    assert texts(page, M.CARRIED) == ["No", "No", "No"]
    assert button.isEnabled()
    qtbot.keyClick(laptop_window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [a.id for a in services.planning.actions(follow_up)] == [copy.id]  # the same action comes back


def test_a_status_chosen_in_the_opened_list_is_saved_at_once(qtbot, page, services, follow_up) -> None:
    box = page.commitments_box
    go_to(qtbot, page, 2, M.STATUS)
    qtbot.keyClick(box.table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the list
    qtbot.waitUntil(lambda: combo.view().isVisible())
    combo.view().setCurrentIndex(combo.model().index(4, 0))  # "Dropped"
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.planning.commitments(follow_up)[2].status == "dropped")
    assert page.window().focusWidget() is box.table  # the keyboard goes back to the table
    assert texts(page, M.STATUS)[2] == "Dropped"


def test_done_or_dropped_actions_are_not_carried_forward(qtbot, page, services, follow_up) -> None:
    box = page.commitments_box
    go_to(qtbot, page, 0, M.STATUS)
    qtbot.keyClick(box.table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Done
    enter(qtbot, page, combo)
    assert services.planning.commitments(follow_up)[0].status == "done"
    go_to(qtbot, page, 0, M.ACHIEVE)
    assert not box.carry_button.isEnabled()
    go_to(qtbot, page, 1, M.ACHIEVE)
    assert box.carry_button.isEnabled()
    # By keyboard: Tab from the table reaches the button, Space presses it, and the keyboard is
    # back in the table.
    qtbot.keyClick(box.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is box.carry_button
    qtbot.keyClick(box.carry_button, Qt.Key.Key_Space)
    assert [a.carried_from_action_id for a in services.planning.actions(follow_up)] == [box.model.record(1).id]
    assert box.table.hasFocus() and not box.carry_button.isEnabled()


def test_a_review_made_elsewhere_shows_when_its_change_arrives(qtbot, page, services, demo_id, follow_up) -> None:
    """A change record naming the previous workshop's action (another window, the CLI) refreshes the rows."""
    action = services.planning.actions(demo_id)[0]
    page.ctx.apply(services.planning.review_action(action.id, follow_up, "dropped", learning="No budget"))
    assert texts(page, M.STATUS)[0] == "Dropped"
    assert texts(page, M.LEARNING)[0] == "No budget"


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6], ids=["100pct", "140pct", "160pct"])
def test_the_prepare_page_of_a_follow_up_fits_a_laptop(qtbot, laptop_window, page, services, follow_up, scale) -> None:
    """As tests/test_ui_fit.py checks every page: 1366×768, at 100 %, 140 % and 160 % (high contrast) text."""
    services.planning.review_action(page.commitments_box.model.record(0).id, follow_up, "partly", "x" * 300)
    page.ctx.reload()
    laptop_window.theme.apply(scale=scale, high_contrast=scale >= 1.6)
    laptop_window.resize(1366, 768)
    qtbot.wait(60)
    QApplication.processEvents()
    problems = check_fit(laptop_window, (1366, 768))
    assert not problems, "\n" + format_problems(problems)
    table = page.commitments_box.table
    assert table.viewport().height() >= 3 * table.rowHeight(0)
