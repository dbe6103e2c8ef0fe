"""The frame around one open workshop: the steps on the left, the current step's page on the right.

Pages are the step classes registered in ``ui/shell/step_pages.py``, created lazily: the
page the facilitator opens first is built at once, the others one per event-loop turn
afterwards so that every step's tick and summary fill in without slowing the window down.
Opening a workshop loads it once into ``ctx.live``; every page reads it from there.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.core.context import PARTICIPANTS, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.step_page import StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, STEPS, StepStatus
from jcs_desktop.ui.shell.step_list import KEY_ROLE, StepList
from jcs_desktop.ui.widgets.labels import ROUTE_LABELS, format_date
from jcs_desktop.ui.widgets.layouts import CurrentPageStack
from jcs_desktop.ui.widgets.theme import mute, show_focus


class WorkshopView(QWidget):
    """One open workshop, walked through in steps.

    Public API for other pages and tests: ``set_workshop(id)``, ``workshop_id``,
    ``show_step(key) -> page``, ``page(key) -> page`` (created if needed),
    ``current_key()``, ``next_step()``, ``previous_step()``, ``status(key)``.
    """

    back_requested = Signal()
    step_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopView")
        self.ctx = ctx
        self.workshop_id: int | None = None
        self._pages: dict[str, StepPage] = {}
        self._pending: list[str] = []

        self.back_button = QPushButton("← All workshops")
        self.back_button.setObjectName("backToListButton")
        self.back_button.setAccessibleName("Back to all workshops")
        self.back_button.setToolTip("Back to the list of workshops (Alt+Home)")
        self.back_button.clicked.connect(self.back_requested)
        self.title_label = QLabel()
        self.title_label.setObjectName("workshopTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("workshopSubtitle")
        mute(self.subtitle_label)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.steps = StepList()
        show_focus(self.steps)
        self.steps.currentRowChanged.connect(self._row_changed)
        self.stack = CurrentPageStack()
        self.stack.setObjectName("stepPages")

        self.prev_button = QPushButton()
        self.prev_button.setObjectName("previousStepButton")
        self.prev_button.setToolTip("Previous step (Ctrl+PgUp)")
        self.prev_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextStepButton")
        self.next_button.setToolTip("Next step (Ctrl+PgDown)")
        self.next_button.clicked.connect(self.next_step)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stack, 1)
        right.addLayout(nav)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.steps)
        body.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        for keys, slot in (
            ((QKeySequence("Ctrl+PgDown"),), self.next_step),
            ((QKeySequence("Ctrl+PgUp"),), self.previous_step),
        ):
            for key in keys:
                QShortcut(key, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._create_next_pending)
        ctx.changed.connect(self._on_change)
        self._update_nav()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.steps.available_width = self.width()
        self.steps.fit_width()

    # -- keyboard -----------------------------------------------------------------

    def tab_stops(self) -> list[QWidget]:
        """Where Tab goes, in the order the facilitator reads the window: the way back to the list,
        the steps, the page on show (in its own order), then the previous and next step buttons.

        Qt's own order would put the step buttons before the page: the pages are created after them.
        """
        page = self.stack.currentWidget()
        inside: list[QWidget] = []
        if page is not None:
            window = self.window()
            widget = window.nextInFocusChain()
            for _ in range(5000):  # the chain is a ring; bounded in case it is ever broken
                if widget is window or widget is None:
                    break
                if page.isAncestorOf(widget):
                    inside.append(widget)
                widget = widget.nextInFocusChain()
        candidates = [self.back_button, self.steps, *inside, self.prev_button, self.next_button]
        return [w for w in candidates if _takes_tab(w)]

    def focusNextPrevChild(self, next: bool) -> bool:
        stops = self.tab_stops()
        current = QApplication.focusWidget()
        while current is not None and current not in stops and self.isAncestorOf(current):
            current = current.parentWidget()  # e.g. the editor inside a spin box
        if not stops or current not in stops:
            return super().focusNextPrevChild(next)
        step = 1 if next else -1
        target = stops[(stops.index(current) + step) % len(stops)]
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        area = target.parentWidget()
        while area is not None and area is not self:  # scroll to it, as QScrollArea itself would
            if isinstance(area, QScrollArea):
                area.ensureWidgetVisible(target)
            area = area.parentWidget()
        return True

    # -- the open workshop --------------------------------------------------------

    def set_workshop(self, workshop_id: int) -> None:
        hub = self.ctx.devices
        if hub is not None and hub.workshop_id not in (None, workshop_id):
            hub.end()  # another workshop opens: the devices of the one before stop
        self.workshop_id = workshop_id
        self.ctx.reveal.open(workshop_id)  # opened (again): every element's scores hidden, new labels
        try:
            self.ctx.open_workshop(workshop_id)  # the one read every page shows
        except (ServiceError, StoreError) as exc:
            # In the status bar, as every step used to say it: a modal box here would stop the window
            # from showing which workshop failed. The pages show nothing rather than old data.
            self.ctx.report_error(f"This workshop could not be opened. {exc}")
        self._refresh_header()
        for key, page in self._pages.items():
            self._call_set_workshop(key, page)
        for step in STEPS:
            self.steps.set_status(step.key, self.status(step.key) if step.key in self._pages else None)
        self._pending = [s.key for s in STEPS if s.key not in self._pages]
        self._idle.start()

    def _refresh_header(self) -> None:
        live = self.ctx.live
        if live is None or live.workshop.id != self.workshop_id:
            return
        w = live.workshop
        self.title_label.setText(f"<h2 style='margin:0'>{_escape(w.title)}</h2>")
        self.title_label.setAccessibleName(f"Workshop: {w.title}")
        bits = [w.partnership, format_date(w.date) if w.date else "", ROUTE_LABELS.get(w.route, w.route)]
        self.subtitle_label.setText("  ·  ".join(b for b in bits if b))

    def _on_change(self, change: Change) -> None:
        if change.touches(WORKSHOPS, PARTICIPANTS) and (
            change.workshop_id is None or change.workshop_id == self.workshop_id
        ):
            self._refresh_header()

    # -- pages --------------------------------------------------------------------

    def page(self, key: str) -> StepPage:
        """The page of step ``key``, created (and given the open workshop) if it does not exist yet."""
        if key not in STEP_BY_KEY:
            raise KeyError(f"no step {key!r}")
        page = self._pages.get(key)
        if page is None:
            # Imported here, not at the top: the window appears before any step's module loads.
            from jcs_desktop.ui.shell.step_pages import PAGE_FOR

            page = PAGE_FOR[key](self.ctx)
            self._pages[key] = page
            if key in self._pending:
                self._pending.remove(key)
            self.stack.addWidget(page)
            page.status_changed.connect(lambda k=key: self._status_changed(k))
            page.request_step.connect(self.go_to)
            if self.workshop_id is not None:
                self._call_set_workshop(key, page)
                self._status_changed(key)
        return page

    def pages(self) -> dict[str, StepPage]:
        """The pages created so far, by step key."""
        return dict(self._pages)

    def _call_set_workshop(self, key: str, page: StepPage) -> None:
        try:
            page.set_workshop(self.workshop_id)
        except StoreError as exc:  # a damaged or unreachable database: say so plainly
            self.ctx.report_error(f"The “{STEP_BY_KEY[key].title}” step could not load this workshop. {exc}")

    def _create_next_pending(self) -> None:
        if not self._pending or self.workshop_id is None:
            return
        self.page(self._pending[0])
        if self._pending:
            self._idle.start()

    def status(self, key: str) -> StepStatus | None:
        page = self._pages.get(key)
        return page.step_status() if page is not None else None

    def _status_changed(self, key: str) -> None:
        self.steps.set_status(key, self.status(key))

    # -- navigation ---------------------------------------------------------------

    def current_key(self) -> str | None:
        item = self.steps.currentItem()
        return item.data(KEY_ROLE) if item else None

    def show_step(self, key: str) -> StepPage:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = [s.key for s in STEPS].index(key)
        if self.steps.currentRow() != row:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(row)
            self.steps.blockSignals(False)
        self._update_nav()
        if self.workshop_id is not None:
            self.ctx.settings.setValue(f"workshops/{self.workshop_id}/step", key)
        self.step_changed.emit(key)
        return page

    def go_to(self, key: str, item: object = None) -> StepPage:
        """Show step ``key`` and, if given, bring ``item`` (an action, a driver…) into view there.

        Pages ask for this through their ``request_step(key, item)`` signal, e.g. the action
        plan opening an action's delivery sheet.
        """
        page = self.show_step(key)
        if item is not None:
            page.focus_item(item)
        return page

    def show_first_step(self) -> StepPage:
        """The step last seen for this workshop, else Prepare."""
        key = str(self.ctx.settings.value(f"workshops/{self.workshop_id}/step", STEPS[0].key))
        return self.show_step(key if key in STEP_BY_KEY else STEPS[0].key)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(STEPS):
            self.show_step(STEPS[row].key)

    def next_step(self) -> None:
        row = self.steps.currentRow()
        if row + 1 < len(STEPS):
            self.show_step(STEPS[row + 1].key)

    def previous_step(self) -> None:
        row = self.steps.currentRow()
        if row > 0:
            self.show_step(STEPS[row - 1].key)

    def _update_nav(self) -> None:
        row = self.steps.currentRow()
        has_prev = row > 0
        has_next = 0 <= row < len(STEPS) - 1
        self.prev_button.setVisible(has_prev)
        self.next_button.setVisible(has_next)
        if has_prev:
            self.prev_button.setText(f"← {STEPS[row - 1].title}")
            self.prev_button.setAccessibleName(f"Back to step: {STEPS[row - 1].title}")
        if has_next:
            self.next_button.setText(f"Next: {STEPS[row + 1].title} →")
            self.next_button.setAccessibleName(f"Next step: {STEPS[row + 1].title}")


def _takes_tab(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def _escape(text: str) -> str:
    return escape(text, quote=False)
