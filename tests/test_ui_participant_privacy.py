"""Participant mode: nobody can open the answers of someone who has already scored.

Choosing a name with scores asks for the workshop PIN (or, without a PIN, for a
confirmation whose default is Cancel); a wrong PIN goes back to the names and shows
nothing of that person. Driven through the real widgets, as at the shared screen.
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from tests.test_ui_scoring import PEOPLE, all_texts, open_participant_mode, picker_button, press

PIN = "2468"
NOTE = "Depends on the locality"


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context.settings.setValue("scoring/notes", True)  # notes on: they must stay private too
    yield context
    context.undo_stack.clear()


@pytest.fixture
def workshop(services):
    """A workshop with three participants and no scores: (workshop id, [participant ids])."""
    record = services.workshops.create(WorkshopFields(title="Spring workshop", partnership="Eastvale")).previous
    people = services.participants.add_many(record.id, [{"display_name": n, "sector": "NHS"} for n in PEOPLE]).previous
    return record.id, [p.id for p in people]


@pytest.fixture
def order(services):
    return services.framework.element_ids()


def type_keys(qtbot, window, text: str) -> None:
    for ch in text:
        press(qtbot, window, getattr(Qt.Key, f"Key_{ch}"))


def ben_scores_four_elements(qtbot, window, services, pid, order) -> None:
    """Ben picks his name, scores 4, 4, 2 and 3 with a note, and hands over: back at the names."""
    qtbot.mouseClick(picker_button(window, pid), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.welcome  # no scores yet: straight in, no prompt
    press(qtbot, window, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_4, Qt.Key.Key_4, Qt.Key.Key_2):
        press(qtbot, window, key)
    qtbot.keyClicks(window.card.text_edit, NOTE)
    qtbot.mouseClick(window.card.cards[2], Qt.MouseButton.LeftButton)
    assert services.scores.scores_for_participant(pid) == {order[0]: 4, order[1]: 4, order[2]: 2, order[3]: 3}
    assert services.scores.notes_for_participant(pid) == {order[3]: NOTE}
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.unanswered  # 26 still open: a warning first
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.handover
    press(qtbot, window, Qt.Key.Key_Return)  # Next person
    assert window.current_page() is window.picker


def assert_nothing_of(window, name: str, *, name_allowed_on_reentry: bool = False) -> None:
    """No level, 'not sure', count or note of anyone is held or shown anywhere in the window."""
    assert window.participant_id is None and window.scores == {} and window.notes == {}
    assert window.summary.rows == [] and window.summary.counts.text() == ""
    assert window.card.element_id is None
    assert not any(card.is_selected() for card in window.card.cards)
    assert window.card.not_sure_button.property("selected") is not True
    assert window.card.pending_text() == ""
    assert window.welcome.greeting.text() == "" and window.welcome.where.text() == ""
    hidden_too = all_texts(window, visible_only=False)
    assert not any(NOTE in t for t in hidden_too), hidden_too
    assert not any(re.search(r"\b[1-9]\d* of 30", t) for t in hidden_too), hidden_too  # no "answered 4 of 30"
    shown = all_texts(window)
    with_name = [t for t in shown if name in t]
    if name_allowed_on_reentry:
        allowed = {window.reentry.title.text(), window.reentry.explain.text(), window.reentry.continue_button.text()}
        allowed |= {window.reentry.continue_button.accessibleName()}
    else:
        allowed = set()
    # The name appears only on its picker button (and on the prompt naming who is to come back).
    button = next((b for b in window.picker.buttons if name in b.text()), None)
    if button is not None and button.isVisibleTo(window):
        allowed |= {button.text(), button.accessibleName()}
    assert set(with_name) <= allowed, with_name


def test_someone_else_cannot_reopen_a_participant_without_the_pin(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    window = open_participant_mode(qtbot, ctx, workshop_id)
    ben = pids[1]
    ben_scores_four_elements(qtbot, window, services, ben, order)
    # The picker shows names only: no levels, no counts, no tick (Ben has not finished).
    assert [b.text() for b in window.picker.buttons] == list(PEOPLE)
    assert_nothing_of(window, "Ben Okri")

    # Someone taps Ben's name: the facilitator's PIN is asked for, and nothing of Ben's is shown.
    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.reentry
    assert window.reentry.title.text() == "Ben Okri has already started"
    assert window.reentry.pin_edit.isVisibleTo(window) and window.reentry.pad.isVisibleTo(window)
    assert window.focusWidget() is window.reentry.pin_edit
    assert_nothing_of(window, "Ben Okri", name_allowed_on_reentry=True)
    assert not window.my_scores_button.isVisibleTo(window)

    # A wrong PIN, typed with digits and Enter: back to the names, a short message, nothing of Ben's.
    type_keys(qtbot, window, "1357")
    assert window.reentry.pin_edit.text() == "1357"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_page() is window.picker
    assert window.hint_label.text() == "That PIN is not right."
    assert window.reentry.pin_edit.text() == "" and window.reentry.title.text() == ""
    assert_nothing_of(window, "Ben Okri")
    assert window.focusWidget() is picker_button(window, pids[2])  # the person after Ben's turn

    # Escape on the PIN screen goes back to the names too.
    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.reentry
    type_keys(qtbot, window, "24")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_page() is window.picker and window.isVisible()
    assert_nothing_of(window, "Ben Okri")

    # Cancel, by touch, does the same; Enter with no PIN typed only asks for it.
    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_page() is window.reentry
    assert window.reentry.message.text() == "Type the PIN, then press Enter."
    assert_nothing_of(window, "Ben Okri", name_allowed_on_reentry=True)
    qtbot.mouseClick(window.reentry.cancel_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.picker
    assert_nothing_of(window, "Ben Okri")

    # Nothing was changed along the way.
    assert services.scores.scores_for_participant(ben) == {order[0]: 4, order[1]: 4, order[2]: 2, order[3]: 3}
    assert services.scores.notes_for_participant(ben) == {order[3]: NOTE}


def test_right_pin_resumes_where_they_stopped(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    window = open_participant_mode(qtbot, ctx, workshop_id)
    ben = pids[1]
    ben_scores_four_elements(qtbot, window, services, ben, order)

    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.reentry
    type_keys(qtbot, window, PIN)
    press(qtbot, window, Qt.Key.Key_Return)
    # The facilitator hands the screen back: Ben is greeted and carries on at his first open element.
    assert window.current_page() is window.welcome
    assert window.welcome.greeting.text() == "Hello, Ben Okri"
    assert "element 5" in window.welcome.where.text()
    assert window.reentry.pin_edit.text() == ""
    press(qtbot, window, Qt.Key.Key_Return)  # Carry on
    assert window.current_page() is window.card
    assert window.card.element_id == order[4]
    assert not any(c.is_selected() for c in window.card.cards)
    press(qtbot, window, Qt.Key.Key_Left)  # his own earlier answer and note are his to see now
    assert window.card.element_id == order[3]
    assert window.card.cards[2].is_selected()
    assert window.card.pending_text() == NOTE
    press(qtbot, window, Qt.Key.Key_1)  # and to change
    assert services.scores.get_score(ben, order[3]) == 1


def test_right_pin_on_the_touch_keypad_opens_a_finished_participants_summary(
    qtbot, ctx, services, workshop, order
) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    cleo = pids[2]
    services.scores.set_many(cleo, {e: (NOT_SURE if i == 5 else i % 4 + 1) for i, e in enumerate(order)})
    window = open_participant_mode(qtbot, ctx, workshop_id)
    assert picker_button(window, cleo).text() == "✓  Cleo Park"  # the tick stays

    qtbot.mouseClick(picker_button(window, cleo), Qt.MouseButton.LeftButton)
    assert window.reentry.title.text() == "Cleo Park has finished"
    assert_nothing_of(window, "Cleo Park", name_allowed_on_reentry=True)
    pad = window.reentry.pad.buttons
    for key in "24":
        qtbot.mouseClick(pad[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad["9"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad["back"], Qt.MouseButton.LeftButton)  # a slip, taken back
    for key in "68":
        qtbot.mouseClick(pad[key], Qt.MouseButton.LeftButton)
    assert window.reentry.pin_edit.text() == PIN
    assert window.focusWidget() is window.reentry.pin_edit  # the keypad never takes the focus
    qtbot.mouseClick(window.reentry.continue_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.welcome
    press(qtbot, window, Qt.Key.Key_Return)  # See my scores
    assert window.current_page() is window.summary
    assert len(window.summary.rows) == 30


def test_without_a_pin_a_confirmation_defaults_to_cancel(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    ben = pids[1]
    ben_scores_four_elements(qtbot, window, services, ben, order)

    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.reentry
    assert window.reentry.explain.text() == "Only continue if you are Ben Okri. Your earlier answers will be shown."
    assert not window.reentry.pin_edit.isVisibleTo(window) and not window.reentry.pad.isVisibleTo(window)
    assert_nothing_of(window, "Ben Okri", name_allowed_on_reentry=True)
    # Cancel has the focus: Enter (or a digit typed by mistake, then Enter) goes back to the names.
    assert window.focusWidget() is window.reentry.cancel_button
    press(qtbot, window, Qt.Key.Key_4)
    assert window.current_page() is window.reentry and window.reentry.pin_edit.text() == ""
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_page() is window.picker
    assert_nothing_of(window, "Ben Okri")

    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_page() is window.picker

    # Ben himself confirms: he is greeted and carries on where he stopped.
    qtbot.mouseClick(picker_button(window, ben), Qt.MouseButton.LeftButton)
    assert window.reentry.continue_button.text() == "Yes, I am Ben Okri"
    qtbot.mouseClick(window.reentry.continue_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.welcome
    assert window.welcome.greeting.text() == "Hello, Ben Okri"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[4]


def test_a_person_with_no_scores_goes_straight_in(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    services.scores.set_many(pids[0], {order[0]: 3})  # someone else has started: that changes nothing here
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[2]), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.welcome
    assert window.welcome.greeting.text() == "Hello, Cleo Park"
    assert window.reentry.title.text() == ""
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[0]
    assert not any(c.is_selected() for c in window.card.cards)
    # Handing over without an answer and choosing the name again: still no scores, still no prompt.
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.mouseClick(picker_button(window, pids[2]), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.welcome


def test_the_facilitator_can_still_leave_from_the_pin_screen(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.workshops.set_pin(workshop_id, PIN)
    services.scores.set_many(pids[0], {order[0]: 3})
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.reentry
    qtbot.mouseClick(window.facilitator_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.exit_page
    press(qtbot, window, Qt.Key.Key_Escape)  # back: to the names, not to the half-opened prompt
    assert window.current_page() is window.picker
    assert_nothing_of(window, "Ada Byron")
