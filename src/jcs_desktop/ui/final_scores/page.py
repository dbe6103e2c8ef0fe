"""Final scores: the level each driver has reached, and where the group will focus next.

The workbook's final-scores table (agreed total, that driver's own bands with the band
reached highlighted, the mean of individual totals and its band, the Prioritised
Improvement Target), the distance to the next band with the elements closest to moving,
a radar chart and per-driver bars over each driver's own bands, and the priority order
of the drivers the group takes into the detailed assessment.

Anything resting on individual scores (a driver's mean, its band, the gap, "from k of n",
the elements closest to moving, the mean and sector series of the charts) shows only once
Reconcile has revealed every element of that driver since the workshop was opened
(``ctx.reveal``); the agreed totals always show. The group-consensus route has nothing to hide.

Everything is recomputed from the services whenever agreed scores, individual scores,
participants or driver plans change, so an edit anywhere updates totals, bands and
charts at once. Targets and priorities are saved with ``planning.set_driver_plan``
through undoable commands.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.domain.scoring import Results, closest_to_moving, sector_driver_totals
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.ui.core.context import (
    AGREED,
    PARTICIPANTS,
    PLANS,
    SCORES,
    WORKSHOPS,
    AppContext,
    Change,
    ServiceCommand,
)
from jcs_desktop.ui.core.step_page import StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.final_scores.models import (
    CLOSEST_HIDDEN,
    DRIVER_ID_ROLE,
    DriverRow,
    FinalScoresModel,
    next_band_text,
)
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import DriverBarsChart, DriverSeries, RadarChart, RadarSeries
from jcs_desktop.ui.widgets.delegates import FrameSelectionDelegate
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import element_number
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea
from jcs_desktop.ui.widgets.text_edits import CommitTextEdit
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, show_focus

AGREED_NAME = "Agreed total"
MEAN_NAME = "Mean of individual totals"


class _FittedTable(QTableView):
    """Asks for the height of all its rows (``fit_height``), so the details below get what is left."""

    fit_height = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fit_height) if self.fit_height else hint


class FinalScoresPage(StepPage):
    step = STEP_BY_KEY["final"]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.setAccessibleName("Final scores")
        self._results: Results | None = None
        self._plans: dict[str, DriverPlanRecord] = {}
        self._sector_totals: dict[str, dict[str, float | None]] = {}
        self._consensus = False
        """Group-consensus route: no individual scores, so nothing to keep hidden."""
        self._selected: str | None = None
        self._last_status: StepStatus | None = None
        self._build()
        self._apply_fonts()
        ctx.changed.connect(self._on_changed)
        ctx.font_scale_changed.connect(self._font_scale_changed)  # bound: ends with the page
        ctx.reveal_changed.connect(self._reveal_changed)

    def _font_scale_changed(self, _scale: float) -> None:
        self._apply_fonts()

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        fs = self.fw.final_scores
        self.title_label = QLabel(fs.title, self)
        self.instructions_label = QLabel(fs.instructions, self)
        self.instructions_label.setWordWrap(True)

        # The table, with the selected driver's details underneath.
        self.model = FinalScoresModel(self.fw, self)
        # Saved once the table's editor has closed: saving reloads the model, which must not
        # happen while the view is still committing the editor's data.
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

        self.detail_box = QGroupBox(self)
        self.detail_title = QLabel(self.detail_box)
        self.distance_label = QLabel(self.detail_box)
        self.distance_label.setWordWrap(True)
        self.distance_label.setAccessibleName("Distance to the next band")
        self.closest_label = QLabel(self.detail_box)
        self.closest_label.setWordWrap(True)
        self.closest_label.setAccessibleName("Elements closest to moving")
        self.closest_label.setTextFormat(Qt.TextFormat.RichText)
        left = QVBoxLayout()
        left.addWidget(self.detail_title)
        left.addWidget(self.distance_label)
        left.addWidget(self.closest_label)
        left.addStretch(1)

        self.target_label = QLabel(fs.target_heading, self.detail_box)
        self.target_label.setWordWrap(True)
        self.target_edit = CommitTextEdit(self.detail_box)
        self.target_edit.setAccessibleName("Prioritised improvement target")
        self.target_edit.setToolTip(f"{fs.target_heading}; saved when you leave the box")
        self.target_edit.setPlaceholderText("What to change (saved when you leave the box)")
        self.target_edit.committed.connect(self._target_committed)
        # The level the group aims this driver at, beside what it will change to get there: the
        # exports' "Target level" column and the detailed assessment read it.
        self.target_level_combo = QComboBox(self.detail_box)
        self.target_level_combo.addItem("None chosen", None)
        for lv in self.fw.levels:
            self.target_level_combo.addItem(f"{lv.number}  {lv.name}", lv.number)
        self.target_level_combo.setAccessibleName("Target level")
        # As narrow as a short name needs, not the longest: the detail box must fit a laptop at large text.
        self.target_level_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.target_level_combo.setMinimumContentsLength(10)
        self.target_level_combo.setToolTip(
            "The level the group aims this driver to reach; saved at once (Ctrl+Z undoes)"
        )
        self.target_level_combo.activated.connect(self._target_level_chosen)
        target_level_caption = QLabel("&Target level:", self.detail_box)
        target_level_caption.setBuddy(self.target_level_combo)
        target_level_row = QHBoxLayout()
        target_level_row.addWidget(target_level_caption)
        target_level_row.addWidget(self.target_level_combo, 1)
        middle = QVBoxLayout()
        middle.addWidget(self.target_label)
        middle.addLayout(target_level_row)
        middle.addWidget(self.target_edit, 1)

        self.priority_check = QCheckBox("Take into the detailed assessment", self.detail_box)
        self.priority_check.setAccessibleName("Take this driver into the detailed assessment")
        self.priority_check.clicked.connect(self._priority_clicked)
        self.priority_label = QLabel(self.detail_box)
        self.priority_label.setWordWrap(True)
        self.up_button = QPushButton("Move up", self.detail_box)
        self.up_button.setAccessibleName("Move up the priority order")
        self.up_button.setToolTip("Take this driver earlier in the detailed assessment")
        self.up_button.clicked.connect(lambda: self.move_priority(-1))
        self.down_button = QPushButton("Move down", self.detail_box)
        self.down_button.setAccessibleName("Move down the priority order")
        self.down_button.setToolTip("Take this driver later in the detailed assessment")
        self.down_button.clicked.connect(lambda: self.move_priority(1))
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        right = QVBoxLayout()
        right.addWidget(self.priority_check)
        right.addWidget(self.priority_label)
        right.addLayout(moves)
        right.addStretch(1)

        # The choice of priority goes under the other two when the box is narrow (large text), so
        # its check box and buttons are never cut at the right edge.
        self._detail_grid = QGridLayout(self.detail_box)
        self._detail_parts = (left, middle, right)
        self._detail_wide: bool | None = None
        self._place_details(True)

        table_tab = QWidget(self)
        table_layout = QVBoxLayout(table_tab)
        table_layout.setContentsMargins(4, 4, 4, 4)
        table_layout.addWidget(self.table, 0)
        # The table keeps its rows in view; the details take what is left and scroll at large text.
        self.detail_scroll = VerticalScrollArea(self.detail_box, table_tab)
        table_layout.addWidget(self.detail_scroll, 1)
        self.table_tab = table_tab
        # The table's share depends on the tab's height, which settles after the page's own resize.
        table_tab.installEventFilter(self)

        # Radar.
        self.radar = RadarChart(self)
        self.sectors_check = QCheckBox("Show each sector's mean", self)
        self.sectors_check.setAccessibleName("Show each sector's mean on the radar")
        self.sectors_check.toggled.connect(lambda _on: self._render_charts())
        radar_tab = QWidget(self)
        radar_layout = QVBoxLayout(radar_tab)
        radar_layout.setContentsMargins(4, 4, 4, 4)
        radar_layout.addWidget(self.sectors_check)
        radar_layout.addWidget(self.radar, 1)

        # Bars.
        self.bars = DriverBarsChart(self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(table_tab, fs.title)
        self.tabs.addTab(radar_tab, "Radar chart")
        self.tabs.addTab(self.bars, "Driver bars")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title_label)
        layout.addWidget(self.instructions_label)
        layout.addWidget(self.tabs, 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the app-wide text size changed
            self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = self.font()
        self.title_label.setFont(scaled_font(base, TITLE_SCALE, bold=True))
        self.table.setFont(scaled_font(base, 1.1))
        self._fit_table()
        self.table.horizontalHeader().setFont(scaled_font(base, 1.0, bold=True))
        self.detail_title.setFont(scaled_font(base, 1.3, bold=True))
        self.distance_label.setFont(scaled_font(base, 1.1))
        self.closest_label.setFont(scaled_font(base, 1.0))

    # --- the step-page contract -----------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.target_edit.commit()
        self.workshop_id = workshop_id
        self._selected = None
        if workshop_id is not None:
            self.ctx.reveal.ensure_open(workshop_id)  # made after the workshop opened: keep what is revealed
        self._load()
        ids = self.model.driver_ids()
        if ids:
            self.select_driver(ids[0])
        self._emit_status_if_changed()

    def step_status(self) -> StepStatus:
        if self.workshop_id is None or self._results is None:
            return StepStatus(False, "No workshop open")
        drivers = self._results.drivers
        complete = sum(1 for d in drivers if d.agreed.complete)
        chosen = sum(1 for p in self._plans.values() if p.priority is not None)
        summary = f"{complete} of {len(drivers)} drivers scored; {chosen} chosen for the detailed assessment"
        return StepStatus(complete == len(drivers) and chosen > 0, summary)

    def _emit_status_if_changed(self) -> None:
        status = self.step_status()
        if status != self._last_status:
            self._last_status = status
            self.status_changed.emit()

    # --- data -----------------------------------------------------------------------------------

    def _load(self) -> None:
        services = self.ctx.services
        self._results, self._plans, self._sector_totals = None, {}, {}
        self._consensus = False
        if self.workshop_id is not None:
            try:
                self._consensus = services.workshops.get(self.workshop_id).route == "consensus"
                self._results = services.scores.results(self.workshop_id)
                self._plans = services.planning.driver_plans(self.workshop_id)
                individual = services.scores.scores_for_workshop(self.workshop_id)
                people = services.participants.list(self.workshop_id)
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
                self._results, self._plans = None, {}
            else:
                sectors = {str(p.id): p.sector for p in people}
                by_sector = sector_driver_totals(self.fw, {str(k): v for k, v in individual.items()}, sectors)
                self._sector_totals = {s: {d: dist.mean for d, dist in per.items()} for s, per in by_sector.items()}
        self._show_rows()

    def individual_shown(self, driver_id: str) -> bool:
        """Whether anything resting on the driver's individual scores may show: only once every
        one of its elements has been revealed in Reconcile (or on the group-consensus route)."""
        if self._consensus:
            return True
        reveal = self.ctx.reveal
        if reveal.workshop_id != self.workshop_id:
            return False
        return reveal.all_revealed(e.id for e in self.fw.driver(driver_id).elements)

    def _reveal_changed(self) -> None:
        if self.workshop_id is not None:
            self._show_rows()

    def _show_rows(self) -> None:
        rows: list[DriverRow] = []
        if self._results is not None:
            agreed = self._results.agreed
            for r in self._results.drivers:
                driver = self.fw.driver(r.driver_id)
                closest = tuple(closest_to_moving(driver, agreed, self._results.elements, self.fw.level_count))
                plan = self._plans.get(r.driver_id) or DriverPlanRecord(
                    workshop_id=self.workshop_id or 0, driver_id=r.driver_id
                )
                rows.append(DriverRow(r, plan, closest, self.individual_shown(r.driver_id)))
        self.model.set_rows(rows)
        self._fit_table()
        if self._selected is not None:
            self._reselect()
        self._render_detail()
        self._render_charts()

    def _place_details(self, wide: bool) -> None:
        if wide == self._detail_wide:
            return
        self._detail_wide = wide
        grid = self._detail_grid
        left, middle, right = self._detail_parts
        for part in self._detail_parts:
            grid.removeItem(part)
        grid.addLayout(left, 0, 0)
        grid.addLayout(middle, 0, 1)
        if wide:
            grid.addLayout(right, 0, 2)
            stretches = (3, 3, 2)
        else:
            grid.addLayout(right, 1, 0, 1, 2)
            stretches = (1, 1, 0)
        for column, stretch in enumerate(stretches):
            grid.setColumnStretch(column, stretch)

    def _fit_details(self) -> None:
        """Three columns when each gets about 22 characters a line, else the priority goes below."""
        room = self.detail_scroll.viewport().width() or self.detail_scroll.width()
        # Side by side only where that needs no more than the room there is, so the three
        # columns never widen the window past the screen.
        grid = self._detail_grid
        margins = grid.contentsMargins()
        spacing = max(0, grid.horizontalSpacing()) * 2 + margins.left() + margins.right()
        least = sum(part.minimumSize().width() for part in self._detail_parts) + spacing + 8
        self._place_details(room >= max(least, 3 * 22 * self.fontMetrics().averageCharWidth()))

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
        self._fit_details()

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

    def _on_changed(self, change: Change) -> None:
        if self.workshop_id is None or (change.workshop_id is not None and change.workshop_id != self.workshop_id):
            return
        if change.touches(AGREED, SCORES, PARTICIPANTS, PLANS, WORKSHOPS):
            self._load()
            self._emit_status_if_changed()

    def results(self) -> Results | None:
        return self._results

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

    # --- rendering ------------------------------------------------------------------------------------

    def _render_detail(self) -> None:
        row = self.model.row_for(self._selected) if self._selected else None
        enabled = row is not None
        for w in (self.target_edit, self.priority_check, self.target_level_combo):
            w.setEnabled(enabled)
        if row is None:
            self.detail_title.setText("")
            self.distance_label.setText("")
            self.closest_label.setText("")
            self.target_edit.set_stored_text("")
            self.target_level_combo.setCurrentIndex(0)
            self.priority_label.setText("")
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)
            return
        r = row.result
        names = [lv.name for lv in self.fw.levels]
        self.detail_title.setText(r.title)
        if r.agreed_band is not None:
            reached = f"Agreed total <b>{r.agreed.total}</b>: level {r.agreed_band}, {names[r.agreed_band - 1]}."
        else:
            reached = f"<b>{r.agreed.label()}</b>: agree every element to get a total."
        self.distance_label.setText(f"{reached}<br>{next_band_text(r, names)}.")
        if r.agreed_band is None or r.points_to_next_band is None or not row.closest:
            self.closest_label.setText("")
        elif not row.individual_shown:  # which elements are closest, and why, rests on individual scores
            self.closest_label.setText(f"{CLOSEST_HIDDEN}.")
        else:
            items = []
            for c in row.closest[:3]:
                number = element_number(self.fw, c.element_id)
                title = self.fw.element(c.element_id).title
                if c.individual_mean is None:
                    seen = "no individual scores"
                else:
                    seen = f"individual mean {c.individual_mean:.1f}; {c.above} of {c.n} scored it higher"
                items.append(f"<li><b>{number}</b> {title} — agreed {c.agreed}, {seen}</li>")
            self.closest_label.setText("Closest to moving up:<ul style='margin-left:-20px'>" + "".join(items) + "</ul>")
        self.target_edit.set_stored_text(row.plan.improvement_target)
        self.target_level_combo.setCurrentIndex(max(0, self.target_level_combo.findData(row.plan.target_level)))
        chosen = sorted((p for p in self._plans.values() if p.priority is not None), key=lambda p: p.priority or 0)
        self.priority_check.setChecked(row.plan.priority is not None)
        if row.plan.priority is not None:
            position = [p.driver_id for p in chosen].index(r.driver_id) + 1
            self.priority_label.setText(f"Priority {position} of {len(chosen)} for the detailed assessment.")
            self.up_button.setEnabled(position > 1)
            self.down_button.setEnabled(position < len(chosen))
        else:
            self.priority_label.setText(
                f"{len(chosen)} driver(s) chosen for the detailed assessment." if chosen else "No driver chosen yet."
            )
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)

    def chart_drivers(self) -> list[DriverSeries]:
        """The charts' drivers; a driver not fully revealed in Reconcile has no mean, sector means or basis."""
        if self._results is None:
            return []
        drivers = []
        for r in self._results.drivers:
            shown = self.individual_shown(r.driver_id)
            drivers.append(
                DriverSeries(
                    r.driver_id,
                    r.title,
                    r.thresholds,
                    float(r.agreed.total) if r.agreed.total is not None else None,
                    r.agreed.label(),
                    r.individual_totals.mean if shown else None,
                    {s: (per.get(r.driver_id) if shown else None) for s, per in self._sector_totals.items()},
                    r.mean_basis() if shown else "",
                    mean_hidden=not shown,
                )
            )
        return drivers

    def _render_charts(self) -> None:
        drivers = self.chart_drivers()
        names = [lv.name for lv in self.fw.levels]
        series = [
            RadarSeries(AGREED_NAME, {d.driver_id: d.agreed for d in drivers}, palette.AGREED_COLOUR, width=3.5),
            RadarSeries(MEAN_NAME, {d.driver_id: d.mean for d in drivers}, palette.MEAN_COLOUR, dashed=True),
        ]
        if self.sectors_check.isChecked():
            for i, sector in enumerate(self._sector_totals):
                values = {d.driver_id: d.by_sector.get(sector) for d in drivers}
                series.append(RadarSeries(sector or "No sector", values, palette.series_colour(i).name(), width=1.5))
        self.radar.set_data(drivers, series, names)
        self.bars.set_data(drivers, names, AGREED_NAME, MEAN_NAME)

    # --- commands ---------------------------------------------------------------------------------------

    def _push_plans(self, text: str, changes: dict[str, dict[str, object]]) -> bool:
        """Apply ``changes`` (driver id -> set_driver_plan fields) as one undoable command."""
        if self.workshop_id is None or not changes:
            return False
        wid = self.workshop_id
        planning = self.ctx.services.planning
        before: list[DriverPlanRecord] = []

        def do() -> None:
            before.clear()
            for driver_id, fields in changes.items():
                before.append(planning.set_driver_plan(wid, driver_id, **fields).previous)

        def undo() -> None:
            for record in reversed(before):
                planning.restore_driver_plan(record)

        change = Change(frozenset({PLANS}), wid, tuple(changes))
        return self.ctx.push(ServiceCommand(self.ctx, text, do, undo, change))

    def set_target(self, driver_id: str, text: str) -> None:
        title = self.fw.driver(driver_id).title
        self._push_plans(f"Improvement target for {title}", {driver_id: {"improvement_target": text}})

    def set_target_level(self, driver_id: str, level: int | None) -> None:
        plan = self._plans.get(driver_id)
        if plan is not None and plan.target_level == level:
            return
        title = self.fw.driver(driver_id).title
        text = f"Target level {level} for {title}" if level is not None else f"No target level for {title}"
        self._push_plans(text, {driver_id: {"target_level": level}})

    def _target_level_chosen(self, index: int) -> None:
        if self._selected is not None:
            self.set_target_level(self._selected, self.target_level_combo.itemData(index))

    def _target_committed(self, text: str) -> None:
        if self._selected is not None:
            self.set_target(self._selected, text)

    def _chosen_order(self) -> list[str]:
        chosen = [p for p in self._plans.values() if p.priority is not None]
        return [p.driver_id for p in sorted(chosen, key=lambda p: (p.priority or 0, p.driver_id))]

    def _renumber(self, order: list[str], dropped: str | None = None) -> dict[str, dict[str, object]]:
        changes: dict[str, dict[str, object]] = {}
        for position, driver_id in enumerate(order, start=1):
            if self._plans[driver_id].priority != position:
                changes[driver_id] = {"priority": position}
        if dropped is not None:
            changes[dropped] = {"priority": None}
        return changes

    def set_priority(self, driver_id: str, chosen: bool) -> None:
        order = self._chosen_order()
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
        order = self._chosen_order()
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
