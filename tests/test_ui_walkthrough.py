"""The whole window: every step is a real page, and steps hand the facilitator on to each other."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.step_page import StepPage
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, services):
    win = MainWindow(AppContext(services))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def test_every_step_is_built_and_reachable_with_the_keyboard(qtbot, window, demo_id) -> None:
    view = window.open_workshop(demo_id)
    view.show_step(STEPS[0].key)
    seen = [view.current_key()]
    for _ in STEPS[1:]:
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        seen.append(view.current_key())
    assert seen == [s.key for s in STEPS]
    for key, page in view.pages().items():
        assert isinstance(page, StepPage) and page.step.key == key, key
        status = view.status(key)
        assert status is not None and status.summary, key
    # The demo is fully scored, so the early steps say they are done.
    assert view.status("prepare").done and view.status("score").done


def test_action_plan_opens_the_delivery_sheet_of_the_selected_action(qtbot, window, services, demo_id) -> None:
    view = window.open_workshop(demo_id)
    plan = view.show_step("actions")
    second = services.planning.actions(demo_id)[1]
    assert plan.select_action(second.id)
    plan.open_current()
    assert view.current_key() == "delivery"
    assert view.page("delivery").current_action().id == second.id


def test_missing_target_sends_the_group_back_to_that_driver(qtbot, window, demo_id) -> None:
    view = window.open_workshop(demo_id)
    detailed = view.show_step("detailed")
    detailed.request_step.emit("final", "maximising-use-of-resources")
    assert view.current_key() == "final"
    assert view.page("final").selected_driver == "maximising-use-of-resources"


def test_export_menu_offers_the_exports_once_a_workshop_is_open(qtbot, window, demo_id) -> None:
    names = {a.objectName() for a in window.export_menu.actions()}
    assert {"exportXlsxAction", "exportPdfAction", "exportFormsAction", "importScoresAction"} <= names
    window.open_workshop(demo_id)
    window.export_menu.aboutToShow.emit()
    xlsx = next(a for a in window.export_menu.actions() if a.objectName() == "exportXlsxAction")
    assert xlsx.isEnabled()
