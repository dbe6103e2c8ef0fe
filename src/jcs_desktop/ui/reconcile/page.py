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

What is shown comes from the open workshop's live state (``ctx.live``). A change names what it
changed, and only that is updated: an agreed level re-renders the current element's agreement
and the one row of the element list; new individual scores the element's statistics too.

Keyboard (anywhere on the page, from the moment it opens): Ctrl+R reveal/hide, Ctrl+Shift+R reveal all, 1…4 (or
Ctrl+1…Ctrl+4) agree a level, 0 or Delete clear it, Ctrl+M agree the suggested level,
Alt+Right / Alt+Left next / previous element (in the chosen order), Ctrl+T start or pause
the timer, F5 open or close the room display. The page shows these keys beside its buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from jcs_desktop.domain.scoring import ElementStats, suggested_level
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.core.context import AGREED, PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.reconcile.agreeing import AgreementEditor
from jcs_desktop.ui.reconcile.agreement import AgreementPanel
from jcs_desktop.ui.reconcile.element_list import ElementListView
from jcs_desktop.ui.reconcile.element_panel import ElementPanel
from jcs_desktop.ui.reconcile.models import ELEMENT_ID_ROLE, Anonymity, ElementListModel, Order
from jcs_desktop.ui.reconcile.room import RoomDisplayWindow, RoomFeed, element_room_view
from jcs_desktop.ui.reconcile.toolbar import ReconcileToolbar
from jcs_desktop.ui.reconcile.widgets import ElementTimer
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea, settle_layouts
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN

SETTING_ANONYMITY = "reconcile/anonymity"
SETTING_TIMER_MINUTES = "reconcile/timer_minutes"


class ReconcilePage(StepPage):
    step = STEP_BY_KEY["reconcile"]
    listens = frozenset({AGREED, SCORES, PARTICIPANTS, WORKSHOPS})
    shows_last_time = True
    current_element_changed = Signal(str)
    revealed_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._current: str | None = None
        self._revealed = False
        """Whether the current element's scores are shown now; which elements have been revealed
        since the workshop was opened is ``ctx.reveal``, shared with every page."""
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
        ctx.reveal_changed.connect(self._reveal_changed)  # bound: ends with the page

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

        self.element_model = ElementListModel(fw, self)
        self.element_view = ElementListView(self.element_model, self)
        self.element_view.selectionModel().currentRowChanged.connect(self._row_changed)

        # Current element: heading, the four descriptors and, under them, the scores (a hidden
        # placeholder, or tabs with the distribution and heatmaps).
        self.element_panel = ElementPanel(fw, self)
        panel = self.element_panel
        self.driver_label = panel.driver_label
        self.element_label = panel.element_label
        self.cards = panel.cards
        self.scores_stack = panel.scores
        self.previous_button = QPushButton("◀ Previous", self)
        self.previous_button.setAccessibleName("Previous element")
        self.previous_button.setToolTip("The previous element, in the chosen order (Alt+Left)")
        self.previous_button.clicked.connect(lambda: self.step_element(-1))
        self.next_button = QPushButton("Next ▶", self)
        self.next_button.setAccessibleName("Next element")
        self.next_button.setToolTip("The next element, in the chosen order (Alt+Right)")
        self.next_button.clicked.connect(lambda: self.step_element(1))

        scores = self.scores_stack
        self.hidden_label = scores.hidden_label
        self.stats_label = scores.stats_label
        self.chart = scores.chart
        self.tabs = scores.tabs
        self.sector_model = scores.sector_model
        self.sector_view = scores.sector_view
        self.people_model = scores.people_model
        self.people_view = scores.people_view

        # Agreement: the panel, and the editor that turns its edits into commands.
        self.agreement_box = AgreementPanel(fw, self)
        agreement = self.agreement_box
        self.agreeing = AgreementEditor(self.ctx, agreement, self)
        self.level_buttons = agreement.level_buttons
        self.clear_button = agreement.clear_button
        self.suggestion_label = agreement.suggestion_label
        self.accept_button = agreement.accept_button
        self.rationale_edit = agreement.rationale_edit
        self.reservations_check = agreement.reservations_check
        self.dissent_edit = agreement.dissent_edit

        # Layout: the element list, the element (heading, descriptors, scores) and, always in view
        # on the right, moving on and agreeing. At large text on a 768-pixel-high laptop the
        # element's column scrolls, never the agreement: its buttons stay where the hand expects.
        self.main_scroll = VerticalScrollArea(panel, self)

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

    def fonts_changed(self) -> None:
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = self.font()
        self.element_panel.apply_fonts(base)
        self._fit_cards()
        self.agreement_box.apply_fonts(base)
        self.toolbar.apply_fonts(base)
        self.element_view.fit_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_cards()

    def _fit_cards(self) -> None:
        if hasattr(self, "main_scroll"):  # resized while being built
            self.element_panel.fit_cards(self.main_scroll.viewport().width() or self.main_scroll.width())

    # --- the step-page contract ---------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.agreeing.commit_edits()
        self._current = None
        self._revealed = False
        self.ctx.live_for(workshop_id)  # opened by the window; a page shown on its own opens it here
        # Opening the workshop here hides everything again (before the page takes the new id, so
        # that the notice of it does not render the old workshop once more).
        self.ctx.reveal.open(workshop_id)
        super().set_workshop(workshop_id)
        ids = self.element_model.element_ids()
        if ids and workshop_id is not None:
            self.select_element(ids[0])

    def compute_status(self) -> StepStatus:
        live = self._live()
        if self.workshop_id is None or live is None:
            return NO_WORKSHOP
        ids = self.fw.element_ids()
        agreed = sum(1 for e in ids if e in live.agreed)
        if agreed == len(ids):
            return StepStatus(True, f"All {len(ids)} elements agreed")
        # Only among revealed elements: a count of the others would tell their spread early.
        reveal = self.ctx.reveal
        open_divergent = sum(
            1
            for s in live.results.elements.values()
            if s.divergent and s.element_id not in live.agreed and reveal.is_revealed(s.element_id)
        )
        left = f"; {open_divergent} divergent still to discuss" if open_divergent else ""
        return StepStatus(False, f"{agreed} of {len(ids)} elements agreed{left}")

    # --- data -----------------------------------------------------------------------------------

    def _live(self) -> LiveWorkshop | None:
        """The open workshop's live state, if it is this page's workshop."""
        live = self.ctx.live
        return live if live is not None and live.workshop.id == self.workshop_id else None

    def load(self) -> None:
        self._refresh_element_list()
        self._render()

    def apply_changes(self, change: Change | Changes) -> None:
        live = self._live()
        applied = self.ctx.last_applied
        if not isinstance(change, Changes) or live is None or applied.everything or change.participants:
            self.load()  # everything may have changed: a reload, a restore, people added or removed
            return
        if applied.last_time:  # a new series link, or the previous workshop changed: its level shows
            if self._revealed:
                self._render()
            if change.workshop_id != self.workshop_id:
                return
        touched = change.elements() | applied.elements
        if not touched:
            return
        if self.element_model.update_rows(touched, live.results, live.agreed, self.ctx.reveal.revealed):
            self.element_view.show_element(self._current)  # sorted again: the selection went with the reset
        if self._current is None:
            return
        driver = {e.id for e in self.fw.driver_of(self._current).elements}
        rescored = {eid for _pid, eid in change.scores} | applied.elements
        if self._current in rescored or (self._revealed and rescored & driver):
            self._render()  # new individual scores: the statistics, the chart and the heatmaps
        elif self._current in change.agreed or (self._revealed and driver & set(change.agreed)):
            self._render_agreed()
        settle_layouts()

    # --- current element --------------------------------------------------------------------------

    @property
    def current_element(self) -> str | None:
        return self._current

    def select_element(self, element_id: str) -> None:
        if element_id == self._current:
            self.element_view.show_element(element_id)
            return
        self.agreeing.commit_edits()  # keep an edit in progress with the element it belongs to
        self._current = element_id
        self._revealed = False  # hidden again for every new element: no anchoring
        self.timer.reset()
        self.element_view.show_element(element_id)
        self._render()
        self.current_element_changed.emit(element_id)

    def step_element(self, delta: int) -> None:
        ids = self.element_model.element_ids()
        if not ids:
            return
        i = ids.index(self._current) if self._current in ids else -1
        self.select_element(ids[max(0, min(len(ids) - 1, i + delta))])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.element_view.selecting or not current.isValid():
            return
        element_id = current.data(ELEMENT_ID_ROLE)
        if element_id:
            self.select_element(element_id)

    def _order_chosen(self) -> None:
        self._refresh_element_list()

    def _refresh_element_list(self) -> None:
        live = self._live()
        self.element_model.set_data(
            live.results if live else None,
            live.agreed if live else {},
            Order(self.order_combo.currentData()),
            self.ctx.reveal.revealed,
        )
        self.element_view.show_element(self._current)

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
        if self.ctx.reveal.workshop_id != self.workshop_id or self.workshop_id is None:
            return  # another workshop opened; ``set_workshop`` follows
        live = self._live()
        # A revealed spread may show now, and in divergence order take its place.
        if self.element_model.update_rows(
            self.fw.element_ids(), live.results if live else None, live.agreed if live else {}, self.ctx.reveal.revealed
        ):
            self.element_view.show_element(self._current)
        self.update_status()
        self._render()

    def _labels(self) -> dict[int, str]:
        """Anonymous labels in an order drawn once per opening, not the order people were entered in."""
        live = self._live()
        return self.ctx.reveal.anonymous_labels(p.id for p in (live.participants if live else []))

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
        live = self._live()
        if live is None or self._current is None:
            return None
        return live.results.elements.get(self._current)

    def _agreed_level(self, element_id: str | None) -> int | None:
        live = self._live()
        record = live.agreed.get(element_id) if live is not None and element_id is not None else None
        return record.level if record else None

    def _suggestion(self) -> int | None:
        stats = self._stats()
        return suggested_level(stats) if (stats is not None and self._revealed) else None

    def _render(self) -> None:
        """Everything about the current element afresh."""
        self.toolbar.show_revealed(self._revealed)
        if self._current is None:
            self.element_panel.show_nothing()
            self.agreeing.show(self.workshop_id, None, None, revealed=False)
            self._publish()
            return
        live = self._live()
        stats = self._stats()
        level = self._agreed_level(self._current)
        suggestion = self._suggestion()
        self.element_panel.show_element(self._current, level, suggestion)
        people = live.participants if live else []
        if self._revealed:
            self.scores_stack.show_scores(
                self._current,
                stats,
                level,
                results=live.results if live else None,
                agreed_levels=self._driver_agreed_levels(),
                sector_order=live.sectors if live else [],
                participants=people,
                scores=live.scores if live else {},
                anonymity=self._anonymity,
                revealed=self.ctx.reveal.revealed,
                labels=self._labels(),
                last_time=self._last_time_text(),
            )
        else:
            self.scores_stack.show_hidden(stats, len(people), follow_up=bool(live and live.last_time.exists))
        self.agreeing.show(self.workshop_id, self._current, suggestion, revealed=self._revealed)
        self._publish()

    def _last_time_text(self) -> str:
        """Last time's agreed level of the current element (shown only with its revealed scores:
        it could anchor the scoring as much as the others' scores)."""
        live = self._live()
        if live is None or self._current is None or not live.last_time.exists:
            return ""
        last = live.last_time
        assert last.workshop is not None
        level = last.agreed.get(self._current)
        where = f"Last time ({last.workshop.title})"
        if level is None:
            return f"{where}: no level agreed"
        return f"{where}: agreed level <b>{level}</b>, {escape(self.fw.levels[level - 1].name)}"

    def _render_agreed(self) -> None:
        """Only agreements changed: the marks on the cards, the agreement, the chart's agreed bar
        and the heatmap's agreed row (the individual scores shown are as they were)."""
        level = self._agreed_level(self._current)
        suggestion = self._suggestion()
        self.cards.set_marks(level, suggestion)
        if self._revealed:
            self.scores_stack.show_agreed(level, self._driver_agreed_levels())
        self.agreeing.show(self.workshop_id, self._current, suggestion, revealed=self._revealed)
        self._publish()

    def _driver_agreed_levels(self) -> dict[str, int | None]:
        """The agreed levels of the current element's driver (what its heatmaps show)."""
        if self._current is None:
            return {}
        return {e.id: self._agreed_level(e.id) for e in self.fw.driver_of(self._current).elements}

    def _publish(self) -> None:
        self.feed.publish(
            element_room_view(
                self.fw,
                self._current,
                self._stats(),
                self._agreed_level(self._current),
                revealed=self._revealed,
                timer_text=self._timer_text(),
                timer_overtime=self.timer.overtime,
            )
        )

    # --- agreeing (the editor does it; the keys and tests ask the page) --------------------------------

    def agree_level(self, level: int) -> None:
        self.agreeing.agree_level(level)

    def accept_suggestion(self) -> None:
        self.agreeing.accept_suggestion()

    def clear_agreement(self) -> None:
        self.agreeing.clear()

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
