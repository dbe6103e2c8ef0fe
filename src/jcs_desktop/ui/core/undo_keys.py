"""Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y work wherever the keyboard is.

A text box claims the undo keys for itself even when it has nothing to undo, so with the
focus in an empty box the application's undo ("Undo Edit 'Lead person…'") did nothing. This
filter lets the box keep the keys only while it has something of its own to undo or redo;
otherwise the key goes to the application's undo / redo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit


def _own_history(widget: QObject, redo: bool) -> bool | None:
    """Whether a text widget can undo (or redo) by itself; None for a widget that is not a text box."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit) or widget
    elif isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


class AppUndoKeys(QObject):
    """Installed on the application: hands the undo keys on from text boxes that have nothing to undo."""

    def __init__(self, undo: QAction, redo: QAction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.redo = redo

    def _which(self, event: QKeyEvent) -> QAction | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return self.undo
        if event.matches(QKeySequence.StandardKey.Redo) or any(
            event.keyCombination().toCombined() == seq[0].toCombined() for seq in self.redo.shortcuts() if seq.count()
        ):
            return self.redo
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        action = self._which(event)
        if action is None:
            return False
        own = _own_history(watched, redo=action is self.redo)
        if own is None or own:
            return False
        # Not a shortcut override: the application's Undo / Redo shortcut then fires as usual.
        event.ignore()
        return True


def install(undo: QAction, redo: QAction) -> AppUndoKeys:
    """Install the filter on the running application; it lives as long as ``undo`` does."""
    keys = AppUndoKeys(undo, redo, undo)
    QApplication.instance().installEventFilter(keys)
    return keys
