"""Cell editors for the planning tables: wrapped multi-line text, and a date typed or picked from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QCalendarWidget,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from jcs_desktop.domain.dates import EXAMPLES, DateParseError, parse_date
from jcs_desktop.ui.planning import common
from jcs_desktop.ui.planning.common import date_text, flag_text_style, from_qdate, to_qdate
from jcs_desktop.ui.widgets.theme import mute

NO_DATE_TEXT = "No date"
_EDITOR_MIN_HEIGHT = 96


def locale_day_first(locale: QLocale | None = None) -> bool:
    """Whether the user's short date form puts the day before the month (en_GB) or after it (en_US)."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = fmt.find("d"), fmt.find("M")
    return day < 0 or month < 0 or day < month


class CalendarPopup(QCalendarWidget):
    """The month to pick a date from, sized from its own font so every weekday name and day fits.

    A window of its own (no parent widget): inside the table it would take the table's cell
    padding from its style sheet and cut the day numbers to "…".
    """

    chosen = Signal(QDate)

    def __init__(self) -> None:
        super().__init__(None)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setAccessibleName("Calendar")
        self.clicked.connect(self.chosen)
        self.activated.connect(self.chosen)

    def open_at(self, anchor: QWidget, value: dt.date | None) -> None:
        self.setFont(QApplication.font())
        day = value or common.today()
        self.setSelectedDate(to_qdate(day))
        self.setCurrentPage(day.year, day.month)
        size = self.sizeHint()
        size = QSize(size.width() + 8, size.height() + 8)
        self.resize(size)
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry() if anchor.screen() is not None else None
        if screen is not None:
            if below.y() + size.height() > screen.bottom():
                below.setY(anchor.mapToGlobal(QPoint(0, 0)).y() - size.height())
            below.setX(max(screen.left(), min(below.x(), screen.right() - size.width())))
            below.setY(max(screen.top(), below.y()))
        self.move(below)
        self.show()
        self.setFocus(Qt.FocusReason.PopupFocusReason)


class DateCellEditor(QFrame):
    """A date typed as text, with a calendar button; below, the date as it was understood.

    Enter or Tab saves (Tab then moves to the next cell), Escape cancels, Alt+Down or F4 opens
    the calendar. An empty text means "no date". Text that is not a date is not saved: the
    editor says so and stays open.
    """

    finished = Signal(object)  # a QAbstractItemDelegate.EndEditHint
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None, day_first: bool | None = None) -> None:
        super().__init__(parent)
        self.day_first = locale_day_first() if day_first is None else day_first
        self._done = False
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QGridLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setHorizontalSpacing(2)
        lay.setVerticalSpacing(1)
        self.line = QLineEdit(self)
        self.example = "15/03/2027" if self.day_first else "3/15/2027"
        self.line.setPlaceholderText(f"e.g. {self.example}")
        self.line.setToolTip(
            f"Type a date ({EXAMPLES}) or pick one (Alt+Down). Enter saves; an empty box means no date"
        )
        self.line.setAccessibleName("Date")
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.button.setAccessibleName("Calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.feedback = QLabel(self)
        self.feedback.setAccessibleName("Date understood")
        lay.addWidget(self.line, 0, 0)
        lay.addWidget(self.button, 0, 1)
        lay.addWidget(self.feedback, 1, 0, 1, 2)
        self.setFocusProxy(self.line)
        self.calendar = CalendarPopup()
        self.calendar.chosen.connect(self._picked)
        self.destroyed.connect(self.calendar.deleteLater)
        self.line.textChanged.connect(self._update_feedback)
        self.line.installEventFilter(self)
        self._update_feedback()

    # -- value ------------------------------------------------------------------------------------------

    def set_value(self, value: dt.date | None) -> None:
        self.line.setText(date_text(value))
        self.line.selectAll()

    def parsed(self) -> dt.date | None:
        """The typed date (None for an empty box); raises DateParseError for text that is not a date."""
        return parse_date(self.line.text(), self.day_first)

    def is_valid(self) -> bool:
        try:
            self.parsed()
        except DateParseError:
            return False
        return True

    def _update_feedback(self, *_args) -> None:
        try:
            value = self.parsed()
        except DateParseError:
            self.feedback.setText(f"Not a date yet: type e.g. {self.example}")
            self.feedback.setStyleSheet(flag_text_style(self))
            return
        self.feedback.setStyleSheet("")
        self.feedback.setText(
            f"{value.strftime('%A')} {date_text(value)}" if value else f"{NO_DATE_TEXT} (Enter saves)"
        )
        mute(self.feedback)

    # -- finishing ---------------------------------------------------------------------------------------

    def _finish(self, hint: QAbstractItemDelegate.EndEditHint) -> bool:
        if self._done:
            return True
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            try:
                self.parsed()
            except DateParseError as exc:
                self.feedback.setText(str(exc))
                self.feedback.setStyleSheet(flag_text_style(self))
                self.message.emit(f"{exc} Nothing was saved.")
                return False
        self._done = True
        self.finished.emit(hint)
        return True

    def open_calendar(self) -> None:
        try:
            value = self.parsed()
        except DateParseError:
            value = None
        self.calendar.open_at(self, value)

    def _picked(self, date: QDate) -> None:
        self.calendar.hide()
        self.line.setText(date_text(from_qdate(date)))
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)
        self._finish(QAbstractItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.line:
            return False
        if event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._finish(QAbstractItemDelegate.EndEditHint.SubmitModelCache)
                return True
            if key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
                self._finish(QAbstractItemDelegate.EndEditHint.EditNextItem)
                return True
            if key == Qt.Key.Key_Backtab:
                self._finish(QAbstractItemDelegate.EndEditHint.EditPreviousItem)
                return True
            if key == Qt.Key.Key_Escape:
                self._finish(QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
        elif event.type() == QEvent.Type.FocusOut and not self._done:
            if event.reason() == Qt.FocusReason.PopupFocusReason or self.calendar.isVisible():
                return False
            # Leaving the cell saves a good date; a bad one is dropped with a word in the status bar.
            if not self._finish(QAbstractItemDelegate.EndEditHint.NoHint):
                self._done = True
                self.finished.emit(QAbstractItemDelegate.EndEditHint.RevertModelCache)
        return False


class DateDelegate(QStyledItemDelegate):
    """Dates typed in a line edit (see ``DateCellEditor``); ``message`` carries what the status bar should say."""

    message = Signal(str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = DateCellEditor(parent)
        editor.line.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or "Date")
        )
        editor.finished.connect(lambda hint, e=editor: self._finished(e, hint))
        editor.message.connect(self.message)
        return editor

    def _finished(self, editor: DateCellEditor, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, DateCellEditor) and not editor.line.isModified():
            editor.set_value(from_qdate(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        try:
            value = editor.parsed()
        except DateParseError as exc:
            self.message.emit(f"{exc} Nothing was saved.")
            return
        model.setData(index, to_qdate(value), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = QRect(option.rect)
        hint = editor.sizeHint()
        rect.setHeight(max(rect.height(), hint.height()))
        rect.setWidth(
            max(rect.width(), hint.width(), editor.fontMetrics().horizontalAdvance("Wednesday 30 Sep 2027") + 16)
        )
        parent = editor.parentWidget()
        if parent is not None:
            if rect.bottom() > parent.height():
                rect.moveBottom(max(parent.height(), rect.height()))
            if rect.right() > parent.width():
                rect.moveRight(max(parent.width(), rect.width()))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # The editor's line edit handles its own keys and focus (see DateCellEditor.eventFilter).
        if isinstance(editor, DateCellEditor):
            return False
        return super().eventFilter(editor, event)


class TextDelegate(QStyledItemDelegate):
    """A multi-line text editor over the cell, as in a spreadsheet.

    Enter (or Ctrl+Enter) saves and closes, Shift+Enter or Alt+Enter starts a new line (in a
    ``lines`` column, one step per line: the next step). Tab saves and goes on to the next cell;
    leaving the cell saves too; Escape cancels.
    """

    ITEM_PADDING_X = 6
    """The horizontal padding the planning tables give their cells ("QTableView::item { padding: 4px 6px; }")."""
    KEYS_TIP = "Enter saves · Shift+Enter starts a new line · Tab saves and goes to the next cell · Escape cancels"
    STEP_KEYS_TIP = "One step per line: Shift+Enter starts the next step · Enter saves · Tab goes to the next cell"

    def __init__(self, parent: QObject | None = None, lines_columns: set[int] | None = None) -> None:
        super().__init__(parent)
        self.lines_columns = lines_columns or set()

    def _full_size(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """Measured at the width the text is drawn in: the style sheet's cell padding is not taken off
        the width when Qt measures a wrapped cell, so a row came out a line short and cut its text."""
        narrower = QStyleOptionViewItem(option)
        rect = QRect(option.rect)
        if rect.width() > 2 * self.ITEM_PADDING_X:
            rect.setWidth(rect.width() - 2 * self.ITEM_PADDING_X)
        narrower.rect = rect
        return super().sizeHint(narrower, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # Long text is elided (full text in the tooltip) rather than making one row fill the table.
        hint = self._full_size(option, index)
        cap = getattr(self.parent(), "max_row_height", None)
        if cap is not None and hint.height() > cap:
            hint.setHeight(cap)
        return hint

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Text taller than its (capped) row is cut after the last whole line, ending in "…"."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        if opt.text:
            opt.text = _fit_lines(opt, style)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setProperty("one_per_line", index.column() in self.lines_columns)
        heading = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(str(heading or "Text"))
        if index.column() in self.lines_columns:
            editor.setPlaceholderText(self.STEP_KEYS_TIP)
            editor.setToolTip(self.STEP_KEYS_TIP)
        else:
            editor.setPlaceholderText(self.KEYS_TIP)
            editor.setToolTip(self.KEYS_TIP)
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
        rect.setWidth(max(rect.width(), 220))
        full = self._full_size(option, index).height() + editor.fontMetrics().lineSpacing() + 8
        parent = editor.parentWidget()
        room = parent.height() if parent is not None else full
        rect.setHeight(min(max(rect.height(), full, _EDITOR_MIN_HEIGHT), max(room, _EDITOR_MIN_HEIGHT)))
        if parent is not None:
            if rect.bottom() > parent.height():
                rect.moveBottom(max(parent.height(), rect.height()) - 1)
            if rect.top() < 0:
                rect.moveTop(0)
            if rect.right() > parent.width():
                rect.moveRight(max(parent.width(), rect.width()) - 1)
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            isinstance(editor, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            # Qt leaves Tab to a text editor, which would leave the table: go to the next cell instead.
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.commitData.emit(editor)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # Ctrl+Tab: out of the table
                view = self.parent()
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                if isinstance(view, QWidget):
                    QWidget.focusNextPrevChild(view, forward)
                return True
            hint = QAbstractItemDelegate.EndEditHint
            self.closeEditor.emit(editor, hint.EditNextItem if forward else hint.EditPreviousItem)
            return True
        if (
            isinstance(editor, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            mods = event.modifiers()
            if mods & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier):
                editor.insertPlainText("\n")
                return True
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


_LINE_BREAK = "\u2028"


def _fit_lines(opt: QStyleOptionViewItem, style: QStyle) -> str:
    """``opt.text`` cut to the whole lines that fit its cell, the last one ending in "…" if text was cut."""
    rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
    width = rect.width() - 2 * margin
    fm = QFontMetrics(opt.font)
    room = max(1, rect.height() // max(1, fm.lineSpacing()))
    if width <= 0:
        return opt.text
    lines: list[str] = []
    # The delegate has already turned line breaks into Unicode line separators.
    for paragraph in opt.text.replace("\n", _LINE_BREAK).split(_LINE_BREAK):
        layout = QTextLayout(paragraph, opt.font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(text_option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        if not paragraph:
            lines.append("")
    if len(lines) <= room:
        return opt.text
    kept = [line.rstrip() for line in lines[:room]]
    rest = " ".join(line.strip() for line in lines[room - 1 :])
    kept[-1] = fm.elidedText(rest + " …", Qt.TextElideMode.ElideRight, width)
    if not kept[-1].endswith("…"):
        kept[-1] = fm.elidedText(kept[-1] + "…", Qt.TextElideMode.ElideRight, width)
    return _LINE_BREAK.join(kept)
