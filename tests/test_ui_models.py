"""Every item model of the GUI passes Qt's model tester, filled from the demo workshop.

A new model class fails ``test_every_model_class_is_checked`` until it has a builder here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QWidget

import jcs_desktop.ui
from jcs_desktop.ui.core.context import AppContext


@dataclass
class Env:
    qtbot: object
    ctx: AppContext
    demo_id: int

    @property
    def services(self):
        return self.ctx.services

    def page(self, cls: type[QWidget]) -> QWidget:
        """A page as the main window shows it, on the demo workshop."""
        widget = cls(self.ctx)
        self.qtbot.addWidget(widget)
        widget.resize(1366, 768)
        widget.set_workshop(self.demo_id)
        widget.show()
        self.qtbot.waitExposed(widget)
        return widget


def _workshop_model(env: Env) -> QAbstractItemModel:
    from jcs_desktop.services.dto import WorkshopFields
    from jcs_desktop.ui.shell.workshop_list import WorkshopTableModel

    env.services.workshops.create(WorkshopFields(title="Second workshop", partnership="Westvale"))
    model = WorkshopTableModel()
    model.set_rows(env.services.workshops.list())
    return model


def _workshop_proxy(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.shell.workshop_list import WorkshopFilterProxy

    proxy = WorkshopFilterProxy()
    proxy.setSourceModel(_workshop_model(env))
    proxy.set_search("second")
    assert proxy.rowCount() == 1
    return proxy


def _participant_model(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.prepare.model import ParticipantTableModel

    model = ParticipantTableModel()
    model.set_rows(env.services.participants.list(env.demo_id), env.services.scores.progress(env.demo_id), 30)
    return model


def _score_grid(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.scoring.grid import ScoreGridModel

    model = ScoreGridModel(env.ctx)
    model.set_workshop(env.demo_id)
    return model


def _progress(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.scoring.page import ProgressModel

    model = ProgressModel()
    people = env.services.participants.list(env.demo_id)
    model.set_data(people, env.services.scores.scores_for_workshop(env.demo_id), 30)
    return model


def _actions(env: Env) -> list:
    # One flagged action too (no aim, a past date): icons, tints and tooltips are checked as well.
    env.services.planning.create_action(
        env.demo_id, {"by_when": dt.date(2026, 1, 1)}, links=[("building-partnerships", None)]
    )
    return env.services.planning.actions(env.demo_id)


def _action_plan(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.planning.models import ActionPlanModel

    model = ActionPlanModel(env.ctx)
    model.set_actions(env.demo_id, _actions(env))
    return model


def _action_proxy(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.planning.models import ActionFilterProxy

    proxy = ActionFilterProxy()
    proxy.setSourceModel(_action_plan(env))
    proxy.set_driver("understanding-the-market")
    return proxy


def _action_list(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.planning.models import ActionListModel

    model = ActionListModel(env.ctx)
    model.set_actions(_actions(env))
    return model


def _review_points(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.planning.models import ReviewPointModel

    actions = _actions(env)
    with_points = next(a for a in actions if a.review_points)
    model = ReviewPointModel(env.ctx)
    model.set_points(env.demo_id, with_points.id, with_points.review_points)
    return model


def _revealed_reconcile(env: Env):
    from jcs_desktop.ui.reconcile.page import ReconcilePage

    page = env.page(ReconcilePage)
    env.qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    return page


def _element_list(env: Env) -> QAbstractItemModel:
    return _revealed_reconcile(env).element_model


def _sector_heatmap(env: Env) -> QAbstractItemModel:
    return _revealed_reconcile(env).sector_model


def _participant_heatmap(env: Env) -> QAbstractItemModel:
    return _revealed_reconcile(env).people_model


def _final_scores(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.final_scores.page import FinalScoresPage

    return env.page(FinalScoresPage).model


def _since_last_time(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.final_scores.page import FinalScoresPage

    follow_up = env.services.workshops.duplicate_as_follow_up(env.demo_id).previous.id
    env.demo_id = follow_up
    page = env.page(FinalScoresPage)
    assert page.since.model.rowCount() == len(env.services.framework.drivers)
    return page.since.model


def _progress_cells(env: Env) -> QAbstractItemModel:
    from jcs_desktop.services.demo import create_demo_series
    from jcs_desktop.ui.progress.window import ProgressWindow

    ids = create_demo_series(env.services, 2, today=dt.date(2026, 11, 23)).previous
    window = ProgressWindow(env.ctx)
    env.qtbot.addWidget(window)
    window._show(env.services.series.progress(ids[-1]))
    assert window.totals_model.rowCount() == len(env.services.framework.drivers)
    model = window.totals_model
    model.window = window  # the window owns the model: keep it while the model is tested
    return model


def _worksheet_rows(env: Env) -> QAbstractItemModel:
    from jcs_desktop.services.worksheets import OPTIONS_TABLE
    from jcs_desktop.ui.strategy.template_view import TemplateView

    svc = env.services.worksheets
    wid = svc.create_worksheet(env.demo_id, "Objective").previous
    svc.add_row(wid, OPTIONS_TABLE, {"option": "More extra care"}, option_tag="do-more")
    svc.add_row(wid, OPTIONS_TABLE, {"option": "Fewer block contracts"}, option_tag="do-less")
    view = TemplateView(env.ctx)
    env.qtbot.addWidget(view)
    view.set_workshop(env.demo_id)
    model = view.tables[OPTIONS_TABLE].model
    model.window = view  # the view owns the model: keep it while the model is tested
    return model


def _devices(env: Env) -> QAbstractItemModel:
    from jcs_desktop.devices.server import DeviceInfo
    from jcs_desktop.ui.scoring.devices_window import DeviceTableModel

    people = env.services.participants.list(env.demo_id)
    now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    infos = [
        DeviceInfo(
            "d1", "approved", people[0].id, people[0].display_name, "192.168.1.20", "iPhone", now, now, True, 12, False
        ),
        DeviceInfo(
            "d2",
            "waiting",
            people[0].id,
            people[0].display_name,
            "192.168.1.21",
            "Android phone",
            now,
            now,
            True,
            0,
            False,
            held_elsewhere="d1",
        ),
        DeviceInfo("d3", "waiting", None, "", "192.168.1.22", "iPad", now, now, False, 0, False),
        DeviceInfo("d4", "revoked", None, "", "192.168.1.23", "Browser", now, now, False, 0, False),
    ]
    model = DeviceTableModel(30, lambda pid: 12)
    model.now = lambda: now + dt.timedelta(minutes=3)
    model.set_devices(infos[:2])
    model.set_devices(infos)  # two rows come at the end
    return model


def _commitments(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.prepare.review import CommitmentTableModel

    planning = env.services.planning
    follow_up = env.services.workshops.duplicate_as_follow_up(env.demo_id).previous.id
    first, second, _third = planning.actions(env.demo_id)
    planning.review_action(first.id, follow_up, "done", "All of it")
    planning.review_action(second.id, follow_up, "partly")
    planning.carry_forward(second.id, follow_up)
    model = CommitmentTableModel(env.ctx.framework, lambda *_: None)
    rows = planning.commitments(follow_up)
    model.set_rows(rows[:1])
    model.set_rows(rows)  # rows come at the end
    return model


def _commissioning_map(env: Env) -> QAbstractItemModel:
    from jcs_desktop.ui.strategy.map_view import MapTableModel

    strategy = env.services.strategy
    strategy.set_map_feature(env.demo_id, "do-a", "in-progress", dt.date(2026, 11, 23), "Leadership sessions booked")
    strategy.set_map_feature(env.demo_id, "analyse-a", "done", None, "")
    model = MapTableModel(strategy.commissioning_map, lambda *_: None)
    model.set_records(strategy.map_status(env.demo_id))
    return model


BUILDERS: dict[str, Callable[[Env], QAbstractItemModel]] = {
    "jcs_desktop.ui.shell.workshop_list.WorkshopTableModel": _workshop_model,
    "jcs_desktop.ui.shell.workshop_list.WorkshopFilterProxy": _workshop_proxy,
    "jcs_desktop.ui.prepare.model.ParticipantTableModel": _participant_model,
    "jcs_desktop.ui.prepare.review.CommitmentTableModel": _commitments,
    "jcs_desktop.ui.scoring.grid.ScoreGridModel": _score_grid,
    "jcs_desktop.ui.scoring.page.ProgressModel": _progress,
    "jcs_desktop.ui.scoring.devices_window.DeviceTableModel": _devices,
    "jcs_desktop.ui.planning.models.ActionPlanModel": _action_plan,
    "jcs_desktop.ui.planning.models.ActionFilterProxy": _action_proxy,
    "jcs_desktop.ui.planning.models.ActionListModel": _action_list,
    "jcs_desktop.ui.planning.models.ReviewPointModel": _review_points,
    "jcs_desktop.ui.reconcile.models.ElementListModel": _element_list,
    "jcs_desktop.ui.reconcile.models.SectorHeatmapModel": _sector_heatmap,
    "jcs_desktop.ui.reconcile.models.ParticipantHeatmapModel": _participant_heatmap,
    "jcs_desktop.ui.final_scores.models.FinalScoresModel": _final_scores,
    "jcs_desktop.ui.final_scores.since.SinceLastTimeModel": _since_last_time,
    "jcs_desktop.ui.progress.models.CellTableModel": _progress_cells,
    "jcs_desktop.ui.strategy.tables.RowModel": _worksheet_rows,
    "jcs_desktop.ui.strategy.map_view.MapTableModel": _commissioning_map,
}

# Shared bases that are never shown on their own; their subclasses above are checked.
BASES = {
    "jcs_desktop.ui.widgets.record_model.RecordTableModel",
    "jcs_desktop.ui.reconcile.models._HeatmapBase",
}


def _model_classes_in_the_gui() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(jcs_desktop.ui.__path__, "jcs_desktop.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QAbstractItemModel) and cls.__module__.startswith("jcs_desktop."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_model_class_is_checked() -> None:
    found = _model_classes_in_the_gui()
    assert len(found) >= len(BUILDERS)  # the search itself finds the models
    assert set(found) - BASES == set(BUILDERS)


@pytest.fixture
def env(qtbot, services, demo_id) -> Iterator[Env]:
    ctx = AppContext(services)
    yield Env(qtbot, ctx, demo_id)
    ctx.undo_stack.clear()


# One model per test: the tester stays connected to every model it has checked.
@pytest.mark.parametrize("name", sorted(BUILDERS), ids=lambda name: name.rsplit(".", 1)[1])
def test_model_passes_the_model_tester(qtmodeltester, env: Env, name: str) -> None:
    model = BUILDERS[name](env)
    assert f"{type(model).__module__}.{type(model).__qualname__}" == name
    assert model.rowCount() > 0 and model.index(0, 0).isValid()  # checked with data, not empty
    qtmodeltester.check(model, force_py=True)
