"""What the Word exports share: the document's own styles, safe text, tables, the final-scores chart.

python-docx is imported only when a document is written. Text reaches the document as the
text of runs, never as markup, so ``<b>`` prints as typed; characters Word cannot hold (control
characters) are dropped, and a line break in an answer stays a line break.

Styles defined in every document, so partners editing it in Word keep them:

- ``Prompt``: the guidance of the content (what a section should cover), italic, grey;
- ``Prompt Bullet``, ``Prompt Bullet 2``, ``Prompt Bullet 3``: guidance bullets by depth
  (Word's List Bullet styles, italic, grey);
- ``Answer``: what the partnership wrote or the workshop gave, in the ink colour;
- ``Question``: a template question with its number, bold.

The final-scores chart is a PNG drawn with Pillow (installed with reportlab, which needs it):
reportlab can render its own charts to PNG only with a rendering back end (rlPyCairo) that is not
a dependency of this application.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from jcs_desktop.exports.common import HEADER_FILL, INK, MUTED, RULE, fonts_dir, level_colour

if TYPE_CHECKING:
    from jcs_desktop.exports.model import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
PROMPT, ANSWER, QUESTION = "Prompt", "Answer", "Question"
PROMPT_BULLETS = ("Prompt Bullet", "Prompt Bullet 2", "Prompt Bullet 3")


def text(value: object) -> str:
    """Text a Word document can hold, exactly as typed otherwise."""
    return _CONTROL.sub("", str(value if value is not None else ""))


def new_document(title: str):
    """An A4 document with the styles above."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = RGBColor.from_string(INK)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        styles[name].font.color.rgb = RGBColor.from_string(HEADER_FILL)

    def add(name: str, base: str, *, italic=False, bold=False, colour=INK, after=4):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.italic = italic
        style.font.bold = bold
        style.font.color.rgb = RGBColor.from_string(colour)
        style.paragraph_format.space_after = Pt(after)
        style.quick_style = True
        return style

    add(PROMPT, "Normal", italic=True, colour=MUTED)
    for name, base in zip(PROMPT_BULLETS, ("List Bullet", "List Bullet 2", "List Bullet 3"), strict=True):
        add(name, base, italic=True, colour=MUTED, after=2)
    add(ANSWER, "Normal", after=6)
    question = add(QUESTION, "Normal", bold=True, after=2)
    question.paragraph_format.space_before = Pt(8)
    question.paragraph_format.keep_with_next = True
    doc.core_properties.title = text(title)
    doc.core_properties.author = "JCS Desktop"
    return doc


def paragraph(doc, value: object, style: str = ANSWER):
    return doc.add_paragraph(text(value), style=style)


def prompts(doc, lines) -> None:
    """(depth, text) guidance bullets as the document's prompt bullets."""
    for depth, line in lines:
        doc.add_paragraph(text(line), style=PROMPT_BULLETS[min(depth, len(PROMPT_BULLETS) - 1)])


def shade(cell, colour: str) -> None:
    """A table cell's background colour (hex without '#')."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    for old in props.findall(qn("w:shd")):
        props.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    props.append(shd)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    props.append(mark)


def table(doc, headings, rows, *, widths_mm=None, font_pt: float = 9, blank_rows: int = 0, total_mm: float = 170):
    """A grid table with a dark header row repeated on every page; ``rows`` of texts. Its columns are
    ``widths_mm`` wide, else share ``total_mm`` (the page's width inside the margins) equally."""
    from docx.shared import Mm, Pt, RGBColor

    out = doc.add_table(rows=1, cols=len(headings))
    out.style = doc.styles["Table Grid"]
    header = out.rows[0]
    _repeat_header(header)
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text(heading))
        run.bold = True
        run.font.size = Pt(font_pt)
        run.font.color.rgb = RGBColor.from_string("FFFFFF")
        shade(cell, HEADER_FILL)
    for values in [*rows, *([[""] * len(headings)] * blank_rows)]:
        cells = out.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(text(value))
            run.font.size = Pt(font_pt)
    # Word reads the cells' widths, LibreOffice the grid's: both are set.
    widths = widths_mm or [total_mm / len(headings)] * len(headings)
    out.autofit = False
    for column, width in zip(out.columns, widths, strict=True):
        column.width = Mm(width)
    for row in out.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return out


def set_cell(cell, value: object, *, bold: bool = False, colour: str | None = None, font_pt: float = 9) -> None:
    from docx.shared import Pt, RGBColor

    cell.text = ""
    run = cell.paragraphs[0].add_run(text(value))
    run.bold = bold
    run.font.size = Pt(font_pt)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def save(doc, path) -> None:
    doc.save(str(path))


# --------------------------------------------------------------------------------------------------
# The final-scores chart


def final_scores_png(report: Report, width: int = 1500) -> bytes:
    """Each driver's agreed total as a bar on a scale to the highest possible total, coloured by the
    band it reaches, with the driver's band boundaries marked; a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(fonts_dir() / "DejaVuSans.ttf"), 26)
    bold = ImageFont.truetype(str(fonts_dir() / "DejaVuSans-Bold.ttf"), 26)
    small = ImageFont.truetype(str(fonts_dir() / "DejaVuSans.ttf"), 22)
    label_w, right_w, row_h, top = 500, 230, 92, 20
    top_total = max((hi for d in report.drivers for _lo, hi in d.thresholds), default=20)
    height = top + row_h * len(report.drivers) + 70
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    x0, x1 = label_w, width - right_w

    def x(value: float) -> float:
        return x0 + (x1 - x0) * value / top_total

    def rgb(code: str) -> tuple[int, int, int]:
        return tuple(int(code[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]

    for i, d in enumerate(report.drivers):
        y = top + i * row_h
        lines = _wrap(draw, text(d.title), font, label_w - 30)[:2]
        first = y + (row_h - 32 * len(lines)) / 2
        for j, line in enumerate(lines):
            draw.text((10, first + j * 32), line, font=font, fill=rgb(INK))
        draw.rectangle([x0, y + 18, x1, y + row_h - 18], fill=rgb("F5F7FA"), outline=rgb(RULE))
        if d.total is not None:
            draw.rectangle([x0, y + 18, x(d.total), y + row_h - 18], fill=rgb(level_colour(d.band)))
        for lo, _hi in d.thresholds[1:]:
            draw.line([x(lo - 0.5), y + 10, x(lo - 0.5), y + row_h - 10], fill=rgb(MUTED), width=3)
        value = f"{d.total} · level {d.band}" if d.total is not None else text(d.total_label)
        draw.text((x1 + 14, y + 30), _fit(draw, value, bold, right_w - 20), font=bold, fill=rgb(INK))
    y = top + row_h * len(report.drivers) + 10
    for tick in range(0, top_total + 1, 5):
        draw.line([x(tick), y - 6, x(tick), y + 4], fill=rgb(MUTED), width=2)
        draw.text((x(tick) - 10, y + 8), str(tick), font=small, fill=rgb(MUTED))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _wrap(draw, value: str, font, room: float) -> list[str]:
    lines: list[str] = []
    for word in value.split():
        if lines and draw.textlength(lines[-1] + " " + word, font=font) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _fit(draw, value: str, font, room: float) -> str:
    if draw.textlength(value, font=font) <= room:
        return value
    while value and draw.textlength(value + "…", font=font) > room:
        value = value[:-1]
    return value + "…"


def picture(doc, png: bytes, width_mm: float) -> None:
    from docx.shared import Mm

    doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
