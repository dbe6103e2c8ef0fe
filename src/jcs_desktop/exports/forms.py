"""Blank forms for scoring on paper: a printable PDF form per participant, and the Excel entry template.

Each PDF form is the self-assessment grid (every element's four level descriptors
with a tick box each, and a 'not sure' box) with the participant's name printed on
every page, so the facilitator can type the ticks into the entry template later.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from jcs_desktop.exports.common import (
    HEADER_FILL,
    INK,
    MUTED,
    RULE,
    ExportError,
    Progress,
    atomic_target,
    level_colour,
    level_tint,
    no_progress,
)
from jcs_desktop.exports.model import Person, Report, format_date
from jcs_desktop.exports.pdf_base import BOLD, FONT, MARGIN, NumberedCanvas, c, fit, para, register_fonts, safe
from jcs_desktop.exports.pdf_base import styles as base_styles
from jcs_desktop.exports.pdf_text import TextParagraph

WIDTH = landscape(A4)[0] - 2 * MARGIN
BOX = "☐"


def write_entry_template(report: Report, path: str | Path, report_progress: Progress | None = None) -> Path:
    """The Excel entry template (see ``template``); here so callers find both blank forms in one place."""
    from jcs_desktop.exports.template import write_entry_template as write

    return write(report, path, report_progress)


class _FormCanvas(NumberedCanvas):
    """Numbers each person's form on its own ('Page 2 of 5'): forms are printed and handed out apart."""

    first_numbered = 1

    def save(self):
        forms = [state.get("_jcs_form", 0) for state in self._pages]
        totals = Counter(forms)
        done: Counter = Counter()
        for state, form in zip(self._pages, forms, strict=True):
            done[form] += 1
            self.__dict__.update(state)
            self.setFont(FONT, 7.5)
            self.setFillColor(c(MUTED))
            self.drawRightString(self._pagesize[0] - MARGIN, 10 * mm, f"Page {done[form]} of {totals[form]}")
            Canvas.showPage(self)
        Canvas.save(self)


class _Owner(Flowable):
    """Invisible marker: the pages from here on belong to this person (page header and numbering)."""

    def __init__(self, name: str, form: int) -> None:
        super().__init__()
        self.name = name
        self.form = form
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv._jcs_owner = self.name  # read by the page-end header
        self.canv._jcs_form = self.form  # kept with each page's state, read when numbering


class _FormDoc(BaseDocTemplate):
    def __init__(self, filename: str, report: Report, **kw) -> None:
        size = landscape(A4)
        super().__init__(
            filename,
            pagesize=size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=20 * mm,
            bottomMargin=16 * mm,
            **kw,
        )
        self.report = report
        frame = Frame(
            MARGIN, 16 * mm, WIDTH, size[1] - 36 * mm, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        self.addPageTemplates([PageTemplate("form", [frame], onPageEnd=self._furniture, pagesize=size)])

    def _furniture(self, canvas, doc) -> None:
        canvas.saveState()
        width, height = canvas._pagesize
        owner = getattr(canvas, "_jcs_owner", "")
        canvas.setStrokeColor(c(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 13 * mm, width - MARGIN, height - 13 * mm)
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(c(INK))
        usable = width - 2 * MARGIN
        left = fit(owner, BOLD, 8, usable * 0.5) if owner else "Name: ______________________________"
        canvas.drawString(MARGIN, height - 11 * mm, left)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(c(MUTED))
        right = " · ".join(x for x in (self.report.title, format_date(self.report.date)) if x)
        room = usable - pdfmetrics.stringWidth(left, BOLD, 8) - 6 * mm
        canvas.drawRightString(width - MARGIN, height - 11 * mm, fit(right, FONT, 7.5, room))
        canvas.drawString(MARGIN, 10 * mm, fit(self.report.framework_title, FONT, 7.5, usable * 0.7))
        canvas.restoreState()


def write_blank_forms(report: Report, path: str | Path, report_progress: Progress | None = None) -> Path:
    """A scoring form per participant (one blank, unnamed form if there are none); return the path."""
    progress = report_progress or no_progress
    register_fonts()
    st = _styles()
    people: list[Person | None] = list(report.people) or [None]
    story: list = []
    for i, person in enumerate(people):
        progress(0.8 * i / len(people), f"Form {i + 1} of {len(people)}…")
        if i:
            story.append(PageBreak())
        story += _form(report, person, st, i)
    target = Path(path)
    progress(0.85, "Saving the forms…")
    with atomic_target(target) as tmp:
        doc = _FormDoc(
            str(tmp), report, title=f"Scoring forms: {report.title}", author="JCS Desktop", creator="JCS Desktop"
        )
        try:
            doc.build(story, canvasmaker=_FormCanvas)
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Forms saved")
    return target


def _styles():
    st = base_styles()
    st["levelhead"] = ParagraphStyle(
        "levelhead", parent=st["body"], fontName=BOLD, fontSize=7.5, leading=9.5, alignment=TA_CENTER
    )
    st["descriptor"] = ParagraphStyle(
        "descriptor", parent=st["body"], fontSize=7.2, leading=9, leftIndent=11, firstLineIndent=-11
    )
    st["name"] = ParagraphStyle(
        "name", parent=st["body"], fontName=BOLD, fontSize=18, leading=22, textColor=c(HEADER_FILL)
    )
    return st


def _form(report: Report, person: Person | None, st, index: int = 0) -> list:
    name = person.name if person else ""
    out: list = [_Owner(name, index)]
    out.append(para(name or "Name: ____________________________________", st["name"]))
    if person:
        detail = " · ".join(x for x in (person.organisation, person.sector, person.role) if x)
        if detail:
            out.append(para(detail, st["muted"]))
    else:
        out.append(para("Organisation and sector: ____________________________________", st["muted"]))
    out += [
        Spacer(1, 2 * mm),
        para(
            "For each element, tick the one statement that best describes the whole system today, from your own "
            "agency's point of view. Tick 'Not sure' if you cannot judge. One tick per row.",
            st["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    for driver in report.drivers:
        out += [CondPageBreak(45 * mm), _driver_table(report, driver, st), Spacer(1, 4 * mm)]
    return out


def _driver_table(report: Report, driver, st) -> Table:
    k = len(report.levels)
    head = [para(driver.title, st["head"])]
    head += [para(f"{lv.number}. {lv.name}", st["levelhead"]) for lv in report.levels]
    head.append(para("Not sure", st["headcentre"]))
    rows = [head]
    for element in driver.elements:
        row = [para(element.title, st["cellbold"])]
        for text in element.descriptors:
            row.append(_ticked(text, st))
        row.append(Paragraph(f'<font size="12">{BOX}</font>', st["cellcentre"]))
        rows.append(row)
    first, last = 46 * mm, 14 * mm
    level_w = (WIDTH - first - last) / k
    table = Table(rows, colWidths=[first, *([level_w] * k), last], repeatRows=1, hAlign="LEFT", splitInRow=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, 0), c(HEADER_FILL)),
        ("GRID", (0, 0), (-1, -1), 0.4, c(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (-1, 0), (-1, 0), c(HEADER_FILL)),
    ]
    for level in range(1, k + 1):
        commands.append(("BACKGROUND", (level, 0), (level, 0), c(level_tint(level))))
        commands.append(("LINEABOVE", (level, 0), (level, 0), 3, c(level_colour(level))))
    table.setStyle(TableStyle(commands))
    return table


def _ticked(text: str, st) -> Paragraph:
    return TextParagraph(f'<font size="11">{BOX}</font> {safe(text)}', st["descriptor"])
