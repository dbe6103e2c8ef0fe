"""The Export page and menu, driven through their real widgets; files written by the worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from jcs_desktop.exports.forms import write_entry_template
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.template_spec import SCORES_SHEET

# The offscreen platform cannot size or raise real windows; that is not a fault of the page.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def ctx(services, tmp_path, qtbot):
    from jcs_desktop.ui.core.context import AppContext

    context = AppContext(services)
    context.settings.clear()
    return context


@pytest.fixture
def page(ctx, demo_id, qtbot):
    from jcs_desktop.ui.export.page import ExportPage

    widget = ExportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.set_workshop(demo_id)
    return widget


@pytest.fixture
def save_as(monkeypatch):
    """Make the save dialog answer with the given path; record what it suggested."""
    asked = []

    def answer(path):
        def fake(parent, title, suggested, file_filter):
            asked.append((title, suggested, file_filter))
            return str(path), file_filter

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))

    answer.asked = asked
    return answer


def _close_message_boxes(widget: QWidget) -> list[str]:
    texts = []
    for box in widget.findChildren(QMessageBox):
        texts.append(box.text())
        box.close()
    return texts


def test_excel_export_runs_in_the_background_and_offers_the_folder(page, save_as, tmp_path, qtbot, services, demo_id):
    target = tmp_path / "out" / "workshop.xlsx"
    target.parent.mkdir()
    save_as(target)
    assert page.step_status().done is False
    with qtbot.waitSignal(page.status_changed, timeout=20000):
        qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=20000)
    assert target.is_file()
    assert "Saved workshop.xlsx" in page.result_label.text()
    _title, suggested, _filter = save_as.asked[0]
    workshop = services.workshops.get(demo_id)
    assert suggested.endswith(f"{workshop.title} 2026-11-23.xlsx")
    wb = load_workbook(target)
    assert wb.sheetnames[:2] == ["Summary", "Agreed grid"]
    status = page.step_status()
    assert status.done and "workshop.xlsx" in status.summary
    # The next export suggests the folder used last time.
    save_as(tmp_path / "out" / "again.pdf")
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "out" / "again.pdf").is_file() and page.xlsx_button.isEnabled(), timeout=30000)
    assert save_as.asked[1][1].startswith(str(tmp_path / "out"))


def test_both_puts_the_report_beside_the_workbook(page, save_as, tmp_path, qtbot):
    save_as(tmp_path / "board paper")
    qtbot.mouseClick(page.both_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30000)
    assert (tmp_path / "board paper.xlsx").is_file() and (tmp_path / "board paper.pdf").is_file()
    assert len(PdfReader(str(tmp_path / "board paper.pdf")).pages) > 5


def test_anonymise_box_applies_to_the_report(page, save_as, tmp_path, qtbot, services, demo_id):
    page.anonymise_box.setFocus()
    qtbot.keyClick(page.anonymise_box, Qt.Key.Key_Space)
    assert page.anonymise_box.isChecked() and page.controller.anonymise
    save_as(tmp_path / "anon.pdf")
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30000)
    assert "(anonymised)" in save_as.asked[0][1]
    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "anon.pdf")).pages)
    for person in services.participants.list(demo_id):
        assert person.display_name not in text


def test_a_failed_export_says_why(page, save_as, tmp_path, qtbot):
    save_as(tmp_path / "no such folder" / "x.xlsx")
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "does not exist" in page.result_label.text(), timeout=20000)
    assert not page.open_button.isVisible()
    assert any("does not exist" in t for t in _close_message_boxes(page))
    assert page.xlsx_button.isEnabled()


def test_cancelling_the_file_dialog_does_nothing(page, monkeypatch, qtbot):
    asked = []

    def cancel(parent, title, suggested, file_filter):
        asked.append((suggested, file_filter))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(cancel))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    # The click did ask where to save the PDF; the answer "cancel" then starts nothing.
    assert len(asked) == 1
    suggested, file_filter = asked[0]
    assert suggested.endswith(".pdf") and "pdf" in file_filter.lower()
    qtbot.wait(50)
    assert not page.controller.busy and page.result_label.text() == ""
    assert not Path(suggested).exists()
    assert page.pdf_button.isEnabled()


def test_buttons_wait_for_a_workshop(ctx, qtbot):
    from jcs_desktop.ui.export.page import ExportPage

    widget = ExportPage(ctx)
    qtbot.addWidget(widget)
    assert not widget.xlsx_button.isEnabled() and not widget.import_button.isEnabled()
    assert widget.step_status().done is False


def _filled_template(services, workshop_id, path, value):
    write_entry_template(build_report(services, workshop_id), path)
    wb = load_workbook(path)
    ws = wb[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    for row in range(header + 1, ws.max_row + 1):
        for col in range(4, ws.max_column + 1):
            ws.cell(row, col).value = value
    wb.save(path)
    return path


def _preview(page, qtbot):
    """The file is read in the background: wait for the preview dialog."""
    qtbot.waitUntil(lambda: page.controller.last_dialog is not None, timeout=20000)
    return page.controller.last_dialog


def test_import_preview_then_one_undoable_import(page, ctx, services, demo_id, tmp_path, qtbot, monkeypatch):
    path = _filled_template(services, demo_id, tmp_path / "filled.xlsx", 4)
    before = services.scores.scores_for_workshop(demo_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(page, qtbot)
    assert dialog.isVisible()
    assert dialog.import_button.isEnabled()
    assert dialog.items.count() == len(services.participants.list(demo_id))
    assert dialog.items.item(0).text().endswith(": 30 of 30")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    after = services.scores.scores_for_workshop(demo_id)
    assert all(set(v.values()) == {4} and len(v) == 30 for v in after.values())
    assert "Imported" in page.result_label.text()
    ctx.undo_stack.undo()
    assert services.scores.scores_for_workshop(demo_id) == before
    ctx.undo_stack.redo()
    assert services.scores.scores_for_workshop(demo_id) == after


def test_import_with_problems_cannot_be_confirmed(page, services, demo_id, tmp_path, qtbot, monkeypatch):
    path = _filled_template(services, demo_id, tmp_path / "bad.xlsx", 7)
    before = services.scores.scores_for_workshop(demo_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(page, qtbot)
    assert not dialog.import_button.isEnabled()
    assert dialog.items.count() == 12 * 30
    assert "7 is outside 1–4" in dialog.items.item(0).text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button is Cancel
    assert not dialog.isVisible()
    assert services.scores.scores_for_workshop(demo_id) == before


def test_export_menu_follows_the_open_workshop(ctx, demo_id, tmp_path, qtbot, save_as):
    from jcs_desktop.ui.export.menu import populate_export_menu

    window = QWidget()
    qtbot.addWidget(window)
    menu = QMenu(window)
    current: list[int | None] = [None]
    populate_export_menu(menu, ctx, lambda: current[0], window)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert {"exportXlsxAction", "exportPdfAction", "exportFormsAction", "importScoresAction"} <= set(actions)
    menu.aboutToShow.emit()
    assert not actions["exportXlsxAction"].isEnabled()
    current[0] = demo_id
    menu.aboutToShow.emit()
    assert actions["exportXlsxAction"].isEnabled()
    save_as(tmp_path / "forms.pdf")
    actions["exportFormsAction"].trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportSaved") is not None, timeout=30000)
    assert (tmp_path / "forms.pdf").is_file()
    assert "scoring forms" in save_as.asked[0][1]
    _close_message_boxes(window)


def test_import_reads_off_the_gui_thread_and_cancel_stops_it(
    page, ctx, services, demo_id, tmp_path, qtbot, monkeypatch
):
    import threading
    import time

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from jcs_desktop.exports import template_reader

    path = _filled_template(services, demo_id, tmp_path / "filled.xlsx", 4)
    before = services.scores.scores_for_workshop(demo_id)
    threads: list[bool] = []
    stopped = threading.Event()
    reported: list[int] = []
    real = template_reader.read_template

    def slow_read(p, progress=None):
        threads.append(threading.current_thread() is threading.main_thread())
        try:
            for i in range(400):  # a big file: keeps reporting, so Cancel can stop it
                progress(i / 400, "Reading the sheet 'Scores'…")
                reported.append(i)
                time.sleep(0.01)
        finally:
            stopped.set()
        return real(p, progress)

    monkeypatch.setattr(template_reader, "read_template", slow_read)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    progress = page.controller.progress_dialog
    assert isinstance(progress, QProgressDialog)
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    assert page.controller.busy and not page.import_button.isEnabled()
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(stopped.is_set, timeout=5000)
    qtbot.wait(50)
    assert threads == [False]  # read on a worker thread
    assert len(reported) < 400  # and the read itself stopped at the next progress report
    assert page.controller.last_dialog is None and not page.controller.busy
    assert any("cancelled" in m for m in messages)
    assert services.scores.scores_for_workshop(demo_id) == before


def test_a_malformed_template_in_the_gui_is_a_listed_problem(page, services, demo_id, tmp_path, qtbot, monkeypatch):
    path = _filled_template(services, demo_id, tmp_path / "odd.xlsx", "²")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(page, qtbot)
    assert "'²' is not a level 1–4" in dialog.items.item(0).text()
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(path.read_bytes()[:3000])
    page.controller.last_dialog = None
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(truncated), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(page, qtbot)
    assert "damaged or incomplete" in dialog.items.item(0).text()


def test_an_unexpected_read_failure_is_a_plain_message(page, services, demo_id, tmp_path, qtbot, monkeypatch):
    from jcs_desktop.exports import template_reader

    def broken(p, progress=None):
        raise RuntimeError("disk vanished")

    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    monkeypatch.setattr(template_reader, "read_template", broken)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be read" in page.result_label.text(), timeout=10000)
    assert any("x.xlsx could not be read (disk vanished)" in t for t in _close_message_boxes(page))
    assert not page.controller.busy


def test_the_preview_shows_warnings_and_who_is_incomplete(page, services, demo_id, tmp_path, qtbot, monkeypatch):
    from tests.test_import_hardening import _as_version_1

    path = _as_version_1(_filled_template(services, demo_id, tmp_path / "old.xlsx", 2), services, demo_id)
    wb = load_workbook(path)
    ws = wb[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    ws.cell(header + 1, 4).value = None
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(page, qtbot)
    assert dialog.import_button.isEnabled()
    assert dialog.warnings.isVisible() and "earlier version of JCS Desktop" in dialog.warnings.text()
    first = services.participants.list(demo_id)[0].display_name
    assert dialog.items.item(0).text().startswith(f"{first}: 29 of 30 (blank: ")
    assert "1 participant is incomplete" in dialog.summary.text()


# -- the live state: exports of the open workshop read nothing; an import is one write ------------------


@pytest.fixture
def open_page(ctx, demo_id, qtbot):
    """The Export page of the workshop open in the window (its live state loaded, as the window does)."""
    from jcs_desktop.ui.export.page import ExportPage

    ctx.open_workshop(demo_id)
    widget = ExportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.set_workshop(demo_id)
    return widget


def test_exporting_the_open_workshop_reads_nothing_and_shows_its_latest_state(
    open_page, ctx, services, demo_id, save_as, tmp_path, qtbot, transactions
):
    from jcs_desktop.ui.commands.agreed import SetAgreed

    element = services.framework.element_ids()[0]
    assert ctx.push(SetAgreed(ctx, demo_id, element, rationale="Agreed after the second round of talks"))
    target = tmp_path / "latest.xlsx"
    save_as(target)
    transactions.take()
    qtbot.mouseClick(open_page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: open_page.open_button.isVisible(), timeout=20000)
    assert transactions.take() == (0, 0)  # built from the live state, written by the worker
    wb = load_workbook(target)
    texts = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "Agreed after the second round of talks" in texts


def test_an_import_and_its_undo_are_one_write_each(
    open_page, ctx, services, demo_id, tmp_path, qtbot, monkeypatch, transactions
):
    path = _filled_template(services, demo_id, tmp_path / "filled.xlsx", 3)
    before = services.scores.scores_for_workshop(demo_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    qtbot.mouseClick(open_page.import_button, Qt.MouseButton.LeftButton)
    dialog = _preview(open_page, qtbot)
    transactions.take()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert transactions.take() == (1, 0)
    live = ctx.live
    assert all(set(v.values()) == {3} for v in live.scores.values())  # the live state follows the import
    ctx.undo_stack.undo()
    assert transactions.take() == (1, 0)
    assert live.scores == before and services.scores.scores_for_workshop(demo_id) == before
    assert ctx.undo_stack.count() == 1
