"""The workbook as data: schema and loader. No Qt, no database.

The names below load on first use (PEP 562), so a light module of this package can be
imported without pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jcs_desktop.content.loader import ContentError, load_framework, load_workbook
    from jcs_desktop.content.schema import DetailSheet, Driver, Element, Framework, Level, LevelDetail

__all__ = [
    "ContentError",
    "DetailSheet",
    "Driver",
    "Element",
    "Framework",
    "Level",
    "LevelDetail",
    "load_framework",
    "load_workbook",
]

_FROM_LOADER = frozenset({"ContentError", "load_framework", "load_workbook"})


def __getattr__(name: str) -> Any:
    if name in _FROM_LOADER:
        from jcs_desktop.content import loader

        return getattr(loader, name)
    if name in __all__:
        from jcs_desktop.content import schema

        return getattr(schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
