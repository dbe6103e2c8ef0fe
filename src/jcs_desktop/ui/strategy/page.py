"""The Strategy step: the workshop's place in the partnership's commissioning strategy.

Its tabs (``self.tabs``):
- Commissioning Map: the map's four stages and their features, each with where the
  partnership stands (a status, a date and a note), and where this workshop sits (Do (a)).
- Strategic Commissioning Template: a worksheet per partnership objective, filled in from the
  workshop where it can (``template_view.py``); it follows worksheet records, and the
  workshop's agreements, plans and actions (what it was filled from).

The map's records are read from the services when the workshop is shown; a change record
naming features of the map (``map_features``) updates just those rows, shown or hidden, so
the step's status is right while the page is hidden.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import ACTIONS, AGREED, PLANS, STRATEGY, Changes
from jcs_desktop.services.dto import MapFeatureStatusRecord
from jcs_desktop.ui.commands.strategy import SetMapFeature
from jcs_desktop.ui.core.context import MAP, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.strategy.map_view import STATUS_LABELS, MapView, changed_fields, feature_name
from jcs_desktop.ui.strategy.template_view import TEMPLATE_TAB_TITLE, TemplateView
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, PageTitle

MAP_TAB_TITLE = "Commissioning &Map"


class StrategyPage(StepPage):
    """Step page "Strategy"."""

    step = STEP_BY_KEY["strategy"]
    listens = frozenset({MAP, STRATEGY, AGREED, PLANS, ACTIONS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("strategyPage")
        self.cmap = ctx.services.strategy.commissioning_map

        self.title_label = PageTitle("Strategy")
        self.intro_label = QLabel(
            "How far the partnership has got with each feature of its commissioning strategy, when, and a note "
            "(F2 or typing edits a cell); and the Strategic Commissioning Template, one worksheet per partnership "
            "objective, filled in from this workshop where it can."
        )
        self.intro_label.setObjectName("strategyIntro")
        self.intro_label.setWordWrap(True)

        self.map_view = MapView(self.cmap, self)
        self.map_view.edited.connect(self._edited)
        self.map_view.message.connect(ctx.status_message)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("strategyTabs")
        self.map_tab = self.tabs.addTab(self.map_view, MAP_TAB_TITLE)
        self.tabs.setTabToolTip(self.map_tab, self.cmap.title)
        self.template_view = TemplateView(ctx, self)
        self.template_tab = self.tabs.addTab(self.template_view, TEMPLATE_TAB_TITLE)
        self.tabs.setTabToolTip(self.template_tab, self.template_view.template.title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.tabs, 1)

    # -- the step-page contract -----------------------------------------------------------------

    def load(self) -> None:
        records: dict[str, MapFeatureStatusRecord] = {}
        if self.workshop_id is not None:
            try:
                records = self.ctx.services.strategy.map_status(self.workshop_id)
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
        self.template_view.set_workshop(self.workshop_id)
        wid = self.workshop_id or 0
        self.map_view.set_records(
            {
                fid: records.get(fid, MapFeatureStatusRecord(workshop_id=wid, feature_id=fid))
                for fid in self.cmap.feature_ids()
            }
        )

    def apply_changes(self, change: Change) -> None:
        if not isinstance(change, Changes) or change.workshop_id not in (None, self.workshop_id):
            self.load()
            return
        if change.map_features:
            self.map_view.set_records(change.map_features)
        if change.touches(STRATEGY, AGREED, PLANS, ACTIONS):
            self.template_view.apply_changes(change)

    def mark_stale(self, change: Change) -> None:
        # The status counts the features done: take in the records the change carries, even hidden.
        if isinstance(change, Changes) and change.map_features and change.workshop_id == self.workshop_id:
            self.map_view.model.set_records(change.map_features)
            return
        super().mark_stale(change)

    def compute_status(self) -> StepStatus:
        if self.workshop_id is None:
            return NO_WORKSHOP
        counts = self.map_view.model.counts()
        total = sum(counts.values())
        # One line in the step list, at any text size the list stays whole at (the page shows the rest).
        return StepStatus(counts["done"] == total, f"{counts['done']} of {total} map features done")

    def fonts_changed(self) -> None:
        self.map_view.fit()

    def focus_item(self, item: object) -> None:
        """``item``: a feature id of the map (``do-a``)."""
        if isinstance(item, str):
            self.tabs.setCurrentIndex(self.map_tab)
            self.map_view.select_feature(item)
            self.map_view.table.setFocus()

    # -- editing ----------------------------------------------------------------------------------

    def _edited(self, feature_id: str, key: str, value: object) -> None:
        if self.workshop_id is None:
            return
        row = self.map_view.model.record(self.map_view.model.row_of(feature_id))
        fields = changed_fields(row.record, key, value)
        name = feature_name(row.stage, row.feature)
        what = {
            "status": f"Mark {name} {STATUS_LABELS.get(str(value), str(value)).lower()}",
            "date": f"Date {name}",
            "note": f"Note on {name}",
        }[key]
        self.ctx.push(
            SetMapFeature(
                self.ctx,
                self.workshop_id,
                feature_id,
                what,
                status=str(fields["status"]),
                date=fields["date"],  # type: ignore[arg-type]
                note=str(fields["note"]),
            )
        )
