"""The Prepare step: what the workshop is, who takes part, and the PIN that guards participant mode.

Everything shown comes from the live state (``ctx.live``): a change updates the details, the
participants' rows it names, or just their completion cells.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.base import validate
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ParticipantFields, ParticipantRecord, WorkshopFields, WorkshopRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.workshops import (
    AddParticipants,
    RemoveParticipants,
    SetSectors,
    UpdateParticipant,
    UpdateWorkshop,
)
from jcs_desktop.ui.core.context import ACTIONS, PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.dialogs.participant_dialog import ParticipantDialog
from jcs_desktop.ui.dialogs.workshop_dialog import WorkshopDialog
from jcs_desktop.ui.prepare.model import ParticipantTableModel
from jcs_desktop.ui.prepare.paste import parse_pasted
from jcs_desktop.ui.prepare.review import CommitmentsBox, rows_height
from jcs_desktop.ui.widgets.delegates import ProgressDelegate
from jcs_desktop.ui.widgets.labels import ROUTE_LABELS
from jcs_desktop.ui.widgets.tables import FittedTableView
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, PageTitle, base_font, mute, show_focus

PASTE_CONFIRM_OVER = 60
"""Pasting more rows than this asks first: it is more likely a wrong clipboard than a sign-in sheet."""


def _value(text: str) -> str:
    return escape(text) if text.strip() else "—"


class PreparePage(StepPage):
    """Step page "Prepare"."""

    step = STEP_BY_KEY["prepare"]
    listens = frozenset({WORKSHOPS, PARTICIPANTS, SCORES, ACTIONS})
    """Actions: last time's commitments (of the previous workshop, and those carried into this one)."""
    shows_last_time = True
    """Last time's commitments are reviewed here: changes to the previous workshop's actions arrive."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("preparePage")
        self.expected = len(ctx.framework.element_ids())
        self.last_dialog: object | None = None  # the last dialog opened (its controller), for tests and scripts

        # -- workshop details -------------------------------------------------------
        self.details_box = QGroupBox("Workshop details")
        self.details_box.setObjectName("detailsBox")
        self.detail_labels: dict[str, QLabel] = {}
        form = self.details_form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(6)
        for key, caption in (
            ("partnership", "Partnership"),
            ("locality", "Locality"),
            ("date", "Date"),
            ("venue", "Venue"),
            ("facilitator", "Facilitator"),
            ("route", "Scoring route"),
            ("divergence", "Differences flagged"),
            ("notes", "Notes"),
        ):
            label = QLabel()
            label.setObjectName(f"{key}Value")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption_label = QLabel(f"{caption}:")
            mute(caption_label)
            form.addRow(caption_label, label)
            self.detail_labels[key] = label
        self.edit_button = QPushButton("Edit de&tails…")
        self.edit_button.setObjectName("editWorkshopButton")
        self.edit_button.setAccessibleName("Edit workshop details")
        self.edit_button.setToolTip("Change the title, partnership, date, route and the rest")
        self.edit_button.clicked.connect(self.edit_workshop)
        details = QVBoxLayout(self.details_box)
        details.addLayout(form)
        details.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)

        # -- participant-mode PIN ------------------------------------------------------
        self.pin_box = QGroupBox("Participant mode")
        self.pin_box.setObjectName("pinBox")
        self.pin_label = QLabel()
        self.pin_label.setObjectName("pinStatus")
        self.pin_label.setWordWrap(True)
        self.pin_button = QPushButton("Set P&IN…")
        self.pin_button.setObjectName("setPinButton")
        self.pin_button.setAccessibleName("Set the participant-mode PIN")
        self.pin_button.clicked.connect(self.set_pin)
        self.clear_pin_button = QPushButton("Clear PIN")
        self.clear_pin_button.setObjectName("clearPinButton")
        self.clear_pin_button.setAccessibleName("Clear the participant-mode PIN")
        self.clear_pin_button.clicked.connect(self.clear_pin)
        pin_buttons = QHBoxLayout()
        pin_buttons.addWidget(self.pin_button)
        pin_buttons.addWidget(self.clear_pin_button)
        pin_buttons.addStretch(1)
        pin_layout = QVBoxLayout(self.pin_box)
        pin_layout.addWidget(self.pin_label)
        pin_layout.addLayout(pin_buttons)

        # -- participants -----------------------------------------------------------------
        self.model = ParticipantTableModel(self)
        self.table = FittedTableView(
            ParticipantTableModel.NAME, 0.68, fixed_columns=frozenset({ParticipantTableModel.SCORED})
        )
        self.table.setObjectName("participantTable")
        show_focus(self.table)
        self.table.setAccessibleName("Participants")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.use_one_line_rows()  # names never wrap here: no need to measure each row
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setItemDelegateForColumn(ParticipantTableModel.SCORED, ProgressDelegate(self.table, bar_width=44))
        self.table.activated.connect(lambda _i: self.edit_participant())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_action = self._action(
            "&Add…", "Add a participant (Insert)", QKeySequence(Qt.Key.Key_Insert), self.add_participant
        )
        self.edit_action = self._action(
            "&Edit…", "Edit the selected participant (F2 or Enter)", QKeySequence(Qt.Key.Key_F2), self.edit_participant
        )
        self.remove_action = self._action(
            "&Remove",
            "Remove the selected participants (Delete); Ctrl+Z brings them back",
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.remove_participants,
        )
        self.paste_action = self._action(
            "&Paste names",
            "Add participants from the clipboard: one name per line, or rows copied from a spreadsheet "
            "(name, organisation, sector, role) (Ctrl+V)",
            QKeySequence(QKeySequence.StandardKey.Paste),
            self.paste_participants,
        )
        self.sectors_action = self._action(
            "&Sectors…", "Edit the list of sectors participants can belong to", None, self.edit_sectors
        )
        self.add_action.setObjectName("addParticipantAction")
        self.edit_action.setObjectName("editParticipantAction")
        self.remove_action.setObjectName("removeParticipantAction")
        self.paste_action.setObjectName("pasteParticipantsAction")
        self.sectors_action.setObjectName("sectorsAction")
        # Shortcuts work while the table (or its buttons) has focus, so Delete in a text field stays a text key.
        for action in (self.add_action, self.edit_action, self.remove_action, self.paste_action):
            self.table.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for action in (self.add_action, self.edit_action, self.remove_action, self.paste_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.sectors_action))
        self.participants_box = QGroupBox("Participants")
        self.participants_box.setObjectName("participantsBox")
        self.count_label = QLabel()
        self.count_label.setObjectName("participantCount")
        self.hint = QLabel(
            "Tip: copy a list of names (one per line) or rows from a spreadsheet "
            "(name, organisation, sector, role) and press Ctrl+V in the table."
        )
        self.hint.setWordWrap(True)
        mute(self.hint)
        people = QVBoxLayout(self.participants_box)
        people.addLayout(buttons)
        people.addWidget(self.table, 1)
        people.addWidget(self.count_label)
        people.addWidget(self.hint)

        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.details_box)
        left.addWidget(self.pin_box)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 6, 0)
        # At large text sizes the details may be taller than the screen: they scroll instead of being squashed.
        self.left_scroll = QScrollArea()
        self.left_scroll.setObjectName("detailsScroll")
        self.left_scroll.setWidget(left_widget)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_details_width()
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self.left_scroll, 2)
        columns.addWidget(self.participants_box, 3)
        self.title_label = PageTitle("Prepare")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title_label)
        layout.addLayout(columns, 3)
        # A follow-up workshop reviews what the previous one planned (hidden otherwise).
        self.commitments_box = CommitmentsBox(ctx)
        layout.addWidget(self.commitments_box, 2)
        self._fit_table_heights()

        self.setFocusProxy(self.table)
        self._update_buttons()

    @property
    def live(self) -> LiveWorkshop | None:
        """The live state of this page's workshop (None: none, or it cannot be read)."""
        return self.ctx.live_for(self.workshop_id)

    @property
    def workshop(self) -> WorkshopRecord | None:
        live = self.live
        return live.workshop if live is not None else None

    def _fit_details_width(self) -> None:
        """The details column grows a little with the text size, leaving the participants most of the room."""
        ratio = min(1.3, max(1.0, self.font().pointSizeF() / max(1.0, base_font().pointSizeF())))
        # The participants table needs most of a laptop's width at projector text sizes: the
        # details (which scroll) never take more than a third of the page.
        cap = round(self.width() * 0.3) if self.width() > 0 else round(380 * ratio)
        low, high = min(round(240 * ratio), cap), min(round(380 * ratio), cap)
        self.left_scroll.setMinimumWidth(low)
        self.left_scroll.setMaximumWidth(max(low, high))
        # In a narrow column a caption beside its value squeezes both: captions go above, for every row alike.
        narrow = max(low, high) < self.fontMetrics().horizontalAdvance("M") * 26
        self.details_form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows if narrow else QFormLayout.RowWrapPolicy.WrapLongRows
        )

    def fonts_changed(self) -> None:
        self._fit_details_width()
        self._fit_table_heights()

    def _commitments_shown(self) -> None:
        # A follow-up's participants came from last time: the room goes to its commitments, not the tip.
        self.hint.setVisible(self.commitments_box.isHidden())

    def _fit_table_heights(self) -> None:
        """With last time's commitments below, both tables keep room for three rows at any text size."""
        self.table.setMinimumHeight(rows_height(self.table, 3))
        self.commitments_box.fonts_changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_details_width()

    def _action(self, text: str, tip: str, key: QKeySequence | None, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(slot)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(action.toolTip().split(" (")[0].split(":")[0])
        return button

    # -- step-page contract ---------------------------------------------------------

    def load(self) -> None:
        live = self.live
        if live is not None:
            self._show_workshop(live.workshop)
        selected = self.selected_ids()
        self.model.set_rows(live.participants if live else [], live.progress if live else {}, self.expected)
        self._reselect(selected)
        self._participants_shown()
        self.commitments_box.show_workshop(self.workshop_id if live is not None else None)
        self._commitments_shown()

    def apply_changes(self, change: Changes | Change) -> None:
        live = self.live
        if not isinstance(change, Changes) or live is None:
            self.load()  # a notice without values (a restore, a refusal): show what is stored
            return
        self.commitments_box.apply_changes(change)
        self._commitments_shown()
        if change.workshop_id not in (None, live.workshop.id):
            return  # the previous workshop of the series: only its commitments show here
        if change.workshop is not None and change.workshop.id == live.workshop.id:
            self._show_workshop(live.workshop)
        people = set(change.participants)
        progressed = set(self.ctx.last_applied.participants) - people
        if people or progressed:
            self.model.update(live.participants, live.progress, people, progressed)
        if people:
            self._participants_shown()

    def compute_status(self) -> StepStatus:
        live = self.live
        if live is None:
            return NO_WORKSHOP
        n = len(live.participants)
        if n == 0:
            return StepStatus(False, "No participants yet")
        people = f"{n} participant{'s' if n != 1 else ''}"
        return StepStatus(True, people + (" · PIN set" if live.workshop.has_pin else ""))

    # -- showing --------------------------------------------------------------------

    def _show_workshop(self, w: WorkshopRecord) -> None:
        values = {
            "partnership": w.partnership,
            "locality": w.locality,
            "date": f"{w.date.day} {w.date:%B %Y}" if w.date else "",
            "venue": w.venue,
            "facilitator": w.facilitator,
            "route": ROUTE_LABELS.get(w.route, w.route),
            "divergence": f"Scores {w.divergence_range} or more levels apart",
            "notes": w.notes,
        }
        for key, text in values.items():
            self.detail_labels[key].setText(_value(text))
            self.detail_labels[key].setAccessibleName(f"{key}: {text or 'not set'}")
        if w.has_pin:
            self.pin_label.setText("A PIN is set. Leaving participant mode asks for it.")
        else:
            self.pin_label.setText(
                "<b>No PIN set.</b> Set one before passing the laptop round, so participants cannot "
                "leave participant mode and see each other's scores."
            )
        self.pin_button.setText("Change P&IN…" if w.has_pin else "Set P&IN…")
        self.clear_pin_button.setEnabled(w.has_pin)

    def _participants_shown(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            f"{n} participant{'s' if n != 1 else ''}" if n else "No participants yet: press Insert or Add… to add one."
        )
        self._update_buttons()

    # -- selection --------------------------------------------------------------------

    def selected_records(self) -> list[ParticipantRecord]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record(r) for r in rows]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_records()]

    def _reselect(self, ids: list[int]) -> None:
        sm = self.table.selectionModel()
        for pid in ids:
            row = self.model.row_of(pid)
            if row >= 0:
                sm.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.setCurrentIndex(self.model.index(row, 0))

    def select_row(self, row: int) -> None:
        """Select exactly ``row`` (unlike QTableView.selectRow, whatever modifier keys are held)."""
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def select_participant(self, participant_id: int) -> None:
        self.select_row(self.model.row_of(participant_id))

    def _update_buttons(self) -> None:
        selected = len(self.table.selectionModel().selectedRows())
        has_workshop = self.workshop is not None
        self.add_action.setEnabled(has_workshop)
        self.paste_action.setEnabled(has_workshop)
        self.edit_action.setEnabled(selected == 1)
        self.remove_action.setEnabled(selected >= 1)
        self.edit_button.setEnabled(has_workshop)
        self.pin_button.setEnabled(has_workshop)

    # -- edits (all undoable, all saved at once) ----------------------------------------

    def _push(self, command) -> str | None:
        """Push ``command``; the service's message if it refused the change."""
        if self.ctx.push(command):
            return None
        failed = getattr(command, "failed", None)
        return str(failed) if failed is not None else "The change could not be saved."

    def edit_workshop(self) -> None:
        if self.workshop is None or self.workshop_id is None:
            return
        wid = self.workshop_id
        before = self.workshop.fields()

        def submit(fields: WorkshopFields) -> str | None:
            if fields == before:
                return None  # nothing changed: no empty step on the undo stack
            return self._push(UpdateWorkshop(self.ctx, wid, fields))

        dialog = WorkshopDialog(
            self.window(),
            submit,
            record=self.workshop,
            level_count=self.ctx.framework.level_count,
        )
        self.last_dialog = dialog
        dialog.open()

    def add_participant(self) -> None:
        if self.workshop_id is None:
            return
        wid = self.workshop_id

        def submit(fields: ParticipantFields) -> str | None:
            command = AddParticipants(self.ctx, wid, [fields])
            problem = self._push(command)
            if problem is None and command.records:
                self.select_participant(command.records[0].id)
            return problem

        dialog = ParticipantDialog(self.window(), submit, sectors=self._sectors())
        self.last_dialog = dialog
        dialog.open()

    def edit_participant(self) -> None:
        records = self.selected_records()
        if len(records) != 1 or self.workshop_id is None:
            return
        record = records[0]

        def submit(fields: ParticipantFields) -> str | None:
            if fields == record.fields():
                return None
            return self._push(UpdateParticipant(self.ctx, record.id, fields))

        dialog = ParticipantDialog(
            self.window(),
            submit,
            sectors=self._sectors(),
            record=record,
        )
        self.last_dialog = dialog
        dialog.open()

    def remove_participants(self) -> None:
        records = self.selected_records()
        if not records or self.workshop_id is None:
            return
        scored = sum(self.model.scored(r.id) for r in records)
        if scored:
            who = records[0].display_name if len(records) == 1 else f"these {len(records)} participants"
            answer = QMessageBox.question(
                self,
                "Remove participant",
                f"Remove {who}? {scored} score{'s' if scored != 1 else ''} already entered will no longer count. "
                "Undo (Ctrl+Z) brings them back.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        row = min(self.model.row_of(r.id) for r in records)
        if self._push(RemoveParticipants(self.ctx, records)) is None:
            if self.model.rowCount():
                self.select_row(min(row, self.model.rowCount() - 1))
            self.table.setFocus()

    def paste_participants(self) -> None:
        if self.workshop_id is None:
            return
        text = QApplication.clipboard().text()
        rows = parse_pasted(text, self._sectors())
        if not rows:
            self.ctx.status_message.emit("The clipboard holds no names to add.")
            return
        if len(rows) > PASTE_CONFIRM_OVER:
            answer = QMessageBox.question(
                self,
                "Paste names",
                f"The clipboard holds {len(rows)} lines. Add them all as participants?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            fields = [validate(ParticipantFields, r) for r in rows]
        except ServiceError as exc:
            self.ctx.report_error(f"The pasted names could not be added: {exc}", self)
            return
        command = AddParticipants(self.ctx, self.workshop_id, fields)
        if self._push(command) is None:
            self.ctx.status_message.emit(
                f"Saved: added {len(fields)} participant{'s' if len(fields) != 1 else ''} from the clipboard "
                "(Ctrl+Z to undo)"
            )
            self.table.clearSelection()
            for record in command.records:
                row = self.model.row_of(record.id)
                if row >= 0:
                    self.table.selectionModel().select(
                        self.model.index(row, 0),
                        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                    )

    def edit_sectors(self) -> None:
        from jcs_desktop.ui.dialogs.sector_dialog import SectorDialog

        before = self._sectors()
        dialog = SectorDialog(self.window(), before, lambda names: self._push(SetSectors(self.ctx, names, before)))
        self.last_dialog = dialog
        dialog.open()

    def set_pin(self) -> None:
        if self.workshop_id is None:
            return
        from jcs_desktop.ui.dialogs.pin_dialog import PinDialog

        wid = self.workshop_id

        def submit(pin: str) -> str | None:
            try:
                changes = self.ctx.services.workshops.set_pin(wid, pin)
            except (ServiceError, StoreError) as exc:
                return str(exc)
            # A PIN is a lock, not workshop content: it is saved at once but not put on the undo stack.
            self.ctx.apply(changes)
            self.ctx.saved("Saved: participant-mode PIN set")
            return None

        dialog = PinDialog(self.window(), submit)
        self.last_dialog = dialog
        dialog.open()

    def clear_pin(self) -> None:
        if self.workshop_id is None:
            return
        try:
            changes = self.ctx.services.workshops.set_pin(self.workshop_id, None)
        except (ServiceError, StoreError) as exc:
            self.ctx.report_error(str(exc), self)
            return
        self.ctx.apply(changes)
        self.ctx.saved("Saved: participant-mode PIN cleared")

    def _sectors(self) -> list[str]:
        live = self.live
        return list(live.sectors) if live is not None else []
