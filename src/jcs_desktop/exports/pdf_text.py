"""User text made printable: right-to-left runs shaped and ordered, every glyph present, long words broken.

reportlab draws characters in the order given, one glyph each, from one font. So:

* Arabic letters are joined (arabic-reshaper) and every line with right-to-left text
  is put in visual order (python-bidi) before it reaches the page;
* a character the paragraph's font lacks is drawn from a sibling font that has it
  or, failing that, replaced by its Unicode name in brackets in a muted colour
  ("[grinning face]"), so nothing ever prints as an empty box;
* a word wider than its column is cut into pieces that each fill a line, before
  reportlab's own character-by-character splitting (slow on long words) sees it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
FALLBACKS = (FONT, BOLD)
"""Tried in turn for a glyph the paragraph's own font lacks (the oblique face has no Arabic)."""
MISSING_COLOUR = "#52606D"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def shape(text: str) -> str:
    """Each line with right-to-left text shaped (Arabic joined) and in visual order; others unchanged."""
    if not _RTL.search(text):
        return text
    from bidi import get_display

    out = []
    for line in text.split("\n"):
        if _RTL.search(line):
            if _ARABIC.search(line):
                import arabic_reshaper

                line = arabic_reshaper.reshape(line)
            line = get_display(line, base_dir=_direction(line))
        out.append(line)
    return "\n".join(out)


def _direction(line: str) -> str:
    """The line's own direction: that of its first strong character outside isolates (rule P2)."""
    depth = 0
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind in ("FSI", "LRI", "RLI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "L"


FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """``text`` as a unit of its own direction, for lists: a Hebrew name keeps its place among English ones."""
    return f"{FSI}{text}{PDI}" if _RTL.search(text) else text


@functools.cache
def _cmap(font: str) -> frozenset[int]:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    return frozenset(getattr(face, "charToGlyph", {}) or ())


@functools.cache
def _glyphs(font: str) -> frozenset[str]:
    """The characters ``font`` has, and a line break: text made only of these needs no fallback."""
    return frozenset(map(chr, _cmap(font))) | {"\n"}


def covers(font: str, char: str) -> bool:
    return ord(char) in _cmap(font)


def _invisible(char: str) -> bool:
    """Joiners, variation selectors and skin-tone modifiers: part of an emoji, nothing to print alone."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
    )


def replacement(char: str) -> str:
    """What prints for a character no font has: its name, e.g. '[grinning face]'."""
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else f"[U+{ord(char):04X}]"


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """(kind, text) runs: kind '' (the font has it), a fallback font's name, or '?' (replaced)."""
    runs: list[tuple[str, str]] = []
    own = _cmap(font)
    for char in text:
        if ord(char) in own or char == "\n":
            kind = ""
        elif _invisible(char):
            continue
        else:
            kind = next((f for f in FALLBACKS if f != font and ord(char) in _cmap(f)), "?")
        if kind == "?":
            runs.append(("?", replacement(char)))
        elif runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    return runs


TEXT_LIMIT = 2_000
"""The most of one field the report prints; the rest is in the Excel workbook, and the report says so.

About 300 words, half a page of a table cell. A report of every field at 20,000 characters
would run to a thousand pages and take minutes to lay out; partners read the long texts
in the workbook."""


def markup(text: object, font: str = FONT) -> str:
    """User text as Paragraph markup that prints exactly the text in ``font``: escaped, shaped,
    line breaks kept, missing glyphs from a fallback font or named, and no more than ``TEXT_LIMIT``
    characters (with a note of what is left out)."""
    value = _CONTROL.sub("", str(text if text is not None else ""))
    if len(value) > TEXT_LIMIT:
        cut = value[:TEXT_LIMIT].rstrip()
        rest = len(value) - len(cut)
        # One run of text, in the paragraph's own style: reportlab lays out a single run far faster.
        return _markup(f"{cut}… [{rest:,} more characters: the full text is in the Excel workbook]", font)
    return _markup(value, font)


def _markup(value: str, font: str) -> str:
    value = shape(value)
    if _glyphs(font).issuperset(value):  # the usual case, kept fast
        return escape(value).replace("\n", "<br/>")
    parts = []
    for kind, run in _runs(value, font):
        body = escape(run).replace("\n", "<br/>")
        if kind == "":
            parts.append(body)
        elif kind == "?":
            parts.append(f'<font color="{MISSING_COLOUR}">{body}</font>')
        else:
            parts.append(f'<font name="{kind}">{body}</font>')
    return "".join(parts)


def escape(text: str) -> str:
    """``text`` with &, > and < as entities: xml.sax.saxutils.escape, without the urllib it imports (15 ms)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def plain(text: object, font: str = FONT) -> str:
    """User text for drawing straight on the canvas in ``font``: shaped, missing glyphs named."""
    value = shape(_CONTROL.sub("", str(text if text is not None else "")).replace("\n", " "))
    own = _cmap(font)
    if _glyphs(font).issuperset(value) and "\n" not in value:
        return value
    return "".join(ch if ord(ch) in own else replacement(ch) for ch in value if ord(ch) in own or not _invisible(ch))


class TextParagraph(Paragraph):
    """A Paragraph whose words wider than the column are cut into line-wide pieces before wrapping.

    reportlab splits an over-wide word by measuring ever longer prefixes, and a table
    cell that runs over pages is wrapped again for each page: together that is
    quadratic, minutes for a 100,000-character word. Pieces that each fill a line
    wrap in linear time, and break where reportlab would have broken the word anyway.
    """

    _broken_at: float | None = None
    _wraps: dict[float, dict] | None = None
    """Width -> what wrapping at that width left on the paragraph (see ``wrap``)."""

    def wrap(self, availWidth, availHeight):
        style = self.style
        room = availWidth - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
        if room > 1 and self._broken_at != room:
            if self._break_long_words(room):
                self._wraps = None  # the words changed: lines kept for them are stale
            self._broken_at = room
        # A paragraph is wrapped again and again at the same width: by its table to size the
        # row, again to draw the cell, again for each part of a table split over pages, and all
        # that in both passes of the report. Breaking the lines was a fifth of the report's time.
        # The lines depend only on the width (not the height), the style and the fragments, so
        # the state a wrap left is kept per width and put back while the fragments are the same
        # list. A split, which may change them in place, forgets it all; right-to-left and CJK
        # wrapping (which this report does not use) are never kept, as drawing changes their lines.
        wraps = self._wraps
        if wraps is not None:
            kept = wraps.get(availWidth)
            if kept is not None and kept["frags"] is self.frags and kept["style"] is style:
                self.__dict__.update(kept)
                return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ and not style.wordWrap:
            if wraps is None:
                wraps = self._wraps = {}
            wraps[availWidth] = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
            wraps[availWidth]["style"] = style
        return size

    def split(self, availWidth, availHeight):
        self._wraps = None
        try:
            return super().split(availWidth, availHeight)
        finally:
            self._wraps = None

    def _break_long_words(self, room: float) -> bool:
        """Cut the words wider than ``room``; whether any text changed."""
        changed = False
        for frag in getattr(self, "frags", None) or ():
            text = getattr(frag, "text", "")
            size = getattr(frag, "fontSize", 0) or 0
            if not text or not size:
                continue
            # No glyph of these fonts is narrower than a fifth of the size: shorter words fit.
            shortest = int(room / (size * 0.2)) + 1
            if len(text) < shortest:
                continue
            font = pdfmetrics.getFont(frag.fontName)
            pattern = re.compile(rf"\S{{{shortest},}}")
            frag.text = pattern.sub(lambda m, f=font, s=size: _pieces(m.group(0), f, s, room), text)
            changed = changed or frag.text != text
        return changed


_WRAP_STATE = (
    *("frags", "blPara", "width", "height", "_wrapWidths"),
    *("_width_max", "_splitLongWordCount", "_hyphenations"),
)
"""What Paragraph.wrap (and its breakLines) set on the paragraph."""


def _pieces(word: str, font, size: float, room: float) -> str:
    """``word`` cut into pieces no wider than ``room``, joined by spaces (where the lines break)."""
    face = getattr(font, "face", None)
    widths = getattr(face, "charWidths", None)
    if widths is None:  # a standard font: measure each character

        def width(ch: str) -> float:
            return pdfmetrics.stringWidth(ch, font.fontName, size)
    else:
        default, scale = face.defaultWidth, 0.001 * size

        def width(ch: str) -> float:
            return widths.get(ord(ch), default) * scale

    limit = room * 0.995
    pieces, start, used = [], 0, 0.0
    for i, ch in enumerate(word):
        w = width(ch)
        if used + w > limit and i > start:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += w
    pieces.append(word[start:])
    return " ".join(pieces)


__all__ = ["TextParagraph", "covers", "isolate", "markup", "plain", "replacement", "shape"]
