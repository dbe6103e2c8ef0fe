"""The main window's File actions on the database file: automatic backups, restore, check.

A mixin of ``MainWindow`` (it uses the window's ``ctx``, ``list_view``, ``show_list`` and
``show_status``), kept apart because none of it is about workshops.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from jcs_desktop.services import ServiceError, StoreError

BACKUP_CHECK_MS = 60_000
"""How often to look whether an automatic backup is due (the manager decides if one is)."""

__all__ = ["BACKUP_CHECK_MS", "DatabaseActions"]


class DatabaseActions:
    # -- backups and the database file --------------------------------------------------------

    def _start_backups(self) -> None:
        self.backups = None
        self._backup_running = False
        if self.ctx.services.db.sqlite_path is None:
            return
        from jcs_desktop.services.backups import BackupManager

        self.backups = BackupManager(self.ctx.services.db)
        self.backup_timer = QTimer(self)
        self.backup_timer.setObjectName("backupTimer")
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()

    def backup_if_due(self) -> None:
        """Take an automatic backup in the background if the manager says one is due."""
        if self.backups is None or self._backup_running or not self.backups.due():
            return
        from jcs_desktop.ui.core.tasks import run_task

        manager = self.backups
        self._backup_running = True

        def done(_path: object) -> None:
            self._backup_running = False

        def failed(exc: Exception) -> None:
            self._backup_running = False
            self.show_status(f"The automatic backup failed: {exc}")

        run_task(self, "Backing up", lambda _report: manager.backup_now(), done, failed, show_progress=False)

    def restore_backup(self) -> None:
        self.ctx.wait_until_ready()  # the backups start with the services
        if self.backups is None:
            return
        from jcs_desktop.ui.dialogs.backup_dialog import RestoreBackupDialog

        dialog = RestoreBackupDialog(self, self.backups.list_backups(), self._restore_from, folder=self.backups.folder)
        self.last_dialog = dialog
        dialog.open()

    def _restore_from(self, path: Path) -> None:
        from jcs_desktop.ui.core.tasks import run_task

        if self.ctx.devices is not None:
            self.ctx.devices.end()  # no device writes while the file is swapped, nor shows what it held
        manager = self.backups
        assert manager is not None

        def failed(exc: Exception) -> None:
            message = (
                str(exc) if isinstance(exc, StoreError | ServiceError) else f"The backup could not be restored: {exc}"
            )
            self._refresh_everything()
            self._message(QMessageBox.Icon.Warning, "Restore from backup", message)

        run_task(self, "Restoring the backup…", lambda _report: manager.restore(path), self._restored, failed)

    def _restored(self, safety: object) -> None:
        self._refresh_everything()
        kept = f" The database as it was is kept as {Path(str(safety)).name} in the backups folder." if safety else ""
        self.show_status("Restored the backup.")
        self._message(QMessageBox.Icon.Information, "Restore from backup", f"The backup is restored.{kept}")

    def _refresh_everything(self) -> None:
        """After the database file was swapped: nothing on screen or on the undo stack is current."""
        self.ctx.undo_stack.clear()
        self.show_list()
        self.list_view.refresh()
        self.ctx.reload()  # the open workshop read again (or none, if the backup has no such workshop)

    def check_database(self) -> None:
        from jcs_desktop.ui.core.tasks import run_task

        db = self.ctx.services.db

        def failed(exc: Exception) -> None:
            self._message(QMessageBox.Icon.Warning, "Check database", f"The check could not run: {exc}")

        run_task(self, "Checking the database…", lambda _report: db.check(), self._checked, failed)

    def _checked(self, problems: object) -> None:
        where = self.ctx.services.db.where
        found = list(problems) if isinstance(problems, list) else []
        if not found:
            self._message(QMessageBox.Icon.Information, "Check database", f"No problems found in {where}.")
            return
        box = self._message(
            QMessageBox.Icon.Warning,
            "Check database",
            f"{where} is damaged ({len(found)} problem{'s' if len(found) != 1 else ''} found).",
            informative="Restore a backup taken before the damage with File → Restore from backup…. "
            "Until then, export what you need and avoid further changes.",
        )
        box.setDetailedText("\n".join(found))

    def _message(self, icon: QMessageBox.Icon, title: str, text: str, *, informative: str = "") -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("resultBox")
        if informative:
            box.setInformativeText(informative)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()
        return box
