"""File → Restore from backup…: pick one of the automatic backups and put it back.

The dialog only lists and confirms; ``on_restore(path)`` does the work (the main window
runs it off the GUI thread, backing up the current file first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.backups import BEFORE_RESTORE, BackupInfo


def describe_time(when: dt.datetime, today: dt.date | None = None) -> str:
    """ "Today 14:05", "Yesterday 09:30", or "Mon 30 Nov 2026 16:00"."""
    today = today or dt.date.today()
    clock = when.strftime("%H:%M")
    if when.date() == today:
        return f"Today {clock}"
    if when.date() == today - dt.timedelta(days=1):
        return f"Yesterday {clock}"
    return f"{when.strftime('%a')} {when.day} {when.strftime('%b %Y')} {clock}"


def describe_count(count: int | None) -> str:
    if count is None:
        return "cannot be read"
    return "1 workshop" if count == 1 else f"{count} workshops"


class RestoreBackupDialog(QDialog):
    """Lists backups newest first; Restore asks for confirmation, then calls ``on_restore``."""

    def __init__(
        self,
        parent: QWidget | None,
        backups: Sequence[BackupInfo],
        on_restore: Callable[[Path], None],
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RestoreBackupDialog")
        self.setWindowTitle("Restore from backup")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backups = list(backups)
        self._on_restore = on_restore
        self.confirm_box: QMessageBox | None = None

        if self.backups:
            text = (
                "JCS Desktop backs up your workshops every few minutes while you work and when it closes. "
                "Choose the backup to go back to. The database as it is now is backed up first, "
                "so restoring can itself be undone by restoring that copy."
            )
        else:
            text = (
                "There are no backups yet. JCS Desktop takes one every few minutes while you work and when it closes."
            )
        intro = QLabel(text)
        intro.setWordWrap(True)
        intro.setObjectName("backupIntro")

        self.table = QTableWidget(len(self.backups), 3)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Backups, newest first")
        self.table.setHorizontalHeaderLabels(["Taken", "Holds", "Note"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, info in enumerate(self.backups):
            note = "taken before a restore" if info.kind == BEFORE_RESTORE else ""
            if info.workshops is None:
                note = "damaged: cannot be restored"
            cells = (describe_time(info.taken_at), describe_count(info.workshops), note)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.ask_to_restore())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("buttonBox")
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setAccessibleName("Restore the selected backup")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.ask_to_restore)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        if folder is not None:
            where = QLabel(f"Backups are kept in {folder}")
            where.setObjectName("backupFolder")
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(where)
        layout.addWidget(buttons)
        self.table.setVisible(bool(self.backups))
        self.resize(560, 380)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.workshops is not None)

    def ask_to_restore(self) -> None:
        info = self.selected()
        if info is None or info.workshops is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            f"Go back to the backup taken {describe_time(info.taken_at).lower()} ({describe_count(info.workshops)})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRestoreBox")
        box.setInformativeText(
            "Every change made since then is replaced by the backup. "
            "The database as it is now is backed up first, so nothing is lost."
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Restore")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        restore = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: self._confirmed(info, box.clickedButton() is restore))
        self.confirm_box = box
        box.open()

    def _confirmed(self, info: BackupInfo, yes: bool) -> None:
        self.confirm_box = None
        if not yes:
            return
        self.accept()
        self._on_restore(info.path)
