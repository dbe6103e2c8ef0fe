"""The steps of a workshop, in the order the facilitator walks through them.

Each step's page is a ``StepPage`` subclass (``core/step_page.py``) whose ``step`` is one of
these; ``ui/shell/step_pages.py`` registers the classes in this order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    title: str


@dataclass(frozen=True)
class StepStatus:
    done: bool
    summary: str
    """One short line: what is done, or what is left to do."""


STEPS: tuple[Step, ...] = (
    Step("prepare", "Prepare"),
    Step("score", "Score"),
    Step("reconcile", "Reconcile"),
    Step("final", "Final scores"),
    Step("detailed", "Detailed assessment"),
    Step("actions", "Action plan"),
    Step("delivery", "Delivery sheets"),
    Step("strategy", "Strategy"),
    Step("export", "Export"),
)

STEP_BY_KEY: dict[str, Step] = {s.key: s for s in STEPS}
