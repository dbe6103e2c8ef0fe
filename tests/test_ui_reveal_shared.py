"""What Reconcile has revealed is shared with Final scores: nothing resting on an element's
individual scores shows on any step before Reconcile reveals it; opening the workshop again
hides everything again. The anonymous labels of "By person" are drawn at random per opening."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.reveal import RevealState
from jcs_desktop.ui.final_scores.models import HIDDEN_TEXT, HIDDEN_TIP
from jcs_desktop.ui.reconcile.models import Anonymity

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)


def open_window(qtbot, ctx: AppContext, workshop_id: int):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_workshop(workshop_id)
    return window


def key(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None, "the keys go where the focus is"
    qtbot.keyClick(widget, key, modifiers)


def row_texts(final, driver_id: str) -> str:
    """Everything the table says of a driver, in every role a reader or a screen reader gets."""
    model = final.model
    row = model.driver_ids().index(driver_id)
    return "\n".join(str(model.index(row, c).data(role) or "") for c in range(model.columnCount()) for role in ROLES)


def individual_figures(result) -> list[str]:
    """Strings that would give a driver's individual scores away: its mean, basis and gap."""
    figures = [result.mean_basis()]
    if result.individual_totals.mean is not None:
        figures.append(f"{result.individual_totals.mean:.1f}")
    if result.gap is not None:
        figures.append(f"{result.gap:+.1f}")
    return figures


def assert_hidden(final, result) -> None:
    model = final.model
    row = model.driver_ids().index(result.driver_id)
    assert model.index(row, model.COL_MEAN).data() == HIDDEN_TEXT
    assert model.index(row, model.COL_MEAN).data(Qt.ItemDataRole.ToolTipRole) == HIDDEN_TIP
    assert model.index(row, model.COL_MEAN).data(Qt.ItemDataRole.BackgroundRole) is None, "no band colour"
    texts = row_texts(final, result.driver_id)
    for figure in individual_figures(result):
        assert figure not in texts
    assert "Closest to moving:" not in texts
    chart = next(d for d in final.chart_drivers() if d.driver_id == result.driver_id)
    assert chart.mean is None and chart.mean_hidden and not chart.mean_basis
    assert all(v is None for v in chart.by_sector.values())
    index = final.model.driver_ids().index(result.driver_id)
    tick = dict(final.bars.tick_labels())[index]
    assert "mean hidden" in tick and "from" not in tick
    for series in final.radar.series():
        if series.name != "Agreed total":
            assert series.values.get(result.driver_id) is None, series.name
    final.select_driver(result.driver_id)
    assert "individual mean" not in final.closest_label.text()


def assert_shown(final, result) -> None:
    model = final.model
    row = model.driver_ids().index(result.driver_id)
    text = model.index(row, model.COL_MEAN).data()
    assert text.startswith(f"{result.individual_totals.mean:.1f} (level {result.mean_band})")
    assert text.endswith(result.mean_basis())
    chart = next(d for d in final.chart_drivers() if d.driver_id == result.driver_id)
    assert chart.mean == result.individual_totals.mean and not chart.mean_hidden


def test_final_scores_show_a_drivers_individual_figures_only_once_reconcile_revealed_it(
    qtbot, services, demo_id, monkeypatch
):
    fw = services.framework
    ctx = AppContext(services)
    window = open_window(qtbot, ctx, demo_id)
    view = window.workshop_view
    final = view.page("final")  # made before anything is revealed: it follows the reveals as they come
    results = services.scores.results(demo_id)
    for r in results.drivers:
        assert_hidden(final, r)

    reconcile = view.show_step("reconcile")
    view.steps.setFocus()
    qtbot.waitUntil(view.steps.hasFocus)
    first = fw.drivers[0]
    assert reconcile.current_element == first.elements[0].id
    for element in first.elements:
        assert reconcile.current_element == element.id
        key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert reconcile.revealed
        key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert reconcile.current_element == fw.drivers[1].elements[0].id

    final = view.show_step("final")
    assert_shown(final, results.driver(first.id))
    final.select_driver(first.id)
    for r in results.drivers[1:]:
        assert_hidden(final, r)

    # Every element but one of the second driver: still hidden, the last one could be worked out.
    view.show_step("reconcile")
    for _element in fw.drivers[1].elements[:-1]:
        key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert_hidden(view.page("final"), results.driver(fw.drivers[1].id))

    # Reveal every element at once, after saying yes.
    asked: list[str] = []

    def answer(_parent, title, _text, *_args):
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked and reconcile.revealed
    final = view.show_step("final")
    for r in results.drivers:
        assert_shown(final, r)

    # Opening the workshop again hides everything again, on both steps.
    window.open_workshop(demo_id)
    final = view.page("final")
    for r in results.drivers:
        assert_hidden(final, r)
    assert not view.page("reconcile").revealed
    assert ctx.reveal.revealed == frozenset()


def test_reveal_all_asks_first_and_a_no_reveals_nothing(qtbot, services, demo_id, monkeypatch):
    ctx = AppContext(services)
    window = open_window(qtbot, ctx, demo_id)
    reconcile = window.workshop_view.show_step("reconcile")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Cancel))
    reconcile.reveal_all_action.trigger()
    assert ctx.reveal.revealed == frozenset() and not reconcile.revealed


def test_group_consensus_route_hides_nothing(qtbot, services):
    from jcs_desktop.ui.final_scores.page import FinalScoresPage

    wid = services.workshops.create({"title": "Together", "route": "consensus"}).previous.id
    ctx = AppContext(services)
    page = FinalScoresPage(ctx)
    qtbot.addWidget(page)
    page.set_workshop(wid)
    for row in range(page.model.rowCount()):
        assert page.model.index(row, page.model.COL_MEAN).data() == "– (from 0 of 0)"
    assert not any(d.mean_hidden for d in page.chart_drivers())


# --- anonymous labels -------------------------------------------------------------------------------


def by_person_labels(reconcile) -> list[str]:
    return reconcile.scores_stack.people_model.row_labels()


def test_by_person_labels_are_not_in_entry_order_and_stay_while_open(qtbot, services, demo_id):
    ctx = AppContext(services)
    ctx.reveal = RevealState(on_change=ctx.reveal_changed.emit, rng=random.Random(7))
    window = open_window(qtbot, ctx, demo_id)
    view = window.workshop_view
    reconcile = view.show_step("reconcile")
    reconcile.set_anonymity(Anonymity.LETTERS)
    view.steps.setFocus()
    qtbot.waitUntil(view.steps.hasFocus)
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    reconcile.scores_stack.tabs.setCurrentIndex(2)
    shown = by_person_labels(reconcile)
    people = services.participants.list(demo_id)
    assert sorted(shown) == sorted(f"P{n}" for n in range(1, len(people) + 1))
    # In entry order the labels would run P1, P2… within each sector, in the order people were added.
    in_entry_order = [p.anonymous_label for p in sorted(people, key=lambda p: (p.sector.casefold(), p.position))]
    assert shown != in_entry_order
    labels = ctx.reveal.anonymous_labels(p.id for p in people)
    assert labels != {p.id: p.anonymous_label for p in people}
    # Each sector's rows follow the random labels, so the row order tells nothing of the entry order.
    for sector in {p.sector for p in people}:
        rows = [p for p in people if p.sector == sector]
        ordered = sorted(rows, key=lambda p: int(labels[p.id][1:]))
        assert [labels[p.id] for p in ordered] == [x for x in shown if x in {labels[p.id] for p in rows}]

    # The same while the workshop is open: next element, another view and back, another step and back.
    key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    reconcile.set_anonymity(Anonymity.NAMES)
    reconcile.set_anonymity(Anonymity.LETTERS)
    view.show_step("final")
    view.show_step("reconcile")
    assert by_person_labels(reconcile) == shown
    assert ctx.reveal.anonymous_labels(p.id for p in people) == labels

    # Opened again: drawn again.
    window.open_workshop(demo_id)
    assert ctx.reveal.anonymous_labels(p.id for p in people) != labels


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True), st.integers(0, 10), st.randoms())
def test_anonymous_labels_are_a_stable_permutation(ids, extra, rng):
    state = RevealState(rng=rng)
    state.open(1)
    labels = state.anonymous_labels(ids)
    assert sorted(labels.values(), key=lambda x: int(x[1:])) == [f"P{n}" for n in range(1, len(ids) + 1)]
    newcomers = [max(ids) + n for n in range(1, extra + 1)]
    later = state.anonymous_labels(ids + newcomers)
    assert {p: later[p] for p in ids} == labels, "nobody's label changes while the workshop is open"
    assert {later[p] for p in newcomers} == {f"P{n}" for n in range(len(ids) + 1, len(ids) + extra + 1)}


def test_reveal_state_resets_on_opening_and_tells_every_page():
    calls: list[int] = []
    state = RevealState(on_change=lambda: calls.append(1))
    state.open(3)
    assert state.reveal("1.1") and not state.reveal("1.1")
    assert state.all_revealed(["1.1"]) and not state.all_revealed(["1.1", "1.2"])
    state.ensure_open(3)
    assert state.revealed == {"1.1"}, "a page made later keeps what is revealed"
    state.open(3)
    assert state.revealed == frozenset()
    assert len(calls) == 3
