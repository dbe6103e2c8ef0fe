"""The Reconcile keys in the real main window: they work as soon as the step is chosen, with the
focus still in the list of steps, and clash with no other shortcut of the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jcs_desktop.ui.core.context import AppContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_keys_work_from_the_list_of_steps(qtbot, services, demo_id):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_workshop(demo_id)
    page = window.workshop_view.show_step("reconcile")
    steps = window.workshop_view.steps
    steps.setFocus()
    qtbot.waitUntil(steps.hasFocus)
    eid = page.current_element
    # An ambiguous shortcut fires nothing: each key doing its job shows there is no clash.
    qtbot.keyClick(steps, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.revealed
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert services.scores.get_agreed(demo_id, eid).level == 3
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert services.scores.get_agreed(demo_id, eid) is None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert services.scores.get_agreed(demo_id, eid).level == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.current_element != eid

    # On another step the digits are that step's again.
    window.workshop_view.show_step("final")
    before = services.scores.get_agreed(demo_id, page.current_element)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_4)
    assert services.scores.get_agreed(demo_id, page.current_element) == before
