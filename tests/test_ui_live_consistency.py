"""Every view shows what a fresh load would show, whatever happened before.

A hypothesis state machine drives the real main window with every step page built: scores
with notes, agreements, driver plans, detailed assessments, actions, participants and score
imports, pushed as the window's own undoable commands or arriving as another writer's change
records (the command line, a second window), and undo and redo in any order. After each step
every page is shown in turn (a hidden page must have marked itself stale and refresh now), the
text of every item model on every page is read, and compared with what the same pages show
once the workshop is loaded afresh from the database; the live state must equal a fresh load.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.agreed import SetAgreed
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole)
TEXT = st.text(alphabet="abc xyz", max_size=12)


def _rows(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> list[tuple]:
    rows = []
    for row in range(model.rowCount(parent)):
        cells = []
        try:
            columns = model.columnCount(parent)
        except TypeError:  # Qt's own list models keep columnCount private: they have one column
            columns = 1
        for column in range(columns):
            index = model.index(row, column, parent)
            cells.append(tuple(str(model.data(index, role)) for role in ROLES))
        rows.append(tuple(cells))
        first = model.index(row, 0, parent)
        if depth < 3 and model.rowCount(first) > 0:
            rows.extend(_rows(model, first, depth + 1))
    return rows


def shown(view) -> dict[str, object]:
    """What every page shows in its item models, and every step's status; each page shown first."""
    seen: dict[str, object] = {}
    for step in STEPS:
        page = view.show_step(step.key)
        QApplication.processEvents()
        models = []
        for widget in page.findChildren(QAbstractItemView):
            model = widget.model()
            if model is not None:
                models.append((widget.objectName() or type(widget).__name__, _rows(model, QModelIndex())))
        seen[step.key] = (view.status(step.key), sorted(models, key=lambda m: (m[0], len(m[1]))))
    return seen


def elements_of(services) -> list[str]:
    return services.framework.element_ids()


def test_every_view_equals_a_fresh_load_after_any_sequence(qtbot, services, demo_id, tmp_path, monkeypatch) -> None:
    # An undo refused because a change from elsewhere came after it says why in a message box;
    # a modal box would wait for a click that never comes. Counted instead: the refusal is a
    # legitimate outcome, and the views must still equal a fresh load after it.
    refusals: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda _parent, _title, text, *_a: refusals.append(text) or QMessageBox.StandardButton.Ok,
    )
    ctx = AppContext(services)
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    view = window.open_workshop(demo_id)
    for step in STEPS:
        view.page(step.key)
    ctx.reveal.reveal_all(elements_of(services))  # Reconcile shows every element's scores, so its views have them all
    fw = services.framework
    elements = fw.element_ids()
    drivers = [d.id for d in fw.drivers]

    class Workshop(RuleBasedStateMachine):
        def people(self) -> list[int]:
            return [p.id for p in ctx.live.participants]

        @rule(who=st.integers(0, 20), which=st.integers(0, 29), value=st.sampled_from([1, 2, 3, 4, NOT_SURE, None]))
        def score(self, who: int, which: int, value: object) -> None:
            people = self.people()
            if people:
                ctx.push(SetScore(ctx, people[who % len(people)], elements[which % len(elements)], value))

        @rule(who=st.integers(0, 20), which=st.integers(0, 29), value=st.sampled_from([1, 2, 3, 4]), note=TEXT)
        def score_with_note(self, who: int, which: int, value: int, note: str) -> None:
            people = self.people()
            if people:
                ctx.push(SetScore(ctx, people[who % len(people)], elements[which % len(elements)], value, note=note))

        @rule(which=st.integers(0, 29), level=st.sampled_from([1, 2, 3, 4, None]), rationale=st.none() | TEXT)
        def agree(self, which: int, level: int | None, rationale: str | None) -> None:
            fields: dict[str, object] = {"level": level}
            if rationale is not None and level is not None:
                fields["rationale"] = rationale
            element_id = elements[which % len(elements)]
            if level is None and element_id not in ctx.live.agreed:
                return
            ctx.push(SetAgreed(ctx, demo_id, element_id, **fields))

        @rule(which=st.integers(0, 5), goal=TEXT, level=st.sampled_from([1, 2, 3, 4, None]))
        def elsewhere_plan(self, which: int, goal: str, level: int | None) -> None:
            fields = {"improvement_target": goal, "target_level": level}
            ctx.apply(services.planning.set_driver_plans(demo_id, {drivers[which % len(drivers)]: fields}))

        @rule(which=st.integers(0, 29), notes=TEXT)
        def elsewhere_detailed(self, which: int, notes: str) -> None:
            ctx.apply(services.planning.set_detailed(demo_id, elements[which % len(elements)], notes=notes))

        @rule(achieve=TEXT, which=st.integers(0, 5))
        def elsewhere_action(self, achieve: str, which: int) -> None:
            ctx.apply(services.planning.create_action(demo_id, {"achieve": achieve or "More joint work"}))

        @rule(index=st.integers(0, 9))
        def elsewhere_delete_action(self, index: int) -> None:
            actions = ctx.live.actions
            if actions:
                ctx.apply(services.planning.delete_action(actions[index % len(actions)].id))

        @rule(name=TEXT.filter(str.strip), sector=st.sampled_from(["Health", "Housing", ""]))
        def elsewhere_participant(self, name: str, sector: str) -> None:
            ctx.apply(services.participants.add(demo_id, {"display_name": name, "sector": sector}))

        @rule(who=st.integers(0, 20))
        def elsewhere_remove_participant(self, who: int) -> None:
            people = self.people()
            if len(people) > 2:
                ctx.apply(services.participants.remove(people[who % len(people)]))

        @rule(who=st.integers(0, 20), value=st.sampled_from([1, 2, 3, 4, None]))
        def elsewhere_import(self, who: int, value: object) -> None:
            people = self.people()
            if people:
                pid = people[who % len(people)]
                ctx.apply(services.scores.import_scores(demo_id, {pid: dict.fromkeys(elements[:3], value)}))

        @rule(times=st.integers(1, 3))
        def undo(self, times: int) -> None:
            for _ in range(times):
                if ctx.undo_stack.canUndo():
                    ctx.undo_stack.undo()

        @rule(times=st.integers(1, 3))
        def redo(self, times: int) -> None:
            for _ in range(times):
                if ctx.undo_stack.canRedo():
                    ctx.undo_stack.redo()

        @invariant()
        def views_equal_a_fresh_load(self) -> None:
            fresh = LiveWorkshop.load(services, demo_id)
            assert ctx.live == fresh
            before = shown(view)
            ctx.live = fresh
            for page in view.pages().values():
                page.load()
            after = shown(view)
            for key in before:
                assert before[key] == after[key], key

    Workshop.TestCase.settings = settings(
        max_examples=3,
        stateful_step_count=12,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    try:
        run_state_machine_as_test(Workshop)
    finally:
        ctx.undo_stack.clear()
