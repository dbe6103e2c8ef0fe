"""Read a filled entry template into plain data, whatever the file holds.

This is the slow half of an import and touches no database, so the GUI runs it on a
worker thread. The archive is checked first (``import_archive``), then openpyxl streams
the two sheets in read-only mode; every non-empty cell is kept as plain Python data.
Nothing here raises on a bad file: what cannot be read becomes ``TemplateFile.problem``.
Cells beyond the template's limits are refused, never silently left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jcs_desktop.exports.import_archive import DAMAGED, ArchiveProblem, check_archive
from jcs_desktop.exports.template_spec import MAX_COLUMNS, MAX_PARTICIPANTS, MAX_ROWS, META_SHEET, SCORES_SHEET

Progress = Callable[[float, str], None]

_META_ROWS = 2 * MAX_COLUMNS + 50
_META_COLUMNS = 5


@dataclass(frozen=True)
class Cell:
    value: object
    formula: bool = False


@dataclass(frozen=True)
class TemplateFile:
    path: Path
    problem: str | None = None
    """Why the file as a whole cannot be used; None when it was read."""
    sheetnames: tuple[str, ...] = ()
    scores: dict[tuple[int, int], Cell] = field(default_factory=dict)
    """(row, column) -> non-empty cell of the Scores sheet."""
    meta: dict[tuple[int, int], Cell] = field(default_factory=dict)
    """(row, column) -> non-empty cell of the hidden metadata sheet."""


def _no_progress(_fraction: float, _message: str) -> None:
    pass


def read_template(path: str | Path, progress: Progress | None = None) -> TemplateFile:
    """Read ``path``; ``progress`` may raise to cancel (the exception propagates)."""
    path = Path(path)
    outer = progress or _no_progress

    def report(fraction: float, message: str) -> None:
        # Whatever the caller raises (a cancel) must not be mistaken for a damaged file.
        try:
            outer(fraction, message)
        except BaseException as exc:
            raise _Passthrough(exc) from None

    outer(0.02, f"Checking {path.name}…")
    if not path.is_file():
        return TemplateFile(path, "the file does not exist")
    try:
        check_archive(path)
    except ArchiveProblem as exc:
        return TemplateFile(path, str(exc))
    outer(0.1, f"Opening {path.name}…")
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files; none is a bug of ours
        return TemplateFile(path, _damaged(exc))
    try:
        sheetnames = tuple(wb.sheetnames)
        scores = meta = {}
        if SCORES_SHEET in sheetnames:
            scores = _cells(wb[SCORES_SHEET], SCORES_SHEET, MAX_ROWS + 50, MAX_COLUMNS, report, 0.2, 0.85)
        if META_SHEET in sheetnames:
            meta = _cells(wb[META_SHEET], META_SHEET, _META_ROWS, _META_COLUMNS, report, 0.85, 0.95)
    except _Passthrough as passed:
        raise passed.original from None
    except _TooLarge as exc:
        return TemplateFile(path, str(exc))
    except Exception as exc:
        return TemplateFile(path, _damaged(exc))
    finally:
        with contextlib.suppress(Exception):  # closing a damaged archive can fail again; the read is over
            wb.close()
    outer(1.0, "Checking the scores…")
    return TemplateFile(path, None, sheetnames, scores, meta)


class _TooLarge(Exception):
    pass


class _Twice(Exception):
    """A cell written twice: no spreadsheet program does that, so the file is damaged."""


class _Passthrough(Exception):
    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _damaged(exc: BaseException) -> str:
    reason = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"{DAMAGED} ({reason})"


def _cells(ws, sheet: str, max_row: int, max_col: int, report: Progress, start: float, end: float) -> dict:
    """Every non-empty cell of ``ws``, straight from its XML.

    openpyxl's own row iterator trusts the declared dimension and the order of rows and
    cells, and drops what does not fit; the parser underneath yields every cell as written.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    cells: dict[tuple[int, int], Cell] = {}
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for n, (_index, row) in enumerate(parser.parse(), start=1):
            if n % 50 == 0:
                report(start + (end - start) * min(n / max_row, 1.0), f"Reading the sheet '{sheet}'…")
            for cell in row:
                value = cell["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                row_no, col_no = cell["row"], cell["column"]
                if row_no > max_row or col_no > max_col:
                    raise _TooLarge(
                        f"the sheet '{sheet}' has something in cell {get_column_letter(min(col_no, 16384))}{row_no}, "
                        f"beyond what an entry template holds (columns up to {get_column_letter(max_col)}, rows up "
                        f"to {max_row}); nothing was imported. Use a template made by JCS Desktop, with at most "
                        f"{MAX_PARTICIPANTS} participants"
                    )
                if (row_no, col_no) in cells:
                    raise _Twice(f"cell {get_column_letter(col_no)}{row_no} of the sheet '{sheet}' is written twice")
                cells[(row_no, col_no)] = Cell(value, cell["data_type"] == "f")
    return cells
