"""The bundled "A Catalyst for Change" workbook content, its loader's errors, and the extractor that made it."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from jcs_desktop.content import ContentError, Framework, load_framework, load_workbook
from jcs_desktop.paths import default_workbook_path

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKBOOK_JSON = REPO_ROOT / "resources" / "workbook" / "catalyst-for-change.json"
SEED = REPO_ROOT.parent / "shared" / "seeds" / "003_2c6865771e343115.txt"
EXTRACTOR = REPO_ROOT / "tools" / "extract_workbook.py"

# The element ids are stored in sessions and exports: renaming one must be a deliberate, visible change.
EXPECTED_ELEMENT_IDS = [
    "building-partnerships.openness",
    "building-partnerships.trust",
    "building-partnerships.inclusion",
    "building-partnerships.integration",
    "building-partnerships.conflict",
    "encouraging-innovation.purpose",
    "encouraging-innovation.links",
    "encouraging-innovation.driving",
    "encouraging-innovation.monitoring",
    "encouraging-innovation.effectiveness",
    "maximising-use-of-resources.mix",
    "maximising-use-of-resources.flexibility",
    "maximising-use-of-resources.performance",
    "maximising-use-of-resources.development",
    "maximising-use-of-resources.workforce",
    "understanding-the-market.capacity",
    "understanding-the-market.intelligence",
    "understanding-the-market.assumptions",
    "understanding-the-market.forecasting",
    "understanding-the-market.information",
    "creating-viable-market-conditions.best-value",
    "creating-viable-market-conditions.finances",
    "creating-viable-market-conditions.fees",
    "creating-viable-market-conditions.costs",
    "creating-viable-market-conditions.performance",
    "commissioning-and-contracting.outcomes",
    "commissioning-and-contracting.analysis",
    "commissioning-and-contracting.inclusion",
    "commissioning-and-contracting.methods",
    "commissioning-and-contracting.ownership",
]

# "The final scores" table of the seed, row by row.
EXPECTED_THRESHOLDS = {
    "building-partnerships": [(5, 10), (11, 14), (15, 17), (18, 20)],
    "encouraging-innovation": [(5, 7), (8, 12), (13, 15), (16, 20)],
    "maximising-use-of-resources": [(5, 9), (10, 13), (14, 17), (18, 20)],
    "understanding-the-market": [(5, 7), (8, 14), (15, 17), (18, 20)],
    "creating-viable-market-conditions": [(5, 9), (10, 13), (14, 16), (17, 20)],
    "commissioning-and-contracting": [(5, 11), (12, 14), (15, 17), (18, 20)],
}

FORBIDDEN_FRAGMENTS = ["<ul", "<li", "</", "■", "✓", "](#)", "**", "  "]


@pytest.fixture(scope="module")
def workbook() -> Framework:
    return load_workbook()


@pytest.fixture
def raw() -> dict[str, Any]:
    """A fresh, mutable copy of the committed JSON."""
    return json.loads(WORKBOOK_JSON.read_text(encoding="utf-8"))


def _strings(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else key)


def _write(tmp_path: Path, data: object, name: str = "framework.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _load_extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_workbook", EXTRACTOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------------
# The bundled file


def test_bundled_file_is_the_default_workbook_path() -> None:
    # Installed, the package carries its own copy; it must be the committed file, byte for byte.
    assert default_workbook_path().read_bytes() == WORKBOOK_JSON.read_bytes()


def test_bundled_workbook_loads(workbook: Framework) -> None:
    assert workbook.id == "catalyst-for-change"
    assert workbook.title == "A Catalyst for Change..."
    assert workbook.subtitle == "Driving Change in the Strategic Commissioning of Non-Acute Services for Older People"
    assert workbook.source.startswith("© Crown copyright 2003")
    assert "Department of Health" in workbook.source


def test_shape_is_6_drivers_by_5_elements_by_4_levels(workbook: Framework) -> None:
    assert workbook.level_count == 4
    assert len(workbook.drivers) == 6
    for driver in workbook.drivers:
        assert len(driver.elements) == 5, driver.id
        for element in driver.elements:
            assert len(element.descriptors) == 4, element.id
            assert len(element.detail.levels) == 4, element.id


def test_levels(workbook: Framework) -> None:
    assert [(level.number, level.name) for level in workbook.levels] == [
        (1, "Consolidating the basics"),
        (2, "Thinking differently"),
        (3, "Developing strategically"),
        (4, "Sustaining high performance"),
    ]
    assert workbook.levels[0].description == (
        "In which they are consolidating the basics in terms of commissioning expertise"
    )
    assert all(level.description for level in workbook.levels)


def test_driver_ids_and_titles(workbook: Framework) -> None:
    assert [(d.id, d.title) for d in workbook.drivers] == [
        ("building-partnerships", "Building partnerships"),
        ("encouraging-innovation", "Encouraging innovation"),
        ("maximising-use-of-resources", "Maximising use of resources"),
        ("understanding-the-market", "Understanding the market"),
        ("creating-viable-market-conditions", "Creating viable market conditions"),
        ("commissioning-and-contracting", "Commissioning and contracting"),
    ]


def test_element_ids_are_stable_and_unique(workbook: Framework) -> None:
    ids = workbook.element_ids()
    assert ids == EXPECTED_ELEMENT_IDS
    assert len(set(ids)) == len(ids)


def test_thresholds_match_the_seed_table(workbook: Framework) -> None:
    assert {d.id: [tuple(band) for band in d.thresholds] for d in workbook.drivers} == EXPECTED_THRESHOLDS


def test_pages_follow_the_workbook(workbook: Framework) -> None:
    # "More info on page..." runs from 22 (first Building partnerships sheet) to 51, one per element.
    assert [e.page for d in workbook.drivers for e in d.elements] == list(range(22, 52))


def test_every_element_is_complete_unless_a_note_says_why(workbook: Framework) -> None:
    for driver in workbook.drivers:
        for element in driver.elements:
            assert element.title.strip(), element.id
            assert element.detail.title.strip(), element.id
            assert all(text.strip() for text in element.descriptors), element.id
            notes = " ".join(element.detail.notes)
            for number, level in enumerate(element.detail.levels, start=1):
                assert level.statement.strip(), f"{element.id} level {number}"
                if not level.indicators:
                    assert "no indicators" in notes or "no Indicator row" in notes, f"{element.id} level {number}"
                if not level.approaches:
                    assert "no approaches" in notes or "no Approaches" in notes, f"{element.id} level {number}"
                assert all(item.strip() for item in level.indicators + level.approaches), element.id


def test_conflict_sheet_falls_back_to_the_grid_for_levels_2_to_4(workbook: Framework) -> None:
    element = workbook.element("building-partnerships.conflict")
    sources = [level.statement_source for level in element.detail.levels]
    assert sources == ["sheet", "grid", "grid", "grid"]
    assert element.detail.levels[0].statement == "Transactional, adversarial purchaser–supplier relationship exists"
    for number in (2, 3, 4):
        assert element.detail.levels[number - 1].statement == element.descriptors[number - 1]
    assert any("only the Level 1 statement" in note for note in element.detail.notes)


def test_every_other_statement_comes_from_its_sheet(workbook: Framework) -> None:
    for element_id in EXPECTED_ELEMENT_IDS:
        if element_id == "building-partnerships.conflict":
            continue
        sources = {level.statement_source for level in workbook.element(element_id).detail.levels}
        assert sources == {"sheet"}, element_id


def test_no_extraction_artefacts_anywhere() -> None:
    data = json.loads(WORKBOOK_JSON.read_text(encoding="utf-8"))
    for path, text in _strings(data):
        for fragment in FORBIDDEN_FRAGMENTS:
            assert fragment not in text, f"{path} contains {fragment!r}: {text!r}"
        assert text == text.strip(), f"{path} has leading or trailing whitespace"
        assert "\t" not in text, path
        assert "\n" not in text, path


def test_grid_and_sheet_titles_are_both_kept(workbook: Framework) -> None:
    links = workbook.element("encouraging-innovation.links")
    assert links.title == "Links directly to commissioning plans"
    assert links.detail.title == "links directly to commissioning strategy"
    assert any("Both titles are kept" in note for note in links.detail.notes)
    assumptions = workbook.element("understanding-the-market.assumptions")
    assert assumptions.title == "Defendable rationale underpinning assumptions made"
    assert assumptions.detail.title == "defensible rationale underpinning assumptions made"
    # Sheet titles with a dash of their own keep it (only the "Driver – " prefix is removed).
    flexibility = workbook.element("maximising-use-of-resources.flexibility")
    assert flexibility.detail.title == "flexibility of resources – adaptability, versatility"


def test_repeated_sheet_is_kept_once_with_a_note(workbook: Framework) -> None:
    element = workbook.element("commissioning-and-contracting.ownership")
    assert "Sign-up to the stated objectives of any new service initiative" in element.detail.levels[3].indicators
    assert any("repeats this detailed sheet" in note for note in element.detail.notes)
    titles = [e.detail.title for d in workbook.drivers for e in d.elements]
    assert titles.count("outputs/outcomes are owned and invested in by all stakeholders") == 1


def test_stray_quote_marks_are_repaired(workbook: Framework) -> None:
    openness = workbook.element("building-partnerships.openness")
    assert openness.detail.levels[2].approaches[0].startswith("'Open accounting' rules applied")
    forecasting = workbook.element("understanding-the-market.forecasting")
    assert forecasting.detail.levels[0].indicators == [
        "'More of the same' attitudes prevalent",
        "'One size fits all' assumptions of service choices",
        "Services are still resource-led rather than needs-led",
        "Risk aversion in all parties",
    ]
    assert forecasting.detail.levels[3].indicators[-1] == (
        "Impact of European Directives and likely changes in service users' diverse expectations"
    )
    assert forecasting.detail.notes, "the repair must be documented"


def test_indicator_and_approach_bullets_are_split(workbook: Framework) -> None:
    openness = workbook.element("building-partnerships.openness")
    assert openness.detail.levels[0].indicators == [
        "Committee reports",
        "Minutes of meetings",
        "Legislative changes and requirements",
        "Independent sector treated as a single homogenous entity",
    ]
    assert len(openness.detail.levels[1].approaches) == 7


def test_final_scores_and_action_planning_headings(workbook: Framework) -> None:
    final = workbook.final_scores
    assert final.title == "The final scores"
    assert final.instructions.startswith("Now enter the scores in column 2")
    assert final.score_heading == "Your overall Driver scores"
    assert final.thresholds_heading == "Score thresholds"
    assert final.target_heading == (
        "Prioritised Improvement Target – what to change (carry through to next step action plan)"
    )
    plan = workbook.action_planning
    assert plan.title == "Action planning"
    assert [(c.key, c.heading) for c in plan.columns] == [
        ("achieve", "We need to achieve..."),
        ("so_that", "So that we can..."),
        ("by_doing", "By doing..."),
        ("by_when", "By when..."),
        ("involving", "Involving..."),
        ("how_critical", "How critical, how well"),
        ("resources", "Resources needed..."),
    ]
    assert plan.detailed_title == "Detailed action planning"
    assert plan.detailed_intro == "One of these sheets for each action identified in the above plan"
    assert [(f.key, f.heading, f.prompt) for f in plan.detailed_fields] == [
        ("purpose", "What we are trying to achieve", "Clarifying the purpose and outcome of the focus of our activity"),
        ("lead", "Lead person for delivery", "Who will be the central owner/coordinator of the outcomes?"),
        ("support", "Support roles and what is required", "Who and how do they need to support?"),
        (
            "difference",
            "What will really make the difference?",
            "What is really important here? What are the critical dimensions that will ensure successful delivery?",
        ),
    ]
    assert plan.delivery_plan_title == "Delivery plan"
    assert [(c.key, c.heading) for c in plan.delivery_plan_columns] == [
        ("review_point", "Review Points"),
        ("expected", "What we expect to have achieved"),
        ("achieved", "What we have achieved"),
        ("learning", "Learning points and plan to progress"),
    ]


def test_guidance_sections(workbook: Framework) -> None:
    sections = {s.id: s for s in workbook.guidance}
    assert list(sections) == [
        "definitions",
        "purpose",
        "using",
        "process",
        "best",
        "scoring",
        "site-expertise",
        "final-scores",
        "action-planning",
        "detailed-action-planning",
    ]
    assert sections["using"].title == "Using the workbook"
    assert "The 6 key Drivers" in sections["using"].paragraphs
    assert sections["process"].paragraphs[6].startswith("1. Self-assessment as a whole system")
    assert "• conducting the assessment with all system partners" in sections["best"].paragraphs
    assert "1. Have we a realistic and honest grasp on what things are done well and what could be done better?" in (
        sections["purpose"].paragraphs
    )
    site = sections["site-expertise"].paragraphs
    assert site[-1].startswith("These scores should be inserted into the table")
    assert any(p.startswith("We recommend that individuals work in mixed") for p in site)
    assert sections["final-scores"].paragraphs[-1] == (
        "To go through this process by itself is not sufficient; there must be a real commitment to act upon the "
        "outcomes!"
    )
    assert sections["action-planning"].paragraphs[0].startswith("Keep this section simple and achievable.")


# --------------------------------------------------------------------------------------------------
# Loader errors: each names the file and the place in it


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "framework.json"
    with pytest.raises(ContentError, match="not found") as info:
        load_framework(missing)
    assert str(missing) in str(info.value)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    text = WORKBOOK_JSON.read_text(encoding="utf-8")
    broken = text.replace('"title": "A Catalyst for Change..."', '"title": "A Catalyst for Change..." oops', 1)
    path = tmp_path / "broken.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_framework(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3, column" in message
    assert "invalid JSON" in message


def test_missing_field_names_its_place(tmp_path: Path, raw: dict[str, Any]) -> None:
    del raw["drivers"][0]["elements"][2]["detail"]["title"]
    path = _write(tmp_path, raw)
    with pytest.raises(ContentError) as info:
        load_framework(path)
    message = str(info.value)
    assert str(path) in message
    assert "drivers[0].elements[2].detail.title" in message


def test_thresholds_with_a_gap_name_the_driver_and_level(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["drivers"][0]["thresholds"][1] = [12, 14]  # 11 falls in no band
    path = _write(tmp_path, raw)
    with pytest.raises(ContentError) as info:
        load_framework(path)
    message = str(info.value)
    assert str(path) in message
    # The band check spans the whole framework (it needs the level and element counts), so it
    # names the driver and level rather than a JSON path.
    assert "'building-partnerships'" in message
    assert "threshold for level 2" in message
    assert "gap" in message


def test_malformed_threshold_pair_names_its_path(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["drivers"][3]["thresholds"][2] = [15, "seventeen"]
    path = _write(tmp_path, raw)
    with pytest.raises(ContentError) as info:
        load_framework(path)
    assert "drivers[3].thresholds[2]" in str(info.value)


def test_driver_with_four_elements_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["drivers"][1]["elements"].pop()
    path = _write(tmp_path, raw)
    with pytest.raises(ContentError) as info:
        load_framework(path)
    message = str(info.value)
    assert str(path) in message
    assert "'encouraging-innovation' has 4 elements" in message


def test_element_with_three_levels_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["drivers"][2]["elements"][0]["detail"]["levels"].pop()
    path = _write(tmp_path, raw)
    with pytest.raises(ContentError) as info:
        load_framework(path)
    assert "'maximising-use-of-resources.mix' detail sheet has 3 levels" in str(info.value)


def test_unchanged_copy_loads(tmp_path: Path, raw: dict[str, Any]) -> None:
    framework = load_framework(_write(tmp_path, copy.deepcopy(raw)))
    assert framework.element_ids() == EXPECTED_ELEMENT_IDS


# --------------------------------------------------------------------------------------------------
# The extractor


def test_quote_repair_rules() -> None:
    extractor = _load_extractor()
    repair = extractor.repair_quotes
    assert repair("'Risk aversion in all parties")[0] == "Risk aversion in all parties"
    assert repair("'Wish list' approach to service planning") == ("'Wish list' approach to service planning", None)
    assert repair("Open accounting' rules applied")[0] == "'Open accounting' rules applied"
    assert repair("Single-agency documentation that doesn't take partners' priorities")[1] is None
    assert repair("Contracts that have the acceptance of the provider's")[1] is None
    assert repair("'Impact of changes in service users' diverse expectations")[0] == (
        "Impact of changes in service users' diverse expectations"
    )


def test_paragraph_clean_up() -> None:
    clean = _load_extractor().clean_paragraph
    assert clean("- 1. Have we a realistic grasp?**") == "1. Have we a realistic grasp?"
    assert clean("- conducting the assessment with [all](#) system partners") == (
        "• conducting the assessment with all system partners"
    )
    assert clean("agreeing the ratings *or* by rating") == "agreeing the ratings or by rating"


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed not present at {SEED}")
def test_extractor_reproduces_the_committed_json_byte_for_byte(tmp_path: Path) -> None:
    extractor = _load_extractor()
    out = tmp_path / "catalyst-for-change.json"
    assert extractor.main([str(SEED), str(out)]) == 0
    assert out.read_bytes() == WORKBOOK_JSON.read_bytes()
