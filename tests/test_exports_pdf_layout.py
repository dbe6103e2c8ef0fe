"""The PDF report and blank forms laid out as a reader expects: no near-empty pages, marks with a key,
chart labels whole, each person's form numbered on its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pypdf import PdfReader

from jcs_desktop.exports.forms import write_blank_forms
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.pdf import FLAG, write_pdf
from tests.pdf_outline import outline_entries


def _pages(path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


@pytest.fixture
def report(services, demo_id):
    return build_report(services, demo_id)


def test_no_actions_is_one_line_under_one_heading(report, tmp_path):
    empty = dataclasses.replace(report, actions=())
    path = write_pdf(empty, tmp_path / "r.pdf")
    pages = _pages(path)
    said = [i for i, t in enumerate(pages) if "No actions recorded yet" in t]
    assert len(said) == 1  # once, not on two near-empty pages
    reader = PdfReader(str(path))
    titles = [e.title for e in outline_entries(reader.outline)]
    assert report.action_plan_title in titles
    assert report.detailed_title not in titles  # the contents lists no section that is not there
    assert report.detailed_title not in pages[1]
    for entry in outline_entries(reader.outline):  # and each entry still points at its page
        assert entry.title[:30] in pages[reader.get_destination_page_number(entry)]
    assert len(pages) < len(_pages(write_pdf(report, tmp_path / "full.pdf")))


def test_flagged_actions_carry_a_mark_and_the_report_a_key(report, tmp_path):
    a = report.actions
    flagged = dataclasses.replace(
        report,
        actions=(
            dataclasses.replace(a[0], achieve=""),
            dataclasses.replace(a[1], by_when=report.generated - dt.timedelta(days=1)),
            dataclasses.replace(a[2], by_when=report.generated + dt.timedelta(days=30)),
        ),
    )
    pages = _pages(write_pdf(flagged, tmp_path / "r.pdf"))
    plan = next(
        t for t in pages if t.lstrip().startswith(report.action_plan_title) or report.action_plan_title in t[:200]
    )
    assert plan.count(FLAG) == 2 + 2 + 1  # a mark in each row's number and in each flagged cell, and the key
    assert f"{FLAG} (empty)" in plan
    assert "Flagged for the group to look at again" in plan
    sheets = "\n".join(pages)
    assert f"1. {FLAG} (nothing under" in sheets  # the sheet of the action with no aim says so too
    plain = _pages(write_pdf(report, tmp_path / "plain.pdf"))
    assert "Flagged for the group" not in "\n".join(plain)  # no key when nothing is flagged


def test_chart_labels_are_whole_when_there_is_room(report, tmp_path):
    from jcs_desktop.exports import pdf_charts

    long_title = max((e.title for d in report.drivers for e in d.elements), key=len)
    assert len(long_title) > 90  # the demo's longest label needs several lines
    drawing = pdf_charts.driver_bars(
        report, next(d for d in report.drivers if any(e.title == long_title for e in d.elements)), 480
    )
    from reportlab.graphics.shapes import String

    texts = [s.text for s in drawing.getContents() if isinstance(s, String)]
    assert not any(t.endswith("…") for t in texts)
    words = " ".join(texts)
    assert " ".join(long_title.split()) in words


def test_each_persons_form_is_numbered_on_its_own(report, tmp_path):
    pages = _pages(write_blank_forms(report, tmp_path / "forms.pdf"))
    per_person = len(pages) // len(report.people)
    assert per_person > 1 and per_person * len(report.people) == len(pages)
    for i, text in enumerate(pages):
        n = i % per_person + 1
        assert f"Page {n} of {per_person}" in text, text[-80:]
        assert not re.search(rf"Page \d+ of {len(pages)}\b", text)
