"""The action plan: the workbook's action-planning sheet as an editable table.

One row per action, in plan order (drag a row, or Ctrl+Up / Ctrl+Down, to reorder). Every
cell edit, reorder and delete is one undoable command. An empty "We need to achieve…" and a
"By when…" date already past are flagged in the row (tint, icon and tooltip) and in the
summary above the table.

The rows are the live state's actions (``ctx.live``): a change updates the rows it names
(inserted, removed, moved or changed), never the whole table.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ActionRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.planning import (
    CreateAction,
    DeleteAction,
    MoveAction,
    SetLinks,
    push_actions_from_approaches,
)
from jcs_desktop.ui.core.context import ACTIONS, PLANS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.planning.common import (
    NOTICE_EDGE,
    NOTICE_TINT,
    STEP_DELIVERY,
    ElidedLines,
    emphasize,
    flag_text_style,
    plan_columns,
    plan_problems,
    problem_message,
    quoted,
    refresh_fonts,
    restyle_flags,
)
from jcs_desktop.ui.planning.delegates import DateDelegate, TextDelegate
from jcs_desktop.ui.planning.dialogs import CreateActionsDialog, LinksDialog, pending_approaches
from jcs_desktop.ui.planning.models import NO_DRIVER, SERVES, ActionFilterProxy, ActionPlanModel
from jcs_desktop.ui.planning.tables import PlanningTable, date_column_width
from jcs_desktop.ui.widgets.layouts import FlowLayout
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, mute, show_focus

# Relative column widths (by column key) for a readable table at 1366 px wide.
_WEIGHTS = {
    "achieve": 16,
    "so_that": 14,
    "by_doing": 20,
    "by_when": 2,
    "involving": 11,
    "how_critical": 11,
    "resources": 11,
    SERVES: 16,
}


class ActionTable(PlanningTable):
    """The plan table: Enter opens the row's delivery sheet, Delete clears a cell, Ctrl+Delete
    deletes the action, Ctrl+Up / Ctrl+Down move it; F2, typing or a double-click edits a cell."""

    open_requested = Signal()
    move_requested = Signal(int)  # -1 up, +1 down
    serves_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key, mods = event.key(), event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
                self.open_requested.emit()
                return
            if ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)

    def edit(self, index, trigger=None, event=None):
        # The "Serves" column is chosen in a dialog rather than typed.
        if trigger is None:
            return super().edit(index)
        model = self.model()
        if (
            index.isValid()
            and model is not None
            and model.headerData(index.column(), Qt.Orientation.Horizontal, Qt.ItemDataRole.UserRole) == SERVES
            and trigger in (QAbstractItemView.EditTrigger.DoubleClicked, QAbstractItemView.EditTrigger.EditKeyPressed)
        ):
            self.serves_requested.emit()
            return False
        return super().edit(index, trigger, event)


class ActionPlanPage(StepPage):
    """Step page "Action plan"."""

    step = STEP_BY_KEY["actions"]
    listens = frozenset({ACTIONS, PLANS})
    """Actions, and the chosen approaches (PLANS) still waiting to be carried into the plan."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ActionPlanModel(ctx, self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.model.move_requested.connect(self._drop_move, Qt.ConnectionType.QueuedConnection)

    @property
    def live(self) -> LiveWorkshop | None:
        """The live state of this page's workshop (None: none, or it cannot be read)."""
        return self.ctx.live_for(self.workshop_id)

    # -- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        cols = plan_columns(self.fw)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        lay.setSpacing(6)

        # Flows, not rows: at large text on a laptop the buttons wrap onto another line
        # instead of making the window wider than the screen.
        head = FlowLayout()
        title = QLabel(self.fw.action_planning.title, self)
        emphasize(title, TITLE_SCALE)
        head.addWidget(title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What is left to do")
        head.addWidget(self.summary)
        head.addStretch()
        self.from_approaches = QPushButton("Create actions from ticked approaches…", self)
        self.from_approaches.setToolTip("Carry the approaches ticked in the detailed assessment into new actions")
        self.from_approaches.clicked.connect(self.create_from_approaches)
        head.addWidget(self.from_approaches)
        lay.addLayout(head)

        # One line, whatever is flagged (all of it in the tooltip), and its room kept when nothing
        # is: the table does not jump when a flag comes or goes.
        self.flags_label = ElidedLines(self)
        policy = self.flags_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.flags_label.setSizePolicy(policy)
        self.flags_label.setAccessibleName("Flagged actions")
        self.flags_label.setFixedHeight(self.fontMetrics().lineSpacing() + 12)
        self.flags_label.setStyleSheet(
            f"QLabel {{ background: {NOTICE_TINT.name()}; border: 1px solid {NOTICE_EDGE.name()};"
            " border-radius: 4px; padding: 4px 8px; color: #111111; }"
        )
        self.flags_label.hide()
        lay.addWidget(self.flags_label)

        tools = FlowLayout()
        self.add_button = QPushButton("Add action", self)
        self.add_button.setToolTip("Add an action at the end of the plan (Ctrl+Shift+N)")
        self.add_button.clicked.connect(self.add_action)
        self.delete_button = QPushButton("Delete action", self)
        self.delete_button.setToolTip("Delete the selected action (Ctrl+Delete); Ctrl+Z brings it back")
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setToolTip("Move the selected action up (Ctrl+Up); or drag the row")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton("Move down", self)
        self.down_button.setToolTip("Move the selected action down (Ctrl+Down); or drag the row")
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.serves_button = QPushButton("Serves…", self)
        self.serves_button.setToolTip("Choose the drivers and elements the selected action serves")
        self.serves_button.clicked.connect(self.edit_serves)
        self.open_button = QPushButton(f"Open {self.fw.action_planning.detailed_title.lower()} sheet", self)
        self.open_button.setToolTip(
            f"Open the selected action's {self.fw.action_planning.detailed_title.lower()} sheet (Enter)"
        )
        self.open_button.clicked.connect(self.open_current)
        for b in (self.add_button, self.delete_button, self.up_button, self.down_button, self.serves_button):
            tools.addWidget(b)
        tools.addWidget(self.open_button)
        tools.addStretch()
        filter_label = QLabel("Show actions for:", self)
        self.filter = QComboBox(self)
        self.filter.setAccessibleName("Show actions for driver")
        self.filter.addItem("All drivers", None)
        for d in self.fw.drivers:
            self.filter.addItem(d.title, d.id)
        self.filter.addItem("No driver linked yet", NO_DRIVER)
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        show = QWidget(self)
        show_row = QHBoxLayout(show)
        show_row.setContentsMargins(0, 0, 0, 0)
        show_row.addWidget(filter_label)
        show_row.addWidget(self.filter)
        tools.addWidget(show)
        lay.addLayout(tools)

        self.table = ActionTable(self)
        self.table.setModel(self.proxy)
        self.table.weights = [_WEIGHTS.get(k, 10) for k in self.model.keys]
        self._date_width()
        self.table.setAccessibleName(self.fw.action_planning.title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDropIndicatorShown(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)
        show_focus(self.table)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.table.verticalHeader().sectionDoubleClicked.connect(self._header_double_clicked)
        self.text_delegate = TextDelegate(self.table, lines_columns={self.model.column_of("by_doing")})
        self.date_delegate = DateDelegate(self.table)
        self.date_delegate.message.connect(self.ctx.status_message)
        self.table.setItemDelegate(self.text_delegate)
        self.table.setItemDelegateForColumn(self.model.column_of("by_when"), self.date_delegate)
        self.table.open_requested.connect(self.open_current)
        self.table.delete_requested.connect(self.delete_current)
        self.table.clear_requested.connect(self.clear_current_cell)
        self.table.move_requested.connect(self.move_current)
        self.table.serves_requested.connect(self.edit_serves)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        lay.addWidget(self.table, 1)

        hint = QLabel(
            "Tab: next cell · Enter: save the cell · Shift+Enter: new line "
            f"(the next step in {quoted(cols['by_doing'].heading)}) · Delete: clear the cell · "
            "Ctrl+Delete: delete the action · Enter on a row: open its sheet",
            self,
        )
        hint.setAccessibleName("Keys")
        mute(hint)
        hint.setWordWrap(True)
        lay.addWidget(hint)

        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.add_action).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # high contrast on or off
            restyle_flags(getattr(self, "summary", None))

    def fonts_changed(self) -> None:
        """The app's text size changed: re-apply headings and the heights measured in lines."""
        refresh_fonts(self)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)
        self._date_width()
        self.flags_label.setFixedHeight(self.fontMetrics().lineSpacing() + 12)
        self.table.fit(force=True)

    def _date_width(self) -> None:
        widths = [0] * len(self.model.keys)
        widths[self.model.column_of("by_when")] = date_column_width(self.table, flagged=True)
        self.table.min_widths = widths

    # -- the page contract ----------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.filter.setCurrentIndex(0)
        super().set_workshop(workshop_id)
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def focus_item(self, item: object) -> None:
        if isinstance(item, int):
            self.select_action(item)

    def select_action(self, action_id: int) -> bool:
        row = self.model.row_of(action_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the driver filter: show all
            self.filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self.table.setFocus()
        return True

    def current_action(self) -> ActionRecord | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.action_at(self.proxy.mapToSource(index).row())

    def load(self) -> None:
        live = self.live
        current = self.current_action()
        self.model.set_actions(self.workshop_id if live is not None else None, live.actions if live else [])
        self.table.fit(force=True)
        if current is not None and self.model.row_of(current.id) >= 0:
            index = self.proxy.mapFromSource(self.model.index(self.model.row_of(current.id), 0))
            if index.isValid() and index.row() != self.table.currentIndex().row():
                self.table.setCurrentIndex(index)
        self._show_flags()
        self._update_buttons()

    def apply_changes(self, change: Changes | Change) -> None:
        live = self.live
        if not isinstance(change, Changes) or live is None:
            self.load()  # a notice without values (a restore, a refusal): show what is stored
            return
        if change.actions:
            rows = self.model.rowCount()
            self.model.update_actions(live.actions, change.actions)
            if self.model.rowCount() != rows:
                self.table.fit(force=True)  # the row height cap depends on the number of rows
            self._show_flags()
        self._update_buttons()

    def compute_status(self) -> StepStatus:
        live = self.live
        if live is None:
            return NO_WORKSHOP
        actions = live.actions
        if not actions:
            return StepStatus(False, "No action yet: add one, or create them from ticked approaches")
        flagged = sum(1 for a in actions if plan_problems(a))
        pending = pending_approaches(live.approaches, actions)
        parts = [f"{len(actions)} action{'s' if len(actions) != 1 else ''}"]
        if flagged:
            parts.append(f"{flagged} flagged")
        if pending:
            parts.append(f"{len(pending)} ticked approach{'es' if len(pending) != 1 else ''} not yet in the plan")
        return StepStatus(not flagged and not pending, "; ".join(parts))

    def update_status(self) -> None:
        super().update_status()
        live = self.live
        status = self.step_status()
        self.summary.setText(status.summary)
        flagged = live is not None and any(plan_problems(a) for a in live.actions)
        self.summary.setStyleSheet(flag_text_style(self) if flagged else "")
        n = len(pending_approaches(live.approaches, live.actions)) if live is not None else 0
        self.from_approaches.setEnabled(n > 0)
        self.from_approaches.setText(
            f"Create actions from ticked approaches ({n})…" if n else "Create actions from ticked approaches…"
        )

    def _show_flags(self) -> None:
        """One line naming every flagged action (what is flagged is in the rows too)."""
        flagged = [(i, plan_problems(a)) for i, a in enumerate(self.model.actions(), start=1)]
        lines = [
            f"Action {i}: " + "; ".join(problem_message(self.fw, p) for p in problems)
            for i, problems in flagged
            if problems
        ]
        if lines:
            self.flags_label.set_lines([("", " · ".join(lines))])
            self.flags_label.setToolTip("\n".join(lines))
            self.flags_label.show()
        else:
            self.flags_label.hide()

    def _update_buttons(self, *_args) -> None:
        has = self.current_action() is not None
        row = self.table.currentIndex().row()
        for b in (self.delete_button, self.serves_button, self.open_button):
            b.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.proxy.rowCount() - 1)
        self.add_button.setEnabled(self.workshop_id is not None)

    def _filter_changed(self) -> None:
        current = self.current_action()
        self.proxy.set_driver(self.filter.currentData())
        self.table.fit(force=True)
        if current is not None:
            index = self.proxy.mapFromSource(self.model.index(self.model.row_of(current.id), 0))
            if index.isValid():
                self.table.setCurrentIndex(index)
        self._update_buttons()

    # -- user actions -----------------------------------------------------------------------------------

    def add_action(self) -> int | None:
        if self.workshop_id is None:
            return None
        driver = self.filter.currentData()
        links = [(driver, None)] if driver not in (None, NO_DRIVER) else []
        command = CreateAction(self.ctx, self.workshop_id, "Add an action", links=links)
        if not self.ctx.push(command) or command.action_id is None:
            return None
        action_id = command.action_id
        self.select_action(action_id)
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(self.proxy.index(index.row(), self.model.column_of("achieve")))
        return action_id

    def clear_current_cell(self) -> None:
        """Delete on a cell: empty that cell (one undoable command), the action stays."""
        index = self.table.currentIndex()
        action = self.current_action()
        if not index.isValid() or action is None or self.workshop_id is None:
            return
        column = self.proxy.mapToSource(index).column()
        key = self.model.keys[column]
        number = self.model.row_of(action.id) + 1
        heading = str(self.model.headerData(column, Qt.Orientation.Horizontal) or key)
        if key == SERVES:
            if not action.links:
                return
            self.ctx.push(SetLinks(self.ctx, action.id, [], f"Clear what action {number} serves"))
        elif key == "by_when":
            if action.by_when is None or not self.proxy.setData(index, QDate()):
                return
        else:
            if not index.data(Qt.ItemDataRole.EditRole) or not self.proxy.setData(index, ""):
                return
        self.ctx.status_message.emit(f"Cleared {quoted(heading)} of action {number}. Undo (Ctrl+Z) brings it back.")

    def delete_current(self) -> None:
        action = self.current_action()
        if action is None or self.workshop_id is None:
            return
        row = self.table.currentIndex().row()
        number = self.model.row_of(action.id) + 1
        if not self.ctx.push(DeleteAction(self.ctx, action.id, f"Delete action {number}")):
            return
        self.ctx.status_message.emit(f"Deleted action {number}. Undo (Ctrl+Z) brings it back.")
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))
        self._update_buttons()

    def move_current(self, step: int) -> None:
        action = self.current_action()
        if action is None:
            return
        row = self.table.currentIndex().row()
        target = row + step
        if not 0 <= target < self.proxy.rowCount():
            return
        new_index = self.proxy.mapToSource(self.proxy.index(target, 0)).row()
        self._move(action.id, new_index)

    def _drop_move(self, action_id: int, new_index: int) -> None:
        self._move(action_id, new_index)

    def _move(self, action_id: int, new_index: int) -> None:
        if self.workshop_id is None:
            return
        old = self.model.row_of(action_id)
        if old < 0 or old == new_index:
            return
        label = f"Move action {old + 1} to place {new_index + 1}"
        if self.ctx.push(MoveAction(self.ctx, action_id, new_index, label)):
            self.select_action(action_id)

    def open_current(self) -> None:
        action = self.current_action()
        if action is not None:
            self.request_step.emit(STEP_DELIVERY, action.id)

    def _header_double_clicked(self, section: int) -> None:
        self.table.selectRow(section)
        self.open_current()

    def edit_serves(self) -> None:
        action = self.current_action()
        if action is None or self.workshop_id is None:
            return
        dialog = LinksDialog(self.fw, action.links, self)
        if dialog.exec() != LinksDialog.DialogCode.Accepted:
            return
        links = dialog.links()
        if links != [(lk.driver_id, lk.element_id) for lk in action.links]:
            number = self.model.row_of(action.id) + 1
            self.ctx.push(SetLinks(self.ctx, action.id, links, f"Change what action {number} serves"))

    def create_from_approaches(self) -> list[int]:
        live = self.live
        pending = pending_approaches(live.approaches, live.actions) if live is not None else []
        if self.workshop_id is None or not pending:
            return []
        dialog = CreateActionsDialog(self.fw, pending, live.plans, self)
        if dialog.exec() != CreateActionsDialog.DialogCode.Accepted:
            return []
        created = push_actions_from_approaches(
            self.ctx, self.workshop_id, dialog.planned(), "Create actions from ticked approaches"
        )
        if created:
            self.select_action(created[0])
        return created

    def index_for(self, action_id: int, key: str) -> QModelIndex:
        """The table cell (proxy index) of an action's column, e.g. for tests and keyboard focus."""
        row = self.model.row_of(action_id)
        if row < 0:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, self.model.column_of(key)))
