"""The planning pages on a 1366×768 laptop at 100 %, 140 % and 160 % text: rows, headings and controls in view."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from jcs_desktop.ui.commands.planning import CreateAction
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.tables import date_column_width

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 23)
LONG = "Agree with every partner, provider and the people who use services what the plan must deliver "
ROWS_IN_VIEW = {1.0: 4, 1.4: 3, 1.6: 3}
"""Action plan rows wholly in view, at least, with six long actions."""


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def window(qtbot, services, demo_id):
    from jcs_desktop.ui.shell.main_window import MainWindow

    ctx = AppContext(services)
    for _ in range(3):
        ctx.push(
            CreateAction(
                ctx, demo_id, "Add an action", fields={"achieve": LONG * 2, "so_that": LONG, "involving": LONG}
            )
        )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_workshop(demo_id)
    for step in STEPS:
        window.workshop_view.page(step.key)
    yield window
    window.theme.apply(scale=1.0, high_contrast=False)


def _settle(qtbot) -> None:
    for _ in range(3):
        qtbot.wait(20)
        QApplication.processEvents()


def _show(qtbot, window, scale: float, step: str, item=None) -> QWidget:
    window.theme.apply(scale=scale, high_contrast=False)
    window.resize(1366, 768)
    page = window.workshop_view.go_to(step, item)
    _settle(qtbot)
    assert window.width() <= 1366 and window.height() <= 768, "the page made the window larger than the screen"
    return page


def wholly_in_view(widget: QWidget, window: QWidget) -> bool:
    """Shown, inside the window, and not clipped by a scroll area or a splitter."""
    if not widget.isVisible():
        return False
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.rect().contains(rect) and widget.visibleRegion().boundingRect() == widget.rect()


def rows_in_view(table) -> int:
    height = table.viewport().height()
    rows = range(table.model().rowCount())
    return sum(
        1
        for r in rows
        if table.rowViewportPosition(r) >= 0 and table.rowViewportPosition(r) + table.rowHeight(r) <= height
    )


def headings_whole(table) -> None:
    header = table.horizontalHeader()
    for section in range(header.count()):
        assert header.heading_height(section) <= header.height(), header.model().headerData(
            section, header.orientation()
        )


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_action_plan_fits_at_every_text_size(qtbot, services, demo_id, window, scale):
    actions = services.planning.actions(demo_id)
    page = _show(qtbot, window, scale, "actions", actions[0].id)
    table = page.table
    assert len(actions) == 6
    assert rows_in_view(table) >= ROWS_IN_VIEW[scale]
    assert not table.horizontalScrollBar().isVisible()
    headings_whole(table)
    by_when = page.model.column_of("by_when")
    assert table.columnWidth(by_when) >= date_column_width(table, flagged=True)  # "2 Dec 2026" whole, with its flag
    for control in (page.add_button, page.delete_button, page.filter, table):
        assert wholly_in_view(control, window), control.text() if hasattr(control, "text") else control
    # Long cells are cut, not the row stretched: the full text is in the tooltip.
    long_row = page.index_for(actions[3].id, "achieve")
    assert table.rowHeight(long_row.row()) <= table.max_row_height
    assert long_row.data(0x03) == LONG * 2 or LONG.strip() in long_row.data(0x03)


@pytest.mark.parametrize("scale", [1.0, 1.6])
def test_a_flag_appearing_does_not_move_the_table(qtbot, services, demo_id, window, scale):
    actions = services.planning.actions(demo_id)
    page = _show(qtbot, window, scale, "actions", actions[0].id)
    top = page.table.mapTo(window, QPoint(0, 0)).y()
    assert page.proxy.setData(page.index_for(actions[1].id, "by_when"), QDate(2026, 1, 31))
    _settle(qtbot)
    assert page.flags_label.isVisible() and "Action 2" in page.flags_label.toolTip()
    assert page.table.mapTo(window, QPoint(0, 0)).y() == top


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_delivery_sheet_fits_at_every_text_size(qtbot, services, demo_id, window, scale):
    action = services.planning.actions(demo_id)[0]
    assert len(action.review_points) >= 2
    page = _show(qtbot, window, scale, "delivery", action.id)
    for control in (page.list, page.editors["lead"], page.editors["purpose"], page.add_point, page.table):
        assert wholly_in_view(control, window), control.accessibleName() or control
    assert rows_in_view(page.table) >= (2 if scale == 1.0 else 1)
    assert page.table.viewport().height() >= 2 * page.table.verticalHeader().minimumSectionSize()
    headings_whole(page.table)
    assert not page.table.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("scale", [1.0, 1.4, 1.6])
def test_detailed_assessment_fits_at_every_text_size(qtbot, services, demo_id, window, scale):
    priorities = services.planning.priority_drivers(demo_id)
    element = services.framework.driver(priorities[0]).elements[0]
    page = window.workshop_view.page("detailed")
    page.select(element.id)
    page = _show(qtbot, window, scale, "detailed")
    sheet = page._sheet
    assert sheet is not None
    assert wholly_in_view(page.tree, window)
    assert not page.scroll.horizontalScrollBar().isVisible(), "the element sheet scrolls sideways"
    for control in (sheet.refined, sheet.notes):
        assert wholly_in_view(control, window), control.accessibleName()
