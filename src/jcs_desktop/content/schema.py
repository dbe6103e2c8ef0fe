"""Pydantic schema for a maturity framework such as the "A Catalyst for Change" workbook.

The schema admits any framework of the same shape: N drivers, each with M
elements, each rated on K levels, with per-driver score thresholds that
partition the possible driver totals M..M*K into K contiguous bands.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Strict(BaseModel):
    # defer_build: the validators are built on first validation, not when this module is
    # imported, so a start-up that takes the workbook from its cache (loader.py) never
    # pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Level(_Strict):
    """One of the K levels of site expertise, in order (1 = lowest)."""

    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    description: str = Field(default="", description="The workbook's 'Site expertise' text")


class LevelDetail(_Strict):
    """One level of an element's detailed-assessment sheet."""

    statement: str = Field(min_length=1)
    statement_source: Literal["sheet", "grid"] = Field(
        default="sheet",
        description="'grid' when the sheet lacks this statement and the grid's descriptor is used",
    )
    indicators: list[str] = Field(default_factory=list)
    approaches: list[str] = Field(default_factory=list)


class DetailSheet(_Strict):
    """The detailed-assessment sheet of one element (stage 2)."""

    title: str = Field(min_length=1, description="The sheet's own title, which may differ from the grid's")
    levels: list[LevelDetail]
    notes: list[str] = Field(default_factory=list, description="How the seed's quirks were handled")


class Element(_Strict):
    """One of a driver's performance criteria."""

    id: str = Field(description="Stable id: '<driver-id>.<slug>'")
    title: str = Field(min_length=1, description="Title as in the self-assessment grid")
    descriptors: list[str] = Field(description="The grid's descriptor for each level, in level order")
    page: int | None = Field(default=None, description="'More info on page…' in the grid")
    detail: DetailSheet

    @field_validator("descriptors")
    @classmethod
    def _descriptors_not_blank(cls, value: list[str]) -> list[str]:
        for i, text in enumerate(value, start=1):
            if not text.strip():
                raise ValueError(f"descriptor for level {i} is blank")
        return value


class Driver(_Strict):
    id: str
    title: str = Field(min_length=1)
    elements: list[Element] = Field(min_length=1)
    thresholds: list[tuple[int, int]] = Field(
        description="Score thresholds: one inclusive [low, high] range of driver totals per level"
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"driver id {value!r} must be lower-case words joined by '-'")
        return value

    @model_validator(mode="after")
    def _element_ids(self) -> Driver:
        for element in self.elements:
            prefix, _, slug = element.id.partition(".")
            if prefix != self.id or not _ID_RE.match(slug):
                raise ValueError(f"element id {element.id!r} must be '{self.id}.<slug>'")
        return self


class GuidanceSection(_Strict):
    """A piece of the workbook's own guidance for facilitators, shown as help."""

    id: str
    title: str = Field(min_length=1)
    paragraphs: list[str] = Field(min_length=1)


class Column(_Strict):
    key: str
    heading: str = Field(min_length=1)
    prompt: str = ""


class ActionPlanning(_Strict):
    """Headings of the action-planning sheet and the detailed action-planning sheet."""

    title: str
    columns: list[Column] = Field(description="Action-planning sheet columns, in order")
    detailed_title: str
    detailed_intro: str = ""
    detailed_fields: list[Column] = Field(description="Fields of a detailed action-planning sheet")
    delivery_plan_title: str
    delivery_plan_columns: list[Column]


class FinalScores(_Strict):
    title: str
    instructions: str
    score_heading: str
    thresholds_heading: str
    target_heading: str = Field(description="'Prioritised Improvement Target – what to change …'")


class Framework(_Strict):
    """A whole framework: the levels, the drivers with their elements, and guidance."""

    id: str
    title: str
    subtitle: str = ""
    source: str = ""
    levels: list[Level] = Field(min_length=2)
    drivers: list[Driver] = Field(min_length=1)
    final_scores: FinalScores
    action_planning: ActionPlanning
    guidance: list[GuidanceSection] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Framework:
        k = len(self.levels)
        for i, level in enumerate(self.levels, start=1):
            if level.number != i:
                raise ValueError(f"levels must be numbered 1..{k} in order; found {level.number} at position {i}")
        m = len(self.drivers[0].elements)
        seen: set[str] = set()
        for driver in self.drivers:
            if driver.id in seen:
                raise ValueError(f"duplicate driver id {driver.id!r}")
            seen.add(driver.id)
            if len(driver.elements) != m:
                raise ValueError(
                    f"driver {driver.id!r} has {len(driver.elements)} elements; every driver must have {m}"
                )
            for element in driver.elements:
                if element.id in seen:
                    raise ValueError(f"duplicate element id {element.id!r}")
                seen.add(element.id)
                if len(element.descriptors) != k:
                    raise ValueError(f"element {element.id!r} has {len(element.descriptors)} descriptors; expected {k}")
                if len(element.detail.levels) != k:
                    raise ValueError(
                        f"element {element.id!r} detail sheet has {len(element.detail.levels)} levels; expected {k}"
                    )
            _check_thresholds(driver, k, m)
        return self

    # Convenience look-ups; cheap enough to recompute (30 elements).
    @property
    def level_count(self) -> int:
        return len(self.levels)

    @property
    def elements_per_driver(self) -> int:
        return len(self.drivers[0].elements)

    def element_ids(self) -> list[str]:
        return [e.id for d in self.drivers for e in d.elements]

    def driver(self, driver_id: str) -> Driver:
        for d in self.drivers:
            if d.id == driver_id:
                return d
        raise KeyError(driver_id)

    def element(self, element_id: str) -> Element:
        for d in self.drivers:
            for e in d.elements:
                if e.id == element_id:
                    return e
        raise KeyError(element_id)

    def driver_of(self, element_id: str) -> Driver:
        return self.driver(element_id.partition(".")[0])


def _check_thresholds(driver: Driver, k: int, m: int) -> None:
    """Bands must cover every possible total M..M*K once, in level order."""
    if len(driver.thresholds) != k:
        raise ValueError(f"driver {driver.id!r} has {len(driver.thresholds)} threshold ranges; expected {k}")
    expected_low = m
    for i, (low, high) in enumerate(driver.thresholds, start=1):
        if low != expected_low:
            raise ValueError(
                f"driver {driver.id!r} threshold for level {i} starts at {low}; expected {expected_low} "
                "(bands must be contiguous with no gap or overlap)"
            )
        if high < low:
            raise ValueError(f"driver {driver.id!r} threshold for level {i} is empty ({low}-{high})")
        expected_low = high + 1
    if expected_low - 1 != m * k:
        raise ValueError(f"driver {driver.id!r} thresholds end at {expected_low - 1}; expected {m * k}")
