"""Text boxes that save when the user has finished, not on every key press."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from jcs_desktop.ui.widgets.theme import show_focus


class CommitTextEdit(QPlainTextEdit):
    """A multi-line editor that reports its text once, when the user leaves it or presses Ctrl+Enter."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        show_focus(self)  # a text box shows only its caret when it has the focus: frame it
        self._stored = ""

    def set_stored_text(self, text: str) -> None:
        """Show ``text`` as what is saved (no commit); a change the user is still typing is kept."""
        typing = self.hasFocus() and self.toPlainText().strip() != self._stored.strip()
        self._stored = text
        if not typing and self.toPlainText() != text:
            self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText().strip()
        if text != self._stored.strip():
            self._stored = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit()
            return
        super().keyPressEvent(event)
