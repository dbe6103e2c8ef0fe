"""Since last time: how a partnership's agreed scores moved between two workshops of its series.

Pure functions of agreed levels (element id -> level) and of the target levels the group set
last time (driver id -> level), so that every screen and export says the same thing.

Decisions where the workbook and the issue are silent:

- A driver's change is in points of its agreed total, and only when both workshops have a
  total (every element agreed); otherwise there is no change to show, not a change of 0.
- "Target met" compares this time's band with the target level set last time: met when the
  band reached is at least the target. It is None (not judged) when last time set no target
  or this time has no band yet.
- An element's change is in levels, when both workshops agreed a level for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import DriverTotal, band_for, driver_total

Direction = Literal["up", "down", "same"]


def direction(change: int | None) -> Direction | None:
    if change is None:
        return None
    return "up" if change > 0 else "down" if change < 0 else "same"


@dataclass(frozen=True)
class DriverProgress:
    """One driver, last time beside this time."""

    driver_id: str
    before: DriverTotal
    before_band: int | None
    now: DriverTotal
    now_band: int | None
    target_level: int | None = None
    """The target level the group set for this driver last time."""

    @property
    def change(self) -> int | None:
        """Points of agreed total gained (negative: lost); None unless both totals exist."""
        if self.before.total is None or self.now.total is None:
            return None
        return self.now.total - self.before.total

    @property
    def direction(self) -> Direction | None:
        return direction(self.change)

    @property
    def band_change(self) -> int | None:
        if self.before_band is None or self.now_band is None:
            return None
        return self.now_band - self.before_band

    @property
    def target_met(self) -> bool | None:
        if self.target_level is None or self.now_band is None:
            return None
        return self.now_band >= self.target_level

    def change_text(self) -> str:
        """'up 3 points', 'down 1 point', 'same', or '–' when there is nothing to compare."""
        change = self.change
        if change is None:
            return "–"
        if change == 0:
            return "same"
        points = abs(change)
        return f"{'up' if change > 0 else 'down'} {points} point{'s' if points != 1 else ''}"


def _band(driver, total: DriverTotal) -> int | None:
    return band_for(total.total, driver.thresholds) if total.total is not None else None


def driver_progress(
    framework: Framework,
    before: Mapping[str, int | None],
    now: Mapping[str, int | None],
    targets: Mapping[str, int | None] | None = None,
) -> list[DriverProgress]:
    """Every driver of the framework, in its order: last time's agreed total and band beside this time's."""
    targets = targets or {}
    found = []
    for driver in framework.drivers:
        was, is_ = driver_total(driver, before), driver_total(driver, now)
        found.append(
            DriverProgress(driver.id, was, _band(driver, was), is_, _band(driver, is_), targets.get(driver.id))
        )
    return found


@dataclass(frozen=True)
class ElementProgress:
    element_id: str
    before: int | None
    now: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before

    @property
    def direction(self) -> Direction | None:
        return direction(self.change)


def element_progress(
    framework: Framework, before: Mapping[str, int | None], now: Mapping[str, int | None]
) -> dict[str, ElementProgress]:
    """Every element of the framework: last time's agreed level beside this time's."""
    return {e.id: ElementProgress(e.id, before.get(e.id), now.get(e.id)) for d in framework.drivers for e in d.elements}


def level_history(
    framework: Framework, agreed_series: Iterable[Mapping[str, int | None]]
) -> dict[str, list[int | None]]:
    """Per element, its agreed level at each workshop of a series, oldest first (None: not agreed)."""
    series = list(agreed_series)
    return {e.id: [a.get(e.id) for a in series] for d in framework.drivers for e in d.elements}


def total_history(
    framework: Framework, agreed_series: Iterable[Mapping[str, int | None]]
) -> dict[str, list[tuple[int | None, int | None]]]:
    """Per driver, its (agreed total, band) at each workshop of a series, oldest first."""
    series = list(agreed_series)
    found: dict[str, list[tuple[int | None, int | None]]] = {}
    for driver in framework.drivers:
        totals = [driver_total(driver, a) for a in series]
        found[driver.id] = [(t.total, _band(driver, t)) for t in totals]
    return found


@dataclass(frozen=True)
class ActionOutcome:
    """One action of the earlier workshop, as the later one reviewed it."""

    action_id: int
    text: str
    status: str | None
    """'done', 'partly', 'not-started', 'dropped', or None (not reviewed)."""


@dataclass(frozen=True)
class ElementMove:
    """Did our actions move it: an element that had actions, its agreed level before and after."""

    element_id: str
    before: int | None
    after: int | None
    actions: tuple[ActionOutcome, ...]

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> Direction | None:
        return direction(self.change)


def action_moves(
    framework: Framework,
    before: Mapping[str, int | None],
    after: Mapping[str, int | None],
    actions: Iterable[tuple[int, str, Iterable[str], str | None]],
) -> list[ElementMove]:
    """For each element an earlier workshop's actions were linked to (in the workbook's order):
    its agreed level then and at the next workshop, beside those actions and their review status.

    ``actions`` gives (action id, what it set out to achieve, linked element ids, status). An
    action linked to a driver only names no element, so it moves none here.
    """
    by_element: dict[str, list[ActionOutcome]] = {}
    for action_id, text, elements, status in actions:
        for element_id in dict.fromkeys(elements):
            by_element.setdefault(element_id, []).append(ActionOutcome(action_id, text, status))
    return [
        ElementMove(e.id, before.get(e.id), after.get(e.id), tuple(by_element[e.id]))
        for d in framework.drivers
        for e in d.elements
        if e.id in by_element
    ]


__all__ = [
    "ActionOutcome",
    "Direction",
    "DriverProgress",
    "ElementMove",
    "ElementProgress",
    "action_moves",
    "direction",
    "driver_progress",
    "element_progress",
    "level_history",
    "total_history",
]
