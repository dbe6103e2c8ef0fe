"""Backups and damage checks of the SQLite store, as the GUI offers them.

The store does the work (SQLite's online backup, checks before anything is written); the GUI
reaches it through here, like every other use case, so the layer contracts stay whole.
"""

from __future__ import annotations

from jcs_desktop.store.backups import (
    BEFORE_RESTORE,
    BackupInfo,
    BackupManager,
    backup_folder,
    list_backups,
    restore_file,
)
from jcs_desktop.store.db import DamagedDatabase, StoreError, sqlite_file

__all__ = [
    "BEFORE_RESTORE",
    "BackupInfo",
    "BackupManager",
    "DamagedDatabase",
    "StoreError",
    "backup_folder",
    "list_backups",
    "restore_file",
    "sqlite_file",
]
