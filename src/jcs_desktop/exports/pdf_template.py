"""A Strategic Commissioning Template worksheet as an A4 PDF (reportlab, the report's fonts and styles).

A cover (the template's title, the worksheet's objective, the workshop), then each step on a new
page with its guidance and its questions (number and text from the content) and answers, 1.9's
parts with their RED/AMBER/GREEN status and the definitions, the options of 4.1 lettered with
their tags, 4.2-4.4 per option, TABLE (3.2) and step 5's action tables. Every text goes through
``pdf_base.para``: markup typed into an answer prints literally, and every name prints as typed.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak, Spacer

from jcs_desktop.exports.common import ExportError, Progress, atomic_target, no_progress
from jcs_desktop.exports.pdf_base import (
    PORTRAIT_WIDTH,
    ReportDoc,
    c,
    heading,
    para,
    register_fonts,
    styles,
    table,
)
from jcs_desktop.exports.strategy_model import QuestionView, TableView, template_view

_RAG_FILLS = {"green": "C6EFCE", "amber": "FFE699", "red": "F4B6B6"}


def write_template_pdf(
    template, worksheet, path: str | Path, report_progress: Progress | None = None, *, about: str = ""
) -> Path:
    """Write one worksheet to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    progress(0.05, "Preparing fonts…")
    register_fonts()
    st = styles()
    st["bullets"] = [
        ParagraphStyle(f"bullet{d}", parent=st["prompt"], fontSize=8.5, leading=11, leftIndent=8 + 10 * d)
        for d in range(3)
    ]
    st["question"] = ParagraphStyle("question", parent=st["h3"], spaceBefore=6, spaceAfter=2, keepWithNext=1)
    st["answer"] = ParagraphStyle("answer", parent=st["body"], spaceAfter=3)
    st["note"] = ParagraphStyle("note", parent=st["prompt"], fontSize=8.5, leading=11, spaceAfter=2)
    steps = template_view(template, worksheet)
    progress(0.3, "Laying out the Strategic Commissioning Template…")
    target = Path(path)
    with atomic_target(target) as tmp:
        doc = ReportDoc(
            str(tmp),
            header_left=template.title,
            header_right=worksheet.objective,
            footer_left=about,
            title=template.title,
            author="JCS Desktop",
            subject=worksheet.objective,
            creator="JCS Desktop",
        )
        try:
            doc.build_numbered(lambda: _story(template, worksheet, steps, about, st))
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, "Strategic Commissioning Template saved")
    return target


def _story(template, worksheet, steps, about: str, st) -> list:
    story: list = [NextPageTemplate("body"), Spacer(1, 14 * mm), para(template.title, st["cover_kicker"])]
    story += [Spacer(1, 6 * mm), para(worksheet.objective or "–", st["cover_title"])]
    if about:
        story.append(para(about, st["cover_sub"]))
    for step in steps:
        story += [PageBreak(), heading(step.heading, st["h1"], 0)]
        story += [para("• " + text, st["bullets"][min(depth, 2)]) for depth, text in step.prompts]
        for group in step.groups:
            if group.heading:
                story.append(heading(group.heading, st["h2"], None))
            for q in group.questions:
                story += _question(q, st)
        for t in step.tables:
            story += _table(t, st)
    return story


def _answer(text: str, st):
    return para(text, st["answer"]) if text else para("–", st["muted"])


def _question(q: QuestionView, st) -> list:
    out: list = [para(q.heading, st["question"])]
    out += [para(note, st["note"]) for note in q.notes]
    if q.kind == "rag":
        if q.answer:
            out.append(_answer(q.answer, st))
        rows = [[para(h, st["head"]) for h in ("", "Status", "Comment")]]
        extra = []
        for r, part in enumerate(q.parts, start=1):
            rows.append(
                [
                    para(f"{part.label} {part.text}", st["cell"]),
                    para(part.status or "–", st["cellbold"]),
                    para(part.answer, st["cell"]),
                ]
            )
            if part.status_id in _RAG_FILLS:
                extra.append(("BACKGROUND", (1, r), (1, r), c(_RAG_FILLS[part.status_id])))
        out.append(table(rows, [60 * mm, 24 * mm, PORTRAIT_WIDTH - 84 * mm], extra=extra, zebra=False))
        out.append(Spacer(1, 2 * mm))
        out += [para(f"{label}: {definition}", st["note"]) for _id, label, definition in q.statuses]
        return out
    if q.kind == "options":
        if q.options_intro:
            out.append(para(q.options_intro, st["note"]))
        out += [para(f"• {tag} – {explanation}", st["bullets"][0]) for tag, explanation in q.option_tags]
        rows = [[para(h, st["head"]) for h in ("Option", "Tag", "Description")]]
        rows += [[para(o.letter, st["cellbold"]), para(o.tag, st["cell"]), para(o.text, st["cell"])] for o in q.options]
        if not q.options:
            rows.append([para("–", st["muted"]), para("", st["cell"]), para("", st["cell"])])
        out += [Spacer(1, 2 * mm), table(rows, [18 * mm, 28 * mm, PORTRAIT_WIDTH - 46 * mm])]
        return out
    if q.kind == "actions":
        for t in q.tables:
            out += _table(t, st)
        return out
    if q.kind == "table":
        return out  # answered in its table, after the step's questions
    if q.answer or not q.per_option:
        out.append(_answer(q.answer, st))
    for letter, answer in q.per_option:
        out.append(KeepTogether([para(f"Option {letter}", st["cellbold"]), _answer(answer, st)]))
    return out


def _table(t: TableView, st) -> list:
    rows = [[para(h, st["head"]) for h in t.headings]]
    rows += [[para(v, st["cell"]) for v in values] for values in t.rows]
    if not t.rows:
        rows.append([para("–", st["muted"])] + [para("", st["cell"])] * (len(t.headings) - 1))
    widths = [PORTRAIT_WIDTH / len(t.headings)] * len(t.headings)
    return [Spacer(1, 3 * mm), para(t.heading, st["h3"]), table(rows, widths)]


__all__ = ["write_template_pdf"]
