"""Extract the "A Catalyst for Change" workbook from its seed text into the app's JSON content file.

Usage::

    python tools/extract_workbook.py [SEED_PATH] [OUT_PATH]

SEED_PATH defaults to ``../shared/seeds/003_2c6865771e343115.txt`` and OUT_PATH to
``resources/workbook/catalyst-for-change.json``, both relative to the repository root.

The seed is a text extraction of the 2003 Department of Health workbook. The script keeps every
word of it and repairs only extraction artefacts (HTML list tags, bullet glyphs, stray quote marks,
markdown-like link and emphasis markers, broken bullets). Every quirk it meets is reported on
stdout and recorded in the element's ``detail.notes``; ``resources/workbook/README.md`` explains
each one. The output is deterministic, so re-running the script must reproduce the committed file
byte for byte (a test checks this).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = REPO_ROOT.parent / "shared" / "seeds" / "003_2c6865771e343115.txt"
DEFAULT_OUT = REPO_ROOT / "resources" / "workbook" / "catalyst-for-change.json"

FRAMEWORK_ID = "catalyst-for-change"
LEVEL_COUNT = 4
ELEMENTS_PER_DRIVER = 5

# Driver ids and the short element slugs, in workbook order. The slugs are the stable public ids
# that sessions, exports and imports refer to, so they are spelled out here rather than derived
# from titles: a wording change in the seed must never silently rename an element.
DRIVERS: list[tuple[str, str, list[str]]] = [
    (
        "building-partnerships",
        "Building partnerships",
        ["openness", "trust", "inclusion", "integration", "conflict"],
    ),
    (
        "encouraging-innovation",
        "Encouraging innovation",
        ["purpose", "links", "driving", "monitoring", "effectiveness"],
    ),
    (
        "maximising-use-of-resources",
        "Maximising use of resources",
        ["mix", "flexibility", "performance", "development", "workforce"],
    ),
    (
        "understanding-the-market",
        "Understanding the market",
        ["capacity", "intelligence", "assumptions", "forecasting", "information"],
    ),
    (
        "creating-viable-market-conditions",
        "Creating viable market conditions",
        ["best-value", "finances", "fees", "costs", "performance"],
    ),
    (
        "commissioning-and-contracting",
        "Commissioning and contracting",
        ["outcomes", "analysis", "inclusion", "methods", "ownership"],
    ),
]

ACTION_COLUMN_KEYS = ["achieve", "so_that", "by_doing", "by_when", "involving", "how_critical", "resources"]
DETAILED_FIELD_KEYS = ["purpose", "lead", "support", "difference"]
DELIVERY_COLUMN_KEYS = ["review_point", "expected", "achieved", "learning"]

# Guidance sections: (id, title, first heading line, heading line that ends the section).
# The foreword is deliberately skipped: it is a signed preface, not help for facilitators.
GUIDANCE_SPANS: list[tuple[str, str, str, str]] = [
    ("definitions", "Definitions", "Definitions", "Purpose of this workbook"),
    ("purpose", "Purpose of this workbook", "Purpose of this workbook", "Using the workbook"),
    ("using", "Using the workbook", "Using the workbook", "The self-assessment and scoring process"),
    (
        "process",
        "The self-assessment and scoring process",
        "The self-assessment and scoring process",
        "Getting the best from the process",
    ),
    ("best", "Getting the best from the process", "Getting the best from the process", "Scoring"),
    ("scoring", "Scoring", "Scoring", "Site expertise"),
    ("site-expertise", "Site expertise", "Site expertise", "Date completed:"),
]

# Sub-headings inside "Using the workbook" that are kept as their own short paragraphs so the
# help text keeps the workbook's structure.
SUBHEADINGS = {"The 6 key Drivers", "Driver components"}

# Captions left over from the "Driver components" diagram, which the text extraction lost. Only
# three of the six survive and they point at page numbers of the printed book, so they are dropped.
DIAGRAM_CAPTION_RE = re.compile(r"^Detail on pp \d+ & \d+$")

# Typographic characters of the seed, named so that the code says which one it means.
EN_DASH = "\u2013"
LEFT_QUOTE = "\u2018"
RIGHT_QUOTE = "\u2019"
ELLIPSIS = "\u2026"

UL_TAG_RE = re.compile(r"</?(?:ul|li)\b[^>]*>")
BULLET_GLYPHS_RE = re.compile(r"[■✓]")
MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(#\)")
MD_EMPHASIS_RE = re.compile(r"\*([^*\n]+)\*")
RANGE_RE = re.compile(rf"^(\d+)\s*[{EN_DASH}-]\s*(\d+)$")
SPACES_RE = re.compile(r"\s+")
# A quote mark that closes a quotation: after a non-space character, before a space, punctuation or end.
CLOSING_QUOTE_RE = re.compile(r"(?<=\S)'(?=[\s,.;:!?)]|$)")


STRAY_LEADING_QUOTE = "removed a stray leading quote mark"
RESTORED_OPENING_QUOTE = "restored the missing opening quote mark"


class SeedError(Exception):
    """The seed text does not have the structure this extractor expects."""


# --------------------------------------------------------------------------------------------------
# Text clean-up


def _squash(text: str) -> str:
    """Collapse runs of whitespace (tabs, doubled spaces) into single spaces."""
    return SPACES_RE.sub(" ", text).strip()


def clean_paragraph(line: str) -> str:
    """Clean one guidance paragraph: markdown-like residue, broken bullets, doubled spaces."""
    text = line.strip()
    text = MD_LINK_RE.sub(r"\1", text)
    text = text.replace("**", "")
    text = MD_EMPHASIS_RE.sub(r"\1", text)
    # "- 1. Have we ...?" is a numbered item that the extraction also turned into a bullet.
    numbered = re.match(r"^-\s+(\d+\.\s.*)$", text)
    if numbered:
        text = numbered.group(1)
    elif text.startswith("- "):
        text = "• " + text[2:]
    return _squash(text)


def _is_plural_possessive(text: str, index: int) -> bool:
    """True for the apostrophe of "users' needs": an s, the mark, a space and a letter."""
    return index > 0 and text[index - 1] == "s" and re.match(r"' [^\W\d_]", text[index:]) is not None


def repair_quotes(text: str) -> tuple[str, str | None]:
    """Fix a stray, unbalanced straight quote at either end of a bullet.

    Returns the repaired text and the kind of repair (None when nothing changed):
    ``STRAY_LEADING_QUOTE`` or ``RESTORED_OPENING_QUOTE``.
    Two artefacts occur in the seed: a bullet glyph extracted as a leading quote mark (every
    indicator of one sheet starts with "'"), and an opening quote lost beside the bullet glyph
    ("Open accounting' rules applied ..."). Word-internal apostrophes and plural possessives
    ("partners' priorities") are never treated as quotes.
    """
    if text.startswith("'"):
        closing = [m.start() for m in CLOSING_QUOTE_RE.finditer(text, 1) if not _is_plural_possessive(text, m.start())]
        if not closing:
            return text[1:], STRAY_LEADING_QUOTE
        return text, None
    for match in CLOSING_QUOTE_RE.finditer(text):
        index = match.start()
        if _is_plural_possessive(text, index):
            continue
        if "'" not in text[:index] and LEFT_QUOTE not in text[:index]:
            # The quotation has no opening mark; the extraction dropped it next to the bullet glyph.
            return "'" + text, RESTORED_OPENING_QUOTE
        break
    return text, None


def split_bullets(cell: str) -> list[str]:
    """Split a grid cell holding an HTML list of ■ / ✓ bullets into clean strings."""
    text = UL_TAG_RE.sub(" ", cell)
    return [_squash(part) for part in BULLET_GLYPHS_RE.split(text) if part.strip()]


# --------------------------------------------------------------------------------------------------
# Seed navigation


class Seed:
    """The seed's lines with helpers to find headings and read tab-separated rows."""

    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").split("\n")

    def find(self, heading: str, start: int = 0) -> int:
        """Index of the first line equal to ``heading`` (ignoring trailing tabs/spaces) from ``start``."""
        for i in range(start, len(self.lines)):
            if self.lines[i].rstrip() == heading:
                return i
        raise SeedError(f"heading {heading!r} not found after line {start + 1}")

    def find_prefix(self, prefix: str, start: int = 0) -> int:
        for i in range(start, len(self.lines)):
            if self.lines[i].startswith(prefix):
                return i
        raise SeedError(f"no line starting {prefix!r} after line {start + 1}")

    def paragraphs(self, start: int, end: int) -> list[str]:
        """Non-blank lines in [start, end), each one paragraph."""
        return [line for line in self.lines[start:end] if line.strip()]

    @staticmethod
    def cells(line: str) -> list[str]:
        return line.rstrip("\n").split("\t")


# --------------------------------------------------------------------------------------------------
# Parsing


def _parse_grid(seed: Seed, start: int) -> tuple[list[str], list[dict[str, Any]]]:
    """The self-assessment grids: level names and, per driver, its 5 element rows."""
    level_names: list[str] | None = None
    grids: list[dict[str, Any]] = []
    cursor = start
    for driver_id, driver_title, _slugs in DRIVERS:
        at = seed.find(driver_title, cursor)
        header = seed.cells(seed.lines[at + 1])
        if header[0] != "Elements":
            raise SeedError(f"line {at + 2}: expected the 'Elements' header of the {driver_title} grid")
        names = [_squash(h.replace(">", "")) for h in header[1 : 1 + LEVEL_COUNT]]
        if level_names is None:
            level_names = names
        elif names != level_names:
            raise SeedError(f"line {at + 2}: level names {names} differ from {level_names}")
        rows = []
        for offset in range(ELEMENTS_PER_DRIVER):
            lineno = at + 2 + offset
            cells = seed.cells(seed.lines[lineno])
            if len(cells) < 2 + LEVEL_COUNT + 1:
                raise SeedError(f"line {lineno + 1}: grid row has {len(cells)} cells")
            page_text = cells[2 + LEVEL_COUNT].strip()
            rows.append(
                {
                    "title": _squash(cells[0]),
                    "descriptors": [_squash(c) for c in cells[1 : 1 + LEVEL_COUNT]],
                    "page": int(page_text) if page_text else None,
                    "line": lineno + 1,
                }
            )
        total = seed.lines[at + 2 + ELEMENTS_PER_DRIVER]
        if not total.startswith("Total score for this Driver"):
            raise SeedError(f"line {at + 3 + ELEMENTS_PER_DRIVER}: expected the driver total row, got {total!r}")
        grids.append({"id": driver_id, "title": driver_title, "rows": rows})
        cursor = at + 3 + ELEMENTS_PER_DRIVER
    assert level_names is not None
    return level_names, grids


def _parse_final_scores(seed: Seed, level_names: list[str]) -> tuple[dict[str, Any], dict[str, list[list[int]]], int]:
    """ "The final scores": headings, instructions, the thresholds table and the paragraphs after it."""
    at = seed.find("The final scores")
    instructions_at = seed.find_prefix("Now enter the scores", at)
    table_at = seed.find_prefix("Date completed:", instructions_at)
    # "Date completed:<tab><tab>Score thresholds": the heading spans the four level columns.
    above = [c for c in seed.cells(seed.lines[table_at])[1:] if c.strip()]
    if len(above) != 1:
        raise SeedError(f"line {table_at + 1}: expected one heading above the thresholds, got {above!r}")
    thresholds_heading = _squash(above[0])
    header = seed.cells(seed.lines[table_at + 1])
    if header[0] != "Driver" or [_squash(h) for h in header[2 : 2 + LEVEL_COUNT]] != level_names:
        raise SeedError(f"line {table_at + 2}: unexpected final scores header {header!r}")
    thresholds: dict[str, list[list[int]]] = {}
    for offset, (driver_id, driver_title, _slugs) in enumerate(DRIVERS):
        lineno = table_at + 2 + offset
        cells = seed.cells(seed.lines[lineno])
        if cells[0].strip() != driver_title:
            raise SeedError(f"line {lineno + 1}: expected thresholds for {driver_title!r}, got {cells[0]!r}")
        bands = []
        for cell in cells[2 : 2 + LEVEL_COUNT]:
            match = RANGE_RE.match(cell.strip())
            if not match:
                raise SeedError(f"line {lineno + 1}: cannot read threshold range {cell!r}")
            bands.append([int(match.group(1)), int(match.group(2))])
        thresholds[driver_id] = bands
    after_table = table_at + 2 + len(DRIVERS)
    final_scores = {
        "title": seed.lines[at].strip(),
        "instructions": clean_paragraph(seed.lines[instructions_at]),
        "score_heading": _squash(header[1]),
        "thresholds_heading": thresholds_heading,
        "target_heading": _squash(header[2 + LEVEL_COUNT]),
    }
    return final_scores, thresholds, after_table


def _sheet_title_re() -> re.Pattern[str]:
    titles = "|".join(re.escape(title) for _id, title, _slugs in DRIVERS)
    # Split on the first " <en dash> " only: several sheet titles contain a dash of their own
    # ("flexibility of resources <en dash> adaptability, versatility").
    return re.compile(rf"^({titles}) {EN_DASH} (.+?)\s*$")


def _parse_sheets(seed: Seed, start: int, end: int) -> list[dict[str, Any]]:
    """Every detailed sheet between ``start`` and ``end``, in seed order (duplicates included)."""
    title_re = _sheet_title_re()
    sheets: list[dict[str, Any]] = []
    i = start
    while i < end:
        match = title_re.match(seed.lines[i])
        if not match:
            i += 1
            continue
        sheet: dict[str, Any] = {
            "driver_title": match.group(1),
            "title": _squash(match.group(2)),
            "line": i + 1,
            "statements": None,
            "indicators": None,
            "approaches": None,
            "raw": [seed.lines[i]],
        }
        j = i + 1
        while j < end and seed.lines[j].strip():
            line = seed.lines[j]
            sheet["raw"].append(line)
            cells = seed.cells(line)
            label = cells[0].strip()
            values = (cells[1 : 1 + LEVEL_COUNT] + [""] * LEVEL_COUNT)[:LEVEL_COUNT]
            if label == "" and cells[1].strip() == "Level 1":
                pass  # the "Level 1 ... Level 4 / Score" header row
            elif label == "":
                sheet["statements"] = [_squash(v) for v in values]
            elif label == "Indicator":
                sheet["indicators"] = [split_bullets(v) for v in values]
            elif label == "Approaches to change":
                sheet["approaches"] = [split_bullets(v) for v in values]
            else:
                raise SeedError(f"line {j + 1}: unexpected row {label!r} in sheet {sheet['title']!r}")
            j += 1
        sheets.append(sheet)
        i = j
    return sheets


def _normalise_title(title: str) -> str:
    return _squash(title.lower().replace(RIGHT_QUOTE, "'"))


def _dedupe_sheets(sheets: list[dict[str, Any]], log: list[str]) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """Drop repeated sheets (same driver and title); return kept sheets and notes keyed by kept index."""
    kept: list[dict[str, Any]] = []
    notes: dict[int, list[str]] = {}
    for sheet in sheets:
        key = (sheet["driver_title"], _normalise_title(sheet["title"]))
        previous = next(
            (k for k, s in enumerate(kept) if (s["driver_title"], _normalise_title(s["title"])) == key), None
        )
        if previous is None:
            kept.append(sheet)
            continue
        first = kept[previous]
        differences = _describe_differences(first, sheet)
        where = f"lines {first['line']} and {sheet['line']}"
        if not differences:
            note = "The seed repeats this detailed sheet word for word; it is kept once."
            log.append(f"duplicate sheet {sheet['title']!r} ({where}): identical, kept once")
        else:
            # Keep the later copy. In the seed the only difference is "Sign up" (first copy) against
            # "Sign-up" (second copy) in a list of noun phrases, and the workbook elsewhere writes the
            # noun with a hyphen ("Partner sign-up to new proposals", "Broad 'sign-up'").
            note = (
                "The seed repeats this detailed sheet; the second copy is kept. "
                f"The two copies differ only in {'; '.join(differences)}."
            )
            log.append(f"duplicate sheet {sheet['title']!r} ({where}): kept the second copy; {differences}")
            kept[previous] = sheet
        notes.setdefault(previous, []).append(note)
    return kept, notes


def _describe_differences(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """Where and how two copies of a sheet differ, word by word, e.g. 'the Level 4 indicators ("a" / "b")'."""
    out = []
    for field, label in (("statements", "statement"), ("indicators", "indicators"), ("approaches", "approaches")):
        a_levels, b_levels = first[field] or [], second[field] or []
        for n in range(max(len(a_levels), len(b_levels))):
            a_value = a_levels[n] if n < len(a_levels) else ""
            b_value = b_levels[n] if n < len(b_levels) else ""
            a = " ".join(a_value if isinstance(a_value, list) else [a_value]).split()
            b = " ".join(b_value if isinstance(b_value, list) else [b_value]).split()
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag != "equal":
                    out.append(
                        f'the Level {n + 1} {label}: "{" ".join(a[i1:i2])}" in the first copy, '
                        f'"{" ".join(b[j1:j2])}" in the second'
                    )
    return out


def _clean_bullets(items: list[str], where: str, log: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Apply quote repairs to a list of bullets; return the cleaned list and (repair, original bullet) pairs."""
    cleaned = []
    repairs = []
    for item in items:
        fixed, repair = repair_quotes(item)
        if repair:
            repairs.append((repair, item))
            log.append(f"{where}: {repair}: {item!r} -> {fixed!r}")
        cleaned.append(fixed)
    return cleaned, repairs


def _build_detail(
    driver_id: str, row: dict[str, Any], sheet: dict[str, Any], extra_notes: list[str], log: list[str]
) -> dict[str, Any]:
    notes: list[str] = []
    grid_title_norm = _normalise_title(row["title"])
    if _normalise_title(sheet["title"]) != grid_title_norm:
        notes.append(
            f'The detailed sheet is titled "{sheet["title"]}"; the self-assessment grid calls this element '
            f'"{row["title"]}". Both titles are kept.'
        )
    notes.extend(extra_notes)
    statements = sheet["statements"] or [""] * LEVEL_COUNT
    indicators = sheet["indicators"]
    approaches = sheet["approaches"]
    if sheet["statements"] is None:
        notes.append("The detailed sheet has no level statements; the grid's descriptors are used.")
    if indicators is None:
        notes.append("The detailed sheet has no Indicator row, so no indicators are given for any level.")
        indicators = [[] for _ in range(LEVEL_COUNT)]
    if approaches is None:
        notes.append("The detailed sheet has no Approaches to change row, so no approaches are given for any level.")
        approaches = [[] for _ in range(LEVEL_COUNT)]
    fallback_levels = [n for n, text in enumerate(statements, start=1) if not text]
    if fallback_levels and sheet["statements"] is not None:
        present = [n for n in range(1, LEVEL_COUNT + 1) if n not in fallback_levels]
        notes.append(
            f"The detailed sheet gives only the Level {_join_numbers(present)} statement; "
            f"the Level {_join_numbers(fallback_levels)} statements are the self-assessment grid's descriptors."
        )
    levels = []
    repaired: list[tuple[str, str, str]] = []
    for n in range(LEVEL_COUNT):
        where = f"{driver_id} / {sheet['title']} / level {n + 1}"
        level_indicators, fixes_i = _clean_bullets(indicators[n], f"{where} indicators", log)
        level_approaches, fixes_a = _clean_bullets(approaches[n], f"{where} approaches", log)
        repaired += [(fix, f"Level {n + 1} indicators", item) for fix, item in fixes_i]
        repaired += [(fix, f"Level {n + 1} approaches", item) for fix, item in fixes_a]
        level: dict[str, Any] = {"statement": statements[n] or row["descriptors"][n]}
        level["statement_source"] = "sheet" if statements[n] else "grid"
        level["indicators"] = level_indicators
        level["approaches"] = level_approaches
        for kind, items in (("indicators", level_indicators), ("approaches", level_approaches)):
            if not items and (kind == "indicators" and sheet["indicators"] is not None):
                notes.append(f"The detailed sheet lists no indicators for Level {n + 1}.")
            if not items and (kind == "approaches" and sheet["approaches"] is not None):
                notes.append(f"The detailed sheet lists no approaches to change for Level {n + 1}.")
        levels.append(level)
    notes.extend(_summarise_repairs(repaired))
    return {"title": sheet["title"], "levels": levels, "notes": notes}


def _summarise_repairs(repaired: list[tuple[str, str, str]]) -> Iterator[str]:
    """Plain-sentence notes for the quote repairs made on one sheet."""
    stray_places = list(dict.fromkeys(place for kind, place, _ in repaired if kind == STRAY_LEADING_QUOTE))
    if stray_places:
        yield (
            f"In the {_join_places(stray_places)}, the seed starts bullets with a stray quote mark "
            "(an extraction artefact); it was removed wherever no closing quote mark follows."
        )
    for kind, place, original in repaired:
        if kind == RESTORED_OPENING_QUOTE:
            words = " ".join(original.split()[:3])
            yield (
                f'In the {place}, the seed\'s bullet "{words} {ELLIPSIS}" lacks the opening quote mark '
                "of its quotation; it was restored."
            )


def _join_places(places: list[str]) -> str:
    """['Level 1 indicators', 'Level 2 indicators'] -> 'Level 1<en dash>2 indicators'."""
    by_kind: dict[str, list[int]] = {}
    for place in places:
        _level, number, kind = place.split()
        by_kind.setdefault(kind, []).append(int(number))
    return " and ".join(f"Level {_join_numbers(numbers)} {kind}" for kind, numbers in by_kind.items())


def _join_numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}{EN_DASH}{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def _parse_action_planning(seed: Seed, start: int) -> tuple[dict[str, Any], int, int, int]:
    """The action-planning and detailed action-planning sheets' headings and prompts."""
    at = seed.find("Action planning", start)
    header_at = seed.find_prefix("We need to achieve", at)
    headings = [_squash(h) for h in seed.cells(seed.lines[header_at]) if h.strip()]
    if len(headings) != len(ACTION_COLUMN_KEYS):
        raise SeedError(f"line {header_at + 1}: expected {len(ACTION_COLUMN_KEYS)} action columns, got {headings}")
    detailed_at = seed.find("Detailed action planning", header_at)
    delivery_at = seed.find("Delivery plan", detailed_at)
    detailed_lines = seed.paragraphs(detailed_at + 1, delivery_at)
    intro, field_lines = detailed_lines[0], detailed_lines[1:]
    if len(field_lines) != len(DETAILED_FIELD_KEYS):
        raise SeedError(f"line {detailed_at + 1}: expected {len(DETAILED_FIELD_KEYS)} detailed fields")
    fields = []
    for key, line in zip(DETAILED_FIELD_KEYS, field_lines, strict=True):
        # "Heading: prompt", except "What will really make the difference? What is ..." whose heading
        # is itself a question; split at whichever separator comes first.
        match = re.match(r"^(.+?)(?::\s|(?<=\?)\s)(.+)$", line.strip())
        if not match:
            raise SeedError(f"cannot split detailed field {line!r} into heading and prompt")
        fields.append({"key": key, "heading": _squash(match.group(1)), "prompt": _squash(match.group(2))})
    delivery_header_at = next(i for i in range(delivery_at + 1, len(seed.lines)) if seed.lines[i].strip())
    delivery = [_squash(h) for h in seed.cells(seed.lines[delivery_header_at]) if h.strip()]
    if len(delivery) != len(DELIVERY_COLUMN_KEYS):
        raise SeedError(f"line {delivery_header_at + 1}: expected {len(DELIVERY_COLUMN_KEYS)} delivery columns")
    action_planning = {
        "title": seed.lines[at].strip(),
        "columns": [{"key": k, "heading": h, "prompt": ""} for k, h in zip(ACTION_COLUMN_KEYS, headings, strict=True)],
        "detailed_title": seed.lines[detailed_at].strip(),
        "detailed_intro": _squash(intro),
        "detailed_fields": fields,
        "delivery_plan_title": seed.lines[delivery_at].strip(),
        "delivery_plan_columns": [
            {"key": k, "heading": h, "prompt": ""} for k, h in zip(DELIVERY_COLUMN_KEYS, delivery, strict=True)
        ],
    }
    return action_planning, at, detailed_at, delivery_at


def _guidance(
    seed: Seed,
    final_scores_span: tuple[int, int],
    action_notes_span: tuple[int, int],
    detailed_span: tuple[int, int],
    log: list[str],
) -> list[dict[str, Any]]:
    sections = []
    for section_id, title, first, until in GUIDANCE_SPANS:
        # Search after the table of contents, whose lines carry page numbers after a tab.
        begin = seed.find(first, seed.find("Foreword"))
        end = seed.find(until, begin + 1)
        paragraphs = []
        for line in seed.paragraphs(begin + 1, end):
            text = clean_paragraph(line)
            if DIAGRAM_CAPTION_RE.match(text):
                log.append(f"guidance {section_id}: dropped diagram caption {text!r}")
                continue
            if text:
                paragraphs.append(text)
        sections.append({"id": section_id, "title": title, "paragraphs": paragraphs})
    spans = [
        ("final-scores", "The final scores", final_scores_span),
        ("action-planning", "Action planning", action_notes_span),
        ("detailed-action-planning", "Detailed action planning", detailed_span),
    ]
    for section_id, title, (begin, end) in spans:
        paragraphs = [clean_paragraph(line) for line in seed.paragraphs(begin, end)]
        if not paragraphs:
            raise SeedError(f"guidance section {section_id!r} is empty (lines {begin + 1}-{end})")
        sections.append({"id": section_id, "title": title, "paragraphs": paragraphs})
    return sections


def _source(seed: Seed) -> str:
    copyright_line = seed.lines[seed.find_prefix("© Crown copyright")].strip()
    written_at = seed.find_prefix("Written for the Department of Health by")
    authors = []
    k = written_at + 1
    while seed.lines[k].strip():
        authors.append(seed.lines[k].strip())
        k += 1
    published = seed.lines[seed.find_prefix("First published")].strip()
    return f"{copyright_line}. {seed.lines[written_at].strip()} {'; '.join(authors)}. {published}."


def extract(seed_text: str) -> tuple[dict[str, Any], list[str]]:
    """Parse the seed text; return the framework as plain data and a log of every quirk handled."""
    seed = Seed(seed_text)
    log: list[str] = []

    title = seed.lines[seed.find("A Catalyst for Change...")].strip()
    subtitle = seed.lines[seed.find_prefix("Driving Change in the Strategic Commissioning")].strip()

    site_at = seed.find("Site expertise", seed.find("Foreword"))
    grid_start = seed.find_prefix("Date completed:", site_at)
    level_names, grids = _parse_grid(seed, grid_start)

    level_descriptions: list[str] = []
    for n in range(1, LEVEL_COUNT + 1):
        line = seed.lines[seed.find_prefix(f"Level {n}. ", site_at)]
        level_descriptions.append(_squash(line[len(f"Level {n}. ") :]))

    final_scores, thresholds, after_table = _parse_final_scores(seed, level_names)
    first_sheet = next(i for i in range(after_table, len(seed.lines)) if _sheet_title_re().match(seed.lines[i]))
    action_planning, action_at, detailed_at, delivery_at = _parse_action_planning(seed, first_sheet)
    # The notes that introduce the action plan sit between the last detailed sheet and the
    # "Action planning" heading ("Keep this section simple and achievable ...").
    sheets_end = action_at
    while sheets_end > first_sheet and not seed.lines[sheets_end - 1].startswith("Approaches to change"):
        sheets_end -= 1
    sheets = _parse_sheets(seed, first_sheet, sheets_end)
    sheets, duplicate_notes = _dedupe_sheets(sheets, log)

    drivers = []
    for grid, (driver_id, driver_title, slugs) in zip(grids, DRIVERS, strict=True):
        driver_sheets = [(k, s) for k, s in enumerate(sheets) if s["driver_title"] == driver_title]
        if len(driver_sheets) != ELEMENTS_PER_DRIVER:
            raise SeedError(
                f"{driver_title}: found {len(driver_sheets)} detailed sheets, expected {ELEMENTS_PER_DRIVER}"
            )
        elements = []
        # Sheets are matched to grid rows by their order within the driver; the match is then
        # verified by title similarity (reported by main()).
        for row, slug, (k, sheet) in zip(grid["rows"], slugs, driver_sheets, strict=True):
            detail = _build_detail(driver_id, row, sheet, duplicate_notes.get(k, []), log)
            elements.append(
                {
                    "id": f"{driver_id}.{slug}",
                    "title": row["title"],
                    "descriptors": row["descriptors"],
                    "page": row["page"],
                    "detail": detail,
                }
            )
        drivers.append(
            {"id": driver_id, "title": driver_title, "elements": elements, "thresholds": thresholds[driver_id]}
        )

    data: dict[str, Any] = {
        "id": FRAMEWORK_ID,
        "title": title,
        "subtitle": subtitle,
        "source": _source(seed),
        "levels": [
            {"number": n, "name": name, "description": description}
            for n, (name, description) in enumerate(zip(level_names, level_descriptions, strict=True), start=1)
        ],
        "drivers": drivers,
        "final_scores": final_scores,
        "action_planning": action_planning,
        "guidance": _guidance(
            seed,
            final_scores_span=(after_table, first_sheet),
            action_notes_span=(sheets_end, action_at),
            detailed_span=(detailed_at + 1, delivery_at),
            log=log,
        ),
    }
    return data, log


def render(data: dict[str, Any]) -> str:
    """The exact text written to the content file."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def title_table(data: dict[str, Any]) -> list[tuple[str, str, str, float]]:
    """(element id, grid title, sheet title, similarity) for every element, to verify the matching."""
    rows = []
    for driver in data["drivers"]:
        for element in driver["elements"]:
            grid, sheet = element["title"], element["detail"]["title"]
            ratio = difflib.SequenceMatcher(None, _normalise_title(grid), _normalise_title(sheet)).ratio()
            rows.append((element["id"], grid, sheet, ratio))
    return rows


def _validate(data: dict[str, Any]) -> None:
    """Validate against the app's schema when it is importable (it is in a source checkout)."""
    sys.path.insert(0, str(REPO_ROOT / "src"))
    try:
        from jcs_desktop.content.schema import Framework
    except ImportError as exc:  # pragma: no cover - only without the app's dependencies
        print(f"note: schema not importable ({exc}); output not validated", file=sys.stderr)
        return
    Framework.model_validate(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED, help="seed text file")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="JSON file to write")
    args = parser.parse_args(argv)

    try:
        data, log = extract(args.seed.read_text(encoding="utf-8"))
    except (OSError, SeedError) as exc:
        print(f"error: {args.seed}: {exc}", file=sys.stderr)
        return 1
    _validate(data)

    print("Grid title vs detailed-sheet title (sheets matched by order within each driver):")
    differ = weak = 0
    for element_id, grid, sheet, ratio in title_table(data):
        flag = "  "
        if _normalise_title(grid) != _normalise_title(sheet):
            flag, differ = "!=", differ + 1
        if ratio < 0.6:
            flag, weak = "??", weak + 1
        print(f"  {flag} {ratio:4.2f}  {element_id:45} grid:  {grid}")
        if flag != "  ":
            print(f"{'':57}sheet: {sheet}")
    if differ:
        print(f"WARNING: {differ} detailed sheet title(s) differ from the grid (both kept; see detail.notes)")
    if weak:
        # A poor match means the sheets are not in grid order, so matching by order would pair the
        # wrong texts: refuse to write rather than publish mismatched content.
        print(f"error: {weak} sheet(s) match their grid row poorly; check the order of the sheets", file=sys.stderr)
        return 1
    print("Quirks handled:")
    for entry in log:
        print(f"  - {entry}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(data), encoding="utf-8", newline="\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
