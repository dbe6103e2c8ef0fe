"""The tables of the Strategic Commissioning Template tab: rows of one of the template's tables
(3.2, the options of 4.1, the step-5 action tables) as an editable model, the view with its
buttons, the options' kind editor, and the picker that brings actions of the action plan in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.worksheets import StrategyRowRecord
from jcs_desktop.ui.widgets.record_model import EDITABLE, SELECTABLE
from jcs_desktop.ui.widgets.theme import show_focus

_Index = QModelIndex | QPersistentModelIndex
_LEFT_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
ROW_STATE_TEXT = {
    "own": "",
    "linked": "as in the action plan",
    "action changed": "the action plan changed",  # shown only for a row read before the change
    "edited here": "edited here",
    "both changed": "edited here; the action plan changed too",
    "action removed": "the action was removed from the plan",
}


def _letters(n: int) -> str:
    """A, B, … Z, AA, AB… for the options of 4.1."""
    text = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        text = chr(65 + r) + text
    return text


class RowModel(QAbstractTableModel):
    """The rows of one of the template's tables; editing a cell calls ``edit_cell(row id, column id, text)``."""

    def __init__(
        self,
        columns: list[tuple[str, ...]],
        *,
        tags: list[tuple[str, str]] | None = None,
        states: bool = False,
        letters: bool = False,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.columns = [(c[0], c[1]) for c in columns]
        """(column id, heading)."""
        self.tips = {c[0]: c[2] for c in columns if len(c) > 2}
        self.tags = tags
        """For the options: (tag id, its text); the tag is the column after the option's name."""
        self.show_states = states
        self.letters = letters
        self._rows: list[StrategyRowRecord] = []
        self._states: dict[int, str] = {}
        self.edit_cell: Callable[[int, str, str], None] | None = None
        self.edit_tag: Callable[[int, str], None] | None = None

    def set_rows(self, rows: list[StrategyRowRecord], states: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._states = dict(states or {})
        self.endResetModel()

    def row_record(self, row: int) -> StrategyRowRecord:
        return self._rows[row]

    def _layout(self) -> list[str]:
        keys = [c for c, _h in self.columns]
        if self.tags is not None:
            keys.insert(1, "#tag")
        if self.show_states:
            keys.append("#state")
        return keys

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._layout())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            keys = self._layout()
            return self.tips.get(keys[section]) if 0 <= section < len(keys) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _letters(section) if self.letters else str(section + 1)
        keys = self._layout()
        if not 0 <= section < len(keys):
            return None
        key = keys[section]
        if key == "#tag":
            return "Kind"
        if key == "#state":
            return "Action plan"
        return dict(self.columns)[key]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        key = self._layout()[index.column()]
        return SELECTABLE if key == "#state" else EDITABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self._layout()[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if key == "#tag":
                text = dict(self.tags or []).get(row.option_tag or "", "")
                return row.option_tag if role == Qt.ItemDataRole.EditRole else text
            if key == "#state":
                return ROW_STATE_TEXT.get(self._states.get(row.id, "own"), "")
            return row.cells.get(key, "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT_TOP
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        key = self._layout()[index.column()]
        if key == "#tag":
            if value != row.option_tag and self.edit_tag is not None:
                self.edit_tag(row.id, value)
            return True
        text = str(value).strip()
        if key != "#state" and text != row.cells.get(key, "") and self.edit_cell is not None:
            self.edit_cell(row.id, key, text)
        return True


class TagDelegate:
    """Installs a combo box editor for the options' kind column (do more / do new / do better / do less)."""

    @staticmethod
    def install(view: QTableView, column: int, tags: list[tuple[str, str]]) -> None:
        from PySide6.QtWidgets import QStyledItemDelegate

        class _Delegate(QStyledItemDelegate):
            def createEditor(self, parent, option, index):
                combo = QComboBox(parent)
                for tag, text in tags:
                    combo.addItem(text, tag)
                return combo

            def setEditorData(self, editor, index):
                found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
                editor.setCurrentIndex(max(0, found))

            def setModelData(self, editor, model, index):
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

        delegate = _Delegate(view)
        view.setItemDelegateForColumn(column, delegate)


class RowTable(QWidget):
    """A table of the template with its buttons: Add row, Remove row (and, for the step-5 tables,
    Add from the action plan… and Take the action plan's version)."""

    add_requested = Signal()
    remove_requested = Signal(int)
    from_plan_requested = Signal()
    take_requested = Signal(int)

    def __init__(self, model: RowModel, name: str, *, from_plan: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setAccessibleName(name)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        show_focus(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("Add row", self)
        self.add_button.setToolTip(f"Add a row to {name}")
        self.remove_button = QPushButton("Remove row", self)
        self.remove_button.setToolTip("Remove the selected row (Ctrl+Z brings it back)")
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.plan_button = self.take_button = None
        if from_plan:
            self.plan_button = QPushButton("Add from the action plan…", self)
            self.plan_button.clicked.connect(self.from_plan_requested)
            self.take_button = QPushButton("Take the action plan's version", self)
            self.take_button.setToolTip("The selected row becomes its action as the action plan has it now")
            self.take_button.clicked.connect(self._take)
            buttons.addWidget(self.plan_button)
            buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        model.modelReset.connect(self.fit)
        self.fit()

    def selected_row(self) -> StrategyRowRecord | None:
        index = self.view.currentIndex()
        return self.model.row_record(index.row()) if index.isValid() else None

    def _remove(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.remove_requested.emit(row.id)

    def _take(self) -> None:
        row = self.selected_row()
        if row is not None and row.action_id is not None:
            self.take_requested.emit(row.id)

    def fit(self) -> None:
        """As high as its rows (at least two lines of room), so the step scrolls rather than the table."""
        self.view.resizeRowsToContents()
        rows = self.view.verticalHeader().length() if self.model.rowCount() else self.fontMetrics().lineSpacing() * 2
        header = self.view.horizontalHeader().sizeHint().height()
        self.view.setFixedHeight(rows + header + 2 * self.view.frameWidth() + 4)


class ActionPicker(QDialog):
    """Pick actions of the action plan to bring into a step-5 table."""

    def __init__(self, actions: list[tuple[int, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add from the action plan")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Actions of the action plan")
        for action_id, text in actions:
            item = QListWidgetItem(text or "(no aim written)")
            item.setData(Qt.ItemDataRole.UserRole, action_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the actions to bring in (Space ticks the selected one):", self))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


__all__ = ["ROW_STATE_TEXT", "ActionPicker", "RowModel", "RowTable", "TagDelegate"]
