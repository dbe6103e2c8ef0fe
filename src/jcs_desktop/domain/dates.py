"""Reading a date a facilitator typed: "15/03/2027", "2027-03-15", "15 Mar 2027", "March 15, 2027".

Pure Python, no locale database: the caller says whether the user's short date form puts the
day first (en_GB: 15/03/2027) or the month first (en_US: 3/15/27). When the numbers only make
sense the other way round (a 15th month), the other order is taken; the caller shows the date
it understood, so an ambiguous 04/05/2027 is never taken silently.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

EXAMPLES = "15/03/2027, 2027-03-15 or 15 Mar 2027"


class DateParseError(ValueError):
    """The text is not a date; the message says what was typed and what would be understood."""


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$")
_DAY_NAME_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{2}|\d{4})$")
_NAME_DAY_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*(\d{2}|\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, day_first: bool = True) -> dt.date | None:
    """The date ``text`` stands for, or None for an empty text (no date).

    Raises DateParseError for anything else that is not a real calendar date.
    """
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return None
    found: dt.date | None = None
    if m := _ISO.match(cleaned):
        found = _make(int(m[1]), int(m[2]), int(m[3]))
    elif m := _NUMERIC.match(cleaned):
        a, b, year = int(m[1]), int(m[2]), _year(m[3])
        first = (year, b, a) if day_first else (year, a, b)
        second = (year, a, b) if day_first else (year, b, a)
        found = _make(*first) or _make(*second)
    elif (m := _DAY_NAME_YEAR.match(cleaned)) and m[2] in _MONTHS:
        found = _make(_year(m[3]), _MONTHS[m[2]], int(m[1]))
    elif (m := _NAME_DAY_YEAR.match(cleaned)) and m[1] in _MONTHS:
        found = _make(_year(m[3]), _MONTHS[m[1]], int(m[2]))
    if found is None:
        raise DateParseError(f"“{text.strip()}” is not a date. Type it like {EXAMPLES}.")
    return found
