"""Detailed assessment (stage 2): the priority drivers' detailed sheets.

Left, the drivers: tick the ones the group judges most important or urgent (their priority)
and pick one of their elements. Right, that element's detailed sheet: the four level
statements with their Indicators and Approaches to change, the agreed level highlighted and
the next level's approaches brought forward to tick (or the group writes its own). A refined
score and notes can be recorded per element. Ticked approaches are carried into the action
plan with "Create actions from ticked approaches…".

Everything shown comes from the live state (``ctx.live``); a change updates the elements it
names in the tree, the sheet only if what it shows changed, and the tree's drivers only when
the priorities changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.planning import PlannedAction, push_actions_from_approaches
from jcs_desktop.ui.commands.plans import SetDriverPlans
from jcs_desktop.ui.core.context import ACTIONS, AGREED, PLANS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, STEPS, StepStatus
from jcs_desktop.ui.planning.common import (
    STEP_ACTIONS,
    WrapDelegate,
    bold_only,
    emphasize,
    level_title,
    refresh_fonts,
)
from jcs_desktop.ui.planning.dialogs import CreateActionsDialog, pending_approaches
from jcs_desktop.ui.planning.element_sheet import ElementSheet, SheetData, make_label
from jcs_desktop.ui.widgets.layouts import FlowLayout
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, mute, show_focus

_DRIVER_ROLE = Qt.ItemDataRole.UserRole + 1
_ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 2


def priority_drivers(plans: dict[str, DriverPlanRecord]) -> list[str]:
    """Driver ids the group chose for the detailed assessment, in priority order."""
    chosen = [p for p in plans.values() if p.priority is not None]
    return [p.driver_id for p in sorted(chosen, key=lambda p: p.priority or 0)]


class DetailedAssessmentPage(StepPage):
    """Step page "Detailed assessment"."""

    step = STEP_BY_KEY["detailed"]
    listens = frozenset({PLANS, ACTIONS, AGREED})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._element_id: str | None = None
        self._sheet: ElementSheet | None = None
        self._tree_structure: tuple | None = None
        self._chosen_element: dict[int, str] = {}
        """Chosen approach id -> its element, as last shown: an untick names only the id."""
        self._build()

    @property
    def live(self) -> LiveWorkshop | None:
        """The live state of this page's workshop (None: none, or it cannot be read)."""
        return self.ctx.live_for(self.workshop_id)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        lay.setSpacing(6)

        # A flow: at large text on a laptop the buttons move onto a line of their own.
        bar = FlowLayout()
        title = make_label(next(s.title for s in STEPS if s.key == "detailed"), wrap=False)
        emphasize(title, TITLE_SCALE)
        bar.addWidget(title)
        self.summary = make_label("", wrap=True)
        self.summary.setAccessibleName("What is left to do")
        bar.addWidget(self.summary)
        bar.addStretch()
        self.create_button = QPushButton("Create actions from ticked approaches…", self)
        self.create_button.setToolTip("Carry the ticked approaches into the action plan (Ctrl+Shift+A)")
        self.create_button.clicked.connect(self.create_actions)
        bar.addWidget(self.create_button)
        self.to_plan = QPushButton("Go to the action plan", self)
        self.to_plan.clicked.connect(lambda: self.request_step.emit(STEP_ACTIONS, None))
        bar.addWidget(self.to_plan)
        lay.addLayout(bar)
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.create_actions).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        caption = make_label("Drivers to assess in detail")
        emphasize(caption)
        ll.addWidget(caption)
        hint = make_label("Tick the drivers the group judges most important or urgent, then choose an element.")
        mute(hint)
        ll.addWidget(hint)
        self.tree = QTreeWidget(left)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setAccessibleName("Priority drivers and their elements")
        show_focus(self.tree)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._current_changed)
        caption.setBuddy(self.tree)
        ll.addWidget(self.tree, 1)
        split.addWidget(left)

        self.stack = QStackedWidget(split)
        self.placeholder = QWidget()
        pl = QVBoxLayout(self.placeholder)
        pl.addStretch(1)
        self.placeholder_text = make_label("")
        self.placeholder_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        emphasize(self.placeholder_text, 1.15)
        pl.addWidget(self.placeholder_text)
        self.make_priority = QPushButton("Make it a priority driver", self.placeholder)
        self.make_priority.clicked.connect(self._prioritise_current)
        pl.addWidget(self.make_priority, 0, Qt.AlignmentFlag.AlignCenter)
        pl.addStretch(2)
        self.stack.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the sheet's controls, which it scrolls to
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack.addWidget(self.scroll)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1000])
        left.setMinimumWidth(220)
        self.split = split
        self._split_moved = False
        split.splitterMoved.connect(self._user_moved_split)
        left.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay.addWidget(split, 1)

    def _user_moved_split(self, *_args) -> None:
        self._split_moved = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_split()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._sheet and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._fit_split)
        return super().eventFilter(watched, event)

    def _fit_split(self) -> None:
        if not self._split_moved:
            # The driver list keeps room for its longest words (squeezed, it broke them in the
            # middle at projector text sizes); the sheet puts its levels two by two when narrow.
            total = sum(self.split.sizes())
            left = max(220, min(max(300, 26 * self.tree.fontMetrics().averageCharWidth()), int(total * 0.35)))
            self.split.setSizes([left, max(1, total - left)])

    def fonts_changed(self) -> None:
        """The app's text size changed: re-apply headings and the heights measured in lines."""
        refresh_fonts(self)
        self.tree.scheduleDelayedItemsLayout()
        QTimer.singleShot(0, self, self._fit_split)
        if self._sheet is not None:
            self._sheet.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def hideEvent(self, event) -> None:
        self._flush_notes()
        super().hideEvent(event)

    def _flush_notes(self) -> None:
        if self._sheet is not None:
            self._sheet.notes_saver.flush()

    # -- the page contract ------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self._flush_notes()
        self._element_id = None
        self._tree_structure = None
        super().set_workshop(workshop_id)

    def focus_item(self, item: object) -> None:
        """Show an element (element id) or a driver (driver id)."""
        if isinstance(item, str):
            self.select(item)

    def select(self, item_id: str) -> None:
        for it in self._all_items():
            if it.data(0, _ELEMENT_ROLE) == item_id or (
                it.data(0, _ELEMENT_ROLE) is None and it.data(0, _DRIVER_ROLE) == item_id
            ):
                self.tree.setCurrentItem(it)
                return

    def current_element(self) -> str | None:
        return self._element_id

    def sheet(self) -> ElementSheet | None:
        return self._sheet

    def load(self) -> None:
        self._fill_tree(rebuild=True)
        self._remember_chosen()
        self._refresh_sheet()

    def apply_changes(self, change: Changes | Change) -> None:
        live = self.live
        if not isinstance(change, Changes) or live is None:
            self.load()  # a notice without values (a restore, a refusal): show what is stored
            return
        if self._structure(live) != self._tree_structure:
            self._fill_tree()  # the priority drivers (or their order) changed
        else:
            elements = set(change.agreed)
            for cid, record in change.approaches.items():
                element = record.element_id if record is not None else self._chosen_element.get(cid)
                if element is not None:
                    elements.add(element)
            if elements:
                for item in self._all_items():
                    if item.data(0, _ELEMENT_ROLE) in elements:
                        self._decorate_element(item, item.data(0, _ELEMENT_ROLE))
        self._remember_chosen()
        self._refresh_sheet()

    def compute_status(self) -> StepStatus:
        live = self.live
        if live is None:
            return NO_WORKSHOP
        priority = priority_drivers(live.plans)
        if not priority:
            return StepStatus(False, "Choose the priority drivers to assess in detail")
        chosen = live.approaches
        pending = pending_approaches(chosen, live.actions)
        untouched = [
            self.fw.driver(d).title for d in priority if not any(c.element_id.partition(".")[0] == d for c in chosen)
        ]
        parts = [f"{len(priority)} priority driver{'s' if len(priority) != 1 else ''}"]
        ticked = f"{len(chosen)} approach{'es' if len(chosen) != 1 else ''} ticked"
        if pending:
            ticked += f", {len(pending)} not yet in the action plan"
        parts.append(ticked)
        if untouched:
            parts.append("nothing ticked yet for " + ", ".join(untouched))
        return StepStatus(not untouched and not pending, " · ".join(parts))

    def update_status(self) -> None:
        super().update_status()
        live = self.live
        pending = pending_approaches(live.approaches, live.actions) if live is not None else []
        self.summary.setText(self.step_status().summary)
        self.create_button.setEnabled(bool(pending))
        self.create_button.setText(
            f"Create actions from ticked approaches ({len(pending)})…"
            if pending
            else "Create actions from ticked approaches…"
        )

    # -- the driver tree ----------------------------------------------------------------------------

    def _all_items(self):
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            yield top
            for j in range(top.childCount()):
                yield top.child(j)

    def _structure(self, live: LiveWorkshop | None) -> tuple:
        priority = priority_drivers(live.plans) if live is not None else []
        return (tuple(priority), live is not None)

    def _remember_chosen(self) -> None:
        live = self.live
        self._chosen_element = {c.id: c.element_id for c in live.approaches} if live is not None else {}

    def _fill_tree(self, rebuild: bool = False) -> None:
        """Show the drivers, priority ones first with their elements; ``rebuild`` even if the
        drivers are the same (else only the elements' counts are refreshed in place)."""
        live = self.live
        priority = priority_drivers(live.plans) if live is not None else []
        structure = self._structure(live)
        if not rebuild and structure == self._tree_structure and self.tree.topLevelItemCount():
            # Same drivers in the same order: refresh the counts in place (keeps scrolling and focus).
            blocked = self.tree.blockSignals(True)
            try:
                for item in self._all_items():
                    if item.data(0, _ELEMENT_ROLE) is not None:
                        self._decorate_element(item, item.data(0, _ELEMENT_ROLE))
            finally:
                self.tree.blockSignals(blocked)
            return
        self._tree_structure = structure
        current = self._element_id
        current_driver = None
        item = self.tree.currentItem()
        if item is not None and item.data(0, _ELEMENT_ROLE) is None:
            current_driver = item.data(0, _DRIVER_ROLE)
        blocked = self.tree.blockSignals(True)
        try:
            self.tree.clear()
            select_item = None
            order = (priority + [d.id for d in self.fw.drivers if d.id not in priority]) if live is not None else []
            for driver_id in order:
                top = self._driver_item(driver_id, priority)
                self.tree.addTopLevelItem(top)
                if driver_id == current_driver:
                    select_item = top
                if driver_id not in priority:
                    continue
                for element in self.fw.driver(driver_id).elements:
                    child = QTreeWidgetItem([element.title, ""])
                    child.setData(0, _DRIVER_ROLE, driver_id)
                    child.setData(0, _ELEMENT_ROLE, element.id)
                    child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                    self._decorate_element(child, element.id)
                    top.addChild(child)
                    if element.id == current:
                        select_item = child
                top.setExpanded(True)
            if select_item is None and current is None and current_driver is None and priority:
                first = self.tree.topLevelItem(0)
                select_item = first.child(0) if first.childCount() else first
            if select_item is not None:
                self.tree.setCurrentItem(select_item)
        finally:
            self.tree.blockSignals(blocked)
        self._show_item(self.tree.currentItem())

    def _driver_item(self, driver_id: str, priority: list[str]) -> QTreeWidgetItem:
        driver = self.fw.driver(driver_id)
        is_priority = driver_id in priority
        label = f"{priority.index(driver_id) + 1}. {driver.title}" if is_priority else driver.title
        top = QTreeWidgetItem([label, ""])
        top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        top.setCheckState(0, Qt.CheckState.Checked if is_priority else Qt.CheckState.Unchecked)
        top.setData(0, _DRIVER_ROLE, driver_id)
        top.setToolTip(
            0,
            f"Priority {priority.index(driver_id) + 1} for the detailed assessment (untick to drop it)"
            if is_priority
            else "Tick to assess this driver in detail",
        )
        if is_priority:
            top.setFont(0, bold_only())
        else:
            top.setForeground(0, self.palette().placeholderText())
        return top

    def _decorate_element(self, item: QTreeWidgetItem, element_id: str) -> None:
        """The agreed level and the number of ticked approaches beside an element's title."""
        live = self.live
        element = self.fw.element(element_id)
        agreed = live.agreed.get(element_id) if live is not None else None
        ticks = sum(1 for c in live.approaches if c.element_id == element_id) if live is not None else 0
        right = f"L{agreed.level}" if agreed is not None else "–"
        if ticks:
            right += f" ✓{ticks}"
        item.setText(1, right)
        tip = f"Agreed: {level_title(self.fw, agreed.level)}" if agreed is not None else "No agreed level yet"
        tip += f"\n{ticks} approach{'es' if ticks != 1 else ''} ticked"
        item.setToolTip(0, f"{element.title}\n{tip}")
        item.setToolTip(1, tip)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0 or item.data(0, _ELEMENT_ROLE) is not None:
            return
        driver_id = item.data(0, _DRIVER_ROLE)
        on = item.checkState(0) == Qt.CheckState.Checked
        # After the tree has finished with the click: the change rebuilds the tree.
        QTimer.singleShot(0, self, lambda: self.set_priority(driver_id, on))

    def set_priority(self, driver_id: str, on: bool) -> None:
        live = self.live
        if live is None or self.workshop_id is None:
            return
        plan = live.plans.get(driver_id)
        if (plan is not None and plan.priority is not None) == on:
            return
        title = self.fw.driver(driver_id).title
        if on:
            used = [p.priority for p in live.plans.values() if p.priority is not None]
            priority = max(used, default=0) + 1
            text = f"Make {title} a priority driver"
        else:
            priority = None
            text = f"Drop {title} from the priority drivers"
        if not self.ctx.push(SetDriverPlans(self.ctx, self.workshop_id, {driver_id: {"priority": priority}}, text)):
            self._fill_tree(rebuild=True)  # the tick shows what is stored again

    def _prioritise_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.set_priority(item.data(0, _DRIVER_ROLE), True)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._show_item(current)

    def _show_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self._show_element(None)
            self.placeholder_text.setText("Tick a driver on the left to assess its elements in detail.")
            self.make_priority.hide()
            return
        element_id = item.data(0, _ELEMENT_ROLE)
        if element_id is not None:
            self._show_element(element_id)
            return
        driver_id = item.data(0, _DRIVER_ROLE)
        if item.childCount():
            # A priority driver: show its first element.
            self.tree.setCurrentItem(item.child(0))
            return
        self._show_element(None)
        self.placeholder_text.setText(f"{self.fw.driver(driver_id).title} is not a priority driver.")
        self.make_priority.show()

    def _show_element(self, element_id: str | None) -> None:
        if element_id is None:
            self._flush_notes()
            self._element_id = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        sheet = self._sheet
        if sheet is not None and sheet.element.id == element_id and sheet.workshop_id == self.workshop_id:
            self._element_id = element_id
            self.stack.setCurrentWidget(self.scroll)
            return
        self._flush_notes()
        self._element_id = element_id
        assert self.workshop_id is not None  # elements are listed only for an open workshop
        sheet = ElementSheet(self.ctx, self.workshop_id, self.fw.element(element_id), self.scroll.viewport())
        self._sheet = sheet
        sheet.step_requested.connect(self.request_step)
        sheet.installEventFilter(self)  # its width needs change with its text size: see eventFilter
        self.scroll.setWidget(sheet)  # deletes the previous sheet
        self._refresh_sheet(always=True)
        self.stack.setCurrentWidget(self.scroll)

    def _refresh_sheet(self, always: bool = False) -> None:
        """Show the sheet's element as the live state has it, if anything it shows changed."""
        live, sheet = self.live, self._sheet
        if sheet is None or live is None or sheet.workshop_id != self.workshop_id:
            return
        data = SheetData.of(live, sheet.element.id, sheet.driver.id)
        if always or data != sheet.data:
            sheet.refresh(data)

    # -- actions from ticked approaches ------------------------------------------------------------------

    def create_actions(self) -> list[int]:
        """Ask which ticked approaches to carry into the action plan, then create the actions."""
        live = self.live
        if live is None:
            return []
        self._flush_notes()
        pending = pending_approaches(live.approaches, live.actions)
        if not pending:
            self.ctx.status_message.emit("No ticked approach is waiting for the action plan")
            return []
        dialog = CreateActionsDialog(self.fw, pending, live.plans, self)
        if dialog.exec() != CreateActionsDialog.DialogCode.Accepted:
            return []
        return self.carry_into_plan(dialog.planned())

    def carry_into_plan(self, planned: list[PlannedAction]) -> list[int]:
        """Create the planned actions as one undoable step and show the first in the action plan."""
        if self.workshop_id is None or not planned:
            return []
        created = push_actions_from_approaches(
            self.ctx, self.workshop_id, planned, "Create actions from ticked approaches"
        )
        if created:
            self.request_step.emit(STEP_ACTIONS, created[0])
        return created
