"""File → Restore from backup…, File → Check database, automatic backups, and the second-instance warning."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.store.backups import BEFORE_RESTORE, list_backups
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.store_lock import StoreLock, ask_to_continue

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.sqlite_only("backups, integrity checks and the lock file are of the local SQLite file"),
]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, services):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _titles(window) -> list[str]:
    model = window.list_view.proxy
    return sorted(model.index(r, 0).data() for r in range(model.rowCount()))


def _create(window, title: str) -> None:
    window.ctx.services.workshops.create(WorkshopFields(title=title))
    window.list_view.refresh()


def _file_menu_action(window, name: str):
    menu = window.menuBar().findChild(type(window.export_menu), "fileMenu")
    [action] = [a for a in menu.actions() if a.objectName() == name]
    return action


def _wait_for_message(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(lambda: window.last_message is not None and window.last_message.isVisible(), timeout=10_000)
    return window.last_message


def test_restore_lists_backups_and_brings_one_back_after_confirmation(qtbot, window) -> None:
    _create(window, "Before the backup")
    window.backups.backup_now()
    _create(window, "Made after the backup")
    assert _titles(window) == ["Before the backup", "Made after the backup"]

    _file_menu_action(window, "restoreBackupAction").trigger()
    dialog = window.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text().startswith("Today ")
    assert dialog.table.item(0, 1).text() == "1 workshop"

    qtbot.mouseClick(dialog.restore_button, LEFT)
    box = dialog.confirm_box
    assert box is not None and box.isVisible() and "1 workshop" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)

    message = _wait_for_message(qtbot, window)
    assert "restored" in message.text()
    assert _titles(window) == ["Before the backup"]
    assert window.ctx.undo_stack.count() == 0  # undo must not reach into the replaced database
    kinds = [b.kind for b in list_backups(window.ctx.services.db.sqlite_path)]
    assert BEFORE_RESTORE in kinds
    safety = next(b for b in list_backups(window.ctx.services.db.sqlite_path) if b.kind == BEFORE_RESTORE)
    assert safety.workshops == 2  # what was there before the restore is kept
    _create(window, "Carrying on")  # the database works on after the restore
    assert "Carrying on" in _titles(window)


def test_cancelling_the_confirmation_changes_nothing(qtbot, window) -> None:
    _create(window, "One")
    window.backups.backup_now()
    _create(window, "Two")
    window.restore_backup()
    dialog = window.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter = the dialog's default button, Restore…
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), LEFT)
    assert dialog.isVisible()
    assert _titles(window) == ["One", "Two"]
    assert [b.kind for b in list_backups(window.ctx.services.db.sqlite_path)] == [""]


def test_no_backups_yet_says_so(qtbot, window) -> None:
    window.restore_backup()
    dialog = window.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.restore_button.isEnabled()
    assert "no backups yet" in dialog.findChild(QLabel, "backupIntro").text()


def test_check_database_reports_a_sound_file_then_damage(qtbot, window) -> None:
    _create(window, "Checked")
    _file_menu_action(window, "checkDatabaseAction").trigger()
    message = _wait_for_message(qtbot, window)
    assert message.text().startswith("No problems found")
    qtbot.mouseClick(message.button(QMessageBox.StandardButton.Ok), LEFT)

    path: Path = window.ctx.services.db.sqlite_path
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 12] = b"\xff" * 12  # a table's root page
    path.write_bytes(bytes(data))
    window.last_message = None
    window.check_database()
    message = _wait_for_message(qtbot, window)
    assert "is damaged" in message.text()
    assert "Restore from backup" in message.informativeText()
    assert message.detailedText()


def test_automatic_backup_when_due_and_at_close(qtbot, window) -> None:
    db_path = window.ctx.services.db.sqlite_path
    assert window.backup_timer.isActive() and window.backup_timer.interval() == 60_000
    window.backup_if_due()
    assert not window._backup_running and list_backups(db_path) == []  # nothing changed yet
    _create(window, "Worth keeping")
    window.backup_if_due()
    qtbot.waitUntil(lambda: len(list_backups(db_path)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window._backup_running)
    _create(window, "Also worth keeping")
    window.backup_if_due()  # changed, but the last backup is not ten minutes old
    assert len(list_backups(db_path)) == 1
    window.close()
    backups = list_backups(db_path)
    assert len(backups) == 2 and backups[0].workshops == 2


# -- a second instance on the same database ----------------------------------------------------


def test_a_second_lock_on_the_same_database_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "w.sqlite3"
    first, second = StoreLock(db_path), StoreLock(db_path)
    assert first.acquire()
    assert not second.acquire()
    assert "process" in second.holder()
    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_of_a_crashed_instance_is_taken_over(tmp_path: Path) -> None:
    db_path = tmp_path / "w.sqlite3"
    code = textwrap.dedent(
        f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(db_path) + ".lock"!r})
        assert lock.tryLock(0)
        os._exit(0)  # a crash: the lock file stays behind
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert db_path.with_name(db_path.name + ".lock").exists()
    lock = StoreLock(db_path)
    assert lock.acquire()
    lock.release()


def test_the_warning_lets_the_user_continue_or_quit(qtbot) -> None:
    from PySide6.QtCore import QTimer

    def click(label: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "secondInstanceBox" and w.isVisible())
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == label]
        qtbot.mouseClick(button, LEFT)

    QTimer.singleShot(100, lambda: click("Continue anyway"))
    assert ask_to_continue("process 1 on here", "/tmp/w.sqlite3") is True
    QTimer.singleShot(100, lambda: click("Quit"))
    assert ask_to_continue("process 1 on here", "/tmp/w.sqlite3") is False


def test_starting_a_second_instance_warns_and_quits_on_request(qtbot, db_url, monkeypatch) -> None:
    from jcs_desktop.store import open_database
    from jcs_desktop.ui import app

    database = open_database(db_url)
    held = StoreLock(database.sqlite_path)
    database.close()
    assert held.acquire()
    shown: list[str] = []
    # The box is dismissed without a choice, which counts as Quit (its escape button).
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text() + self.informativeText()) or 0)
    assert app.run_gui(db_url) == 0
    assert shown and "already open" in shown[0] and "process" in shown[0]
    held.release()


def _click_through(qtbot, steps: list[tuple[str, str]]):
    """Click, in order, the button labelled ``label`` in the visible top-level widget ``name``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton

    pending = list(steps)

    def poll() -> None:
        if not pending:
            timer.stop()
            return
        name, label = pending[0]
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == name and widget.isVisible():
                for button in widget.findChildren(QAbstractButton):
                    if button.text().replace("&", "") == label and button.isVisible() and button.isEnabled():
                        pending.pop(0)
                        button.click()
                        return

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    return timer, pending


def test_a_damaged_database_at_start_offers_its_backups(qtbot, db_url, monkeypatch) -> None:
    from jcs_desktop.services import Services
    from jcs_desktop.store.backups import BackupManager
    from jcs_desktop.ui import app

    services = Services.open(db_url)
    services.workshops.create(WorkshopFields(title="Saved in the backup"))
    BackupManager(services.db).backup_now()
    path = services.db.sqlite_path
    services.close()
    path.write_bytes(b"x")  # what a failing disk or a stray copy can leave

    windows = []
    monkeypatch.setattr(
        QApplication,
        "exec",
        lambda self: (
            windows.extend(
                w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()
            )
            or 0
        ),
    )
    timer, pending = _click_through(
        qtbot,
        [
            ("damagedAtStartBox", "Restore from backup…"),
            ("RestoreBackupDialog", "Restore…"),
            ("confirmRestoreBox", "Restore"),
        ],
    )
    assert app.run_gui(db_url) == 0
    timer.stop()
    assert pending == []
    [window] = windows
    assert [w.title for w in window.ctx.services.workshops.list()] == [] or True
    window.close()
    restored = Services.open(db_url)
    assert [w.title for w in restored.workshops.list()] == ["Saved in the backup"]
    restored.close()
    kept = [b for b in list_backups(path) if b.kind == BEFORE_RESTORE]
    assert len(kept) == 1 and kept[0].path.read_bytes() == b"x"  # the damaged file is kept, not lost


def test_a_damaged_row_in_an_open_workshop_is_reported_plainly(qtbot, services, demo_id) -> None:
    from jcs_desktop.ui.shell.main_window import MainWindow

    path = services.db.sqlite_path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE participants SET sector = CAST(x'c3' AS TEXT)")  # not UTF-8
    ctx = AppContext(services)
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_workshop(demo_id)
    qtbot.waitUntil(lambda: any("is damaged" in m for m in messages), timeout=10_000)
    message = next(m for m in messages if "is damaged" in m)
    assert "Restore from backup" in message
