"""Prepare: "Last time's commitments", for a workshop that follows another in its series.

One row per action of the previous workshop, in its plan order: what it set out to achieve,
the elements (or drivers) it served, how it went (a status), what was achieved and the
learning points, and whether it is carried forward into this workshop's plan. A review is a
review point of that action's own delivery plan (``PlanningService.review_action``), so the
chain element -> action -> delivery -> review stays one record across workshops.

Every edit is an undoable command (``ui/commands/commitments.py``). The rows are read from
the services when the workshop is shown and again when a change names actions of this
workshop or of the previous one, or a new series link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import REVIEW_STATUSES, Commitment
from jcs_desktop.ui.commands.commitments import CarryForward, ReviewAction
from jcs_desktop.ui.core.context import AppContext, Change
from jcs_desktop.ui.widgets.labels import format_date
from jcs_desktop.ui.widgets.record_model import EDITABLE, LEFT_MIDDLE, SELECTABLE, Index, RecordTableModel, sync_rows
from jcs_desktop.ui.widgets.tables import FittedTableView
from jcs_desktop.ui.widgets.theme import mute, show_focus

STATUS_LABELS: dict[str | None, str] = {
    None: "—",
    "done": "Done",
    "partly": "Partly done",
    "not-started": "Not started",
    "dropped": "Dropped",
}
"""How each status reads (None: no status recorded yet)."""

Edit = Callable[[Commitment, str, object], None]


def served(fw: Framework, commitment: Commitment) -> str:
    """The elements (or, for a link to a whole driver, the drivers) the action served."""
    titles = []
    for link in commitment.action.links:
        try:
            title = fw.element(link.element_id).title if link.element_id else fw.driver(link.driver_id).title
        except KeyError:  # a link to an element this workbook no longer has
            title = link.element_id or link.driver_id
        if title not in titles:
            titles.append(title)
    return "; ".join(titles)


def rows_height(table: QTableView, rows: int) -> int:
    """The height ``table`` needs to show its header and ``rows`` one-line rows."""
    header = table.horizontalHeader().sizeHint().height()
    return header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2


class CommitmentTableModel(RecordTableModel):
    """Last time's actions as this workshop reviews them; status, achieved and learning are editable."""

    COLUMNS: tuple[str, ...] = (
        "What we set out to achieve",
        "Serving",
        "Status",
        "Achieved",
        "Learning",
        "Carried forward",
    )
    ACHIEVE, SERVING, STATUS, ACHIEVED, LEARNING, CARRIED = range(6)
    EDITABLE_COLUMNS = frozenset({STATUS, ACHIEVED, LEARNING})

    def __init__(self, framework: Framework, edit: Edit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self._edit = edit

    def set_rows(self, rows: Sequence[Commitment]) -> None:
        """Follow what is stored now, row by row (the current cell and selection survive)."""
        sync_rows(self, self._rows, list(rows))

    def _text(self, c: Commitment, col: int) -> str:
        match col:
            case self.ACHIEVE:
                return c.action.achieve or "(no aim written)"
            case self.SERVING:
                return served(self.framework, c)
            case self.STATUS:
                return STATUS_LABELS.get(c.status, c.status or "")
            case self.ACHIEVED:
                return c.review.achieved if c.review is not None else ""
            case self.LEARNING:
                return c.review.learning if c.review is not None else ""
            case self.CARRIED:
                return "Yes" if c.carried_forward_id is not None else "No"
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE if index.column() in self.EDITABLE_COLUMNS else SELECTABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c: Commitment = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(c, col)
        if role == Qt.ItemDataRole.EditRole:
            return c.status if col == self.STATUS else self._text(c, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(c, col)
            if col == self.STATUS and c.status is None:
                return "Not reviewed yet: press F2 or type to choose how it went"
            if col == self.CARRIED and c.carried_forward_id is None:
                return "Not in this workshop's plan" + ("" if c.can_carry_forward else f" ({text.lower()})")
            return text or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.COLUMNS[col]}: {self._text(c, col) or 'empty'}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT_MIDDLE
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE_COLUMNS:
            return False
        c: Commitment = self._rows[index.row()]
        key = {self.STATUS: "status", self.ACHIEVED: "achieved", self.LEARNING: "learning"}[index.column()]
        if key != "status":
            value = str(value or "").strip()
        current = c.status if key == "status" else self._text(c, index.column())
        if value == current:
            return False  # nothing changed: no empty step on the undo stack
        # The command saves it; the row follows from the change record (``set_rows``).
        self._edit(c, key, value)
        return True


class StatusCombo(QComboBox):
    """The status editor: says when its list closes, so a choice made in the list is saved at once."""

    list_closed = Signal()
    _open = False

    def showPopup(self) -> None:
        self._open = True
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        if self._open:  # Qt also calls this when no list is showing
            self._open = False
            # Qt closes the list before it takes the choice made in it: say so once it has.
            QTimer.singleShot(0, self, self.list_closed.emit)


class StatusDelegate(QStyledItemDelegate):
    """Edits a status with a drop-down list: arrow keys or the first letter choose and Enter saves,
    or a choice in the opened list (a click, or Alt+Down then Enter) saves at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        combo = StatusCombo(parent)
        combo.list_closed.connect(lambda: self._chosen(combo))
        combo.setObjectName("statusEditor")
        combo.setAccessibleName("How it went")
        for key in (None, *REVIEW_STATUSES):
            combo.addItem(STATUS_LABELS[key] if key is not None else "— (not reviewed)", key)
        return combo

    def _chosen(self, combo: StatusCombo) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)
        view = self.parent()
        if isinstance(view, QWidget):
            view.setFocus()  # the list had the keyboard: give it back to the table, not to nothing

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class CommitmentsBox(QGroupBox):
    """The "Last time's commitments" box, shown only when the open workshop follows another."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Last time's commitments", parent)
        self.setObjectName("commitmentsBox")
        self.ctx = ctx
        self.workshop_id: int | None = None
        self.previous_id: int | None = None

        self.model = CommitmentTableModel(ctx.framework, self._edit, self)
        self.table = FittedTableView(
            CommitmentTableModel.ACHIEVE,
            0.6,
            fixed_columns=frozenset({CommitmentTableModel.STATUS, CommitmentTableModel.CARRIED}),
        )
        self.table.setObjectName("commitmentsTable")
        self.table.setAccessibleName("Last time's commitments")
        show_focus(self.table)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CommitmentTableModel.STATUS, StatusDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.use_one_line_rows()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.carry_button = QPushButton("&Carry forward into this plan")
        self.carry_button.setObjectName("carryForwardButton")
        self.carry_button.setAccessibleName("Carry the selected action forward into this workshop's plan")
        self.carry_button.setToolTip(
            "Add the selected action (not done, not dropped) to this workshop's action plan, "
            "keeping its history; Ctrl+Z takes it back"
        )
        self.carry_button.clicked.connect(self.carry_forward_current)
        self.hint = QLabel()
        self.hint.setObjectName("commitmentsHint")
        self.hint.setToolTip("Select a cell and press F2, or start typing, to record how an action went")
        self.hint.setWordWrap(True)
        mute(self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.carry_button)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setVisible(False)
        self._update_buttons()

    def fonts_changed(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        # Three rows at least; no more room than its rows need (the participants get the rest).
        self.table.setMinimumHeight(rows_height(self.table, 3))
        self.table.setMaximumHeight(rows_height(self.table, max(3, self.model.rowCount())))

    # -- showing ----------------------------------------------------------------------

    def show_workshop(self, workshop_id: int | None) -> None:
        self.workshop_id = workshop_id
        self.refresh()

    def refresh(self) -> None:
        """Read last time's commitments again; hidden when this workshop follows none."""
        live = self.ctx.live_for(self.workshop_id)
        last = live.last_time if live is not None else None
        rows: list[Commitment] = []
        if live is not None and last is not None and last.workshop is not None:
            self.previous_id = last.workshop.id
            try:
                rows = self.ctx.services.planning.commitments(live.workshop.id)
            except (ServiceError, StoreError) as exc:
                self.ctx.report_error(str(exc))
            when = f", {format_date(last.workshop.date)}" if last.workshop.date else ""
            source = f"“{last.workshop.title}”{when}"
            self.hint.setText(f"From {source}." if rows else f"{source} planned no actions.")
        else:
            self.previous_id = None
        self.model.set_rows(rows)
        self._fit_height()
        self.table.setVisible(bool(rows))
        self.carry_button.setVisible(bool(rows))
        self.setVisible(self.previous_id is not None)
        self._update_buttons()

    def apply_changes(self, change: Changes | Change) -> None:
        """Read again when ``change`` names actions of this workshop or the previous one, or a new link."""
        if not isinstance(change, Changes):
            self.refresh()
            return
        ours = change.workshop_id in (None, self.workshop_id, self.previous_id)
        if change.last_time is not None or (ours and change.actions):
            self.refresh()

    # -- editing ------------------------------------------------------------------------

    def current(self) -> Commitment | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and not self.table.isHidden() else None

    def _update_buttons(self) -> None:
        c = self.current()
        self.carry_button.setEnabled(c is not None and c.can_carry_forward)

    def _edit(self, c: Commitment, key: str, value: object) -> None:
        if self.workshop_id is None:
            return
        review = c.review
        fields = {
            "status": c.status,
            "achieved": review.achieved if review is not None else "",
            "learning": review.learning if review is not None else "",
        }
        fields[key] = value
        what = {"status": "how it went", "achieved": "what was achieved", "learning": "the learning points"}[key]
        self.ctx.push(
            ReviewAction(
                self.ctx,
                c.action.id,
                self.workshop_id,
                f"Record {what} for “{_short(c.action.achieve)}”",
                **fields,  # type: ignore[arg-type]
            )
        )

    def carry_forward_current(self) -> None:
        c = self.current()
        if c is None or self.workshop_id is None or not c.can_carry_forward:
            return
        if self.ctx.push(
            CarryForward(self.ctx, c.action.id, self.workshop_id, f"Carry forward “{_short(c.action.achieve)}”")
        ):
            self.ctx.status_message.emit(
                f"Carried forward into this workshop's action plan: “{_short(c.action.achieve)}” (Ctrl+Z to undo)"
            )
        self.table.setFocus()


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split()) or "an action"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
