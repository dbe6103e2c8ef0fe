"""The Strategic Commissioning Template, filled in: one worksheet per partnership objective.

Every heading, question, prompt, definition and column comes from the template's content
(``resources/strategy/commissioning-template.json``); the questions' guidance is each box's
placeholder and tooltip. One tab per step; in each, every question with its answer:

- text questions: a box that saves when it is left (or Ctrl+Enter), one undo step per edit;
- 1.9: each part's RED/AMBER/GREEN status beside its definitions, and a note;
- 3.2: its table; 4.1: the options A, B, C…, each tagged do more / do new / do better / do
  less, with its evidence (4.2), resource implications (4.3) and risks (4.4) as columns;
- 5.1: the three action tables; "Add from the action plan…" brings actions in, linked.

Answers filled from the workshop say so, and say when the workshop's results have changed since
(the workshop's figures can be taken in again) or when the answer was edited; a linked row says
whether the action plan or the row moved on. Every edit is a command (Ctrl+Z undoes it).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.worksheets import (
    OPTIONS_TABLE,
    PREFILLED,
    WorksheetRecord,
    answer_state,
)
from jcs_desktop.ui.commands.worksheets import (
    AddRow,
    CreateWorksheet,
    DeleteRow,
    DeleteWorksheet,
    RenameWorksheet,
    SetAnswer,
    TakeAction,
    TakePrefill,
    UpdateRow,
)
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.strategy.tables import ActionPicker, RowModel, RowTable, TagDelegate
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea
from jcs_desktop.ui.widgets.text_edits import CommitTextEdit
from jcs_desktop.ui.widgets.theme import mute

_Index = QModelIndex | QPersistentModelIndex
TEMPLATE_TAB_TITLE = "Strategic Commissioning &Template"
STATE_TEXT = {
    "linked": "Filled from this workshop's results.",
    "results changed": "The workshop's results have changed since this was filled in.",
    "edited": "Filled from the workshop, then edited here.",
}


class TemplateView(QWidget):
    """The worksheets of the open workshop, one at a time (see the module docstring)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.svc = ctx.services.worksheets
        self.template = self.svc.template
        self.workshop_id: int | None = None
        self.records: dict[int, WorksheetRecord] = {}
        self.current: int | None = None
        self.answer_boxes: dict[str, CommitTextEdit] = {}
        self.answer_states: dict[str, tuple[QLabel, QPushButton]] = {}
        self.rag_combos: dict[str, QComboBox] = {}
        self.tables: dict[str, RowTable] = {}

        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName("Worksheet")
        self.sheet_combo.activated.connect(lambda i: self.show_worksheet(self.sheet_combo.itemData(i)))
        sheet_label = QLabel("Wor&ksheet:", self)
        sheet_label.setBuddy(self.sheet_combo)
        self.new_button = QPushButton("&New worksheet…", self)
        self.new_button.setToolTip(
            "A worksheet for one partnership objective, filled in from this workshop where it can"
        )
        self.new_button.clicked.connect(lambda: self.new_worksheet())
        self.rename_button = QPushButton("&Rename…", self)
        self.rename_button.clicked.connect(lambda: self.rename_worksheet())
        self.remove_button = QPushButton("Remove &sheet", self)
        self.remove_button.setToolTip("Remove this worksheet (Ctrl+Z brings it back)")
        self.remove_button.clicked.connect(self.remove_worksheet)
        top = QHBoxLayout()
        top.addWidget(sheet_label)
        top.addWidget(self.sheet_combo, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.rename_button)
        top.addWidget(self.remove_button)

        self.empty_label = QLabel(
            "No worksheet yet. New worksheet… makes one for a partnership objective, filled in from this "
            "workshop's results where it can: its bands and targets, its priorities, and (for a follow-up) "
            "the change since last time.",
            self,
        )
        self.empty_label.setWordWrap(True)
        mute(self.empty_label)

        self.steps = QTabWidget(self)
        self.steps.setAccessibleName(self.template.title)
        # Every step's tab in view at large text too: a long name is shortened ("…"), whole in its tooltip.
        self.steps.setUsesScrollButtons(False)
        self.steps.setElideMode(Qt.TextElideMode.ElideRight)
        for step in self.template.steps:
            page = self._build_step(step)
            # The step's question ("Where are we now?") is short enough for five tabs side by side.
            index = self.steps.addTab(page, f"&{step.number} {step.subtitle.capitalize()}")
            self.steps.setTabToolTip(index, f"{step.label} {step.title}: {step.subtitle}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.steps, 1)
        self._show_current()

    # -- building the steps ------------------------------------------------------------------

    def _build_step(self, step) -> QWidget:
        inner = QWidget()
        form = QVBoxLayout(inner)
        heading = QLabel(f"<b>{_esc(step.label)} {_esc(step.title)}: {_esc(step.subtitle)}</b>", inner)
        heading.setWordWrap(True)
        form.addWidget(heading)
        if step.prompts:
            prompts = QLabel(_bullets(step.prompts), inner)
            prompts.setWordWrap(True)
            mute(prompts)
            form.addWidget(prompts)
        for group in step.groups:
            if group.heading:
                label = QLabel(f"<b>{_esc(group.heading)}</b>", inner)
                form.addWidget(label)
            for q in group.questions:
                self._build_question(q, step, inner, form)
        form.addStretch(1)
        return VerticalScrollArea(inner)

    def _question_label(self, q, parent) -> QLabel:
        label = QLabel(f"<b>{_esc(q.number)}</b> {_esc(q.text)}", parent)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def _text_box(self, key: str, name: str, guidance: str, parent) -> CommitTextEdit:
        box = CommitTextEdit(parent)
        box.setAccessibleName(name)
        box.setPlaceholderText(guidance or "The partnership's answer")
        box.setToolTip(guidance or name)
        self._fit_box(key, box)
        box.committed.connect(lambda text, k=key: self._answer(k, text))
        self.answer_boxes[key] = box
        return box

    @staticmethod
    def _fit_box(key: str, box: CommitTextEdit) -> None:
        """Four lines of room, seven where the workshop fills in a line per driver; in lines of the text size now."""
        lines = 7 if key in PREFILLED else 4
        box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: boxes and tables follow it
            for key, box in self.answer_boxes.items():
                self._fit_box(key, box)
            for table in self.tables.values():
                table.fit()

    def _build_question(self, q, step, parent, form: QVBoxLayout) -> None:
        if q.per_option:
            # 4.2-4.4 are the columns of the options table (answered once per option).
            note = QLabel(f"<b>{_esc(q.number)}</b> {_esc(q.text)} (a column of the options above)", parent)
            note.setWordWrap(True)
            mute(note)
            form.addWidget(note)
            return
        form.addWidget(self._question_label(q, parent))
        guidance = " ".join(q.notes)
        if q.notes:
            notes = QLabel(_esc(guidance), parent)
            notes.setWordWrap(True)
            mute(notes)
            form.addWidget(notes)
        if q.kind == "text":
            form.addWidget(self._text_box(q.id, f"{q.number} {q.text}", guidance, parent))
            form.addLayout(self._state_row(q.id, parent))
        elif q.kind == "rag":
            definitions = QLabel(
                "<br>".join(f"<b>{_esc(s.label)}</b> = {_esc(s.definition)}" for s in q.statuses), parent
            )
            definitions.setWordWrap(True)
            form.addWidget(definitions)
            for part in q.parts:
                row = QFormLayout()
                combo = QComboBox(parent)
                combo.setAccessibleName(f"{q.number} {part.label} status")
                combo.addItem("Not set", None)
                for s in q.statuses:
                    combo.addItem(s.label, s.id)
                combo.activated.connect(lambda i, c=combo, k=part.id: self._rag(k, c.itemData(i)))
                self.rag_combos[part.id] = combo
                row.addRow(QLabel(f"{_esc(part.label)} {_esc(part.text)}", parent), combo)
                form.addLayout(row)
                form.addWidget(self._text_box(part.id, f"{q.number} {part.label} {part.text}", guidance, parent))
        elif q.kind == "table":
            table = next(t for t in step.tables if t.id == q.table)
            model = RowModel([(c.id, c.heading) for c in table.columns], parent=self)
            form.addWidget(self._row_table(table.id, model, f"{table.label} {table.title}", parent))
        elif q.kind == "options":
            listed = "<br>".join(f"• <b>{_esc(o.tag)}</b> {_esc(o.text)}" for o in q.options)
            intro = QLabel((f"{_esc(q.options_intro)}<br>" if q.options_intro else "") + listed, parent)
            intro.setWordWrap(True)
            form.addWidget(intro)
            tags = [(o.id, o.tag) for o in q.options]
            questions = [x for x in self.svc.questions if x.per_option]
            # The columns are headed by their question numbers; the questions are listed below the table.
            columns = [("option", "Option"), *((x.id, x.number, f"{x.number} {x.text}") for x in questions)]
            model = RowModel(columns, tags=tags, letters=True, parent=self)
            table = self._row_table(OPTIONS_TABLE, model, f"{q.number} options", parent)
            TagDelegate.install(table.view, 1, tags)
            form.addWidget(table)
        elif q.kind == "actions":
            for at in q.action_tables:
                title = QLabel(f"<b>{_esc(at.label)}</b> {_esc(at.title)}", parent)
                title.setWordWrap(True)
                form.addWidget(title)
                model = RowModel([(c.id, c.heading) for c in at.columns], states=True, parent=self)
                form.addWidget(self._row_table(at.id, model, f"{at.label} {at.title}", parent, from_plan=True))

    def _state_row(self, key: str, parent) -> QHBoxLayout:
        label = QLabel("", parent)
        mute(label)
        button = QPushButton("Use the workshop's figures", parent)
        button.setToolTip("Replace this answer with what the workshop's results give now (Ctrl+Z to undo)")
        button.clicked.connect(lambda _=False, k=key: self._take_prefill(k))
        button.hide()
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(button)
        self.answer_states[key] = (label, button)
        return row

    def _row_table(self, table_id: str, model: RowModel, name: str, parent, *, from_plan: bool = False) -> RowTable:
        table = RowTable(model, name, from_plan=from_plan, parent=parent)
        # Saved once the cell's editor has closed: the view must not be committing the editor's data
        # while the saved change resets the table.
        model.edit_cell = lambda row_id, key, text: QTimer.singleShot(
            0, self, lambda: self._push(UpdateRow(self.ctx, row_id, {key: text}))
        )
        model.edit_tag = lambda row_id, tag: QTimer.singleShot(
            0, self, lambda: self._push(UpdateRow(self.ctx, row_id, option_tag=tag))
        )
        first_tag = self.svc.option_tags[0] if table_id == OPTIONS_TABLE and self.svc.option_tags else None
        table.add_requested.connect(lambda t=table_id, tag=first_tag: self._add_row(t, tag))
        table.remove_requested.connect(lambda row_id: self._push(DeleteRow(self.ctx, row_id)))
        table.from_plan_requested.connect(lambda t=table_id: self.add_from_plan(t))
        table.take_requested.connect(lambda row_id: self._push(TakeAction(self.ctx, row_id)))
        self.tables[table_id] = table
        return table

    # -- showing ------------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.workshop_id = workshop_id
        self.records = {}
        if workshop_id is not None:
            try:
                self.records = {w.id: w for w in self.svc.worksheets(workshop_id)}
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
        self.current = next(iter(self.records), None)
        self._fill_combo()
        self._show_current()

    def _fill_combo(self) -> None:
        self.sheet_combo.clear()
        for w in sorted(self.records.values(), key=lambda w: (w.position, w.id)):
            self.sheet_combo.addItem(w.objective or "(no objective yet)", w.id)
        if self.current is not None:
            self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(self.current))

    def show_worksheet(self, worksheet_id: int | None) -> None:
        self._commit_boxes()
        self.current = worksheet_id if worksheet_id in self.records else next(iter(self.records), None)
        self._show_current()

    def worksheet(self) -> WorksheetRecord | None:
        return self.records.get(self.current) if self.current is not None else None

    def _show_current(self) -> None:
        ws = self.worksheet()
        has = ws is not None
        self.empty_label.setVisible(not has)
        self.steps.setEnabled(has)
        for w in (self.sheet_combo, self.rename_button, self.remove_button):
            w.setEnabled(has)
        prefill: dict[str, str] = {}
        states: dict[int, str] = {}
        if ws is not None:
            try:
                prefill = self.svc.prefill(ws.workshop_id)
                states = self.svc.row_states(ws)
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
        for key, box in self.answer_boxes.items():
            box.set_stored_text(ws.answer(key).text if ws else "")
        for key, (label, button) in self.answer_states.items():
            state = answer_state(ws.answer(key), prefill.get(key)) if ws else "own"
            label.setText(STATE_TEXT.get(state, ""))
            button.setVisible(state in ("results changed", "edited") and key in prefill)
        for key, combo in self.rag_combos.items():
            combo.setCurrentIndex(max(0, combo.findData(ws.answer(key).rag if ws else None)))
        for table_id, table in self.tables.items():
            table.model.set_rows(ws.table(table_id) if ws else [], states)

    def apply_changes(self, change: Changes) -> None:
        """Follow a change record: worksheets named by it, or the workshop's results (pre-fill states)."""
        if not isinstance(change, Changes):
            self.set_workshop(self.workshop_id)
            return
        if change.workshop_id not in (None, self.workshop_id):
            return
        if change.actions and self.workshop_id is not None:
            # Linked rows follow their actions: read the worksheets as they show now.
            try:
                fresh = {w.id: w for w in self.svc.worksheets(self.workshop_id)}
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
            else:
                self.records = fresh
        listed = set(self.records)
        for wid, record in change.worksheets.items():
            if record is None:
                self.records.pop(wid, None)
            else:
                self.records[wid] = record
        if set(self.records) != listed:
            new = set(self.records) - listed
            if new:
                self.current = max(new)
            elif self.current not in self.records:
                self.current = next(iter(self.records), None)
            self._fill_combo()
        elif change.worksheets:
            self._fill_combo()
        self._show_current()

    def _commit_boxes(self) -> None:
        for box in self.answer_boxes.values():
            if box.hasFocus():
                box.commit()

    # -- editing --------------------------------------------------------------------------------

    def _push(self, command) -> bool:
        return self.ctx.push(command)

    def _answer(self, key: str, text: str) -> None:
        if self.current is not None:
            self._push(SetAnswer(self.ctx, self.current, key, text=text))

    def _rag(self, key: str, rag: str | None) -> None:
        ws = self.worksheet()
        if ws is not None and ws.answer(key).rag != rag:
            self._push(SetAnswer(self.ctx, ws.id, key, rag=rag))

    def _take_prefill(self, key: str) -> None:
        if self.current is not None:
            self._push(TakePrefill(self.ctx, self.current, key))

    def _add_row(self, table_id: str, tag: str | None) -> None:
        if self.current is not None:
            self._push(AddRow(self.ctx, self.current, table_id, option_tag=tag))

    def add_from_plan(self, table_id: str, chosen: list[int] | None = None) -> None:
        """Bring actions of the action plan into a step-5 table (asks which, unless ``chosen``)."""
        ws = self.worksheet()
        if ws is None:
            return
        if chosen is None:
            live = self.ctx.live
            actions = list(live.actions) if live is not None and live.workshop.id == ws.workshop_id else []
            if not actions:
                QMessageBox.information(self, "Add from the action plan", "The action plan has no actions yet.")
                return
            picker = ActionPicker([(a.id, a.achieve) for a in actions], self)
            if picker.exec() != QDialog.DialogCode.Accepted:
                return
            chosen = picker.chosen()
        for action_id in chosen:
            self._push(AddRow(self.ctx, ws.id, table_id, action_id=action_id))

    def new_worksheet(self, objective: str | None = None) -> None:
        if self.workshop_id is None:
            return
        if objective is None:
            objective, ok = QInputDialog.getText(
                self, "New worksheet", "The partnership objective this worksheet is for:", QLineEdit.EchoMode.Normal
            )
            if not ok:
                return
        self._push(CreateWorksheet(self.ctx, self.workshop_id, objective.strip()))

    def rename_worksheet(self, objective: str | None = None) -> None:
        ws = self.worksheet()
        if ws is None:
            return
        if objective is None:
            objective, ok = QInputDialog.getText(self, "Rename worksheet", "Partnership objective:", text=ws.objective)
            if not ok:
                return
        self._push(RenameWorksheet(self.ctx, ws.id, objective.strip()))

    def remove_worksheet(self) -> None:
        ws = self.worksheet()
        if ws is not None:
            self._push(DeleteWorksheet(self.ctx, ws.id, ws.objective))


def _esc(text: str) -> str:
    return escape(text)


def _bullets(prompts) -> str:
    lines = []
    for p in prompts:
        lines.append(f"• {_esc(p.text)}")
        lines.extend(f"&nbsp;&nbsp;&nbsp;– {_esc(sub.text)}" for sub in p.prompts)
    return "<br>".join(lines)


__all__ = ["TEMPLATE_TAB_TITLE", "ActionPicker", "RowModel", "TemplateView"]
