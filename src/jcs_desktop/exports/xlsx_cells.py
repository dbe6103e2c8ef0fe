"""Cell writing for the Excel exports: user text stays text, and sheets print well.

Every value reaches a cell through ``put``. Text that a spreadsheet could take for a
formula (starting with =, +, -, @, or a tab or carriage return before one of them) is
stored as a plain string cell with Excel's quote prefix, so opening the file never
runs anything a participant typed. The workbooks contain no formulas at all.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from jcs_desktop.exports.common import HEADER_FILL, INK, MUTED, RULE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell

FONT = "Calibri"
BODY = Font(name=FONT, size=10, color=INK)
BOLD = Font(name=FONT, size=10, color=INK, bold=True)
HEAD = Font(name=FONT, size=10, color="FFFFFF", bold=True)
TITLE = Font(name=FONT, size=16, color=INK, bold=True)
SUBTITLE = Font(name=FONT, size=12, color=MUTED)
SECTION = Font(name=FONT, size=12, color=INK, bold=True)
SUBTITLE_BOLD = Font(name=FONT, size=12, color=INK, bold=True)
NOTE = Font(name=FONT, size=9, color=MUTED, italic=True)
FAINT = Font(name=FONT, size=10, color=MUTED)
HEAD_FILL = PatternFill("solid", fgColor=HEADER_FILL)
THIN = Side(style="thin", color=RULE)
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
TURNED = Alignment(horizontal="center", vertical="bottom", wrap_text=True, text_rotation=90)
NOWRAP = Alignment(horizontal="left", vertical="center", wrap_text=False)


def fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def clean_text(text: str) -> str:
    """Text without characters a workbook cannot hold, cut to Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    *,
    font: Font = BODY,
    align: Alignment = WRAP_TOP,
    background: str | None = None,
    number_format: str | None = None,
    border: bool = True,
):
    """Write ``value`` to a cell; strings are always stored as strings, never as formulas."""
    cell = ws.cell(row=row, column=col)
    quote = False
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        if text.startswith(FORMULA_TRIGGERS) or text.lstrip("\t\r\n ").startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            quote = True
    elif isinstance(value, bool):
        cell.value = "Yes" if value else "No"
    elif isinstance(value, int | float | dt.date):
        cell.value = value
    else:
        cell.value = str(value)
        cell.data_type = "s"
    if not number_format and isinstance(value, dt.date):
        number_format = "d mmm yyyy"
    _style(ws, cell, font, align, background, number_format, border, quote)
    return cell


def _style(ws, cell, font, align, background, number_format, border, quote) -> None:
    """Give ``cell`` its style, by the workbook's style ids when this combination was seen before.

    openpyxl hashes every Font, Fill, Border and Alignment assigned to find its id: with a
    few thousand cells that was most of the workbook's time. Each combination is assigned
    the slow way once per workbook; later cells copy the ids it got. Only a cell with no
    style yet takes the copy, so the result is exactly what the assignments would give.
    The cache keeps the objects it is keyed by (by ``id``) alive, so an id is never reused.
    """
    cache = _style_cache(ws)
    key = (id(font), id(align), background, number_format, border, quote)
    fresh = not cell._style or not any(cell._style)
    if fresh:
        found = cache.get(key)
        if found is not None:
            cell._style = copy(found[0])
            return
    if quote:
        cell.quotePrefix = True
    cell.font = font
    cell.alignment = align
    if background:
        cell.fill = fill(background)
    if number_format:
        cell.number_format = number_format
    if border:
        cell.border = GRID
    if fresh:
        cache[key] = (copy(cell._style), font, align)


def _style_cache(ws: Worksheet) -> dict:
    wb = ws.parent
    found = getattr(wb, "_jcs_styles", None)
    if found is None:
        found = {}
        wb._jcs_styles = found  # type: ignore[attr-defined]
    return found


def merge(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """``ws.merge_cells(...)`` with exactly its result (the same cells, styles and ranges), faster.

    openpyxl's merge gives each cell of the range a copy of the top-left cell's protection
    and each cell on an edge that edge's border, looking each up by hashing it: a third of
    the workbook's time for 76 merges. The steps here are openpyxl's (MergedCellRange.format),
    in the same order, but each lookup is made once per workbook and its style id reused, as
    ``_style`` does for ``put``: a border sum depends only on the two borders, named by their ids.
    """
    coord = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    mcr = MergedCellRange(ws, coord)  # as in openpyxl: the top-left cell takes the bottom-right's edges
    ws.merged_cells.add(mcr)
    cells = ws._cells
    covered = list(mcr.cells)
    for row, col in covered[1:]:  # Worksheet._clean_merge_range: all but the top-left cell replaced
        cells[row, col] = MergedCell(ws, row, col)
    ids = _style_cache(ws).setdefault("merge", {})
    start = mcr.start_cell
    for name in ("top", "left", "right", "bottom"):
        side = getattr(start.border, name)
        if side and side.style is None:
            continue
        source = _array(start).borderId
        for cell_coord in getattr(mcr, name):
            cell = cells[cell_coord]
            key = ("border", name, source, _array(cell).borderId)
            found = ids.get(key)
            if found is None:
                cell.border += Border(**{name: side})
                ids[key] = cell._style.borderId
            else:
                cell._style.borderId = found
    if start.protection is not None:
        key = ("protection", _array(start).protectionId)
        for cell_coord in covered:
            cell = cells[cell_coord]
            found = ids.get(key)
            if found is None:
                cell.protection = copy(start.protection)
                ids[key] = cell._style.protectionId
            else:
                _array(cell).protectionId = found


def _array(cell) -> StyleArray:
    """The cell's style ids, created as openpyxl's style descriptors create them."""
    if not cell._style:
        cell._style = StyleArray()
    return cell._style


def header_row(ws: Worksheet, row: int, headings: list[str], *, start: int = 1, height: float | None = None) -> None:
    """Header cells, white on dark blue; their columns are kept wide enough for their longest word."""
    for i, text in enumerate(headings):
        put(ws, row, start + i, text, font=HEAD, background=HEADER_FILL, align=CENTRE)
    _headers(ws).append((row, start, list(headings), height or 15))
    fit_headers(ws)


def widths(ws: Worksheet, values: list[float], start: int = 1) -> None:
    for i, w in enumerate(values):
        ws.column_dimensions[get_column_letter(start + i)].width = w
    fit_headers(ws)


_BOLD_CHAR = 1.15
"""Column-width units one bold character of a header takes (Calibri 10; capitals are wider)."""
_PAD = 2.0
_HEADER_LINE = 13.5


def _headers(ws: Worksheet) -> list[tuple[int, int, list[str], float]]:
    found = getattr(ws, "_jcs_headers", None)
    if found is None:
        found = []
        ws._jcs_headers = found  # type: ignore[attr-defined]
    return found


def _word_width(word: str) -> float:
    return len(word) * _BOLD_CHAR + _PAD


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` wide, breaking only at spaces."""
    room = max(1.0, (width - _PAD) / _BOLD_CHAR)
    lines, used = 0, room + 1
    for part in str(text).split("\n"):
        used = room + 1
        for word in part.split():
            if used + 1 + len(word) <= room:
                used += 1 + len(word)
            else:
                lines += 1
                used = len(word)
    return max(1, lines)


def fit_headers(ws: Worksheet) -> None:
    """Each header column at least as wide as its longest word, each header row tall enough.

    Spreadsheets break a word that does not fit its column anywhere ('Diverge/nt'); a
    column as wide as the longest word only ever wraps at spaces.
    """
    merged = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges if r.max_col > r.min_col}
    for row, start, headings, least in _headers(ws):
        lines = 1
        for i, text in enumerate(headings):
            col = start + i
            if not text or (row, col) in merged:
                continue
            letter = get_column_letter(col)
            current = ws.column_dimensions[letter].width or 8.43
            longest = max((_word_width(w) for w in str(text).split()), default=0)
            if longest > current:
                ws.column_dimensions[letter].width = current = longest
            lines = max(lines, wrapped_lines(str(text), current))
        # Recomputed whenever widths change: a header measured before its columns were set was too tall.
        ws.row_dimensions[row].height = max(least, lines * _HEADER_LINE + 6)


def fit_row(ws: Worksheet, row: int, texts: list[tuple[str, float]], *, minimum: float = 15, line: float = 13) -> None:
    """Set a row tall enough for wrapped text (openpyxl cannot measure; this estimates)."""
    lines = 1
    for text, width in texts:
        chars = max(width * 1.1, 4)
        count = sum(max(1, -(-len(part) // int(chars))) for part in str(text or "").split("\n"))
        lines = max(lines, count)
    ws.row_dimensions[row].height = max(minimum, lines * line + 3)


def _header_footer_text(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", clean_text(text)).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")  # '&' starts a header/footer code in Excel


def print_setup(ws: Worksheet, title: str, *, header_rows: str | None = None, landscape: bool = True) -> None:
    """A4, landscape, fit to one page wide, header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    if header_rows:
        ws.print_title_rows = header_rows
    ws.oddHeader.left.text = _header_footer_text(title)
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = "&A"  # the sheet name
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.center.size = 9


def title_block(ws: Worksheet, heading: str, subtitle: str) -> int:
    """A sheet's title and subtitle lines; returns the first row free for its table."""
    put(ws, 1, 1, heading, font=TITLE, border=False, align=NOWRAP)
    put(ws, 2, 1, subtitle, font=SUBTITLE, border=False, align=NOWRAP)
    ws.row_dimensions[1].height = 24
    return 4


def table_finish(ws: Worksheet, title: str, header: int, last: int, columns: int, *, freeze_col: int = 1) -> None:
    """Freeze the header row, filter the table, print with the header repeated."""
    ws.freeze_panes = f"{get_column_letter(freeze_col)}{header + 1}"  # a string: the cell may be merged
    if last > header:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{last}"
    print_setup(ws, title, header_rows=f"{header}:{header}")
