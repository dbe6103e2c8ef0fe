"""No two controls in one window share an Alt+letter mnemonic.

With two, Alt+letter only moves the focus between them; in "Add participant" that cost a
person being typed ("&Name:" and "Add a&nother"). This walks every dialog class, every
Designer form and every step page of the main window (with its menu bar), and the
shared-screen windows, and fails on any letter used twice among the visible controls
that take one: labels with a buddy, buttons, check boxes, radio buttons, group boxes,
tabs and menu titles.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections import defaultdict
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)

from jcs_desktop.exports.importer import ImportPreview, ImportProblem
from jcs_desktop.paths import forms_dir
from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.forms import load_form
from jcs_desktop.ui.core.steps import STEPS
from tests.test_ui_scoring import picker_button

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), case-folded."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].casefold()
        i += 1
    return None


def mnemonic_owners(window: QWidget) -> dict[str, list[str]]:
    """letter -> the texts of the visible controls in ``window`` that use it."""
    owners: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners[letter].append(text)

    for w in [window, *window.findChildren(QWidget)]:
        if w.window() is not window or not (w is window or w.isVisibleTo(window)):
            continue
        if (isinstance(w, QLabel) and w.buddy() is not None) or isinstance(w, QAbstractButton):
            add(w.text())
        elif isinstance(w, QGroupBox):
            add(w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    add(w.tabText(i))
        elif isinstance(w, QMenuBar):
            for action in w.actions():
                if action.isVisible():
                    add(action.text())
    return owners


def duplicates(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonic_owners(window).items() if len(v) > 1}


def check(qtbot, window: QWidget, where: str, problems: list[str]) -> None:
    """Show ``window`` and note any letter shared in it."""
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    found = duplicates(window)
    if found:
        problems.append(f"{where}: {found}")


# --- the checker itself ------------------------------------------------------------------------


def test_the_checker_finds_a_shared_mnemonic(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    assert mnemonic("Add a&nother") == "n" and mnemonic("Fish && &Chips") == "c" and mnemonic("R&&D") is None
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = QLabel("&Name:")
    edit = QLineEdit()
    label.setBuddy(edit)
    for w in (label, edit, QPushButton("Add a&nother"), QLabel("&Plain label, no buddy")):
        layout.addWidget(w)
    window.show()
    assert duplicates(window) == {"n": ["&Name:", "Add a&nother"]}


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def ctx(services, tmp_path):
    context = AppContext(services)
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield context
    context.undo_stack.clear()


# --- every dialog -------------------------------------------------------------------------------


def _dialogs(ctx, demo_id: int, parent: QWidget) -> dict[str, QWidget]:
    """One instance of every dialog the application opens, keyed by class name."""
    from jcs_desktop.services.backups import BackupInfo
    from jcs_desktop.ui.dialogs.backup_dialog import RestoreBackupDialog
    from jcs_desktop.ui.dialogs.participant_dialog import ParticipantDialog
    from jcs_desktop.ui.dialogs.pin_dialog import PinDialog
    from jcs_desktop.ui.dialogs.preview_dialog import ImportPreviewDialog
    from jcs_desktop.ui.dialogs.sector_dialog import SectorDialog
    from jcs_desktop.ui.dialogs.series_dialog import SeriesDialog
    from jcs_desktop.ui.dialogs.workshop_dialog import WorkshopDialog
    from jcs_desktop.ui.planning.dialogs import CreateActionsDialog, LinksDialog
    from jcs_desktop.ui.scoring.no_pin import NoPinQuestion
    from jcs_desktop.ui.shell.help import HelpWindow
    from jcs_desktop.ui.strategy.template_view import ActionPicker

    svc = ctx.services
    fw = svc.framework
    workshop = svc.workshops.get(demo_id)
    person = svc.participants.list(demo_id)[0]
    sectors = ["NHS", "Council"]
    actions = svc.planning.actions(demo_id)
    links = actions[0].links
    approaches = svc.planning.chosen_approaches(demo_id)
    plans = svc.planning.driver_plans(demo_id)
    preview_ok = ImportPreview(
        demo_id, Path("filled.xlsx"), (), {person.id: {fw.element_ids()[0]: 3}}, {person.id: "A"}
    )
    preview_bad = ImportPreview(demo_id, Path("bad.xlsx"), (ImportProblem("A1", "not a template"),))
    return {
        "WorkshopDialog (new)": WorkshopDialog(parent, lambda f: None).dialog,
        "WorkshopDialog (edit)": WorkshopDialog(parent, lambda f: None, record=workshop).dialog,
        "ParticipantDialog (add)": ParticipantDialog(parent, lambda f: None, sectors=sectors).dialog,
        "ParticipantDialog (edit)": ParticipantDialog(parent, lambda f: None, sectors=sectors, record=person).dialog,
        "PinDialog": PinDialog(parent, lambda pin: None),
        "SectorDialog": SectorDialog(parent, sectors, lambda names: None),
        "ActionPicker": ActionPicker([(a.id, a.achieve) for a in actions], parent),
        "SeriesDialog": SeriesDialog(
            parent, workshop.title, workshop.partnership, svc.workshops.list(), {demo_id}, None, lambda w: None
        ),
        "CreateActionsDialog": CreateActionsDialog(fw, approaches, plans, parent),
        "LinksDialog": LinksDialog(fw, links, parent),
        "ImportPreviewDialog (ok)": ImportPreviewDialog(preview_ok, parent),
        "ImportPreviewDialog (problems)": ImportPreviewDialog(preview_bad, parent),
        "HelpWindow": HelpWindow(fw, parent),
        "NoPinQuestion": NoPinQuestion(parent),
        "RestoreBackupDialog (none)": RestoreBackupDialog(parent, [], lambda path: None),
        "RestoreBackupDialog (some)": RestoreBackupDialog(
            parent, [BackupInfo(Path("b.sqlite3"), dt.datetime(2026, 11, 23, 10, 0), 1)], lambda path: None
        ),
    }


def _dialog_classes() -> set[str]:
    """Every QDialog subclass (and dialog controller) defined in the ui package."""
    import jcs_desktop.ui as ui

    names: set[str] = set()
    for info in pkgutil.walk_packages(ui.__path__, "jcs_desktop.ui."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != module.__name__:
                continue
            if issubclass(obj, QDialog) or name.endswith("Dialog"):
                names.add(name)
    return names


def test_every_dialog_has_unique_mnemonics(qtbot, ctx, demo_id) -> None:
    problems: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs = _dialogs(ctx, demo_id, parent)
    covered = {key.split(" ")[0] for key in dialogs}
    assert _dialog_classes() <= covered, f"dialogs not walked here: {_dialog_classes() - covered}"
    for where, dialog in dialogs.items():
        check(qtbot, dialog, where, problems)
        dialog.close()
    assert not problems, "\n".join(problems)


def test_every_designer_form_has_unique_mnemonics(qtbot) -> None:
    problems: list[str] = []
    forms = sorted(forms_dir().glob("*.ui"))
    assert forms
    for path in forms:
        form = load_form(path.stem)
        qtbot.addWidget(form)
        check(qtbot, form, path.name, problems)
    assert not problems, "\n".join(problems)


# --- the main window, page by page ------------------------------------------------------------


def test_every_step_page_of_the_main_window_has_unique_mnemonics(qtbot, ctx, demo_id) -> None:
    problems: list[str] = []
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    check(qtbot, window, "workshop list", problems)
    window.open_workshop(demo_id)
    for step in STEPS:
        page = window.workshop_view.show_step(step.key)
        QApplication.processEvents()
        check(qtbot, window, f"step {step.title}", problems)
        # Pages with tabs or a second view: walk each of them too.
        from PySide6.QtWidgets import QTabWidget

        for tabs in page.findChildren(QTabWidget):
            if not tabs.isVisibleTo(window):
                continue
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                check(qtbot, window, f"step {step.title}, tab {tabs.tabText(i)}", problems)
        if step.key == "score":
            page.show_grid(True)
            check(qtbot, window, "step Score, facilitator grid", problems)
            page.show_grid(False)
    # Each menu is its own scope: no two items of one menu share a letter.
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator():
                letter = mnemonic(action.text())
                if letter:
                    letters[letter].append(action.text())
        shared = {k: v for k, v in letters.items() if len(v) > 1}
        if shared:
            problems.append(f"menu {menu_action.text()}: {shared}")
    assert not problems, "\n".join(problems)


def test_shared_screen_windows_have_unique_mnemonics(qtbot, ctx, services) -> None:
    problems: list[str] = []
    from jcs_desktop.ui.scoring.consensus import GroupScoresWindow
    from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow

    record = services.workshops.create(WorkshopFields(title="Spring", date=dt.date(2027, 3, 15))).previous
    people = services.participants.add_many(record.id, [{"display_name": "Ada"}, {"display_name": "Ben"}]).previous
    window = ParticipantModeWindow(ctx, record.id)
    qtbot.addWidget(window)
    check(qtbot, window, "participant mode, names", problems)
    qtbot.mouseClick(picker_button(window, people[0].id), Qt.MouseButton.LeftButton)
    for show in (window.start, window.show_summary, window.finish, window.request_exit):
        show()
        check(qtbot, window, f"participant mode, {window.current_page().__class__.__name__}", problems)
    group = GroupScoresWindow(ctx, record.id)
    qtbot.addWidget(group)
    check(qtbot, group, "group scores", problems)
    assert not problems, "\n".join(problems)


# --- the flow that lost a person -------------------------------------------------------------------


def test_add_participant_by_keyboard_with_alt_keys_loses_nobody(qtbot, ctx, services) -> None:
    from PySide6.QtWidgets import QLineEdit

    from jcs_desktop.ui.shell.main_window import MainWindow

    alt = Qt.KeyboardModifier.AltModifier
    workshop_id = services.workshops.create(WorkshopFields(title="Spring workshop")).previous.id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_workshop(workshop_id)
    page = window.workshop_view.show_step("prepare")
    page.add_action.trigger()
    qtbot.waitUntil(lambda: getattr(page, "last_dialog", None) is not None and page.last_dialog.dialog.isVisible())
    dialog = page.last_dialog.dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    name = dialog.findChild(QLineEdit, "nameEdit")
    organisation = dialog.findChild(QLineEdit, "organisationEdit")

    def keys(text: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)

    keys("Ann Smith")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, alt)  # Alt+O: organisation
    assert QApplication.focusWidget() is organisation
    keys("Westford ICB")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, alt)  # Alt+N: back to the name, nothing else
    assert QApplication.focusWidget() is name and name.text() == "Ann Smith"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, alt)  # Alt+A: Add another
    qtbot.waitUntil(lambda: name.text() == "")
    assert [p.display_name for p in services.participants.list(workshop_id)] == ["Ann Smith"]
    assert QApplication.focusWidget() is name
    keys("Dan Wu")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, alt)
    assert name.text() == "Dan Wu"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, alt)
    qtbot.waitUntil(lambda: name.text() == "")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    stored = services.participants.list(workshop_id)
    assert [(p.display_name, p.organisation) for p in stored] == [
        ("Ann Smith", "Westford ICB"),
        ("Dan Wu", "Westford ICB"),
    ]
