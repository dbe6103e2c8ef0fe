"""Detailed action planning: one delivery sheet per action.

Left, the actions of the plan with badges for what a sheet still lacks (no lead, no review
point; drawn by ``action_badges.ActionBadgeDelegate``). Right, the selected action's sheet:
the four fields of the workbook's detailed action-planning sheet (saved after a short pause
and when leaving the box, each save one undoable command) and its delivery plan of review points.

Both come from the live state (``ctx.live``): a change updates the actions it names in the
list, and the sheet only when it names the action on show.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ActionRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.planning import AddReviewPoint, DeleteReviewPoint, EditActionText
from jcs_desktop.ui.core.context import ACTIONS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.planning.action_badges import ActionBadgeDelegate
from jcs_desktop.ui.planning.common import (
    FLAG_EDGE,
    STEP_ACTIONS,
    AutoSaver,
    ElidedLines,
    action_title,
    date_text,
    detailed_fields,
    emphasize,
    flag_text_style,
    link_lines,
    plan_columns,
    problem_message,
    quoted,
    refresh_fonts,
    restyle_flags,
    sheet_problems,
    steps_display,
)
from jcs_desktop.ui.planning.delegates import DateDelegate, TextDelegate
from jcs_desktop.ui.planning.models import ActionListModel, ReviewPointModel
from jcs_desktop.ui.planning.tables import PlanningTable, date_column_width
from jcs_desktop.ui.widgets.layouts import FlowLayout, VerticalScrollArea
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, TITLE_SCALE, focus_frame_style, mute, show_focus


class DeliverySheetsPage(StepPage):
    """Step page "Delivery sheets"."""

    step = STEP_BY_KEY["delivery"]
    listens = frozenset({ACTIONS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._action: ActionRecord | None = None
        self.list_model = ActionListModel(ctx, self)
        self.points = ReviewPointModel(ctx, self)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.savers: dict[str, AutoSaver] = {}
        self._build()

    @property
    def live(self) -> LiveWorkshop | None:
        """The live state of this page's workshop (None: none, or it cannot be read)."""
        return self.ctx.live_for(self.workshop_id)

    @property
    def _actions(self) -> list[ActionRecord]:
        live = self.live
        return live.actions if live is not None else []

    # -- layout --------------------------------------------------------------------------------------

    def _build(self) -> None:
        ap = self.fw.action_planning
        lay = QVBoxLayout(self)
        lay.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        lay.setSpacing(6)
        head = FlowLayout()
        title = QLabel(ap.detailed_title, self)
        emphasize(title, TITLE_SCALE)
        head.addWidget(title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What is left to do")
        head.addWidget(self.summary)
        lay.addLayout(head)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(ap.detailed_intro or "Actions", left)
        caption.setWordWrap(True)
        mute(caption)
        ll.addWidget(caption)
        self.list = QListView(left)
        self.list.setModel(self.list_model)
        self.list.setItemDelegate(ActionBadgeDelegate(self.list))
        self.list.setAccessibleName("Actions")
        show_focus(self.list)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.selectionModel().currentRowChanged.connect(self._row_changed)
        caption.setBuddy(self.list)
        ll.addWidget(self.list, 1)
        split.addWidget(left)

        self.stack = QStackedWidget(split)
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addStretch(1)
        self.empty_text = QLabel("", self.empty)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        emphasize(self.empty_text, 1.15)
        self.empty_text.setWordWrap(True)
        el.addWidget(self.empty_text)
        to_plan = QPushButton("Go to the action plan", self.empty)
        to_plan.clicked.connect(lambda: self.request_step.emit(STEP_ACTIONS, None))
        el.addWidget(to_plan, 0, Qt.AlignmentFlag.AlignCenter)
        el.addStretch(2)
        self.stack.addWidget(self.empty)
        self.sheet = self._build_sheet()
        # At large text on a laptop the sheet scrolls rather than squeezing its boxes together.
        self.sheet_scroll = VerticalScrollArea(self.sheet)
        self.stack.addWidget(self.sheet_scroll)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1000])
        left.setMinimumWidth(200)
        self.split = split
        self._split_moved = False
        split.splitterMoved.connect(self._user_moved_split)
        lay.addWidget(split, 1)

    def _build_sheet(self) -> QWidget:
        ap = self.fw.action_planning
        cols = plan_columns(self.fw)
        sheet = QWidget()
        sl = QVBoxLayout(sheet)
        sl.setContentsMargins(8, 0, 0, 0)
        sl.setSpacing(8)

        box = QFrame(sheet)
        box.setObjectName("actionBox")
        box.setStyleSheet("#actionBox { border: 1px solid #d0d4da; border-radius: 6px; background: palette(base); }")
        bl = QGridLayout(box)
        bl.setContentsMargins(10, 8, 10, 8)
        bl.setHorizontalSpacing(12)
        bl.setVerticalSpacing(4)
        # One line each, the full text in the tooltip: at large text the delivery plan below keeps its room.
        self.sheet_title = ElidedLines(box)
        emphasize(self.sheet_title, 1.1)
        self.sheet_title.setAccessibleName(cols["achieve"].heading)
        bl.addWidget(self.sheet_title, 0, 0)
        self.sheet_facts = ElidedLines(box)
        bl.addWidget(self.sheet_facts, 1, 0)
        self.show_in_plan = QPushButton("Show in the action plan", box)
        self.show_in_plan.setToolTip("Go back to this action's row of the action plan")
        self.show_in_plan.clicked.connect(self._show_in_plan)
        bl.addWidget(self.show_in_plan, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bl.setColumnStretch(0, 1)
        sl.addWidget(box)

        fields = QGridLayout()
        fields.setHorizontalSpacing(12)
        fields.setVerticalSpacing(2)
        line = self.fontMetrics().lineSpacing()
        for i, (key, col) in enumerate(detailed_fields(self.fw).items()):
            r, c = divmod(i, 2)
            # The heading only: its prompt is the box's placeholder and tooltip, so the captions
            # stay one line and the delivery plan keeps its room at large text.
            caption = ElidedLines(sheet)
            caption.set_lines([("", col.heading)])
            emphasize(caption)
            caption.setToolTip(f"{col.heading}: {col.prompt}" if col.prompt else col.heading)
            edit = QPlainTextEdit(sheet)
            edit.setPlaceholderText(col.prompt)
            edit.setToolTip(col.prompt)
            edit.setAccessibleName(col.heading)
            edit.setAccessibleDescription(col.prompt)
            edit.setTabChangesFocus(True)
            show_focus(edit)
            edit.setProperty("lines", 2 if key == "lead" else 3)
            edit.setFixedHeight(self._box_height(edit, line))
            caption.setBuddy(edit)
            fields.addWidget(caption, r * 2, c, Qt.AlignmentFlag.AlignBottom)
            fields.addWidget(edit, r * 2 + 1, c, Qt.AlignmentFlag.AlignTop)
            self.editors[key] = edit
            self.savers[key] = AutoSaver(edit, lambda target, text, k=key: self._save_field(target, k, text))
        fields.setColumnStretch(0, 1)
        fields.setColumnStretch(1, 1)
        sl.addLayout(fields)

        plan_head = QHBoxLayout()
        plan_title = QLabel(ap.delivery_plan_title, sheet)
        emphasize(plan_title, 1.1)
        plan_head.addWidget(plan_title)
        self.points_hint = QLabel(sheet)
        self.points_hint.setStyleSheet(flag_text_style(self))
        plan_head.addWidget(self.points_hint, 1)
        self.add_point = QPushButton("Add review point", sheet)
        self.add_point.setToolTip("Add a review point to the delivery plan (Ctrl+Shift+R)")
        self.add_point.clicked.connect(self.add_review_point)
        self.remove_point = QPushButton("Remove review point", sheet)
        self.remove_point.setToolTip("Remove the selected review point (Ctrl+Delete); Ctrl+Z brings it back")
        self.remove_point.clicked.connect(self.remove_review_point)
        plan_head.addWidget(self.add_point)
        plan_head.addWidget(self.remove_point)
        sl.addLayout(plan_head)

        self.table = _PointsTable(sheet)
        self.table.setModel(self.points)
        self.table.setAccessibleName(ap.delivery_plan_title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setMinimumSectionSize(self._min_row(self.fontMetrics().lineSpacing()))
        show_focus(self.table)
        self.table.weights = [2 if k == "date" else 29 for k in self.points.keys]
        self._date_width()
        self.table.setItemDelegate(TextDelegate(self.table))
        self.date_delegate = DateDelegate(self.table)
        self.date_delegate.message.connect(self.ctx.status_message)
        self.table.setItemDelegateForColumn(self.points.keys.index("date"), self.date_delegate)
        self.table.delete_requested.connect(self.remove_review_point)
        self.table.clear_requested.connect(self.clear_current_cell)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        sl.addWidget(self.table, 1)
        self._table_height()
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.add_review_point).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        return sheet

    # -- the page contract -------------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.flush()
        self._action = None
        if workshop_id != self.workshop_id:
            live = self.ctx.live_for(workshop_id)
            self.list_model.reset(live.actions if live is not None else [])
        super().set_workshop(workshop_id)
        if self._actions and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.list_model.index(0, 0))

    def focus_item(self, item: object) -> None:
        if isinstance(item, int):
            self.select_action(item)

    def select_action(self, action_id: int) -> bool:
        row = self.list_model.row_of(action_id)
        if row < 0:
            return False
        index = self.list_model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)
        return True

    def current_action(self) -> ActionRecord | None:
        return self._action

    def flush(self) -> None:
        """Save whatever is typed but not yet saved."""
        for saver in self.savers.values():
            saver.flush()

    def load(self) -> None:
        self.list_model.set_actions(self._actions)
        self._follow_current()

    def apply_changes(self, change: Changes | Change) -> None:
        if not isinstance(change, Changes) or self.live is None:
            self.load()  # a notice without values (a restore, a refusal): show what is stored
            return
        if not change.actions:
            return
        self.list_model.update_actions(self._actions, change.actions)
        if self._action is None or self._action.id in change.actions:
            self._follow_current()

    def _follow_current(self) -> None:
        """Show the action selected in the list as it is now (the first one if it is gone)."""
        current_id = self._action.id if self._action is not None else None
        row = self.list_model.row_of(current_id) if current_id is not None else -1
        if row >= 0:
            if self.list.currentIndex().row() != row:
                self.list.setCurrentIndex(self.list_model.index(row, 0))
            self._show(self.list_model.action_at(row))
        elif self._actions and current_id is not None:
            self.list.setCurrentIndex(self.list_model.index(0, 0))
            self._show(self.list_model.action_at(0))
        else:
            self._show(self.list_model.action_at(self.list.currentIndex().row()))

    def compute_status(self) -> StepStatus:
        if self.live is None:
            return NO_WORKSHOP
        actions = self._actions
        if not actions:
            return StepStatus(False, f"No action yet: add them on the {self.fw.action_planning.title.lower()} step")
        no_lead = [i for i, a in enumerate(actions, start=1) if "no-lead" in sheet_problems(a)]
        no_point = [i for i, a in enumerate(actions, start=1) if "no-review-point" in sheet_problems(a)]
        parts = []
        if no_lead:
            parts.append(f"no lead for action{'s' if len(no_lead) > 1 else ''} {_numbers(no_lead)}")
        if no_point:
            parts.append(f"no review point for action{'s' if len(no_point) > 1 else ''} {_numbers(no_point)}")
        if parts:
            return StepStatus(False, "; ".join(parts).capitalize())
        n = len(actions)
        return StepStatus(True, f"All {n} sheet{'s' if n != 1 else ''} have a lead and review points")

    def update_status(self) -> None:
        super().update_status()
        status = self.step_status()
        self.summary.setText(status.summary)
        self.summary.setStyleSheet("" if status.done or self.live is None else flag_text_style(self))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.list_model.action_at(current.row()) if current.isValid() else None)

    def _show(self, action: ActionRecord | None) -> None:
        if action is None:
            self.flush()
            self._action = None
            for saver in self.savers.values():
                saver.show(None, "")
            self.points.set_points(self.workshop_id, None, [])
            if not self._actions:
                self.empty_text.setText(
                    f"No action yet. Each action of the {self.fw.action_planning.title.lower()} gets a sheet here."
                )
            else:
                self.empty_text.setText("Choose an action on the left.")
            self.stack.setCurrentWidget(self.empty)
            return
        switched = self._action is None or self._action.id != action.id
        self._action = action
        number = self.list_model.row_of(action.id) + 1
        cols = plan_columns(self.fw)
        self.sheet_title.set_lines([("", action_title(self.fw, action, number))])
        facts: list[tuple[str, str]] = []
        serves = "Serves " + "; ".join(link_lines(self.fw, action.links)) if action.links else ""
        if action.by_when is not None:
            facts.append((cols["by_when"].heading, " · ".join(t for t in (date_text(action.by_when), serves) if t)))
        elif serves:
            facts.append(("", serves))
        if action.steps:
            facts.append((cols["by_doing"].heading, steps_display(action.steps).replace("\n", " · ")))
        self.sheet_facts.set_lines(facts)
        self.sheet_title.setToolTip("\n".join(t for t in (self.sheet_title.toolTip(), self.sheet_facts.toolTip()) if t))
        for key, saver in self.savers.items():
            saver.show(action.id, getattr(action, key))
        points = self.points.rowCount()
        self.points.set_points(self.workshop_id, action.id, action.review_points)
        if switched or self.points.rowCount() != points:
            self.table.fit(force=True)  # the row height cap depends on the number of rows
        problems = sheet_problems(action)
        self.points_hint.setText(problem_message(self.fw, "no-review-point") if "no-review-point" in problems else "")
        lead = self.editors["lead"]
        flag = f"QPlainTextEdit {{ border: 1px solid {FLAG_EDGE.name()}; }}" if "no-lead" in problems else ""
        style = f"{focus_frame_style(lead)} {flag}".strip()
        if lead.styleSheet() != style:  # a new style sheet re-polishes the box: only when it differs
            lead.setStyleSheet(style)
        lead.setToolTip(
            problem_message(self.fw, "no-lead") + " — " + lead.placeholderText()
            if "no-lead" in problems
            else lead.placeholderText()
        )
        self.stack.setCurrentWidget(self.sheet_scroll)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        has = self._action is not None
        self.add_point.setEnabled(has)
        self.remove_point.setEnabled(has and self.table.currentIndex().isValid())

    # -- edits ------------------------------------------------------------------------------------------------

    def _save_field(self, action_id: object, key: str, text: str) -> None:
        if self.workshop_id is None or action_id is None:
            return
        action_id = int(action_id)
        current = next((a for a in self._actions if a.id == action_id), None)
        if current is None or getattr(current, key) == text.strip():
            return
        heading = detailed_fields(self.fw)[key].heading
        number = self.list_model.row_of(action_id) + 1
        self.ctx.push(EditActionText(self.ctx, action_id, key, text, f"Edit {quoted(heading)} of action {number}"))

    def add_review_point(self) -> int | None:
        action = self._action
        if action is None or self.workshop_id is None:
            return None
        self.flush()
        number = self.list_model.row_of(action.id) + 1
        command = AddReviewPoint(self.ctx, action.id, f"Add a review point to action {number}")
        if not self.ctx.push(command) or command.record is None:
            return None
        point_id = command.record.id
        row = self.points.row_of(point_id)
        if row >= 0:
            index = self.points.index(row, self.points.keys.index("date"))
            self.table.setCurrentIndex(index)
            self.table.setFocus()
        return point_id

    def clear_current_cell(self) -> None:
        """Delete on a cell: empty that cell (one undoable command), the review point stays."""
        index = self.table.currentIndex()
        point = self.points.point_at(index.row()) if index.isValid() else None
        if point is None or self.workshop_id is None or not getattr(point, self.points.key_at(index.column())):
            return
        empty = QDate() if self.points.key_at(index.column()) == "date" else ""
        if self.points.setData(index, empty):
            heading = self.points.headerData(index.column(), Qt.Orientation.Horizontal)
            self.ctx.status_message.emit(
                f"Cleared {quoted(heading)} of review point {index.row() + 1}. Undo (Ctrl+Z) brings it back."
            )

    def remove_review_point(self) -> None:
        action = self._action
        index = self.table.currentIndex()
        point = self.points.point_at(index.row()) if index.isValid() else None
        if action is None or point is None or self.workshop_id is None:
            return
        label = f"Remove review point {index.row() + 1} of action {self.list_model.row_of(action.id) + 1}"
        if self.ctx.push(DeleteReviewPoint(self.ctx, point.id, label)):
            self.ctx.status_message.emit(f"{label}. Undo (Ctrl+Z) brings it back.")
            if self.points.rowCount():
                self.table.setCurrentIndex(self.points.index(min(index.row(), self.points.rowCount() - 1), 0))
        self._update_buttons()

    def _show_in_plan(self) -> None:
        if self._action is not None:
            self.flush()
            self.request_step.emit(STEP_ACTIONS, self._action.id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # high contrast on or off
            restyle_flags(getattr(self, "summary", None), getattr(self, "points_hint", None))

    def fonts_changed(self) -> None:
        """The app's text size changed: re-apply headings and the heights measured in lines."""
        refresh_fonts(self)
        line = self.fontMetrics().lineSpacing()
        for edit in self.editors.values():
            edit.setFixedHeight(self._box_height(edit, line))
        self.table.verticalHeader().setMinimumSectionSize(self._min_row(line))
        self._table_height()
        self._date_width()
        self._fit_sheet()
        self.table.fit(force=True)

    @staticmethod
    def _min_row(line: int) -> int:
        return line + 14

    def _table_height(self) -> None:
        """Room for the headings and two review points at least; beyond that the sheet scrolls."""
        line = self.fontMetrics().lineSpacing()
        self.table.setMinimumHeight(line * 3 + 12 + 2 * self._min_row(line) + 4)

    def _date_width(self) -> None:
        widths = [0] * len(self.points.keys)
        widths[self.points.keys.index("date")] = date_column_width(self.table)
        self.table.min_widths = widths

    @staticmethod
    def _box_height(edit: QPlainTextEdit, line: int) -> int:
        # At projector text sizes (under ~34 lines on a 768-pixel screen) the boxes take two lines and scroll.
        screen = edit.screen()
        height = screen.availableGeometry().height() if screen is not None else 768
        lines = int(edit.property("lines")) if height / max(1, line) >= 34 else 2
        return line * lines + 14

    def _user_moved_split(self, *_args) -> None:
        self._split_moved = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_sheet()

    def _fit_sheet(self) -> None:
        # Under ~26 lines of text in view (projector text on a laptop) the facts line goes (it is in
        # the title's tooltip and in the action plan), so the delivery plan keeps its rows in view.
        self.sheet_facts.setVisible(self.height() >= self.fontMetrics().lineSpacing() * 26)
        if not self._split_moved:
            # The list takes under a quarter of the width, so the sheet's headings and delivery plan fit.
            total = sum(self.split.sizes())
            left = max(200, min(320, int(total * 0.23)))
            self.split.setSizes([left, max(1, total - left)])

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)


class _PointsTable(PlanningTable):
    """The delivery plan table: Delete clears a cell, Ctrl+Delete removes the review point."""


def _numbers(items: list[int]) -> str:
    text = [str(i) for i in items]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]
