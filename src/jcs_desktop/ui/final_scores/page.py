"""Final scores: the level each driver has reached, and where the group will focus next.

The workbook's final-scores table (agreed total, that driver's own bands with the band
reached highlighted, the mean of individual totals and its band, the Prioritised
Improvement Target), the distance to the next band with the elements closest to moving
(``detail.py``), a radar chart and per-driver bars over each driver's own bands
(``charts.py``), and the priority order of the drivers the group takes into the detailed
assessment.

Anything resting on individual scores (a driver's mean, its band, the gap, "from k of n",
the elements closest to moving, the mean and sector series of the charts) shows only once
Reconcile has revealed every element of that driver since the workshop was opened
(``ctx.reveal``); the agreed totals always show. The group-consensus route has nothing to hide.

Everything shown comes from the open workshop's live state (``ctx.live``). A change updates
only the drivers it names: their rows of the table, their bars and points on the charts, and
the details if the selected driver is one of them. Targets, target levels and priorities are
saved as one ``SetDriverPlans`` command per action (one use case, one transaction).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from jcs_desktop.domain.scoring import DriverResult, Results, closest_to_moving
from jcs_desktop.services.changes import Changes, drivers_of
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.plans import SetDriverPlans
from jcs_desktop.ui.core.context import AGREED, PARTICIPANTS, PLANS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.final_scores.charts import FinalCharts, driver_series, sector_means
from jcs_desktop.ui.final_scores.detail import DriverDetails, priority_order
from jcs_desktop.ui.final_scores.models import DRIVER_ID_ROLE, DriverRow, FinalScoresModel
from jcs_desktop.ui.final_scores.since import SinceLastTime
from jcs_desktop.ui.widgets.charts import DriverSeries
from jcs_desktop.ui.widgets.delegates import FrameSelectionDelegate
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea, settle_layouts
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, show_focus


class _FittedTable(QTableView):
    """Asks for the height of all its rows (``fit_height``), so the details below get what is left."""

    fit_height = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fit_height) if self.fit_height else hint


class FinalScoresPage(StepPage):
    step = STEP_BY_KEY["final"]
    listens = frozenset({AGREED, SCORES, PARTICIPANTS, PLANS, WORKSHOPS})
    shows_last_time = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._sector_totals: dict[str, dict[str, float | None]] = {}
        self._selected: str | None = None
        self._build()
        self._apply_fonts()
        ctx.reveal_changed.connect(self._reveal_changed)  # bound: ends with the page

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        fs = self.fw.final_scores
        self.title_label = QLabel(fs.title, self)
        self.instructions_label = QLabel(fs.instructions, self)
        self.instructions_label.setWordWrap(True)

        # The table, with the selected driver's details underneath.
        self.model = FinalScoresModel(self.fw, self)
        # Saved once the table's editor has closed: the view must not be committing the editor's
        # data while the saved change updates the row.
        self.model.edit_target = lambda driver_id, text: QTimer.singleShot(
            0, self, lambda: self.set_target(driver_id, text)
        )
        self.table = _FittedTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(fs.title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the details; arrows move in the table
        show_focus(self.table, "palette(window-text)")  # its highlight is the pale row colour
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.COL_TARGET, QHeaderView.ResizeMode.Stretch)
        FrameSelectionDelegate.install(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._fit_pending = False
        self._target_fixed = False
        header.sectionResized.connect(self._section_resized)  # the target heading rewraps to its column

        self.details = DriverDetails(self.fw, self)
        d = self.details
        self.detail_box = d
        self.detail_title, self.distance_label, self.closest_label = d.detail_title, d.distance_label, d.closest_label
        self.target_label, self.target_edit, self.target_level_combo = (
            d.target_label,
            d.target_edit,
            d.target_level_combo,
        )
        self.priority_check, self.priority_label = d.priority_check, d.priority_label
        self.up_button, self.down_button = d.up_button, d.down_button
        d.target_committed.connect(self._target_committed)
        d.target_level_chosen.connect(self._target_level_chosen)
        d.priority_clicked.connect(self._priority_clicked)
        d.moved.connect(self.move_priority)

        table_tab = QWidget(self)
        table_layout = QVBoxLayout(table_tab)
        table_layout.setContentsMargins(4, 4, 4, 4)
        table_layout.addWidget(self.table, 0)
        # The table keeps its rows in view; the details take what is left and scroll at large text.
        self.detail_scroll = VerticalScrollArea(self.details, table_tab)
        table_layout.addWidget(self.detail_scroll, 1)
        self.table_tab = table_tab
        # The table's share depends on the tab's height, which settles after the page's own resize.
        table_tab.installEventFilter(self)

        self.charts = FinalCharts(self.fw, self)
        self.radar, self.sectors_check, self.bars = self.charts.radar, self.charts.sectors_check, self.charts.bars

        self.tabs = QTabWidget(self)
        self.tabs.addTab(table_tab, fs.title)
        self.tabs.addTab(self.charts.radar_tab, "Radar chart")
        self.tabs.addTab(self.bars, "Driver bars")
        # Shown only for a workshop that follows an earlier one of its series.
        self.since = SinceLastTime(self.fw, self)
        self.since_tab = self.tabs.addTab(self.since, "Since last time")
        self.tabs.setTabVisible(self.since_tab, False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title_label)
        layout.addWidget(self.instructions_label)
        layout.addWidget(self.tabs, 1)

    def fonts_changed(self) -> None:
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = self.font()
        self.title_label.setFont(scaled_font(base, TITLE_SCALE, bold=True))
        self.table.setFont(scaled_font(base, 1.1))
        self._fit_table()
        self.table.horizontalHeader().setFont(scaled_font(base, 1.0, bold=True))
        self.details.apply_fonts(base)
        self.since.table.setFont(scaled_font(base, 1.1))

    # --- the step-page contract -----------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.target_edit.commit()
        self._selected = None
        self.ctx.live_for(workshop_id)  # opened by the window; a page shown on its own opens it here
        if workshop_id is not None:
            self.ctx.reveal.ensure_open(workshop_id)  # made after the workshop opened: keep what is revealed
        super().set_workshop(workshop_id)
        ids = self.model.driver_ids()
        if ids:
            self.select_driver(ids[0])

    def compute_status(self) -> StepStatus:
        live = self._live()
        if self.workshop_id is None or live is None:
            return NO_WORKSHOP
        drivers = live.results.drivers
        complete = sum(1 for d in drivers if d.agreed.complete)
        chosen = sum(1 for p in live.plans.values() if p.priority is not None)
        summary = f"{complete} of {len(drivers)} drivers scored; {chosen} chosen for the detailed assessment"
        return StepStatus(complete == len(drivers) and chosen > 0, summary)

    # --- data -----------------------------------------------------------------------------------

    def _live(self) -> LiveWorkshop | None:
        """The open workshop's live state, if it is this page's workshop."""
        live = self.ctx.live
        return live if live is not None and live.workshop.id == self.workshop_id else None

    def _plans(self) -> dict[str, DriverPlanRecord]:
        live = self._live()
        return live.plans if live is not None else {}

    def load(self) -> None:
        live = self._live()
        if live is None:
            self._sector_totals = {}
            self.model.set_rows([])
        else:
            ids = [d.id for d in self.fw.drivers]
            self._sector_totals = sector_means(self.fw, live.participants, live.scores, ids)
            self.model.set_rows([self._row(r) for r in live.results.drivers])
        self._fit_table()
        self._reselect()
        self._render_detail()
        self.charts.set_drivers(self.chart_drivers(), list(self._sector_totals))
        self._show_since(live)

    def _show_since(self, live: LiveWorkshop | None) -> None:
        self.tabs.setTabVisible(self.since_tab, self.since.show_live(live))

    def apply_changes(self, change: Change | Changes) -> None:
        live = self._live()
        applied = self.ctx.last_applied
        if (
            not isinstance(change, Changes)
            or live is None
            or applied.everything
            or change.participants
            or change.workshop is not None  # the route may have changed: what may show with it
        ):
            self.load()
            return
        drivers = set(applied.drivers) | set(change.plans)
        if applied.last_time or applied.drivers:
            self._show_since(live)
        if not drivers:
            return
        rescored = drivers_of(self.fw, {eid for _pid, eid in change.scores})
        if rescored:
            fresh = sector_means(self.fw, live.participants, live.scores, rescored)
            for sector, per in fresh.items():
                self._sector_totals.setdefault(sector, {}).update(per)
        self._update_drivers(live, drivers)
        if self._selected in drivers or change.plans:  # a new priority renumbers the others
            self._render_detail()
        settle_layouts()

    def _update_drivers(self, live: LiveWorkshop, drivers: set[str]) -> None:
        results = [r for r in live.results.drivers if r.driver_id in drivers]
        self.model.update_rows(self._row(r) for r in results)
        self.charts.update_drivers([self._series(r) for r in results])

    def _row(self, result: DriverResult) -> DriverRow:
        live = self._live()
        assert live is not None
        driver = self.fw.driver(result.driver_id)
        closest = tuple(closest_to_moving(driver, live.results.agreed, live.results.elements, self.fw.level_count))
        plan = live.plans.get(result.driver_id) or DriverPlanRecord(workshop_id=live.workshop.id, driver_id=driver.id)
        return DriverRow(result, plan, closest, self.individual_shown(result.driver_id))

    def _series(self, result: DriverResult) -> DriverSeries:
        return driver_series(result, self.individual_shown(result.driver_id), self._sector_totals)

    def individual_shown(self, driver_id: str) -> bool:
        """Whether anything resting on the driver's individual scores may show: only once every
        one of its elements has been revealed in Reconcile (or on the group-consensus route)."""
        live = self._live()
        if live is not None and live.workshop.route == "consensus":
            return True
        reveal = self.ctx.reveal
        if reveal.workshop_id != self.workshop_id:
            return False
        return reveal.all_revealed(e.id for e in self.fw.driver(driver_id).elements)

    def _reveal_changed(self) -> None:
        live = self._live()
        if live is None:
            return
        if not self.isVisible():
            self.mark_stale(Change(frozenset()))  # shown afresh when next looked at
            return
        shown = {
            r.result.driver_id: r.individual_shown
            for r in (self.model.row_for(d) for d in self.model.driver_ids())
            if r
        }
        changed = {d for d, was in shown.items() if was != self.individual_shown(d)}
        if changed:
            self._update_drivers(live, changed)
            if self._selected in changed:
                self._render_detail()

    def results(self) -> Results | None:
        live = self._live()
        return live.results if live is not None else None

    def chart_drivers(self) -> list[DriverSeries]:
        """The charts' drivers; a driver not fully revealed in Reconcile has no mean, sector means or basis."""
        live = self._live()
        return [self._series(r) for r in live.results.drivers] if live is not None else []

    # --- fitting the table and the details ------------------------------------------------------

    def _fit_table(self) -> None:
        """Give the table the height of its rows, so the details below get the rest.

        The target column's heading wraps to the column's width. On a short screen (a laptop,
        large text) the table gives way first down to what leaves the details a few lines, and
        then both shrink, the table to at least one row and the details to a few lines; each
        scrolls rather than being cut.
        """
        self._fit_target_heading()
        self._fit_target_column()
        vertical = self.table.verticalHeader()
        # Every row two lines high (a driver's name, the mean and how many it rests on): a long
        # improvement target shows its first lines here and in full in the details below, so one
        # long target can neither push the other drivers out of view nor blank the table.
        line = self.table.fontMetrics().lineSpacing()
        row_height = int(line * 2.3) + 6
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setMinimumSectionSize(row_height)
        vertical.setDefaultSectionSize(row_height)
        for row in range(self.model.rowCount()):
            vertical.resizeSection(row, row_height)
        header = self.table.horizontalHeader()
        scrollbar = self.table.horizontalScrollBar().sizeHint().height() if self._target_fixed else 0
        chrome = header.sizeHint().height() + 2 * self.table.frameWidth() + 2 + scrollbar
        height = chrome + vertical.length()
        # Three drivers at least stay in view (enough to compare), the details scrolling below.
        some_rows = chrome + min(3, max(1, self.model.rowCount())) * row_height
        # The details keep about eight lines (driver, distance, a few elements, the target box) when
        # there is room; the table's maximum, not its minimum, gives way, so the window never grows.
        room = self.table_tab.height() - 8 - self.fontMetrics().lineSpacing() * 8
        self.table.fit_height = height
        self.table.setMinimumHeight(min(height, some_rows))
        self.table.setMaximumHeight(max(min(height, some_rows), min(height, room)))
        self.table.updateGeometry()
        self.detail_scroll.hint_height = self.fontMetrics().lineSpacing() * 8
        self.details.fit(self.detail_scroll.viewport().width() or self.detail_scroll.width())

    def _fit_target_column(self) -> None:
        """The target column takes the width left, but never less than a readable few words:
        at large text the table then scrolls sideways rather than squeezing the column to nothing."""
        header = self.table.horizontalHeader()
        column = self.model.COL_TARGET
        least = 18 * self.table.fontMetrics().averageCharWidth()
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != column)
        room = self.table.viewport().width() - others
        fixed = room < least
        if fixed != self._target_fixed:
            self._target_fixed = fixed
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Fixed if fixed else QHeaderView.ResizeMode.Stretch
            )
        if fixed:
            header.resizeSection(column, least)

    def _section_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical == self.model.COL_TARGET and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self._fit_pending = False
        self._fit_table()

    def _fit_target_heading(self) -> None:
        width = self.table.columnWidth(self.model.COL_TARGET)
        if width <= 0:
            return
        chars = max(16, int((width - 12) / max(1, self.table.horizontalHeader().fontMetrics().averageCharWidth())))
        chars = min(chars, 34)
        if chars != self.model.target_heading_width:
            self.model.target_heading_width = chars
            column = self.model.COL_TARGET
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_table()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table_tab and event.type() == QEvent.Type.Resize and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._refit)
        return super().eventFilter(watched, event)

    # --- selection --------------------------------------------------------------------------------

    @property
    def selected_driver(self) -> str | None:
        return self._selected

    def focus_item(self, item: object) -> None:
        """Bring a driver into view when another step asks for it (e.g. a missing improvement target)."""
        if isinstance(item, str):
            self.select_driver(item)

    def select_driver(self, driver_id: str) -> None:
        if driver_id != self._selected:
            self.target_edit.commit()
        self._selected = driver_id
        self._reselect()
        self._render_detail()

    def _reselect(self) -> None:
        ids = self.model.driver_ids()
        if self._selected not in ids:
            return
        index = self.model.index(ids.index(self._selected), 0)
        sel = self.table.selectionModel()
        sel.blockSignals(True)
        sel.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        sel.blockSignals(False)
        self.table.viewport().update()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            driver_id = current.data(DRIVER_ID_ROLE)
            if driver_id and driver_id != self._selected:
                self.select_driver(driver_id)

    def _render_detail(self) -> None:
        self.details.show_row(self.model.row_for(self._selected) if self._selected else None, self._plans())

    # --- commands ---------------------------------------------------------------------------------------

    def _push_plans(self, text: str, plans: dict[str, dict[str, object]]) -> bool:
        """``plans`` (driver id -> the fields to change) as one undoable command: one transaction."""
        if self.workshop_id is None or not plans:
            return False
        return self.ctx.push(SetDriverPlans(self.ctx, self.workshop_id, plans, text))

    def set_target(self, driver_id: str, text: str) -> None:
        title = self.fw.driver(driver_id).title
        self._push_plans(f"Improvement target for {title}", {driver_id: {"improvement_target": text}})

    def set_target_level(self, driver_id: str, level: int | None) -> None:
        plan = self._plans().get(driver_id)
        if plan is not None and plan.target_level == level:
            return
        title = self.fw.driver(driver_id).title
        text = f"Target level {level} for {title}" if level is not None else f"No target level for {title}"
        self._push_plans(text, {driver_id: {"target_level": level}})

    def _target_level_chosen(self, level: int | None) -> None:
        if self._selected is not None:
            self.set_target_level(self._selected, level)

    def _target_committed(self, text: str) -> None:
        if self._selected is not None:
            self.set_target(self._selected, text)

    def _renumber(self, order: list[str], dropped: str | None = None) -> dict[str, dict[str, object]]:
        plans = self._plans()
        changes: dict[str, dict[str, object]] = {}
        for position, driver_id in enumerate(order, start=1):
            if plans[driver_id].priority != position:
                changes[driver_id] = {"priority": position}
        if dropped is not None:
            changes[dropped] = {"priority": None}
        return changes

    def set_priority(self, driver_id: str, chosen: bool) -> None:
        order = priority_order(self._plans())
        title = self.fw.driver(driver_id).title
        if chosen and driver_id not in order:
            self._push_plans(f"Take {title} into the detailed assessment", self._renumber([*order, driver_id]))
        elif not chosen and driver_id in order:
            order.remove(driver_id)
            self._push_plans(f"Leave {title} out of the detailed assessment", self._renumber(order, dropped=driver_id))

    def _priority_clicked(self, checked: bool) -> None:
        if self._selected is not None:
            self.set_priority(self._selected, checked)

    def move_priority(self, delta: int) -> None:
        order = priority_order(self._plans())
        if self._selected not in order:
            return
        i = order.index(self._selected)
        j = i + delta
        if not 0 <= j < len(order):
            return
        order[i], order[j] = order[j], order[i]
        title = self.fw.driver(self._selected).title
        self._push_plans(f"Move {title} {'up' if delta < 0 else 'down'} the priority order", self._renumber(order))


__all__ = ["FinalScoresPage"]
