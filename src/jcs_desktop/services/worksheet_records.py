"""What a worksheet is, as the GUI and the exports see it: its frozen records, and how a pre-filled
answer or a linked row stands against the workshop now (see ``services/worksheets.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from jcs_desktop.services.dto import ActionRecord, _Out
from jcs_desktop.store.models import StrategyRow

Rag = Literal["green", "amber", "red"]

PREFILLED = ("q-1-2", "q-1-5", "q-2-4-needs", "q-3-1")
"""The questions the workshop can answer, in the template's order."""
OPTIONS_TABLE = "options"
"""The rows of 4.1: one per option (A, B, C…), each tagged and with its 4.2-4.4 answers as cells."""


class AnswerRecord(_Out):
    worksheet_id: int
    question_id: str
    text: str = ""
    rag: Rag | None = None
    prefill: str | None = None


class StrategyRowRecord(_Out):
    id: int
    worksheet_id: int
    table_id: str
    position: int
    option_tag: str | None = None
    cells: dict[str, str] = Field(default_factory=dict)
    action_id: int | None = None
    linked: dict[str, str] | None = None


class WorksheetRecord(_Out):
    id: int
    workshop_id: int
    objective: str
    position: int
    answers: dict[str, AnswerRecord]
    """Question (or part) id -> its answer; questions never answered are absent."""
    rows: list[StrategyRowRecord]
    """Every live row of every table, by table then position."""

    def answer(self, question_id: str) -> AnswerRecord:
        return self.answers.get(question_id) or AnswerRecord(worksheet_id=self.id, question_id=question_id)

    def table(self, table_id: str) -> list[StrategyRowRecord]:
        return [r for r in self.rows if r.table_id == table_id]


AnswerState = Literal["own", "linked", "results changed", "edited"]
RowState = Literal["own", "linked", "action changed", "edited here", "both changed", "action removed"]


def answer_state(answer: AnswerRecord, current: str | None) -> AnswerState:
    """How a pre-filled answer stands against what the workshop gives now (``current``)."""
    if answer.prefill is None:
        return "own"
    if answer.text != answer.prefill:
        return "edited"
    return "linked" if current == answer.prefill else "results changed"


def row_state(row: StrategyRowRecord, current: Mapping[str, str] | None) -> RowState:
    """How a step-5 row stands against its action now (``current``: the action's cells, None if gone)."""
    if row.linked is None:
        return "own"
    if current is None:
        return "action removed"
    edited = row.cells != row.linked
    moved = dict(current) != row.linked
    if edited and moved:
        return "both changed"
    return "edited here" if edited else "action changed" if moved else "linked"


def action_cells(action: ActionRecord, columns: list[str]) -> dict[str, str]:
    """A step-5 row's cells as the action plan gives them (Action, Lead/support partner, Targets, Milestones)."""
    aim = action.achieve
    if action.so_that:
        aim = f"{aim} so that {action.so_that}" if aim else action.so_that
    lead = "; ".join(part for part in (f"Lead: {action.lead}" if action.lead else "", action.support) if part)
    milestones = [f"{p.date.isoformat() if p.date else 'No date'}: {p.expected}" for p in action.review_points]
    if action.by_when is not None:
        milestones.append(f"By {action.by_when.isoformat()}")
    values = {
        "action": aim,
        "lead-support-partner": lead,
        "targets": action.difference,
        "milestones": "\n".join(milestones),
    }
    return {c: values.get(c, "") for c in columns}


def _row_record(row: StrategyRow) -> StrategyRowRecord:
    return StrategyRowRecord(
        id=row.id,
        worksheet_id=row.worksheet_id,
        table_id=row.table_id,
        position=row.position,
        option_tag=row.option_tag,
        cells=json.loads(row.cells or "{}"),
        action_id=row.action_id,
        linked=json.loads(row.linked) if row.linked is not None else None,
    )


__all__ = [
    "OPTIONS_TABLE",
    "PREFILLED",
    "AnswerRecord",
    "AnswerState",
    "RowState",
    "StrategyRowRecord",
    "WorksheetRecord",
    "action_cells",
    "answer_state",
    "row_state",
]
