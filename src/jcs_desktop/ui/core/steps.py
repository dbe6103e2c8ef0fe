"""The steps of a workshop, in the order the facilitator walks through them.

Each step is a page: a QWidget subclass in its own module, constructed as
``Page(ctx: AppContext, parent=None)``, with ``set_workshop(workshop_id: int)`` and
``step_status() -> StepStatus``, and a ``status_changed`` signal (no arguments)
emitted when what ``step_status`` would say has changed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    module: str
    cls: str


@dataclass(frozen=True)
class StepStatus:
    done: bool
    summary: str
    """One short line: what is done, or what is left to do."""


STEPS: tuple[Step, ...] = (
    Step("prepare", "Prepare", "jcs_desktop.ui.prepare.page", "PreparePage"),
    Step("score", "Score", "jcs_desktop.ui.scoring.page", "ScorePage"),
    Step("reconcile", "Reconcile", "jcs_desktop.ui.reconcile.page", "ReconcilePage"),
    Step("final", "Final scores", "jcs_desktop.ui.final_scores.page", "FinalScoresPage"),
    Step("detailed", "Detailed assessment", "jcs_desktop.ui.planning.detailed_page", "DetailedAssessmentPage"),
    Step("actions", "Action plan", "jcs_desktop.ui.planning.action_plan_page", "ActionPlanPage"),
    Step("delivery", "Delivery sheets", "jcs_desktop.ui.planning.delivery_page", "DeliverySheetsPage"),
    Step("export", "Export", "jcs_desktop.ui.export.page", "ExportPage"),
)
