"""Participant mode as a turn: wrong PINs slow down, a PIN is offered when none is set, the
hand-over warns about open elements, the review is returned to, the picker moves with the
arrows, and the window leaves nothing connected behind it. Driven through the real widgets.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.scoring.pin_throttle import wait_after
from tests.test_ui_scoring import CTRL, SHIFT, make_page, open_participant_mode, picker_button, press

PIN = "2468"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield context
    context.undo_stack.clear()


@pytest.fixture
def workshop(services):
    record = services.workshops.create(WorkshopFields(title="Spring workshop")).previous
    names = ("Ada Byron", "Ben Okri", "Cleo Park", "Dev Patel", "Eve Stone")
    people = services.participants.add_many(record.id, [{"display_name": n} for n in names]).previous
    return record.id, [p.id for p in people]


@pytest.fixture
def order(services):
    return services.framework.element_ids()


def type_pin(qtbot, edit, pin: str) -> None:
    qtbot.keyClicks(edit, pin)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


# --- wrong PINs -------------------------------------------------------------------------------


def test_the_wait_after_wrong_pins_doubles_from_the_third_and_stops_at_a_minute() -> None:
    assert [wait_after(n) for n in range(1, 11)] == [0, 0, 2, 4, 8, 16, 32, 60, 60, 60]


def test_wrong_pins_at_the_exit_lock_the_entry_with_a_countdown(qtbot, ctx, services, workshop) -> None:
    workshop_id, _ = workshop
    services.workshops.set_pin(workshop_id, PIN)
    window = open_participant_mode(qtbot, ctx, workshop_id)
    window.pin_throttle.tick_ms = 50  # a second of the countdown, made short for the test
    checked: list[str] = []
    real_check = services.workshops.check_pin
    services.workshops.check_pin = lambda wid, pin: checked.append(pin) or real_check(wid, pin)
    page = window.exit_page
    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
    for pin in ("1111", "2222"):
        type_pin(qtbot, page.pin_edit, pin)
        assert page.message.text() == "That PIN is not right." and page.pin_edit.isEnabled()
    type_pin(qtbot, page.pin_edit, "3333")
    # The third wrong PIN: two seconds during which nothing can be typed or checked.
    assert page.message.text() == "Too many wrong PINs. Try again in 2 seconds."
    assert not page.pin_edit.isEnabled() and not page.leave_button.isEnabled()
    assert window.focusWidget() is page.cancel_button
    with qtbot.assertNotEmitted(window.left):
        assert window.try_leave(PIN) is False  # even the right PIN is not looked at meanwhile
    assert checked == ["1111", "2222", "3333"]
    qtbot.waitUntil(lambda: page.message.text() == "Too many wrong PINs. Try again in 1 second.", timeout=2000)
    qtbot.waitUntil(lambda: page.pin_edit.isEnabled(), timeout=2000)
    assert page.message.text() == "You can type the PIN again." and window.focusWidget() is page.pin_edit
    # The next wrong PIN waits twice as long; the right one, once allowed, leaves and clears the count.
    type_pin(qtbot, page.pin_edit, "4444")
    assert page.message.text() == "Too many wrong PINs. Try again in 4 seconds."
    qtbot.waitUntil(lambda: page.pin_edit.isEnabled(), timeout=3000)
    with qtbot.waitSignal(window.left, timeout=1000):
        type_pin(qtbot, page.pin_edit, PIN)
    assert window.pin_throttle.failures == 0


def test_wrong_pins_for_someone_who_has_scored_lock_the_pin_screen_too(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    services.scores.set_many(pids[1], {order[0]: 3})
    window = open_participant_mode(qtbot, ctx, workshop_id)
    window.pin_throttle.tick_ms = 50
    for pin in ("1111", "2222", "3333"):
        qtbot.mouseClick(picker_button(window, pids[1]), Qt.MouseButton.LeftButton)
        assert window.current_page() is window.reentry
        type_pin(qtbot, window.reentry.pin_edit, pin)
        assert window.current_page() is window.picker
    assert "Try again in 2 seconds" in window.hint_label.text()
    # Back on the PIN screen during the wait: no typing, no tapping, the countdown shown.
    qtbot.mouseClick(picker_button(window, pids[1]), Qt.MouseButton.LeftButton)
    reentry = window.reentry
    assert reentry.message.text().startswith("Too many wrong PINs")
    assert not reentry.pin_edit.isEnabled() and not reentry.pad.isEnabled()
    assert not reentry.continue_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_2)
    assert reentry.pin_edit.text() == ""
    qtbot.waitUntil(lambda: reentry.pin_edit.isEnabled(), timeout=2000)
    type_pin(qtbot, reentry.pin_edit, PIN)
    assert window.current_page() is window.welcome
    assert window.pin_throttle.failures == 0


# --- starting without a PIN --------------------------------------------------------------------


def test_starting_without_a_pin_says_so_and_offers_to_set_one(qtbot, ctx, services, workshop) -> None:
    workshop_id, _ = workshop
    page = make_page(qtbot, ctx)
    page.show()
    page.set_workshop(workshop_id)
    qtbot.mouseClick(page.participant_button, Qt.MouseButton.LeftButton)
    question = page.last_dialog
    qtbot.waitUntil(question.isVisible)
    assert page.participant_window is None  # nothing starts before the answer
    assert "Ctrl+Shift+F12" in question.informativeText()
    assert question.defaultButton() is question.set_pin_button
    # Cancel starts nothing.
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert page.participant_window is None

    # "Set a PIN…": the PIN dialog, then participant mode, locked by the new PIN.
    qtbot.mouseClick(page.participant_button, Qt.MouseButton.LeftButton)
    question = page.last_dialog
    qtbot.waitUntil(question.isVisible)
    qtbot.mouseClick(question.set_pin_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.pin, PIN)
    qtbot.keyClicks(dialog.again, PIN)
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.participant_window is not None)
    assert services.workshops.check_pin(workshop_id, PIN)
    window = page.participant_window
    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
    assert window.current_page() is window.exit_page  # the key combination now asks for the PIN
    type_pin(qtbot, window.exit_page.pin_edit, PIN)
    assert page.participant_window is None

    # With a PIN set, F5 starts at once.
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.participant_window is not None)
    page.participant_window.leave()


def test_starting_without_a_pin_can_go_ahead(qtbot, ctx, services, workshop) -> None:
    workshop_id, _ = workshop
    page = make_page(qtbot, ctx)
    page.show()
    page.set_workshop(workshop_id)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.last_dialog is not None)  # a shortcut clicks its button after a moment
    question = page.last_dialog
    qtbot.waitUntil(question.isVisible)
    qtbot.mouseClick(question.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.participant_window is not None)
    assert not services.workshops.get(workshop_id).has_pin
    page.participant_window.leave()


# --- the turn -------------------------------------------------------------------------------------


def test_finishing_with_open_elements_warns_with_go_back_as_the_default(qtbot, ctx, services, workshop) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    for _ in range(10):
        press(qtbot, window, Qt.Key.Key_2)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.unanswered
    assert window.unanswered.title.text() == "You have not answered 20 of 30 elements."
    assert window.focusWidget() is window.unanswered.back_button
    press(qtbot, window, Qt.Key.Key_Return)  # Enter: Go back
    assert window.current_page() is window.summary and window.participant_id == pids[0]
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Escape)  # Escape: Go back too
    assert window.current_page() is window.summary
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.handover
    assert window.unanswered.title.text() == ""


def test_finishing_with_every_element_answered_hands_over_at_once(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.scores.set_many(pids[0], {e: 3 for e in order[:-1]})
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reentry.continue_button, Qt.MouseButton.LeftButton)  # no PIN: confirm who
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[-1]
    press(qtbot, window, Qt.Key.Key_1)
    assert window.current_page() is window.summary
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.handover


def test_changing_an_answer_from_the_review_returns_to_the_review(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
        press(qtbot, window, key)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    row = window.summary.rows[1]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.card and window.card.element_id == order[1]
    press(qtbot, window, Qt.Key.Key_4)
    assert services.scores.get_score(pids[0], order[1]) == 4
    assert window.current_page() is window.summary
    assert window.summary.rows[1].answer == "4"
    # Confirming the same answer from the review goes back there too, by keyboard.
    window.summary.rows[2].setFocus()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[2]
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_page() is window.summary
    # Scoring on from the card (not from the review) still moves to the next element.
    qtbot.mouseClick(window.summary.back_button, Qt.MouseButton.LeftButton)
    assert window.card.element_id == order[3]
    press(qtbot, window, Qt.Key.Key_2)
    assert window.current_page() is window.card and window.card.element_id == order[4]


def test_the_name_picker_moves_with_the_arrows_and_starts_on_the_next_unfinished(
    qtbot, ctx, services, workshop, order
) -> None:
    workshop_id, pids = workshop
    services.scores.set_many(pids[0], {e: 2 for e in order})  # Ada has finished
    window = open_participant_mode(qtbot, ctx, workshop_id)
    picker = window.picker
    assert picker.columns == 2  # five names: two columns
    assert window.focusWidget() is picker_button(window, pids[1])  # not Ada: she has finished
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.focusWidget() is picker_button(window, pids[2])
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.focusWidget() is picker_button(window, pids[4])
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.focusWidget() is picker_button(window, pids[1])
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.focusWidget() is picker_button(window, pids[3])
    press(qtbot, window, Qt.Key.Key_Return)  # Enter picks Dev
    assert window.current_page() is window.welcome and window.participant_id == pids[3]
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_3)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)  # Next person
    assert window.focusWidget() is picker_button(window, pids[4])  # the one after Dev
    # After the last name it wraps round, past Ada who has finished.
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.focusWidget() is picker_button(window, pids[1])


# --- nothing left connected ------------------------------------------------------------------------


def test_text_size_after_participant_mode_raises_no_error(qtbot, ctx, services, workshop, monkeypatch) -> None:
    from jcs_desktop.ui.shell.main_window import MainWindow

    errors: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: errors.append(value))
    workshop_id, _ = workshop
    services.workshops.set_pin(workshop_id, PIN)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    main.open_workshop(workshop_id)
    page = main.workshop_view.show_step("score")
    for _ in range(2):  # twice: a second window must not meet the first one's leftovers either
        page.start_participant_mode(full_screen=False)
        window = page.participant_window
        qtbot.waitExposed(window)
        press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
        type_pin(qtbot, window.exit_page.pin_edit, PIN)
        assert page.participant_window is None
        qtbot.waitUntil(lambda w=window: not w.isVisible())
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()
    main.activateWindow()
    for action in (main.larger_action, main.larger_action, main.smaller_action, main.reset_text_action):
        action.trigger()
        QApplication.processEvents()
    for keys in ((Qt.Key.Key_Equal, CTRL), (Qt.Key.Key_Minus, CTRL), (Qt.Key.Key_0, CTRL)):
        qtbot.keyClick(main, *keys)
    main.high_contrast_action.trigger()
    main.high_contrast_action.trigger()
    assert errors == []


def test_undo_within_the_turn_reaches_only_this_turn(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    # The same person again (no PIN: confirmed): the earlier turn cannot be undone.
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reentry.continue_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert services.scores.get_score(pids[0], order[0]) == 4
    assert "Nothing of yours" in window.hint_label.text()
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert "Nothing of yours" in window.hint_label.text()
    assert ctx.undo_stack.count() == 0
