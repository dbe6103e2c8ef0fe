"""The Score step and participant mode fit a 1366×768 laptop at 100 %, 140 % and 160 % text.

At each size the controls that matter must be on screen, whole: inside the window, not
squeezed below their smallest size, and not hidden behind the edge of a scroll area.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from jcs_desktop.ui.core.context import AppContext

SIZE = (1366, 768)
SCALES = (1.0, 1.4, 1.6)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def problems_with(widget: QWidget, window: QWidget, *, whole_size: bool = True) -> list[str]:
    """Why ``widget`` is not wholly in view in ``window`` (an empty list when it is)."""
    name = widget.accessibleName() or widget.objectName() or type(widget).__name__
    if hasattr(widget, "text") and callable(widget.text) and widget.text():
        name = f"{name} ({widget.text()!r})"
    if not widget.isVisibleTo(window):
        return [f"{name} is hidden"]
    found = []
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(rect):
        found.append(f"{name} at {rect.getRect()} leaves the window {window.rect().getRect()}")
    if whole_size:
        # Squeezed: smaller than both its smallest and its natural size (some widgets' natural
        # height is a pixel or two under their stated minimum).
        smallest = widget.minimumSizeHint().boundedTo(widget.sizeHint())
        if widget.width() < smallest.width() or widget.height() < smallest.height():
            found.append(f"{name} squeezed to {widget.width()}×{widget.height()} (needs {smallest.toTuple()})")
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            in_view = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
            if not parent.rect().contains(in_view):
                found.append(f"{name} is scrolled out of view at {in_view.getRect()} in {parent.rect().getRect()}")
        parent = parent.parentWidget()
    return found


def assert_in_view(window: QWidget, widgets, where: str, *, whole_size: bool = True) -> None:
    found = [p for w in widgets for p in problems_with(w, window, whole_size=whole_size)]
    assert not found, f"{where}:\n" + "\n".join(found)


@pytest.fixture
def ctx(services, tmp_path):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context.settings.setValue("scoring/timer", True)
    context.settings.setValue("scoring/notes", True)
    yield context
    context.undo_stack.clear()


@pytest.fixture
def demo(services):
    """The demo workshop (12 people), some of them part-way, with a PIN: (id, people, element order)."""
    from jcs_desktop.services.demo import create_demo_workshop

    workshop_id = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
    order = services.framework.element_ids()
    people = services.participants.list(workshop_id)
    for person, stop in zip(people[1::3], (6, 0, 14, 22), strict=False):
        services.scores.set_many(person.id, dict.fromkeys(order[stop:]))
    services.workshops.set_pin(workshop_id, "2468")
    return workshop_id, people, order


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
def test_the_score_page_fits(qtbot, ctx, demo, scale) -> None:
    from jcs_desktop.ui.shell.main_window import MainWindow

    workshop_id, _people, _order = demo
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.theme.apply(scale)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.open_workshop(workshop_id)
    page = window.workshop_view.show_step("score")
    settle()
    assert window.size().toTuple() == SIZE
    view = page.progress_view
    assert_in_view(window, [page.participant_button, page.grid_button, view, page.summary_label], "Score page")
    # Every column of the progress table is in view: nothing to scroll sideways to.
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width(), "the progress table is wider than its view"
    assert not view.horizontalScrollBar().isVisible()
    for column in (3, 4, 5):  # the counts and the status are never shortened
        text = view.model().index(1, column).data()
        assert view.fontMetrics().horizontalAdvance(text) <= header.sectionSize(column), (column, text)
    # The grid: the first rows and the columns of the first drivers are there to type into.
    page.show_grid(True)
    settle()
    grid = page.grid.view
    assert_in_view(window, [grid, page.grid_button], "facilitator grid")
    rows_in_view = grid.viewport().height() // grid.rowHeight(0)
    assert rows_in_view >= 6, f"only {rows_in_view} rows of the grid in view"
    assert grid.columnViewportPosition(9) + grid.columnWidth(9) <= grid.viewport().width()  # two drivers
    page.show_grid(False)


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
def test_participant_mode_screens_fit(qtbot, ctx, demo, scale) -> None:
    from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow
    from jcs_desktop.ui.widgets.theme import app_font

    workshop_id, people, order = demo
    QApplication.setFont(app_font(scale))
    window = ParticipantModeWindow(ctx, workshop_id)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    settle()
    where = f"at {round(scale * 100)} %"

    # The names: all twelve in view at once, none pushed sideways.
    picker = window.picker
    assert not picker._scroll.horizontalScrollBar().isVisible()
    assert_in_view(window, picker.buttons, f"name picker {where}", whole_size=False)
    assert_in_view(window, [window.facilitator_button], f"name picker {where}")

    # The PIN screen for someone who has started.
    window.pick(people[1].id)
    settle()
    reentry = window.reentry
    keys = list(reentry.pad.buttons.values())
    assert_in_view(window, [reentry.pin_edit, *keys, reentry.cancel_button, reentry.continue_button], f"PIN {where}")

    # The element card: four levels, not sure, Back and Next, the note and the top bar.
    window.enter(people[1].id)
    window.start()
    settle()
    card = window.card
    controls = [*card.cards, card.not_sure_button, card.back_button, card.next_button, card.text_edit]
    assert_in_view(window, controls, f"element card {where}")
    assert_in_view(window, [window.my_scores_button, window.facilitator_button, window.timer], f"top bar {where}")
    label = window.timer.label
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width(), "the timer's text is cut"

    # Your scores: every element in view at once, with both ways on.
    window.show_summary()
    settle()
    summary = window.summary
    assert len(summary.rows) == len(order)
    assert not summary._scroll.horizontalScrollBar().isVisible()
    assert_in_view(window, summary.rows, f"your scores {where}", whole_size=False)
    assert_in_view(window, [summary.back_button, summary.finish_button], f"your scores {where}")
    for row in summary.rows:
        assert row.height() >= row.smallest_height()

    # The warning about open elements, the hand-over and the facilitator's way out.
    window.finish()
    settle()
    assert window.current_page() is window.unanswered
    assert_in_view(window, [window.unanswered.back_button, window.unanswered.finish_button], f"warning {where}")
    window.hand_over()
    settle()
    assert_in_view(window, [window.handover.next_button], f"hand-over {where}")
    window.request_exit()
    settle()
    exit_page = window.exit_page
    assert_in_view(window, [exit_page.pin_edit, exit_page.leave_button, exit_page.cancel_button], f"leaving {where}")
    window.leave()
