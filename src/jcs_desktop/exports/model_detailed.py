"""The stage-2 detailed assessment in the report model: what the group concluded per priority driver.

For each driver the group took into the detailed assessment (in priority order): every
element's agreed level, the level the group refined it to after reading the detailed
sheet (None: it kept the agreed level), the group's notes, and the approaches to change
it ticked from the workbook or wrote itself, with the action each was carried into.
Free text passes through the same ``clean`` function as every other free text of the
report, so an anonymised report replaces participants' names here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.dto import ChosenApproachRecord, DetailedRecord, DriverPlanRecord


@dataclass(frozen=True)
class ChosenApproach:
    level: int
    """The level whose approaches to change this one belongs to."""
    text: str
    own: bool
    """Written by the group rather than ticked from the workbook."""
    action_number: int | None
    """The action-plan row it was carried into (None: not carried, or that action was deleted)."""


@dataclass(frozen=True)
class DetailedElement:
    id: str
    title: str
    """The detailed sheet's own title (from the framework), with a capital first letter."""
    grid_title: str
    """The element's title in the self-assessment grid."""
    agreed: int | None
    refined: int | None
    """The level the group settled on after the detailed assessment; None: it kept the agreed level."""
    notes: str
    approaches: tuple[ChosenApproach, ...]

    @property
    def level(self) -> int | None:
        """The level the element ended the detailed assessment at."""
        return self.refined if self.refined is not None else self.agreed

    @property
    def action_numbers(self) -> tuple[int, ...]:
        return tuple(sorted({a.action_number for a in self.approaches if a.action_number is not None}))

    @property
    def recorded(self) -> bool:
        """Whether the group recorded anything for this element in the detailed assessment."""
        return self.refined is not None or bool(self.notes) or bool(self.approaches)


@dataclass(frozen=True)
class DetailedDriver:
    number: int
    """Its place in the priority order, from 1."""
    id: str
    title: str
    improvement_target: str
    target_level: int | None
    band: int | None
    """The level the driver's agreed total reaches."""
    elements: tuple[DetailedElement, ...]


def sheet_title(text: str) -> str:
    """A detailed sheet's title as a heading: the workbook writes most of them in lower case."""
    return text[:1].upper() + text[1:]


def build_detailed(
    fw: Framework,
    *,
    plans: Mapping[str, DriverPlanRecord],
    detailed: Mapping[str, DetailedRecord],
    approaches: Iterable[ChosenApproachRecord],
    agreed: Mapping[str, object],
    bands: Mapping[str, int | None],
    action_numbers: Mapping[int, int],
    clean: Callable[[str], str],
) -> tuple[DetailedDriver, ...]:
    """The priority drivers' detailed assessment; ``action_numbers`` maps live action ids to their numbers."""
    known = {d.id for d in fw.drivers}
    # As PlanningService.priority_drivers: the drivers given a priority, in priority order.
    chosen_plans = sorted((p for p in plans.values() if p.priority is not None), key=lambda p: p.priority or 0)
    priority = [p.driver_id for p in chosen_plans if p.driver_id in known]
    if not priority:
        return ()
    chosen: dict[str, list[ChosenApproach]] = {}
    for record in approaches:
        chosen.setdefault(record.element_id, []).append(
            ChosenApproach(
                level=record.level,
                # A ticked approach is the workbook's own text; only the group's own is cleaned.
                text=record.text if record.approach_index is not None else clean(record.text),
                own=record.approach_index is None,
                action_number=action_numbers.get(record.action_id) if record.action_id is not None else None,
            )
        )
    out = []
    for number, driver_id in enumerate(priority, start=1):
        driver = fw.driver(driver_id)
        plan = plans[driver_id]
        elements = []
        for element in driver.elements:
            record = detailed.get(element.id)
            level = getattr(agreed.get(element.id), "level", None)
            elements.append(
                DetailedElement(
                    id=element.id,
                    title=sheet_title(element.detail.title),
                    grid_title=element.title,
                    agreed=level,
                    refined=record.refined_level if record else None,
                    notes=clean(record.notes) if record else "",
                    # Ticked approaches by level, then in the order they were chosen.
                    approaches=tuple(sorted(chosen.get(element.id, []), key=lambda a: a.level)),
                )
            )
        out.append(
            DetailedDriver(
                number=number,
                id=driver_id,
                title=driver.title,
                improvement_target=clean(plan.improvement_target),
                target_level=plan.target_level,
                band=bands.get(driver_id),
                elements=tuple(elements),
            )
        )
    return tuple(out)


__all__ = ["ChosenApproach", "DetailedDriver", "DetailedElement", "build_detailed", "sheet_title"]
