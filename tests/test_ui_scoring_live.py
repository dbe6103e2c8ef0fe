"""The Score step follows change records: a key press costs its one write and no read, it
repaints only what changed, a hidden page catches up when shown, and the chosen card is
painted chosen before the answer is saved. Driven through the real widgets."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QObject, QSettings, Qt

from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import AppContext
from tests.test_ui_scoring import CTRL, PEOPLE, SHIFT, make_page, open_participant_mode, picker_button, press


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield context
    context.undo_stack.clear()


@pytest.fixture
def workshop(services):
    """A workshop with three participants and no scores: (workshop id, [participant ids])."""
    record = services.workshops.create(WorkshopFields(title="Spring workshop")).previous
    people = services.participants.add_many(record.id, [{"display_name": n, "sector": "NHS"} for n in PEOPLE]).previous
    return record.id, [p.id for p in people]


@pytest.fixture
def order(services):
    return services.framework.element_ids()


def shown_page(qtbot, ctx, workshop_id):
    page = make_page(qtbot, ctx)
    page.set_workshop(workshop_id)
    page.show()
    qtbot.waitExposed(page)
    return page


class PaintWatch(QObject):
    """Notes, at each paint of ``widget``, what ``note()`` says then."""

    def __init__(self, widget, note, seen: list) -> None:
        super().__init__(widget)
        self._note, self._seen = note, seen
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._seen.append(("painted", *self._note()))
        return False


# --- participant mode -----------------------------------------------------------------------


def test_the_chosen_card_is_painted_chosen_before_the_answer_is_saved(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.wait(50)  # everything of the first card painted: from here on, only what the key press paints
    third = window.card.cards[2]
    seen: list[tuple[str, str | None, bool]] = []

    def note() -> tuple[str | None, bool]:
        return window.card.element_id, third.is_selected()

    PaintWatch(third, note, seen)
    ctx.changed.connect(lambda _change: seen.append(("saved", *note())))
    press(qtbot, window, Qt.Key.Key_3)

    assert services.scores.get_score(pids[0], order[0]) == 3
    assert window.card.element_id == order[1]  # and then it moved on
    saved = [i for i, s in enumerate(seen) if s[0] == "saved"]
    assert saved, seen
    # Painted chosen, on the element pressed, before anything was saved: in the key press's own frame.
    assert ("painted", order[0], True) in seen[: saved[0]], seen
    assert seen[saved[0]] == ("saved", order[0], True)


def test_a_participants_key_press_is_one_write_and_no_read(qtbot, ctx, services, workshop, order, transactions) -> None:
    workshop_id, pids = workshop
    page = shown_page(qtbot, ctx, workshop_id)
    page.start_participant_mode(full_screen=False)
    window = page.participant_window
    qtbot.mouseClick(picker_button(window, pids[1]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    transactions.take()
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_S):
        press(qtbot, window, key)
        assert transactions.take() == (1, 0)
    # The Score page behind shows it, from the change records alone.
    assert page.progress_model.data(page.progress_model.index(1, 3)) == "5 of 30"
    assert page.grid.model.data(page.grid.model.index(1, 3)) == "4"
    # The participant's own undo and redo: one write each, still no read.
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert transactions.take() == (1, 0)
    assert window.card.element_id == order[4] and window.scores.get(order[4]) is None
    assert page.grid.model.data(page.grid.model.index(1, 4)) == ""
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert transactions.take() == (1, 0)
    assert window.card.not_sure_button.property("selected") is True
    # Moving about, the summary and the hand-over read nothing either.
    press(qtbot, window, Qt.Key.Key_Left)
    qtbot.mouseClick(window.my_scores_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.summary.finish_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.unanswered.finish_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_page() is window.picker
    assert transactions.take() == (0, 0)
    window.leave()


def test_a_change_made_elsewhere_shows_on_the_participants_card(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    window = open_participant_mode(qtbot, ctx, workshop_id)
    qtbot.mouseClick(picker_button(window, pids[0]), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Return)
    # The facilitator corrects this participant's current element meanwhile (the grid does so).
    assert ctx.push(SetScore(ctx, pids[0], order[0], 2))
    assert [c.is_selected() for c in window.card.cards] == [False, True, False, False]
    assert window.scores == {order[0]: 2}
    # Someone else's answers change nothing on this card.
    assert ctx.push(SetScore(ctx, pids[1], order[0], 4))
    assert [c.is_selected() for c in window.card.cards] == [False, True, False, False]
    assert window.scores == {order[0]: 2}


# --- the step page and the grid --------------------------------------------------------------


def test_a_score_repaints_only_its_grid_cell_and_its_participants_row(
    qtbot, ctx, services, workshop, order, transactions
) -> None:
    workshop_id, pids = workshop
    page = shown_page(qtbot, ctx, workshop_id)
    grid, progress = page.grid.model, page.progress_model
    cells: list[tuple[int, int, int, int]] = []
    rows: list[tuple[int, int, int, int]] = []
    grid.dataChanged.connect(lambda a, b, *_: cells.append((a.row(), a.column(), b.row(), b.column())))
    progress.dataChanged.connect(lambda a, b, *_: rows.append((a.row(), a.column(), b.row(), b.column())))
    transactions.take()
    with qtbot.assertNotEmitted(grid.modelReset), qtbot.assertNotEmitted(progress.modelReset):
        assert ctx.push(SetScore(ctx, pids[2], order[4], 2))
    assert cells == [(2, 4, 2, 4)]  # the one cell
    assert rows == [(2, 3, 2, 5)]  # the third participant's counts and status, nothing else
    assert transactions.take() == (1, 0)  # the write; nothing is read back
    assert grid.data(grid.index(2, 4)) == "2"
    assert progress.data(progress.index(2, 3)) == "1 of 30"
    assert "0 of 3 participants finished · 1 of 90 scores" in page.summary_label.text()


def test_keying_the_grid_costs_one_write_and_no_read_per_key(qtbot, ctx, services, workshop, transactions) -> None:
    workshop_id, pids = workshop
    page = shown_page(qtbot, ctx, workshop_id)
    page.show_grid(True)
    view = page.grid.view
    view.setCurrentIndex(page.grid.model.index(1, 0))
    transactions.take()
    for key in "1234s":
        qtbot.keyClick(view, key)
        assert transactions.take() == (1, 0)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert transactions.take() == (1, 0)
    assert page.grid.model.data(view.currentIndex()) == ""
    assert page.progress_model.data(page.progress_model.index(1, 3)) == "4 of 30"
    assert len(services.scores.scores_for_participant(pids[1])) == 4


def test_a_hidden_score_page_catches_up_when_shown(qtbot, ctx, services, workshop, order) -> None:
    workshop_id, pids = workshop
    page = shown_page(qtbot, ctx, workshop_id)
    page.hide()
    with qtbot.assertNotEmitted(page.grid.model.dataChanged), qtbot.waitSignal(page.status_changed):
        assert ctx.push(SetScore(ctx, pids[0], order[0], 3))
    # Hidden: nothing repainted, but marked stale, and the step list's status is already right.
    assert page.is_stale
    assert "1 of 90 scores" in page.step_status().summary
    assert page.grid.model.data(page.grid.model.index(0, 0)) == ""
    page.show()
    assert not page.is_stale
    assert page.grid.model.data(page.grid.model.index(0, 0)) == "3"
    assert page.progress_model.data(page.progress_model.index(0, 3)) == "1 of 30"


def test_the_grid_follows_the_text_size(qtbot, ctx, workshop) -> None:
    from PySide6.QtWidgets import QApplication

    workshop_id, _pids = workshop
    page = shown_page(qtbot, ctx, workshop_id)
    page.show_grid(True)
    view = page.grid.view
    before = view.font().pointSizeF()
    assert before > QApplication.font().pointSizeF()  # a little larger than the text around it
    larger = QApplication.font()
    larger.setPointSizeF(larger.pointSizeF() * 1.4)
    QApplication.setFont(larger)
    qtbot.waitUntil(lambda: view.font().pointSizeF() > before * 1.3)
    assert view.verticalHeader().defaultSectionSize() >= view.fontMetrics().height()


# --- group scores ------------------------------------------------------------------------------


def test_agreeing_a_group_score_is_one_write_and_no_read(qtbot, ctx, services, order, transactions) -> None:
    from jcs_desktop.ui.scoring.consensus import GroupScoresWindow

    record = services.workshops.create(WorkshopFields(title="Agreed together", route="consensus")).previous
    page = shown_page(qtbot, ctx, record.id)
    window = GroupScoresWindow(ctx, record.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    transactions.take()
    press(qtbot, window, Qt.Key.Key_3)
    assert transactions.take() == (1, 0)
    qtbot.keyClicks(window.card.text_edit, "Everyone said so")
    qtbot.keyClick(window.card.text_edit, Qt.Key.Key_Return, CTRL)  # the reasoning, then on
    assert transactions.take() == (1, 0)
    agreed = services.scores.get_agreed(record.id, order[0])
    assert (agreed.level, agreed.rationale) == (3, "Everyone said so")
    assert window.card.element_id == order[1]
    assert window.count_label.text() == "Agreed 1 of 30 elements"
    assert page.step_status().summary == "Agreed 1 of 30 elements"
    transactions.take()
    ctx.undo_stack.undo()  # the rationale
    ctx.undo_stack.undo()  # the level
    assert transactions.take() == (2, 0)
    assert window.count_label.text() == "Agreed 0 of 30 elements"
    window.close()
