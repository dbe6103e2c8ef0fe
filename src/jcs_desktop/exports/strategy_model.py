"""The commissioning documents' data: the workshop's report, its worksheets, and the template laid out.

``build_strategy_export`` reads, once, what the JSC Plan outline and the Strategic Commissioning
Template exports show: the workshop's ``Report`` (``exports.model``), its worksheets
(``services.worksheets``), the plan's and the template's content. Anonymised, every text of the
worksheets (objective, answers, table cells) goes through the same ``Anonymiser`` as the report,
with the report's own labels, so a name becomes the same P-label in every part of one export.

``template_view`` lays one worksheet out in the template's order, as plain data shared by the
Word, Excel and PDF writers: steps, their guidance, the questions (number and text from the
content) with their answers, 1.9's parts with their RED/AMBER/GREEN status and the definitions,
TABLE (3.2) after the step's questions, the options of 4.1 lettered A, B, C… with their tags,
4.2-4.4 answered per option, and the three step-5 action tables. Nothing here is the template's
text: every heading and question comes from the content.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jcs_desktop.exports.anonymise import Anonymiser
from jcs_desktop.exports.model import Report, build_report, format_date
from jcs_desktop.services.worksheets import OPTIONS_TABLE

if TYPE_CHECKING:
    from jcs_desktop.content.strategy import CommissioningTemplate, JscPlan, Prompt
    from jcs_desktop.services.worksheets import WorksheetRecord


class NoWorksheet(Exception):
    """The workshop has no Strategic Commissioning Template worksheet to export."""


@dataclass(frozen=True)
class StrategyExport:
    report: Report
    worksheets: tuple
    """The workshop's worksheets (``WorksheetRecord``), in order; cleaned when anonymised."""
    plan: JscPlan
    template: CommissioningTemplate

    @property
    def about(self) -> str:
        """The workshop, for a document's title page: its title, partnership and date."""
        r = self.report
        return " · ".join(t for t in (r.title, r.partnership, format_date(r.date)) if t)

    def worksheet(self, number: int = 1):
        """The ``number``-th worksheet (1 = the first); ``NoWorksheet`` when there is none."""
        if not self.worksheets:
            raise NoWorksheet(
                "This workshop has no Strategic Commissioning Template worksheet yet: create one in the "
                "Strategy step first."
            )
        if not 1 <= number <= len(self.worksheets):
            raise NoWorksheet(f"There is no worksheet {number}: this workshop has {len(self.worksheets)}.")
        return self.worksheets[number - 1]


def build_strategy_export(services, workshop_id: int, *, anonymise: bool = False, live=None) -> StrategyExport:
    """Everything the commissioning documents show, read once (``live``: the open workshop's state)."""
    from jcs_desktop.content.strategy import load_commissioning_template, load_jsc_plan

    report = build_report(services, workshop_id, anonymise=anonymise, live=live)
    sheets = services.worksheets.worksheets(workshop_id)
    if anonymise:
        people = [(p.id, p.display_name) for p in services.participants.list(workshop_id)]
        labels = {p.id: p.label for p in report.people}
        anonymiser = Anonymiser.for_people(people, labels=labels)
        sheets = [_cleaned(ws, anonymiser.clean) for ws in sheets]
    return StrategyExport(report, tuple(sheets), load_jsc_plan(), load_commissioning_template())


def _cleaned(ws: WorksheetRecord, clean) -> WorksheetRecord:
    answers = {key: a.model_copy(update={"text": clean(a.text), "prefill": None}) for key, a in ws.answers.items()}
    rows = [r.model_copy(update={"cells": {k: clean(v) for k, v in r.cells.items()}, "linked": None}) for r in ws.rows]
    return ws.model_copy(update={"objective": clean(ws.objective), "answers": answers, "rows": rows})


# --------------------------------------------------------------------------------------------------
# The template laid out


@dataclass(frozen=True)
class TableView:
    id: str
    label: str
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}"


@dataclass(frozen=True)
class PartView:
    id: str
    label: str
    text: str
    answer: str
    status: str
    """The status's label ('' when none is chosen)."""
    status_id: str


@dataclass(frozen=True)
class OptionView:
    letter: str
    tag: str
    """The tag as the template writes it ('do more'), '' when untagged."""
    text: str


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: str
    kind: str
    text: str
    notes: tuple[str, ...]
    answer: str
    parts: tuple[PartView, ...] = ()
    statuses: tuple[tuple[str, str, str], ...] = ()
    """(id, label, definition) of each RED/AMBER/GREEN status, in the template's order."""
    options_intro: str = ""
    option_tags: tuple[tuple[str, str], ...] = ()
    """(tag, explanation) of each kind of option."""
    options: tuple[OptionView, ...] = ()
    per_option: tuple[tuple[str, str], ...] = ()
    """For 4.2-4.4: (option letter, answer) for each option."""
    tables: tuple[TableView, ...] = ()
    """5.1's action tables."""

    @property
    def heading(self) -> str:
        return f"{self.number} {self.text}"


@dataclass(frozen=True)
class GroupView:
    heading: str
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True)
class StepView:
    id: str
    heading: str
    prompts: tuple[tuple[int, str], ...]
    """(depth, text) of the step's guidance bullets, depth 0 first."""
    groups: tuple[GroupView, ...]
    tables: tuple[TableView, ...] = field(default=())
    """Tables printed after the step's questions (TABLE (3.2))."""


def prompt_lines(prompts: list[Prompt], depth: int = 0) -> list[tuple[int, str]]:
    """Nested guidance bullets flattened to (depth, text), in order."""
    out: list[tuple[int, str]] = []
    for p in prompts:
        out.append((depth, p.text))
        out.extend(prompt_lines(p.prompts, depth + 1))
    return out


def option_letter(index: int) -> str:
    """A, B, … Z, AA, AB…"""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else option_letter(index // 26 - 1) + letters[index % 26]


def _table(table, rows) -> TableView:
    columns = [c.id for c in table.columns]
    return TableView(
        table.id,
        table.label,
        table.title,
        tuple(c.heading for c in table.columns),
        tuple(tuple(r.cells.get(c, "") for c in columns) for r in rows),
    )


def template_view(template: CommissioningTemplate, worksheet: WorksheetRecord) -> tuple[StepView, ...]:
    """The worksheet in the template's order (see the module's docstring)."""
    tags = {o.id: o.tag for o in template.option_tags()}
    option_rows = worksheet.table(OPTIONS_TABLE)
    options = tuple(
        OptionView(option_letter(i), tags.get(r.option_tag or "", ""), r.cells.get("option", ""))
        for i, r in enumerate(option_rows)
    )
    steps = []
    for step in template.steps:
        groups = []
        for group in step.groups:
            questions = []
            for q in group.questions:
                statuses = tuple((s.id, s.label, s.definition) for s in q.statuses)
                labels = {s_id: label for s_id, label, _d in statuses}
                parts = tuple(
                    PartView(
                        p.id,
                        p.label,
                        p.text,
                        worksheet.answer(p.id).text,
                        labels.get(worksheet.answer(p.id).rag or "", ""),
                        worksheet.answer(p.id).rag or "",
                    )
                    for p in q.parts
                )
                questions.append(
                    QuestionView(
                        id=q.id,
                        number=q.number,
                        kind=q.kind,
                        text=q.text,
                        notes=tuple(q.notes),
                        answer=worksheet.answer(q.id).text,
                        parts=parts,
                        statuses=statuses,
                        options_intro=q.options_intro or "",
                        option_tags=tuple((o.tag, o.text) for o in q.options),
                        options=options if q.kind == "options" else (),
                        per_option=(
                            tuple((o.letter, r.cells.get(q.id, "")) for o, r in zip(options, option_rows, strict=True))
                            if q.per_option
                            else ()
                        ),
                        tables=tuple(_table(t, worksheet.table(t.id)) for t in q.action_tables),
                    )
                )
            groups.append(GroupView(group.heading or "", tuple(questions)))
        steps.append(
            StepView(
                step.id,
                f"{step.label} {step.title}: {step.subtitle}",
                tuple(prompt_lines(step.prompts)),
                tuple(groups),
                tuple(_table(t, worksheet.table(t.id)) for t in step.tables),
            )
        )
    return tuple(steps)


__all__ = [
    "GroupView",
    "NoWorksheet",
    "OptionView",
    "PartView",
    "QuestionView",
    "StepView",
    "StrategyExport",
    "TableView",
    "build_strategy_export",
    "option_letter",
    "prompt_lines",
    "template_view",
]
