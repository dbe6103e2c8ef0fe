"""The Export page and menu for a repeat workshop: 'How we compare' on request, and the series
report for a partnership board, written in the background beside each other."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from jcs_desktop.services.demo import create_demo_series

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def ctx(services):
    from jcs_desktop.ui.core.context import AppContext

    context = AppContext(services)
    context.settings.clear()
    return context


@pytest.fixture
def series_ids(services):
    return create_demo_series(services, 3, today=dt.date(2026, 11, 23)).previous


@pytest.fixture
def page(ctx, series_ids, qtbot):
    from jcs_desktop.ui.export.page import ExportPage

    widget = ExportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.set_workshop(series_ids[-1])
    return widget


@pytest.fixture
def save_as(monkeypatch):
    asked = []

    def answer(path):
        def fake(parent, title, suggested, file_filter):
            asked.append((title, suggested, file_filter))
            return str(path), file_filter

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))

    answer.asked = asked
    return answer


def test_the_compare_box_adds_how_we_compare(page, save_as, tmp_path, qtbot):
    assert not page.compare_box.isChecked()
    page.compare_box.setFocus()
    qtbot.keyClick(page.compare_box, Qt.Key.Key_Space)
    assert page.compare_box.isChecked() and page.controller.compare
    save_as(tmp_path / "follow-up")
    qtbot.mouseClick(page.both_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30000)
    names = load_workbook(tmp_path / "follow-up.xlsx").sheetnames
    assert names[:4] == ["Summary", "Since last time", "How we compare", "Agreed grid"]
    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "follow-up.pdf")).pages)
    assert "Since last time" in text and "How we compare" in text
    # Kept for the next export, and the page shows it again when it loads.
    page.load()
    assert page.compare_box.isChecked()


def test_the_series_button_writes_the_series_report_in_the_background(page, save_as, tmp_path, qtbot):
    assert page.series_button.isEnabled()
    save_as(tmp_path / "board.xlsx")
    qtbot.mouseClick(page.series_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30000)
    assert "series" in save_as.asked[0][1] and save_as.asked[0][1].endswith(".xlsx")
    assert load_workbook(tmp_path / "board.xlsx").sheetnames[0] == "Workshops"
    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "board.pdf")).pages)
    assert "Driver totals over the series" in text
    assert "board.xlsx" in page.result_label.text() and "board.pdf" in page.result_label.text()
    assert page.step_status().done


def test_a_workshop_on_its_own_has_no_series_report_and_says_why(page, ctx, services, save_as, tmp_path, qtbot):
    from jcs_desktop.services.demo import create_demo_workshop

    alone = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
    page.set_workshop(alone)
    save_as(tmp_path / "never.xlsx")
    qtbot.mouseClick(page.series_button, Qt.MouseButton.LeftButton)
    assert "not part of a series" in page.result_label.text()
    assert save_as.asked == [] and not (tmp_path / "never.xlsx").exists()
    boxes = page.findChildren(QMessageBox)
    assert any("not part of a series" in b.text() for b in boxes)
    for box in boxes:
        box.close()


def test_the_export_menu_has_the_series_report_and_the_compare_switch(ctx, series_ids, tmp_path, qtbot, save_as):
    from jcs_desktop.ui.export.menu import populate_export_menu

    window = QWidget()
    qtbot.addWidget(window)
    menu = QMenu(window)
    controller = populate_export_menu(menu, ctx, lambda: series_ids[-1], window)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    menu.aboutToShow.emit()
    actions["exportCompareAction"].trigger()
    assert controller.compare
    save_as(tmp_path / "menu.xlsx")
    actions["exportSeriesAction"].trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportSaved") is not None, timeout=30000)
    assert (tmp_path / "menu.xlsx").is_file() and (tmp_path / "menu.pdf").is_file()
    for box in window.findChildren(QMessageBox):
        box.close()
