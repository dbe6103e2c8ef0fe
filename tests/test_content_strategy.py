"""The three commissioning documents as content, compared word for word against their seeds.

The seeds are copied into tests/data/seeds/ under their own file names, so these tests run (and
are never skipped) on a clean clone. Each document is laid out again in the seed's own order
and format ("1.1 Partnership objective", "Green = ...", a table's columns side by side), and the
seed, with whitespace collapsed and the repairs recorded in resources/strategy/README.md applied,
must consist of exactly those texts in that order, with nothing between them but bullet marks:
a question, definition, column, heading or bullet that goes missing, is reworded or moves makes
the test fail.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jcs_desktop.content import ContentError
from jcs_desktop.content.strategy import (
    JSC_PLAN_FILE,
    MAP_FILE,
    TEMPLATE_FILE,
    CommissioningMap,
    CommissioningTemplate,
    JscPlan,
    PlanSection,
    Prompt,
    load_commissioning_map,
    load_commissioning_template,
    load_document,
    load_jsc_plan,
    strategy_dir,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
STRATEGY = REPO_ROOT / "resources" / "strategy"
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
MAP_SEED = SEEDS / "000_e16136e4265d2a6f.txt"
PLAN_SEED = SEEDS / "001_ea0f22c5fc5c975e.txt"
TEMPLATE_SEED = SEEDS / "002_40b6d0004db56b1b.txt"

# The repairs of resources/strategy/README.md, as (seed text, content text), applied to the seed.
TEMPLATE_REPAIRS = [("<i>", ""), ("</i>", ""), ("**", ""), ("5.1. ", "5.1 ")]
MAP_REPAIRS = [("procedure s", "procedures")]
BULLET_MARKS = set("·- ")


# --------------------------------------------------------------------------------------------------
# Laying the content out as the seed does


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _seed(path: Path, repairs: Iterable[tuple[str, str]] = (), start: str | None = None) -> str:
    text = path.read_text(encoding="utf-8")
    if start is not None:
        text = text[text.rindex(start) :]
    text = re.sub(r"(?m)^--$", "", text)  # the template's "--" separators (empty answer boxes)
    for old, new in repairs:
        assert old in text, f"repair {old!r} no longer applies to {path.name}"
        text = text.replace(old, new)
    return _collapse(text)


def _prompts(prompts: Iterable[Prompt]) -> Iterator[str]:
    for prompt in prompts:
        yield prompt.text
        yield from _prompts(prompt.prompts)


def _template_texts(template: CommissioningTemplate) -> Iterator[str]:
    yield template.title
    for step in template.steps:
        yield f"{step.label} {step.title}: {step.subtitle}"
        yield from _prompts(step.prompts)
        for group in step.groups:
            if group.heading is not None:
                yield group.heading
            for question in group.questions:
                if question.parts:
                    first, *rest = question.parts
                    yield f"{question.number} {question.text} {first.label} {first.text}"
                    for part in rest:
                        yield f"{question.number} {part.label} {part.text}"
                else:
                    yield f"{question.number} {question.text}"
                for status in question.statuses:
                    yield f"{status.label} = {status.definition}"
                if question.options_intro is not None:
                    yield question.options_intro
                for option in question.options:
                    yield f"'{option.tag}': {option.text}"
                for table in question.action_tables:
                    yield f"{table.label} {table.title}"
                    yield " ".join(column.heading for column in table.columns)
                yield from question.notes
        for table in step.tables:
            yield f"{table.label} {table.title}"
            yield " ".join(column.heading for column in table.columns)


def _section_texts(section: PlanSection) -> Iterator[str]:
    yield section.heading
    yield from section.paragraphs
    yield from _prompts(section.prompts)
    if section.pro_forma is not None:
        yield section.pro_forma.text
        for column in section.pro_forma.columns:
            yield column.heading
    for child in section.subsections:
        yield from _section_texts(child)


def _plan_texts(plan: JscPlan) -> Iterator[str]:
    for section in plan.sections:
        yield from _section_texts(section)


def _map_texts(commissioning_map: CommissioningMap) -> Iterator[str]:
    yield commissioning_map.title
    yield commissioning_map.overarching_heading
    for overarching in commissioning_map.overarching_features:
        yield f"{overarching.number}. {overarching.text}"
    for column in commissioning_map.columns:
        yield column.heading
    for stage in commissioning_map.stages:
        yield stage.title
        for feature in stage.features:
            yield f"{feature.label} {feature.text}"
            for item in feature.tools:
                yield item.text
            for item in feature.process:
                yield item.text


def _assert_seed_is_exactly(seed: str, texts: Iterable[str]) -> None:
    """The seed is ``texts`` in order, with nothing between them but bullet marks."""
    position = 0
    for text in texts:
        wanted = _collapse(text)
        found = seed.find(wanted, position)
        assert found >= 0, f"not in the seed (in this order): {wanted!r}; the seed goes on {seed[position:][:120]!r}"
        gap = seed[position:found]
        assert set(gap) <= BULLET_MARKS, f"seed text missing from the content before {wanted!r}: {gap!r}"
        position = found + len(wanted)
    rest = seed[position:]
    assert set(rest) <= BULLET_MARKS, f"seed text missing from the end of the content: {rest[:200]!r}"


# --------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def template() -> CommissioningTemplate:
    return load_commissioning_template()


@pytest.fixture(scope="module")
def plan() -> JscPlan:
    return load_jsc_plan()


@pytest.fixture(scope="module")
def commissioning_map() -> CommissioningMap:
    return load_commissioning_map()


def _raw(name: str) -> dict[str, Any]:
    return json.loads((STRATEGY / name).read_text(encoding="utf-8"))


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _ids(value: object) -> Iterator[str]:
    """Every "id" in a JSON value except columns' (those are unique per table)."""
    if isinstance(value, list):
        for item in value:
            yield from _ids(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "id":
                yield item
            elif key != "columns":
                yield from _ids(item)


# --------------------------------------------------------------------------------------------------
# The seeds, word for word


def test_the_seed_copies_are_there() -> None:
    # Never skipped: the copies travel with the tests.
    for seed in (MAP_SEED, PLAN_SEED, TEMPLATE_SEED):
        assert seed.is_file(), seed


def test_the_template_is_its_seed_word_for_word(template: CommissioningTemplate) -> None:
    assert template.source == TEMPLATE_SEED.name
    _assert_seed_is_exactly(_seed(TEMPLATE_SEED, TEMPLATE_REPAIRS), _template_texts(template))


def test_the_plan_is_its_seed_word_for_word(plan: JscPlan) -> None:
    assert plan.source == PLAN_SEED.name
    _assert_seed_is_exactly(_seed(PLAN_SEED), _plan_texts(plan))


def test_the_map_is_its_seed_word_for_word(commissioning_map: CommissioningMap) -> None:
    assert commissioning_map.source == MAP_SEED.name
    seed = _seed(MAP_SEED, MAP_REPAIRS, start=commissioning_map.title)
    _assert_seed_is_exactly(seed, _map_texts(commissioning_map))


def test_the_comparison_notices_a_missing_or_reworded_question(template: CommissioningTemplate) -> None:
    seed = _seed(TEMPLATE_SEED, TEMPLATE_REPAIRS)
    texts = list(_template_texts(template))
    missing = [t for t in texts if not t.startswith("2.7 ")]
    with pytest.raises(AssertionError, match="missing"):
        _assert_seed_is_exactly(seed, missing)
    reworded = [t.replace("Issue tackled", "Issues tackled") for t in texts]
    with pytest.raises(AssertionError, match="not in the seed"):
        _assert_seed_is_exactly(seed, reworded)


def test_every_question_number_of_the_seed_is_a_question(template: CommissioningTemplate) -> None:
    # Independently of the layout above: each numbered line of the seed, in order, is a question
    # (or, for "1.9 (b)", a part of one).
    numbers = re.findall(r"(?m)^\**(\d\.\d+)\.? ", TEMPLATE_SEED.read_text(encoding="utf-8"))
    ours = []
    for question in template.questions():
        ours.append(question.number)
        ours.extend(question.number for _ in question.parts[1:])
    assert ours == numbers


def test_table_columns_are_the_seed_rows(template: CommissioningTemplate) -> None:
    # The seed's tab-separated lines are the column rows: TABLE (3.2), then step 5's a), b), c).
    rows = [line.split("\t") for line in TEMPLATE_SEED.read_text(encoding="utf-8").splitlines() if "\t" in line]
    assert [[c.heading for c in table.columns] for table in template.tables()] == rows
    assert [len(table.columns) for table in template.tables()] == [7, 4, 4, 4]


def test_no_extraction_artefacts_are_left() -> None:
    for name in (TEMPLATE_FILE, JSC_PLAN_FILE, MAP_FILE):
        for text in _strings(_raw(name)):
            for artefact in ("<i>", "</", "**", "--", "·", "procedure s"):
                assert artefact not in text, (name, text)


# --------------------------------------------------------------------------------------------------
# Stable ids


def test_template_ids_are_stable(template: CommissioningTemplate) -> None:
    assert [step.id for step in template.steps] == ["step-1", "step-2", "step-3", "step-4", "step-5"]
    assert [q.id for q in template.questions()] == [
        *(f"q-1-{n}" for n in range(1, 10)),
        "q-2-1",
        "q-2-2",
        "q-2-3",
        "q-2-4-needs",
        "q-2-4-strategies",
        *(f"q-2-{n}" for n in range(5, 9)),
        *(f"q-3-{n}" for n in range(1, 5)),
        *(f"q-4-{n}" for n in range(1, 5)),
        "q-5-1",
    ]
    assert [part.id for part in template.question("q-1-9").parts] == ["q-1-9-a", "q-1-9-b"]
    assert [s.id for s in template.rag_statuses()] == ["green", "amber", "red"]
    assert [o.id for o in template.option_tags()] == ["do-more", "do-new", "do-better", "do-less"]
    assert [o.tag for o in template.option_tags()] == ["do more", "do new", "do better", "do less"]
    assert [t.id for t in template.tables()] == ["table-3-2", "table-5-1-a", "table-5-1-b", "table-5-1-c"]
    assert [c.id for c in template.tables()[0].columns] == [
        "intervention",
        "issue",
        "current-or-planned",
        "by-whom",
        "planned-outcome",
        "predicted-impact",
        "plausibility",
    ]
    for table in template.tables()[1:]:
        assert [c.id for c in table.columns] == ["action", "lead-support-partner", "targets", "milestones"]
    assert [t.options for t in template.tables()[1:]] == [["do-new"], ["do-more", "do-less"], ["do-better"]]


def test_template_question_kinds(template: CommissioningTemplate) -> None:
    kinds = {q.id: q.kind for q in template.questions() if q.kind != "text"}
    assert kinds == {"q-1-9": "rag", "q-3-2": "table", "q-4-1": "options", "q-5-1": "actions"}
    assert template.question("q-3-2").table == "table-3-2"
    assert [q.id for q in template.questions() if q.per_option] == ["q-4-2", "q-4-3", "q-4-4"]
    # The two questions numbered 2.4 are both kept, under different headings and ids.
    both = [q for q in template.questions() if q.number == "2.4"]
    assert [q.id for q in both] == ["q-2-4-needs", "q-2-4-strategies"]


def test_plan_ids_are_stable(plan: JscPlan) -> None:
    assert [s.id for s in plan.sections] == [
        "introduction",
        "strategic-framework",
        "policy-context",
        "planning-for-change",
        "whole-system-change-overview",
        "analysis",
        "strategic-proposals",
        "delivery-plan",
        "appendix-policy-context",
    ]
    assert [s.id for s in plan.all_sections()] == [
        "introduction",
        "strategic-framework",
        "scope",
        "policy-context",
        "planning-for-change",
        "whole-system-change-overview",
        "analysis",
        "strategic-proposals",
        "delivery-plan",
        "appendix-policy-context",
        "appendix-national",
        "appendix-local",
    ]
    pro_forma = plan.section("delivery-plan").pro_forma
    assert pro_forma is not None
    assert pro_forma.id == "delivery-plan-pro-forma"
    assert [c.id for c in pro_forma.columns] == [
        "logic-model-element",
        "service",
        "changes",
        "impact",
        "timeline",
        "milestones",
        "responsible-officers",
        "review",
    ]
    assert all(s.prompts or s.paragraphs or s.subsections for s in plan.all_sections())


def test_map_ids_are_stable(commissioning_map: CommissioningMap) -> None:
    assert [s.id for s in commissioning_map.stages] == ["analyse", "plan", "do", "review"]
    assert commissioning_map.feature_ids() == [
        *(f"analyse-{x}" for x in "abcde"),
        *(f"plan-{x}" for x in "abc"),
        *(f"do-{x}" for x in "abcde"),
        *(f"review-{x}" for x in "abcd"),
    ]
    assert [c.id for c in commissioning_map.columns] == ["theme", "feature", "tools", "process"]
    assert [f.id for f in commissioning_map.overarching_features] == [
        "co-production",
        "outcomes",
        "whole-system",
        "change-focus",
    ]
    for feature in commissioning_map.features():
        assert feature.tools, feature.id  # every feature has its tools; (b) and (c) of Analyse share (a)'s process
        assert commissioning_map.stage_of(feature.id).features.count(feature) == 1


def test_the_catalyst_sessions_are_in_do_a(commissioning_map: CommissioningMap) -> None:
    feature = commissioning_map.catalyst_feature()
    assert feature.id == "do-a"
    assert commissioning_map.stage_of(feature.id).id == "do"
    (entry,) = [item for item in feature.process if item.id == commissioning_map.catalyst_sessions]
    seed_line = next(
        line for line in MAP_SEED.read_text(encoding="utf-8").splitlines() if "Catalyst for Change’ Lead" in line
    )
    assert entry.text == seed_line.strip()


@pytest.mark.parametrize("name", [TEMPLATE_FILE, JSC_PLAN_FILE, MAP_FILE])
def test_ids_are_unique_and_well_formed_in_each_file(name: str) -> None:
    ids = list(_ids(_raw(name)))
    assert ids
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


# --------------------------------------------------------------------------------------------------
# Loading: the bundled files, and errors that name the file and the place


def test_the_loaders_read_the_bundled_files_once() -> None:
    # Installed, the package carries its own copy; it must be the committed file, byte for byte.
    for name in (TEMPLATE_FILE, JSC_PLAN_FILE, MAP_FILE):
        assert (strategy_dir() / name).read_bytes() == (STRATEGY / name).read_bytes()
    assert load_commissioning_template() is load_commissioning_template()
    assert load_jsc_plan() is load_jsc_plan()
    assert load_commissioning_map() is load_commissioning_map()


def test_the_package_offers_the_loaders_on_first_use() -> None:
    import jcs_desktop.content as content

    assert content.load_commissioning_map is load_commissioning_map
    assert content.load_commissioning_template is load_commissioning_template
    assert content.load_jsc_plan is load_jsc_plan


def test_an_unknown_field_is_refused_naming_the_file_and_place(tmp_path: Path) -> None:
    data = _raw(TEMPLATE_FILE)
    data["steps"][0]["groups"][0]["questions"][1]["colour"] = "red"
    path = _write(tmp_path, TEMPLATE_FILE, data)
    with pytest.raises(ContentError) as caught:
        load_document(path, CommissioningTemplate)
    message = str(caught.value)
    assert TEMPLATE_FILE in message
    assert "steps[0].groups[0].questions[1].colour" in message
    assert "Extra inputs are not permitted" in message


@pytest.mark.parametrize(
    ("name", "model", "change", "place"),
    [
        (
            TEMPLATE_FILE,
            CommissioningTemplate,
            lambda d: d["steps"][1]["groups"][1]["questions"][0].update(id="q-2-4-needs"),
            "steps[1].groups[0].questions[3] and at steps[1].groups[1].questions[0]",
        ),
        (
            JSC_PLAN_FILE,
            JscPlan,
            lambda d: d["sections"][8]["subsections"][1].update(id="scope"),
            "sections[1].subsections[0] and at sections[8].subsections[1]",
        ),
        (
            MAP_FILE,
            CommissioningMap,
            lambda d: d["stages"][3]["features"][0]["tools"][0].update(id="do-a-tools-1"),
            "stages[2].features[0].tools[0] and at stages[3].features[0].tools[0]",
        ),
    ],
)
def test_a_duplicate_id_is_refused_naming_the_file_and_both_places(
    tmp_path: Path, name: str, model: type, change: Any, place: str
) -> None:
    data = copy.deepcopy(_raw(name))
    change(data)
    path = _write(tmp_path, name, data)
    with pytest.raises(ContentError) as caught:
        load_document(path, model)
    message = str(caught.value)
    assert name in message
    assert "duplicate id" in message
    assert place in message


def test_a_duplicate_column_id_is_refused(tmp_path: Path) -> None:
    data = _raw(TEMPLATE_FILE)
    data["steps"][2]["tables"][0]["columns"][1]["id"] = "intervention"
    with pytest.raises(ContentError, match=r"duplicate id 'intervention' at table-3-2.columns\[0\]"):
        load_document(_write(tmp_path, TEMPLATE_FILE, data), CommissioningTemplate)


def _q(data: dict[str, Any], step: int, index: int) -> dict[str, Any]:
    """Question ``index`` of the first group of step ``step`` (1-based) in the raw template."""
    return data["steps"][step - 1]["groups"][0]["questions"][index]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _q(d, 1, 0).update(id=""), "must be lower-case"),
        (lambda d: _q(d, 1, 0).update(text="  "), "text is blank"),
        (lambda d: _q(d, 1, 0).update(text="Partnership  objective"), "stray whitespace"),
        (lambda d: _q(d, 1, 8).update(statuses=[]), "'rag' needs statuses"),
        (lambda d: _q(d, 1, 0).update(table="table-3-2"), "cannot have table"),
        (lambda d: _q(d, 3, 1).update(table="table-9-9"), "names table 'table-9-9'"),
        (lambda d: _q(d, 5, 0)["action_tables"][0].update(options=["do-most"]), "do-most"),
        (lambda d: d["steps"][1].update(number=3), "numbered 1..5"),
        (lambda d: _q(d, 1, 0).update(kind="essay"), "kind"),
    ],
)
def test_the_template_schema_refuses_bad_content(tmp_path: Path, change: Any, expected: str) -> None:
    data = _raw(TEMPLATE_FILE)
    change(data)
    with pytest.raises(ContentError, match=re.escape(expected)) as caught:
        load_document(_write(tmp_path, TEMPLATE_FILE, data), CommissioningTemplate)
    assert TEMPLATE_FILE in str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["stages"][2]["features"][0].update(id="do-z"), "must have id 'do-a'"),
        (lambda d: d.update(catalyst_sessions="do-a-tools-1"), "no feature's process entry"),
        (lambda d: d["stages"][0]["features"][0].update(label="a"), "label"),
        (lambda d: d["stages"].append({"id": "evaluate", "title": "Evaluate"}), "stages[4].features"),
    ],
)
def test_the_map_schema_refuses_bad_content(tmp_path: Path, change: Any, expected: str) -> None:
    data = _raw(MAP_FILE)
    change(data)
    with pytest.raises(ContentError, match=re.escape(expected)) as caught:
        load_document(_write(tmp_path, MAP_FILE, data), CommissioningMap)
    assert MAP_FILE in str(caught.value)


def test_a_missing_file_is_a_content_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / JSC_PLAN_FILE
    with pytest.raises(ContentError, match=rf"{re.escape(str(missing))}: content file not found"):
        load_document(missing, JscPlan)


def test_invalid_json_is_a_content_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / MAP_FILE
    path.write_text('{\n  "id": "commissioning-map",\n  oops\n}', encoding="utf-8")
    with pytest.raises(ContentError, match=r"commissioning-map.json: line 3, column 3: invalid JSON"):
        load_document(path, CommissioningMap)


def test_no_text_of_the_three_documents_in_python_code() -> None:
    import ast

    import jcs_desktop

    # Ids (lower-case words joined by '-') are what code refers to, by design: not text.
    an_id = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    phrases = {
        text.strip().rstrip(".…")
        for name in (TEMPLATE_FILE, JSC_PLAN_FILE, MAP_FILE)
        for text in _strings(_raw(name))
        if len(text.strip()) >= 14 and not text.endswith(".json") and not an_id.match(text)
    }
    package = Path(jcs_desktop.__file__).resolve().parent
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.strip().rstrip(".…") in phrases
            ):
                found.append(f"{path.relative_to(package)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
