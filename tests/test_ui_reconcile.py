"""The reconciliation page, driven through its widgets: reveal, anonymity, agreement, order, timer, room display.

The end-to-end check that agreeing scores here gives the seed's totals and bands for every
driver is in this file too, since it is the reconcile widgets that do the agreeing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from jcs_desktop.domain.scoring import suggested_level
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.final_scores.models import BAND_REACHED_ROLE
from jcs_desktop.ui.final_scores.page import FinalScoresPage
from jcs_desktop.ui.reconcile.models import Anonymity, Order
from jcs_desktop.ui.reconcile.page import ReconcilePage

ROOT = Path(__file__).resolve().parent.parent

# The offscreen platform cannot pass size hints to, or raise, a top-level window; it says so as a
# warning when a shown page's minimum size changes. That is the test platform's limit, not the app's.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support propagateSizeHints\(\)", r"This plugin does not support raise\(\)"
)

# The seed's "The final scores" table, as the workbook prints it.
SEED_BANDS = {
    "Building partnerships": [(5, 10), (11, 14), (15, 17), (18, 20)],
    "Encouraging innovation": [(5, 7), (8, 12), (13, 15), (16, 20)],
    "Maximising use of resources": [(5, 9), (10, 13), (14, 17), (18, 20)],
    "Understanding the market": [(5, 7), (8, 14), (15, 17), (18, 20)],
    "Creating viable market conditions": [(5, 9), (10, 13), (14, 16), (17, 20)],
    "Commissioning and contracting": [(5, 11), (12, 14), (15, 17), (18, 20)],
}


@pytest.fixture
def ctx(services, tmp_path, qapp):
    return AppContext(services)


@pytest.fixture
def page(ctx, qtbot, demo_id):
    widget = ReconcilePage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.set_workshop(demo_id)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_element(qtbot, page: ReconcilePage, element_id: str) -> None:
    view = page.element_view
    index = page.element_model.index(page.element_model.row_of(element_id), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert page.current_element == element_id


def all_texts(model) -> list[str]:
    """Every string a model gives for the roles a person or a screen reader can see."""
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
    texts = []
    for role in roles:
        for c in range(model.columnCount()):
            texts.append(model.headerData(c, Qt.Orientation.Horizontal, role))
        for r in range(model.rowCount()):
            texts.append(model.headerData(r, Qt.Orientation.Vertical, role))
            for c in range(model.columnCount()):
                texts.append(model.data(model.index(r, c), role))
    return [str(t) for t in texts if t is not None]


def label_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def levels_for_total(total: int, count: int = 5, top: int = 4) -> list[int]:
    """Levels 1..top for ``count`` elements adding up to ``total``, filled element by element."""
    levels = [1] * count
    extra = total - count
    for i in range(count):
        step = min(top - 1, extra)
        levels[i] += step
        extra -= step
    assert extra == 0 and sum(levels) == total
    return levels


# --- reveal ---------------------------------------------------------------------------------------


def test_scores_are_hidden_until_revealed_and_hidden_again_for_the_next_element(page, qtbot, services, demo_id):
    stats = services.scores.results(demo_id).elements[page.current_element]
    assert not page.revealed
    assert page.scores_stack.currentWidget() is page.hidden_label
    assert page.people_model.rowCount() == 0 and page.sector_model.rowCount() == 0
    assert page.chart.message_shown
    assert not page.feed.view.revealed and page.feed.view.counts == {}
    assert "Suggested" not in page.suggestion_label.text()

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.revealed
    assert page.scores_stack.currentWidget() is page.tabs
    assert page.people_model.rowCount() == 12
    assert page.sector_model.rowCount() == 2 + len(stats.by_sector)
    assert page.chart.counts() == stats.overall.counts
    assert page.feed.view.revealed and page.feed.view.counts == stats.overall.counts
    assert f"{stats.overall.n} people" in page.stats_label.text()

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert not page.revealed
    assert page.people_model.rowCount() == 0
    assert page.feed.view.counts == {}

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.revealed
    page.step_element(1)
    assert not page.revealed, "a new element starts hidden"
    assert page.people_model.rowCount() == 0


def test_reveal_shortcut(page, qtbot):
    page.activateWindow()
    page.element_view.setFocus()
    qtbot.waitUntil(lambda: page.element_view.hasFocus())
    qtbot.keyClick(page.element_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.revealed
    qtbot.keyClick(page.element_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not page.revealed


def test_reopening_a_workshop_hides_the_scores(page, qtbot, demo_id):
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    page.set_workshop(demo_id)
    assert not page.revealed
    assert not page.reveal_button.isChecked()


# --- anonymity -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [Anonymity.LETTERS, Anonymity.SECTORS])
def test_anonymous_views_show_no_names(page, qtbot, services, demo_id, mode):
    people = services.participants.list(demo_id)
    secrets = {p.display_name for p in people} | {p.organisation for p in people}
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)

    page.set_anonymity(Anonymity.NAMES)
    named = all_texts(page.people_model)
    assert any(p.display_name in named for p in people), "names mode shows names (so this test can fail)"

    page.set_anonymity(mode)
    assert page.anonymity is mode
    seen = all_texts(page.people_model) + all_texts(page.sector_model) + all_texts(page.element_model)
    seen += label_texts(page)
    leaked = {s for s in secrets for text in seen if s and s in text}
    assert not leaked
    headers = page.people_model.row_labels()
    expected = sorted(p.anonymous_label if mode is Anonymity.LETTERS else p.sector for p in people)
    assert sorted(headers) == expected


def test_anonymity_choice_is_remembered(ctx, qtbot, demo_id):
    first = ReconcilePage(ctx)
    qtbot.addWidget(first)
    first.set_anonymity(Anonymity.SECTORS)
    second = ReconcilePage(ctx)
    qtbot.addWidget(second)
    assert second.anonymity is Anonymity.SECTORS


def test_room_display_follows_the_page_and_never_names_anyone(page, qtbot, services, demo_id):
    people = services.participants.list(demo_id)
    secrets = {p.display_name for p in people} | {p.organisation for p in people} | {p.sector for p in people}
    page.set_anonymity(Anonymity.NAMES)
    qtbot.mouseClick(page.room_button, Qt.MouseButton.LeftButton)
    room = page.room_window
    assert room is not None and room.isVisible()
    assert room.isWindow()
    element = services.framework.element(page.current_element)
    assert room.title_label.text() == element.title
    assert [c.text.text() for c in room.cards.cards] == element.descriptors
    assert room.chart.message_shown, "hidden until the facilitator reveals"

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    stats = services.scores.results(demo_id).elements[page.current_element]
    assert not room.chart.message_shown
    assert room.chart.counts() == stats.overall.counts
    texts = label_texts(room)
    assert not {s for s in secrets for t in texts if s and s in t}

    page.step_element(1)
    assert room.title_label.text() == services.framework.element(page.current_element).title
    assert room.chart.message_shown

    room.close()
    assert not page.room_button.isChecked()
    assert page.room_window is None


def test_room_display_shortcut(page, qtbot):
    page.activateWindow()
    page.element_view.setFocus()
    qtbot.waitUntil(lambda: page.element_view.hasFocus())
    qtbot.keyClick(page.element_view, Qt.Key.Key_F5)
    assert page.room_window is not None and page.room_window.isVisible()
    page.room_window.close()


# --- agreeing --------------------------------------------------------------------------------------


def test_the_median_is_only_a_suggestion_until_confirmed(page, qtbot, services, demo_id):
    page.ctx.apply(services.scores.clear_workshop_agreed(demo_id))  # as every writer's change does
    page.set_workshop(demo_id)
    eid = page.current_element
    stats = services.scores.results(demo_id).elements[eid]
    median = suggested_level(stats)
    assert not page.accept_button.isVisible(), "no suggestion before the reveal"
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert "Suggested" in page.suggestion_label.text()
    assert page.cards.cards[median - 1].state == "suggested"
    assert page.accept_button.isVisible()
    assert services.scores.get_agreed(demo_id, eid) is None

    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert services.scores.get_agreed(demo_id, eid).level == median
    assert page.cards.cards[median - 1].state == "agreed"
    assert "Suggested" not in page.suggestion_label.text()
    assert not page.accept_button.isVisible()
    assert page.level_buttons[median - 1].isChecked()

    page.ctx.undo_stack.undo()
    assert services.scores.get_agreed(demo_id, eid) is None


def test_rationale_reservations_and_dissent_are_saved_and_undoable(page, qtbot, services, demo_id):
    page.ctx.apply(services.scores.clear_workshop_agreed(demo_id))  # as every writer's change does
    page.set_workshop(demo_id)
    eid = page.current_element
    assert not page.rationale_edit.isEnabled(), "a rationale needs an agreed level first"
    qtbot.mouseClick(page.level_buttons[2], Qt.MouseButton.LeftButton)
    assert services.scores.get_agreed(demo_id, eid).level == 3

    page.rationale_edit.setFocus()
    qtbot.keyClicks(page.rationale_edit, "Housing sees more joint work than the NHS does")
    page.element_view.setFocus()  # leaving the box saves it
    qtbot.waitUntil(lambda: services.scores.get_agreed(demo_id, eid).rationale != "")
    assert services.scores.get_agreed(demo_id, eid).rationale == "Housing sees more joint work than the NHS does"

    box = page.reservations_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on the tick box
    assert services.scores.get_agreed(demo_id, eid).with_reservations
    assert page.dissent_edit.isEnabled()
    page.dissent_edit.setFocus()
    qtbot.keyClicks(page.dissent_edit, "Providers think level 2")
    qtbot.keyClick(page.dissent_edit, Qt.Key.Key_Return)
    assert services.scores.get_agreed(demo_id, eid).reservation_note == "Providers think level 2"

    page.ctx.undo_stack.undo()
    assert services.scores.get_agreed(demo_id, eid).reservation_note == ""
    page.ctx.undo_stack.undo()
    assert not services.scores.get_agreed(demo_id, eid).with_reservations
    assert not page.reservations_check.isChecked()
    page.ctx.undo_stack.undo()
    assert services.scores.get_agreed(demo_id, eid).rationale == ""
    assert page.rationale_edit.toPlainText() == ""


def test_clicking_the_agreed_level_again_keeps_it(page, qtbot, services, demo_id):
    eid = page.current_element
    level = services.scores.get_agreed(demo_id, eid).level
    depth = page.ctx.undo_stack.count()
    qtbot.mouseClick(page.level_buttons[level - 1], Qt.MouseButton.LeftButton)
    assert page.level_buttons[level - 1].isChecked()
    assert page.ctx.undo_stack.count() == depth
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert services.scores.get_agreed(demo_id, eid) is None
    assert not any(b.isChecked() for b in page.level_buttons)


def test_agreeing_through_the_widgets_gives_the_seed_totals_and_bands(ctx, qtbot, services, demo_id):
    services.scores.clear_workshop_agreed(demo_id)
    reconcile = ReconcilePage(ctx)
    final = FinalScoresPage(ctx)
    for w in (reconcile, final):
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.set_workshop(demo_id)
    final.show()  # on screen beside Reconcile (a hidden page catches up when shown instead)
    reconcile.show()
    qtbot.waitExposed(reconcile)
    fw = services.framework
    model = final.model
    assert {d.title for d in fw.drivers} == set(SEED_BANDS)

    # Nothing agreed: every driver says how many are scored, never a total.
    for row in range(model.rowCount()):
        assert model.index(row, model.COL_TOTAL).data() == "0 of 5 scored"
        assert not any(model.index(row, model.band_column(b)).data(BAND_REACHED_ROLE) for b in range(1, 5))

    for row, driver in enumerate(fw.drivers):
        bands = SEED_BANDS[driver.title]
        assert [model.index(row, model.band_column(b)).data() for b in range(1, 5)] == [
            f"{lo}–{hi}" for lo, hi in bands
        ]
        # Part-way through a driver there is still no total.
        for element in driver.elements[:3]:
            click_element(qtbot, reconcile, element.id)
            qtbot.mouseClick(reconcile.level_buttons[0], Qt.MouseButton.LeftButton)
        assert model.index(row, model.COL_TOTAL).data() == "3 of 5 scored"
        assert model.index(row, model.COL_NEXT).data() == "–"
        for band, (low, high) in enumerate(bands, start=1):
            for total in sorted({low, high}):
                for element, level in zip(driver.elements, levels_for_total(total), strict=True):
                    record = services.scores.get_agreed(demo_id, element.id)
                    if record is None or record.level != level:
                        click_element(qtbot, reconcile, element.id)
                        qtbot.mouseClick(reconcile.level_buttons[level - 1], Qt.MouseButton.LeftButton)
                assert model.index(row, model.COL_TOTAL).data() == str(total), (driver.title, total)
                reached = [b for b in range(1, 5) if model.index(row, model.band_column(b)).data(BAND_REACHED_ROLE)]
                assert reached == [band], (driver.title, total)
                result = services.scores.results(demo_id).driver(driver.id)
                assert (result.agreed.total, result.agreed_band) == (total, band)
                radar = {s.name: s.values for s in final.radar.series()}
                assert radar["Agreed total"][driver.id] == total, "charts follow at once"


# --- order, navigation, timer -------------------------------------------------------------------------


def reveal(qtbot, page: ReconcilePage, element_id: str) -> None:
    click_element(qtbot, page, element_id)
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.revealed


def test_divergence_order_sorts_only_the_revealed_elements(page, qtbot, services, demo_id):
    results = services.scores.results(demo_id)
    workbook = services.framework.element_ids()
    page.set_order(Order.DIVERGENCE)
    assert page.element_model.element_ids() == workbook, "nothing revealed: sorting would give the spreads away"
    assert "revealed" in page.order_combo.currentText(), "the screen says what the order rests on"

    # Reveal a few elements whose spreads differ; they come first, largest spread first, the rest
    # stay in workbook order.
    by_range: dict[int, str] = {}
    for e in workbook:
        by_range.setdefault(results.elements[e].overall.range, e)
    chosen = [by_range[r] for r in sorted(by_range)]
    assert len(chosen) >= 2
    for e in chosen:
        reveal(qtbot, page, e)
    ids = page.element_model.element_ids()
    ranked = [s.element_id for s in results.divergent_elements() if s.element_id in chosen]
    assert ids[: len(chosen)] == ranked
    assert [results.elements[e].overall.range for e in ranked] == sorted((r for r in by_range), reverse=True)
    assert ids[len(chosen) :] == [e for e in workbook if e not in chosen]

    click_element(qtbot, page, ids[0])
    page.next_action.trigger()
    assert page.current_element == ids[1]
    page.previous_action.trigger()
    assert page.current_element == ids[0]
    page.set_order(Order.WORKBOOK)
    assert page.element_model.element_ids() == workbook
    assert page.current_element == ids[0], "changing the order keeps the element under discussion"


def test_timer_counts_down_into_overtime_and_restarts_per_element(page, qtbot):
    page.timer_minutes.setValue(1)
    qtbot.mouseClick(page.timer_button, Qt.MouseButton.LeftButton)
    assert page.timer.running
    assert page.timer_button.text() == "Pause timer"
    for _ in range(61):
        page.timer.tick()
    assert page.timer.overtime
    assert page.timer_label.text() == "+00:01"
    assert page.feed.view.timer_text == "+00:01" and page.feed.view.timer_overtime
    page.step_element(1)
    assert not page.timer.running and page.timer.elapsed == 0
    assert page.timer_label.text() == "01:00"


# --- status and models ----------------------------------------------------------------------------------


def test_step_status(page, services, demo_id):
    assert page.step_status().done
    page.ctx.apply(services.scores.clear_workshop_agreed(demo_id))  # as every writer's change does
    page.set_workshop(demo_id)
    status = page.step_status()
    assert not status.done
    assert status.summary.startswith("0 of 30 elements agreed")


@pytest.mark.parametrize("name", ["element_model", "sector_model", "people_model"])
def test_item_models(page, qtbot, qtmodeltester, name):
    # One model per test: the tester stays connected to every model it has checked.
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    model = getattr(page, name)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    page.set_order(Order.DIVERGENCE)
    page.set_anonymity(Anonymity.NAMES)
    page.step_element(1)  # hides the scores again: the heatmaps empty themselves
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_pages_do_not_import_pyqtgraph_until_a_chart_is_shown(tmp_path) -> None:
    code = f"""
import sys, datetime as dt
from PySide6.QtWidgets import QApplication
app = QApplication([])
from jcs_desktop.services import Services
from jcs_desktop.services.demo import create_demo_workshop
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.reconcile.page import ReconcilePage
from jcs_desktop.ui.final_scores.page import FinalScoresPage
services = Services.open("sqlite:///{tmp_path / "lazy.sqlite3"}")
wid = create_demo_workshop(services, today=dt.date(2026, 11, 23))
ctx = AppContext(services)
pages = [ReconcilePage(ctx), FinalScoresPage(ctx)]
for page in pages:
    page.set_workshop(wid)
assert "pyqtgraph" not in sys.modules, "pyqtgraph imported before any chart was shown"
pages[0].show()
pages[0].set_revealed(True)
app.processEvents()
assert "pyqtgraph" in sys.modules, "the distribution chart is built once shown"
services.close()
"""
    env = {
        "PYTHONPATH": str(ROOT / "src"),
        "QT_QPA_PLATFORM": "offscreen",
        "JCS_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)


def test_typing_in_progress_stays_with_its_element_when_moving_on(page, qtbot, services, demo_id):
    first = page.current_element
    page.rationale_edit.setFocus()
    page.rationale_edit.selectAll()
    qtbot.keyClicks(page.rationale_edit, "Typed for the first element")
    page.next_action.trigger()  # Alt+Right while still in the box
    second = page.current_element
    assert second != first
    assert services.scores.get_agreed(demo_id, first).rationale == "Typed for the first element"
    assert page.rationale_edit.toPlainText() == services.scores.get_agreed(demo_id, second).rationale

    box = page.reservations_check
    if not box.isChecked():
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert page.dissent_edit.isEnabled()
    page.dissent_edit.setFocus()
    qtbot.keyClicks(page.dissent_edit, "Dissent about the second")
    page.previous_action.trigger()
    assert page.current_element == first
    assert services.scores.get_agreed(demo_id, second).reservation_note == "Dissent about the second"
    assert page.dissent_edit.text() == services.scores.get_agreed(demo_id, first).reservation_note


def test_agree_level_shortcut(page, qtbot, services, demo_id):
    page.activateWindow()
    page.element_view.setFocus()
    qtbot.waitUntil(lambda: page.element_view.hasFocus())
    eid = page.current_element
    level = 4 if services.scores.get_agreed(demo_id, eid).level != 4 else 1
    qtbot.keyClick(page.element_view, Qt.Key(Qt.Key.Key_0 + level), Qt.KeyboardModifier.ControlModifier)
    assert services.scores.get_agreed(demo_id, eid).level == level


def test_a_workshop_with_nobody_yet(ctx, qtbot, services):
    wid = services.workshops.create({"title": "Empty"}).previous.id
    page = ReconcilePage(ctx)
    qtbot.addWidget(page)
    page.set_workshop(wid)
    page.show()
    assert page.current_element == services.framework.element_ids()[0]
    assert "0 of 0 people" in page.hidden_label.text()
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.chart.message_shown
    assert page.people_model.rowCount() == 0
    assert not page.accept_button.isVisible()
    qtbot.mouseClick(page.level_buttons[1], Qt.MouseButton.LeftButton)
    assert services.scores.get_agreed(wid, page.current_element).level == 2
    page.set_order(Order.DIVERGENCE)
    assert len(page.element_model.element_ids()) == 30
    page.set_workshop(None)
    assert page.current_element is None
    assert not page.step_status().done


# --- nothing of an element shows before it is revealed ---------------------------------------------


def test_revealing_one_element_shows_nothing_of_the_others(page, qtbot, services, demo_id):
    """Reveal 1.1 only, then walk every tab, cell, header and tooltip: no other element's scores."""
    from jcs_desktop.ui.reconcile.models import LEVEL_ROLE, SORT_ROLE

    fw = services.framework
    results = services.scores.results(demo_id)
    individual = services.scores.scores_for_workshop(demo_id)
    first = fw.drivers[0].elements[0].id
    assert page.current_element == first
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    others = [e.id for e in fw.drivers[0].elements[1:]]
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.BackgroundRole,
        LEVEL_ROLE,
    )

    # The heatmaps: every cell of an unrevealed element is the same hidden cell, whatever its scores.
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    for model, score_rows in (
        (page.sector_model, range(1, page.sector_model.rowCount())),
        (page.people_model, range(page.people_model.rowCount())),
    ):
        assert model.rowCount() > 0
        ids = model.element_ids()
        assert first in ids and set(others) <= set(ids)
        for element_id in others:
            column = ids.index(element_id)
            cells = {tuple(shown(model.index(r, column).data(role)) for role in roles) for r in score_rows}
            assert len(cells) == 1, f"{element_id}: cells differ, so they tell its scores"
            display, tip, *_ = next(iter(cells))
            assert display == "·" and "revealed" in tip
        # The revealed element's own cells do show its scores (so this test can fail).
        column = ids.index(first)
        assert any(model.index(r, column).data(LEVEL_ROLE) is not None for r in score_rows)
    # Nothing is kept in the models to be read some other way either.
    assert set(page.sector_model._stats) == {first}
    assert all(set(per) <= {first} for per in page.people_model._scores.values())
    assert any(individual[p].get(e) is not None for p in individual for e in others), "the others have scores"

    # The element list: no spread, no flag, no sort key for any other element.
    model = page.element_model
    for row in range(model.rowCount()):
        element_id = model.index(row, 0).data(ELEMENT_ID_ROLE_)
        spread = model.index(row, 1)
        if element_id == first:
            assert spread.data() != "·"
            continue
        assert spread.data() == "·", element_id
        assert "revealed" in spread.data(Qt.ItemDataRole.ToolTipRole)
        assert spread.data(SORT_ROLE) == -1
        assert spread.data(Qt.ItemDataRole.ForegroundRole) is None, "no divergence colour"
    divergent_hidden = [e for e, st in results.elements.items() if st.divergent and e != first]
    assert divergent_hidden, "some hidden elements are divergent (so the status could tell)"
    assert "divergent" not in page.step_status().summary or results.elements[first].divergent

    # The chart and the statistics are the revealed element's only; so is the room display.
    assert page.chart.counts() == results.elements[first].overall.counts
    assert page.feed.view.element_id == first


ELEMENT_ID_ROLE_ = Qt.ItemDataRole.UserRole + 1


def shown(value: object) -> str:
    """A model value as it would look: a brush by its colour."""
    from PySide6.QtGui import QBrush

    return value.color().name() if isinstance(value, QBrush) else str(value)


def test_a_revealed_element_stays_shown_in_the_heatmaps_of_the_next(page, qtbot, services, demo_id):
    fw = services.framework
    first, second = fw.drivers[0].elements[0].id, fw.drivers[0].elements[1].id
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    page.step_element(1)
    assert page.current_element == second and not page.revealed
    assert page.people_model.rowCount() == 0, "the new element starts hidden"
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    ids = page.people_model.element_ids()
    assert page.people_model.index(0, ids.index(first)).data() != "·"
    assert page.people_model.index(0, ids.index(fw.drivers[0].elements[2].id)).data() == "·"
    page.set_workshop(demo_id)  # opening the workshop again hides everything again
    page.set_order(Order.DIVERGENCE)
    assert page.element_model.element_ids() == fw.element_ids()


# --- keys -----------------------------------------------------------------------------------------


@pytest.fixture
def framed(ctx, qtbot, demo_id):
    """The page beside a list of steps that has the focus, as when the step has just been chosen."""
    from PySide6.QtWidgets import QHBoxLayout, QListWidget, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    steps = QListWidget(window)
    steps.addItems(["Prepare", "Score", "Reconcile"])
    page = ReconcilePage(ctx, window)
    row = QHBoxLayout(window)
    row.addWidget(steps)
    row.addWidget(page, 1)
    window.resize(1366, 768)
    page.set_workshop(demo_id)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    steps.setFocus()
    qtbot.waitUntil(steps.hasFocus)
    yield page, steps
    window.close()


def test_reveal_key_works_as_soon_as_the_page_opens(framed, qtbot):
    page, steps = framed
    qtbot.keyClick(steps, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.revealed, "Ctrl+R before anything on the page has had the focus"
    qtbot.keyClick(steps, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not page.revealed


def test_plain_digits_agree_in_the_element_list_and_zero_or_delete_clears(page, qtbot, services, demo_id):
    page.activateWindow()
    page.element_view.setFocus()
    qtbot.waitUntil(page.element_view.hasFocus)
    eid = page.current_element
    level = 3 if services.scores.get_agreed(demo_id, eid).level != 3 else 4
    qtbot.keyClick(page.element_view, Qt.Key(Qt.Key.Key_0 + level))
    assert page.current_element == eid, "the digit agrees; it does not jump to another element"
    assert services.scores.get_agreed(demo_id, eid).level == level
    assert page.level_buttons[level - 1].isChecked()
    qtbot.keyClick(page.element_view, Qt.Key.Key_0)
    assert services.scores.get_agreed(demo_id, eid) is None
    qtbot.keyClick(page.element_view, Qt.Key.Key_2)
    assert services.scores.get_agreed(demo_id, eid).level == 2
    qtbot.keyClick(page.element_view, Qt.Key.Key_Delete)
    assert services.scores.get_agreed(demo_id, eid) is None
    page.ctx.undo_stack.undo()
    assert services.scores.get_agreed(demo_id, eid).level == 2
    # The keys are on screen, beside the buttons.
    keys = page.agreement_box.keys_label
    assert keys.isVisible() and "1–4" in keys.text() and "0" in keys.text()


def test_digits_typed_in_the_rationale_stay_text(page, qtbot, services, demo_id):
    eid = page.current_element
    level = services.scores.get_agreed(demo_id, eid).level
    page.activateWindow()
    page.rationale_edit.setFocus()
    qtbot.waitUntil(page.rationale_edit.hasFocus)
    page.rationale_edit.selectAll()
    qtbot.keyClicks(page.rationale_edit, "3 of 4")
    qtbot.keyClick(page.rationale_edit, Qt.Key.Key_Delete)
    assert page.rationale_edit.toPlainText() == "3 of 4"
    assert services.scores.get_agreed(demo_id, eid).level == level


def test_previous_and_next_buttons(page, qtbot, services):
    ids = services.framework.element_ids()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.current_element == ids[1]
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.current_element == ids[0]


# --- the room display on a single screen -------------------------------------------------------------


def test_room_display_on_one_screen_opens_beside_the_main_window_and_remembers_where(ctx, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from jcs_desktop.ui.reconcile.room import SETTING_GEOMETRY, RoomDisplayWindow, RoomFeed

    ctx.settings.remove(SETTING_GEOMETRY)
    assert len(QGuiApplication.screens()) == 1
    screen = QGuiApplication.primaryScreen().availableGeometry()
    main = QWidget()  # the facilitator's window, on the left third of the only screen
    qtbot.addWidget(main)
    main.setGeometry(QRect(screen.left(), screen.top(), screen.width() // 3, screen.height() - 40))
    main.show()
    qtbot.waitExposed(main)
    feed = RoomFeed(main)

    room = RoomDisplayWindow(feed, 4, main, ctx.settings)
    room.place()
    qtbot.waitExposed(room)
    assert not room.isFullScreen()
    assert not room.frameGeometry().intersects(main.frameGeometry()), "the controls stay in view"
    assert screen.contains(room.geometry())
    assert room.placement_note == ""

    moved = QRect(screen.left() + 40, screen.top() + 30, 560, 480)
    room.setGeometry(moved)
    qtbot.wait(20)
    room.close()
    assert ctx.settings.value(SETTING_GEOMETRY) is not None
    again = RoomDisplayWindow(feed, 4, main, ctx.settings)
    again.place()
    qtbot.waitExposed(again)
    assert again.geometry() == moved, "opens where the facilitator left it"
    again.close()
    ctx.settings.remove(SETTING_GEOMETRY)


def test_room_display_with_no_room_beside_the_main_window_says_so(ctx, qtbot, demo_id):
    from PySide6.QtGui import QGuiApplication

    from jcs_desktop.ui.reconcile.room import SETTING_GEOMETRY

    ctx.settings.remove(SETTING_GEOMETRY)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    page = ReconcilePage(ctx)
    qtbot.addWidget(page)
    page.set_workshop(demo_id)
    page.setGeometry(screen)
    page.show()
    qtbot.waitExposed(page)
    room = page.open_room_display()
    assert not room.isFullScreen()
    assert room.width() * room.height() <= screen.width() * screen.height() // 2, "small, not over everything"
    assert room.frameGeometry().bottomRight() == screen.bottomRight() or screen.contains(room.frameGeometry())
    assert any("one screen" in m.lower() for m in messages)
    room.close()
    ctx.settings.remove(SETTING_GEOMETRY)
