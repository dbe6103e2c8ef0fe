"""Turn pasted text into participant rows: one name per line, or spreadsheet rows.

A spreadsheet copy arrives as tab-separated lines (name, organisation, sector,
role); a list from a document or an email arrives one name per line, sometimes
with bullets or numbers in front, which are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

HEADER_WORDS = frozenset({"name", "names", "participant", "participants", "display name", "full name", "person"})
_BULLET = re.compile(r"^\s*(?:[-*•·▪■‣◦]+|\(?\d{1,3}[.)])\s+")
FIELDS = ("display_name", "organisation", "sector", "role")


def parse_pasted(text: str, sectors: Sequence[str] = ()) -> list[dict[str, str]]:
    """Rows of participant fields; a header row and blank lines are skipped.

    A sector that matches one in ``sectors`` apart from case takes that spelling.
    """
    known = {s.casefold(): s for s in sectors}
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [c.strip().strip('"').strip() for c in line.split("\t")] if "\t" in line else [line.strip()]
        if len(cells) == 1:
            cells[0] = _BULLET.sub("", cells[0]).strip()
        if not cells[0]:
            continue
        if not rows and cells[0].casefold() in HEADER_WORDS:
            continue
        row = dict(zip(FIELDS, cells, strict=False))
        for key in FIELDS:
            row.setdefault(key, "")
        if row["sector"]:
            row["sector"] = known.get(row["sector"].casefold(), row["sector"])
        rows.append(row)
    return rows
