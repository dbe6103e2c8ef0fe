"""The commissioning documents as Word: a JSC Plan outline and the Strategic Commissioning Template.

``write_jsc_plan``: the plan's sections in order (``resources/strategy/jsc-plan.json``; Heading 1
for a section, Heading 2 for a sub-section), each section's guidance as the document's own
``Prompt`` paragraphs and ``Prompt Bullet`` bullets (``docx_base``), and the workshop's results
where they belong (under Heading 3, so the plan's own headings stay the document's outline):

- Analysis: the final-scores table (driver, agreed total, band) and a chart of the totals, and
  the options each worksheet appraised (4.1, lettered, with their tags);
- 10-Year Joint Commissioning Strategic Proposals: the worksheets' partnership objectives, and
  the priority drivers with their target levels and Prioritised Improvement Targets;
- One Year Change Fund Delivery Plan: the pro forma as a table with its columns from the content
  and a row per action of the action plan.

The pro forma's columns are filled from an action by column id:

==========================  ==========================================================================
``logic-model-element``     the drivers and elements the action addresses
``service``                 We need to achieve… (and What we are trying to achieve, when different)
``changes``                 By doing… (its numbered steps)
``impact``                  So that we can… and What will really make the difference?
``timeline``                By when…
``milestones``              each review point: its date and What we expect to have achieved
``responsible-officers``    Lead person for delivery, Support roles, Involving…
``review``                  How critical, how well, and the review points' dates
==========================  ==========================================================================

A column the content adds later is left empty for partners to fill in. The headings used for
the parts of a cell are the workbook's own (the report's action-plan and detailed-sheet
headings). ``write_template_docx``: one worksheet in the template's order (``strategy_model``).
"""

from __future__ import annotations

from pathlib import Path

from jcs_desktop.exports import docx_base as wd
from jcs_desktop.exports.common import ExportError, Progress, atomic_target, level_tint, no_progress
from jcs_desktop.exports.model import ActionItem, Report, format_date
from jcs_desktop.exports.strategy_model import StepView, TableView, template_view

_PRO_FORMA_WIDTHS = {
    "logic-model-element": 30,
    "timeline": 22,
    "service": 35,
    "changes": 36,
    "impact": 35,
    "responsible-officers": 34,
    "review": 36,
}
"""Relative widths of the pro forma's columns (32 for any other)."""
_RAG_TINTS = {"green": "C6EFCE", "amber": "FFE699", "red": "F4B6B6"}


def _headings(report: Report) -> dict[str, str]:
    found = {h.key: h.heading for h in (*report.action_columns, *report.detailed_fields)}
    return {k: v.split(" – ")[0].rstrip(".… ") for k, v in found.items()}


def _join(*parts: tuple[str, str]) -> str:
    def labelled(label: str, value: str) -> str:
        if not label:
            return value
        return f"{label} {value}" if label.endswith(("?", ":")) else f"{label}: {value}"

    return "\n".join(labelled(label, value) for label, value in parts if value)


def pro_forma_cells(report: Report, action: ActionItem) -> dict[str, str]:
    """The pro forma's cells for one action, by column id (see the module's docstring)."""
    h = _headings(report)
    dates = [format_date(r.date) for r in action.review_points if r.date]
    service = action.achieve
    if action.purpose and action.purpose != action.achieve:
        service = _join(("", action.achieve), (h.get("purpose", ""), action.purpose))
    return {
        "logic-model-element": "\n".join(action.links),
        "service": service,
        "changes": action.value("by_doing"),
        "impact": _join((h.get("so_that", ""), action.so_that), (h.get("difference", ""), action.difference)),
        "timeline": format_date(action.by_when),
        "milestones": "\n".join(
            f"{format_date(r.date) or '–'}: {r.expected}" for r in action.review_points if r.expected or r.date
        ),
        "responsible-officers": _join(
            (h.get("lead", ""), action.lead),
            (h.get("support", ""), action.support),
            (h.get("involving", ""), action.involving),
        ),
        "review": _join((h.get("how_critical", ""), action.how_critical), ("", ", ".join(dates))),
    }


def _subtitle(report: Report) -> str:
    bits = [report.partnership, report.locality, format_date(report.date)]
    return " · ".join(b for b in bits if b)


# --------------------------------------------------------------------------------------------------
# The JSC Plan outline


def write_jsc_plan(report: Report, worksheets, plan, path: str | Path, report_progress: Progress | None = None) -> Path:
    """Write the JSC Plan outline to ``path`` (replaced only once complete); return the path."""
    progress = report_progress or no_progress
    progress(0.1, "Laying out the JSC Plan outline…")
    doc = wd.new_document(f"{plan.title} – {report.title}")
    doc.add_paragraph(wd.text(plan.title), style="Title")
    wd.paragraph(doc, report.title, "Subtitle")
    if _subtitle(report):
        wd.paragraph(doc, _subtitle(report))
    wd.paragraph(
        doc,
        f"Outline from the workshop of {format_date(report.date) or 'no date'}, produced "
        f"{format_date(report.generated)}. Grey italic text is the plan's guidance: replace it with the "
        "partnership's own text.",
        wd.PROMPT,
    )
    if report.anonymised:
        wd.paragraph(doc, report.anonymisation_notice, wd.PROMPT)
    places = {
        "analysis": _analysis,
        "strategic-proposals": _proposals,
        "delivery-plan": _delivery_plan,
    }
    for section in plan.sections:
        _section(doc, section, 1)
        if section.id in places:
            places[section.id](doc, report, worksheets, section)
    progress(0.8, "Saving the JSC Plan outline…")
    return _save(doc, path, progress, "JSC Plan outline saved")


def _section(doc, section, level: int) -> None:
    doc.add_heading(wd.text(section.heading), level)
    for text in section.paragraphs:
        wd.paragraph(doc, text, wd.PROMPT)
    from jcs_desktop.exports.strategy_model import prompt_lines

    wd.prompts(doc, prompt_lines(section.prompts))
    for child in section.subsections:
        _section(doc, child, min(level + 1, 2))


def _analysis(doc, report: Report, worksheets, _section) -> None:
    doc.add_heading(wd.text(report.final_scores_title), 3)
    rows = [
        (d.title, str(d.total) if d.total is not None else d.total_label, report.level_title(d.band) or "–")
        for d in report.drivers
    ]
    out = wd.table(doc, ["Driver", report.score_heading, "Level reached"], rows, widths_mm=[90, 30, 50])
    for row, d in zip(out.rows[1:], report.drivers, strict=True):
        wd.shade(row.cells[2], level_tint(d.band))
    doc.add_paragraph()
    wd.picture(doc, wd.final_scores_png(report), 165)
    wd.paragraph(
        doc,
        "Each bar is a driver's agreed total, coloured by the level it reaches; the marks are that driver's "
        "own band boundaries.",
        wd.PROMPT,
    )
    for ws in worksheets:
        options = template_options(ws)
        if not options:
            continue
        doc.add_heading(wd.text(f"Options: {ws.objective}" if ws.objective else "Options"), 3)
        wd.table(doc, ["Option", "Tag", "Description"], options, widths_mm=[18, 30, 122])


def template_options(ws) -> list[tuple[str, str, str]]:
    from jcs_desktop.content.strategy import load_commissioning_template
    from jcs_desktop.exports.strategy_model import option_letter
    from jcs_desktop.services.worksheets import OPTIONS_TABLE

    tags = {o.id: o.tag for o in load_commissioning_template().option_tags()}
    return [
        (option_letter(i), tags.get(r.option_tag or "", ""), r.cells.get("option", ""))
        for i, r in enumerate(ws.table(OPTIONS_TABLE))
    ]


def _proposals(doc, report: Report, worksheets, _section) -> None:
    objectives = [ws.objective for ws in worksheets if ws.objective]
    if objectives:
        doc.add_heading("Partnership objectives", 3)
        for objective in objectives:
            wd.paragraph(doc, objective, "List Bullet")
    doc.add_heading(wd.text(report.target_label), 3)
    chosen = report.prioritised()
    if not chosen:
        wd.paragraph(doc, "No priorities recorded yet.", wd.PROMPT)
        return
    rows = [
        (
            str(d.priority) if d.priority else "–",
            d.title,
            report.level_title(d.band) or "–",
            report.level_title(d.target_level) or "–",
            d.improvement_target,
        )
        for d in chosen
    ]
    wd.table(
        doc,
        ["Priority", "Driver", "Level now", "Target level", report.target_label],
        rows,
        widths_mm=[19, 38, 30, 30, 53],
    )


def _delivery_plan(doc, report: Report, _worksheets, section) -> None:
    form = section.pro_forma
    if form is None:
        return
    wd.paragraph(doc, form.text, wd.PROMPT)
    rows = []
    for action in report.actions:
        cells = pro_forma_cells(report, action)
        rows.append([cells.get(c.id, "") for c in form.columns])
    # The pro forma is wide: its own landscape section.
    _landscape(doc)
    widths = [_PRO_FORMA_WIDTHS.get(c.id, 32) for c in form.columns]
    widths = [w * 257 / sum(widths) for w in widths]  # the landscape page's width inside the margins
    wd.table(doc, [c.heading for c in form.columns], rows, font_pt=8, blank_rows=0 if rows else 1, widths_mm=widths)
    if not rows:
        wd.paragraph(doc, "No actions recorded yet.", wd.PROMPT)
    _portrait(doc)


def _landscape(doc) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = current.page_height, current.page_width


def _portrait(doc) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = current.page_height, current.page_width


def _save(doc, path: str | Path, progress: Progress, done: str) -> Path:
    target = Path(path)
    with atomic_target(target) as tmp:
        try:
            wd.save(doc, tmp)
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from None
    progress(1.0, done)
    return target


# --------------------------------------------------------------------------------------------------
# The Strategic Commissioning Template


def write_template_docx(
    template, worksheet, path: str | Path, report_progress: Progress | None = None, *, about: str = ""
) -> Path:
    """Write one worksheet as the Strategic Commissioning Template (``about``: the workshop, for the
    title page) to ``path``; return the path."""
    progress = report_progress or no_progress
    progress(0.1, "Laying out the Strategic Commissioning Template…")
    doc = wd.new_document(template.title)
    doc.add_paragraph(wd.text(template.title), style="Title")
    if worksheet.objective:
        wd.paragraph(doc, worksheet.objective, "Subtitle")
    if about:
        wd.paragraph(doc, about)
    for step in template_view(template, worksheet):
        _step(doc, step)
    progress(0.8, "Saving the Strategic Commissioning Template…")
    return _save(doc, path, progress, "Strategic Commissioning Template saved")


def _step(doc, step: StepView) -> None:
    doc.add_heading(wd.text(step.heading), 1)
    wd.prompts(doc, step.prompts)
    for group in step.groups:
        if group.heading:
            doc.add_heading(wd.text(group.heading), 2)
        for q in group.questions:
            wd.paragraph(doc, q.heading, wd.QUESTION)
            for note in q.notes:
                wd.paragraph(doc, note, wd.PROMPT)
            _answer(doc, q)
    for t in step.tables:
        _table(doc, t)


def _answer(doc, q) -> None:
    if q.kind == "rag":
        if q.answer:
            wd.paragraph(doc, q.answer)
        out = wd.table(
            doc,
            ["", "Status", "Comment"],
            [(p.label + " " + p.text, p.status, p.answer) for p in q.parts],
            widths_mm=[70, 25, 75],
        )
        for row, part in zip(out.rows[1:], q.parts, strict=True):
            if part.status_id:
                wd.shade(row.cells[1], _RAG_TINTS.get(part.status_id, "FFFFFF"))
        doc.add_paragraph()
        for _id, label, definition in q.statuses:
            paragraph = doc.add_paragraph(style=wd.PROMPT)
            run = paragraph.add_run(wd.text(label) + ": ")
            run.bold = True
            paragraph.add_run(wd.text(definition))
        return
    if q.kind == "options":
        if q.options_intro:
            wd.paragraph(doc, q.options_intro, wd.PROMPT)
        for tag, explanation in q.option_tags:
            paragraph = doc.add_paragraph(style=wd.PROMPT_BULLETS[0])
            paragraph.add_run(wd.text(tag) + " ").bold = True
            paragraph.add_run(wd.text(explanation))
        wd.table(
            doc,
            ["Option", "Tag", "Description"],
            [(o.letter, o.tag, o.text) for o in q.options],
            widths_mm=[18, 30, 122],
            blank_rows=0 if q.options else 1,
        )
        return
    if q.kind == "actions":
        for t in q.tables:
            _table(doc, t)
        return
    if q.kind == "table":
        return  # answered in its table, after the step's questions
    if q.answer or not q.per_option:
        wd.paragraph(doc, q.answer)
    for letter, answer in q.per_option:
        paragraph = doc.add_paragraph(style=wd.ANSWER)
        paragraph.add_run(f"Option {letter}: ").bold = True
        paragraph.add_run(wd.text(answer))


def _table(doc, t: TableView) -> None:
    doc.add_heading(wd.text(t.heading), 3)
    wd.table(doc, list(t.headings), list(t.rows), font_pt=8, blank_rows=0 if t.rows else 1)


__all__ = ["pro_forma_cells", "write_jsc_plan", "write_template_docx"]
