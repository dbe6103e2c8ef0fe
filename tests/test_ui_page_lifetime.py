"""A page closed while the text size changes does not run its late work on a deleted widget."""

from __future__ import annotations

import sys

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage
from jcs_desktop.ui.planning.detailed_page import DetailedAssessmentPage
from jcs_desktop.ui.widgets import theme

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.mark.parametrize("cls", [ActionPlanPage, DetailedAssessmentPage, DeliverySheetsPage])
def test_a_page_deleted_after_a_text_size_change_raises_nothing(qtbot, services, demo_id, cls) -> None:
    page = cls(AppContext(services))
    page.set_workshop(demo_id)
    page.show()
    qtbot.waitExposed(page)
    font = theme.base_font()  # recorded now, before the change, for the next tests to return to
    font.setPointSizeF(font.pointSizeF() * 1.4)
    QApplication.setFont(font)
    QCoreApplication.sendPostedEvents()  # the page hears of it and queues its re-layout on a timer
    destroyed = []
    page.destroyed.connect(lambda: destroyed.append(True))
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert destroyed
    # pytest-qt fails the test on any exception raised in the event loop meanwhile.
    qtbot.wait(50)


def test_a_text_size_change_then_closing_the_window_raises_nothing(qtbot, services, demo_id, monkeypatch) -> None:
    from jcs_desktop.ui.shell.main_window import MainWindow

    errors: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: errors.append(value))
    window = MainWindow(AppContext(services))
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_workshop(demo_id)
    for step in STEPS:
        window.workshop_view.go_to(step.key)
        QApplication.processEvents()
    # The pages defer their re-measuring to the next turn of the event loop...
    window.theme.apply(scale=1.4, high_contrast=False)
    # ...and the window goes before that turn comes.
    window.close()
    shiboken6.delete(window)
    for _ in range(5):
        qtbot.wait(10)
    assert errors == []
