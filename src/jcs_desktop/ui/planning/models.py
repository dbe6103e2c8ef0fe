"""Qt item models of the planning pages: the action plan, its driver filter, the list of
delivery sheets and a delivery plan's review points.

Models show the live state's records and turn edits into undoable commands; they never hold
ORM objects and never write to the database themselves. A change updates them row by row
(``sync_rows``): only a newly shown workshop (or action) resets a model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from jcs_desktop.services.dto import ActionRecord, ReviewPointRecord
from jcs_desktop.ui.commands.planning import SetSteps, UpdateAction, UpdateReviewPoint
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.planning.common import (
    FLAG_EDGE,
    FLAG_TINT,
    action_title,
    date_text,
    delivery_columns,
    flag_icon,
    from_qdate,
    link_drivers,
    link_lines,
    plan_problems,
    problem_message,
    quoted,
    sheet_problems,
    steps_display,
    steps_from_text,
    to_qdate,
)
from jcs_desktop.ui.widgets.record_model import EDITABLE, SELECTABLE, row_of_id, sync_rows

ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ROLE = Qt.ItemDataRole.UserRole + 2
DRIVERS_ROLE = Qt.ItemDataRole.UserRole + 3
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 4
REVIEW_POINT_ROLE = Qt.ItemDataRole.UserRole + 5

SERVES = "serves"
"""The extra column of the action plan: the drivers and elements an action serves."""
SERVES_HEADING = "Serves driver / element"

ACTION_MIME = "application/x-jcs-action-id"
NOT_WRITTEN = "Not written yet"
"""Shown in an empty "We need to achieve…" cell (flagged), so the gap is visible on a projector."""

Index = QModelIndex | QPersistentModelIndex
_TOP_LEFT = int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)


CARRIED_TIP = "↻ Carried forward from last time's action plan (Prepare: Last time's commitments)"


class ActionPlanModel(QAbstractTableModel):
    """One row per action, in plan order; columns are the workbook's action-planning headings."""

    move_requested = Signal(int, int)  # action id, new 0-based index in the plan

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.columns = list(self.fw.action_planning.columns)
        self.keys = [c.key for c in self.columns] + [SERVES]
        self.workshop_id: int | None = None
        self._rows: list[ActionRecord] = []
        self._icon = flag_icon()

    # -- content -----------------------------------------------------------------------------

    def set_actions(self, workshop_id: int | None, actions: Sequence[ActionRecord]) -> None:
        """Show ``actions``: another workshop resets the model; the same one is followed row by
        row (the rows whose record differs), so open editors and the current cell survive."""
        if workshop_id != self.workshop_id:
            self.beginResetModel()
            self.workshop_id = workshop_id
            self._rows = list(actions)
            self.endResetModel()
            return
        sync_rows(self, self._rows, actions)

    def update_actions(self, actions: Sequence[ActionRecord], changed: Iterable[int]) -> None:
        """``actions`` (the plan as it is now) after a change that named the actions ``changed``."""
        sync_rows(self, self._rows, actions, changed)

    def action_at(self, row: int) -> ActionRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, action_id: int) -> int:
        return row_of_id(self._rows, action_id)

    def actions(self) -> list[ActionRecord]:
        return list(self._rows)

    def key_at(self, column: int) -> str:
        return self.keys[column]

    def column_of(self, key: str) -> int:
        return self.keys.index(key)

    # -- QAbstractItemModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.keys):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].heading if section < len(self.columns) else SERVES_HEADING
            if role == Qt.ItemDataRole.ToolTipRole:
                if section < len(self.columns):
                    col = self.columns[section]
                    return col.prompt or col.heading
                return "The drivers and elements this action serves (double-click to change)"
            if role == Qt.ItemDataRole.UserRole:
                return self.keys[section]
            return None
        action = self.action_at(section)
        if action is None:
            return None
        problems = plan_problems(action)
        carried = action.carried_from_action_id is not None
        if role == Qt.ItemDataRole.DisplayRole:
            # ↻: carried forward from last time's plan (reviewed in Prepare), keeping its history.
            return f"{section + 1} ↻" if carried else str(section + 1)
        if role == Qt.ItemDataRole.DecorationRole and problems:
            return self._icon
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [problem_message(self.fw, p) for p in problems]
            if carried:
                lines.append(CARRIED_TIP)
            return "\n".join(lines) if lines else "Drag to reorder (or Ctrl+Up / Ctrl+Down)"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Action {section + 1}" + (", carried forward from last time" if carried else "")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action = self._rows[index.row()]
        key = self.keys[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "achieve" and not action.achieve.strip():
                return NOT_WRITTEN
            return self._display(action, key)
        if role == Qt.ItemDataRole.EditRole:
            if key == "by_doing":
                return "\n".join(action.steps)
            if key == "by_when":
                return to_qdate(action.by_when)
            if key == SERVES:
                return self._display(action, key)
            return getattr(action, key)
        if role == ACTION_ID_ROLE:
            return action.id
        if role == ACTION_ROLE:
            return action
        if role == DRIVERS_ROLE:
            return sorted(link_drivers(action.links))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _TOP_LEFT
        flag = self._cell_flag(action, key)
        if role == Qt.ItemDataRole.BackgroundRole and flag:
            return QBrush(FLAG_TINT)
        if role == Qt.ItemDataRole.ForegroundRole and flag:
            return QBrush(FLAG_EDGE)
        if role == Qt.ItemDataRole.DecorationRole and flag:
            return self._icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if flag:
                return problem_message(self.fw, flag)
            text = self._display(action, key)
            return text or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(action, key)
        return None

    def _display(self, action: ActionRecord, key: str) -> str:
        if key == "by_doing":
            return steps_display(action.steps)
        if key == "by_when":
            return date_text(action.by_when)
        if key == SERVES:
            return "\n".join(link_lines(self.fw, action.links))
        return getattr(action, key)

    @staticmethod
    def _cell_flag(action: ActionRecord, key: str) -> str | None:
        problems = plan_problems(action)
        if key == "achieve" and "empty-achieve" in problems:
            return "empty-achieve"
        if key == "by_when" and "past-date" in problems:
            return "past-date"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if self.keys[index.column()] != SERVES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.workshop_id is None:
            return False
        action = self._rows[index.row()]
        key = self.keys[index.column()]
        heading = self.columns[index.column()].heading if index.column() < len(self.columns) else SERVES_HEADING
        label = f"Edit {quoted(heading)} of action {index.row() + 1}"
        if key == SERVES:
            return False
        if key == "by_doing":
            steps = steps_from_text(str(value or ""))
            if steps == action.steps:
                return True
            return self.ctx.push(SetSteps(self.ctx, action.id, steps, label))
        if key == "by_when":
            new = from_qdate(value)
            if new == action.by_when:
                return True
            ok = self.ctx.push(UpdateAction(self.ctx, action.id, "by_when", new, label))
            if ok and new is not None and "past-date" in plan_problems(action.model_copy(update={"by_when": new})):
                self.ctx.status_message.emit(f"Action {index.row() + 1}: {problem_message(self.fw, 'past-date')}")
            return ok
        text = str(value or "").strip()
        if text == getattr(action, key):
            return True
        ok = self.ctx.push(UpdateAction(self.ctx, action.id, key, text, label))
        if ok and key == "achieve" and not text:
            self.ctx.status_message.emit(f"Action {index.row() + 1}: {problem_message(self.fw, 'empty-achieve')}")
        return ok

    # -- drag and drop: reordering rows --------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ACTION_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = sorted({self._rows[i.row()].id for i in indexes if i.isValid() and i.row() < len(self._rows)})
        mime.setData(ACTION_MIME, QByteArray(json.dumps(ids).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return action == Qt.DropAction.MoveAction and data is not None and data.hasFormat(ACTION_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Ask for a move (``move_requested``); the page pushes the command once the drop is over.

        Returns False: nothing is inserted here, so the view removes nothing either.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = json.loads(bytes(data.data(ACTION_MIME).data()).decode())
        except ValueError:
            return False
        if len(ids) != 1:
            return False
        old = self.row_of(int(ids[0]))
        if old < 0:
            return False
        new = _drop_index(row, parent, old, len(self._rows))
        new = max(0, min(new, len(self._rows) - 1))
        if new != old:
            self.move_requested.emit(int(ids[0]), new)
        return False


def _drop_index(row: int, parent: Index, old: int, count: int) -> int:
    """Where a row dragged from ``old`` lands: before ``row``, onto ``parent``'s row, or at the end."""
    if row < 0:
        return parent.row() if parent.isValid() else count - 1
    return row if row <= old else row - 1


NO_DRIVER = "__none__"
"""Filter value for actions that serve no driver yet."""


class ActionFilterProxy(QSortFilterProxyModel):
    """Shows the actions that serve one driver (or all); keeps the plan order (no sorting)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._driver: str | None = None

    @property
    def driver(self) -> str | None:
        return self._driver

    def set_driver(self, driver_id: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._driver = driver_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._driver = driver_id
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._driver is None:
            return True
        drivers = self.sourceModel().index(source_row, 0, source_parent).data(DRIVERS_ROLE) or []
        if self._driver == NO_DRIVER:
            return not drivers
        return self._driver in drivers


class ActionListModel(QAbstractListModel):
    """The actions as a list, for choosing which delivery sheet to show, with their gaps."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.fw = ctx.framework
        self._rows: list[ActionRecord] = []

    def set_actions(self, actions: Sequence[ActionRecord]) -> None:
        """Show ``actions``, following the rows already shown row by row."""
        sync_rows(self, self._rows, actions)

    def reset(self, actions: Sequence[ActionRecord]) -> None:
        """Show the actions of another workshop."""
        self.beginResetModel()
        self._rows = list(actions)
        self.endResetModel()

    def update_actions(self, actions: Sequence[ActionRecord], changed: Iterable[int]) -> None:
        """``actions`` (the plan as it is now) after a change that named the actions ``changed``."""
        sync_rows(self, self._rows, actions, changed)

    def action_at(self, row: int) -> ActionRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, action_id: int) -> int:
        return row_of_id(self._rows, action_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return action_title(self.fw, action, index.row() + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            problems = sheet_problems(action)
            lines = [action_title(self.fw, action, index.row() + 1)]
            lines += [problem_message(self.fw, p) for p in problems]
            return "\n".join(lines)
        if role == PROBLEMS_ROLE:
            return sheet_problems(action)
        if role == ACTION_ID_ROLE:
            return action.id
        if role == ACTION_ROLE:
            return action
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return SELECTABLE


_POINT_FIELD = {"review_point": "date"}
"""The delivery plan's first column ("Review Points") holds the review date."""


class ReviewPointModel(QAbstractTableModel):
    """The delivery plan of one action: one row per review point."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.columns = list(delivery_columns(self.fw).values())
        self.keys = [_POINT_FIELD.get(c.key, c.key) for c in self.columns]
        self.workshop_id: int | None = None
        self.action_id: int | None = None
        self._rows: list[ReviewPointRecord] = []

    def set_points(self, workshop_id: int | None, action_id: int | None, points: Sequence[ReviewPointRecord]) -> None:
        """Show an action's review points: another action resets the model; the same one is
        followed row by row (the points whose record differs), so an open editor survives."""
        if (workshop_id, action_id) == (self.workshop_id, self.action_id):
            sync_rows(self, self._rows, points)
            return
        points = list(points)
        self.beginResetModel()
        self.workshop_id, self.action_id = workshop_id, action_id
        self._rows = points
        self.endResetModel()

    def point_at(self, row: int) -> ReviewPointRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, point_id: int) -> int:
        for i, p in enumerate(self._rows):
            if p.id == point_id:
                return i
        return -1

    def key_at(self, column: int) -> str:
        return self.keys[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].heading
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].prompt or self.columns[section].heading
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        point = self._rows[index.row()]
        key = self.keys[index.column()]
        value = getattr(point, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return date_text(value) if key == "date" else value
        if role == Qt.ItemDataRole.EditRole:
            return to_qdate(value) if key == "date" else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return (date_text(value) if key == "date" else value) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _TOP_LEFT
        if role == REVIEW_POINT_ROLE:
            return point
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.workshop_id is None:
            return False
        point = self._rows[index.row()]
        key = self.keys[index.column()]
        new = from_qdate(value) if key == "date" else str(value or "").strip()
        if new == getattr(point, key):
            return True
        label = f"Edit {quoted(self.columns[index.column()].heading)} of review point {index.row() + 1}"
        return self.ctx.push(UpdateReviewPoint(self.ctx, point.id, key, new, label))
