"""Which page class is each step: the registry the workshop view builds its pages from.

Imported when the first workshop opens, not at start-up: the window appears before any step
page's module is loaded.
"""

from __future__ import annotations

from jcs_desktop.ui.core.step_page import StepPage
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.export.page import ExportPage
from jcs_desktop.ui.final_scores.page import FinalScoresPage
from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage
from jcs_desktop.ui.planning.detailed_page import DetailedAssessmentPage
from jcs_desktop.ui.prepare.page import PreparePage
from jcs_desktop.ui.reconcile.page import ReconcilePage
from jcs_desktop.ui.scoring.page import ScorePage
from jcs_desktop.ui.strategy.page import StrategyPage

STEP_PAGES: tuple[type[StepPage], ...] = (
    PreparePage,
    ScorePage,
    ReconcilePage,
    FinalScoresPage,
    DetailedAssessmentPage,
    ActionPlanPage,
    DeliverySheetsPage,
    StrategyPage,
    ExportPage,
)

PAGE_FOR: dict[str, type[StepPage]] = {cls.step.key: cls for cls in STEP_PAGES}

if tuple(cls.step for cls in STEP_PAGES) != STEPS:  # a step without a page, or out of order
    raise RuntimeError("the registered step pages do not match STEPS")
