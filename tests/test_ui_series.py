"""A follow-up workshop in the real window: last time's level hidden until reveal in Reconcile,
"Since last time" in Final scores, the Series column of the list, and attaching to a series."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from jcs_desktop.domain.progress import driver_progress

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def series_ids(services) -> list[int]:
    from jcs_desktop.services.demo import create_demo_series

    return create_demo_series(services, 3, today=dt.date(2026, 11, 23)).previous


def _visible_texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_last_times_level_shows_only_with_the_revealed_scores(qtbot, laptop_window, services, series_ids):
    window = laptop_window
    window.open_workshop(series_ids[2])
    page = window.workshop_view.show_step("reconcile")
    eid = page.current_element
    before = services.series.last_time(series_ids[2]).agreed[eid]
    assert "Last time (" not in _visible_texts(page)  # hidden with the scores: no anchoring
    assert page.scores_stack.last_time_label.text() == ""
    assert "Last time's agreed level shows with them" in page.scores_stack.hidden_label.text()
    qtbot.keyClick(window.workshop_view.steps, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.revealed
    qtbot.waitUntil(lambda: page.scores_stack.last_time_label.isVisible())
    text = page.scores_stack.last_time_label.text()
    assert "2025" in text and f"agreed level <b>{before}</b>" in text
    # The next element starts hidden again, last time's level with it.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.current_element != eid and not page.revealed
    assert not page.scores_stack.last_time_label.isVisible()
    assert "Last time (" not in _visible_texts(page)


def test_final_scores_since_last_time(qtbot, laptop_window, services, series_ids):
    window = laptop_window
    window.open_workshop(series_ids[0])
    page = window.workshop_view.show_step("final")
    assert not page.tabs.isTabVisible(page.since_tab)  # the first of its series: nothing to compare
    window.show_list()
    window.open_workshop(series_ids[2])
    page = window.workshop_view.show_step("final")
    assert page.tabs.isTabVisible(page.since_tab)
    page.tabs.setCurrentIndex(page.since_tab)
    qtbot.waitUntil(page.since.table.isVisible)
    fw = services.framework
    last = services.series.last_time(series_ids[2])
    now = {e: r.level for e, r in services.scores.agreed_for_workshop(series_ids[2]).items()}
    expected = driver_progress(fw, last.agreed, now, last.targets())
    model = page.since.model
    assert model.rowCount() == len(fw.drivers)
    for row, p in enumerate(expected):
        before = model.index(row, model.COL_BEFORE).data()
        assert before == f"{p.before.total} (level {p.before_band})"
        assert model.index(row, model.COL_NOW).data() == f"{p.now.total} (level {p.now_band})"
        assert p.change_text() in model.index(row, model.COL_CHANGE).data()
    assert "2025" in page.since.heading.text()
    # A level agreed now moves its driver's row at once.
    first = fw.drivers[0]
    eid = first.elements[0].id
    old = now[eid]
    new = 1 if old != 1 else 2
    page.ctx.apply(services.scores.set_agreed(series_ids[2], eid, new))
    changed = driver_progress(fw, last.agreed, {**now, eid: new}, last.targets())[0]
    assert model.index(0, model.COL_NOW).data() == f"{changed.now.total} (level {changed.now_band})"


def test_series_column_and_attaching_through_the_file_menu(qtbot, laptop_window, services, series_ids):
    window = laptop_window
    lone = services.workshops.create({"title": "Stand-alone", "partnership": "Northbridge Health and Care Partnership"})
    window.list_view.refresh()
    model = window.list_view.model
    texts = {model.record(r).id: model.index(r, model.SERIES).data() for r in range(model.rowCount())}
    assert [texts[i] for i in series_ids] == ["1 of 3", "2 of 3", "3 of 3"]
    assert texts[lone.previous.id] == ""

    assert window.list_view.select(lone.previous.id)
    window.series_action.trigger()
    dialog = window.series_dialog
    qtbot.waitExposed(dialog)
    # The last of the series comes first (same partnership, newest first); pick it with the keys.
    items = [dialog.list.item(i) for i in range(dialog.list.count())]
    target = next(i for i, item in enumerate(items) if item.data(Qt.ItemDataRole.UserRole) == series_ids[2])
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    for _ in range(target):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.workshops.get(lone.previous.id).follows_workshop_id == series_ids[2]
    qtbot.waitUntil(lambda: _series_text(model, lone.previous.id) == "4 of 4")
    window.undo_action.trigger()
    assert services.workshops.get(lone.previous.id).follows_workshop_id is None
    qtbot.waitUntil(lambda: _series_text(model, lone.previous.id) == "")


def test_a_loop_cannot_be_chosen(qtbot, laptop_window, services, series_ids):
    window = laptop_window
    window.list_view.refresh()
    assert window.list_view.select(series_ids[0])
    window.series_action.trigger()
    dialog = window.series_dialog
    qtbot.waitExposed(dialog)
    later = [
        dialog.list.item(i)
        for i in range(dialog.list.count())
        if dialog.list.item(i).data(Qt.ItemDataRole.UserRole) in series_ids[1:]
    ]
    assert len(later) == 2 and not any(item.flags() & Qt.ItemFlag.ItemIsEnabled for item in later)
    dialog.reject()


def _series_text(model, workshop_id: int) -> str:
    for r in range(model.rowCount()):
        if model.record(r).id == workshop_id:
            return model.index(r, model.SERIES).data()
    raise AssertionError(workshop_id)


def test_the_action_plan_marks_what_was_carried_forward(qtbot, laptop_window, services, series_ids):
    window = laptop_window
    window.open_workshop(series_ids[2])
    page = window.workshop_view.show_step("actions")
    actions = services.planning.actions(series_ids[2])
    assert actions and all(a.carried_from_action_id is not None for a in actions)  # the demo carries them
    model = page.model
    for row in range(model.rowCount()):
        assert model.headerData(row, Qt.Orientation.Vertical) == f"{row + 1} ↻"
        assert "Carried forward" in model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    # A new action of this workshop's own is not marked.
    page.ctx.apply(services.planning.create_action(series_ids[2], {"achieve": "Something new"}))
    last = model.rowCount() - 1
    assert model.headerData(last, Qt.Orientation.Vertical) == str(last + 1)
