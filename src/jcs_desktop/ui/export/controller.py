"""What the Export page and the Export menu share: choose a file, write it off the GUI thread, import.

The report model (plain frozen data) is built on the GUI thread, from the open workshop's live
state when the export is of that workshop (no database read: about 3 ms for 40 participants ×
30 elements, 12 ms anonymised, measured on a laptop), else from one fresh read; "How we compare"
adds one read of every workshop's agreed levels, and the series report reads the series' workshops
(it has no live state). Only that frozen model goes to the worker, which writes the file: the live
state, which ``ctx.apply`` changes on the GUI thread, never crosses, and the worker never touches
the services or any widget.
Imports are checked first (a preview listing every problem) and written as one undoable
command (``commands.imports.ImportScores``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.commands.imports import ImportScores
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.tasks import run_task

XLSX, PDF, FORMS, TEMPLATE = "xlsx", "pdf", "forms", "template"
SERIES_XLSX, SERIES_PDF = "series-xlsx", "series-pdf"
"""The series report for a partnership board (``ExportController.export_series``)."""
JSC_PLAN = "jsc-plan"
TEMPLATE_DOCX, TEMPLATE_XLSX, TEMPLATE_PDF = "template-docx", "template-xlsx", "template-pdf"
"""The commissioning documents (``export_jsc_plan``, ``export_commissioning_template``)."""
DOCX = "docx"
KIND_LABELS = {
    XLSX: "Excel workbook",
    PDF: "PDF report",
    FORMS: "blank scoring forms",
    TEMPLATE: "entry template",
    SERIES_XLSX: "series workbook",
    SERIES_PDF: "series report",
    JSC_PLAN: "JSC Plan outline",
    TEMPLATE_DOCX: "Strategic Commissioning Template (Word)",
    TEMPLATE_XLSX: "Strategic Commissioning Template (Excel)",
    TEMPLATE_PDF: "Strategic Commissioning Template (PDF)",
}
_FILTERS = {XLSX: "Excel workbook (*.xlsx)", PDF: "PDF document (*.pdf)", DOCX: "Word document (*.docx)"}
_SUFFIX = {
    XLSX: ".xlsx",
    PDF: ".pdf",
    FORMS: ".pdf",
    TEMPLATE: ".xlsx",
    SERIES_XLSX: ".xlsx",
    SERIES_PDF: ".pdf",
    JSC_PLAN: ".docx",
    TEMPLATE_DOCX: ".docx",
    TEMPLATE_XLSX: ".xlsx",
    TEMPLATE_PDF: ".pdf",
}
_NAME_EXTRA = {FORMS: " scoring forms", TEMPLATE: " entry template"}

FOLDER_KEY = "export/last_folder"
ANONYMISE_KEY = "export/anonymise"
COMPARE_KEY = "export/compare"
RECENT_FOLDERS_KEY = "export/recent_folders"
"""The folders of the last few export targets: swept at start for files killed exports left."""
_RECENT_FOLDERS = 5


def done_key(workshop_id: int) -> str:
    return f"export/done/{workshop_id}"


class ExportController(QObject):
    """Runs exports and imports for one window; ``parent_widget`` owns the dialogs."""

    busy_changed = Signal(bool)
    saved = Signal(object)  # list[Path]
    failed = Signal(str)
    imported = Signal(str)

    def __init__(self, ctx: AppContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.busy = False
        self.last_dialog: QWidget | None = None  # the import preview, for tests and scripts
        self.progress_dialog = None
        self.sweeper = _start_sweep(self.recent_folders())

    # -- settings -----------------------------------------------------------------------------

    @property
    def anonymise(self) -> bool:
        return str(self.ctx.settings.value(ANONYMISE_KEY, "false")).lower() == "true"

    @anonymise.setter
    def anonymise(self, value: bool) -> None:
        self.ctx.settings.setValue(ANONYMISE_KEY, "true" if value else "false")

    @property
    def compare(self) -> bool:
        """Whether the workbook and the report include "How we compare"."""
        return str(self.ctx.settings.value(COMPARE_KEY, "false")).lower() == "true"

    @compare.setter
    def compare(self, value: bool) -> None:
        self.ctx.settings.setValue(COMPARE_KEY, "true" if value else "false")

    def last_folder(self) -> Path:
        stored = self.ctx.settings.value(FOLDER_KEY, "")
        if stored and Path(str(stored)).is_dir():
            return Path(str(stored))
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def remember_folder(self, path: Path) -> None:
        self.ctx.settings.setValue(FOLDER_KEY, str(path.parent))

    def recent_folders(self) -> list[Path]:
        stored = self.ctx.settings.value(RECENT_FOLDERS_KEY, [])
        if isinstance(stored, str):  # QSettings gives a one-item list back as a plain string
            stored = [stored]
        return [Path(str(x)) for x in stored or [] if x]

    def remember_export_folder(self, path: Path) -> None:
        folders = [path.parent, *(f for f in self.recent_folders() if f != path.parent)]
        self.ctx.settings.setValue(RECENT_FOLDERS_KEY, [str(f) for f in folders[:_RECENT_FOLDERS]])

    # -- exporting ------------------------------------------------------------------------------

    def export(self, workshop_id: int | None, kinds: tuple[str, ...]) -> bool:
        """Ask where to save, then write ``kinds`` (XLSX, PDF, FORMS, TEMPLATE) in the background.

        With XLSX and PDF together one file name is asked for and the PDF goes beside
        the workbook under the same name. Returns False if nothing was started.
        """
        if workshop_id is None or self.busy:
            return False
        anonymise = self.anonymise and any(k in (XLSX, PDF) for k in kinds)
        try:
            from jcs_desktop.exports.model import build_report

            # The open workshop is not read again; another one (selected in the list) is read once.
            live = self.ctx.live if self.ctx.live_id == workshop_id else None
            # Forms carry names to fill in, so they are never anonymised.
            report = build_report(
                self.ctx.services,
                workshop_id,
                anonymise=anonymise and FORMS not in kinds,
                live=live,
                compare=self.compare and any(k in (XLSX, PDF) for k in kinds),
            )
        except (ServiceError, StoreError) as exc:
            self._fail(str(exc))
            return False
        stem = report.file_stem() + _NAME_EXTRA.get(kinds[0], "") + (" (anonymised)" if report.anonymised else "")
        first = kinds[0]
        title = f"Save the {KIND_LABELS[first]}"
        if len(kinds) > 1:
            title += " (the " + ", ".join(KIND_LABELS[k] for k in kinds[1:]) + " is saved beside it)"
        chosen = self.ask_save_path(title, self.last_folder() / (stem + _SUFFIX[first]), first)
        if chosen is None:
            return False
        targets = [(kind, chosen.with_suffix(_SUFFIX[kind])) for kind in kinds]
        self.remember_folder(chosen)
        self.remember_export_folder(chosen)
        self._run(workshop_id, report, targets)
        return True

    def export_series(self, workshop_id: int | None) -> bool:
        """Ask where to save, then write the series report of the workshop's series, Excel and PDF side
        by side under one name, in the background. Returns False if nothing was started."""
        if workshop_id is None or self.busy:
            return False
        try:
            from jcs_desktop.exports.series_report import build_series_report

            report = build_series_report(self.ctx.services, workshop_id, anonymise=self.anonymise)
        except (ServiceError, StoreError) as exc:  # a workshop on its own says so
            self._fail(str(exc))
            return False
        stem = report.file_stem() + (" (anonymised)" if report.anonymised else "")
        title = "Save the series workbook (the series report is saved beside it as PDF)"
        chosen = self.ask_save_path(title, self.last_folder() / (stem + ".xlsx"), SERIES_XLSX)
        if chosen is None:
            return False
        self.remember_folder(chosen)
        self.remember_export_folder(chosen)
        kinds = (SERIES_XLSX, SERIES_PDF)
        self._run(workshop_id, report, [(kind, chosen.with_suffix(_SUFFIX[kind])) for kind in kinds])
        return True

    def _strategy(self, workshop_id: int):
        from jcs_desktop.exports.strategy_model import build_strategy_export

        live = self.ctx.live if self.ctx.live_id == workshop_id else None
        return build_strategy_export(self.ctx.services, workshop_id, anonymise=self.anonymise, live=live)

    def export_jsc_plan(self, workshop_id: int | None) -> bool:
        """Ask where to save, then write the JSC Plan outline (Word) in the background, with the workshop's
        results and its worksheets' objectives and options. Returns False if nothing was started."""
        if workshop_id is None or self.busy:
            return False
        try:
            data = self._strategy(workshop_id)
        except (ServiceError, StoreError) as exc:
            self._fail(str(exc))
            return False
        report = data.report
        stem = report.file_stem() + " JSC Plan outline" + (" (anonymised)" if report.anonymised else "")
        chosen = self.ask_save_path("Save the JSC Plan outline", self.last_folder() / (stem + ".docx"), JSC_PLAN)
        if chosen is None:
            return False
        self.remember_folder(chosen)
        self.remember_export_folder(chosen)
        self._run(workshop_id, data, [(JSC_PLAN, chosen)])
        return True

    def export_commissioning_template(self, workshop_id: int | None, worksheet: int | None = None) -> bool:
        """Ask where to save, then write one worksheet as the Strategic Commissioning Template in Word, Excel
        and PDF side by side under one name. A workshop with no worksheet gets nothing, and is told so;
        with several, ``worksheet`` (1 = the first) or the user chooses. Returns False if nothing was started."""
        if workshop_id is None or self.busy:
            return False
        from jcs_desktop.exports.strategy_model import NoWorksheet

        try:
            data = self._strategy(workshop_id)
            if worksheet is None:
                worksheet = self.choose_worksheet(data.worksheets)
                if worksheet is None:
                    return False
            sheet = data.worksheet(worksheet)
        except (ServiceError, StoreError, NoWorksheet) as exc:
            self._fail(str(exc))
            return False
        report = data.report
        name = f" {sheet.objective}" if sheet.objective else f" worksheet {worksheet}"
        stem = report.file_stem() + name + (" (anonymised)" if report.anonymised else "")
        stem = stem.translate({ord(ch): " " for ch in '\\/:*?"<>|'}).strip(" .")
        title = "Save the Strategic Commissioning Template (Word; the Excel and PDF copies are saved beside it)"
        chosen = self.ask_save_path(title, self.last_folder() / (stem + ".docx"), TEMPLATE_DOCX)
        if chosen is None:
            return False
        self.remember_folder(chosen)
        self.remember_export_folder(chosen)
        kinds = (TEMPLATE_DOCX, TEMPLATE_XLSX, TEMPLATE_PDF)
        targets = [(kind, chosen.with_suffix(_SUFFIX[kind])) for kind in kinds]
        self._run(workshop_id, (data, sheet), targets, label="Strategic Commissioning Template (Word, Excel, PDF)")
        return True

    def choose_worksheet(self, worksheets) -> int | None:
        """The worksheet to export (1 = the first): the only one, or the one the user picks."""
        if len(worksheets) <= 1:
            return 1
        from PySide6.QtWidgets import QInputDialog

        names = [f"{i}. {ws.objective or 'worksheet ' + str(i)}" for i, ws in enumerate(worksheets, start=1)]
        picked, ok = QInputDialog.getItem(
            self.parent_widget, "Strategic Commissioning Template", "Which worksheet?", names, 0, False
        )
        return names.index(picked) + 1 if ok else None

    def ask_save_path(self, title: str, suggested: Path, kind: str) -> Path | None:
        file_filter = _FILTERS[_kind_format(kind)]
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, title, str(suggested), file_filter)
        if not name:
            return None
        path = Path(name)
        suffix = _SUFFIX[kind]
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _run(self, workshop_id: int, report, targets: list[tuple[str, Path]], *, label: str = "") -> None:
        def job(progress: Callable[[float, str], None]) -> list[Path]:
            written = []
            for i, (kind, path) in enumerate(targets):

                def part(fraction: float, message: str, i: int = i) -> None:
                    progress((i + fraction) / len(targets), message)

                written.append(_write(kind, report, path, part))
            return written

        def done(paths: object) -> None:
            self._set_busy(False)
            stamp = dt.datetime.now().strftime("%d %b %Y %H:%M")
            names = ", ".join(p.name for p in paths)  # type: ignore[attr-defined]
            self.ctx.settings.setValue(done_key(workshop_id), f"{stamp}: {names}")
            self.ctx.status_message.emit(f"Saved {names} in {paths[0].parent}")  # type: ignore[index]
            self.saved.emit(paths)

        def error(exc: Exception) -> None:
            self._set_busy(False)
            self._fail(_error_text(exc))

        self._set_busy(True)
        label = label or " and ".join(KIND_LABELS[k] for k, _p in targets)
        self.progress_dialog = run_task(self.parent_widget, f"Saving the {label}…", job, done, error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _fail(self, message: str) -> None:
        self.ctx.status_message.emit(message)
        self.failed.emit(message)

    # -- importing -------------------------------------------------------------------------------

    def import_scores(self, workshop_id: int | None, path: Path | None = None) -> bool:
        """Pick a filled template, read it in the background (with Cancel), preview it, and (if the
        user agrees) import it as one undoable step. The preview dialog opens when the reading is done."""
        if workshop_id is None or self.busy:
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.parent_widget, "Import a filled entry template", str(self.last_folder()), _FILTERS[XLSX]
            )
            if not name:
                return False
            path = Path(name)
        from jcs_desktop.exports.template_reader import read_template

        def job(progress: Callable[[float, str], None]) -> object:
            # Reading is the slow, untrusted part: off the GUI thread, and no services touched there.
            return read_template(path, progress)

        def done(data: object) -> None:
            self._set_busy(False)
            self.progress_dialog = None
            self._show_preview(workshop_id, path, data)

        def error(exc: Exception) -> None:
            self._set_busy(False)
            self.progress_dialog = None
            self._fail(f"{path.name} could not be read ({exc}). Nothing was imported.")

        def cancelled() -> None:
            self._set_busy(False)
            self.progress_dialog = None
            self.ctx.status_message.emit(f"Import of {path.name} cancelled: nothing was imported.")

        self._set_busy(True)
        self.progress_dialog = run_task(
            self.parent_widget, f"Reading {path.name}…", job, done, error, on_cancel=cancelled
        )
        return True

    def _show_preview(self, workshop_id: int, path: Path, data) -> None:
        from jcs_desktop.exports.importer import check_template
        from jcs_desktop.ui.dialogs.preview_dialog import ImportPreviewDialog

        try:
            preview = check_template(self.ctx.services, workshop_id, data)
        except (ServiceError, StoreError) as exc:
            self._fail(str(exc))
            return
        self.remember_folder(path)
        dialog = ImportPreviewDialog(preview, self.parent_widget)
        dialog.accepted.connect(lambda: self._apply(preview))
        self.last_dialog = dialog
        dialog.open()

    def _apply(self, preview) -> None:
        command = ImportScores(self.ctx, preview)
        if self.ctx.push(command):
            message = f"Imported {preview.summary()}"
            self.ctx.status_message.emit(message)
            self.imported.emit(message)
        else:
            self.failed.emit(str(command.failed or "The import failed; nothing was written."))


def _start_sweep(folders: list[Path]) -> threading.Thread | None:
    """Remove stale temporary export files from ``folders`` on a plain thread (a folder may be slow)."""
    if not folders:
        return None

    def sweep() -> None:
        from jcs_desktop.exports.common import sweep_stale_parts

        for folder in folders:
            sweep_stale_parts(folder)

    thread = threading.Thread(target=sweep, name="export-sweep", daemon=True)
    thread.start()
    return thread


def _kind_format(kind: str) -> str:
    return {".xlsx": XLSX, ".docx": DOCX}.get(_SUFFIX[kind], PDF)


def _write(kind: str, report, path: Path, progress) -> Path:
    """Runs on the worker thread: only plain data in, a file out."""
    if kind == XLSX:
        from jcs_desktop.exports.xlsx import write_workbook

        return write_workbook(report, path, progress)
    if kind == PDF:
        from jcs_desktop.exports.pdf import write_pdf

        return write_pdf(report, path, progress)
    if kind == SERIES_XLSX:
        from jcs_desktop.exports.xlsx_series_report import write_series_workbook

        return write_series_workbook(report, path, progress)
    if kind == SERIES_PDF:
        from jcs_desktop.exports.pdf_series_report import write_series_pdf

        return write_series_pdf(report, path, progress)
    if kind == JSC_PLAN:
        from jcs_desktop.exports.docx_plan import write_jsc_plan

        return write_jsc_plan(report.report, report.worksheets, report.plan, path, progress)
    if kind in (TEMPLATE_DOCX, TEMPLATE_XLSX, TEMPLATE_PDF):
        data, sheet = report
        if kind == TEMPLATE_DOCX:
            from jcs_desktop.exports.docx_plan import write_template_docx as write
        elif kind == TEMPLATE_XLSX:
            from jcs_desktop.exports.xlsx_template import write_template_xlsx as write
        else:
            from jcs_desktop.exports.pdf_template import write_template_pdf as write
        return write(data.template, sheet, path, progress, about=data.about)
    if kind == FORMS:
        from jcs_desktop.exports.forms import write_blank_forms

        return write_blank_forms(report, path, progress)
    from jcs_desktop.exports.forms import write_entry_template

    return write_entry_template(report, path, progress)


def _error_text(exc: Exception) -> str:
    from jcs_desktop.exports.common import ExportError

    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file could not be saved: {exc.strerror or exc}"
    return f"The export failed: {exc}. Nothing was saved."


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent if path.suffix else path)))


def show_failure(parent: QWidget, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Export", message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("exportFailure")
    box.open()
