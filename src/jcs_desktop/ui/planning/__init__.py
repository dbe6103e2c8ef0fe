"""Stage 2 and the commitments: detailed assessment, action plan, detailed delivery sheets.

Three step pages (see ``jcs_desktop.ui.core.steps``):

- ``detailed_page.DetailedAssessmentPage``: the priority drivers' detailed sheets; refine a score,
  write notes, tick approaches to change (or write the group's own).
- ``action_plan_page.ActionPlanPage``: the workbook's action-planning sheet as an editable table.
- ``delivery_page.DeliverySheetsPage``: one detailed action-planning sheet per action with its
  delivery plan of review points.

Each page may emit ``request_step(step_key, argument)`` to ask the main window to show another
step, e.g. ``("delivery", action_id)``; the target page then gets ``focus_item(argument)``.
"""
