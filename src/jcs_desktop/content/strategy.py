"""The three commissioning documents as content: schema and loaders.

- the Strategic Commissioning Template (``resources/strategy/commissioning-template.json``):
  five steps of numbered questions, the RED/AMBER/GREEN status, table 3.2, the options
  ("do more", "do new", "do better", "do less") and the step-5 action tables;
- the structure of a Joint Strategic Commissioning Plan (``jsc-plan.json``): its sections in
  order, with their guidance as prompts, sub-sections and the delivery plan's pro forma;
- the SWIA-JIT Strategic Commissioning Map (``commissioning-map.json``): the four stages, each
  with its features, tools/inputs and process.

Every word lives in the JSON files; this module only says what shape they must have. Every
question, table, section, stage and feature has a stable id, unique within its document (the
ids are what sessions store). Not imported at application start: nothing here is needed
before a partnership opens one of these documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field, ValidationError, model_validator

from jcs_desktop.content.errors import ContentError
from jcs_desktop.content.loader import read_content_json, validation_failure
from jcs_desktop.content.schema import _Strict
from jcs_desktop.paths import resources_dir

__all__ = [
    "JSC_PLAN_FILE",
    "MAP_FILE",
    "TEMPLATE_FILE",
    "ActionTable",
    "Column",
    "CommissioningMap",
    "CommissioningTemplate",
    "ContentError",
    "JscPlan",
    "MapFeature",
    "MapItem",
    "MapStage",
    "OptionTag",
    "PlanSection",
    "ProForma",
    "Prompt",
    "Question",
    "QuestionGroup",
    "RagStatus",
    "Step",
    "Table",
    "load_commissioning_map",
    "load_commissioning_template",
    "load_document",
    "load_jsc_plan",
    "strategy_dir",
]

TEMPLATE_FILE = "commissioning-template.json"
JSC_PLAN_FILE = "jsc-plan.json"
MAP_FILE = "commissioning-map.json"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"id {value!r} must be lower-case letters or digits joined by '-'")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("text is blank")
    if value != value.strip() or "  " in value or any(c in value for c in "\n\t\r"):
        raise ValueError(f"text {value[:40]!r} has stray whitespace (the content keeps single spaces only)")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, AfterValidator(_check_text)]


class _Ids:
    """Collects ``(id, place)`` pairs and reports the first id seen twice, with both places."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def add(self, value: str, place: str) -> None:
        if value in self._seen:
            raise ValueError(f"duplicate id {value!r} at {self._seen[value]} and at {place}")
        self._seen[value] = place


def _unique_columns(columns: list[Column], owner: str) -> None:
    ids = _Ids()
    for i, column in enumerate(columns):
        ids.add(column.id, f"{owner}.columns[{i}]")


# --------------------------------------------------------------------------------------------------
# Shared pieces


class Prompt(_Strict):
    """A guidance bullet, possibly with bullets of its own."""

    text: Text
    prompts: list[Prompt] = Field(default_factory=list)

    def walk(self) -> Iterator[Prompt]:
        yield self
        for child in self.prompts:
            yield from child.walk()


class Column(_Strict):
    """One column of a table, with its id (stable, unique within the table) and heading."""

    id: Id
    heading: Text


# --------------------------------------------------------------------------------------------------
# The Strategic Commissioning Template


class Table(_Strict):
    """A table to fill in, such as TABLE (3.2): one row per intervention."""

    id: Id
    label: Text = Field(description="The table's number as the template writes it, e.g. 'TABLE (3.2)'")
    title: Text
    columns: list[Column] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns(self) -> Table:
        _unique_columns(self.columns, self.id)
        return self


class ActionTable(Table):
    """One of step 5's action tables (a, b, c), for the options it names."""

    options: list[Id] = Field(min_length=1, description="Ids of the option tags this table takes actions for")


class Part(_Strict):
    """A lettered part of a question, answered on its own (1.9 (a), 1.9 (b))."""

    id: Id
    label: Text
    text: Text


class RagStatus(_Strict):
    """A RED/AMBER/GREEN status and the template's definition of it."""

    id: Id
    label: Text
    definition: Text


class OptionTag(_Strict):
    """A kind of option: 'do more', 'do new', 'do better', 'do less'."""

    id: Id
    tag: Text
    text: Text


QuestionKind = Literal["text", "rag", "table", "options", "actions"]


class Question(_Strict):
    """A numbered question of the template.

    ``number`` is the template's own number, which is not unique (there are two 2.4s);
    ``id`` is. ``kind`` says how it is answered: free text, a RED/AMBER/GREEN status per part,
    rows of a table, a list of options (each labelled and tagged), or action tables.
    """

    id: Id
    number: str = Field(pattern=r"^[0-9]+\.[0-9]+$")
    kind: QuestionKind
    text: Text
    per_option: bool = Field(default=False, description="Answered once for each option of 4.1 (4.2-4.4)")
    notes: list[Text] = Field(default_factory=list, description="Guidance printed after the question")
    parts: list[Part] = Field(default_factory=list)
    statuses: list[RagStatus] = Field(default_factory=list)
    table: Id | None = Field(default=None, description="Id of the table of this step that answers it")
    options_intro: Text | None = None
    options: list[OptionTag] = Field(default_factory=list)
    action_tables: list[ActionTable] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> Question:
        needs = {
            "rag": ("statuses", bool(self.statuses)),
            "table": ("table", self.table is not None),
            "options": ("options", bool(self.options)),
            "actions": ("action_tables", bool(self.action_tables)),
        }
        for kind, (field, present) in needs.items():
            if kind == self.kind and not present:
                raise ValueError(f"question {self.id!r} of kind {kind!r} needs {field}")
            if kind != self.kind and present:
                raise ValueError(f"question {self.id!r} of kind {self.kind!r} cannot have {field}")
        if self.options_intro is not None and self.kind != "options":
            raise ValueError(f"question {self.id!r} of kind {self.kind!r} cannot have options_intro")
        return self


class QuestionGroup(_Strict):
    """Questions of a step under one heading (or none)."""

    id: Id
    heading: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Step(_Strict):
    id: Id
    number: int = Field(ge=1)
    label: Text = Field(description="The step's number as the template writes it: 'STEP 1.' ... '5.'")
    title: Text
    subtitle: Text
    prompts: list[Prompt] = Field(default_factory=list)
    groups: list[QuestionGroup] = Field(min_length=1)
    tables: list[Table] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tables_named(self) -> Step:
        tables = {table.id for table in self.tables}
        for group in self.groups:
            for question in group.questions:
                if question.table is not None and question.table not in tables:
                    raise ValueError(f"question {question.id!r} names table {question.table!r}, not in {self.id!r}")
        return self

    def questions(self) -> list[Question]:
        return [q for group in self.groups for q in group.questions]


class CommissioningTemplate(_Strict):
    """The Strategic Commissioning Template: steps 1-5 and their questions."""

    id: Id
    title: Text
    source: Text = Field(description="The seed file this was taken from")
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> CommissioningTemplate:
        ids = _Ids()
        ids.add(self.id, "id")
        tags: set[str] = set()
        for s, step in enumerate(self.steps):
            if step.number != s + 1:
                raise ValueError(f"steps must be numbered 1..{len(self.steps)}; {step.id!r} is {step.number}")
            here = f"steps[{s}]"
            ids.add(step.id, here)
            for t, table in enumerate(step.tables):
                ids.add(table.id, f"{here}.tables[{t}]")
            for g, group in enumerate(step.groups):
                ids.add(group.id, f"{here}.groups[{g}]")
                for q, question in enumerate(group.questions):
                    place = f"{here}.groups[{g}].questions[{q}]"
                    ids.add(question.id, place)
                    for i, part in enumerate(question.parts):
                        ids.add(part.id, f"{place}.parts[{i}]")
                    for i, status in enumerate(question.statuses):
                        ids.add(status.id, f"{place}.statuses[{i}]")
                    for i, option in enumerate(question.options):
                        ids.add(option.id, f"{place}.options[{i}]")
                        tags.add(option.id)
                    for i, table in enumerate(question.action_tables):
                        ids.add(table.id, f"{place}.action_tables[{i}]")
        for question in self.questions():
            for table in question.action_tables:
                for tag in table.options:
                    if tag not in tags:
                        raise ValueError(f"action table {table.id!r} names option {tag!r}, which no question defines")
        return self

    def questions(self) -> list[Question]:
        """Every question, in the template's order."""
        return [q for step in self.steps for q in step.questions()]

    def question(self, question_id: str) -> Question:
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def option_tags(self) -> list[OptionTag]:
        return [option for q in self.questions() for option in q.options]

    def rag_statuses(self) -> list[RagStatus]:
        return [status for q in self.questions() for status in q.statuses]

    def tables(self) -> list[Table]:
        """Every table (3.2 and step 5's action tables), in the template's order."""
        found: list[Table] = []
        for step in self.steps:
            for q in step.questions():
                found.extend(q.action_tables)
            found.extend(step.tables)
        return found


# --------------------------------------------------------------------------------------------------
# The Joint Strategic Commissioning Plan


class ProForma(_Strict):
    """A pro forma to fill in: the columns of the delivery plan's action plan."""

    id: Id
    text: Text
    columns: list[Column] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns(self) -> ProForma:
        _unique_columns(self.columns, self.id)
        return self


class PlanSection(_Strict):
    """A section of the plan: its heading, what it is for, and what it should cover (prompts)."""

    id: Id
    heading: Text
    paragraphs: list[Text] = Field(default_factory=list)
    prompts: list[Prompt] = Field(default_factory=list)
    pro_forma: ProForma | None = None
    subsections: list[PlanSection] = Field(default_factory=list)

    def walk(self) -> Iterator[PlanSection]:
        yield self
        for child in self.subsections:
            yield from child.walk()


class JscPlan(_Strict):
    """The structure of a Joint Strategic Commissioning Plan, section by section."""

    id: Id
    title: Text
    source: Text = Field(description="The seed file this was taken from")
    sections: list[PlanSection] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> JscPlan:
        ids = _Ids()
        ids.add(self.id, "id")

        def visit(section: PlanSection, place: str) -> None:
            ids.add(section.id, place)
            if section.pro_forma is not None:
                ids.add(section.pro_forma.id, f"{place}.pro_forma")
            for i, child in enumerate(section.subsections):
                visit(child, f"{place}.subsections[{i}]")

        for i, section in enumerate(self.sections):
            visit(section, f"sections[{i}]")
        return self

    def all_sections(self) -> list[PlanSection]:
        """Every section and sub-section, in the plan's order."""
        return [s for top in self.sections for s in top.walk()]

    def section(self, section_id: str) -> PlanSection:
        for s in self.all_sections():
            if s.id == section_id:
                return s
        raise KeyError(section_id)


# --------------------------------------------------------------------------------------------------
# The SWIA-JIT Strategic Commissioning Map


class MapItem(_Strict):
    """One entry of a feature's tools/inputs or process."""

    id: Id
    text: Text


class MapFeature(_Strict):
    """A SWIA feature of a stage, with the tools/inputs and the process the map suggests."""

    id: Id = Field(description="'<stage-id>-<letter>', e.g. 'do-a'")
    label: str = Field(pattern=r"^\([a-z]\)$")
    text: Text
    tools: list[MapItem] = Field(default_factory=list)
    process: list[MapItem] = Field(default_factory=list)


class MapStage(_Strict):
    """A stage (SWIA theme) of the commissioning cycle: analyse, plan, do, review."""

    id: Id
    title: Text
    features: list[MapFeature] = Field(min_length=1)

    @model_validator(mode="after")
    def _feature_ids(self) -> MapStage:
        for feature in self.features:
            expected = f"{self.id}-{feature.label.strip('()')}"
            if feature.id != expected:
                raise ValueError(f"feature {feature.label} of stage {self.id!r} must have id {expected!r}")
        return self


class OverarchingFeature(_Strict):
    id: Id
    number: int = Field(ge=1)
    text: Text


class CommissioningMap(_Strict):
    """The map: its overarching features, its columns and its four stages."""

    id: Id
    title: Text
    source: Text = Field(description="The seed file this was taken from")
    overarching_heading: Text
    overarching_features: list[OverarchingFeature] = Field(min_length=1)
    columns: list[Column] = Field(min_length=1)
    catalyst_sessions: Id = Field(
        description="Id of the process entry where 'Catalyst for Change' sessions take their place"
    )
    stages: list[MapStage] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> CommissioningMap:
        _unique_columns(self.columns, "map")
        ids = _Ids()
        ids.add(self.id, "id")
        for i, overarching in enumerate(self.overarching_features):
            ids.add(overarching.id, f"overarching_features[{i}]")
        for s, stage in enumerate(self.stages):
            ids.add(stage.id, f"stages[{s}]")
            for f, feature in enumerate(stage.features):
                place = f"stages[{s}].features[{f}]"
                ids.add(feature.id, place)
                for i, item in enumerate(feature.tools):
                    ids.add(item.id, f"{place}.tools[{i}]")
                for i, item in enumerate(feature.process):
                    ids.add(item.id, f"{place}.process[{i}]")
        if not any(item.id == self.catalyst_sessions for f in self.features() for item in f.process):
            raise ValueError(f"catalyst_sessions names {self.catalyst_sessions!r}, which is no feature's process entry")
        return self

    def features(self) -> list[MapFeature]:
        """Every feature, stage by stage, in the map's order."""
        return [feature for stage in self.stages for feature in stage.features]

    def feature_ids(self) -> list[str]:
        return [feature.id for feature in self.features()]

    def feature(self, feature_id: str) -> MapFeature:
        for feature in self.features():
            if feature.id == feature_id:
                return feature
        raise KeyError(feature_id)

    def stage_of(self, feature_id: str) -> MapStage:
        for stage in self.stages:
            if any(feature.id == feature_id for feature in stage.features):
                return stage
        raise KeyError(feature_id)

    def catalyst_feature(self) -> MapFeature:
        """The feature under which the map places 'Catalyst for Change' sessions (Do (a))."""
        for feature in self.features():
            if any(item.id == self.catalyst_sessions for item in feature.process):
                return feature
        raise KeyError(self.catalyst_sessions)  # pragma: no cover - the validator rules this out


# --------------------------------------------------------------------------------------------------
# Loaders

_Doc = TypeVar("_Doc", bound=BaseModel)


def strategy_dir() -> Path:
    return resources_dir() / "strategy"


def load_document(path: Path | str, model: type[_Doc]) -> _Doc:
    """Read ``path`` and validate it as ``model``; ContentError naming the file and the place."""
    path = Path(path)
    data = read_content_json(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_failure(path, exc) from None


@lru_cache(maxsize=1)
def load_commissioning_template() -> CommissioningTemplate:
    """The bundled Strategic Commissioning Template (loaded once per process)."""
    return load_document(strategy_dir() / TEMPLATE_FILE, CommissioningTemplate)


@lru_cache(maxsize=1)
def load_jsc_plan() -> JscPlan:
    """The bundled structure of a Joint Strategic Commissioning Plan (loaded once per process)."""
    return load_document(strategy_dir() / JSC_PLAN_FILE, JscPlan)


@lru_cache(maxsize=1)
def load_commissioning_map() -> CommissioningMap:
    """The bundled SWIA-JIT Strategic Commissioning Map (loaded once per process)."""
    return load_document(strategy_dir() / MAP_FILE, CommissioningMap)
