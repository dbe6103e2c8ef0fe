"""Keys that must work straight after something else had the keyboard: found by using the
application as a facilitator does, under a real X server. Driven through the real widgets."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from tests.test_ui_scoring import CTRL, SHIFT, make_page, press

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield context
    context.undo_stack.clear()


def test_leaving_participant_mode_gives_the_keyboard_back_to_the_facilitator(qtbot, ctx, services) -> None:
    workshop_id = services.workshops.create(WorkshopFields(title="Spring workshop")).previous.id
    services.participants.add_many(workshop_id, [{"display_name": n} for n in ("Ada Byron", "Ben Okri")])
    page = make_page(qtbot, ctx)
    page.show()
    page.set_workshop(workshop_id)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.start_participant_mode(full_screen=False)
    window = page.participant_window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    press(qtbot, window, Qt.Key.Key_F12, CTRL | SHIFT)  # no PIN: leaves at once
    qtbot.waitUntil(lambda: page.participant_window is None)

    # The facilitator's window is the active one again, so its keys (Ctrl+G, F5…) work at once,
    # without a click first, whatever the window manager does when the full-screen window goes.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window(), timeout=2000)
    assert page.participant_button.hasFocus()


def test_closing_the_group_scores_window_gives_the_keyboard_back(qtbot, ctx, services) -> None:
    workshop_id = services.workshops.create(WorkshopFields(title="Agreed together", route="consensus")).previous.id
    page = make_page(qtbot, ctx)
    page.show()
    page.set_workshop(workshop_id)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.record_group_scores(full_screen=False)
    window = page.group_window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    window.close()
    qtbot.waitUntil(lambda: page.group_window is None)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window(), timeout=2000)


def test_a_workshop_of_one_says_participant_not_participants(qtbot, ctx, services) -> None:
    workshop_id = services.workshops.create(WorkshopFields(title="Pilot")).previous.id
    services.participants.add_many(workshop_id, [{"display_name": "Ada Byron"}])
    page = make_page(qtbot, ctx)
    page.set_workshop(workshop_id)
    assert "1 participants" not in page.summary_label.text()
    assert page.summary_label.text().endswith("· 1 participant")
    assert page.step_status().summary.startswith("0 of 1 participant finished")


def test_an_undo_refused_because_another_window_changed_the_score_shows_the_stored_one(
    qtbot, services, demo_id
) -> None:
    from jcs_desktop.ui.reconcile.page import ReconcilePage

    context = AppContext(services)
    page = ReconcilePage(context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_workshop(demo_id)
    page.show()
    qtbot.waitExposed(page)
    eid = page.current_element
    qtbot.mouseClick(page.level_buttons[0], Qt.MouseButton.LeftButton)
    assert services.scores.get_agreed(demo_id, eid).level == 1

    # A second window on the same database agrees level 4: this window is not told.
    services.scores.set_agreed(demo_id, eid, 4)
    assert page.level_buttons[0].isChecked()

    context.undo_stack.undo()  # refused: the score is no longer the one this window set
    assert services.scores.get_agreed(demo_id, eid).level == 4
    # The screen shows what is stored, as the refusal says, not the level it set before.
    assert page.level_buttons[3].isChecked() and not page.level_buttons[0].isChecked()
    assert page.element_model.index(page.element_model.row_of(eid), 2).data() == "4"

    # Nor can a redo put this window's level back over the other window's.
    assert not context.undo_stack.canRedo()
    context.undo_stack.redo()
    assert services.scores.get_agreed(demo_id, eid).level == 4


@pytest.mark.parametrize(
    "module, cls",
    [
        ("jcs_desktop.ui.planning.action_plan_page", "ActionPlanPage"),
        ("jcs_desktop.ui.planning.detailed_page", "DetailedAssessmentPage"),
        ("jcs_desktop.ui.planning.delivery_page", "DeliverySheetsPage"),
        ("jcs_desktop.ui.final_scores.page", "FinalScoresPage"),
    ],
)
def test_a_planning_page_gone_before_its_font_update_runs_raises_nothing(qtbot, ctx, module, cls) -> None:
    import importlib

    import shiboken6
    from PySide6.QtGui import QFont

    page = getattr(importlib.import_module(module), cls)(ctx)
    font = QFont(page.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    page.setFont(font)  # the text size changed: the page re-measures on the next turn of the loop
    shiboken6.delete(page)  # ...but the workshop closed first
    qtbot.wait(50)  # pytest-qt fails the test on any exception raised in the event loop
