"""The main window's Export menu, filled with the same actions as the Export page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.export.controller import FORMS, PDF, TEMPLATE, XLSX, ExportController, open_folder, show_failure


def populate_export_menu(
    menu: QMenu, ctx: AppContext, get_workshop_id: Callable[[], int | None], parent: QWidget
) -> ExportController:
    """Add the export actions to ``menu``; they are disabled while no workshop is open or a file is being written."""
    controller = ExportController(ctx, parent)
    actions: list[QAction] = []

    def add(text: str, name: str, tip: str, run: Callable[[int | None], object]) -> QAction:
        action = QAction(text, menu)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda: run(get_workshop_id()))
        menu.addAction(action)
        actions.append(action)
        return action

    add(
        "&Excel workbook…",
        "exportXlsxAction",
        "Save the workshop as an Excel workbook",
        lambda wid: controller.export(wid, (XLSX,)),
    )
    add(
        "&PDF report…",
        "exportPdfAction",
        "Save the workshop's A4 PDF report",
        lambda wid: controller.export(wid, (PDF,)),
    )
    add(
        "Excel &and PDF…",
        "exportBothAction",
        "Save the workbook and the report side by side",
        lambda wid: controller.export(wid, (XLSX, PDF)),
    )
    anonymise = QAction("A&nonymise exports", menu)
    anonymise.setObjectName("exportAnonymiseAction")
    anonymise.setCheckable(True)
    anonymise.setStatusTip("Names replaced by labels; sectors of fewer than 3 people counted under 'Other'")
    anonymise.toggled.connect(lambda checked: setattr(controller, "anonymise", checked))
    menu.addAction(anonymise)
    compare = QAction("How we &compare", menu)
    compare.setObjectName("exportCompareAction")
    compare.setCheckable(True)
    compare.setStatusTip("Add this partnership beside the others' latest workshops to the workbook and the report")
    compare.toggled.connect(lambda checked: setattr(controller, "compare", checked))
    menu.addAction(compare)
    menu.addSeparator()
    add(
        "&Series report…",
        "exportSeriesAction",
        "The whole series of this workshop for a partnership board, in Excel and PDF",
        controller.export_series,
    )
    menu.addSeparator()
    add(
        "&JSC Plan outline (Word)…",
        "exportJscPlanAction",
        "The Joint Strategic Commissioning Plan's outline with the workshop's results, as a Word document",
        controller.export_jsc_plan,
    )
    add(
        "Strategic Commissioning Te&mplate (Word, Excel, PDF)…",
        "exportCommissioningTemplateAction",
        "A Strategy worksheet as the Strategic Commissioning Template, in Word, Excel and PDF",
        controller.export_commissioning_template,
    )
    menu.addSeparator()
    add(
        "&Blank scoring forms…",
        "exportFormsAction",
        "Printable scoring forms, one per participant",
        lambda wid: controller.export(wid, (FORMS,)),
    )
    add(
        "Excel entry &template…",
        "exportTemplateAction",
        "A grid to type paper scores into",
        lambda wid: controller.export(wid, (TEMPLATE,)),
    )
    add(
        "&Import filled template…",
        "importScoresAction",
        "Check and import a filled entry template",
        controller.import_scores,
    )

    def refresh() -> None:
        ready = get_workshop_id() is not None and not controller.busy
        for action in actions:
            action.setEnabled(ready)
        anonymise.setChecked(controller.anonymise)
        compare.setChecked(controller.compare)

    menu.aboutToShow.connect(refresh)
    controller.busy_changed.connect(lambda _busy: refresh())
    controller.saved.connect(lambda paths: _saved(parent, paths))
    controller.failed.connect(lambda message: show_failure(parent, message))
    refresh()
    return controller


def _saved(parent: QWidget, paths: list[Path]) -> None:
    """A quiet, non-blocking note with the way to the folder."""
    names = "\n".join(p.name for p in paths)
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Export",
        f"Saved in {paths[0].parent}:\n{names}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("exportSaved")
    open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    open_button.clicked.connect(lambda: open_folder(paths[0]))
    box.open()
