"""The main window, the workshop list, the step frame, text size, contrast and help (real widgets)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QWidget

from jcs_desktop.content.loader import load_app_guide
from jcs_desktop.paths import forms_dir
from jcs_desktop.services import NotFound
from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.forms import FormError, load_form
from jcs_desktop.ui.core.steps import STEPS
from jcs_desktop.ui.shell.workshop_list import EMPTY_MESSAGE, WorkshopTableModel

SRC = Path(__file__).resolve().parents[1] / "src"
# The offscreen platform warns that it cannot resize or raise windows; nothing to do with the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def ctx(services):
    return AppContext(services)


def make_window(qtbot, ctx, *, size: tuple[int, int] | None = (1366, 768)):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    if size:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def window(qtbot, ctx):
    return make_window(qtbot, ctx)


def visible_dialog(qtbot, name: str) -> QDialog:
    found: list[QDialog] = []

    def check() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
        assert found

    qtbot.waitUntil(check)
    return found[0]


def click_ok(qtbot, dialog: QDialog) -> None:
    button = dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_workshops(services, *specs: tuple[str, str, dt.date | None]) -> list[int]:
    return [services.workshops.create(WorkshopFields(title=t, partnership=p, date=d)).previous.id for t, p, d in specs]


def titles_in_view(window) -> list[str]:
    proxy = window.list_view.proxy
    return [proxy.index(r, WorkshopTableModel.TITLE).data() for r in range(proxy.rowCount())]


# -- forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "children"),
    [
        ("workshop_dialog", ["titleEdit", "partnershipEdit", "dateEdit", "routeCombo", "divergenceSpin", "buttonBox"]),
        ("participant_dialog", ["nameEdit", "organisationEdit", "sectorCombo", "roleEdit", "buttonBox"]),
    ],
)
def test_forms_load_with_quiloader_from_the_forms_folder(qtbot, name, children) -> None:
    assert (forms_dir() / f"{name}.ui").is_file()
    form = load_form(name)
    qtbot.addWidget(form)
    assert isinstance(form, QDialog)
    for child in children:
        widget = form.findChild(QWidget, child)
        assert widget is not None, child
        if child != "buttonBox":
            assert widget.accessibleName(), f"{child} has no accessible name"


def test_a_missing_form_is_a_clear_error() -> None:
    with pytest.raises(FormError, match=r"no_such_form\.ui"):
        load_form("no_such_form")


# -- start-up ---------------------------------------------------------------------------------


def test_main_window_import_keeps_heavy_libraries_out() -> None:
    code = (
        "import sys, jcs_desktop.ui.shell.main_window, jcs_desktop.ui.app\n"
        "print(','.join(m for m in ('pyqtgraph', 'openpyxl', 'reportlab', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == ""


def test_run_gui_reports_an_unusable_database_without_a_traceback(qtbot, monkeypatch) -> None:
    from jcs_desktop.ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    assert app.run_gui("nosuchdriver://nowhere") == 1
    assert shown and "cannot be opened" in shown[0]


def test_run_gui_reports_damaged_content(qtbot, monkeypatch) -> None:
    from jcs_desktop.content.loader import ContentError
    from jcs_desktop.services import Services
    from jcs_desktop.ui import app

    def broken(*_a, **_k):
        raise ContentError("catalyst-for-change.json: drivers: field required")

    monkeypatch.setattr(Services, "open", broken)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    assert app.run_gui(None) == 1
    assert "field required" in shown[0]


# -- the workshop list ---------------------------------------------------------------------------


def test_empty_list_says_how_to_start(window) -> None:
    assert window.list_view.stack.currentWidget() is window.list_view.empty
    assert window.list_view.empty.text() == EMPTY_MESSAGE
    assert window.windowTitle() == "JCS Desktop"


def test_create_a_workshop_through_the_dialog(qtbot, window, services) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, "WorkshopDialog")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "titleEdit"), "Autumn self-assessment")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "partnershipEdit"), "Eastvale Partnership")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "venueEdit"), "Town Hall")
    route = dialog.findChild(QWidget, "routeCombo")
    route.setCurrentIndex(route.findData("consensus"))
    click_ok(qtbot, dialog)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    [summary] = services.workshops.list()
    record = services.workshops.get(summary.id)
    assert (record.title, record.partnership, record.venue, record.route) == (
        "Autumn self-assessment",
        "Eastvale Partnership",
        "Town Hall",
        "consensus",
    )
    assert record.date == dt.date.today()
    # The new workshop opens at Prepare, and the window says which workshop is open.
    assert window.stack.currentWidget() is window.workshop_view
    assert window.workshop_view.current_key() == "prepare"
    assert window.windowTitle().startswith("Autumn self-assessment")
    assert window.statusBar().currentMessage().startswith("Saved:")
    # Back on the list it is there; Ctrl+Z removes it again.
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.list_view
    assert titles_in_view(window) == ["Autumn self-assessment"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert services.workshops.list() == []
    assert window.list_view.stack.currentWidget() is window.list_view.empty


def test_the_dialog_refuses_a_workshop_without_a_title(qtbot, window, services) -> None:
    window.new_action.trigger()
    dialog = visible_dialog(qtbot, "WorkshopDialog")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.findChild(QWidget, "errorLabel")
    assert error.isVisible() and "title" in error.text()
    assert services.workshops.list() == []
    dialog.reject()


def test_search_filters_rows(qtbot, services, ctx) -> None:
    add_workshops(
        services,
        ("Spring review", "Northbridge Partnership", dt.date(2026, 3, 1)),
        ("Autumn review", "Northbridge Partnership", dt.date(2026, 10, 1)),
        ("Baseline", "Eastvale Partnership", dt.date(2025, 6, 1)),
    )
    window = make_window(qtbot, ctx)
    assert len(titles_in_view(window)) == 3
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.list_view.search.hasFocus()
    qtbot.keyClicks(window.list_view.search, "northbridge")
    assert sorted(titles_in_view(window)) == ["Autumn review", "Spring review"]
    window.list_view.search.clear()
    qtbot.keyClicks(window.list_view.search, "review oct")  # every word, any column
    assert titles_in_view(window) == ["Autumn review"]
    window.list_view.search.clear()
    qtbot.keyClicks(window.list_view.search, "zzz")
    assert titles_in_view(window) == []
    assert window.list_view.stack.currentWidget() is window.list_view.empty
    assert "zzz" in window.list_view.empty.text()
    qtbot.keyClick(window.list_view.search, Qt.Key.Key_Escape)
    assert len(titles_in_view(window)) == 3


def test_clicking_headers_sorts(qtbot, services, ctx) -> None:
    add_workshops(
        services,
        ("Beta", "P", dt.date(2026, 1, 1)),
        ("alpha", "P", dt.date(2024, 1, 1)),
        ("Gamma", "P", None),
    )
    window = make_window(qtbot, ctx)
    header = window.list_view.table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(WorkshopTableModel.TITLE)
    first = titles_in_view(window)
    click(WorkshopTableModel.TITLE)
    second = titles_in_view(window)
    assert {tuple(first), tuple(second)} == {("alpha", "Beta", "Gamma"), ("Gamma", "Beta", "alpha")}
    click(WorkshopTableModel.DATE)
    by_date = titles_in_view(window)
    assert by_date in (["Gamma", "alpha", "Beta"], ["Beta", "alpha", "Gamma"])  # no date sorts before any date


def test_the_list_stays_in_order_through_changes_and_keeps_the_selection(qtbot, services, ctx) -> None:
    beta, alpha, gamma = add_workshops(services, ("Beta", "P", None), ("alpha", "P", None), ("Gamma", "P", None))
    window = make_window(qtbot, ctx)
    table = window.list_view.table
    table.sortByColumn(WorkshopTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert titles_in_view(window) == ["alpha", "Beta", "Gamma"]
    window.list_view.select(gamma)
    table.sortByColumn(WorkshopTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert titles_in_view(window) == ["Gamma", "Beta", "alpha"]
    assert window.list_view.selected_id() == gamma  # the selection follows its workshop
    assert table.currentIndex().row() == 0

    # A renamed workshop moves to its place in the order; a new one arrives in its place.
    window.ctx.apply(services.workshops.update(alpha, {"title": "Zeta"}))
    assert titles_in_view(window) == ["Zeta", "Gamma", "Beta"]
    assert window.list_view.selected_id() == gamma
    window.ctx.apply(services.workshops.create(WorkshopFields(title="Delta", partnership="P")))
    assert titles_in_view(window) == ["Zeta", "Gamma", "Delta", "Beta"]

    # Searching keeps the order; clearing the search brings every row back in it.
    qtbot.keyClicks(window.list_view.search, "a")
    assert titles_in_view(window) == ["Zeta", "Gamma", "Delta", "Beta"]
    qtbot.keyClicks(window.list_view.search, "m")
    assert titles_in_view(window) == ["Gamma"]
    qtbot.keyClick(window.list_view.search, Qt.Key.Key_Escape)
    assert titles_in_view(window) == ["Zeta", "Gamma", "Delta", "Beta"]
    assert window.list_view.model.sort_column() == WorkshopTableModel.TITLE
    assert beta in {window.list_view.model.record(r).id for r in range(4)}


def test_delete_asks_first_and_undo_brings_it_back(qtbot, services, ctx, monkeypatch) -> None:
    [wid] = add_workshops(services, ("To be deleted", "P", None))
    window = make_window(qtbot, ctx)
    window.list_view.select(wid)
    window.list_view.table.setFocus()

    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or answer)
    qtbot.keyClick(window.list_view.table, Qt.Key.Key_Delete)
    assert asked and "To be deleted" in asked[0]
    assert services.workshops.get(wid).title == "To be deleted"  # "No" keeps it

    answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(window.list_view.table, Qt.Key.Key_Delete)
    with pytest.raises(NotFound):
        services.workshops.get(wid)
    assert titles_in_view(window) == []

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert services.workshops.get(wid).title == "To be deleted"
    assert titles_in_view(window) == ["To be deleted"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert services.workshops.list() == []


def test_duplicate_as_follow_up_copies_people_not_scores(qtbot, services, ctx, demo_id) -> None:
    window = make_window(qtbot, ctx)
    window.list_view.select(demo_id)
    window.duplicate_action.trigger()
    rows = services.workshops.list()
    assert len(rows) == 2
    copy = next(r for r in rows if r.id != demo_id)
    assert copy.participants == 12 and copy.scored == 0 and copy.agreed == 0
    assert window.list_view.selected_id() == copy.id
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert [r.id for r in services.workshops.list()] == [demo_id]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert {r.id for r in services.workshops.list()} == {demo_id, copy.id}  # the same workshop comes back


def test_enter_opens_and_alt_home_goes_back(qtbot, window, services, demo_id) -> None:
    window.list_view.refresh()
    window.list_view.select(demo_id)
    window.list_view.table.setFocus()
    qtbot.keyClick(window.list_view.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workshop_view
    assert window.workshop_view.workshop_id == demo_id
    assert "Older people" in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.list_view
    assert window.list_view.selected_id() == demo_id
    assert window.windowTitle() == "JCS Desktop"


def test_list_shows_participants_and_progress(window, services, demo_id) -> None:
    window.list_view.refresh()
    proxy = window.list_view.proxy
    assert proxy.index(0, WorkshopTableModel.PARTICIPANTS).data() == "12"
    assert proxy.index(0, WorkshopTableModel.PROGRESS).data() == "100% scored"
    assert proxy.index(0, WorkshopTableModel.ROUTE).data() == "Individual then reconcile"
    assert proxy.index(0, WorkshopTableModel.DATE).data() == "23 Nov 2026"


def test_workshop_model_passes_the_model_tester(qtmodeltester, services, demo_id) -> None:
    from jcs_desktop.ui.shell.workshop_list import WorkshopFilterProxy, WorkshopTableModel

    add_workshops(services, ("Second", "Other", None))
    model = WorkshopTableModel()
    model.set_rows(services.workshops.list())
    qtmodeltester.check(model)
    proxy = WorkshopFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("second")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1


# -- the step frame ------------------------------------------------------------------------------


def test_steps_are_listed_and_walked_with_ctrl_page_keys(qtbot, window, demo_id) -> None:
    view = window.open_workshop(demo_id)
    assert view.steps.count() == len(STEPS)
    view.show_step("prepare")
    qtbot.keyClick(window.workshop_view.steps, Qt.Key.Key_PageDown, CTRL)
    assert view.current_key() == STEPS[1].key
    assert view.stack.currentWidget() is view.page(STEPS[1].key)
    qtbot.keyClick(window.workshop_view.steps, Qt.Key.Key_PageUp, CTRL)
    assert view.current_key() == "prepare"
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_key() == STEPS[1].key
    # Every page gets created after the window is up, so every step shows whether it is done.
    qtbot.waitUntil(lambda: set(view.pages()) == {s.key for s in STEPS})
    from jcs_desktop.ui.shell.step_list import DONE_ROLE

    assert view.steps.item(0).data(DONE_ROLE) is True


def test_every_step_is_a_registered_step_page_class_in_order() -> None:
    from jcs_desktop.ui.core.step_page import StepPage
    from jcs_desktop.ui.shell.step_pages import PAGE_FOR, STEP_PAGES

    assert [cls.step for cls in STEP_PAGES] == list(STEPS)
    assert all(issubclass(cls, StepPage) for cls in STEP_PAGES)
    assert set(PAGE_FOR) == {s.key for s in STEPS}


def test_no_step_page_module_loads_before_a_workshop_opens() -> None:
    """The window appears before any step page's module is imported (start-up time)."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from jcs_desktop.ui.shell.main_window import MainWindow\n"
        "steps = ('scoring', 'reconcile', 'final_scores', 'planning', 'prepare', 'export')\n"
        "print([m for m in sys.modules if m.startswith('jcs_desktop.ui.') and m.split('.')[2] in steps])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- text size, contrast, help ---------------------------------------------------------------------


def test_text_size_shortcuts_change_the_app_font_and_are_remembered(qtbot, window, services) -> None:
    before = QApplication.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    bigger = QApplication.font().pointSizeF()
    assert bigger > before
    qtbot.waitUntil(lambda: window.list_view.table.font().pointSizeF() == bigger)  # widgets follow the app font
    window.close()

    # A new window (a new session) starts at the remembered size.
    again = make_window(qtbot, AppContext(services))
    assert QApplication.font().pointSizeF() == pytest.approx(bigger)
    qtbot.keyClick(again, Qt.Key.Key_Minus, CTRL)
    assert QApplication.font().pointSizeF() < bigger
    qtbot.keyClick(again, Qt.Key.Key_0, CTRL)
    assert QApplication.font().pointSizeF() == pytest.approx(before)


def test_high_contrast_is_applied_and_remembered(qtbot, window, services) -> None:
    window.high_contrast_action.trigger()
    assert QApplication.palette().window().color().name() == "#000000"
    window.close()
    again = make_window(qtbot, AppContext(services))
    assert again.high_contrast_action.isChecked()
    assert QApplication.palette().window().color().name() == "#000000"
    again.high_contrast_action.trigger()
    assert QApplication.palette().window().color().name() != "#000000"


def test_window_geometry_is_remembered(qtbot, window, services) -> None:
    window.resize(760, 560)  # within the offscreen screen (800×600), which restoreGeometry respects
    window.close()
    again = make_window(qtbot, AppContext(services), size=None)
    assert (again.width(), again.height()) == (760, 560)


def test_a_remembered_sliver_of_a_window_opens_at_the_first_run_size(qtbot, services) -> None:
    first = make_window(qtbot, AppContext(services), size=None)
    first_run = (first.width(), first.height())
    first.resize(520, 210)  # dragged down to a sliver: the list and the steps no longer show
    first.close()
    again = make_window(qtbot, AppContext(services), size=None)
    assert (again.width(), again.height()) == first_run
    assert first_run[0] >= 640 and first_run[1] >= 400


def test_f1_shows_the_workbook_guidance(qtbot, window, services) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window.help_window()
    qtbot.waitUntil(help_window.isVisible)
    fw = services.framework
    guide = [s.title for s in load_app_guide()]
    assert guide and help_window.titles() == [g.title for g in fw.guidance] + guide + ["Keyboard shortcuts"]
    first = fw.guidance[0]
    assert first.title in help_window.text.toPlainText()
    assert first.paragraphs[0][:40] in help_window.text.toPlainText()
    help_window.show_section("app-devices")
    assert "hotspot" in help_window.text.toPlainText() and "isolat" in help_window.text.toPlainText()
    window.shortcuts_action.trigger()
    text = help_window.text.toPlainText()
    for keys in ("Ctrl+N", "Ctrl+Shift+Z", "Ctrl+=", "Ctrl+PgDown", "Alt+Home", "Ctrl+Shift+F12"):
        assert keys in text


def test_menus_and_export_menu_are_there(window) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[:3] == ["File", "Edit", "View"] and "Export" in titles and titles[-1] == "Help"
    assert window.export_menu.objectName() == "exportMenu"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]
    # The status bar names the database in use: the SQLite file, or the server's URL.
    db = window.ctx.services.db
    assert window.db_label.text() == f"Database: {db.where}"
    assert db.where.endswith(".sqlite3") if db.sqlite_path else db.where.startswith("postgresql://")


def test_run_gui_opens_the_main_window_on_the_given_database(qtbot, monkeypatch, db_url, services, demo_id) -> None:
    from jcs_desktop.ui import app
    from jcs_desktop.ui.shell.main_window import MainWindow

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own; put it back afterwards
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    assert app.run_gui(db_url) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1
    window = windows[0]
    qtbot.addWidget(window)
    # On a SQLite file the list fills in once the window has painted (before the services load).
    qtbot.waitUntil(lambda: titles_in_view(window) == ["Older people's commissioning self-assessment"])
    assert QApplication.applicationName() == "JCS Desktop"


def test_screenshot_script_renders_the_list_and_prepare_at_1366x768(qtbot, tmp_path) -> None:
    import importlib.util

    from PySide6.QtGui import QImage

    path = Path(__file__).resolve().parents[1] / "tools" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("jcs_screenshots", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert {"workshop-list", "prepare"} <= {name for name, _ in module.SHOTS}
    assert module.main(["--only", "workshop-list", "prepare", "--out", str(tmp_path)]) == 0
    for name in ("workshop-list", "prepare"):
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == (1366, 768)


def test_large_text_never_squeezes_the_title_column(qtbot, services, ctx, demo_id) -> None:
    services.workshops.duplicate_as_follow_up(demo_id, "A follow-up workshop with a rather long title indeed")
    window = make_window(qtbot, ctx)
    window.theme.set_scale(2.0)
    table = window.list_view.table

    def fitted() -> None:
        assert table.columnWidth(WorkshopTableModel.TITLE) >= 0.28 * table.viewport().width()
        assert table.columnWidth(WorkshopTableModel.DATE) >= table.sizeHintForColumn(WorkshopTableModel.DATE)

    qtbot.waitUntil(fitted)


def test_a_locked_database_is_reported_not_raised(qtbot, window, services, monkeypatch) -> None:
    from jcs_desktop.services import StoreError
    from jcs_desktop.ui.core.context import WORKSHOPS, Change

    def locked(*_a: object) -> None:
        raise StoreError("workshops.sqlite3 is in use by another program (database is locked).")

    monkeypatch.setattr(services.workshops, "list", locked)
    window.ctx.notify(Change(frozenset({WORKSHOPS})))
    assert "database is locked" in window.statusBar().currentMessage()
