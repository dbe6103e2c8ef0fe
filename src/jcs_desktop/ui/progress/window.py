"""Progress and comparison: a workshop's series over time, what its actions moved, and how the
partnership compares with the other workshops in the store.

A window of its own (Workshop ▸ Progress and comparison…, Ctrl+Shift+G), for the workshop open or
selected in the list. Everything comes from ``SeriesService.progress`` read on a background
thread (it reads every workshop's agreed levels for the comparison); the window says so while
it reads and again when a change to the series makes it read afresh.

Tabs:
- Over time: per driver its agreed totals at each workshop against its own bands (a chart), and
  the table of totals and bands with the target set at each workshop, met or not at the next.
- Elements: each element's agreed level at each workshop.
- Did our actions move it: for each workshop and the next, the elements its actions served,
  their level then and after, beside the actions and the status they were reviewed with.
- How we compare: per driver and element the group's median, range and where this partnership
  stands; per sector of this workshop the driver totals. No figure rests on fewer than 3
  workshops or a sector of fewer than 3 people; the reason shows in its place. The sectors rest on
  individual scores: a driver's show only once Reconcile has revealed all its elements.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.domain.benchmark import MIN_PEOPLE, MIN_WORKSHOPS, Figure
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.tasks import run_task
from jcs_desktop.ui.progress.chart import DriverHistory, ProgressChart
from jcs_desktop.ui.progress.models import Cell, CellTableModel
from jcs_desktop.ui.widgets.charts import wrap_two_lines
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import format_date
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, mute, show_focus

STATUS_TEXT = {
    "done": "done",
    "partly": "partly done",
    "not-started": "not started",
    "dropped": "dropped",
    None: "not reviewed",
}
ARROWS = {"up": "▲", "down": "▼", "same": "="}


def _short(title: str, date) -> str:
    return f"{title} ({format_date(date)})" if date else title


def _fit_columns(view: QTableView, stretch: int, most: int = 30) -> None:
    """Columns as wide as their contents but at most about ``most`` characters (longer texts
    wrap), ``stretch`` taking what is left; rows as high as their text."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    cap = most * view.fontMetrics().averageCharWidth()
    for column in range(view.model().columnCount()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.resizeColumnToContents(column)
        header.resizeSection(column, min(header.sectionSize(column), cap))
    view.resizeRowsToContents()


def column_labels(workshops) -> list[str]:
    """Short column headings for the workshops of a series: their dates (or "Workshop n" where
    a date is missing or repeated); the full titles are the headings' tooltips."""
    dates = [w.date for w in workshops]
    labels = []
    for i, w in enumerate(workshops, start=1):
        if w.date is not None and dates.count(w.date) == 1:
            labels.append(format_date(w.date))
        else:
            labels.append(f"Workshop {i}")
    return labels


def _median(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


class ProgressWindow(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("progressWindow")
        self.ctx = ctx
        self.fw = ctx.framework
        self.workshop_id: int | None = None
        self.progress = None
        """The ``SeriesProgress`` shown (None until read)."""
        self._generation = 0
        self.setWindowTitle("Progress and comparison")

        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        mute(self.status_label)

        k = self.fw.level_count
        self.chart = ProgressChart(self)
        self.totals_model = CellTableModel(k, self)
        self.totals_view = self._table(self.totals_model, "Agreed totals over time")
        over_time = QSplitter(Qt.Orientation.Vertical, self)
        over_time.addWidget(self.chart)
        over_time.addWidget(self.totals_view)
        over_time.setStretchFactor(0, 3)
        over_time.setStretchFactor(1, 2)
        over_time.setChildrenCollapsible(False)
        self.chart.setMinimumHeight(230)  # the bars stay readable; at large text the table scrolls
        self.over_time = over_time

        self.levels_model = CellTableModel(k, self)
        self.levels_view = self._table(self.levels_model, "Agreed levels over time")
        self.moves_model = CellTableModel(k, self)
        self.moves_view = self._table(self.moves_model, "Did our actions move it")
        self.moves_view.setWordWrap(True)
        # The actions take what is left and wrap; the rest keep their contents' width.
        self.moves_view.horizontalHeader().setStretchLastSection(True)

        compare = QWidget(self)
        self.group_label = QLabel(compare)
        self.group_label.setWordWrap(True)
        self.exclude_check = QCheckBox("&Leave this workshop out of other partnerships' comparisons", compare)
        self.exclude_check.setToolTip(
            "A workshop left out still sees itself against the others; the others no longer see it"
        )
        self.exclude_check.clicked.connect(self._exclude_clicked)
        self.compare_tabs = QTabWidget(compare)
        self.compare_drivers_model = CellTableModel(k, self)
        self.compare_elements_model = CellTableModel(k, self)
        self.sectors_model = CellTableModel(k, self)
        self.compare_drivers_view = self._table(self.compare_drivers_model, "Drivers compared")
        self.compare_elements_view = self._table(self.compare_elements_model, "Elements compared")
        self.sectors_view = self._table(self.sectors_model, "Sectors of this workshop")
        self.compare_tabs.addTab(self.compare_drivers_view, "Drivers")
        self.compare_tabs.addTab(self.compare_elements_view, "Elements")
        self.compare_tabs.addTab(self.sectors_view, "Sectors")
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(4, 4, 4, 4)
        compare_layout.addWidget(self.group_label)
        compare_layout.addWidget(self.exclude_check)
        compare_layout.addWidget(self.compare_tabs, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(over_time, "&Over time")
        self.tabs.addTab(self.levels_view, "&Elements")
        self.tabs.addTab(self.moves_view, "&Did our actions move it")
        self.tabs.addTab(compare, "&How we compare")
        self.map_model = CellTableModel(k, self)
        self.map_view = self._table(self.map_model, "The Commissioning Map over time")
        self.tabs.addTab(self.map_view, "Commissioning &Map")

        self.refresh_button = QPushButton("&Refresh (F5)", self)
        self.refresh_button.clicked.connect(self.reload)
        close = QPushButton("Close (Esc)", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload, context=Qt.ShortcutContext.WindowShortcut)
        ctx.changed.connect(self._changed)
        self._apply_fonts()

    def _table(self, model: CellTableModel, name: str) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)
        view.setWordWrap(True)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        show_focus(view)
        return view

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
            if self.progress is not None:  # the tables measure their text: fit them to the new size
                self._show(self.progress)

    def _apply_fonts(self) -> None:
        self.title_label.setFont(scaled_font(self.font(), TITLE_SCALE, bold=True))

    # -- what it shows ---------------------------------------------------------------------

    def show_workshop(self, workshop_id: int) -> None:
        """Show ``workshop_id``'s series (read in the background) and bring the window up."""
        if workshop_id != self.workshop_id:
            self.workshop_id = workshop_id
            self.progress = None
            for model in self._models():
                model.set_table([], [])
            self.chart.set_data([], [], self.fw.level_count)
            self.title_label.setText("")
        self.reload()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if not self.isVisible() and screen is not None:
            self.resize(min(1200, int(screen.width() * 0.92)), min(760, int(screen.height() * 0.92)))
        self.show()
        self.raise_()
        self.activateWindow()

    def _models(self) -> list[CellTableModel]:
        return [
            self.totals_model,
            self.levels_model,
            self.moves_model,
            self.compare_drivers_model,
            self.compare_elements_model,
            self.sectors_model,
        ]

    def reload(self) -> None:
        if self.workshop_id is None:
            return
        self._generation += 1
        generation, wid = self._generation, self.workshop_id
        self.status_label.setText("Reading the series and the other workshops…")
        services = self.ctx.services

        def done(result: object) -> None:
            if generation == self._generation:
                self._show(result)

        def failed(exc: Exception) -> None:
            if generation != self._generation:
                return
            if isinstance(exc, (ServiceError, StoreError)):
                self.status_label.setText(f"Could not read the series: {exc}")
            else:
                self.status_label.setText("Could not read the series (an unexpected error).")
                raise exc

        run_task(self, "Progress", lambda _report: services.series.progress(wid), done, failed, show_progress=False)

    def _changed(self, change) -> None:
        """A change to a workshop of the shown series (or any agreement, for the comparison): read again."""
        if self.progress is None or not self.isVisible() or not isinstance(change, Changes):
            return
        if change.agreed or change.plans or change.actions or change.workshop is not None or change.workshop_list:
            self.reload()
        elif change.map_features:
            self._show_map(self.progress, column_labels(self.progress.workshops))

    def _show(self, progress) -> None:
        self.progress = progress
        workshop = progress.workshop
        names = column_labels(progress.workshops)
        self.full_names = [_short(w.title, w.date) for w in progress.workshops]
        self.setWindowTitle(f"Progress and comparison — {workshop.partnership or workshop.title}")
        count = len(progress.workshops)
        if count == 1:
            heading = f"{workshop.title}: the first workshop of its series"
        else:
            who = workshop.partnership or workshop.title
            heading = f"{who}: {count} workshops, {names[0]} → {names[-1]}"
        self.title_label.setText(heading)
        self.title_label.setToolTip(" → ".join(self.full_names))
        self.status_label.setText(
            f"{count} workshops in this series up to this one · F5 reads again"
            if count > 1
            else "File ▸ Attach to series… links a workshop to an earlier one · F5 reads again"
        )
        self._show_over_time(progress, names)
        self._show_levels(progress, names)
        self._show_moves(progress)
        self._show_compare(progress)
        self._show_map(progress, names)

    def _show_over_time(self, progress, names: list[str]) -> None:
        fw = self.fw
        histories = [
            DriverHistory(
                d.id,
                d.title,
                tuple(tuple(t) for t in d.thresholds),
                tuple(total for total, _band in progress.totals[d.id]),
            )
            for d in fw.drivers
        ]
        self.chart.set_data(histories, names, fw.level_count)
        headers = ["Driver", *names, "Target set last time"]
        tips = ["Driver", *self.full_names, "The target level set at the previous workshop, and whether it is met now"]
        rows = []
        for d in fw.drivers:
            row = [Cell(d.title, bold=True, left=True)]
            for total, band in progress.totals[d.id]:
                text = "–" if total is None else f"{total} (level {band})"
                row.append(Cell(text, band=band))
            row.append(self._target_cell(progress, d.id))
            rows.append(row)
        self.totals_model.set_table(headers, rows, tips)
        _fit_columns(self.totals_view, len(headers) - 1)
        self._fit_totals()

    def _fit_totals(self) -> None:
        """The totals table as high as its six rows; the chart takes the rest."""
        view = self.totals_view
        view.resizeRowsToContents()
        height = view.horizontalHeader().sizeHint().height() + view.verticalHeader().length()
        height += 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height() + 2
        view.setMaximumHeight(height)

    def _target_cell(self, progress, driver_id: str) -> Cell:
        if len(progress.workshops) < 2:
            return Cell("–", "No earlier workshop in the series")
        target = progress.targets[-2].get(driver_id)
        if target is None:
            return Cell("No target set")
        band = progress.totals[driver_id][-1][1]
        name = self.fw.levels[target - 1].name
        if band is None:
            return Cell(
                f"Level {target}: not judged yet", f"Target level {target}, {name}: judged once every element is agreed"
            )
        met = band >= target
        return Cell(f"Level {target}: {'met' if met else 'not met'}", f"Target level {target}, {name}", bold=met)

    def _show_levels(self, progress, names: list[str]) -> None:
        headers = ["Element", *names, "Change"]
        tips = ["Element", *self.full_names, "From the first workshop that agreed it to this one"]
        rows = []
        for d in self.fw.drivers:
            for e in d.elements:
                history = progress.levels[e.id]
                row = [Cell(e.title, f"{d.title}: {e.title}", left=True)]
                row += [Cell("–" if v is None else str(v), band=v) for v in history]
                first = next((v for v in history if v is not None), None)
                last = history[-1]
                if len(history) < 2 or first is None or last is None:
                    row.append(Cell("–"))
                else:
                    delta = last - first
                    word = "up" if delta > 0 else "down" if delta < 0 else "same"
                    row.append(
                        Cell(
                            f"{ARROWS[word]} {abs(delta) if delta else ''}".strip(), f"Since the first workshop: {word}"
                        )
                    )
                rows.append(row)
        self.levels_model.set_table(headers, rows, tips)
        _fit_columns(self.levels_view, 0)

    def _show_moves(self, progress) -> None:
        headers = ["Between", "Element", "Level then → after", "Actions and how they were reviewed"]
        rows = []
        label = dict(zip((w.id for w in progress.workshops), column_labels(progress.workshops), strict=True))
        for before, after, moves in progress.moves:
            between = f"{label.get(before.id, before.title)} →\n{label.get(after.id, after.title)}"
            between_tip = f"{_short(before.title, before.date)} → {_short(after.title, after.date)}"
            for m in moves:
                element = self.fw.element(m.element_id)
                then = "–" if m.before is None else str(m.before)
                now = "–" if m.after is None else str(m.after)
                arrow = f"  {ARROWS[m.direction]}" if m.direction else ""
                actions = "\n".join(
                    f"• {a.text or '(no aim written)'} — {STATUS_TEXT.get(a.status, a.status)}" for a in m.actions
                )
                rows.append(
                    [
                        Cell(between, between_tip, left=True),
                        Cell(element.title, left=True, bold=True),
                        Cell(f"{then} → {now}{arrow}", band=m.after),
                        Cell(actions, left=True),
                    ]
                )
        if not rows:
            note = (
                "No earlier workshop in this series."
                if len(progress.workshops) < 2
                else "None of the earlier workshops' actions was linked to an element."
            )
            rows.append([Cell(note, left=True), Cell(""), Cell(""), Cell("")])
        self.moves_model.set_table(headers, rows)
        _fit_columns(self.moves_view, 3)

    def _show_map(self, progress, names: list[str]) -> None:
        """Each feature of the Commissioning Map: where the partnership stood at each workshop (one
        small read per workshop, here: the series' own read does not carry the map)."""
        strategy = self.ctx.services.strategy
        try:
            statuses = [strategy.map_status(w.id) for w in progress.workshops]
        except (ServiceError, StoreError) as exc:
            self.map_model.set_table(["Feature"], [[Cell(f"Could not read the map: {exc}", left=True)]])
            return
        words = {"not-started": "–", "in-progress": "In progress", "done": "Done"}
        cmap = strategy.commissioning_map
        headers = ["Feature", *names]
        tips = ["The features of the Commissioning Map", *self.full_names]
        rows = []
        here = cmap.catalyst_feature().id
        for stage in cmap.stages:
            for feature in stage.features:
                name = f"{stage.title} {feature.label} {feature.text}"
                if feature.id == here:  # where the map places these workshops, as the Strategy step marks it
                    row = [Cell(f"{name}\n▶ Where these workshops sit", left=True, bold=True)]
                else:
                    row = [Cell(name, left=True)]
                for status in statuses:
                    record = status[feature.id]
                    text = words.get(record.status, record.status)
                    if record.date is not None:
                        text += f"\n{format_date(record.date)}"
                    row.append(Cell(text, record.note, bold=record.status == "done"))
                rows.append(row)
        self.map_model.set_table(headers, rows, tips)
        _fit_columns(self.map_view, 0, most=60)

    def _figure_cells(self, figure: Figure, value_text: str) -> list[Cell]:
        if not figure.shown:
            return [Cell(value_text), Cell("–"), Cell("–"), Cell(str(figure.n)), Cell(figure.reason(), left=True)]
        dist = figure.distribution
        assert dist is not None
        return [
            Cell(value_text, bold=True),
            Cell(_median(dist.median), band=figure.band),
            Cell(f"{dist.min}–{dist.max}"),
            Cell(str(figure.n)),
            Cell(figure.standing() or "–", left=True),
        ]

    def _show_compare(self, progress) -> None:
        bench = progress.benchmark
        workshop = progress.workshop
        excluded = bool(getattr(workshop, "exclude_from_benchmarks", False))
        self.exclude_check.setChecked(excluded)
        self.group_label.setText(
            f"Compared with the latest workshop of each partnership in this database: {bench.group} "
            f"partnership{'s' if bench.group != 1 else ''}, this one included. No figure is shown from fewer than "
            f"{MIN_WORKSHOPS} workshops, and no sector of fewer than {MIN_PEOPLE} people."
        )
        headers = ["Driver", "This partnership", "Median", "Range", "Workshops", "Where it stands"]
        rows = []
        for d in self.fw.drivers:
            figure = bench.drivers[d.id]
            value = "–" if figure.value is None else str(figure.value)
            rows.append([Cell(d.title, bold=True, left=True), *self._figure_cells(figure, value)])
        self.compare_drivers_model.set_table(headers, rows)
        _fit_columns(self.compare_drivers_view, 5)
        headers = ["Element", "This partnership", "Median", "Range", "Workshops", "Where it stands"]
        rows = []
        for d in self.fw.drivers:
            for e in d.elements:
                figure = bench.elements[e.id]
                value = "–" if figure.value is None else str(figure.value)
                rows.append([Cell(e.title, f"{d.title}: {e.title}", left=True), *self._figure_cells(figure, value)])
        self.compare_elements_model.set_table(headers, rows)
        _fit_columns(self.compare_elements_view, 5)
        self._show_sectors(progress)

    def _driver_revealed(self, driver_id: str) -> bool:
        live = self.ctx.live
        if live is not None and live.workshop.id == self.workshop_id and live.workshop.route == "consensus":
            return True
        reveal = self.ctx.reveal
        if reveal.workshop_id != self.workshop_id:
            return False
        return reveal.all_revealed(e.id for e in self.fw.driver(driver_id).elements)

    def _show_sectors(self, progress) -> None:
        headers = ["Sector", "People", *[d.title for d in self.fw.drivers]]
        rows = []
        for figure in progress.sectors:
            row = [Cell(figure.sector, bold=True, left=True), Cell(str(figure.people))]
            for d in self.fw.drivers:
                if not figure.shown:
                    row.append(Cell("–", figure.reason()))
                elif not self._driver_revealed(d.id):
                    row.append(Cell("Hidden until revealed in Reconcile"))
                else:
                    dist = figure.totals[d.id] if figure.totals else None
                    if dist is None or dist.mean is None:
                        row.append(Cell("–", f"Fewer than {MIN_PEOPLE} of them scored every element of this driver"))
                    else:
                        row.append(
                            Cell(f"{dist.mean:.1f}", f"Mean total of {dist.n} people, range {dist.min}–{dist.max}")
                        )
            if not figure.shown:
                row[1] = Cell(f"{figure.people} (too few to show)", figure.reason())
            rows.append(row)
        tips = ["Sector", "People of the sector in this workshop", *[d.title for d in self.fw.drivers]]
        headers = ["Sector", "People", *[wrap_two_lines(d.title) for d in self.fw.drivers]]
        self.sectors_model.set_table(headers, rows, tips)
        _fit_columns(self.sectors_view, 0)

    # -- leaving a workshop out of comparisons ---------------------------------------------------

    def _exclude_clicked(self, checked: bool) -> None:
        if self.workshop_id is None or self.progress is None:
            return
        from jcs_desktop.ui.commands.workshops import SetBenchmarkExcluded

        if not self.ctx.push(SetBenchmarkExcluded(self.ctx, self.workshop_id, checked, self.progress.workshop.title)):
            self.exclude_check.setChecked(not checked)
