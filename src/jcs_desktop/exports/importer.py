"""Import filled Excel entry templates: check everything first, then write all or nothing.

``preview_import`` reads a file and lists EVERY problem it finds (wrong template,
unknown participant, a value outside 1–4, a duplicate or missing element row,
a formula, a damaged or non-Excel file) with the sheet and cell, together with the
scores it would write. ``apply_import`` writes those scores in one transaction, and
refuses a preview that has problems. Nothing here raises on a bad file: a file that
cannot be read at all is one problem in the preview.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.exports.template_spec import (
    ELEMENT_ID_HEADING,
    FIRST_SCORE_COLUMN,
    MAX_COLUMNS,
    MAX_ROWS,
    META_SHEET,
    NOT_SURE_WORDS,
    PARTICIPANT_ID_LABEL,
    SCORES_SHEET,
    TEMPLATE_KIND,
    TEMPLATE_VERSION,
)
from jcs_desktop.services.base import ServiceError


@dataclass(frozen=True)
class ImportProblem:
    where: str
    """Sheet and cell (e.g. "Scores!E9"), or the file name when it concerns the whole file."""
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ImportPreview:
    workshop_id: int
    path: Path
    problems: tuple[ImportProblem, ...]
    scores: Mapping[int, Mapping[str, Score]] = field(default_factory=dict)
    """participant id -> element id -> score that the import would write."""
    names: Mapping[int, str] = field(default_factory=dict)
    changes: int = 0
    """How many of the scores differ from what is stored now."""
    replaced: int = 0
    """How many of those replace an existing, different score (rather than fill a blank)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.scores.values())

    def summary(self) -> str:
        if self.problems:
            n = len(self.problems)
            return f"{n} problem{'s' if n != 1 else ''} found in {self.path.name}: nothing will be imported."
        people = len(self.scores)
        text = f"{self.count} scores for {people} participant{'s' if people != 1 else ''}"
        if self.replaced:
            text += f"; {self.replaced} replace a different score already entered"
        unchanged = self.count - self.changes
        if unchanged:
            text += f"; {unchanged} are the same as already entered"
        return text + "."


@dataclass(frozen=True)
class ImportResult:
    written: int
    participants: int
    previous: Mapping[int, Mapping[str, Score]]
    """What the import replaced, in the shape ``ScoreService.import_scores`` takes (for undo)."""


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else None


def _open(path: Path, problems: list[ImportProblem]):
    where = path.name
    if not path.is_file():
        problems.append(ImportProblem(where, "the file does not exist"))
        return None
    if not zipfile.is_zipfile(path):
        problems.append(ImportProblem(where, "this is not an Excel workbook (.xlsx); save the template as .xlsx"))
        return None
    try:
        from openpyxl import load_workbook

        return load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files; none is a bug of ours
        reason = str(exc).strip() or type(exc).__name__
        problems.append(
            ImportProblem(where, f"this workbook cannot be read (damaged or not an entry template): {reason}")
        )
        return None


def _read_meta(wb, where: str, problems: list[ImportProblem]) -> dict | None:
    if META_SHEET not in wb.sheetnames:
        problems.append(ImportProblem(where, "wrong template: this is not a JCS Desktop score entry template"))
        return None
    ws = wb[META_SHEET]
    meta: dict[str, object] = {}
    row = 1
    while row < 50 and _text(ws.cell(row, 1).value):
        meta[_text(ws.cell(row, 1).value)] = ws.cell(row, 2).value
        row += 1
    if meta.get("kind") != TEMPLATE_KIND:
        problems.append(ImportProblem(where, "wrong template: this is not a JCS Desktop score entry template"))
        return None
    version = _as_int(meta.get("version"))
    if version is None or version > TEMPLATE_VERSION:
        problems.append(
            ImportProblem(
                where,
                f"wrong template: version {meta.get('version')!r} is newer than this "
                "application understands; update JCS Desktop",
            )
        )
        return None
    return meta


def preview_import(services, workshop_id: int, path: str | Path) -> ImportPreview:
    """Read ``path`` and check it against the workshop; write nothing."""
    path = Path(path)
    problems: list[ImportProblem] = []
    fw = services.framework
    workshop = services.workshops.get(workshop_id)

    def done(**kw) -> ImportPreview:
        return ImportPreview(workshop_id, path, tuple(problems), **kw)

    wb = _open(path, problems)
    if wb is None:
        return done()
    where = path.name
    meta = _read_meta(wb, where, problems)
    if meta is None:
        return done()
    if _as_int(meta.get("workshop_id")) != workshop_id:
        title = _text(meta.get("workshop_title")) or "another workshop"
        problems.append(
            ImportProblem(
                where,
                f"wrong template: it was made for '{title}' (workshop "
                f"{meta.get('workshop_id')}), not for '{workshop.title}' ({workshop_id})",
            )
        )
    if _text(meta.get("framework_id")) != fw.id:
        problems.append(
            ImportProblem(where, f"wrong template: it is for the framework {meta.get('framework_id')!r}, not {fw.id!r}")
        )
    if SCORES_SHEET not in wb.sheetnames:
        problems.append(ImportProblem(where, f"the sheet '{SCORES_SHEET}' is missing"))
    if problems:
        return done()

    ws = wb[SCORES_SHEET]
    sheet = SCORES_SHEET
    header = next((r for r in range(1, 40) if _text(ws.cell(r, 1).value) == ELEMENT_ID_HEADING), None)
    if header is None or _text(ws.cell(header - 1, 1).value) != PARTICIPANT_ID_LABEL:
        problems.append(
            ImportProblem(
                sheet,
                f"the header row ('{ELEMENT_ID_HEADING}' in column A, with the "
                "participant ids above it) is missing; use an unaltered template",
            )
        )
        return done()

    people = {p.id: p for p in services.participants.list(workshop_id)}
    columns: dict[int, int] = {}  # column -> participant id
    seen_people: dict[int, int] = {}
    last_col = min(ws.max_column, MAX_COLUMNS)
    for col in range(FIRST_SCORE_COLUMN, last_col + 1):
        raw_id = ws.cell(header - 1, col).value
        name = _text(ws.cell(header, col).value)
        if raw_id is None and not name:
            continue
        ref = f"{sheet}!{_col(col)}{header}"
        pid = _as_int(raw_id)
        if pid is None or pid not in people:
            label = f"'{name}' (id {_text(raw_id) or 'missing'})" if name else f"id {_text(raw_id)}"
            problems.append(
                ImportProblem(
                    ref,
                    f"unknown participant {label}: not a participant of this workshop "
                    "(add them on the Prepare step first, or remove the column)",
                )
            )
            continue
        if pid in seen_people:
            problems.append(
                ImportProblem(ref, f"{people[pid].display_name} has two columns (also column {_col(seen_people[pid])})")
            )
            continue
        seen_people[pid] = col
        columns[col] = pid

    elements = {e.id: e for d in fw.drivers for e in d.elements}
    k = fw.level_count
    rows_of: dict[str, int] = {}
    scores: dict[int, dict[str, Score]] = {}
    last_row = min(ws.max_row, header + MAX_ROWS)
    for row in range(header + 1, last_row + 1):
        eid = _text(ws.cell(row, 1).value)
        values = {col: ws.cell(row, col) for col in columns}
        has_values = any(_text(c.value) for c in values.values())
        if not eid:
            if has_values:
                problems.append(ImportProblem(f"{sheet}!A{row}", "scores in a row without an element id"))
            continue
        if eid not in elements:
            problems.append(ImportProblem(f"{sheet}!A{row}", f"unknown element {eid!r}"))
            continue
        if eid in rows_of:
            problems.append(
                ImportProblem(
                    f"{sheet}!A{row}",
                    f"duplicate element: '{elements[eid].title}' appears in rows {rows_of[eid]} and {row}",
                )
            )
            continue
        rows_of[eid] = row
        title = elements[eid].title
        for col, cell in values.items():
            pid = columns[col]
            ref = f"{sheet}!{_col(col)}{row}"
            who = f"{people[pid].display_name}, {title}"
            if cell.data_type == "f":
                problems.append(ImportProblem(ref, f"{who}: a formula, not a score; type the level itself"))
                continue
            value = cell.value
            text = _text(value)
            if not text:
                continue
            if text.casefold() in NOT_SURE_WORDS:
                scores.setdefault(pid, {})[eid] = NOT_SURE
                continue
            level = _as_int(value)
            if level is None:
                if isinstance(value, float) or _is_number(text):
                    problems.append(ImportProblem(ref, f"{who}: {text} is not a whole level 1–{k}"))
                else:
                    problems.append(ImportProblem(ref, f"{who}: {text!r} is not a level 1–{k} or 'not sure'"))
            elif not 1 <= level <= k:
                problems.append(ImportProblem(ref, f"{who}: {level} is outside 1–{k}"))
            else:
                scores.setdefault(pid, {})[eid] = level
    for eid, element in elements.items():
        if eid not in rows_of:
            problems.append(ImportProblem(sheet, f"missing element: the row for '{element.title}' ({eid}) is missing"))
    if not problems and not scores:
        problems.append(ImportProblem(sheet, "no scores are filled in: there is nothing to import"))

    current = services.scores.scores_for_workshop(workshop_id)
    changes = replaced = 0
    for pid, values in scores.items():
        for eid, value in values.items():
            before = current.get(pid, {}).get(eid)
            if before != value:
                changes += 1
                if before is not None:
                    replaced += 1
    names = {pid: people[pid].display_name for pid in scores}
    return done(scores=scores, names=names, changes=changes, replaced=replaced)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def apply_import(services, preview: ImportPreview) -> ImportResult:
    """Write the previewed scores in one transaction; refuse a preview with problems."""
    if preview.problems:
        raise ServiceError(f"{len(preview.problems)} problems in {preview.path.name}: nothing was imported")
    values = {pid: dict(v) for pid, v in preview.scores.items()}
    previous = services.scores.import_scores(preview.workshop_id, values)
    return ImportResult(written=preview.count, participants=len(values), previous=previous)
