"""Import filled Excel entry templates: check everything first, then write all or nothing.

``preview_import`` reads a file (``template_reader``, the slow part, no database) and
checks it against the workshop (``check_template``, fast). It lists EVERY problem it
finds (a template of another workshop or another database, a participant whose name
differs, a value outside 1–4, a duplicate or missing element row, a formula, a damaged,
oversized or non-Excel file) with the sheet and cell, together with the scores it would
write and how complete each participant is. ``apply_import`` writes those scores in one
transaction, and refuses a preview that has problems. Nothing here raises on a bad
file: a file that cannot be read at all is one problem in the preview.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.exports.template_reader import Cell, Progress, TemplateFile, read_template
from jcs_desktop.exports.template_spec import (
    ELEMENT_ID_HEADING,
    FIRST_SCORE_COLUMN,
    KNOWN_VERSIONS,
    NOT_SURE_LEVEL,
    NOT_SURE_WORDS,
    PARTICIPANT_ID_LABEL,
    SCORES_SHEET,
    TEMPLATE_KIND,
)
from jcs_desktop.services.base import ServiceError
from jcs_desktop.services.changes import Changes

_INTEGER = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_NUMBER = re.compile(r"[+-]?([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_UUID = re.compile(r"[0-9a-f]{32}", re.ASCII)
_HEADER_SEARCH_ROWS = 40


@dataclass(frozen=True)
class ImportProblem:
    where: str
    """Sheet and cell (e.g. "Scores!E9"), or the file name when it concerns the whole file."""
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class PersonCount:
    """How complete one participant's column is: "29 of 30"."""

    participant_id: int
    name: str
    filled: int
    total: int
    missing: tuple[str, ...] = ()
    """Titles of the elements left blank, in workbook order."""

    @property
    def complete(self) -> bool:
        return self.filled == self.total

    def __str__(self) -> str:
        text = f"{self.name}: {self.filled} of {self.total}"
        if self.missing and len(self.missing) <= 3:
            text += " (blank: " + "; ".join(self.missing) + ")"
        elif self.missing:
            text += f" ({len(self.missing)} blank)"
        return text


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
    people: tuple[PersonCount, ...] = ()
    """Every participant column of the file, in the file's order, with how much is filled in."""
    warnings: tuple[str, ...] = ()
    """Worth knowing, but no reason to refuse (an older template, people without a column)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.scores.values())

    @property
    def incomplete(self) -> tuple[PersonCount, ...]:
        return tuple(p for p in self.people if not p.complete)

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
        if self.incomplete:
            n = len(self.incomplete)
            text += f"; {n} participant{'s are' if n != 1 else ' is'} incomplete"
        return text + "."


@dataclass(frozen=True)
class ImportResult:
    written: int
    participants: int
    previous: Mapping[int, Mapping[str, Score]]
    """What the import replaced, in the shape ``ScoreService.import_scores`` takes (for undo)."""


# -- reading cell values safely --------------------------------------------------------------------


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(min(max(index, 1), 16384))


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        return str(value).strip()
    except ValueError:  # an integer too long for Python's int-to-text limit
        return "(a number too long to show)"


def _show(text: str, limit: int = 40) -> str:
    """Cell text fit to quote in a message: one line, not too long, no control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_int(value: object) -> int | None:
    """A whole number typed as a number or as plain ASCII digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() and abs(value) < 1e15 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def _is_number(text: str) -> bool:
    """ASCII digits only: float() also takes '٣', which nobody types for a level here."""
    return _NUMBER.fullmatch(text) is not None


def _uuid(value: object) -> str | None:
    text = _text(value).replace("-", "").replace("{", "").replace("}", "").lower()
    return text if _UUID.fullmatch(text) else None


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split()).casefold()

    return norm(a) == norm(b)


def _date_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value)[:10])
        except ValueError:
            return "no date"
    return f"{value.day} {value:%b %Y}"


# -- the check ---------------------------------------------------------------------------------------


def preview_import(services, workshop_id: int, path: str | Path, progress: Progress | None = None) -> ImportPreview:
    """Read ``path`` and check it against the workshop; write nothing."""
    return check_template(services, workshop_id, read_template(path, progress))


def check_template(services, workshop_id: int, data: TemplateFile) -> ImportPreview:
    """Check a read template against the workshop's current state; write nothing."""
    return _Check(services, workshop_id, data).run()


class _Check:
    def __init__(self, services, workshop_id: int, data: TemplateFile) -> None:
        self.services = services
        self.fw = services.framework
        self.workshop = services.workshops.get(workshop_id)
        self.data = data
        self.problems: list[ImportProblem] = []
        self.warnings: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(ImportProblem(where, message))

    def done(self, **kw) -> ImportPreview:
        return ImportPreview(
            self.workshop.id, self.data.path, tuple(self.problems), warnings=tuple(self.warnings), **kw
        )

    def run(self) -> ImportPreview:
        data, where = self.data, self.data.path.name
        if data.problem:
            self.problem(where, data.problem)
            return self.done()
        meta = self.read_meta()
        if meta is None:
            return self.done()
        version = meta["version"]
        self.check_workshop(meta, version)
        if _text(meta.get("framework_id")) != self.fw.id:
            self.problem(
                where,
                f"wrong template: it is for the framework '{_show(_text(meta.get('framework_id')))}', "
                f"not '{self.fw.id}'",
            )
        if SCORES_SHEET not in data.sheetnames:
            self.problem(where, f"the sheet '{SCORES_SHEET}' is missing; use an unaltered template")
        if self.problems:
            return self.done()
        return self.check_scores(version)

    # -- the metadata sheet ----------------------------------------------------------------------------

    def read_meta(self) -> dict | None:
        where = self.data.path.name
        wrong = "wrong template: this is not a JCS Desktop score entry template"
        if not self.data.meta:
            self.problem(where, wrong)
            return None
        meta: dict[str, object] = {}
        cells = self.data.meta
        row = 1
        while row < 50 and _text(_value(cells, row, 1)):
            meta[_text(_value(cells, row, 1))] = _value(cells, row, 2)
            row += 1
        if meta.get("kind") != TEMPLATE_KIND:
            self.problem(where, wrong)
            return None
        raw = meta.get("version")
        version = _as_int(raw)
        if version not in KNOWN_VERSIONS:
            if version is not None and version > max(KNOWN_VERSIONS):
                text = f"version {version} is newer than this application understands; update JCS Desktop"
            else:
                text = (
                    f"'{_show(_text(raw)) or 'missing'}' is not a version of the entry template this application knows"
                )
            self.problem(where, f"wrong template: {text}")
            return None
        meta["version"] = version
        return meta

    def check_workshop(self, meta: dict, version: int) -> None:
        where = self.data.path.name
        w = self.workshop
        title = _show(_text(meta.get("workshop_title")), 80) or "another workshop"
        made_for = f"workshop '{title}' ({_date_text(meta.get('workshop_date'))})"
        this = f"'{w.title}' ({_date_text(w.date)})"
        if version >= 2:
            theirs = _uuid(meta.get("workshop_uuid"))
            if theirs is None:
                self.problem(where, "the template's workshop identity is missing or damaged; use an unaltered template")
            elif theirs != w.uuid:
                other = self.services.workshops.find_by_uuid(theirs)
                if other is not None:
                    self.problem(
                        where,
                        f"this template was made for workshop '{other.title}' ({_date_text(other.date)}), "
                        f"not {this}: open '{other.title}' and import it there",
                    )
                else:
                    self.problem(where, f"this template was made for {made_for} in another database, not {this}")
            return
        # Version 1 carried only the integer id, which another database may reuse: check the title too.
        if _as_int(meta.get("workshop_id")) != w.id:
            self.problem(
                where,
                f"this template was made for workshop '{title}' (workshop {_show(_text(meta.get('workshop_id')))}), "
                f"not {this}",
            )
        elif not _same_name(_text(meta.get("workshop_title")), w.title):
            self.problem(
                where,
                f"this template was made for workshop '{title}', probably in another database, not {this}; "
                "make a new template from this workshop",
            )
        else:
            self.warnings.append(
                "This template was made by an earlier version of JCS Desktop, which did not record the database "
                "it came from: the workshop was matched by id and title, participants by id and name."
            )

    # -- the scores sheet --------------------------------------------------------------------------------

    def check_scores(self, version: int) -> ImportPreview:
        cells, sheet = self.data.scores, SCORES_SHEET
        header = next(
            (r for r in range(1, _HEADER_SEARCH_ROWS) if _text(_value(cells, r, 1)) == ELEMENT_ID_HEADING), None
        )
        if header is None or header < 2 or _text(_value(cells, header - 1, 1)) != PARTICIPANT_ID_LABEL:
            self.problem(
                sheet,
                f"the header row ('{ELEMENT_ID_HEADING}' in column A, with the "
                "participant ids above it) is missing; use an unaltered template",
            )
            return self.done()
        people = {p.id: p for p in self.services.participants.list(self.workshop.id)}
        columns = self.match_columns(header, version, people)
        scores, rows_of = self.read_rows(header, columns, people)

        elements = [e for d in self.fw.drivers for e in d.elements]
        for element in elements:
            if element.id not in rows_of:
                self.problem(sheet, f"missing element: the row for '{element.title}' ({element.id}) is missing")
        missing_people = [p.display_name for pid, p in people.items() if pid not in columns.values()]
        if missing_people:
            n = len(missing_people)
            self.warnings.append(
                f"{n} participant{'s have' if n != 1 else ' has'} no column in this file (added after the "
                f"template was made?): {', '.join(missing_people)}. Their scores are left as they are."
            )
        if not self.problems and not scores:
            self.problem(sheet, "no scores are filled in: there is nothing to import")

        counts = tuple(
            PersonCount(
                pid,
                people[pid].display_name,
                len(scores.get(pid, {})),
                len(elements),
                tuple(e.title for e in elements if e.id not in scores.get(pid, {})),
            )
            for pid in columns.values()
        )
        current = self.services.scores.scores_for_workshop(self.workshop.id)
        changes = replaced = 0
        for pid, values in scores.items():
            for eid, value in values.items():
                before = current.get(pid, {}).get(eid)
                if before != value:
                    changes += 1
                    if before is not None:
                        replaced += 1
        names = {pid: people[pid].display_name for pid in columns.values()}
        return self.done(scores=scores, names=names, changes=changes, replaced=replaced, people=counts)

    def match_columns(self, header: int, version: int, people: dict) -> dict[int, int]:
        """Column -> participant id, for every participant column of the file."""
        cells, sheet = self.data.scores, SCORES_SHEET
        by_uuid = {p.uuid: p for p in people.values()}
        used = sorted({c for (r, c) in cells if c >= FIRST_SCORE_COLUMN and r >= header - 1})
        columns: dict[int, int] = {}
        seen: dict[int, int] = {}
        for col in used:
            raw = _value(cells, header - 1, col)
            name = _text(_value(cells, header, col))
            ref = f"{sheet}!{_col(col)}{header}"
            shown = f"'{_show(name)}'" if name else f"column {_col(col)}"
            if raw is None:
                if name:
                    self.problem(
                        ref,
                        f"{shown} has no participant id: the column was added by hand. Add the person on the "
                        "Prepare step, make a new template and type their scores there",
                    )
                else:
                    self.problem(ref, "scores in a column without a participant")
                continue
            person = by_uuid.get(_uuid(raw)) if version >= 2 else people.get(_as_int(raw))
            if person is None:
                self.problem(
                    ref,
                    f"unknown participant {shown}: not a participant of this workshop (removed since the "
                    "template was made, or the column comes from another template); restore them or clear the column",
                )
                continue
            if person.id in seen:
                self.problem(ref, f"{person.display_name} has two columns (also column {_col(seen[person.id])})")
                continue
            if not _same_name(name, person.display_name):
                heading = f"headed '{_show(name)}'" if name else "has an empty heading"
                self.problem(
                    ref,
                    f"the column {heading}, but this participant is '{person.display_name}' in the workshop; "
                    "if it is the same person, correct the name on the Prepare step (or the heading in the file) "
                    "and import again",
                )
                continue
            seen[person.id] = col
            columns[col] = person.id
        return columns

    def read_rows(self, header: int, columns: dict[int, int], people: dict) -> tuple[dict, dict]:
        cells, sheet = self.data.scores, SCORES_SHEET
        elements = {e.id: e for d in self.fw.drivers for e in d.elements}
        k = self.fw.level_count
        rows_of: dict[str, int] = {}
        scores: dict[int, dict[str, Score]] = {}
        by_row: dict[int, list[int]] = {}
        for r, c in cells:
            if r > header and c in columns:
                by_row.setdefault(r, []).append(c)
        for row in sorted({r for (r, _c) in cells if r > header}):
            eid = _text(_value(cells, row, 1))
            # Only the cells really there: this runs on the GUI thread, whatever the file's size.
            values = {col: cells[(row, col)] for col in sorted(by_row.get(row, ()))}
            has_values = bool(values)
            if not eid:
                if has_values:
                    self.problem(f"{sheet}!A{row}", "scores in a row without an element id")
                continue
            if eid not in elements:
                self.problem(f"{sheet}!A{row}", f"unknown element '{_show(eid)}'")
                continue
            if eid in rows_of:
                self.problem(
                    f"{sheet}!A{row}",
                    f"duplicate element: '{elements[eid].title}' appears in rows {rows_of[eid]} and {row}",
                )
                continue
            rows_of[eid] = row
            title = elements[eid].title
            for col, cell in values.items():
                pid = columns[col]
                score = self.score(cell, f"{sheet}!{_col(col)}{row}", f"{people[pid].display_name}, {title}", k)
                if score is not None:
                    scores.setdefault(pid, {})[eid] = score
        return scores, rows_of

    def score(self, cell: Cell, ref: str, who: str, k: int) -> Score | None:
        if cell.formula:
            self.problem(ref, f"{who}: a formula, not a score; type the level itself")
            return None
        value = cell.value
        text = _text(value)
        if not text:
            return None
        if isinstance(value, str) and text.casefold() in NOT_SURE_WORDS:
            return NOT_SURE
        level = _as_int(value)
        if level is None:
            if isinstance(value, float) or _is_number(text):
                self.problem(ref, f"{who}: {_show(text)} is not a whole level 1–{k}")
            else:
                self.problem(ref, f"{who}: '{_show(text)}' is not a level 1–{k}, or 0 / S / 'not sure'")
            return None
        if level == NOT_SURE_LEVEL:
            return NOT_SURE
        if not 1 <= level <= k:
            self.problem(ref, f"{who}: {_show(str(level))} is outside 1–{k} (0 or S for not sure)")
            return None
        return level


def _value(cells: Mapping[tuple[int, int], Cell], row: int, col: int) -> object:
    cell = cells.get((row, col))
    return None if cell is None else cell.value


def apply_import(services, preview: ImportPreview) -> Changes:
    """Write the previewed scores in one transaction; refuse a preview with problems.

    The record names exactly the cells whose value changed; ``.previous`` is the ``ImportResult``.
    """
    if preview.problems:
        raise ServiceError(f"{len(preview.problems)} problems in {preview.path.name}: nothing was imported")
    values = {pid: dict(v) for pid, v in preview.scores.items()}
    changes = services.scores.import_scores(preview.workshop_id, values)
    result = ImportResult(written=preview.count, participants=len(values), previous=changes.previous)
    return changes.with_previous(result)
