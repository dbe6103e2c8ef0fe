"""Every page fits a 1366×768 laptop at 100 %, 140 % and 160 % text (real widgets, the fit checker).

The first tests check the checker itself on planted faults; the rest open the real
window on the demo workshop and assert that ``check_fit`` finds nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.fitcheck import Problem, check_fit, format_problems
from jcs_desktop.ui.shell.step_list import SUMMARY_ROLE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SIZE = (1366, 768)
SCALES = (1.0, 1.4, 1.6)


def settle(qtbot, ms: int = 30) -> None:
    qtbot.wait(ms)
    QApplication.processEvents()


def kinds(problems: list[Problem]) -> set[str]:
    return {p.kind for p in problems}


# -- the checker on planted faults ---------------------------------------------------------------------


def _shown(qtbot, widget: QWidget, w: int, h: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot)
    return widget


def test_a_well_laid_out_form_has_no_problems(qtbot):
    form = QWidget()
    layout = QFormLayout(form)
    layout.addRow("&Name:", QLineEdit())
    layout.addRow("&Organisation:", QLineEdit())
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(QPushButton("Save and close"))
    buttons.addWidget(QPushButton("Cancel"))
    layout.addRow(buttons)
    table = QTableWidget(6, 2)
    table.setHorizontalHeaderLabels(["Name", "Sector"])
    layout.addRow(table)
    _shown(qtbot, form, 500, 420)

    assert check_fit(form, (500, 420)) == []


def test_a_button_pushed_out_of_the_window_is_reported(qtbot):
    root = QWidget()
    inner = QWidget(root)  # placed by hand, wider than the window
    inner.setGeometry(0, 0, 600, 60)
    row = QHBoxLayout(inner)
    row.addWidget(QLabel("Some text"))
    row.addStretch(1)
    button = QPushButton("Reveal scores")
    row.addWidget(button)
    _shown(qtbot, root, 400, 200)

    problems = check_fit(root)
    clipped = [p for p in problems if p.kind == "clipped"]
    assert clipped and "Reveal scores" in clipped[0].widget, format_problems(problems)


def test_a_clipped_label_and_a_squeezed_button_are_reported(qtbot):
    root = QWidget()
    row = QHBoxLayout(root)
    label = QLabel("0 of 30 elements agreed so far in this workshop")
    label.setMinimumWidth(1)
    label.setSizePolicy(label.sizePolicy().horizontalPolicy(), label.sizePolicy().verticalPolicy())
    label.setMaximumWidth(120)
    button = QPushButton("How critical, how urgent")
    button.setMaximumWidth(90)
    row.addWidget(label)
    row.addWidget(button)
    _shown(qtbot, root, 300, 80)

    problems = check_fit(root)
    elided = {p.widget.split("'")[1] for p in problems if p.kind == "elided"}
    assert "0 of 30 elements agreed so far in this workshop" in elided, format_problems(problems)
    assert "How critical, how urgent" in elided, format_problems(problems)


def test_elision_with_a_tool_tip_is_allowed(qtbot):
    root = QWidget()
    row = QHBoxLayout(root)
    label = QLabel("A very long workshop title that does not fit")
    label.setMaximumWidth(80)
    label.setToolTip(label.text())
    row.addWidget(label)
    _shown(qtbot, root, 200, 60)

    assert check_fit(root) == []


def test_a_control_in_a_scroll_area_is_fine_but_a_flat_scroll_area_is_not(qtbot):
    root = QWidget()
    column = QVBoxLayout(root)
    area = QScrollArea()
    area.setWidgetResizable(True)
    content = QWidget()
    inner = QVBoxLayout(content)
    for n in range(30):
        inner.addWidget(QPushButton(f"Button {n}"))
    area.setWidget(content)
    column.addWidget(area)
    _shown(qtbot, root, 300, 300)
    assert check_fit(root) == [], format_problems(check_fit(root))

    area.setFixedHeight(18)
    settle(qtbot)
    assert "viewport" in kinds(check_fit(root))


def test_a_table_showing_too_few_rows_is_reported(qtbot):
    root = QWidget()
    column = QVBoxLayout(root)
    table = QTableWidget(20, 1)
    table.setHorizontalHeaderLabels(["Action"])
    table.verticalHeader().setDefaultSectionSize(60)
    table.setFixedHeight(110)
    column.addWidget(table)
    _shown(qtbot, root, 300, 200)

    problems = check_fit(root)
    assert "rows" in kinds(problems), format_problems(problems)


def test_a_cut_header_and_overlapping_siblings_are_reported(qtbot):
    root = QWidget()
    column = QVBoxLayout(root)
    table = QTableWidget(4, 2)
    table.setHorizontalHeaderLabels(["Resources needed to deliver", "No."])
    table.setColumnWidth(0, 60)
    column.addWidget(table)
    banner = QLabel("Saved", root)
    banner.move(0, 0)
    _shown(qtbot, root, 300, 300)
    banner.show()
    banner.raise_()
    settle(qtbot)

    problems = check_fit(root)
    assert any(p.kind == "elided" and "Resources needed" in p.detail for p in problems), format_problems(problems)
    assert "overlap" in kinds(problems), format_problems(problems)
    banner.setProperty("fit_overlay", True)
    assert "overlap" not in kinds(check_fit(root))


def test_cut_cells_without_a_tool_tip_and_self_reported_cuts_are_reported(qtbot):
    class Drawn(QLabel):
        def fit_problems(self) -> list[str]:
            return ["the summary is cut"]

    root = QWidget()
    column = QVBoxLayout(root)
    table = QTableWidget(3, 1)
    table.setHorizontalHeaderLabels(["Who"])
    table.setColumnWidth(0, 60)
    table.setItem(0, 0, QTableWidgetItem("Northbridge Health and Care Partnership"))
    column.addWidget(table)
    column.addWidget(Drawn("ok"))
    _shown(qtbot, root, 300, 300)

    details = [p.detail for p in check_fit(root) if p.kind == "elided"]
    assert any("Northbridge" in d for d in details), details
    assert "the summary is cut" in details
    table.item(0, 0).setToolTip(table.item(0, 0).text())
    assert not any("Northbridge" in p.detail for p in check_fit(root))


def test_a_window_that_needs_more_room_than_the_screen_is_reported(qtbot):
    root = QWidget()
    column = QVBoxLayout(root)
    tall = QWidget()
    tall.setMinimumHeight(900)
    column.addWidget(tall)
    _shown(qtbot, root, 400, 700)

    assert "window" in kinds(check_fit(root, (1366, 768)))


# -- the real pages -----------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, services, demo_id):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def _look(qtbot, window, scale: float) -> None:
    window.theme.apply(scale=scale, high_contrast=scale >= 1.6)
    window.resize(*SIZE)
    settle(qtbot, 60)


def _assert_fits(window, qtbot, *, within=None, size=SIZE) -> None:
    settle(qtbot, 60)
    problems = check_fit(window, size, within=within)
    assert not problems, "\n" + format_problems(problems)


STEPS_SHOWN = ("prepare", "score", "reconcile", "final", "detailed", "actions", "delivery", "strategy", "export")
# States of those pages that the QA screenshots show too: (step, what to do on the page).
STATES = {
    "score-grid": ("score", lambda page: page.show_grid(True)),
    "reconcile-revealed": ("reconcile", lambda page: page.set_revealed(True)),
}
STEP_CASES = [pytest.param(key, None, id=key) for key in STEPS_SHOWN] + [
    pytest.param(key, action, id=name) for name, (key, action) in STATES.items()
]


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
def test_workshop_list_fits(qtbot, window, demo_id, scale):
    _look(qtbot, window, scale)
    window.show_list()
    window.list_view.select(demo_id)
    _assert_fits(window, qtbot)


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
@pytest.mark.parametrize(("step", "action"), STEP_CASES)
def test_step_page_fits(qtbot, window, demo_id, step, action, scale):
    _look(qtbot, window, scale)
    window.open_workshop(demo_id)
    page = window.workshop_view.show_step(step)
    if action is not None:
        action(page)
    _assert_fits(window, qtbot)


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
def test_frame_fits_on_every_step(qtbot, window, demo_id, scale):
    """The step list, title and step buttons around whatever page is shown."""
    from jcs_desktop.ui.core.steps import STEPS

    _look(qtbot, window, scale)
    view = window.open_workshop(demo_id)
    for step in STEPS:
        page = view.show_step(step.key)
        settle(qtbot)
        problems = [p for p in check_fit(window, SIZE) if not _inside(p, window, page)]
        assert not problems, f"{step.key}:\n" + format_problems(problems)


def _inside(problem: Problem, window, page) -> bool:
    """True for problems of widgets on ``page`` (judged by the page's own test)."""
    for w in page.findChildren(QWidget):
        if w.isVisible() and problem.widget.startswith(type(w).__name__):
            from jcs_desktop.ui.core.fitcheck import describe

            if describe(w) == problem.widget:
                return True
    return False


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
def test_help_fits(qtbot, window, scale):
    from jcs_desktop.ui.shell.help import SHORTCUTS_ID

    _look(qtbot, window, scale)
    help_window = window.help_window()
    help_window.resize(int(SIZE[0] * 0.8), int(SIZE[1] * 0.9))
    help_window.show()
    qtbot.waitExposed(help_window)
    for section in ("process", SHORTCUTS_ID):
        help_window.show_section(section)
        _assert_fits(help_window, qtbot, size=SIZE)


def _open_dialog(window, demo_id, which: str) -> QWidget:
    if which == "new workshop":
        window.show_list()
        window.new_action.trigger()
        return window.last_dialog.dialog
    page = window.open_workshop(demo_id).show_step("prepare")
    if which == "participant":
        page.select_row(0)
        page.edit_participant()
        return page.last_dialog.dialog
    if which == "new participant":
        page.add_participant()
        return page.last_dialog.dialog
    if which == "edit workshop":
        page.edit_workshop()
        return page.last_dialog.dialog
    if which == "sectors":
        page.edit_sectors()
        return page.last_dialog
    page.set_pin()
    return page.last_dialog


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{round(s * 100)}pct")
@pytest.mark.parametrize("which", ["new workshop", "edit workshop", "new participant", "participant", "sectors", "pin"])
def test_dialog_fits(qtbot, window, demo_id, which, scale):
    _look(qtbot, window, scale)
    dialog = _open_dialog(window, demo_id, which)
    qtbot.waitExposed(dialog)
    settle(qtbot, 60)
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1]
    _assert_fits(dialog, qtbot, size=SIZE)
    dialog.reject()


def test_the_fit_checker_finds_a_cut_control_on_a_real_page(qtbot, window, demo_id):
    """A real page made too small shows up (so the page tests above can fail)."""
    _look(qtbot, window, 1.6)
    page = window.open_workshop(demo_id).show_step("prepare")
    page.setMaximumHeight(120)
    settle(qtbot, 60)
    assert check_fit(window, SIZE), "a prepare page 120 px high must not pass"
    page.setMaximumHeight(16_777_215)


@pytest.mark.parametrize("scale", (1.0, 1.6), ids=("100pct", "160pct"))
def test_the_export_page_does_not_move_when_a_file_is_saved(qtbot, window, demo_id, scale, tmp_path):
    _look(qtbot, window, scale)
    page = window.open_workshop(demo_id).show_step("export")
    settle(qtbot, 60)
    before = (page.body.height(), page.result_label.geometry(), page.open_button.geometry())

    page._saved([tmp_path / "report.xlsx"])  # what a finished export reports
    settle(qtbot, 60)

    assert page.open_button.isVisible()
    assert (page.body.height(), page.result_label.geometry(), page.open_button.geometry()) == before
    _assert_fits(window, qtbot)


@pytest.mark.parametrize("scale", (1.0, 1.6), ids=("100pct", "160pct"))
@pytest.mark.parametrize("which", ["new workshop", "new participant", "pin"])
def test_a_dialog_does_not_move_when_it_shows_an_error(qtbot, window, demo_id, which, scale):
    _look(qtbot, window, scale)
    dialog = _open_dialog(window, demo_id, which)
    qtbot.waitExposed(dialog)
    settle(qtbot, 60)
    buttons = dialog.findChild(QWidget, "buttonBox")
    error = dialog.findChild(QLabel, "errorLabel")
    before = (dialog.size(), buttons.geometry())

    if which == "new workshop":
        window.last_dialog.title.clear()
    elif which == "new participant":
        window.workshop_view.page("prepare").last_dialog.name.clear()
    else:
        dialog.pin.setText("12")
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # submit: the form refuses it
    settle(qtbot, 60)

    assert error.isVisible() and error.text()
    assert (dialog.size(), buttons.geometry()) == before
    dialog.reject()


def test_dialogs_grow_with_the_text_size(qtbot, window, demo_id):
    widths = []
    for scale in (1.0, 1.6):
        _look(qtbot, window, scale)
        dialog = _open_dialog(window, demo_id, "edit workshop")
        qtbot.waitExposed(dialog)
        settle(qtbot)
        title = window.workshop_view.page("prepare").last_dialog.title
        widths.append(dialog.width())
        # The demo workshop's title is shown whole in its box.
        assert title.fontMetrics().horizontalAdvance(title.text()) < title.width() - 8
        dialog.reject()
        settle(qtbot)
    assert widths[1] > widths[0] * 1.2


def test_step_summaries_keep_every_step_in_view_at_160pct(qtbot, window, demo_id):
    _look(qtbot, window, 1.6)
    view = window.open_workshop(demo_id)
    for step in ("score", "final", "detailed", "actions", "delivery", "strategy"):  # every page built
        view.page(step)
    view.show_step("prepare")
    settle(qtbot, 100)
    steps = view.steps
    fm = steps.fontMetrics()
    row = next(r for r in range(steps.count()) if steps.item(r).text() == "Score")
    summary = steps.item(row).data(SUMMARY_ROLE) or ""
    rect = steps.visualRect(steps.model().index(row, 0))
    # The demo's summary is too long for one line. Nine steps with two-line summaries do not fit
    # a laptop at this size: each summary keeps to one line then, whole in the step's tool tip.
    assert summary and fm.horizontalAdvance(summary) > rect.width() - 3 * fm.height()
    assert rect.height() >= 2 * fm.height() + 8  # the title and a line of summary, with a little room
    assert summary in steps.item(row).toolTip()
    last = steps.visualRect(steps.model().index(steps.count() - 1, 0))
    assert last.bottom() <= steps.viewport().height(), "the last step is below the fold"


def _contrast(a, b) -> float:
    def lum(c) -> float:
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        parts = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in parts]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("which", ["new workshop", "new participant", "sectors", "pin"])
def test_a_dialog_error_is_readable_in_either_look(qtbot, window, demo_id, which, high_contrast):
    window.theme.apply(scale=1.0, high_contrast=high_contrast)
    settle(qtbot)
    dialog = _open_dialog(window, demo_id, which)
    qtbot.waitExposed(dialog)
    error = dialog.findChild(QLabel, "errorLabel")
    error.setText("Please give the workshop a title.")
    error.show()
    settle(qtbot)
    ink = error.palette().color(error.foregroundRole())
    ground = error.palette().color(error.backgroundRole())
    assert _contrast(ink, ground) >= 4.5, (ink.name(), ground.name())
    dialog.reject()


@pytest.mark.parametrize("factor", [1.0, 1.6])
def test_the_room_chart_keeps_its_top_axis_label_whole(qtbot, factor):
    from PySide6.QtGui import QFontMetrics

    from jcs_desktop.ui.widgets.charts import DistributionChart

    chart = DistributionChart()
    _shown(qtbot, chart, 1300, 260)
    chart.set_font_factor(factor)
    chart.set_distribution({1: 3, 2: 8, 3: 1, 4: 0}, ["One", "Two", "Three", "Four"], agreed=2)
    chart.ensure_built()
    settle(qtbot)
    plot = chart.plot.getPlotItem()
    (_, _), (y0, y1) = plot.viewRange()
    ticks = [v for v, _label in plot.getAxis("left")._tickLevels[0]]
    per_unit = plot.getViewBox().height() / (y1 - y0)
    half_label = QFontMetrics(chart._axis_font(factor)).height() / 2
    assert ticks and (y1 - max(ticks)) * per_unit >= half_label, (ticks, y1, per_unit)


@pytest.mark.parametrize(("scale", "per_row"), [(1.0, 4), (1.6, 2)], ids=["100pct", "160pct"])
def test_detailed_sheet_levels_go_two_by_two_and_the_driver_list_keeps_whole_words(
    qtbot, window, demo_id, scale, per_row
):
    from PySide6.QtGui import QFont, QFontMetrics

    _look(qtbot, window, scale)
    page = window.open_workshop(demo_id).show_step("detailed")
    settle(qtbot, 200)
    sheet = page.sheet()
    assert sheet._per_row == per_row
    # The sheet never scrolls sideways: its levels fit the view.
    assert page.scroll.horizontalScrollBar().maximum() == 0
    # Every word of the driver list fits its column (bold for the drivers), so none is broken.
    bold = QFont(page.tree.font())
    bold.setBold(True)
    fm = QFontMetrics(bold)
    column = page.tree.columnWidth(0) - page.tree.indentation() * 2
    words = {w for i in range(page.tree.topLevelItemCount()) for w in page.tree.topLevelItem(i).text(0).split()}
    assert max(fm.horizontalAdvance(w) for w in words) < column


def test_step_summaries_are_shown_whole_at_140pct(qtbot, window, demo_id):
    from jcs_desktop.ui.shell.step_list import StepDelegate

    _look(qtbot, window, 1.4)
    view = window.open_workshop(demo_id)
    for step in ("score", "reconcile", "final", "detailed", "actions", "delivery"):
        view.page(step)
    view.show_step("prepare")
    settle(qtbot, 100)
    steps = view.steps
    fm = steps.fontMetrics()
    width = StepDelegate.text_width(steps.viewport().width(), fm)
    most = steps.delegate.lines_allowed
    assert most > StepDelegate.SUMMARY_LINES
    titles = {"Score", "Reconcile", "Final scores"}  # the detailed assessment's can be longer still
    for row in (r for r in range(steps.count()) if steps.item(r).text() in titles):
        summary = steps.item(row).data(SUMMARY_ROLE) or ""
        lines = StepDelegate.summary_lines(summary, width, fm, most)
        assert all(fm.horizontalAdvance(line) <= width for line in lines), lines
    last = steps.visualRect(steps.model().index(steps.count() - 1, 0))
    assert last.bottom() <= steps.viewport().height(), "the last step is below the fold"
