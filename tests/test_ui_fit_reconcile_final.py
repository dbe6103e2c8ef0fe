"""Reconcile and Final scores on a 1366×768 laptop at 100 %, 140 % and 160 % text (Ctrl+= as a
facilitator presses it): the controls that matter are inside the window, shown and not cut off by
a scroll area; the final-scores table shows all six drivers at 100 % and text at every size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.steps import STEPS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PRESSES = {1.0: 0, 1.4: 3, 1.6: 4}  # Ctrl+= from 100 %: 110, 125, 140, 160


@pytest.fixture
def window(qtbot, services, demo_id):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_workshop(demo_id)
    for step in STEPS:
        window.workshop_view.page(step.key)
    return window


def settle(qtbot) -> None:
    for _ in range(3):
        qtbot.wait(20)
        QApplication.processEvents()


def at_text_size(qtbot, window, scale: float) -> None:
    for _ in range(PRESSES[scale]):
        window.larger_action.trigger()
        settle(qtbot)
    assert window.theme._scale == pytest.approx(scale)


def shown_whole(widget: QWidget) -> str | None:
    """Why ``widget`` is not wholly in view in its window (None when it is)."""
    if not widget.isVisible():
        return "hidden"
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(rect):
        return f"outside the window: {rect} in {window.rect()}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            shown = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
            if not shown.contains(rect):
                return f"cut off by {type(parent).__name__} {parent.accessibleName()!r}: {rect} in {shown}"
        parent = parent.parentWidget()
    return None


def assert_in_view(widgets: dict[str, QWidget]) -> None:
    problems = {name: why for name, w in widgets.items() if (why := shown_whole(w)) is not None}
    assert not problems


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_reconcile_keeps_its_controls_in_view(qtbot, window, scale):
    page = window.workshop_view.show_step("reconcile")
    at_text_size(qtbot, window, scale)
    assert window.width() <= 1366, "the window never grows wider than the laptop"
    for revealed in (False, True):
        page.set_revealed(revealed)
        settle(qtbot)
        controls = {
            "reveal": page.reveal_button,
            "previous": page.previous_button,
            "next": page.next_button,
            "clear": page.clear_button,
            "rationale": page.rationale_edit,
            "reservations": page.reservations_check,
            "keys": page.agreement_box.keys_label,
        }
        controls |= {f"level {i + 1}": b for i, b in enumerate(page.level_buttons)}
        assert_in_view(controls)
    # The rationale has room for a few lines, not a sliver.
    assert page.rationale_edit.height() >= 2.5 * page.rationale_edit.fontMetrics().lineSpacing()


def test_reconcile_layout_does_not_jump_when_the_suggestion_comes_and_goes(qtbot, window, services, demo_id):
    page = window.workshop_view.show_step("reconcile")
    page.ctx.apply(services.scores.clear_workshop_agreed(demo_id))  # as every writer's change does
    page.set_workshop(demo_id)
    settle(qtbot)
    page.set_revealed(False)
    settle(qtbot)
    before = page.rationale_edit.mapTo(window, QPoint(0, 0))
    page.set_revealed(True)  # the suggestion and its button appear
    settle(qtbot)
    assert page.accept_button.isVisible()
    assert page.rationale_edit.mapTo(window, QPoint(0, 0)) == before


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_final_scores_table_is_readable_and_its_controls_in_view(qtbot, window, scale):
    page = window.workshop_view.show_step("final")
    at_text_size(qtbot, window, scale)
    settle(qtbot)
    assert window.width() <= 1366
    table, model = page.table, page.model
    viewport = table.viewport().rect()
    rows_in_view = [r for r in range(model.rowCount()) if viewport.contains(table.visualRect(model.index(r, 0)))]
    if scale == 1.0:
        assert rows_in_view == list(range(model.rowCount())) == list(range(6)), "all six drivers at 100 %"
    else:
        assert rows_in_view, "at least one whole row, not a blank table"
        assert table.verticalScrollBar().maximum() > 0 or len(rows_in_view) == 6, "the rest scrolls"
    # Each row in view shows its driver's name: the row is no taller than the view and text is drawn
    # near its centre (a row taller than the view showed only blank cell backgrounds).
    line = table.fontMetrics().lineSpacing()
    for r in rows_in_view:
        rect = table.visualRect(model.index(r, 0))
        assert rect.height() <= 4 * line, f"row {r} is {rect.height()} px for {line} px lines"
        assert model.index(r, 0).data()
    assert_in_view({"table": table.viewport(), "target level": page.target_level_combo})
    if scale == 1.0:  # the target box shows a few lines, the rest of the details scroll
        edit = page.target_edit
        top = edit.mapTo(page.detail_scroll.viewport(), QPoint(0, 0)).y()
        shown = min(edit.height(), page.detail_scroll.viewport().height() - top)
        assert top >= 0 and shown >= 2 * edit.fontMetrics().lineSpacing()


def test_target_column_keeps_a_readable_width_at_large_text(qtbot, window):
    page = window.workshop_view.show_step("final")
    at_text_size(qtbot, window, 1.6)
    settle(qtbot)
    width = page.table.columnWidth(page.model.COL_TARGET)
    assert width >= 15 * page.table.fontMetrics().averageCharWidth()
    header = page.table.horizontalHeader()
    assert header.height() <= 5 * header.fontMetrics().lineSpacing(), "the heading is not a tall column of words"
    assert page.model.index(0, page.model.COL_TARGET).data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_room_display_at_1366x768_leaves_the_distribution_room(qtbot, window, scale):
    page = window.workshop_view.show_step("reconcile")
    at_text_size(qtbot, window, scale)
    room = page.open_room_display()
    room.resize(1366, 768)  # a projector at the laptop's resolution
    page.set_revealed(True)
    settle(qtbot)
    assert room.size().width() == 1366 and room.size().height() == 768
    assert_in_view({f"card {c.level}": c for c in room.cards.cards} | {"summary": room.summary_label})
    assert room.chart.height() >= 0.3 * room.height(), "the distribution is not squeezed under the descriptors"
    room.close()
