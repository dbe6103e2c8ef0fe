"""The facilitator's grid: participants × elements, for keying in paper forms fast.

Keyboard only: type 1–4 and the cursor moves right (to the next row after the last
element); 0 or S stores "not sure"; Delete or Backspace clears; arrows, Tab, Home and
End move; any other key is ignored with a hint. Each entry is an undoable command.
The model is filled from the live workshop state and, after that, repaints only the cells a
change record names (``apply_cells``): its page hands it the record's score cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Element
from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.services.changes import ScoreCell
from jcs_desktop.services.dto import ParticipantRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.scoring.scheme import STANDARD, Scheme
from jcs_desktop.ui.widgets.labels import driver_short_name
from jcs_desktop.ui.widgets.record_model import SELECTABLE

NOT_SURE_TEXT = "?"
"""How "not sure" shows in a grid cell."""

DRIVER_ROLE = Qt.ItemDataRole.UserRole + 1
"""Header data: the driver's index (0-based) of an element column."""
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
"""Cell data: the stored score (a level, NOT_SURE, or None)."""

_Index = QModelIndex | QPersistentModelIndex


class ScoreGridModel(QAbstractTableModel):
    """Rows: live participants in their order; columns: the framework's elements in order."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id: int | None = None
        self.participants: list[ParticipantRecord] = []
        self.scores: dict[int, dict[str, Score]] = {}
        self._row_of: dict[int, int] = {}
        fw = ctx.framework
        self.elements: list[Element] = [e for d in fw.drivers for e in d.elements]
        self._column_of = {e.id: i for i, e in enumerate(self.elements)}
        self._driver_index = [i for i, d in enumerate(fw.drivers) for _ in d.elements]
        self._number_in_driver = [n for d in fw.drivers for n in range(1, len(d.elements) + 1)]
        self._short = [driver_short_name(d.title) for d in fw.drivers]
        self.theme: Scheme = STANDARD

    # -- loading --------------------------------------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        self.workshop_id = workshop_id
        self.load(self.ctx.live_for(workshop_id))

    def load(self, live: LiveWorkshop | None) -> None:
        """Show ``live`` afresh (None: nothing). The model keeps its own copy of the scores, so
        it shows what it has announced until the next change record says otherwise."""
        self.beginResetModel()
        self.workshop_id = live.workshop.id if live is not None else None
        if live is None:
            self.participants, self.scores = [], {}
        else:
            self.participants = list(live.participants)
            self.scores = {p.id: dict(live.scores.get(p.id, {})) for p in self.participants}
        self._row_of = {p.id: row for row, p in enumerate(self.participants)}
        self.endResetModel()

    def apply_cells(self, cells: Iterable[ScoreCell]) -> None:
        """These cells changed: take their new values and repaint only them."""
        for cell in cells:
            row = self._row_of.get(cell.participant_id)
            column = self._column_of.get(cell.element_id)
            if row is None or column is None:
                continue
            values = self.scores.setdefault(cell.participant_id, {})
            if values.get(cell.element_id) == cell.value:
                continue
            if cell.value is None:
                values.pop(cell.element_id, None)
            else:
                values[cell.element_id] = cell.value
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    def set_theme(self, theme: Scheme) -> None:
        self.theme = theme
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- look-ups -------------------------------------------------------------------------------

    def row_of(self, participant_id: int) -> int | None:
        return self._row_of.get(participant_id)

    def participant_at(self, row: int) -> ParticipantRecord:
        return self.participants[row]

    def element_at(self, column: int) -> Element:
        return self.elements[column]

    def value_at(self, row: int, column: int) -> Score:
        return self.scores.get(self.participants[row].id, {}).get(self.elements[column].id)

    def column_label(self, column: int) -> str:
        return f"{self._short[self._driver_index[column]]} {self._number_in_driver[column]}"

    def driver_index(self, column: int) -> int:
        return self._driver_index[column]

    def driver_short(self, driver_index: int) -> str:
        return self._short[driver_index]

    # -- the model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.participants)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.elements)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return SELECTABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self.participants)):
            return None
        value = self.value_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            return NOT_SURE_TEXT if value == NOT_SURE else str(value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if value == NOT_SURE:
                return QBrush(QColor(self.theme.not_sure))
            if isinstance(value, int):
                return QBrush(QColor(self.theme.tint(value)))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            # The text colour of the scheme that chose the background, whatever the app's palette.
            return QBrush(QColor(self.theme.text)) if value is not None else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(index.row(), index.column(), value)
        return None

    def _describe(self, row: int, column: int, value: Score) -> str:
        person = self.participants[row].display_name
        element = self.elements[column]
        if value is None:
            answer = "not scored"
        elif value == NOT_SURE:
            answer = "not sure"
        else:
            answer = f"level {value}: {self.ctx.framework.levels[int(value) - 1].name}"
        return f"{person} · {self.column_label(column)} {element.title} · {answer}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.elements):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.column_label(section)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                driver = self.ctx.framework.drivers[self._driver_index[section]]
                return f"{driver.title}\n{self._number_in_driver[section]}. {self.elements[section].title}"
            if role == DRIVER_ROLE:
                return self._driver_index[section]
            return None
        if not 0 <= section < len(self.participants):
            return None
        person = self.participants[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.display_name
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = " · ".join(x for x in (person.organisation, person.sector) if x)
            return f"{person.display_name}\n{detail}" if detail else person.display_name
        return None


class DriverHeaderView(QHeaderView):
    """Column headers in two tiers: the driver (spanning its elements) above each element's number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.theme: Scheme = STANDARD

    def _tier(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._tier() * 2)

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("00") + 18, self._tier() * 2)

    def _grid_model(self) -> ScoreGridModel | None:
        model = self.model()
        return model if isinstance(model, ScoreGridModel) else None

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        model = self._grid_model()
        if model is None:
            super().paintSection(painter, rect, logical_index)
            return
        t = self.theme
        tier = self._tier()
        lower = QRect(rect.left(), rect.top() + tier, rect.width(), rect.height() - tier)
        painter.save()
        current = self.selectionModel().currentIndex() if self.selectionModel() else QModelIndex()
        is_current = current.isValid() and current.column() == logical_index
        painter.fillRect(lower, QColor(t.selected if is_current else t.surface))
        painter.setPen(QPen(QColor(t.border), 1))
        painter.drawRect(lower.adjusted(0, 0, -1, -1))
        painter.setPen(QColor(t.selected_text if is_current else t.text))
        number = model.column_label(logical_index).rsplit(" ", 1)[-1]
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(lower, Qt.AlignmentFlag.AlignCenter, number)
        painter.restore()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self._grid_model()
        if model is None or model.columnCount() == 0:
            return
        t = self.theme
        tier = self._tier()
        painter = QPainter(self.viewport())
        groups: dict[int, list[int]] = {}
        for column in range(model.columnCount()):
            groups.setdefault(model.driver_index(column), []).append(column)
        drivers = model.ctx.framework.drivers
        for d_index, columns in groups.items():
            left = self.sectionViewportPosition(columns[0])
            right = self.sectionViewportPosition(columns[-1]) + self.sectionSize(columns[-1])
            band = QRect(left, 0, right - left, tier)
            painter.fillRect(band, QColor(t.button))
            painter.setPen(QPen(QColor(t.border), 1))
            painter.drawRect(band.adjusted(0, 0, -1, -1))
            painter.setPen(QColor(t.text))
            bold = self.font()
            bold.setBold(True)
            painter.setFont(bold)
            title = drivers[d_index].title
            metrics = painter.fontMetrics()
            room = band.width() - 8
            text = title  # the full title when it fits, else its short name and as much of it as fits
            if metrics.horizontalAdvance(text) > room:
                text = metrics.elidedText(f"{model.driver_short(d_index)} · {title}", Qt.TextElideMode.ElideRight, room)
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


class ScoreGridView(QTableView):
    """The keying grid: digits store and move on, Delete clears, other keys give a hint."""

    hint = Signal(str)

    def __init__(self, ctx: AppContext, model: ScoreGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setModel(model)
        self.header = DriverHeaderView(self)
        self.setHorizontalHeader(self.header)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # 30 columns share the width
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.apply_fonts()  # and again whenever the app's text size changes (its page calls it)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAccessibleName("Scores grid: participants by elements")
        self.setToolTip("Type 1–4 for a level, 0 or S for not sure, Delete to clear; Ctrl+Tab leaves the grid")
        self.setStyleSheet(
            "QTableView::item:selected { background: palette(highlight); color: palette(highlighted-text);"
            " border: 3px solid #e08a00; font-weight: bold; }"
        )

    def apply_fonts(self) -> None:
        """Cells a little larger than the app's text, which the facilitator may have enlarged.

        Its own font does not follow the app's text size by itself: its page calls this when
        the text size changes."""
        cell_font = QFont(QApplication.font())
        if cell_font.pointSizeF() > 0:
            cell_font.setPointSizeF(cell_font.pointSizeF() * 1.15)
        self.setFont(cell_font)
        self.header.setFont(cell_font)
        self.verticalHeader().setFont(cell_font)
        metrics = QFontMetrics(cell_font)
        # Compact enough that 30 elements and a dozen people fit a 1366×768 laptop without scrolling.
        self.header.setMinimumSectionSize(metrics.horizontalAdvance("00") + 10)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def grid_model(self) -> ScoreGridModel:
        model = self.model()
        assert isinstance(model, ScoreGridModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and mods & Qt.KeyboardModifier.ControlModifier:
            # Tab moves between cells (keying paper forms); Ctrl+Tab leaves the grid, as in a text editor.
            backwards = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            parent = self.parentWidget()
            if parent is not None:
                parent.focusNextPrevChild(not backwards)
            event.accept()
            return
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)  # leave Ctrl+Z and friends to the window
            return
        level_count = self.ctx.framework.level_count
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and key - Qt.Key.Key_0 <= level_count:
            self.store(key - Qt.Key.Key_0, advance=True)
            event.accept()
            return
        if key in (Qt.Key.Key_0, Qt.Key.Key_S):
            self.store(NOT_SURE, advance=True)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.store(None, advance=False)
            event.accept()
            return
        if event.text() and event.text().isprintable() and key not in (Qt.Key.Key_Space,):
            self.hint.emit(
                f"“{event.text()}” is not a score: type 1–{level_count}, 0 or S for not sure, Delete to clear"
            )
            event.accept()
            return
        super().keyPressEvent(event)

    def store(self, value: Score, *, advance: bool) -> None:
        model = self.grid_model()
        index = self.currentIndex()
        if model.workshop_id is None or not index.isValid():
            self.hint.emit("Choose a cell first")
            return
        person = model.participant_at(index.row())
        element = model.element_at(index.column())
        if model.value_at(index.row(), index.column()) == value:
            if advance:
                self.move_on(index)  # the same answer again: nothing new to store
            return
        command = SetScore(self.ctx, person.id, element.id, value)
        command.setText(f"{command.text()} ({person.display_name})")
        if not self.ctx.push(command):
            return
        if advance:
            self.move_on(index)

    def move_on(self, index: QModelIndex) -> None:
        model = self.grid_model()
        row, column = index.row(), index.column() + 1
        if column >= model.columnCount():
            if row + 1 >= model.rowCount():
                self.hint.emit("That was the last cell of the grid")
                return
            row, column = row + 1, 0
        self.setCurrentIndex(model.index(row, column))


class ScoreGrid(QWidget):
    """The grid with a line that says what the current cell is and how to key in."""

    hint = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ScoreGridModel(ctx, self)
        self.view = ScoreGridView(ctx, self.model, self)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Current cell")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        # Two lines, always: the grid must not jump while someone types into it.
        self._fit_where()
        self.where.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.where)
        self.view.hint.connect(self._hint)
        self.view.selectionModel().currentChanged.connect(self._describe_current)
        self.model.dataChanged.connect(lambda *_: self._describe_current(self.view.currentIndex()))
        self.model.modelReset.connect(lambda: self._describe_current(self.view.currentIndex()))

    def _fit_where(self) -> None:
        self.where.setFixedHeight(self.where.fontMetrics().lineSpacing() * 2 + 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the app-wide text size changed
            self._fit_where()

    def load(self, live: LiveWorkshop | None) -> None:
        """Show ``live`` afresh, keeping the cursor where it was (the first cell, the first time)."""
        current = self.view.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, 0)
        self.model.load(live)
        rows, columns = self.model.rowCount(), self.model.columnCount()
        if rows and columns:
            self.view.setCurrentIndex(self.model.index(min(row, rows - 1), min(column, columns - 1)))

    def apply_cells(self, cells: Iterable[ScoreCell]) -> None:
        self.model.apply_cells(cells)

    def _hint(self, text: str) -> None:
        self.where.setText(text)
        self.hint.emit(text)

    def _describe_current(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.where.setText("Type 1–4 for a level, 0 or S for not sure, Delete to clear.")
            return
        self.where.setText(self.model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
