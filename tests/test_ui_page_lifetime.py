"""Work a page schedules for later ends with the page: a text-size change just before a window
closes must not run into pages that are already gone."""

from __future__ import annotations

import sys

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from jcs_desktop.ui.context import AppContext
from jcs_desktop.ui.steps import STEPS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_text_size_change_then_closing_the_window_raises_nothing(qtbot, services, demo_id, monkeypatch) -> None:
    from jcs_desktop.ui.main_window import MainWindow

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
