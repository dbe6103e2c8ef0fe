"""A PDF's outline (bookmarks) as a flat list, for the export tests that read it back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def outline_entries(outline: Iterable) -> Iterator:
    """Every entry of pypdf's nested outline (lists hold an entry's children), in order."""
    for item in outline:
        if isinstance(item, list):
            yield from outline_entries(item)
        else:
            yield item
