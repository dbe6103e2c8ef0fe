"""One application window per database file: a lock file beside it, and a warning.

Two instances on the same workshops would overwrite each other's changes (undo
included). ``QLockFile`` records the holder's process id, so the lock left by a
crashed instance is recognised as stale and taken over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

from jcs_desktop.paths import APP_NAME, make_private


class StoreLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._lock = QLockFile(str(self.path))
        # Never stale by age (a workshop lasts hours); stale only when its process is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Take the lock (or a stale one); False if a running instance holds it."""
        if self._lock.tryLock(0):
            make_private(self.path)
            return True
        return False

    def holder(self) -> str:
        """Who holds the lock, in words ("process 1234 on laptop-7")."""
        info = self._lock.getLockInfo()
        # PySide6 gives (pid, hostname, appname), or (ok, pid, hostname, appname) in some versions.
        if isinstance(info, tuple) and len(info) == 4:
            info = info[1:] if info[0] else ()
        if isinstance(info, tuple) and len(info) == 3 and info[0]:
            pid, host = info[0], info[1]
            return f"another {APP_NAME} (process {pid} on {host})" if host else f"process {pid}"
        return "another program"

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def ask_to_continue(holder: str, where: str, parent: QWidget | None = None) -> bool:
    """Warn that another instance has the database open; True if the user continues anyway."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, APP_NAME, f"{APP_NAME} is already open on this database.", parent=parent
    )
    box.setObjectName("secondInstanceBox")
    box.setInformativeText(
        f"{where} is in use by {holder}. If both windows change the same workshop, each can "
        "overwrite the other's changes. Use the window that is already open, or continue only "
        "if you are sure the other one is not being used."
    )
    carry_on = box.addButton("&Continue anyway", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is carry_on
