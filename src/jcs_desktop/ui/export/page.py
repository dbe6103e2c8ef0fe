"""The Export step: the workbook and report for partners, and forms for scoring on paper.

The page shows no workshop data of its own (the files are built from the live state when
asked for), so no change to the workshop redraws it; its status is when it last saved a file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.export.controller import (
    FORMS,
    PDF,
    TEMPLATE,
    XLSX,
    ExportController,
    done_key,
    open_folder,
    show_failure,
)
from jcs_desktop.ui.widgets.layouts import VerticalScrollArea
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, PageTitle

READING_WIDTH = 140
"""The page's text stops at about this many characters: long lines are hard to read on a wide screen."""


class _ClickableLabel(QLabel):
    """A description that toggles its check box when clicked, like the check box's own text."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.toggle()
            event.accept()
            return
        super().mousePressEvent(event)


def _rows(grid: QGridLayout, buttons: list[QPushButton]) -> None:
    """One button per row with its description beside it (the tooltip, shown in full)."""
    for row, button in enumerate(buttons):
        grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
        label = QLabel(button.toolTip())
        label.setWordWrap(True)
        label.setBuddy(button)
        grid.addWidget(label, row, 1, Qt.AlignmentFlag.AlignVCenter)
    grid.setColumnStretch(1, 1)
    grid.setHorizontalSpacing(16)


class ExportPage(StepPage):
    """Step page "Export"."""

    step = STEP_BY_KEY["export"]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("exportPage")
        self.last_paths: list[Path] = []
        self.controller = ExportController(ctx, self)
        self.controller.busy_changed.connect(self._update_enabled)
        self.controller.saved.connect(self._saved)
        self.controller.failed.connect(self._failed)
        self.controller.imported.connect(self._imported)

        self.title_label = PageTitle("Export")
        intro = QLabel(
            "Send partners what the workshop produced: an Excel workbook they can filter and reuse, and a PDF "
            "report fit for a partnership board paper. Files are written in the background."
        )
        intro.setWordWrap(True)

        share = QGroupBox("For partners")
        share.setObjectName("shareBox")
        grid = QGridLayout(share)
        self.xlsx_button = self._button(
            "Excel workbook…",
            "xlsxButton",
            "Summary, agreed grid, individual scores, reconciliation, action plan and one sheet per detailed action",
        )
        self.pdf_button = self._button(
            "PDF report…",
            "pdfButton",
            "A4 report with contents, charts, the agreed grid, the action plan and the delivery sheets",
        )
        self.both_button = self._button(
            "Excel and PDF…",
            "bothButton",
            "The workbook and the report, side by side in one folder under the same name",
        )
        self.xlsx_button.clicked.connect(lambda: self.controller.export(self.workshop_id, (XLSX,)))
        self.pdf_button.clicked.connect(lambda: self.controller.export(self.workshop_id, (PDF,)))
        self.both_button.clicked.connect(lambda: self.controller.export(self.workshop_id, (XLSX, PDF)))
        # The box's own text is short and its explanation wraps beside it, like the buttons' descriptions,
        # so at large text the page still fits a laptop's width.
        self.anonymise_box = QCheckBox("Anonymise")
        self.anonymise_box.setObjectName("anonymiseBox")
        self.anonymise_box.setToolTip(
            "Names replaced by labels (P1, P2…); sectors of fewer than 3 people counted under 'Other'"
        )
        self.anonymise_box.setAccessibleName("Anonymise the workbook and the report")
        self.anonymise_box.setChecked(self.controller.anonymise)
        self.anonymise_box.toggled.connect(self._anonymise_toggled)
        _rows(grid, [self.xlsx_button, self.pdf_button, self.both_button])
        grid.addWidget(self.anonymise_box, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_ClickableLabel(self.anonymise_box.toolTip(), self.anonymise_box), 3, 1)
        self.compare_box = QCheckBox("How we compare")
        self.compare_box.setObjectName("compareBox")
        self.compare_box.setToolTip(
            "Add this partnership beside the latest workshops of the others on this computer: no figure is "
            "shown from fewer than 3 workshops, nor for a sector of fewer than 3 people"
        )
        self.compare_box.setAccessibleName("Add how we compare to the workbook and the report")
        self.compare_box.setChecked(self.controller.compare)
        self.compare_box.toggled.connect(self._compare_toggled)
        grid.addWidget(self.compare_box, 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_ClickableLabel(self.compare_box.toolTip(), self.compare_box), 4, 1)

        board = QGroupBox("For a partnership board")
        board.setObjectName("boardBox")
        brow = QGridLayout(board)
        self.series_button = self._button(
            "Series report…",
            "seriesButton",
            "The whole series of this workshop, in Excel and PDF side by side: each driver's agreed total and band "
            "at each workshop with a chart on its own bands, each element's levels, and the actions and their review",
        )
        self.series_button.clicked.connect(lambda: self.controller.export_series(self.workshop_id))
        _rows(brow, [self.series_button])

        strategy = QGroupBox("Commissioning documents")
        strategy.setObjectName("commissioningBox")
        srow = QGridLayout(strategy)
        self.jsc_plan_button = self._button(
            "JSC Plan outline (Word)…",
            "jscPlanButton",
            "The Joint Strategic Commissioning Plan's sections with their guidance, and the workshop's final "
            "scores, priorities and action plan (as the delivery plan's pro forma) where they belong",
        )
        self.commissioning_template_button = self._button(
            "Strategic Commissioning Template (Word, Excel, PDF)…",
            "commissioningTemplateButton",
            "A worksheet of the Strategy step as the template, every question with its answer, in three files "
            "side by side; a workshop with no worksheet yet gets none",
        )
        self.jsc_plan_button.clicked.connect(lambda: self.controller.export_jsc_plan(self.workshop_id))
        self.commissioning_template_button.clicked.connect(
            lambda: self.controller.export_commissioning_template(self.workshop_id)
        )
        _rows(srow, [self.jsc_plan_button, self.commissioning_template_button])

        paper = QGroupBox("Scoring on paper")
        paper.setObjectName("paperBox")
        prow = QGridLayout(paper)
        self.forms_button = self._button(
            "Blank scoring forms…",
            "formsButton",
            "A printable form per participant, with their name: the grid with a tick box for each level",
        )
        self.template_button = self._button(
            "Excel entry template…",
            "templateButton",
            "A grid of elements × participants to type paper scores into, then import",
        )
        self.import_button = self._button(
            "Import filled template…",
            "importTemplateButton",
            "Check a filled entry template, list any problems, then import every score in one step",
        )
        self.forms_button.clicked.connect(lambda: self.controller.export(self.workshop_id, (FORMS,)))
        self.template_button.clicked.connect(lambda: self.controller.export(self.workshop_id, (TEMPLATE,)))
        self.import_button.clicked.connect(lambda: self.controller.import_scores(self.workshop_id))
        _rows(prow, [self.forms_button, self.template_button, self.import_button])
        # The buttons of both boxes share one width, so their descriptions line up.
        self._buttons = [
            self.xlsx_button,
            self.pdf_button,
            self.both_button,
            self.series_button,
            self.jsc_plan_button,
            self.commissioning_template_button,
            self.forms_button,
            self.template_button,
            self.import_button,
        ]

        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open folder")
        self.open_button.setObjectName("openFolderButton")
        self.open_button.setAccessibleName("Open the folder of the saved files")
        self.open_button.clicked.connect(self._open_folder)
        # The result line and its button have their room from the start: nothing moves when a file is saved.
        keep = self.open_button.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.open_button.setSizePolicy(keep)
        self.open_button.hide()
        result = QHBoxLayout()
        result.addWidget(self.result_label, 1)
        result.addWidget(self.open_button)

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)  # the page's margin only, as on the other steps
        column.setSpacing(12)
        column.addWidget(self.title_label)
        column.addWidget(intro)
        column.addWidget(share)
        column.addWidget(board)
        column.addWidget(strategy)
        column.addWidget(paper)
        column.addLayout(result)
        column.addStretch(1)
        self.body = QWidget()
        self.body.setLayout(column)
        # At large text on a laptop the page scrolls rather than squeezing its boxes together.
        self.scroll = VerticalScrollArea(self.body)
        self._fit_reading_width()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.scroll, 1)
        layout.addStretch(0)
        self._update_enabled()

    def _fit_reading_width(self) -> None:
        """Lines of readable length, and buttons as wide as the widest of them (at any text size)."""
        self.body.setMaximumWidth(self.fontMetrics().averageCharWidth() * READING_WIDTH)
        if hasattr(self, "scroll"):  # not yet while the page is being built
            self.scroll.setMaximumWidth(self.body.maximumWidth() + self.scroll.verticalScrollBar().sizeHint().width())
        widest = max(button.sizeHint().width() for button in self._buttons)
        for button in self._buttons:
            button.setMinimumWidth(widest + 2 * self.fontMetrics().averageCharWidth())
            button.setMinimumHeight(round(self.fontMetrics().height() * 2.2))
        if hasattr(self, "result_label"):
            self.result_label.setMinimumHeight(2 * self.fontMetrics().lineSpacing())

    def fonts_changed(self) -> None:
        self._fit_reading_width()

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(tip)
        return button

    # -- step page contract -------------------------------------------------------------------

    def load(self) -> None:
        self.last_paths = []
        self.result_label.clear()
        self.open_button.hide()
        self.anonymise_box.setChecked(self.controller.anonymise)
        self.compare_box.setChecked(self.controller.compare)
        self._update_enabled()

    def compute_status(self) -> StepStatus:
        if self.workshop_id is None:
            return NO_WORKSHOP
        last = self.ctx.settings.value(done_key(self.workshop_id), "")
        if last:
            return StepStatus(True, f"Last saved {last}")
        return StepStatus(False, "Nothing exported yet")

    # -- reactions ----------------------------------------------------------------------------

    def _update_enabled(self, *_args) -> None:
        ready = self.workshop_id is not None and not self.controller.busy
        for button in self._buttons:
            button.setEnabled(ready)
        self.anonymise_box.setEnabled(self.workshop_id is not None)
        self.compare_box.setEnabled(self.workshop_id is not None)

    def _anonymise_toggled(self, checked: bool) -> None:
        self.controller.anonymise = checked

    def _compare_toggled(self, checked: bool) -> None:
        self.controller.compare = checked

    def _saved(self, paths: list[Path]) -> None:
        self.last_paths = list(paths)
        names = ", ".join(p.name for p in paths)
        self.result_label.setText(f"Saved {names} in {paths[0].parent}")
        self.open_button.show()
        self.update_status()

    def _failed(self, message: str) -> None:
        self.result_label.setText(message)
        self.open_button.hide()
        show_failure(self, message)

    def _imported(self, message: str) -> None:
        self.result_label.setText(message)
        self.open_button.hide()

    def _open_folder(self) -> None:
        if self.last_paths:
            open_folder(self.last_paths[0])
