"""The workbook as data: schema and loader. No Qt, no database."""

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
