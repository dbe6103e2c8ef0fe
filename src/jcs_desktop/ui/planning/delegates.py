"""Cell editors for the planning tables: wrapped multi-line text and a date that can be cleared."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QDateEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.common import to_qdate

NO_DATE_TEXT = "No date"
_EDITOR_MIN_HEIGHT = 96


class ClearableDateEdit(QDateEdit):
    """A date with a calendar pop-up that can also be left empty: Delete clears it.

    The empty state is the minimum date, shown as "No date" (Qt's special value text); the
    calendar then opens on the current month, and the arrow keys start from today.
    """

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(self.EMPTY)
        self.setSpecialValueText(NO_DATE_TEXT)
        self.setDate(self.EMPTY)
        self.setToolTip("Pick a date from the calendar; press Delete to clear it")
        self.setAccessibleName("Date")

    def set_value(self, value: QDate | None) -> None:
        self.setDate(value if value is not None and value.isValid() else self.EMPTY)

    def value(self) -> QDate:
        """The chosen date, or an invalid QDate for "no date"."""
        return QDate() if self.date() == self.minimumDate() else self.date()

    def is_empty(self) -> bool:
        return self.date() == self.minimumDate()

    def clear_date(self) -> None:
        self.setDate(self.minimumDate())

    def _calendar_on_today(self) -> None:
        if self.is_empty() and self.calendarWidget() is not None:
            now = common.today()
            self.calendarWidget().setCurrentPage(now.year, now.month)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Delete:
            self.clear_date()
            event.accept()
            return
        if self.is_empty() and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.setDate(to_qdate(common.today()))
            event.accept()
            return
        super().keyPressEvent(event)
        self._calendar_on_today()

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        self._calendar_on_today()


class DateDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = ClearableDateEdit(parent)
        editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or "Date"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_value(value if isinstance(value, QDate) else None)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)


class TextDelegate(QStyledItemDelegate):
    """A multi-line text editor over the cell.

    Enter saves and closes, Shift+Enter starts a new line. In a ``lines`` column (one step per
    line) Enter starts a new line and Ctrl+Enter saves. Tab and leaving the cell save too;
    Escape cancels.
    """

    ITEM_PADDING_X = 6
    """The horizontal padding the planning tables give their cells ("QTableView::item { padding: 4px 6px; }")."""

    def __init__(self, parent: QObject | None = None, lines_columns: set[int] | None = None) -> None:
        super().__init__(parent)
        self.lines_columns = lines_columns or set()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """Measured at the width the text is drawn in: the style sheet's cell padding is not taken off
        the width when Qt measures a wrapped cell, so a row came out a line short and cut its text."""
        narrower = QStyleOptionViewItem(option)
        rect = QRect(option.rect)
        if rect.width() > 2 * self.ITEM_PADDING_X:
            rect.setWidth(rect.width() - 2 * self.ITEM_PADDING_X)
        narrower.rect = rect
        return super().sizeHint(narrower, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setProperty("one_per_line", index.column() in self.lines_columns)
        heading = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(str(heading or "Text"))
        if index.column() in self.lines_columns:
            editor.setPlaceholderText("One step per line")
            editor.setToolTip("One step per line; Enter starts the next step, Ctrl+Enter saves")
        else:
            editor.setToolTip("Enter saves, Shift+Enter starts a new line, Escape cancels")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.toPlainText() != text:
            editor.setPlainText(text)
            cursor = editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            editor.setTextCursor(cursor)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), _EDITOR_MIN_HEIGHT))
        rect.setWidth(max(rect.width(), 220))
        parent = editor.parentWidget()
        if parent is not None and rect.bottom() > parent.height():
            rect.moveBottom(max(parent.height(), rect.height()))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            isinstance(editor, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            mods = event.modifiers()
            one_per_line = bool(editor.property("one_per_line"))
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            if ctrl or (not one_per_line and not shift):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
            if shift:
                editor.insertPlainText("\n")
                return True
        return super().eventFilter(editor, event)
