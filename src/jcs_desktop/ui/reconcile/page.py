"""Reconcile: the screen the facilitator projects while the group explores its differences.

For the current element the page shows its four descriptors (always), and — once the
facilitator reveals them — the distribution of individual scores, their statistics and
who sees it differently (a sectors × elements and a participants × elements heatmap).
The facilitator records the agreed level (the median is offered as a suggestion, marked
as such until a level is agreed), a rationale, and "agreed with reservations" with a note
of the dissent. Every edit is an undoable command, saved at once.

Anti-anchoring: individual scores start hidden whenever a workshop is opened on this page
and whenever the current element changes; revealing is per element. Which elements have been
revealed since the workshop was opened is kept in ``ctx.reveal`` (``ui/core/reveal.py``), which
Final scores reads too, so nothing resting on an unrevealed element shows on either step.
"Reveal every element's scores" (Ctrl+Shift+R) reveals them all at once after asking. While hidden, the
statistics, the median suggestion, the heatmaps and the room display show no score at
all (the models are emptied, not just covered). People can be named, shown by letter
(an anonymous label drawn at random once per opening, never in entry order) or by sector
only; the room display never names anyone.

Keyboard (anywhere on the page, from the moment it opens): Ctrl+R reveal/hide, Ctrl+Shift+R reveal all, 1…4 (or
Ctrl+1…Ctrl+4) agree a level, 0 or Delete clear it, Ctrl+M agree the suggested level,
Alt+Right / Alt+Left next / previous element (in the chosen order), Ctrl+T start or pause
the timer, F5 open or close the room display. The page shows these keys beside its buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.domain.scoring import ElementStats, Results, Score, suggested_level
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.dto import AgreedRecord, ParticipantRecord
from jcs_desktop.ui.core.context import AGREED, PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change, ServiceCommand
from jcs_desktop.ui.core.step_page import StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.reconcile.agreement import AgreementPanel
from jcs_desktop.ui.reconcile.models import ELEMENT_ID_ROLE, Anonymity, ElementListModel, Order
from jcs_desktop.ui.reconcile.room import RoomDisplayWindow, RoomFeed, RoomView
from jcs_desktop.ui.reconcile.scores import ScoresPanel
from jcs_desktop.ui.reconcile.toolbar import ReconcileToolbar
from jcs_desktop.ui.reconcile.widgets import DescriptorCards, ElementTimer
from jcs_desktop.ui.widgets.delegates import FrameSelectionDelegate
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import element_number
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, show_focus

SETTING_ANONYMITY = "reconcile/anonymity"
SETTING_TIMER_MINUTES = "reconcile/timer_minutes"


class ReconcilePage(StepPage):
    step = STEP_BY_KEY["reconcile"]
    current_element_changed = Signal(str)
    revealed_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.setAccessibleName("Reconcile")
        self._results: Results | None = None
        self._agreed: dict[str, AgreedRecord] = {}
        self._people: list[ParticipantRecord] = []
        self._scores: dict[int, dict[str, Score]] = {}
        self._current: str | None = None
        self._revealed = False
        """Whether the current element's scores are shown now; which elements have been revealed
        since the workshop was opened is ``ctx.reveal``, shared with every page."""
        self._selecting = False
        self._last_status: StepStatus | None = None
        self._sector_order: list[str] = []
        stored = str(ctx.settings.value(SETTING_ANONYMITY, Anonymity.LETTERS.value))
        self._anonymity = Anonymity(stored) if stored in Anonymity._value2member_map_ else Anonymity.LETTERS
        self.feed = RoomFeed(self)
        self.room_window: RoomDisplayWindow | None = None
        try:
            minutes = int(ctx.settings.value(SETTING_TIMER_MINUTES, 5))
        except (TypeError, ValueError):
            minutes = 5
        self.timer = ElementTimer(minutes, self)

        self._build()
        self._build_actions()
        self._apply_fonts()
        self.timer.changed.connect(self._timer_changed)
        ctx.changed.connect(self._on_changed)
        ctx.font_scale_changed.connect(self._font_scale_changed)  # bound: ends with the page
        ctx.reveal_changed.connect(self._reveal_changed)

    def _font_scale_changed(self, _scale: float) -> None:
        self._apply_fonts()

    # --- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        fw = self.fw
        self.toolbar = ReconcileToolbar(self.timer, self._anonymity, self)
        bar = self.toolbar
        self.order_combo = bar.order_combo
        self.reveal_button = bar.reveal_button
        self.anonymity_combo = bar.anonymity_combo
        self.timer_minutes = bar.timer_minutes
        self.timer_button = bar.timer_button
        self.timer_reset_button = bar.timer_reset_button
        self.timer_label = bar.timer_label
        self.room_button = bar.room_button
        self.title_label = bar.title_label
        self.order_combo.currentIndexChanged.connect(self._order_chosen)
        self.reveal_button.toggled.connect(self.set_revealed)
        self.anonymity_combo.currentIndexChanged.connect(self._anonymity_chosen)
        self.timer_minutes.valueChanged.connect(self._timer_minutes_changed)
        self.timer_button.clicked.connect(self.timer.toggle)
        self.timer_reset_button.clicked.connect(self.timer.reset)
        self.room_button.toggled.connect(self._room_toggled)

        # Element list.
        self.element_model = ElementListModel(fw, self)
        self.element_view = QTableView(self)
        self.element_view.setModel(self.element_model)
        self.element_view.setAccessibleName("Elements")
        self.element_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.element_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.element_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.element_view.verticalHeader().hide()
        self.element_view.setTabKeyNavigation(False)  # Tab moves on to the element; arrows move in the list
        show_focus(self.element_view, "palette(window-text)")  # its highlight is the pale row colour
        self.element_view.setWordWrap(False)
        self.element_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.element_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        FrameSelectionDelegate.install(self.element_view)
        self.element_view.selectionModel().currentRowChanged.connect(self._row_changed)

        # Current element: heading and the four descriptors.
        self.driver_label = QLabel(self)
        self.driver_label.setAccessibleName("Driver")
        self.element_label = QLabel(self)
        self.element_label.setWordWrap(True)
        self.element_label.setAccessibleName("Element")
        self.cards = DescriptorCards(fw.level_count, self)
        self.previous_button = QPushButton("◀ Previous", self)
        self.previous_button.setAccessibleName("Previous element")
        self.previous_button.setToolTip("The previous element, in the chosen order (Alt+Left)")
        self.previous_button.clicked.connect(lambda: self.step_element(-1))
        self.next_button = QPushButton("Next ▶", self)
        self.next_button.setAccessibleName("Next element")
        self.next_button.setToolTip("The next element, in the chosen order (Alt+Right)")
        self.next_button.clicked.connect(lambda: self.step_element(1))

        # Scores: hidden placeholder, or tabs with the distribution and heatmaps.
        self.scores_stack = ScoresPanel(fw, self)
        scores = self.scores_stack
        self.hidden_label = scores.hidden_label
        self.stats_label = scores.stats_label
        self.chart = scores.chart
        self.tabs = scores.tabs
        self.sector_model = scores.sector_model
        self.sector_view = scores.sector_view
        self.people_model = scores.people_model
        self.people_view = scores.people_view

        # Agreement.
        self.agreement_box = AgreementPanel(fw, self)
        agreement = self.agreement_box
        self.level_buttons = agreement.level_buttons
        self.clear_button = agreement.clear_button
        self.suggestion_label = agreement.suggestion_label
        self.accept_button = agreement.accept_button
        self.rationale_edit = agreement.rationale_edit
        self.reservations_check = agreement.reservations_check
        self.dissent_edit = agreement.dissent_edit
        agreement.level_clicked.connect(self.agree_level)
        self.clear_button.clicked.connect(self.clear_agreement)
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.rationale_edit.committed.connect(self._rationale_committed)
        self.reservations_check.clicked.connect(self._reservations_clicked)
        self.dissent_edit.editingFinished.connect(self._dissent_finished)

        # Layout: the element list, the element (heading, descriptors, scores) and, always in view
        # on the right, moving on and agreeing. At large text on a 768-pixel-high laptop the
        # element's column scrolls, never the agreement: its buttons stay where the hand expects.
        main = QWidget(self)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(6, 0, 0, 0)
        main_layout.addWidget(self.driver_label)
        main_layout.addWidget(self.element_label)
        main_layout.addWidget(self.cards, 0)
        main_layout.addWidget(self.scores_stack, 1)
        self.main_scroll = VerticalScrollArea(main, self)

        self.agreement_column = QWidget(self)
        column = QVBoxLayout(self.agreement_column)
        column.setContentsMargins(6, 0, 0, 0)
        moves = QHBoxLayout()
        moves.addWidget(self.previous_button)
        moves.addWidget(self.next_button)
        column.addLayout(moves)
        column.addWidget(self.agreement_box, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.element_view)
        self.splitter.addWidget(self.main_scroll)
        # Scrolls only as a last resort (the largest text with high contrast's thicker frames), so
        # the window can still be made as small as a laptop's screen.
        self.agreement_scroll = VerticalScrollArea(self.agreement_column, self)
        self.splitter.addWidget(self.agreement_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 800, 300])
        self.element_view.setMinimumWidth(160)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.toolbar)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)

    def _build_actions(self) -> None:
        # Window-wide while the page is shown (a hidden page's actions are inactive), so the keys
        # work as soon as the page opens, wherever the focus is, e.g. still in the list of steps.
        # Text boxes keep their own typing: they claim plain digits and Delete before any shortcut.
        def action(text: str, keys: list[QKeySequence | str], slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.reveal_action = action("Reveal or hide scores", ["Ctrl+R"], self.reveal_button.toggle)
        self.reveal_all_action = action("Reveal every element's scores…", ["Ctrl+Shift+R"], self.reveal_all)
        self.room_action = action("Room display", [QKeySequence(Qt.Key.Key_F5)], self.room_button.toggle)
        self.accept_action = action("Agree the suggested level", ["Ctrl+M"], self.accept_suggestion)
        self.next_action = action("Next element", ["Alt+Right"], lambda: self.step_element(1))
        self.previous_action = action("Previous element", ["Alt+Left"], lambda: self.step_element(-1))
        self.timer_action = action("Start or pause the timer", ["Ctrl+T"], self.timer.toggle)
        self.level_actions = [
            action(
                f"Agree level {lv.number}",
                [str(lv.number), f"Ctrl+{lv.number}"],
                lambda _c=False, n=lv.number: self.agree_level(n),
            )
            for lv in self.fw.levels
            if lv.number <= 9
        ]
        self.clear_action = action(
            "Clear the agreed level", ["0", QKeySequence(Qt.Key.Key_Delete)], self.clear_agreement
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the app-wide text size changed
            self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = self.font()
        self.driver_label.setFont(scaled_font(base, 1.1))
        # The title grows less than the text at large sizes: it is read once, the descriptors discussed.
        self.element_label.setFont(scaled_font(base, 1.6 if base.pointSizeF() < 12 else 1.3, bold=True))
        self.cards.set_fonts(base, 1.05)
        self._fit_cards()
        self.scores_stack.apply_fonts(base)
        self.agreement_box.apply_fonts(base)
        self.toolbar.apply_fonts(base)
        self._fit_element_list()

    def _fit_element_list(self) -> None:
        """Wide enough for every column's title, so the list never scrolls sideways and the agreed
        levels stay in view at any text size (the element names shorten, with a tool tip)."""
        view = self.element_view
        header = view.horizontalHeader()
        need = sum(header.sectionSizeHint(c) for c in range(header.count()))
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 2
        view.setMinimumWidth(max(160, need + frame))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_cards()

    def _fit_cards(self) -> None:
        """Four descriptors side by side when each gets about 18 characters a line, else two by two."""
        if not hasattr(self, "main_scroll"):
            return
        card_width = 18 * self.cards.fontMetrics().averageCharWidth() * 1.05 + 24
        room = self.main_scroll.viewport().width() or self.main_scroll.width()
        self.cards.set_columns(self.fw.level_count if room >= card_width * self.fw.level_count else 2)

    # --- the step-page contract ---------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self._commit_edits()
        self.workshop_id = workshop_id
        self._current = None
        self._revealed = False
        self.ctx.reveal.open(workshop_id)  # opening the workshop here hides everything again
        self._load()
        if self._results is not None or self.workshop_id is not None:
            ids = self.element_model.element_ids()
            if ids:
                self.select_element(ids[0])
        self._emit_status_if_changed()

    def step_status(self) -> StepStatus:
        total = len(self.fw.element_ids())
        if self.workshop_id is None:
            return StepStatus(False, "No workshop open")
        agreed = sum(1 for e in self.fw.element_ids() if e in self._agreed)
        if agreed == total:
            return StepStatus(True, f"All {total} elements agreed")
        left = ""
        if self._results is not None:
            # Only among revealed elements: a count of the others would tell their spread early.
            open_divergent = [
                s
                for s in self._results.elements.values()
                if s.divergent and s.element_id not in self._agreed and self.ctx.reveal.is_revealed(s.element_id)
            ]
            if open_divergent:
                left = f"; {len(open_divergent)} divergent still to discuss"
        return StepStatus(False, f"{agreed} of {total} elements agreed{left}")

    def _emit_status_if_changed(self) -> None:
        status = self.step_status()
        if status != self._last_status:
            self._last_status = status
            self.status_changed.emit()

    # --- data -----------------------------------------------------------------------------------

    def _load(self) -> None:
        services = self.ctx.services
        if self.workshop_id is None:
            self._results, self._agreed, self._people, self._scores = None, {}, [], {}
        else:
            try:
                self._results = services.scores.results(self.workshop_id)
                self._agreed = services.scores.agreed_for_workshop(self.workshop_id)
                self._people = services.participants.list(self.workshop_id)
                self._scores = services.scores.scores_for_workshop(self.workshop_id)
                self._sector_order = services.participants.sectors()
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
                self._results, self._agreed, self._people, self._scores = None, {}, [], {}
        order = Order(self.order_combo.currentData())
        self.element_model.set_data(self._results, self._agreed, order, self.ctx.reveal.revealed)
        self._sync_selection()
        self._render()

    def _on_changed(self, change: Change) -> None:
        if self.workshop_id is None or (change.workshop_id is not None and change.workshop_id != self.workshop_id):
            return
        if change.touches(AGREED, SCORES, PARTICIPANTS, WORKSHOPS):
            self._load()
            self._emit_status_if_changed()

    # --- current element --------------------------------------------------------------------------

    @property
    def current_element(self) -> str | None:
        return self._current

    def select_element(self, element_id: str) -> None:
        if element_id == self._current:
            self._sync_selection()
            return
        self._commit_edits()  # keep an edit in progress with the element it belongs to
        self._current = element_id
        self._revealed = False  # hidden again for every new element: no anchoring
        self.timer.reset()
        self._sync_selection()
        self._render()
        self.current_element_changed.emit(element_id)

    def step_element(self, delta: int) -> None:
        ids = self.element_model.element_ids()
        if not ids:
            return
        i = ids.index(self._current) if self._current in ids else -1
        self.select_element(ids[max(0, min(len(ids) - 1, i + delta))])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        element_id = current.data(ELEMENT_ID_ROLE)
        if element_id:
            self.select_element(element_id)

    def _sync_selection(self) -> None:
        self.element_model.set_current(self._current)
        row = self.element_model.row_of(self._current) if self._current else -1
        if row < 0:
            return
        self._selecting = True
        try:
            index = self.element_model.index(row, 0)
            self.element_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.element_view.scrollTo(index)
        finally:
            self._selecting = False

    def _order_chosen(self) -> None:
        self._refresh_element_list()

    def _refresh_element_list(self) -> None:
        self.element_model.set_data(
            self._results, self._agreed, Order(self.order_combo.currentData()), self.ctx.reveal.revealed
        )
        self._sync_selection()

    def set_order(self, order: Order) -> None:
        self.order_combo.setCurrentIndex(self.order_combo.findData(order.value))

    # --- reveal and anonymity ---------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_revealed(self, revealed: bool) -> None:
        if revealed == self._revealed:
            return
        self._revealed = revealed
        # A newly revealed element re-renders through ``_reveal_changed``; otherwise render here.
        if not (revealed and self._current is not None and self.ctx.reveal.reveal(self._current)):
            self._render()
        self.revealed_changed.emit(revealed)

    def reveal_all(self) -> None:
        """Reveal every element's scores at once, e.g. to look back over a workshop already reconciled.

        Asks first: seeing every score before discussing an element is what hiding them prevents.
        """
        if self.workshop_id is None:
            return
        ids = self.fw.element_ids()
        if self.ctx.reveal.all_revealed(ids):
            self.ctx.status_message.emit("Every element's scores are revealed already")
            if not self._revealed:
                self.reveal_button.setChecked(True)
            return
        answer = QMessageBox.question(
            self,
            "Reveal every element's scores",
            "Reveal the individual scores of every element now, including those not discussed yet?\n\n"
            "Seeing the scores before discussing an element can anchor the discussion. They stay "
            "revealed on every step until the workshop is opened again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.reveal.reveal_all(ids)
        self.reveal_button.setChecked(True)
        self.ctx.status_message.emit("Every element's scores revealed")

    def _reveal_changed(self) -> None:
        if self.ctx.reveal.workshop_id != self.workshop_id:
            return  # another workshop opened; ``set_workshop`` follows
        self._refresh_element_list()  # a revealed spread may show now, and take its place by divergence
        self._emit_status_if_changed()
        self._render()

    def _labels(self) -> dict[int, str]:
        """Anonymous labels in an order drawn once per opening, not the order people were entered in."""
        return self.ctx.reveal.anonymous_labels(p.id for p in self._people)

    @property
    def anonymity(self) -> Anonymity:
        return self._anonymity

    def set_anonymity(self, mode: Anonymity) -> None:
        self.anonymity_combo.setCurrentIndex(self.anonymity_combo.findData(mode.value))

    def _anonymity_chosen(self) -> None:
        self._anonymity = Anonymity(self.anonymity_combo.currentData())
        self.ctx.settings.setValue(SETTING_ANONYMITY, self._anonymity.value)
        self._render()

    # --- rendering --------------------------------------------------------------------------------

    def _stats(self) -> ElementStats | None:
        if self._results is None or self._current is None:
            return None
        return self._results.elements.get(self._current)

    def _render(self) -> None:
        fw = self.fw
        level_names = [lv.name for lv in fw.levels]
        self.toolbar.show_revealed(self._revealed)
        if self._current is None:
            self.driver_label.setText("")
            self.element_label.setText("Open a workshop to reconcile its scores")
            self.scores_stack.show_nothing()
            self._render_agreement(None, None)
            self._publish()
            return
        element = fw.element(self._current)
        driver = fw.driver_of(self._current)
        number = element_number(fw, element.id)
        self.driver_label.setText(f"{driver.title}  ·  {number}")
        self.element_label.setText(element.title)
        self.cards.set_element(level_names, element.descriptors)
        stats = self._stats()
        record = self._agreed.get(self._current)
        suggestion = suggested_level(stats) if (stats is not None and self._revealed) else None
        self.cards.set_marks(record.level if record else None, suggestion)

        if self._revealed:
            self.scores_stack.show_scores(
                self._current,
                stats,
                record.level if record else None,
                results=self._results,
                agreed_levels={e: (r.level if r else None) for e, r in self._agreed.items()},
                sector_order=self._sector_order,
                participants=self._people,
                scores=self._scores,
                anonymity=self._anonymity,
                revealed=self.ctx.reveal.revealed,
                labels=self._labels(),
            )
        else:
            self.scores_stack.show_hidden(stats, len(self._people))
        self._render_agreement(record, suggestion)
        self._publish()

    def _render_agreement(self, record: AgreedRecord | None, suggestion: int | None) -> None:
        has_element = self._current is not None and self.workshop_id is not None
        self.agreement_box.show_record(record, suggestion, has_element=has_element, revealed=self._revealed)

    def _publish(self) -> None:
        fw = self.fw
        if self._current is None:
            self.feed.publish(RoomView(timer_text=self._timer_text()))
            return
        element = fw.element(self._current)
        stats = self._stats()
        record = self._agreed.get(self._current)
        revealed = self._revealed and stats is not None
        self.feed.publish(
            RoomView(
                element_id=element.id,
                driver_title=fw.driver_of(element.id).title,
                number=element_number(fw, element.id),
                element_title=element.title,
                level_names=tuple(lv.name for lv in fw.levels),
                descriptors=tuple(element.descriptors),
                revealed=revealed,
                counts=dict(stats.overall.counts) if revealed else {},
                scored=stats.overall.n if revealed else 0,
                not_sure=stats.not_sure if revealed else 0,
                agreed=record.level if record else None,
                timer_text=self._timer_text(),
                timer_overtime=self.timer.overtime,
            )
        )

    # --- agreement commands -------------------------------------------------------------------------

    def _push_agreed(self, text: str, **fields: object) -> bool:
        if self.workshop_id is None or self._current is None:
            return False
        wid, eid = self.workshop_id, self._current
        scores = self.ctx.services.scores
        before: dict[str, AgreedRecord | None] = {}

        def do() -> None:
            before["record"] = scores.set_agreed(wid, eid, **fields).previous
            before["after"] = scores.get_agreed(wid, eid)

        def undo() -> None:
            # Refused (nothing written) if another window has changed the agreement since.
            scores.restore_agreed(wid, eid, before.get("record"), expected=before.get("after"))

        number = element_number(self.fw, eid)
        change = Change(frozenset({AGREED}), wid, (eid,))
        return self.ctx.push(ServiceCommand(self.ctx, f"{text} ({number})", do, undo, change))

    def agree_level(self, level: int) -> None:
        record = self._agreed.get(self._current or "")
        if record is not None and record.level == level:
            self._render()  # re-check the button the click just unchecked
            return
        self._push_agreed(f"Agree level {level}", level=level)

    def accept_suggestion(self) -> None:
        stats = self._stats()
        if not self._revealed or stats is None or self._current in self._agreed:
            return
        level = suggested_level(stats)
        if level is not None:
            self._push_agreed(f"Agree suggested level {level}", level=level)

    def clear_agreement(self) -> None:
        if self._current in self._agreed:
            self._push_agreed("Clear agreed level", level=None)

    def _rationale_committed(self, text: str) -> None:
        if self._current in self._agreed:
            self._push_agreed("Edit rationale", rationale=text)

    def _reservations_clicked(self, checked: bool) -> None:
        if self._current in self._agreed:
            self._push_agreed("Agreed with reservations" if checked else "No reservations", with_reservations=checked)

    def _dissent_finished(self) -> None:
        if not self.dissent_edit.isModified():  # focus left without an edit
            return
        record = self._agreed.get(self._current or "")
        text = self.dissent_edit.text().strip()
        self.dissent_edit.setModified(False)
        if record is not None and text != record.reservation_note:
            self._push_agreed("Edit note of dissent", reservation_note=text)

    def _commit_edits(self) -> None:
        """Save what is being typed for the current element before leaving it."""
        self.rationale_edit.commit()
        if self.dissent_edit.isModified():
            self._dissent_finished()

    # --- timer -------------------------------------------------------------------------------------

    def _timer_text(self) -> str:
        return self.timer.text() if self.timer.started else ""

    def _timer_changed(self) -> None:
        self.toolbar.show_timer()
        self._publish()

    def _timer_minutes_changed(self, minutes: int) -> None:
        self.timer.set_minutes(minutes)
        self.ctx.settings.setValue(SETTING_TIMER_MINUTES, minutes)

    # --- room display --------------------------------------------------------------------------------

    def _room_toggled(self, on: bool) -> None:
        if on:
            self.open_room_display()
        elif self.room_window is not None:
            self.room_window.close()

    def open_room_display(self) -> RoomDisplayWindow:
        if self.room_window is None:
            self.room_window = RoomDisplayWindow(self.feed, self.fw.level_count, self, self.ctx.settings)
            self.room_window.closed.connect(self._room_closed)
        self.room_window.place()
        if self.room_window.placement_note:
            self.ctx.status_message.emit(self.room_window.placement_note)
        self.toolbar.show_room_open(True)
        return self.room_window

    def _room_closed(self) -> None:
        self.toolbar.show_room_open(False)
        if self.room_window is not None:
            self.room_window.deleteLater()
            self.room_window = None


__all__ = ["ReconcilePage"]
