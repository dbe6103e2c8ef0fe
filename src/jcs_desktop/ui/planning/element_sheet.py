"""The detailed sheet of one element, as the detailed-assessment page shows it.

The four level statements with their Indicators and Approaches to change (as on the workbook's
sheet), the agreed level highlighted, the next level's approaches brought forward to tick, the
driver's prioritised improvement target, a refined level and notes.

The sheet is given what it shows explicitly: the workshop and element when it is made, and a
``SheetData`` (a read-only view of the live state for this element) on every ``refresh``. Its
edits are undoable commands it pushes itself; the page refreshes it from the change records.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Element
from jcs_desktop.services.dto import AgreedRecord, ChosenApproachRecord, DetailedRecord, DriverPlanRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.planning import ChooseApproach, EditNotes, SetDetailed, UnchooseApproach, push_unchoose
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning.common import (
    AGREED_EDGE,
    AGREED_TINT,
    APPROACHES_LABEL,
    GRID_SOURCE_MARK,
    INDICATORS_LABEL,
    NEXT_EDGE,
    NEXT_TINT,
    STEP_FINAL,
    AutoSaver,
    WrapCheck,
    emphasize,
    escape,
    level_title,
)
from jcs_desktop.ui.widgets.theme import mute, show_focus

TINT_INK = "#111111"
"""Text on the light tints: dark whatever the palette, so the tinted boxes read in high contrast too."""


def _tinted(widget: QWidget, name: str, tint, edge=None, radius: int = 6) -> None:
    """A box in a light ``tint`` (a QColor) with dark text, or in a palette role (e.g. "palette(midlight)")
    with the palette's own text colour."""
    widget.setObjectName(name)
    border = f"border: 2px solid {edge.name()};" if edge is not None else "border: 1px solid #d0d4da;"
    background = tint.name() if isinstance(tint, QColor) else tint
    ink = f" color: {TINT_INK};" if isinstance(tint, QColor) else ""
    widget.setStyleSheet(f"#{name} {{ background: {background}; {border} border-radius: {radius}px;{ink} }}")


def make_label(text: str = "", *, wrap: bool = True, rich: bool = False, parent: QWidget | None = None) -> QLabel:
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


@dataclass(frozen=True)
class SheetData:
    """What one element's sheet shows of the open workshop: a read-only view of the live state."""

    agreed: AgreedRecord | None = None
    detailed: DetailedRecord | None = None
    plan: DriverPlanRecord | None = None
    """The plan of the element's driver (its improvement target)."""
    chosen: tuple[ChosenApproachRecord, ...] = ()
    """The approaches ticked (or written) for this element."""
    in_plan: frozenset[int] = frozenset()
    """Ids of the chosen approaches carried into an action that is in the plan."""

    @classmethod
    def of(cls, live: LiveWorkshop, element_id: str, driver_id: str) -> SheetData:
        actions = {a.id for a in live.actions}
        chosen = tuple(c for c in live.approaches if c.element_id == element_id)
        return cls(
            agreed=live.agreed.get(element_id),
            detailed=live.detailed.get(element_id),
            plan=live.plans.get(driver_id),
            chosen=chosen,
            in_plan=frozenset(c.id for c in chosen if c.action_id in actions),
        )


class ElementSheet(QWidget):
    """The detailed sheet of one element of ``workshop_id``; ``refresh(data)`` shows ``data``.

    ``viewport`` is the scroll area's view the sheet sits in: the sheet lays its levels out for
    that width.
    """

    step_requested = Signal(str, object)
    """Ask for another step: (step key, an item to show there)."""

    def __init__(self, ctx: AppContext, workshop_id: int, element: Element, viewport: QWidget) -> None:
        super().__init__()
        self.ctx = ctx
        self.fw = ctx.framework
        self.workshop_id = workshop_id
        self.element = element
        self.driver = self.fw.driver_of(element.id)
        self.data = SheetData()
        self.checks: dict[tuple[int, int], WrapCheck] = {}
        self._built_for: tuple[int | None, int | None] | None = None
        self._level_cells: list[tuple[QWidget, ...]] = []
        self._per_row = 0
        # The four levels go two by two when the view is too narrow for them side by side (large
        # text): the view's width, not the sheet's, since the sheet is at least as wide as it needs.
        self._viewport = viewport
        viewport.installEventFilter(self)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        lay.setSpacing(10)

        title = make_label(f"{self.driver.title} – {element.detail.title}")
        emphasize(title, 1.3)
        title.setAccessibleName("Element")
        lay.addWidget(title)
        if _plain(element.detail.title) != _plain(element.title):
            grid_title = make_label(f"In the self-assessment grid: {element.title}")
            mute(grid_title)
            lay.addWidget(grid_title)

        # The driver's target beside this element's assessment.
        top = QHBoxLayout()
        top.setSpacing(10)
        target_box = QFrame(self)
        _tinted(target_box, "targetBox", NEXT_TINT.lighter(104))
        tl = QVBoxLayout(target_box)
        tl.setContentsMargins(10, 8, 10, 8)
        heading = make_label(self.fw.final_scores.target_heading)
        emphasize(heading)
        tl.addWidget(heading)
        self.target_text = make_label("")
        self.target_text.setAccessibleName(self.fw.final_scores.target_heading)
        tl.addWidget(self.target_text)
        self.go_final = QPushButton("Write it on the Final scores step", target_box)
        self.go_final.setToolTip("The group writes each driver's improvement target with the final scores")
        self.go_final.clicked.connect(lambda: self.step_requested.emit(STEP_FINAL, self.driver.id))
        tl.addWidget(self.go_final, 0, Qt.AlignmentFlag.AlignLeft)
        tl.addStretch(1)
        top.addWidget(target_box, 1)

        assess = QFrame(self)
        _tinted(assess, "assessBox", AGREED_TINT.lighter(104))
        al = QGridLayout(assess)
        al.setContentsMargins(10, 8, 10, 8)
        al.setHorizontalSpacing(10)
        al.addWidget(make_label("Agreed level:", wrap=False), 0, 0)
        self.agreed_label = make_label("")
        emphasize(self.agreed_label)
        self.agreed_label.setAccessibleName("Agreed level")
        al.addWidget(self.agreed_label, 0, 1)
        refined_caption = make_label("Refined level:", wrap=False)
        al.addWidget(refined_caption, 1, 0)
        self.refined = QComboBox(assess)
        self.refined.setAccessibleName("Refined level")
        self.refined.setToolTip("The level the group settles on after looking at the detailed sheet")
        # Narrower than its longest item when space is short (the list still shows items whole).
        self.refined.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.refined.setMinimumContentsLength(12)
        self.refined.addItem("Not refined (keep the agreed level)", None)
        for level in self.fw.levels:
            self.refined.addItem(level_title(self.fw, level.number), level.number)
        refined_caption.setBuddy(self.refined)
        al.addWidget(self.refined, 1, 1)
        notes_caption = make_label("Notes:", wrap=False)
        al.addWidget(notes_caption, 2, 0, Qt.AlignmentFlag.AlignTop)
        self.notes = QPlainTextEdit(assess)
        self.notes.setAccessibleName("Notes on this element")
        self.notes.setPlaceholderText("What the group said about this element, evidence, reservations…")
        self.notes.setTabChangesFocus(True)
        show_focus(self.notes)
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
        self.forward_title = make_label("")
        emphasize(self.forward_title, 1.1)
        self.forward_lay.addWidget(self.forward_title)
        self.forward_statement = make_label("", rich=True)
        self.forward_lay.addWidget(self.forward_statement)
        self.forward_caption = make_label(APPROACHES_LABEL)
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
        agreed = self.data.agreed.level if self.data.agreed is not None else None
        refined = self.data.detailed.refined_level if self.data.detailed is not None else None
        return agreed, refined

    def next_level(self) -> int:
        agreed, refined = self.base_level()
        base = refined or agreed
        k = self.fw.level_count
        return 1 if base is None else min(k, base + 1)

    def refresh(self, data: SheetData | None = None) -> None:
        """Show ``data`` (None: show the last data again, e.g. after a refused edit)."""
        if data is not None:
            self.data = data
        agreed, refined = self.base_level()
        plan = self.data.plan
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
        detailed = self.data.detailed
        self.notes_saver.show(self.element.id, detailed.notes if detailed is not None else "")

        if self._built_for != (agreed, refined):
            self._build_levels(agreed)
            self._built_for = (agreed, refined)
        self._refresh_checks()
        self._refresh_own()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the sheet from top to bottom: the boxes below are built after the controls above,
        so without this Tab would visit the group's own approach before the approaches listed above it."""
        forward = [self.forward_checks.itemAt(i).widget() for i in range(self.forward_checks.count())]
        own = [self.own_list.itemAt(i).widget() for i in range(self.own_list.count())]
        grid = [check for (level, _i), check in sorted(self.checks.items()) if check not in forward]
        stops: list[QWidget] = [self.go_final, self.refined, self.notes]
        stops += [w.box for w in forward if isinstance(w, WrapCheck)]
        stops += [self.own_edit, self.own_add]
        stops += [b for row in own if row is not None for b in row.findChildren(QToolButton)]
        stops += [check.box for check in grid]
        for first, second in pairwise(stops):
            QWidget.setTabOrder(first, second)

    def _build_levels(self, agreed: int | None) -> None:
        """(Re)build the brought-forward box and the four-level grid for the current levels."""
        _clear_layout(self.forward_checks)
        _clear_layout(self.grid)
        self.checks.clear()
        self._level_cells = []
        self._per_row = 0

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

        for level, level_detail in zip(self.fw.levels, self.element.detail.levels, strict=True):
            n = level.number
            tint = AGREED_TINT if n == agreed else NEXT_TINT if (n == nxt and not top_reached) else None
            edge = AGREED_EDGE if n == agreed else NEXT_EDGE if (n == nxt and not top_reached) else None
            header = QFrame(self.grid_host)
            _tinted(header, f"levelHead{n}", tint or "palette(button)", edge)
            hl = QVBoxLayout(header)
            hl.setContentsMargins(8, 6, 8, 6)
            name = make_label(level_title(self.fw, n))
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
                badge = make_label(" · ".join(badges))
                badge.setStyleSheet(f"color: {(edge or AGREED_EDGE).name()}; font-weight: bold;")
                hl.addWidget(badge)
            cells: list[QWidget] = [header]

            statement = escape(level_detail.statement)
            if level_detail.statement_source == "grid":
                statement += f"<br><i style='color:#555'>{escape(GRID_SOURCE_MARK)}</i>"
            cells.append(self._cell(f"stmt{n}", tint, make_label(statement, rich=True)))

            ind = QWidget()
            il = QVBoxLayout(ind)
            il.setContentsMargins(0, 0, 0, 0)
            il.setSpacing(3)
            cap = make_label(INDICATORS_LABEL)
            emphasize(cap)
            il.addWidget(cap)
            for text in level_detail.indicators:
                il.addWidget(make_label(f"■ {text}"))
            if not level_detail.indicators:
                il.addWidget(make_label("—"))
            il.addStretch(1)
            cells.append(self._cell(f"ind{n}", tint, ind))

            app = QWidget()
            apl = QVBoxLayout(app)
            apl.setContentsMargins(0, 0, 0, 0)
            apl.setSpacing(3)
            cap = make_label(APPROACHES_LABEL)
            emphasize(cap)
            apl.addWidget(cap)
            if n == nxt:
                moved = make_label("Brought forward above ↑")
                moved.setStyleSheet(f"color: {NEXT_EDGE.name()}; font-style: italic;")
                apl.addWidget(moved)
            else:
                for i, text in enumerate(level_detail.approaches):
                    apl.addWidget(self._make_check(n, i, text, app))
            apl.addStretch(1)
            cells.append(self._cell(f"app{n}", tint, app))
            self._level_cells.append(tuple(cells))
        self._arrange_levels()

    def _arrange_levels(self) -> None:
        """All levels side by side when the view has the room, else two by two."""
        if not self._level_cells:
            return
        k = len(self._level_cells)
        spacing = self.grid.spacing()
        need = sum(max(w.minimumSizeHint().width() for w in cells) for cells in self._level_cells)
        margins = self.layout().contentsMargins()
        room = self._viewport.width() - margins.left() - margins.right()
        per_row = k if k <= 2 or room >= need + spacing * (k - 1) else 2
        if per_row == self._per_row:
            return
        self._per_row = per_row
        rows = len(self._level_cells[0])
        for index, cells in enumerate(self._level_cells):
            block, col = divmod(index, per_row)
            for r, widget in enumerate(cells):
                self.grid.removeWidget(widget)
                self.grid.addWidget(widget, block * rows + r, col)
        for col in range(k):
            self.grid.setColumnStretch(col, 1 if col < per_row else 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the columns' needs change with the text size
            self._arrange_levels()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._arrange_levels()
        return super().eventFilter(watched, event)

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
        check.toggled.connect(lambda on, lv=level, i=index: self.toggle_approach(lv, i, on))
        self.checks[(level, index)] = check
        return check

    def _refresh_checks(self) -> None:
        for (level, index), check in self.checks.items():
            mine = [c for c in self.data.chosen if c.level == level and c.approach_index == index]
            check.set_checked_quietly(bool(mine))
            in_plan = any(c.id in self.data.in_plan for c in mine)
            check.set_note("(in the action plan)" if in_plan else "")

    def _refresh_own(self) -> None:
        _clear_layout(self.own_list)
        for record in self.data.chosen:
            if record.approach_index is not None:
                continue
            row = QWidget(self.forward)
            rl = QHBoxLayout(row)
            rl.setContentsMargins(0, 0, 0, 0)
            note = " (in the action plan)" if record.id in self.data.in_plan else ""
            text = make_label(f"✓ {record.text}  [{level_title(self.fw, record.level)}]{note}")
            rl.addWidget(text, 1)
            remove = QToolButton(row)
            remove.setText("Remove")
            remove.setToolTip("Remove this approach of the group's own")
            remove.setAccessibleName(f"Remove approach: {record.text}")
            remove.clicked.connect(lambda _=False, r=record: self.remove_own(r))
            rl.addWidget(remove)
            self.own_list.addWidget(row)

    # -- edits (each an undoable command) ---------------------------------------------------

    def toggle_approach(self, level: int, index: int, on: bool) -> None:
        approach = self.element.detail.levels[level - 1].approaches[index]
        short = approach if len(approach) <= 50 else approach[:47] + "…"
        if on:
            command = ChooseApproach(self.ctx, self.workshop_id, self.element.id, level, index, "", f"Tick “{short}”")
            ok = self.ctx.push(command)
        else:
            ids = [c.id for c in self.data.chosen if c.level == level and c.approach_index == index]
            ok = bool(ids) and push_unchoose(self.ctx, ids, f"Untick “{short}”")
        if not ok:
            self.refresh()  # the box shows what is stored again

    def remove_own(self, record: ChosenApproachRecord) -> None:
        self.ctx.push(UnchooseApproach(self.ctx, record.id, f"Remove approach “{record.text[:40]}”"))

    def _refined_changed(self, index: int) -> None:
        level = self.refined.itemData(index)
        current = self.data.detailed
        if (current.refined_level if current is not None else None) == level:
            return
        label = f"Refine the level of {self.element.title}"
        if not self.ctx.push(SetDetailed(self.ctx, self.workshop_id, self.element.id, label, refined_level=level)):
            self.refresh()

    def _save_notes(self, element_id: object, text: str) -> None:
        # Only ever this sheet's element (the saver's target never changes).
        current = self.data.detailed
        if (current.notes if current is not None else "") == text.strip():
            return
        title = self.fw.element(str(element_id)).title
        self.ctx.push(EditNotes(self.ctx, self.workshop_id, str(element_id), text, f"Notes on {title}"))

    def _add_own(self) -> None:
        text = self.own_edit.text().strip()
        if not text:
            self.own_edit.setFocus()
            return
        label = f"Add the group's own approach for {self.element.title}"
        command = ChooseApproach(self.ctx, self.workshop_id, self.element.id, self.next_level(), None, text, label)
        if self.ctx.push(command):
            self.own_edit.clear()
