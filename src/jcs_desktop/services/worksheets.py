"""Strategic Commissioning Template worksheets: from the workshop to the partnership's strategy.

A workshop may have several worksheets, one per partnership objective. A worksheet answers the
template's questions (``resources/strategy/commissioning-template.json``, by their stable ids),
fills its tables (3.2, the options of 4.1 with 4.2-4.4 for each, the three step-5 action
tables) and may carry rows of the workshop's action plan into the step-5 tables.

Pre-filled where the workshop already knows the answer (``prefill``), from its agreed levels,
driver plans and, for a follow-up, the previous workshop of its series:

- 1.2 (targets and baselines): each driver's agreed total and band, and the target level set;
- 1.5 (progress in the past year): for a follow-up, each driver's change since last time;
- 2.4 (priority needs): the drivers chosen for the detailed assessment, in order, with their
  Prioritised Improvement Targets;
- 3.1 (scale of the gap): each driver's distance to its next band and to its target level.

Links, and what an edit in one place does to the other (``answer_state``, ``row_state``):

- A pre-filled answer keeps ``prefill``, the text the workshop gave. While the answer is that
  text and the workshop still gives it, they are linked; when the workshop's results change,
  the answer says so ("results changed") and ``take_prefill`` brings the new text in; an answer
  edited by hand is "edited", and keeps its own text.
- A step-5 row linked to an action keeps ``linked``, the cells the action gave. While the row
  is not edited here it follows its action: an edit in the action plan shows in the row. A row
  edited here keeps its own cells and says so: "edited here", or "both changed" once the action
  plan moved on too (``take_action`` brings the action plan's version in). The action itself
  is only ever changed in the action plan.

Every write is one short transaction returning a ``Changes`` naming the worksheet with its
record now (``worksheets``); ``.previous`` holds what undo needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jcs_desktop.domain.progress import driver_progress
from jcs_desktop.domain.scoring import band_for, driver_total
from jcs_desktop.services.base import NotFound, ServiceBase, ServiceError, now
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ActionRecord
from jcs_desktop.services.planning import PlanningService
from jcs_desktop.services.scores import ScoreService
from jcs_desktop.services.series import SeriesService
from jcs_desktop.services.text import LONG, NAME, SHORT, clean_text
from jcs_desktop.services.worksheet_records import (
    OPTIONS_TABLE,
    PREFILLED,
    AnswerRecord,
    RowState,
    StrategyRowRecord,
    WorksheetRecord,
    _row_record,
    action_cells,
    answer_state,
    row_state,
)
from jcs_desktop.store.models import RAG_STATUSES, Action, StrategyAnswer, StrategyRow, StrategyWorksheet

if TYPE_CHECKING:
    from jcs_desktop.content.strategy import CommissioningTemplate


class WorksheetService(ServiceBase):
    def __init__(self, db, framework, template: CommissioningTemplate | None = None) -> None:
        super().__init__(db, framework)
        self._template = template
        self._scores = ScoreService(db, framework)
        self._planning = PlanningService(db, framework)
        self._series = SeriesService(db, framework)

    @cached_property
    def template(self) -> CommissioningTemplate:
        if self._template is None:
            from jcs_desktop.content.strategy import load_commissioning_template

            self._template = load_commissioning_template()
        return self._template

    @cached_property
    def _questions(self) -> dict[str, Any]:
        """Question id (and part id) -> the question it answers."""
        found: dict[str, Any] = {}
        for step in self.template.steps:
            for group in step.groups:
                for q in group.questions:
                    found[q.id] = q
                    for part in q.parts:
                        found[part.id] = q
        return found

    @cached_property
    def _tables(self) -> dict[str, list[str]]:
        """Table id -> its column ids (the options of 4.1 take 4.2-4.4 as theirs)."""
        found: dict[str, list[str]] = {}
        for step in self.template.steps:
            for table in step.tables:
                found[table.id] = [c.id for c in table.columns]
            for group in step.groups:
                for q in group.questions:
                    for table in q.action_tables:
                        found[table.id] = [c.id for c in table.columns]
        found[OPTIONS_TABLE] = ["option", *(q.id for q in self.questions if q.per_option)]
        return found

    @cached_property
    def questions(self) -> list[Any]:
        """Every question of the template, in its order."""
        return [q for step in self.template.steps for group in step.groups for q in group.questions]

    @cached_property
    def option_tags(self) -> list[str]:
        return [o.id for q in self.questions for o in q.options]

    @cached_property
    def action_tables(self) -> list[str]:
        return [t.id for q in self.questions for t in q.action_tables]

    def columns(self, table_id: str) -> list[str]:
        if table_id not in self._tables:
            raise ServiceError(f"unknown table {table_id!r}")
        return self._tables[table_id]

    # -- reading ---------------------------------------------------------------------------

    def _record(self, s: Session, ws: StrategyWorksheet) -> WorksheetRecord:
        rows = sorted((r for r in ws.rows if r.deleted_at is None), key=lambda r: (r.table_id, r.position, r.id))
        return WorksheetRecord(
            id=ws.id,
            workshop_id=ws.workshop_id,
            objective=ws.objective,
            position=ws.position,
            answers={a.question_id: AnswerRecord.model_validate(a) for a in ws.answers},
            rows=[self._followed(s, r) for r in rows],
        )

    def _current_cells(self, s: Session, row: StrategyRow) -> dict[str, str] | None:
        """The cells a linked row's action gives now (None: not linked, or the action is gone)."""
        if row.linked is None or row.action_id is None:
            return None
        action = s.get(Action, row.action_id)
        if action is None or action.deleted_at is not None:
            return None
        return self.action_cells(self._planning.read_action(s, action.id), row.table_id)

    def _followed(self, s: Session, row: StrategyRow) -> StrategyRowRecord:
        """A row as it shows: a linked row not edited here follows its action (an edit in the action
        plan shows here); an edited one keeps its own cells, and its state says so."""
        record = _row_record(row)
        if record.linked is not None and record.cells == record.linked:
            current = self._current_cells(s, row)
            if current is not None and current != record.linked:
                return record.model_copy(update={"cells": current, "linked": current})
        return record

    def _follow(self, s: Session, row: StrategyRow) -> None:
        """Store what ``_followed`` shows, before an edit of the row builds on it."""
        shown = self._followed(s, row)
        if shown.linked is not None and shown.linked != (json.loads(row.linked) if row.linked else None):
            row.cells = row.linked = json.dumps(shown.cells, sort_keys=True)

    def _load(self, s: Session, worksheet_id: int, *, live: bool = True) -> StrategyWorksheet:
        ws = s.scalars(
            select(StrategyWorksheet)
            .where(StrategyWorksheet.id == worksheet_id)
            .options(selectinload(StrategyWorksheet.answers), selectinload(StrategyWorksheet.rows))
            .execution_options(populate_existing=True)
        ).first()
        if ws is None or (live and ws.deleted_at is not None):
            raise NotFound(f"no worksheet with id {worksheet_id}")
        self.live_workshop(s, ws.workshop_id)
        return ws

    def worksheets(self, workshop_id: int) -> list[WorksheetRecord]:
        """The workshop's live worksheets, in order."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            rows = s.scalars(
                select(StrategyWorksheet)
                .where(StrategyWorksheet.workshop_id == workshop_id, StrategyWorksheet.deleted_at.is_(None))
                .order_by(StrategyWorksheet.position, StrategyWorksheet.id)
                .options(selectinload(StrategyWorksheet.answers), selectinload(StrategyWorksheet.rows))
            )
            return [self._record(s, ws) for ws in rows]

    def worksheet(self, worksheet_id: int) -> WorksheetRecord:
        with self.db.session() as s:
            return self._record(s, self._load(s, worksheet_id))

    def _changes(self, s: Session, ws: StrategyWorksheet, previous: object = None) -> Changes:
        s.flush()
        self.stamp(s, ws.workshop_id)
        record = None if ws.deleted_at is not None else self._record(s, self._load(s, ws.id))
        return Changes(workshop_id=ws.workshop_id, worksheets={ws.id: record}, previous=previous)

    # -- what the workshop says -------------------------------------------------------------

    def prefill(self, workshop_id: int) -> dict[str, str]:
        """The answers the workshop gives now, by question id (only those it has something for)."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            return self._prefill(s, workshop_id)

    def _prefill(self, s: Session, workshop_id: int) -> dict[str, str]:
        fw = self.framework
        agreed = {e: r.level for e, r in self._scores.read_agreed(s, workshop_id).items()}
        plans = self._planning.read_driver_plans(s, workshop_id)
        names = [lv.name for lv in fw.levels]
        found: dict[str, str] = {}
        baseline, gaps = [], []
        for driver in fw.drivers:
            total = driver_total(driver, agreed)
            target = plans[driver.id].target_level
            aim = f"; target level {target}, {names[target - 1]}" if target else ""
            if total.total is None:
                baseline.append(f"{driver.title}: {total.scored} of {total.of} elements agreed so far{aim}")
                continue
            band = band_for(total.total, driver.thresholds)
            baseline.append(f"{driver.title}: agreed total {total.total}, level {band} {names[band - 1]}{aim}")
            parts = []
            if band < len(driver.thresholds):
                to_next = driver.thresholds[band][0] - total.total
                parts.append(f"{to_next} point{'s' if to_next != 1 else ''} to level {band + 1} {names[band]}")
            else:
                parts.append("top band reached")
            if target and target > band:
                to_target = driver.thresholds[target - 1][0] - total.total
                parts.append(f"{to_target} point{'s' if to_target != 1 else ''} to the target level {target}")
            elif target:
                parts.append(f"target level {target} reached")
            gaps.append(f"{driver.title}: {'; '.join(parts)}")
        found["q-1-2"] = "\n".join(baseline)
        last = self._series.read_last_time(s, workshop_id)
        if last.workshop is not None:
            since = [
                f"Since {last.workshop.title}"
                + (f" ({last.workshop.date.isoformat()})" if last.workshop.date else "")
                + ":"
            ]
            for p in driver_progress(fw, last.agreed, agreed, last.targets()):
                title = fw.driver(p.driver_id).title
                if p.change is None:
                    since.append(f"{title}: not comparable (an element not agreed)")
                    continue
                moved = f"{p.change_text()} ({p.before.total} → {p.now.total}, level {p.before_band} → {p.now_band})"
                met = (
                    ""
                    if p.target_met is None
                    else f"; target level {p.target_level} {'met' if p.target_met else 'not met'}"
                )
                since.append(f"{title}: {moved}{met}")
            found["q-1-5"] = "\n".join(since)
        chosen = sorted((p for p in plans.values() if p.priority is not None), key=lambda p: p.priority)
        if not chosen:
            chosen = [p for p in plans.values() if p.improvement_target]
        needs = [
            f"{i}. {fw.driver(p.driver_id).title}" + (f": {p.improvement_target}" if p.improvement_target else "")
            for i, p in enumerate(chosen, start=1)
        ]
        if needs:
            found["q-2-4-needs"] = "\n".join(needs)
        if gaps:
            found["q-3-1"] = "\n".join(gaps)
        return found

    def action_cells(self, action: ActionRecord, table_id: str) -> dict[str, str]:
        return action_cells(action, self.columns(table_id))

    # -- worksheets --------------------------------------------------------------------------

    def create_worksheet(self, workshop_id: int, objective: str = "", *, prefill: bool = True) -> Changes:
        """A new worksheet at the end, pre-filled from the workshop unless asked not to; ``.previous`` is its id."""
        objective = clean_text(objective, "partnership objective", NAME)
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            last = s.scalar(
                select(StrategyWorksheet.position)
                .where(StrategyWorksheet.workshop_id == workshop_id)
                .order_by(StrategyWorksheet.position.desc())
                .limit(1)
            )
            ws = StrategyWorksheet(workshop_id=workshop_id, objective=objective, position=(last or 0) + 1)
            s.add(ws)
            s.flush()
            if objective:
                s.add(StrategyAnswer(worksheet_id=ws.id, question_id="q-1-1", text=objective, updated_at=now()))
            if prefill:
                for qid, text in self._prefill(s, workshop_id).items():
                    s.add(
                        StrategyAnswer(worksheet_id=ws.id, question_id=qid, text=text, prefill=text, updated_at=now())
                    )
            return self._changes(s, ws, previous=ws.id)

    def rename_worksheet(self, worksheet_id: int, objective: str) -> Changes:
        """The objective it is for; ``.previous`` is the one before."""
        objective = clean_text(objective, "partnership objective", NAME)
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            before = ws.objective
            ws.objective = objective
            ws.updated_at = now()
            return self._changes(s, ws, previous=before)

    def delete_worksheet(self, worksheet_id: int) -> Changes:
        """Soft delete: ``restore_worksheet`` brings it back with everything in it."""
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            ws.deleted_at = now()
            return self._changes(s, ws)

    def restore_worksheet(self, worksheet_id: int) -> Changes:
        with self.db.session() as s:
            ws = self._load(s, worksheet_id, live=False)
            ws.deleted_at = None
            return self._changes(s, ws)

    # -- answers ----------------------------------------------------------------------------

    def _answer_row(self, s: Session, ws: StrategyWorksheet, question_id: str) -> StrategyAnswer | None:
        return next((a for a in ws.answers if a.question_id == question_id), None)

    def set_answer(
        self,
        worksheet_id: int,
        question_id: str,
        *,
        text: str | None = None,
        rag: str | None = "",
        prefill: str | None = "",
    ) -> Changes:
        """Set an answer's text and/or RED/AMBER/GREEN status (``rag=None`` clears it); arguments
        left out keep their value. ``.previous`` is the answer as it was (for ``restore_answer``)."""
        question = self._questions.get(question_id)
        if question is None:
            raise ServiceError(f"unknown question {question_id!r}")
        if question.kind in ("table", "actions") or (question.kind == "options" and question_id == question.id):
            raise ServiceError(f"question {question.number} is answered in its table, not as text")
        if rag != "":
            if question.kind != "rag" or question_id == question.id:
                raise ServiceError(f"question {question_id!r} takes no RED/AMBER/GREEN status")
            if rag is not None and rag not in RAG_STATUSES:
                raise ServiceError(f"the status must be one of {', '.join(RAG_STATUSES)}, not {rag!r}")
        if text is not None:
            text = clean_text(text, f"answer to {question.number}", LONG)
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            row = self._answer_row(s, ws, question_id)
            before = AnswerRecord.model_validate(row) if row is not None else None
            if row is None:
                row = StrategyAnswer(worksheet_id=ws.id, question_id=question_id, text="")
                s.add(row)
                ws.answers.append(row)
            if text is not None:
                row.text = text
            if rag != "":
                row.rag = rag
            if prefill != "":
                row.prefill = prefill
            row.updated_at = now()
            ws.updated_at = now()
            return self._changes(s, ws, previous=before)

    def restore_answer(self, worksheet_id: int, question_id: str, record: AnswerRecord | None) -> Changes:
        """Put an answer back as ``record`` was (None: as never answered) — undo of ``set_answer``."""
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            row = self._answer_row(s, ws, question_id)
            if record is None:
                if row is not None:
                    ws.answers.remove(row)
                    s.delete(row)
            else:
                if row is None:
                    row = StrategyAnswer(worksheet_id=ws.id, question_id=question_id)
                    s.add(row)
                    ws.answers.append(row)
                row.text, row.rag, row.prefill = record.text, record.rag, record.prefill
                row.updated_at = now()
            return self._changes(s, ws)

    def take_prefill(self, worksheet_id: int, question_id: str) -> Changes:
        """The answer becomes what the workshop gives now, linked again; ``.previous`` for undo."""
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            current = self._prefill(s, ws.workshop_id).get(question_id)
        if current is None:
            raise ServiceError("the workshop has nothing to give for this question")
        return self.set_answer(worksheet_id, question_id, text=current, prefill=current)

    # -- table rows --------------------------------------------------------------------------

    def _check_cells(self, table_id: str, cells: Mapping[str, str]) -> dict[str, str]:
        columns = self.columns(table_id)
        unknown = set(cells) - set(columns)
        if unknown:
            raise ServiceError(f"unknown column(s) for {table_id}: {', '.join(sorted(unknown))}")
        return {c: clean_text(v, c.replace("-", " "), SHORT) for c, v in cells.items()}

    def _check_tag(self, table_id: str, option_tag: str | None) -> str | None:
        if option_tag is None:
            return None
        if table_id != OPTIONS_TABLE:
            raise ServiceError("only the options of 4.1 are tagged do more / do new / do better / do less")
        if option_tag not in self.option_tags:
            raise ServiceError(f"the option tag must be one of {', '.join(self.option_tags)}, not {option_tag!r}")
        return option_tag

    def add_row(
        self,
        worksheet_id: int,
        table_id: str,
        cells: Mapping[str, str] | None = None,
        *,
        option_tag: str | None = None,
        action_id: int | None = None,
    ) -> Changes:
        """A row at the end of a table; with ``action_id`` (a step-5 table only), the action's cells,
        linked. ``.previous`` is the new row's id (undo: ``delete_row``)."""
        self.columns(table_id)
        tag = self._check_tag(table_id, option_tag)
        values = self._check_cells(table_id, cells or {})
        with self.db.session() as s:
            ws = self._load(s, worksheet_id)
            linked = None
            if action_id is not None:
                if table_id not in self.action_tables:
                    raise ServiceError("only the step-5 action tables take rows from the action plan")
                action = self._action(s, action_id, ws.workshop_id)
                values = self.action_cells(action, table_id)
                linked = json.dumps(values, sort_keys=True)
            position = max((r.position for r in ws.rows if r.table_id == table_id), default=0) + 1
            row = StrategyRow(
                worksheet_id=ws.id,
                table_id=table_id,
                position=position,
                option_tag=tag,
                cells=json.dumps(values, sort_keys=True),
                action_id=action_id,
                linked=linked,
                created_at=now(),
                updated_at=now(),
            )
            s.add(row)
            ws.rows.append(row)
            s.flush()
            return self._changes(s, ws, previous=row.id)

    def _action(self, s: Session, action_id: int, workshop_id: int) -> ActionRecord:
        action = s.get(Action, action_id)
        if action is None or action.deleted_at is not None:
            raise NotFound(f"no action with id {action_id}")
        if action.workshop_id != workshop_id:
            raise ServiceError("a worksheet takes actions of its own workshop's plan only")
        return self._planning.read_action(s, action_id)

    def _live_row(self, s: Session, row_id: int, *, live: bool = True) -> tuple[StrategyWorksheet, StrategyRow]:
        row = s.get(StrategyRow, row_id)
        if row is None or (live and row.deleted_at is not None):
            raise NotFound(f"no table row with id {row_id}")
        ws = self._load(s, row.worksheet_id)
        return ws, next(r for r in ws.rows if r.id == row_id)

    def update_row(
        self, row_id: int, cells: Mapping[str, str] | None = None, *, option_tag: str | None = ""
    ) -> Changes:
        """Change some cells (and for an option its tag); ``.previous`` is the row as it was."""
        with self.db.session() as s:
            ws, row = self._live_row(s, row_id)
            before = _row_record(row)
            self._follow(s, row)  # the edit builds on the row as it shows
            values = self._check_cells(row.table_id, cells or {})
            if values:
                row.cells = json.dumps({**json.loads(row.cells or "{}"), **values}, sort_keys=True)
            if option_tag != "":
                row.option_tag = self._check_tag(row.table_id, option_tag)
            row.updated_at = now()
            return self._changes(s, ws, previous=before)

    def restore_row(self, record: StrategyRowRecord) -> Changes:
        """Put a row's cells, tag and link back as ``record`` had them (undo of ``update_row``/``take_action``)."""
        with self.db.session() as s:
            ws, row = self._live_row(s, record.id)
            row.cells = json.dumps(record.cells, sort_keys=True)
            row.option_tag = record.option_tag
            row.linked = json.dumps(record.linked, sort_keys=True) if record.linked is not None else None
            row.updated_at = now()
            return self._changes(s, ws)

    def take_action(self, row_id: int) -> Changes:
        """A linked row takes its action as the action plan has it now; ``.previous`` for ``restore_row``."""
        with self.db.session() as s:
            ws, row = self._live_row(s, row_id)
            if row.action_id is None:
                raise ServiceError("this row stands for no action of the action plan")
            before = _row_record(row)
            values = self.action_cells(self._action(s, row.action_id, ws.workshop_id), row.table_id)
            row.cells = row.linked = json.dumps(values, sort_keys=True)
            row.updated_at = now()
            return self._changes(s, ws, previous=before)

    def delete_row(self, row_id: int) -> Changes:
        """Soft delete (``restore_deleted_row`` brings it back in its place)."""
        with self.db.session() as s:
            ws, row = self._live_row(s, row_id)
            row.deleted_at = now()
            return self._changes(s, ws)

    def restore_deleted_row(self, row_id: int) -> Changes:
        with self.db.session() as s:
            row = s.get(StrategyRow, row_id)
            if row is None:
                raise NotFound(f"no table row with id {row_id}")
            row.deleted_at = None
            s.flush()
            ws = self._load(s, row.worksheet_id)
            return self._changes(s, ws)

    def row_states(self, worksheet: WorksheetRecord) -> dict[int, RowState]:
        """Each linked row's state against its action now (one read)."""
        with self.db.session() as s:
            states: dict[int, RowState] = {}
            for row in worksheet.rows:
                if row.linked is None:
                    continue
                action = s.get(Action, row.action_id) if row.action_id is not None else None
                if action is None or action.deleted_at is not None:
                    states[row.id] = row_state(row, None)
                else:
                    current = self.action_cells(self._planning.read_action(s, action.id), row.table_id)
                    states[row.id] = row_state(row, current)
            return states


__all__ = [  # the records live in ``worksheet_records``; offered here beside the service
    "OPTIONS_TABLE",
    "PREFILLED",
    "AnswerRecord",
    "StrategyRowRecord",
    "WorksheetRecord",
    "WorksheetService",
    "action_cells",
    "answer_state",
    "row_state",
]
