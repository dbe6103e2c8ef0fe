"""The PDF report: opened with pypdf and checked for its content, fonts and escaping."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.pdf import write_pdf
from tests.pdf_outline import outline_entries

UNICODE_NAMES = ["Zoë Ó Súilleabháin", "Łukasz Wójcik", "Ελένη Παπαδοπούλου"]
LITERAL = "<b>bold</b> & co"


def _text(path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def demo_pdf(services, demo_id, tmp_path):
    return write_pdf(build_report(services, demo_id), tmp_path / "report.pdf")


def test_report_contains_drivers_totals_bands_and_actions(services, demo_id, demo_pdf):
    text = _flat(_text(demo_pdf))
    fw = services.framework
    results = services.scores.results(demo_id)
    assert fw.final_scores.title in text and fw.final_scores.score_heading in text
    for dres in results.drivers:
        assert dres.title in text
        band = fw.levels[dres.agreed_band - 1].name
        # The driver's row of the final-scores table: title, total, thresholds, band reached.
        lo, hi = dres.thresholds[dres.agreed_band - 1]
        assert re.search(rf"{re.escape(dres.title)} {dres.agreed.total} .*?{lo}–{hi}.*?{re.escape(band)}", text), (
            dres.title
        )
    for level in fw.levels:
        assert level.name in text
    for action in services.planning.actions(demo_id):
        assert _flat(action.achieve) in text
        assert _flat(action.lead) in text
        for point in action.review_points:
            assert _flat(point.expected) in text
    for column in fw.action_planning.columns:
        assert column.heading in text
    assert fw.action_planning.delivery_plan_title in text


def test_cover_contents_and_page_numbers(services, demo_id, demo_pdf):
    reader = PdfReader(str(demo_pdf))
    pages = [p.extract_text() for p in reader.pages]
    n = len(pages)
    assert "Who took part" in pages[0]
    workshop = services.workshops.get(demo_id)
    assert workshop.title.split()[0] in pages[0] and workshop.partnership in pages[0]
    assert "Contents" in pages[1] and "The agreed grid" in pages[1]
    assert f"Page 2 of {n}" in pages[1]
    assert f"Page {n} of {n}" in pages[-1]
    # Each section's bookmark (the same entries as the contents list) points at the page showing it.
    entries = [item for item in outline_entries(reader.outline)]
    titles = [e.title for e in entries]
    assert "Where views differed most" in titles and "The agreed grid" in titles
    for entry in entries:
        page = reader.get_destination_page_number(entry)
        assert _flat(entry.title) in _flat(pages[page]), entry.title
        assert _flat(entry.title)[:40] in _flat(pages[1])  # listed in the contents


def test_unicode_names_print_and_the_font_is_embedded(services, demo_id, demo_pdf):
    text = _text(demo_pdf)
    for name in UNICODE_NAMES:
        assert name in text, name
    reader = PdfReader(str(demo_pdf))
    embedded = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None, font
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert any("DejaVuSans" in name for name in embedded)


def test_user_text_is_printed_literally(services, demo_id, tmp_path):
    element = services.framework.element_ids()[0]
    services.scores.set_agreed(demo_id, element, rationale=LITERAL)
    services.workshops.update(demo_id, {**services.workshops.get(demo_id).fields().model_dump(), "notes": LITERAL})
    action = services.planning.actions(demo_id)[0]
    services.planning.update_action(action.id, achieve="Costs < budget & > zero")
    text = _text(write_pdf(build_report(services, demo_id), tmp_path / "escaped.pdf"))
    assert text.count(LITERAL) >= 2  # the cover notes and the agreed grid
    assert "Costs < budget & > zero" in text


def test_charts_are_vectors_not_pictures(demo_pdf):
    reader = PdfReader(str(demo_pdf))
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"
    # The radar's rings and outlines are paths on the final-scores page.
    page = next(p for p in reader.pages if "Each axis runs from 0" in p.extract_text())
    assert page.get_contents().get_data().count(b" l ") > 30


def test_anonymised_report_names_nobody(services, demo_id, tmp_path):
    text = _text(write_pdf(build_report(services, demo_id, anonymise=True), tmp_path / "anon.pdf"))
    for person in services.participants.list(demo_id):
        assert person.display_name not in text, person.display_name
        assert person.anonymous_label in text
    assert "Anonymised report" in text


def test_empty_workshop_still_makes_a_report(services, tmp_path):
    workshop = services.workshops.create({"title": "Nothing yet"}).previous
    text = _text(write_pdf(build_report(services, workshop.id), tmp_path / "empty.pdf"))
    assert "Nothing yet" in text
    assert "No actions recorded yet" in text
    assert "0 of 5 scored" in text


def test_progress_reaches_the_end(services, demo_id, tmp_path):
    seen = []
    write_pdf(build_report(services, demo_id), tmp_path / "p.pdf", lambda f, m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0


@pytest.mark.parametrize(
    ("bad", "printed"),
    [
        # Control characters are dropped; the words around them stay.
        ("\x00\x07 control chars", "control chars"),
        # The emoji itself cannot be read back (pypdf cannot parse a code point above U+FFFF in the
        # font's map), so only the text beside it is checked.
        ("😀 emoji beside it", "emoji beside it"),
        ("<i>markup</i> & <br/> &amp; stays literal", "<i>markup</i> & <br/> &amp; stays literal"),
    ],
)
def test_odd_text_does_not_break_the_report(services, demo_id, tmp_path, bad, printed):
    services.scores.set_agreed(demo_id, services.framework.element_ids()[0], rationale=bad)
    text = _text(write_pdf(build_report(services, demo_id), tmp_path / "odd.pdf"))
    assert printed in _flat(text)
    assert "\x00" not in text and "\x07" not in text


def test_a_very_long_word_is_wrapped_not_cut(services, demo_id, tmp_path):
    from jcs_desktop.exports.pdf_text import TEXT_LIMIT

    # Below the report's per-field limit (longer text is shortened with a note, tested elsewhere).
    length = TEXT_LIMIT - 100
    services.scores.set_agreed(demo_id, services.framework.element_ids()[0], rationale="a" * length)
    text = _text(write_pdf(build_report(services, demo_id), tmp_path / "long.pdf"))
    # Split over many lines (and perhaps pages, with their headings between): every letter is there.
    pieces = [line for line in text.splitlines() if line and set(line) == {"a"}]
    assert len(pieces) > 10
    assert sum(map(len, pieces)) == length


def test_final_scores_table_says_how_many_people_each_mean_rests_on(services, demo_id, tmp_path):
    from jcs_desktop.domain.scoring import NOT_SURE

    driver = services.framework.drivers[1]
    people = services.participants.list(demo_id)
    services.scores.set_many(people[0].id, {driver.elements[2].id: NOT_SURE})
    reader = PdfReader(str(write_pdf(build_report(services, demo_id), tmp_path / "basis.pdf")))
    page = next(p.extract_text() for p in reader.pages if "Mean of individual totals" in p.extract_text())
    flat = _flat(page)
    for result in services.scores.results(demo_id).drivers:
        assert f"{result.individual_totals.mean:.1f} from {result.individual_from} of {result.individual_of}" in flat
    assert f"from {len(people) - 1} of {len(people)}" in flat
