"""Anonymised exports: names never survive in free text, and nothing else is touched."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jcs_desktop.exports.anonymise import TITLES, Anonymiser, name_parts


def _mentions(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` as a whole word, ignoring case (an independent check)."""
    text = unicodedata.normalize("NFC", text).casefold()
    part = unicodedata.normalize("NFC", part).casefold()
    return re.search(rf"(?<![\w\u0300-\u036f]){re.escape(part)}(?![\w\u0300-\u036f])", text) is not None


def _clean(names: list[str], text: str, seed: int = 0) -> tuple[Anonymiser, str]:
    anonymiser = Anonymiser.for_people(enumerate(names, start=1), seed=seed)
    return anonymiser, anonymiser.clean(text)


# -- examples -------------------------------------------------------------------------------------


def test_whole_words_only_and_the_full_name_is_one_label() -> None:
    anonymiser, out = _clean(
        ["Al", "Ann Smith", "Margaret Ellis"],
        "Al and ANN SMITH's team disagreed; Mrs Ellis abstained. The annual planning cycle: Analyst, Evaluate.",
    )
    al, ann, ellis = (anonymiser.labels[i] for i in (1, 2, 3))
    assert out == (
        f"{al} and {ann}'s team disagreed; Mrs {ellis} abstained. The annual planning cycle: Analyst, Evaluate."
    )
    assert anonymiser.replacements == 3


def test_given_and_family_names_alone_in_any_case_and_punctuation() -> None:
    anonymiser, out = _clean(
        ["Dr Amara Okafor", "Seán O'Brien-Kelly", "Zoë Ó Súilleabháin"],
        "amara (Okafor) said: OKAFOR’s view! O’Brien, obrien, Kelly-led; sea\u0301n; ZOË and súilleabháin.",
    )
    a, s, z = (anonymiser.labels[i] for i in (1, 2, 3))
    assert out == f"{a} ({a}) said: {a}’s view! {s}, {s}, {s}-led; {s}; {z} and {z}."


def test_a_name_part_shared_by_two_people_names_both_labels() -> None:
    anonymiser, out = _clean(["Ann Smith", "Ann Jones"], "Ann agreed; Ann Jones did not.")
    one, two = anonymiser.labels[1], anonymiser.labels[2]
    both = "/".join(sorted([one, two]))
    assert out == f"{both} agreed; {two} did not."


def test_titles_and_initials_are_not_names_on_their_own() -> None:
    assert name_parts("Dr A. Okafor") == ["Dr A Okafor", "A Okafor", "Okafor"]
    assert name_parts("Mr") == ["Mr"]
    _, out = _clean(["Dr A. Okafor", "J"], "Dr Patel wrote a note; J agreed; I agree.")
    assert out.startswith("Dr Patel wrote a note; P")
    assert out.endswith(" agreed; I agree.")


def test_labels_are_not_given_in_entry_order_but_a_seed_reproduces_them() -> None:
    names = [f"Person{c}" for c in "ABCDEFGHIJKL"]

    def in_order(labels: dict[int, str]) -> tuple[str, ...]:
        return tuple(labels[i] for i in range(len(names)))

    orders = {in_order(Anonymiser.for_people(enumerate(names), seed=seed).labels) for seed in range(20)}
    in_entry_order = tuple(f"P{i}" for i in range(1, 13))
    assert len(orders) > 1 and in_entry_order not in orders
    once = Anonymiser.for_people(enumerate(names), seed=7).labels
    assert once == Anonymiser.for_people(enumerate(names), seed=7).labels
    assert sorted(once.values(), key=lambda lab: int(lab[1:])) == list(in_entry_order)
    # Without a seed every export draws afresh.
    drawn = {in_order(Anonymiser.for_people(enumerate(names)).labels) for _ in range(10)}
    assert len(drawn) > 1


# -- properties -----------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzéüøłçñßåž"
_part = st.text(alphabet=_LETTERS, min_size=2, max_size=9).map(str.capitalize)
_name = st.lists(_part, min_size=1, max_size=3).map(" ".join) | st.tuples(_part, _part, _part).map(
    lambda t: f"{t[0]} {t[1]}-{t[2]}"
)
_filler = st.text(alphabet=_LETTERS + "0123456789 ,.;:!?()'\"\n-–", max_size=30)
_form = st.sampled_from(["as is", "upper", "lower", "title", "swapcase", "nfd"])
_before = st.sampled_from(["", " ", "(", '"', "«", "\n", "'", "-"])
_after = st.sampled_from(["", " ", "'s", "’s", ".", ",", "!", ")", ":", "?", "\n", "-", "»"])


def _shape(text: str, form: str) -> str:
    if form == "nfd":
        return unicodedata.normalize("NFD", text)
    return text if form == "as is" else getattr(text, form)()


@st.composite
def _text_mentioning(draw, names: list[str]) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(names))
        words = name.replace("-", " ").split()
        mention = draw(st.sampled_from([name, *words]))
        pieces += [draw(_filler), draw(_before), _shape(mention, draw(_form)), draw(_after)]
    pieces.append(draw(_filler))
    return "".join(pieces)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), names=st.lists(_name, min_size=1, max_size=5), seed=st.integers(0, 1000))
def test_no_mentioned_name_survives(data, names: list[str], seed: int) -> None:
    text = data.draw(_text_mentioning(names))
    _, out = _clean(names, text, seed)
    for name in names:
        words = name.replace("-", " ").split()
        # Titles stand for nobody in particular ("Dr Amara Okafor" -> "Dr P3"), unless they are the whole name.
        untitled = [w for w in words if w.casefold() not in TITLES] or words
        for part in untitled:
            assert not _mentions(out, part), (part, text, out)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(_name, min_size=1, max_size=5), text=_filler, words=st.lists(_part, max_size=4))
def test_text_that_mentions_nobody_is_unchanged(names: list[str], text: str, words: list[str]) -> None:
    # Names inside longer words ("Al" in "Analyst") are the likeliest victims: put some there.
    text = text + " ".join(f"x{w}y {w}z" for w in names[0].split()) + " ".join(words)
    for name in names:
        for part in name_parts(name):
            assume(not _mentions(text, part))
    anonymiser, out = _clean(names, text)
    assert out == text
    assert anonymiser.replacements == 0


def test_ss_and_sharp_s_are_one_spelling_of_a_name() -> None:
    # Found by the property above: "ßa" is "Ssa" once case is ignored, so it must go too.
    _, out = _clean(["Anna Strauss"], "Strauß said so; STRAUSS agreed; ßa? no; Strausser stays.")
    assert out == "P1 said so; P1 agreed; ßa? no; Strausser stays."
    _, out = _clean(["Ssa"], "ßa Ssa")
    assert out == "P1 P1"


@pytest.mark.parametrize("short", ["Al", "Jo", "Ed"])
def test_very_short_names_are_whole_words(short: str) -> None:
    _, out = _clean([short], f"{short} said: Also {short.upper()}'s, {short.lower()}, {short}ways, Dr{short}.")
    assert out == f"P1 said: Also P1's, P1, {short}ways, Dr{short}."


# -- a real anonymised export, read back -------------------------------------------------------------

WORKBOOK_APPROACHES = [
    ("encouraging-innovation.monitoring", 2, 0),  # "Evaluate how effective incentives to change have been"
    ("understanding-the-market.assumptions", 1, 0),  # "Conduct impact analysis"
    ("maximising-use-of-resources.development", 3, 1),  # "Commissioning plans under annual review"
]
MENTIONS = (
    "Amara and Gareth disagreed; Mrs Ellis abstained; Dr Okafor will check. AL's and ANN's points stand; "
    "Zoë, Łukasz and Ελένη agreed. The annual planning cycle is formal."
)


@pytest.fixture
def named_everywhere(services, demo_id):
    """The demo with "Al" and "Ann" added and participants' names typed into every kind of free text."""
    add = services.participants.add
    add(demo_id, {"display_name": "Al", "sector": "NHS"})
    add(demo_id, {"display_name": "Ann", "sector": "Housing"})
    fw = services.framework
    for element in fw.element_ids()[:6]:
        services.scores.set_agreed(
            demo_id, element, rationale=MENTIONS, with_reservations=True, reservation_note="Ann and Tom: not yet."
        )
    plan = services.planning
    plan.set_driver_plan(demo_id, "understanding-the-market", improvement_target="Helen Marsh to lead; al helps")
    plan.set_detailed(demo_id, "understanding-the-market.capacity", refined_level=2, notes="Ask Kwame (and Sean).")
    chosen = [plan.choose_approach(demo_id, e, lv, i).previous.id for e, lv, i in WORKBOOK_APPROACHES]
    chosen.append(
        plan.choose_approach(demo_id, "understanding-the-market.capacity", 2, text="Fatima's dashboard").previous.id
    )
    action = plan.create_action(
        demo_id,
        {"achieve": "Winston Clarke's review", "lead": "ann", "support": "Begum, Doyle", "resources": "Analyst time"},
        steps=["Ask Margaret", "Brief Wójcik"],
        from_approaches=chosen,
    ).previous
    plan.add_review_point(action.id, {"expected": "Hughes reports", "achieved": "Fletcher did", "learning": "Al."})
    person = services.participants.list(demo_id)[0]
    services.scores.set_note(person.id, fw.element_ids()[0], "Mensah's private note")
    texts = [fw.element(e).detail.levels[lv - 1].approaches[i] for e, lv, i in WORKBOOK_APPROACHES]
    return services.participants.list(demo_id), texts


def _name_words(people) -> set[str]:
    return {w for p in people for w in re.split(r"[\s\-']+", p.display_name) if len(w) >= 2 and w != "Dr"}


def test_anonymised_workbook_and_report_name_nobody_and_keep_the_workbook_text(
    services, demo_id, named_everywhere, tmp_path
):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from jcs_desktop.exports.model import build_report
    from jcs_desktop.exports.pdf import write_pdf
    from jcs_desktop.exports.xlsx import write_workbook

    people, workbook_texts = named_everywhere
    report = build_report(services, demo_id, anonymise=True, seed=3)
    assert {p.id: p.label for p in report.people} != {p.id: p.anonymous_label for p in people}  # not entry order

    wb = load_workbook(write_workbook(report, tmp_path / "anon.xlsx"))
    cells = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    pdf = "\n".join(page.extract_text() or "" for page in PdfReader(str(write_pdf(report, tmp_path / "a.pdf"))).pages)
    flat_pdf = re.sub(r"\s+", " ", pdf)
    for word in _name_words(people):
        assert not _mentions(cells, word), word
        assert not _mentions(pdf, word), word
    for text in [*workbook_texts, "Analyst time", "The annual planning cycle is formal."]:
        assert text in cells, text
        assert text in flat_pdf, text
    assert "Mensah's private note" not in cells
    # Both say what was done to names and free text.
    summary = "\n".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    for said in ("random order", "checked for each participant's full, given and family names", "Other"):
        assert said in summary, said
        assert said in flat_pdf.replace("\u201c", "").replace("\u201d", ""), said
    assert re.search(r"\((\d+) mentions found\)", summary)
