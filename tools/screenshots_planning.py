"""Screenshots of the planning pages at 1366×768, for docs/screenshots/.

Builds the demo workshop in a temporary database, marks one more priority driver, ticks
approaches on a detailed sheet and carries them into the action plan, fills in a delivery
sheet, then renders each page offscreen:

    PYTHONPATH=$PWD/src /work/venv/bin/python tools/screenshots_planning.py [output-folder]

Writes detailed-assessment.png, action-plan.png and delivery-sheet.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1366, 768)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv[:1])
    app.setStyle("Fusion")

    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.planning import commands
    from jcs_desktop.ui.planning.action_plan_page import ActionPlanPage
    from jcs_desktop.ui.planning.delivery_page import DeliverySheetsPage
    from jcs_desktop.ui.planning.detailed_page import DetailedAssessmentPage
    from jcs_desktop.ui.planning.dialogs import plan_actions

    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(f"sqlite:///{Path(tmp) / 'screens.sqlite3'}")
        today = dt.date.today()
        wid = create_demo_workshop(services, today=today).previous
        ctx = AppContext(services)
        fw = services.framework
        planning = services.planning

        # The group adds Building partnerships to its priority drivers.
        commands.set_priority(ctx, wid, "building-partnerships", 3, "Make Building partnerships a priority driver")

        # On one element of the first priority driver: a refined score, notes, two ticked approaches.
        element = fw.driver("understanding-the-market").elements[0]
        agreed = services.scores.agreed_for_workshop(wid)[element.id].level
        nxt = min(agreed + 1, fw.level_count)
        commands.set_detailed(
            ctx,
            wid,
            element.id,
            "Notes",
            notes="Providers hold capacity data we never see; health and housing data are not joined up.",
        )
        ticked = [
            commands.choose_approach(ctx, wid, element.id, nxt, i, "", "Tick").result
            for i in range(min(2, len(element.detail.levels[nxt - 1].approaches)))
        ]
        # One of them is carried into the action plan, the other still waits.
        plans = planning.driver_plans(wid)
        created = commands.create_actions_from_approaches(
            ctx, wid, plan_actions(fw, ticked[:1], plans), "Create actions from ticked approaches"
        )
        # A quick action added during the discussion: still no aim, and a date that has already passed.
        commands.create_action(
            ctx,
            wid,
            "Add an action",
            fields={"involving": "Council finance, ICB finance", "by_when": today - dt.timedelta(days=14)},
            steps=["Share the pooled budget figures"],
            links=[("maximising-use-of-resources", None)],
        )

        # The new action's delivery sheet, partly filled in.
        new_id = created[0]
        for key, value in (
            ("by_when", today + dt.timedelta(days=180)),
            ("involving", "ICB analysts, Council commissioning, provider forum, Riverside Homes"),
            ("how_critical", "High: the market position statement depends on it"),
            ("resources", "Analyst time, forecasting tool licence"),
            ("purpose", "Commissioners and providers plan from one set of capacity figures."),
            ("lead", "Priya Nair, Head of Market Development"),
            ("support", "ICB analysts for activity data; provider forum to test the model."),
            ("difference", "Agreeing one forecast model that every partner trusts and uses."),
        ):
            commands.update_action(ctx, wid, new_id, key, value, "Edit")
        first = commands.add_review_point(ctx, wid, new_id, "Add", fields={"expected": "Model scoped with providers"})
        point = next(p for p in planning.action(new_id).review_points if p.id == first.result)
        commands.update_review_point(ctx, wid, point, "date", today + dt.timedelta(days=60), "Edit")
        commands.update_review_point(ctx, wid, point, "learning", "Bring housing data in earlier than planned.", "Edit")
        second = commands.add_review_point(
            ctx, wid, new_id, "Add", fields={"expected": "First forecast shared with all partners"}
        )
        point = next(p for p in planning.action(new_id).review_points if p.id == second.result)
        commands.update_review_point(ctx, wid, point, "date", today + dt.timedelta(days=150), "Edit")

        def render(page, name: str) -> None:
            page.resize(*SIZE)
            page.show()
            for _ in range(5):
                app.processEvents()
            path = out / name
            page.grab().save(str(path))
            print(f"wrote {path}")
            page.hide()

        detailed = DetailedAssessmentPage(ctx)
        detailed.set_workshop(wid)
        detailed.select(element.id)
        render(detailed, "detailed-assessment.png")

        plan = ActionPlanPage(ctx)
        plan.set_workshop(wid)
        plan.select_action(new_id)
        render(plan, "action-plan.png")

        delivery = DeliverySheetsPage(ctx)
        delivery.set_workshop(wid)
        delivery.select_action(new_id)
        render(delivery, "delivery-sheet.png")

        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
