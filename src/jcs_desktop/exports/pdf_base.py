"""The PDF report's furniture: embedded fonts, styles, page templates, numbered pages.

All user text reaches a Paragraph through ``para``, which escapes it, so a note
containing ``<b>`` or ``&`` prints literally and cannot break the layout.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from jcs_desktop.exports.common import HEADER_FILL, INK, MUTED, RULE, ZEBRA, fonts_dir
from jcs_desktop.exports.pdf_text import TextParagraph, markup, plain

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
MARGIN = 18 * mm
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = A4[1] - 2 * MARGIN
_PADDINGS = ("leftPadding", "rightPadding", "topPadding", "bottomPadding")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# reportlab.graphics checks the type of every attribute set on a shape (some 24,000 checks, a
# tenth of the report's time): a help while writing charts, not once they are written and tested.
# reportlab.graphics.shapes reads the flag once, when first imported: every module of this package
# that draws charts imports this one first (pdf_charts does), so it is set before that happens.
rl_config.shapeChecking = 0


def register_fonts() -> None:
    """Register DejaVu Sans (embedded as a subset in every PDF that uses it)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = fonts_dir()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    # Charts start from this state; left alone it names Helvetica, which is never embedded.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = FONT


def c(code: str) -> colors.Color:
    return colors.HexColor("#" + code)


def safe(text: object, font: str = FONT) -> str:
    """User text as Paragraph markup that shows exactly the text (escaped, shaped, line breaks kept)."""
    return markup(text, font)


def para(text: object, style: ParagraphStyle, colour: str | None = None) -> Paragraph:
    """User or content text as a paragraph, escaped; ``colour`` (hex) overrides the style's ink."""
    if colour is not None:
        style = ParagraphStyle(f"{style.name}-{colour}", parent=style, textColor=c(colour))
    return TextParagraph(markup(text, style.fontName), style)


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=c(INK))
    s = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8, leading=10.5, textColor=c(MUTED)),
        "prompt": ParagraphStyle("prompt", parent=base, fontName=ITALIC, fontSize=7.5, leading=9.5, textColor=c(MUTED)),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cellbold": ParagraphStyle("cellbold", parent=base, fontName=BOLD, fontSize=8, leading=10),
        "cellcentre": ParagraphStyle("cellcentre", parent=base, fontSize=8, leading=10, alignment=TA_CENTER),
        "bandcentre": ParagraphStyle(
            "bandcentre", parent=base, fontName=BOLD, fontSize=8.5, leading=10, alignment=TA_CENTER
        ),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7.5, leading=9.5, textColor=colors.white),
        "headcentre": ParagraphStyle(
            "headcentre",
            parent=base,
            fontName=BOLD,
            fontSize=7.5,
            leading=9.5,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
        "headsmall": ParagraphStyle(
            "headsmall", parent=base, fontSize=6.5, leading=8, textColor=colors.white, alignment=TA_CENTER
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=4,
            spaceAfter=8,
            textColor=c(HEADER_FILL),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=c(HEADER_FILL),
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=4),
        "cover_kicker": ParagraphStyle("cover_kicker", parent=base, fontSize=11, leading=14, textColor=c(MUTED)),
        "cover_title": ParagraphStyle(
            "cover_title", parent=base, fontName=BOLD, fontSize=26, leading=31, textColor=c(HEADER_FILL), spaceAfter=6
        ),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=18, textColor=c(INK)),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }
    return s


def contents(style: ParagraphStyle) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle(
            "toc1",
            parent=style,
            fontName=BOLD,
            fontSize=10.5,
            leading=15,
            leftIndent=0,
            firstLineIndent=0,
            spaceBefore=5,
        ),
        ParagraphStyle("toc2", parent=style, fontSize=9, leading=12, leftIndent=12, firstLineIndent=0),
    ]
    toc.dotsMinLevel = 0
    toc.tableStyle = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return toc


class NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say 'Page N of M'.

    Used for the blank forms only: deferring pages breaks bookmarks, so the report
    numbers its pages by building twice instead (see ``ReportDoc.build_numbered``).
    """

    first_numbered = 2
    """The cover is not numbered."""

    def __init__(self, *args, **kwargs):
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = FONT  # else every page names an unembedded Helvetica
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber >= self.first_numbered:
                self.setFont(FONT, 7.5)
                self.setFillColor(c(MUTED))
                width = self._pagesize[0]
                self.drawRightString(width - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


class ReportDoc(BaseDocTemplate):
    """A4 pages: a cover, portrait body pages and landscape pages for the wide action plan."""

    def __init__(self, filename: str, *, header_left: str, header_right: str, footer_left: str, **kw):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=22 * mm,
            bottomMargin=18 * mm,
            initialFontName=FONT,  # else every page names an unembedded Helvetica
            **kw,
        )
        self.page_total: int | None = None
        self.pages_built = 0
        self.layout_only = False
        """True during a pass that only lays out (see ``build_numbered``): nothing is drawn."""
        self.passes: list[bool] = []
        """One per build of ``build_numbered``'s last call: whether that pass drew the pages."""
        self._next_layout_only = False
        self.header_left, self.header_right, self.footer_left = header_left, header_right, footer_left

        def frame(frame_id: str, width: float, height: float) -> Frame:
            # No padding: the margins above are the whole of the white space.
            return _Frame(MARGIN, 18 * mm, width, height, id=frame_id, **dict.fromkeys(_PADDINGS, 0))

        portrait = frame("portrait", PORTRAIT_WIDTH, A4[1] - 40 * mm)
        wide = frame("wide", LANDSCAPE_WIDTH, A4[0] - 40 * mm)
        cover = frame("cover", PORTRAIT_WIDTH, A4[1] - 36 * mm)
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover], onPage=self._cover_page, pagesize=A4),
                PageTemplate("body", [portrait], onPage=self._body_page, pagesize=A4),
                PageTemplate("wide", [wide], onPage=self._body_page, pagesize=landscape(A4)),
            ]
        )

    def _cover_page(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        width, height = canvas._pagesize
        canvas.setFillColor(c(HEADER_FILL))
        canvas.rect(0, height - 12 * mm, width, 12 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _body_page(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        width, height = canvas._pagesize
        canvas.setStrokeColor(c(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 15 * mm, width - MARGIN, height - 15 * mm)
        usable = width - 2 * MARGIN
        left = fit(self.header_left, BOLD, 7.5, usable * 0.6)
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(c(INK))
        canvas.drawString(MARGIN, height - 13 * mm, left)
        room = usable - pdfmetrics.stringWidth(left, BOLD, 7.5) - 6 * mm
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(c(MUTED))
        canvas.drawRightString(width - MARGIN, height - 13 * mm, fit(self.header_right, FONT, 7.5, room))
        canvas.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        number = f"Page {doc.page} of {self.page_total}" if self.page_total else f"Page {doc.page}"
        canvas.drawRightString(width - MARGIN, 10 * mm, number)
        canvas.drawString(MARGIN, 10 * mm, fit(self.footer_left, FONT, 7.5, (width - 2 * MARGIN) * 0.7))
        canvas.restoreState()

    def afterPage(self) -> None:
        self.pages_built = self.page

    def build_numbered(self, make_story: Callable[[], list], max_rounds: int = 3) -> None:
        """Build (with the contents list) until the page count used in the footers is the real one.

        Each round gets a fresh story from ``make_story()``: flowables keep layout state
        (e.g. reportlab's '_postponed' mark) after a build, so they are not reused.

        Two passes, and only the second draws. The first lays the pages out with the contents
        list already holding every heading (with no page numbers yet, which take no room):
        so it paginates exactly as the final pass will, and gives the real page of every
        heading and the real page count. The second lays out again with those and draws; its
        contents list comes out the same, so multiBuild saves it. Should a heading's page still
        change (a contents list that did not predict its own size), reportlab goes on to
        further passes as before, each drawn, until the contents list settles.
        """
        self.passes = []
        for _ in range(max_rounds):
            story = make_story()
            for flowable in story:
                if isinstance(flowable, TableOfContents):
                    # What afterFlowable will report, in order; beforeBuild makes it the list shown.
                    flowable._entries = [_toc_entry(f, 0) for f in _headings(story)]
            self._next_layout_only = True
            self.multiBuild(story, maxPasses=8)
            if self.page_total == self.pages_built:
                return

    def build(self, *args, **kwargs) -> None:
        # Each pass of multiBuild numbers its pages with the count of the pass before: the
        # footers take no room in the frames, so the count only changes with the contents
        # list, and the first pass (see build_numbered) already lays that out in full.
        if self.pages_built:
            self.page_total = self.pages_built
        self.layout_only, self._next_layout_only = self._next_layout_only, False
        self.passes.append(not self.layout_only)
        try:
            super().build(*args, **kwargs)
        finally:
            self.layout_only = False

    def _allSatisfied(self) -> bool:
        # multiBuild saves the canvas of the first pass whose indexes are satisfied: never one
        # that drew nothing. (``passes`` ends with the pass just built.)
        if not self.passes[-1]:
            return False
        return super()._allSatisfied()

    def afterFlowable(self, flowable) -> None:
        """Headings tagged with a toc level become entries of the contents list (and PDF outline)."""
        if getattr(flowable, "toc_level", None) is None:
            return
        level, key = flowable.toc_level, _toc_key(flowable)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(_CONTROL.sub("", _toc_text(flowable)), key, level=level, closed=level > 0)
        self.notify("TOCEntry", _toc_entry(flowable, self.page))


class _Frame(Frame):
    """A frame that, in a pass of its document that only lays out, places flowables without drawing them.

    Placing (wrap, split, the space left) is all the first pass of ``build_numbered`` needs:
    drawing, mostly tables and charts, was half of each pass's time. A flowable is drawn only
    through ``add``: a table draws its cells, a split part comes here again.
    """

    def add(self, flowable, canv, trySplit=0):
        doc = getattr(canv, "_doctemplate", None)
        if not getattr(doc, "layout_only", False) or "drawOn" in flowable.__dict__:
            return super().add(flowable, canv, trySplit)
        # Through __dict__: a chart (reportlab.graphics Drawing) may refuse attributes it does not know.
        flowable.__dict__["drawOn"] = _draw_nothing
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            del flowable.__dict__["drawOn"]


def _draw_nothing(*args, **kwargs) -> None:
    return None


def _headings(story: list):
    """The flowables of ``story`` that afterFlowable will see with a toc level, in order."""
    for flowable in story:
        if getattr(flowable, "toc_level", None) is not None:
            yield flowable
        content = getattr(flowable, "_content", None)  # KeepTogether: its flowables are laid out in turn
        if isinstance(content, list):
            yield from _headings(content)


def _toc_text(heading: Flowable) -> str:
    # The words as written: viewers order the outline's right-to-left text themselves.
    return _short(getattr(heading, "toc_text", None) or heading.getPlainText())


def _toc_key(heading: Flowable) -> str:
    return f"h{id(heading)}"


def _toc_entry(heading: Flowable, page: int) -> tuple[int, str, int, str]:
    """The contents-list entry of a heading on ``page``: (level, markup, page, bookmark key)."""
    level = heading.toc_level  # type: ignore[attr-defined]
    return level, safe(_toc_text(heading), BOLD if level == 0 else FONT), page, _toc_key(heading)


@functools.lru_cache(maxsize=256)
def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with '…' to fit ``width``; cheap on every page even for a 100,000-character title."""
    # No glyph is narrower than a fifth of the size: characters beyond this many never fit.
    text = plain(text[: int(width / (size * 0.2)) + 2], font)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)  # text[:lo] + '…' fits; text[:hi] + '…' does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pdfmetrics.stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid
    return text[:lo].rstrip() + "…"


def table(rows, widths, *, header_rows: int = 1, extra: list | None = None, zebra: bool = True) -> Table:
    """A table in the report's style: header rows on dark blue, thin rules, optional zebra rows."""
    # splitInRow: a very long rationale or action may run over a page instead of failing the layout.
    out = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT", splitInRow=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),  # the table's own default would be an unembedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, c(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), c(HEADER_FILL)))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, c(ZEBRA)]))
    out.setStyle(TableStyle(commands + (extra or [])))
    return out


def heading(text: str, style: ParagraphStyle, level: int | None) -> Paragraph:
    """A heading Paragraph; with a level it is listed in the contents and the PDF outline.

    A heading made of user text is cut to a few lines ('…'): the full text is printed beneath it.
    """
    p = para(_short(text, HEADING_CHARS), style)
    p.toc_level = level  # type: ignore[attr-defined]
    p.toc_text = text  # type: ignore[attr-defined]
    return p


HEADING_CHARS = 240
CONTENTS_CHARS = 160


def _short(text: str, limit: int = CONTENTS_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["NextPageTemplate", "ReportDoc", "heading", "para", "register_fonts", "safe", "styles", "table"]
