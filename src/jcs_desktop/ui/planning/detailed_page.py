"""Detailed assessment (stage 2): the priority drivers' detailed sheets.

Left, the drivers: tick the ones the group judges most important or urgent (their priority)
and pick one of their elements. Right, that element's detailed sheet: the four level
statements with their Indicators and Approaches to change, the agreed level highlighted and
the next level's approaches brought forward to tick (or the group writes its own). A refined
score and notes can be recorded per element. Ticked approaches are carried into the action
plan with "Create actions from ticked approaches…".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Element
from jcs_desktop.services import NotFound, ServiceError, StoreError
from jcs_desktop.services.dto import ChosenApproachRecord
from jcs_desktop.ui.context import ACTIONS, AGREED, PLANS, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.planning import commands
from jcs_desktop.ui.planning.common import (
    AGREED_EDGE,
    AGREED_TINT,
    APPROACHES_LABEL,
    GRID_SOURCE_MARK,
    INDICATORS_LABEL,
    NEXT_EDGE,
    NEXT_TINT,
    STEP_ACTIONS,
    STEP_FINAL,
    AutoSaver,
    WrapCheck,
    WrapDelegate,
    bold_only,
    emphasize,
    escape,
    level_title,
    refresh_fonts,
)
from jcs_desktop.ui.planning.dialogs import CreateActionsDialog, pending_approaches
from jcs_desktop.ui.steps import STEPS, StepStatus

_DRIVER_ROLE = Qt.ItemDataRole.UserRole + 1
_ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 2


def _tinted(widget: QWidget, name: str, tint, edge=None, radius: int = 6) -> None:
    widget.setObjectName(name)
    border = f"border: 2px solid {edge.name()};" if edge is not None else "border: 1px solid #d0d4da;"
    widget.setStyleSheet(f"#{name} {{ background: {tint.name()}; {border} border-radius: {radius}px; }}")


def _label(text: str = "", *, wrap: bool = True, rich: bool = False, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _clear_layout(layout) -> None:
    """Remove a layout's widgets; deleted later, as one of them may be sending the signal that got us here."""
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _plain(text: str) -> str:
    """Compare titles ignoring case and typographic quotes."""
    return text.strip().lower().replace("’", "'").replace("‘", "'")


class _ElementSheet(QWidget):
    """The detailed sheet of one element; updated in place when planning data changes."""

    def __init__(self, page: DetailedAssessmentPage, element: Element) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.fw = page.fw
        self.element = element
        self.driver = self.fw.driver_of(element.id)
        self.checks: dict[tuple[int, int], WrapCheck] = {}
        self._built_for: tuple[int | None, int | None] | None = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        lay.setSpacing(10)

        title = _label(f"{self.driver.title} – {element.detail.title}")
        emphasize(title, 1.3)
        title.setAccessibleName("Element")
        lay.addWidget(title)
        if _plain(element.detail.title) != _plain(element.title):
            grid_title = _label(f"In the self-assessment grid: {element.title}")
            grid_title.setStyleSheet("color: #555;")
            lay.addWidget(grid_title)

        # The driver's target beside this element's assessment.
        top = QHBoxLayout()
        top.setSpacing(10)
        target_box = QFrame(self)
        _tinted(target_box, "targetBox", NEXT_TINT.lighter(104))
        tl = QVBoxLayout(target_box)
        tl.setContentsMargins(10, 8, 10, 8)
        heading = _label(self.fw.final_scores.target_heading)
        emphasize(heading)
        tl.addWidget(heading)
        self.target_text = _label("")
        self.target_text.setAccessibleName(self.fw.final_scores.target_heading)
        tl.addWidget(self.target_text)
        self.go_final = QPushButton("Write it on the Final scores step", target_box)
        self.go_final.setToolTip("The group writes each driver's improvement target with the final scores")
        self.go_final.clicked.connect(lambda: page.request_step.emit(STEP_FINAL, self.driver.id))
        tl.addWidget(self.go_final, 0, Qt.AlignmentFlag.AlignLeft)
        tl.addStretch(1)
        top.addWidget(target_box, 1)

        assess = QFrame(self)
        _tinted(assess, "assessBox", AGREED_TINT.lighter(104))
        al = QGridLayout(assess)
        al.setContentsMargins(10, 8, 10, 8)
        al.setHorizontalSpacing(10)
        al.addWidget(_label("Agreed level:", wrap=False), 0, 0)
        self.agreed_label = _label("")
        emphasize(self.agreed_label)
        self.agreed_label.setAccessibleName("Agreed level")
        al.addWidget(self.agreed_label, 0, 1)
        refined_caption = _label("Refined level:", wrap=False)
        al.addWidget(refined_caption, 1, 0)
        self.refined = QComboBox(assess)
        self.refined.setAccessibleName("Refined level")
        self.refined.setToolTip("The level the group settles on after looking at the detailed sheet")
        self.refined.addItem("Not refined (keep the agreed level)", None)
        for level in self.fw.levels:
            self.refined.addItem(level_title(self.fw, level.number), level.number)
        refined_caption.setBuddy(self.refined)
        al.addWidget(self.refined, 1, 1)
        notes_caption = _label("Notes:", wrap=False)
        al.addWidget(notes_caption, 2, 0, Qt.AlignmentFlag.AlignTop)
        self.notes = QPlainTextEdit(assess)
        self.notes.setAccessibleName("Notes on this element")
        self.notes.setPlaceholderText("What the group said about this element, evidence, reservations…")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        notes_caption.setBuddy(self.notes)
        al.addWidget(self.notes, 2, 1)
        al.setColumnStretch(1, 1)
        top.addWidget(assess, 1)
        lay.addLayout(top)
        self.notes_saver = AutoSaver(self.notes, self._save_notes)
        self.refined.currentIndexChanged.connect(self._refined_changed)

        # The next level's approaches, brought forward.
        self.forward = QFrame(self)
        _tinted(self.forward, "forwardBox", NEXT_TINT, NEXT_EDGE)
        self.forward_lay = QVBoxLayout(self.forward)
        self.forward_lay.setContentsMargins(12, 10, 12, 10)
        self.forward_lay.setSpacing(6)
        self.forward_title = _label("")
        emphasize(self.forward_title, 1.1)
        self.forward_lay.addWidget(self.forward_title)
        self.forward_statement = _label("", rich=True)
        self.forward_lay.addWidget(self.forward_statement)
        self.forward_caption = _label(APPROACHES_LABEL)
        emphasize(self.forward_caption)
        self.forward_lay.addWidget(self.forward_caption)
        self.forward_checks = QVBoxLayout()
        self.forward_checks.setSpacing(2)
        self.forward_lay.addLayout(self.forward_checks)
        own_row = QHBoxLayout()
        self.own_edit = QLineEdit(self.forward)
        self.own_edit.setPlaceholderText("Or write an approach of the group's own…")
        self.own_edit.setAccessibleName("The group's own approach to change")
        self.own_add = QPushButton("Add approach", self.forward)
        self.own_add.setToolTip("Add the group's own approach to change, ticked for the action plan")
        self.own_edit.returnPressed.connect(self._add_own)
        self.own_add.clicked.connect(self._add_own)
        own_row.addWidget(self.own_edit, 1)
        own_row.addWidget(self.own_add)
        self.forward_lay.addLayout(own_row)
        self.own_list = QVBoxLayout()
        self.own_list.setSpacing(2)
        self.forward_lay.addLayout(self.own_list)
        lay.addWidget(self.forward)

        # The four levels, as on the workbook's sheet.
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        lay.addWidget(self.grid_host)
        lay.addStretch(1)

    # -- what the sheet shows -------------------------------------------------------------------

    def base_level(self) -> tuple[int | None, int | None]:
        agreed = self.page.agreed.get(self.element.id)
        agreed_level = agreed.level if agreed is not None else None
        detailed = self.page.detailed.get(self.element.id)
        refined = detailed.refined_level if detailed is not None else None
        return agreed_level, refined

    def next_level(self) -> int:
        agreed, refined = self.base_level()
        base = refined or agreed
        k = self.fw.level_count
        return 1 if base is None else min(k, base + 1)

    def refresh(self) -> None:
        agreed, refined = self.base_level()
        plan = self.page.plans.get(self.driver.id)
        target = plan.improvement_target if plan is not None else ""
        text = target or "Not written yet."
        if plan is not None and plan.target_level is not None:
            text += f"\nTarget: {level_title(self.fw, plan.target_level)}"
        self.target_text.setText(text)
        self.go_final.setVisible(not target)
        self.agreed_label.setText(level_title(self.fw, agreed) if agreed else "Not agreed yet")

        index = self.refined.findData(refined) if refined is not None else 0
        blocked = self.refined.blockSignals(True)
        self.refined.setCurrentIndex(max(0, index))
        self.refined.blockSignals(blocked)
        detailed = self.page.detailed.get(self.element.id)
        self.notes_saver.show(self.element.id, detailed.notes if detailed is not None else "")

        if self._built_for != (agreed, refined):
            self._build_levels(agreed)
            self._built_for = (agreed, refined)
        self._refresh_checks()
        self._refresh_own()

    def _build_levels(self, agreed: int | None) -> None:
        """(Re)build the brought-forward box and the four-level grid for the current levels."""
        _clear_layout(self.forward_checks)
        _clear_layout(self.grid)
        self.checks.clear()

        k = self.fw.level_count
        nxt = self.next_level()
        base = self.base_level()[1] or agreed
        top_reached = base is not None and base >= k
        detail = self.element.detail.levels[nxt - 1]
        if top_reached:
            self.forward_title.setText(f"At the top level: sustaining {level_title(self.fw, k)}")
        else:
            self.forward_title.setText(f"To move up to {level_title(self.fw, nxt)}")
        statement = escape(detail.statement)
        if detail.statement_source == "grid":
            statement += f" <i style='color:#555'>{escape(GRID_SOURCE_MARK)}</i>"
        self.forward_statement.setText(statement)
        for i, text in enumerate(detail.approaches):
            check = self._make_check(nxt, i, text, self.forward)
            self.forward_checks.addWidget(check)
        self.forward_caption.setVisible(bool(detail.approaches))

        for col, (level, level_detail) in enumerate(zip(self.fw.levels, self.element.detail.levels, strict=True)):
            n = level.number
            tint = AGREED_TINT if n == agreed else NEXT_TINT if (n == nxt and not top_reached) else None
            edge = AGREED_EDGE if n == agreed else NEXT_EDGE if (n == nxt and not top_reached) else None
            header = QFrame(self.grid_host)
            _tinted(header, f"levelHead{n}", tint or self.palette().window().color().darker(104), edge)
            hl = QVBoxLayout(header)
            hl.setContentsMargins(8, 6, 8, 6)
            name = _label(level_title(self.fw, n))
            emphasize(name)
            hl.addWidget(name)
            badges = []
            if n == agreed:
                badges.append("Agreed level")
            if self.base_level()[1] == n and n != agreed:
                badges.append("Refined level")
            if n == nxt and not top_reached:
                badges.append("Next level")
            if badges:
                badge = _label(" · ".join(badges))
                badge.setStyleSheet(f"color: {(edge or AGREED_EDGE).name()}; font-weight: bold;")
                hl.addWidget(badge)
            self.grid.addWidget(header, 0, col)

            statement = escape(level_detail.statement)
            if level_detail.statement_source == "grid":
                statement += f"<br><i style='color:#555'>{escape(GRID_SOURCE_MARK)}</i>"
            self.grid.addWidget(self._cell(f"stmt{n}", tint, _label(statement, rich=True)), 1, col)

            ind = QWidget()
            il = QVBoxLayout(ind)
            il.setContentsMargins(0, 0, 0, 0)
            il.setSpacing(3)
            cap = _label(INDICATORS_LABEL)
            emphasize(cap)
            il.addWidget(cap)
            for text in level_detail.indicators:
                il.addWidget(_label(f"■ {text}"))
            if not level_detail.indicators:
                il.addWidget(_label("—"))
            il.addStretch(1)
            self.grid.addWidget(self._cell(f"ind{n}", tint, ind), 2, col)

            app = QWidget()
            apl = QVBoxLayout(app)
            apl.setContentsMargins(0, 0, 0, 0)
            apl.setSpacing(3)
            cap = _label(APPROACHES_LABEL)
            emphasize(cap)
            apl.addWidget(cap)
            if n == nxt:
                moved = _label("Brought forward above ↑")
                moved.setStyleSheet(f"color: {NEXT_EDGE.name()}; font-style: italic;")
                apl.addWidget(moved)
            else:
                for i, text in enumerate(level_detail.approaches):
                    apl.addWidget(self._make_check(n, i, text, app))
            apl.addStretch(1)
            self.grid.addWidget(self._cell(f"app{n}", tint, app), 3, col)
        for col in range(k):
            self.grid.setColumnStretch(col, 1)

    def _cell(self, name: str, tint, content: QWidget) -> QFrame:
        frame = QFrame(self.grid_host)
        if tint is not None:
            _tinted(frame, name, tint, radius=4)
        else:
            frame.setObjectName(name)
            frame.setStyleSheet(f"#{name} {{ border: 1px solid #d0d4da; border-radius: 4px; }}")
        fl = QVBoxLayout(frame)
        fl.setContentsMargins(8, 6, 8, 6)
        fl.addWidget(content)
        return frame

    def _make_check(self, level: int, index: int, text: str, parent: QWidget) -> WrapCheck:
        check = WrapCheck(text, parent)
        check.box.setAccessibleDescription(f"{APPROACHES_LABEL}, {level_title(self.fw, level)}")
        check.toggled.connect(lambda on, lv=level, i=index: self.page.toggle_approach(self.element.id, lv, i, on))
        self.checks[(level, index)] = check
        return check

    def _refresh_checks(self) -> None:
        chosen = self.page.chosen_for(self.element.id)
        live = self.page.live_action_ids
        for (level, index), check in self.checks.items():
            mine = [c for c in chosen if c.level == level and c.approach_index == index]
            check.set_checked_quietly(bool(mine))
            in_plan = any(c.action_id in live for c in mine)
            check.set_note("(in the action plan)" if in_plan else "")

    def _refresh_own(self) -> None:
        _clear_layout(self.own_list)
        live = self.page.live_action_ids
        for record in self.page.chosen_for(self.element.id):
            if record.approach_index is not None:
                continue
            row = QWidget(self.forward)
            rl = QHBoxLayout(row)
            rl.setContentsMargins(0, 0, 0, 0)
            note = " (in the action plan)" if record.action_id in live else ""
            text = _label(f"✓ {record.text}  [{level_title(self.fw, record.level)}]{note}")
            rl.addWidget(text, 1)
            remove = QToolButton(row)
            remove.setText("Remove")
            remove.setToolTip("Remove this approach of the group's own")
            remove.setAccessibleName(f"Remove approach: {record.text}")
            remove.clicked.connect(lambda _=False, r=record: self.page.remove_own(r))
            rl.addWidget(remove)
            self.own_list.addWidget(row)

    # -- edits ------------------------------------------------------------------------------------

    def _refined_changed(self, index: int) -> None:
        level = self.refined.itemData(index)
        current = self.page.detailed.get(self.element.id)
        if (current.refined_level if current is not None else None) == level:
            return
        label = f"Refine the level of {self.element.title}"
        if commands.set_detailed(self.ctx, self.page.workshop_id, self.element.id, label, refined_level=level) is None:
            self.refresh()

    def _save_notes(self, element_id: object, text: str) -> None:
        if self.page.workshop_id is None:
            return
        current = self.page.detailed.get(str(element_id))
        if (current.notes if current is not None else "") == text.strip():
            return
        title = self.fw.element(str(element_id)).title
        commands.edit_notes(self.ctx, self.page.workshop_id, str(element_id), text, f"Notes on {title}")

    def _add_own(self) -> None:
        text = self.own_edit.text().strip()
        if not text:
            self.own_edit.setFocus()
            return
        label = f"Add the group's own approach for {self.element.title}"
        if (
            commands.choose_approach(
                self.ctx, self.page.workshop_id, self.element.id, self.next_level(), None, text, label
            )
            is not None
        ):
            self.own_edit.clear()


class DetailedAssessmentPage(QWidget):
    """Step page "Detailed assessment"."""

    status_changed = Signal()
    request_step = Signal(str, object)
    """Ask the main window to show another step: (step key, argument such as an action id)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.workshop_id: int | None = None
        self.plans: dict = {}
        self.agreed: dict = {}
        self.detailed: dict = {}
        self.chosen: list[ChosenApproachRecord] = []
        self.live_action_ids: set[int] = set()
        self._status = StepStatus(False, "Open a workshop first")
        self._element_id: str | None = None
        self._sheet: _ElementSheet | None = None
        self._tree_structure: tuple | None = None
        self._build()
        ctx.changed.connect(self._on_changed)
        ctx.font_scale_changed.connect(self._fonts_changed)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)

        bar = QHBoxLayout()
        title = _label(next(s.title for s in STEPS if s.key == "detailed"), wrap=False)
        emphasize(title, 1.25)
        bar.addWidget(title)
        self.summary = _label("", wrap=True)
        self.summary.setAccessibleName("What is left to do")
        bar.addWidget(self.summary, 1)
        self.create_button = QPushButton("Create actions from ticked approaches…", self)
        self.create_button.setToolTip("Carry the ticked approaches into the action plan (Ctrl+Shift+A)")
        self.create_button.clicked.connect(self.create_actions)
        bar.addWidget(self.create_button)
        self.to_plan = QPushButton("Go to the action plan", self)
        self.to_plan.clicked.connect(lambda: self.request_step.emit(STEP_ACTIONS, None))
        bar.addWidget(self.to_plan)
        lay.addLayout(bar)
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.create_actions)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        caption = _label("Drivers to assess in detail")
        emphasize(caption)
        ll.addWidget(caption)
        hint = _label("Tick the drivers the group judges most important or urgent, then choose an element.")
        hint.setStyleSheet("color: #555;")
        ll.addWidget(hint)
        self.tree = QTreeWidget(left)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setAccessibleName("Priority drivers and their elements")
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
        self.placeholder_text = _label("")
        self.placeholder_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        emphasize(self.placeholder_text, 1.15)
        pl.addWidget(self.placeholder_text)
        self.make_priority = QPushButton("Make it a priority driver", self.placeholder)
        self.make_priority.clicked.connect(self._prioritise_current)
        pl.addWidget(self.make_priority, 0, Qt.AlignmentFlag.AlignCenter)
        pl.addStretch(2)
        self.stack.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack.addWidget(self.scroll)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1000])
        left.setMinimumWidth(240)
        left.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay.addWidget(split, 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fonts_changed()

    def _fonts_changed(self, *_args) -> None:
        # Once every widget has taken the new font (they get it one by one).
        QTimer.singleShot(0, self._apply_fonts)

    def _apply_fonts(self) -> None:
        """The app's text size changed: re-apply headings and the heights measured in lines."""
        refresh_fonts(self)
        self.tree.scheduleDelayedItemsLayout()
        if self._sheet is not None:
            self._sheet.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def hideEvent(self, event) -> None:
        if self._sheet is not None:
            self._sheet.notes_saver.flush()
        super().hideEvent(event)

    # -- the page contract ------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        if self._sheet is not None:
            self._sheet.notes_saver.flush()
        self.workshop_id = workshop_id
        self._element_id = None
        self._tree_structure = None
        self._reload()

    def step_status(self) -> StepStatus:
        return self._status

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

    def sheet(self) -> _ElementSheet | None:
        return self._sheet

    # -- data -------------------------------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if self.workshop_id is None or (change.workshop_id not in (None, self.workshop_id)):
            return
        if change.touches(PLANS, ACTIONS, AGREED, WORKSHOPS):
            self._reload()

    def _reload(self) -> None:
        if self.workshop_id is None:
            self.plans, self.agreed, self.detailed, self.chosen, self.live_action_ids = {}, {}, {}, [], set()
        else:
            try:
                planning = self.ctx.services.planning
                self.plans = planning.driver_plans(self.workshop_id)
                self.agreed = self.ctx.services.scores.agreed_for_workshop(self.workshop_id)
                self.detailed = planning.detailed(self.workshop_id)
                self.chosen = planning.chosen_approaches(self.workshop_id)
                self.live_action_ids = {a.id for a in planning.actions(self.workshop_id)}
            except NotFound:
                self.workshop_id = None
                return self._reload()
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
                return None
        self._fill_tree()
        if self._sheet is not None:
            self._sheet.refresh()
        self._update_status()
        return None

    def priority_drivers(self) -> list[str]:
        chosen = [p for p in self.plans.values() if p.priority is not None]
        return [p.driver_id for p in sorted(chosen, key=lambda p: p.priority)]

    def chosen_for(self, element_id: str) -> list[ChosenApproachRecord]:
        return [c for c in self.chosen if c.element_id == element_id]

    def pending(self) -> list[ChosenApproachRecord]:
        live = self.live_action_ids
        return [c for c in self.chosen if c.action_id is None or c.action_id not in live]

    def _update_status(self) -> None:
        priority = self.priority_drivers()
        pending = self.pending()
        if self.workshop_id is None:
            status = StepStatus(False, "Open a workshop first")
        elif not priority:
            status = StepStatus(False, "Choose the priority drivers to assess in detail")
        else:
            untouched = [
                self.fw.driver(d).title
                for d in priority
                if not any(c.element_id.partition(".")[0] == d for c in self.chosen)
            ]
            parts = [f"{len(priority)} priority driver{'s' if len(priority) != 1 else ''}"]
            ticked = f"{len(self.chosen)} approach{'es' if len(self.chosen) != 1 else ''} ticked"
            if pending:
                ticked += f", {len(pending)} not yet in the action plan"
            parts.append(ticked)
            if untouched:
                parts.append("nothing ticked yet for " + ", ".join(untouched))
            status = StepStatus(not untouched and not pending, " · ".join(parts))
        self.summary.setText(status.summary)
        self.create_button.setEnabled(bool(pending))
        self.create_button.setText(
            f"Create actions from ticked approaches ({len(pending)})…"
            if pending
            else "Create actions from ticked approaches…"
        )
        if status != self._status:
            self._status = status
            self.status_changed.emit()

    # -- the driver tree ----------------------------------------------------------------------------

    def _all_items(self):
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            yield top
            for j in range(top.childCount()):
                yield top.child(j)

    def _fill_tree(self) -> None:
        priority = self.priority_drivers()
        order = priority + [d.id for d in self.fw.drivers if d.id not in priority]
        structure = (tuple(order), len(priority))
        if structure == self._tree_structure and self.tree.topLevelItemCount():
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
            for driver_id in order:
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
                self.tree.addTopLevelItem(top)
                if driver_id == current_driver:
                    select_item = top
                if not is_priority:
                    continue
                for element in driver.elements:
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

    def _decorate_element(self, item: QTreeWidgetItem, element_id: str) -> None:
        """The agreed level and the number of ticked approaches beside an element's title."""
        element = self.fw.element(element_id)
        agreed = self.agreed.get(element_id)
        ticks = sum(1 for c in self.chosen if c.element_id == element_id)
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
        QTimer.singleShot(0, lambda: self.set_priority(driver_id, on))

    def set_priority(self, driver_id: str, on: bool) -> None:
        if self.workshop_id is None:
            return
        plan = self.plans.get(driver_id)
        if (plan is not None and plan.priority is not None) == on:
            return
        title = self.fw.driver(driver_id).title
        if on:
            used = [p.priority for p in self.plans.values() if p.priority is not None]
            priority = max(used, default=0) + 1
            text = f"Make {title} a priority driver"
        else:
            priority = None
            text = f"Drop {title} from the priority drivers"
        if commands.set_priority(self.ctx, self.workshop_id, driver_id, priority, text) is None:
            self._fill_tree()

    def _prioritise_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.set_priority(item.data(0, _DRIVER_ROLE), True)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._show_item(current)

    def _show_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self._show_element(None)
            if self.workshop_id is None:
                self.placeholder_text.setText("Open a workshop to see its detailed assessment.")
            else:
                self.placeholder_text.setText("Tick a driver on the left to assess its elements in detail.")
            self.make_priority.hide()
            return
        element_id = item.data(0, _ELEMENT_ROLE)
        if element_id is not None:
            self._show_element(element_id)
            return
        driver_id = item.data(0, _DRIVER_ROLE)
        if driver_id in self.priority_drivers() and item.childCount():
            # A priority driver: show its first element.
            self.tree.setCurrentItem(item.child(0))
            return
        self._show_element(None)
        self.placeholder_text.setText(f"{self.fw.driver(driver_id).title} is not a priority driver.")
        self.make_priority.show()

    def _show_element(self, element_id: str | None) -> None:
        if element_id is None:
            if self._sheet is not None:
                self._sheet.notes_saver.flush()
            self._element_id = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        if self._sheet is not None and self._sheet.element.id == element_id:
            self._element_id = element_id
            self.stack.setCurrentWidget(self.scroll)
            return
        if self._sheet is not None:
            self._sheet.notes_saver.flush()
        self._element_id = element_id
        sheet = _ElementSheet(self, self.fw.element(element_id))
        self._sheet = sheet
        self.scroll.setWidget(sheet)  # deletes the previous sheet
        sheet.refresh()
        self.stack.setCurrentWidget(self.scroll)

    # -- approaches ----------------------------------------------------------------------------------

    def toggle_approach(self, element_id: str, level: int, index: int, on: bool) -> None:
        if self.workshop_id is None:
            return
        approach = self.fw.element(element_id).detail.levels[level - 1].approaches[index]
        short = approach if len(approach) <= 50 else approach[:47] + "…"
        if on:
            cmd = commands.choose_approach(self.ctx, self.workshop_id, element_id, level, index, "", f"Tick “{short}”")
        else:
            ids = [
                c.id
                for c in self.chosen
                if c.element_id == element_id and c.level == level and c.approach_index == index
            ]
            cmd = commands.unchoose_approaches(self.ctx, self.workshop_id, ids, f"Untick “{short}”") if ids else None
        if cmd is None and self._sheet is not None:
            self._sheet.refresh()

    def remove_own(self, record: ChosenApproachRecord) -> None:
        if self.workshop_id is None:
            return
        commands.unchoose_approaches(self.ctx, self.workshop_id, [record.id], f"Remove approach “{record.text[:40]}”")

    def create_actions(self) -> list[int]:
        """Ask which ticked approaches to carry into the action plan, then create the actions."""
        if self.workshop_id is None:
            return []
        if self._sheet is not None:
            self._sheet.notes_saver.flush()
        pending = pending_approaches(self.chosen, [a for a in self._live_actions()])
        if not pending:
            self.ctx.status_message.emit("No ticked approach is waiting for the action plan")
            return []
        dialog = CreateActionsDialog(self.fw, pending, self.plans, self)
        if dialog.exec() != CreateActionsDialog.DialogCode.Accepted:
            return []
        return self.carry_into_plan(dialog.planned())

    def carry_into_plan(self, planned: list[commands.PlannedAction]) -> list[int]:
        """Create the planned actions as one undoable step and show the first in the action plan."""
        if self.workshop_id is None or not planned:
            return []
        created = commands.create_actions_from_approaches(
            self.ctx, self.workshop_id, planned, "Create actions from ticked approaches"
        )
        if created:
            self.request_step.emit(STEP_ACTIONS, created[0])
        return created

    def _live_actions(self):
        return self.ctx.services.planning.actions(self.workshop_id) if self.workshop_id is not None else []
