"""FittedTableView refits its columns when what they depend on changes, and only then."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from jcs_desktop.ui.widgets.tables import FittedTableView


def _table(qtbot) -> tuple[FittedTableView, QStandardItemModel, list[int]]:
    model = QStandardItemModel(0, 3)
    for n in range(5):
        model.appendRow([QStandardItem(f"Name {n}"), QStandardItem("Organisation"), QStandardItem("Health")])
    table = FittedTableView(0)
    table.setModel(model)
    qtbot.addWidget(table)
    table.resize(600, 300)
    table.show()
    qtbot.waitExposed(table)
    fits: list[int] = []
    real = table.fit_columns
    table.fit_columns = lambda: fits.append(1) or real()
    qtbot.wait(10)
    fits.clear()
    return table, model, fits


def test_a_resize_to_the_same_width_does_not_refit_but_a_new_width_and_new_rows_do(qtbot) -> None:
    table, model, fits = _table(qtbot)
    table.resize(600, 200)  # taller or shorter only: the columns need nothing new
    qtbot.wait(10)
    assert fits == []
    table.resize(800, 200)
    qtbot.waitUntil(lambda: len(fits) == 1)
    model.appendRow([QStandardItem("A much, much longer name than the others"), QStandardItem(""), QStandardItem("")])
    qtbot.waitUntil(lambda: len(fits) == 2)
    wide = table.horizontalHeader().sectionSize(1)
    table.setColumnHidden(2, True)
    table.resize(800, 250)
    qtbot.waitUntil(lambda: len(fits) == 3)
    assert table.horizontalHeader().sectionSize(1) >= wide


def test_one_line_rows_follow_the_text_size(qtbot) -> None:
    table, _model, fits = _table(qtbot)
    table.use_one_line_rows()
    before = table.rowHeight(0)
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    table.setFont(font)
    qtbot.waitUntil(lambda: fits != [])  # a new text size refits the columns too
    assert table.rowHeight(0) >= 1.4 * before
    assert table.rowHeight(0) == table.rowHeight(4)
