"""The Score step, driven through its real widgets: participant mode, the grid, group scores."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from jcs_desktop.domain.scoring import NOT_SURE, driver_total
from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import AppContext

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PEOPLE = ("Ada Byron", "Ben Okri", "Cleo Park")


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
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


def make_page(qtbot, ctx):
    """The Score page as a top-level window of a fixed size, as it would sit in the main window."""
    from jcs_desktop.ui.scoring.page import ScorePage

    page = ScorePage(ctx)
    qtbot.addWidget(page)
    page.setMinimumSize(1200, 700)  # explicit, so the offscreen platform is not asked to change it
    page.resize(1366, 768)
    return page


def open_participant_mode(qtbot, ctx, workshop_id):
    from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow

    window = ParticipantModeWindow(ctx, workshop_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def press(qtbot, window: QWidget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is, as a person at the shared screen would make it."""
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def picker_button(window, participant_id: int):
    return next(b for b in window.picker.buttons if b.property("participant_id") == participant_id)


def all_texts(window: QWidget, visible_only: bool = True) -> list[str]:
    """Every text a person could read (or a screen reader announce) in ``window``."""
    texts = []
    for w in window.findChildren(QWidget):
        if visible_only and not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.text())
        if isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
        texts.extend((w.accessibleName(), w.toolTip(), w.accessibleDescription()))
    return [t for t in texts if t]


KEY_FOR = {1: Qt.Key.Key_1, 2: Qt.Key.Key_2, 3: Qt.Key.Key_3, 4: Qt.Key.Key_4}


def answers_for(person_index: int, order: list[str]) -> dict[str, object]:
    """A different pattern per person, with a 'not sure' or two (keyed as S or 0)."""
    answers: dict[str, object] = {}
    for n, element_id in enumerate(order):
        if (n + person_index) % 11 == 0:
            answers[element_id] = NOT_SURE
        else:
            answers[element_id] = (n * (person_index + 1) + person_index) % 4 + 1
    return answers


# --- participant mode ------------------------------------------------------------------------------


def test_three_participants_score_every_element_by_keyboard(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)

    for person_index, pid in enumerate(pids):
        assert window.current_page() is window.picker
        # The first person picks their name with the keyboard; the others tap it.
        if person_index == 0:
            assert window.focusWidget() is window.picker.buttons[0]
            press(qtbot, window, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(picker_button(window, pid), Qt.MouseButton.LeftButton)
        assert window.current_page() is window.welcome
        assert PEOPLE[person_index] in window.welcome.greeting.text()
        press(qtbot, window, Qt.Key.Key_Return)  # Start

        wanted = answers_for(person_index, order)
        for n, element_id in enumerate(order):
            assert window.current_page() is window.card
            assert window.card.element_id == element_id
            driver_no = n // 5 + 1
            assert window.card.progress_label.text() == f"Element {n + 1} of 30 · driver {driver_no} of 6"
            value = wanted[element_id]
            if value == NOT_SURE:
                press(qtbot, window, Qt.Key.Key_S if n % 2 else Qt.Key.Key_0)
            else:
                press(qtbot, window, KEY_FOR[value])

        assert window.current_page() is window.summary
        assert services.scores.scores_for_participant(pid) == wanted
        assert len(window.summary.rows) == 30
        qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
        assert window.current_page() is window.handover
        press(qtbot, window, Qt.Key.Key_Return)  # Next person

    stored = services.scores.scores_for_workshop(workshop_id)
    assert stored == {pid: answers_for(i, order) for i, pid in enumerate(pids)}
    # Everyone has finished: the picker ticks every name, and shows nothing else about them.
    assert all(b.text().startswith("✓") for b in window.picker.buttons)


def test_hand_over_hides_the_previous_participants_scores(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    ctx.settings.setValue("scoring/notes", True)
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[1]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_4, Qt.Key.Key_4, Qt.Key.Key_2):
        press(qtbot, window, key)
    # A note on the fourth element, kept with its level.
    qtbot.keyClicks(window.card.text_edit, "Depends on the locality")
    qtbot.mouseClick(window.card.cards[2], Qt.MouseButton.LeftButton)
    assert services.scores.notes_for_participant(pids[1]) == {order[3]: "Depends on the locality"}
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.card.cards[2].is_selected()  # an element already scored shows its level
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.summary
    assert any("Ben Okri" in t for t in all_texts(window))

    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.handover
    texts = all_texts(window)
    assert not any("Ben Okri" in t for t in texts), texts
    assert not any("Depends on the locality" in t for t in all_texts(window, visible_only=False))
    # Nothing of the last person remains anywhere in the window, shown or hidden.
    assert window.summary.rows == []
    assert not any(card.is_selected() for card in window.card.cards)
    assert window.card.element_id is None and window.card.element_label.text() == ""
    assert window.participant_id is None and window.scores == {} and window.notes == {}
    assert window.welcome.greeting.text() == ""

    press(qtbot, window, Qt.Key.Key_Return)  # Next person
    assert window.current_page() is window.picker
    # The name is back in the picker, with no sign of progress (they have not finished).
    assert picker_button(window, pids[1]).text() == "Ben Okri"


def test_participant_mode_cannot_be_left_with_escape_or_closing(qtbot, ctx, workshop) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    with qtbot.assertNotEmitted(window.left):
        press(qtbot, window, Qt.Key.Key_Escape)
        qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
        press(qtbot, window, Qt.Key.Key_Return)
        press(qtbot, window, Qt.Key.Key_Escape)
        assert window.current_page() is window.card
        window.close()
    assert window.isVisible()
    assert "facilitator" in window.hint_label.text()


def test_wrong_pin_keeps_participant_mode_right_pin_leaves(qtbot, ctx, services, workshop) -> None:
    workshop_id, _ = workshop
    services.workshops.set_pin(workshop_id, "2468")
    window = open_participant_mode(qtbot, ctx, workshop_id)
    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
    assert window.current_page() is window.exit_page
    assert window.exit_page.pin_edit.isVisibleTo(window)
    with qtbot.assertNotEmitted(window.left):
        qtbot.keyClicks(window.exit_page.pin_edit, "1357")
        qtbot.keyClick(window.exit_page.pin_edit, Qt.Key.Key_Return)
    assert window.isVisible()
    assert window.exit_page.message.text() == "That PIN is not right."
    assert window.exit_page.pin_edit.text() == ""
    # Escape on the facilitator screen goes back to participant mode, not out of it.
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_page() is window.picker and window.isVisible()

    qtbot.mouseClick(window.facilitator_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.exit_page
    with qtbot.waitSignal(window.left, timeout=1000):
        qtbot.keyClicks(window.exit_page.pin_edit, "2468")
        qtbot.keyClick(window.exit_page.pin_edit, Qt.Key.Key_Return)
    assert not window.isVisible()


def test_without_a_pin_the_key_combination_leaves(qtbot, ctx, workshop) -> None:
    workshop_id, _ = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    with qtbot.waitSignal(window.left, timeout=1000):
        press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
    assert not window.isVisible()


def test_without_a_pin_the_facilitator_confirms_leaving(qtbot, ctx, workshop) -> None:
    workshop_id, _ = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(window.facilitator_button, Qt.MouseButton.LeftButton)
    assert not window.exit_page.pin_edit.isVisibleTo(window)
    qtbot.mouseClick(window.exit_page.cancel_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.current_page() is window.picker
    qtbot.mouseClick(window.facilitator_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.left, timeout=1000):
        qtbot.mouseClick(window.exit_page.leave_button, Qt.MouseButton.LeftButton)


def test_resume_starts_at_the_first_unscored_element(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    services.scores.set_many(pids[2], {e: 2 for e in order[:7]} | {order[9]: 3})
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[2]), Qt.MouseButton.LeftButton)
    # They have scored before and the workshop has no PIN: they confirm who they are first.
    assert window.current_page() is window.reentry
    qtbot.mouseClick(window.reentry.continue_button, Qt.MouseButton.LeftButton)
    assert "8 of 30" in window.welcome.where.text() or "element 8" in window.welcome.where.text()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[7]
    assert not any(c.is_selected() for c in window.card.cards)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.card.element_id == order[6]
    assert [c.is_selected() for c in window.card.cards] == [False, True, False, False]
    # Arrows move without scoring; the element after next was scored before and shows it.
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.card.element_id == order[9]
    assert window.card.cards[2].is_selected()
    assert services.scores.get_score(pids[2], order[7]) is None


def test_not_sure_is_stored_as_such_and_not_counted_as_a_level(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_S)
    qtbot.mouseClick(window.card.not_sure_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_2)
    stored = services.scores.scores_for_participant(pids[0])
    assert stored == {order[0]: 3, order[1]: NOT_SURE, order[2]: NOT_SURE, order[3]: 1, order[4]: 2}
    first_driver = services.framework.drivers[0]
    total = driver_total(first_driver, stored)
    assert total.total is None and total.scored == 3
    # Going back shows "not sure" as chosen, and no level card.
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.card.element_id == order[2]
    assert window.card.not_sure_button.property("selected") is True
    assert not any(c.is_selected() for c in window.card.cards)
    # Unknown keys are ignored: nothing stored, nothing moved.
    press(qtbot, window, Qt.Key.Key_7)
    press(qtbot, window, Qt.Key.Key_Q)
    assert window.card.element_id == order[2]
    assert services.scores.get_score(pids[0], order[2]) == NOT_SURE
    # Enter confirms the answer already given and goes on, without a new entry to undo.
    entries = ctx.undo_stack.count()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.card.element_id == order[3]
    assert ctx.undo_stack.count() == entries
    # Enter on a focused card chooses it.
    window.card.cards[3].setFocus()
    press(qtbot, window, Qt.Key.Key_Return)
    assert services.scores.get_score(pids[0], order[3]) == 4
    assert window.card.element_id == order[4]


def test_undo_and_redo_a_score_in_participant_mode(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    # Someone else's earlier entry (keyed by the facilitator) is on the facilitator's undo stack first.
    assert ctx.push(SetScore(ctx, pids[1], order[0], 4))
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)

    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # nothing of this participant's to undo
    assert services.scores.get_score(pids[1], order[0]) == 4
    assert "Nothing of yours" in window.hint_label.text()

    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_1)
    assert services.scores.get_score(pids[0], order[1]) == 1
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert services.scores.get_score(pids[0], order[1]) is None
    assert window.card.element_id == order[1]  # the undone element is shown again
    assert not any(c.is_selected() for c in window.card.cards)
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert services.scores.get_score(pids[0], order[1]) == 1
    assert window.card.cards[0].is_selected()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert services.scores.get_score(pids[0], order[0]) is None
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # stops at this participant's own first entry
    assert services.scores.get_score(pids[1], order[0]) == 4
    # None of the participant's entries ever reached the facilitator's stack.
    assert ctx.undo_stack.count() == 1 and ctx.undo_stack.index() == 1
    assert "Participant" not in ctx.undo_stack.undoText()


def test_a_participants_answers_leave_nothing_on_the_facilitators_undo(qtbot, ctx, services, workshop, order) -> None:
    """After a turn, Ctrl+Z in the Score step must not delete that person's last answer."""
    workshop_id, pids = workshop
    page = make_page(qtbot, ctx)
    page.set_workshop(workshop_id)
    page.start_participant_mode(full_screen=False)
    window = page.participant_window
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        press(qtbot, window, key)
    assert window.turn_stack.count() == 3
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # within the turn: undo works
    assert services.scores.get_score(pids[0], order[2]) is None
    press(qtbot, window, Qt.Key.Key_4)
    assert ctx.undo_stack.count() == 0 and not ctx.undo_stack.canUndo()
    # Handing over ends the turn: its own stack is emptied too.
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    assert window.turn_stack.count() == 0
    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)  # no PIN: leaves at once
    assert page.participant_window is None
    # The facilitator's Edit > Undo has nothing of the participant's; undoing changes no score.
    assert ctx.undo_stack.count() == 0 and ctx.undo_stack.undoText() == ""
    ctx.undo_stack.undo()
    assert services.scores.scores_for_participant(pids[0]) == {order[0]: 2, order[1]: 3, order[2]: 4}
    # A correction by the facilitator is explicit, in the grid, and undoable there.
    page.show_grid(True)
    page.grid.view.setCurrentIndex(page.grid.model.index(0, 2))
    qtbot.keyClick(page.grid.view, Qt.Key.Key_1)
    assert services.scores.get_score(pids[0], order[2]) == 1
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert services.scores.get_score(pids[0], order[2]) == 4


def test_timer_and_notes_follow_the_remembered_settings(qtbot, ctx, workshop) -> None:
    workshop_id, pids = workshop
    page = make_page(qtbot, ctx)
    page.set_workshop(workshop_id)
    assert not page.timer_check.isChecked() and not page.notes_check.isChecked()
    page.timer_check.setChecked(True)
    page.notes_check.setChecked(True)
    assert ctx.settings.value("scoring/timer") in (True, "true")

    page2 = make_page(qtbot, ctx)  # a later session remembers
    assert page2.timer_check.isChecked() and page2.notes_check.isChecked()

    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.timer.isVisibleTo(window)
    assert "This element 0:0" in window.timer.label.text()
    assert window.card.text_edit.isVisibleTo(window)
    page.timer_check.setChecked(False)
    window.set_show_timer(False)
    assert not window.timer.isVisibleTo(window)


# --- group consensus --------------------------------------------------------------------------------


def test_consensus_mode_records_agreed_scores_with_rationale(qtbot, ctx, services, order) -> None:
    from jcs_desktop.ui.scoring.consensus import GroupScoresWindow

    record = services.workshops.create(WorkshopFields(title="Agreed together", route="consensus")).previous
    window = GroupScoresWindow(ctx, record.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.card.element_id == order[0]
    assert not window.card.not_sure_button.isVisibleTo(window)

    press(qtbot, window, Qt.Key.Key_3)
    assert services.scores.get_agreed(record.id, order[0]).level == 3
    assert window.focusWidget() is window.card.text_edit
    qtbot.keyClicks(window.card.text_edit, "Trust is growing but uneven")
    qtbot.keyClick(window.card.text_edit, Qt.Key.Key_Return, CTRL)
    agreed = services.scores.get_agreed(record.id, order[0])
    assert (agreed.level, agreed.rationale) == (3, "Trust is growing but uneven")
    assert window.card.element_id == order[1]

    # A rationale typed before the level is kept with it.
    qtbot.keyClicks(window.card.text_edit, "Everyone said so")
    qtbot.mouseClick(window.card.cards[1], Qt.MouseButton.LeftButton)
    agreed = services.scores.get_agreed(record.id, order[1])
    assert (agreed.level, agreed.rationale) == (2, "Everyone said so")

    ctx.undo_stack.undo()
    assert services.scores.get_agreed(record.id, order[1]) is None
    assert not any(c.is_selected() for c in window.card.cards)
    ctx.undo_stack.redo()
    assert services.scores.get_agreed(record.id, order[1]).rationale == "Everyone said so"

    # Delete clears an agreement; the window can be closed with Escape (it is the facilitator's).
    window.card.setFocus()
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.card.element_id == order[0]
    window.card.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert services.scores.get_agreed(record.id, order[0]) is None
    with qtbot.waitSignal(window.closed, timeout=1000):
        press(qtbot, window, Qt.Key.Key_Escape)


# --- the facilitator grid ---------------------------------------------------------------------------


def test_grid_model_passes_the_model_tester(qtmodeltester, ctx, demo_id) -> None:
    from jcs_desktop.ui.scoring.grid import ScoreGridModel
    from jcs_desktop.ui.scoring.page import ProgressModel

    model = ScoreGridModel(ctx)
    model.set_workshop(demo_id)
    assert model.rowCount() == 12 and model.columnCount() == 30
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "BP 1"
    assert "Building partnerships" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    progress = ProgressModel()
    people = ctx.services.participants.list(demo_id)
    progress.set_data(people, ctx.services.scores.scores_for_workshop(demo_id), 30)
    qtmodeltester.check(progress)


def test_key_in_a_paper_form_in_the_grid(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    page = make_page(qtbot, ctx)
    page.set_workshop(workshop_id)
    page.show()
    qtbot.mouseClick(page.grid_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.grid_page
    view = page.grid.view
    view.setCurrentIndex(page.grid.model.index(0, 0))

    form = "1234s0" * 5  # the first participant's paper form, read left to right
    expected = {}
    for element_id, ch in zip(order, form, strict=True):
        qtbot.keyClick(view, ch)
        expected[element_id] = NOT_SURE if ch in "s0" else int(ch)
    assert services.scores.scores_for_participant(pids[0]) == expected
    # The cursor wrapped to the start of the next participant's row.
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 0)

    with qtbot.waitSignal(page.grid.view.hint) as hint:
        qtbot.keyClick(view, "x")
    assert "not a score" in hint.args[0]
    assert services.scores.scores_for_participant(pids[1]) == {}
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 0)

    qtbot.keyClick(view, "4")
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert services.scores.get_score(pids[1], order[0]) == 4
    assert page.grid.model.data(view.currentIndex()) == "4"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert services.scores.get_score(pids[1], order[0]) is None
    assert page.grid.model.data(view.currentIndex()) == ""

    # Undo and redo go through the shared stack, and the grid shows the result.
    ctx.undo_stack.undo()
    assert services.scores.get_score(pids[1], order[0]) == 4
    assert page.grid.model.data(view.currentIndex()) == "4"
    ctx.undo_stack.redo()
    assert page.grid.model.data(view.currentIndex()) == ""
    assert "1 of 3 participants finished" in page.step_status().summary


# --- the step page ------------------------------------------------------------------------------------


def test_score_page_status_and_participant_mode_round_trip(qtbot, ctx, services, demo_id, workshop) -> None:
    page = make_page(qtbot, ctx)
    page.set_workshop(demo_id)
    status = page.step_status()
    assert status.done and "12 of 12 participants finished" in status.summary
    assert not page.group_button.isVisibleTo(page) or not page.isVisible()

    workshop_id, pids = workshop
    with qtbot.waitSignal(page.status_changed):
        page.set_workshop(workshop_id)
    assert not page.step_status().done
    page.start_participant_mode(full_screen=False)
    window = page.participant_window
    assert window is not None and window.isVisible()
    assert not page.participant_button.isEnabled()
    with qtbot.waitSignal(page.status_changed):
        qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
        press(qtbot, window, Qt.Key.Key_Return)
        press(qtbot, window, Qt.Key.Key_2)
    assert "1 of 90 scores" in page.step_status().summary
    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)
    assert page.participant_window is None
    assert page.participant_button.isEnabled()


def test_consensus_route_offers_group_scores(qtbot, ctx, services) -> None:
    record = services.workshops.create(WorkshopFields(title="Agreed together", route="consensus")).previous
    page = make_page(qtbot, ctx)
    page.show()
    page.set_workshop(record.id)
    assert page.group_button.isVisible()
    assert page.step_status().summary == "Agreed 0 of 30 elements"
    page.record_group_scores(full_screen=False)
    window = page.group_window
    press(qtbot, window, Qt.Key.Key_4)
    assert page.step_status().summary == "Agreed 1 of 30 elements"
    window.close()
    assert page.group_window is None
