"""The workbook and the commissioning documents as data: schemas and loaders. No Qt, no database.

The names below load on first use (PEP 562), so a light module of this package can be
imported without pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jcs_desktop.content.loader import ContentError, load_framework, load_workbook
    from jcs_desktop.content.schema import DetailSheet, Driver, Element, Framework, Level, LevelDetail
    from jcs_desktop.content.strategy import (
        CommissioningMap,
        CommissioningTemplate,
        JscPlan,
        load_commissioning_map,
        load_commissioning_template,
        load_jsc_plan,
    )

__all__ = [
    "CommissioningMap",
    "CommissioningTemplate",
    "ContentError",
    "DetailSheet",
    "Driver",
    "Element",
    "Framework",
    "JscPlan",
    "Level",
    "LevelDetail",
    "load_commissioning_map",
    "load_commissioning_template",
    "load_framework",
    "load_jsc_plan",
    "load_workbook",
]

_FROM_LOADER = frozenset({"ContentError", "load_framework", "load_workbook"})
_FROM_STRATEGY = frozenset(
    {
        "CommissioningMap",
        "CommissioningTemplate",
        "JscPlan",
        "load_commissioning_map",
        "load_commissioning_template",
        "load_jsc_plan",
    }
)


def __getattr__(name: str) -> Any:
    if name in _FROM_LOADER:
        from jcs_desktop.content import loader

        return getattr(loader, name)
    if name in _FROM_STRATEGY:
        from jcs_desktop.content import strategy

        return getattr(strategy, name)
    if name in __all__:
        from jcs_desktop.content import schema

        return getattr(schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
