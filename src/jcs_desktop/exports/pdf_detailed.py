"""The report's "Detailed assessment" section: what the group concluded for each priority driver.

Per driver (in priority order): a heading, its prioritised improvement target with the
level now and the target level, then one compact block per element: the detailed
sheet's title, the agreed level and the refined one, the group's notes and the
approaches to change it chose (with the action each was carried into). Every piece of
user text reaches the page through ``safe``/``para``, so it prints literally.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from jcs_desktop.exports.common import MUTED, RULE, ZEBRA, level_colour, level_tint
from jcs_desktop.exports.model import DetailedDriver, DetailedElement, Report
from jcs_desktop.exports.pdf_base import FONT, PORTRAIT_WIDTH, c, heading, para, safe, table
from jcs_desktop.exports.pdf_text import TextParagraph

TITLE = "Detailed assessment"
INTRO = (
    "The drivers the group chose to look at in detail, in priority order. For each element: the level agreed "
    "in the self-assessment, the level the group settled on after reading the detailed statements, its notes, "
    "and the approaches to change it chose, with the action each was carried into."
)
NO_PRIORITY = "No driver was prioritised for the detailed assessment."
KEPT = "Kept the agreed level"

_LABEL = 30 * mm
_VALUE = (PORTRAIT_WIDTH - 2 * _LABEL) / 2
_WIDTHS = [_LABEL, _VALUE, _LABEL, _VALUE]


def _plain(text: str) -> str:
    """For comparing titles: case, typographic quotes and punctuation do not count."""
    return re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("’", "'")).strip()


def detailed_assessment(report: Report, st) -> list:
    out: list = [heading(TITLE, st["h1"], 0), para(INTRO, st["muted"])]
    if not report.detailed:
        return [*out, Spacer(1, 3 * mm), para(NO_PRIORITY, st["body"])]
    for i, driver in enumerate(report.detailed):
        out += [
            CondPageBreak(80 * mm) if i else Spacer(1, 1 * mm),
            heading(f"{driver.number}. {driver.title}", st["h2"], 1),
        ]
        out += [_target(report, driver, st), Spacer(1, 3 * mm)]
        out += [KeepTogether([_element(report, e, st), Spacer(1, 2.5 * mm)]) for e in driver.elements]
    return out


def _box(extra: list) -> list:
    return [
        ("BOX", (0, 0), (-1, -1), 0.5, c(RULE)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, c(RULE)),
        ("BACKGROUND", (0, 1), (0, -1), c(ZEBRA)),
        *extra,
    ]


def _level_cells(report: Report, number: int | None, col: int, row: int, st, empty: str) -> tuple[Paragraph, list]:
    if number is None:
        return para(empty, st["prompt"]), []
    style = [
        ("BACKGROUND", (col, row), (col, row), c(level_tint(number))),
        ("LINEBEFORE", (col, row), (col, row), 3, c(level_colour(number))),
    ]
    return para(report.level_title(number), st["cellbold"]), style


def _target(report: Report, driver: DetailedDriver, st) -> object:
    now, now_style = _level_cells(report, driver.band, 1, 1, st, "Not reached yet")
    target, target_style = _level_cells(report, driver.target_level, 3, 1, st, "Not set")
    rows = [
        [para(report.target_label, st["cellbold"]), para(driver.improvement_target or "Not written yet.", st["body"])],
        [para("Level now", st["cellbold"]), now, para("Target level", st["cellbold"]), target],
    ]
    rows[0] += ["", ""]
    extra = [
        ("SPAN", (1, 0), (3, 0)),
        ("BACKGROUND", (0, 0), (0, 0), c(ZEBRA)),
        ("BACKGROUND", (2, 1), (2, 1), c(ZEBRA)),
    ]
    return table(rows, _WIDTHS, header_rows=0, zebra=False, extra=_box(extra + now_style + target_style))


def _approach(a, st) -> Paragraph:
    details = [f"level {a.level}"]
    if a.own:
        details.append("the group's own")
    if a.action_number is not None:
        details.append(f"carried into action {a.action_number}")
    muted = "#" + MUTED
    text = f"{safe(a.text)} <font color='{muted}' size='7'>({safe(' · '.join(details))})</font>"
    style = ParagraphStyle(
        "approach", parent=st["cell"], leftIndent=9, bulletIndent=0, bulletFontName=FONT, spaceAfter=2
    )
    return TextParagraph(text, style, bulletText="•")


def _element(report: Report, e: DetailedElement, st) -> object:
    title = [para(e.title, st["cellbold"])]
    if _plain(e.title) != _plain(e.grid_title):
        title.append(para(f"In the self-assessment grid: {e.grid_title}", st["prompt"]))
    agreed, agreed_style = _level_cells(report, e.agreed, 1, 1, st, "Not agreed")
    refined, refined_style = _level_cells(report, e.refined, 3, 1, st, KEPT)
    rows = [
        [title, "", "", ""],
        [para("Agreed level", st["cellbold"]), agreed, para("Refined level", st["cellbold"]), refined],
    ]
    extra = [
        ("SPAN", (0, 0), (3, 0)),
        ("LINEBEFORE", (0, 0), (0, 0), 3, c(level_colour(e.level))),
        ("LINEBELOW", (0, 0), (3, 0), 0.8, c(RULE)),
        ("BACKGROUND", (2, 1), (2, 1), c(ZEBRA)),
    ]
    if e.notes:
        rows.append([para("Notes", st["cellbold"]), para(e.notes, st["cell"]), "", ""])
        extra.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    if e.approaches:
        rows.append([para("Approaches chosen", st["cellbold"]), [_approach(a, st) for a in e.approaches], "", ""])
        extra.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    return table(rows, _WIDTHS, header_rows=0, zebra=False, extra=_box(extra + agreed_style + refined_style))


__all__ = ["detailed_assessment"]
