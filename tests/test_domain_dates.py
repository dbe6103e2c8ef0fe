"""Typed dates: every form a facilitator might type, and a clear refusal of anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcs_desktop.domain.dates import DateParseError, parse_date

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2027",
        "15/3/2027",
        "15.03.2027",
        "15-03-2027",
        "15/03/27",
        "2027-03-15",
        "2027/3/15",
        "15 Mar 2027",
        "15 March 2027",
        "15th March 2027",
        "15-Mar-2027",
        "March 15, 2027",
        "mar 15 2027",
        "  15   MAR   2027 ",
    ],
)
def test_the_forms_a_facilitator_types(text: str) -> None:
    assert parse_date(text) == dt.date(2027, 3, 15)


def test_the_short_form_follows_the_locale_order() -> None:
    assert parse_date("04/05/2027", day_first=True) == dt.date(2027, 5, 4)
    assert parse_date("04/05/2027", day_first=False) == dt.date(2027, 4, 5)
    # A 15th month only makes sense the other way round.
    assert parse_date("03/15/2027", day_first=True) == dt.date(2027, 3, 15)
    assert parse_date("15/03/2027", day_first=False) == dt.date(2027, 3, 15)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_means_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["31/02/2027", "2027-13-01", "tomorrow", "15 Foo 2027", "15/03", "1503/2027", "32 March 2027", "15/03/0"]
)
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert text.strip() in str(info.value) and "15/03/2027" in str(info.value)


@given(DATES, st.booleans())
def test_every_date_reads_back_in_every_form(day: dt.date, day_first: bool) -> None:
    short = f"{day.day}/{day.month}/{day.year}" if day_first else f"{day.month}/{day.day}/{day.year}"
    name = MONTH_NAMES[day.month - 1]
    for text in (day.isoformat(), short, f"{day.day} {name} {day.year}", f"{day.day} {name[:3]} {day.year}",
                 f"{name} {day.day}, {day.year}", day.strftime("%d %b %Y")):  # fmt: skip
        assert parse_date(text, day_first=day_first) == day


@given(st.text(max_size=20))
def test_any_text_is_a_date_none_or_a_clear_error(text: str) -> None:
    try:
        result = parse_date(text)
    except DateParseError as exc:
        assert "is not a date" in str(exc)
    else:
        assert result is None or isinstance(result, dt.date)
