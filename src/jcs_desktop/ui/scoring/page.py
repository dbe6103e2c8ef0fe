"""The Score step: who has scored how much, and the three ways of entering scores.

- "Start participant mode" (F5): the locked shared screen on which each participant
  enters their own scores (see ``participant_mode``).
- "Facilitator grid" (Ctrl+G): participants × elements, to key in paper forms.
- "Record group scores" (Shift+F5, group-consensus route): the agreed level of each
  element, with its rationale, on the large cards (see ``consensus``).
- "Devices" (Ctrl+Shift+D, checkable): participants score from their own phones over the
  laptop's network (see ``devices_window``); on while the button is down.

The page shows progress only (how many elements each person has answered), never
anyone's levels, so it is safe on a mirrored projector; the grid does show levels.

Everything shown comes from the live workshop state (``ctx.live``): a change record updates
the rows and cells it names (a score: one progress row and one grid cell), never the whole page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ParticipantRecord, WorkshopRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.core.context import AGREED, PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.step_page import NO_WORKSHOP, StepPage
from jcs_desktop.ui.core.steps import STEP_BY_KEY, StepStatus
from jcs_desktop.ui.scoring.grid import ScoreGrid
from jcs_desktop.ui.scoring.scheme import SETTING_HIGH_CONTRAST, SETTING_NOTES, SETTING_TIMER, scheme_for
from jcs_desktop.ui.scoring.screen import high_contrast_wanted, setting_bool
from jcs_desktop.ui.widgets.layouts import FlowLayout
from jcs_desktop.ui.widgets.theme import PAGE_MARGIN, PageTitle, show_focus

PARTICIPANT_MODE_SHORTCUT = "F5"
GRID_SHORTCUT = "Ctrl+G"
GROUP_SCORES_SHORTCUT = "Shift+F5"
DEVICES_SHORTCUT = "Ctrl+Shift+D"

_Index = QModelIndex | QPersistentModelIndex


FINISHED, NOT_STARTED, IN_PROGRESS = "✓ Finished", "Not started", "In progress"


def _people(n: int) -> str:
    return f"{n} participant" if n == 1 else f"{n} participants"


class ProgressModel(QAbstractTableModel):
    """One row per participant: how far they have got (never which levels they chose).

    Holds only counts per participant, so a changed score repaints its one row."""

    HEADERS = ("Participant", "Organisation", "Sector", "Answered", "Not sure", "Status")
    COUNT_COLUMNS = (3, 4, 5)
    """The columns a participant's scores change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[ParticipantRecord] = []
        self._counts: dict[int, tuple[int, int]] = {}  # participant id -> (answered, not sure)
        self._row_of: dict[int, int] = {}
        self.total = 0

    def set_data(self, people: list[ParticipantRecord], scores: Mapping[int, Mapping[str, Score]], total: int) -> None:
        self.beginResetModel()
        self.people, self.total = list(people), total
        self._row_of = {p.id: row for row, p in enumerate(self.people)}
        self._counts = {p.id: _counts(scores.get(p.id, {})) for p in self.people}
        self.endResetModel()

    def update_scores(self, scores: Mapping[int, Mapping[str, Score]], participant_ids: Iterable[int]) -> None:
        """These participants' scores changed: count them again and repaint only their rows."""
        last = self.COUNT_COLUMNS[-1]
        for pid in participant_ids:
            row = self._row_of.get(pid)
            if row is None:
                continue
            counts = _counts(scores.get(pid, {}))
            if counts != self._counts[pid]:
                self._counts[pid] = counts
                self.dataChanged.emit(self.index(row, self.COUNT_COLUMNS[0]), self.index(row, last))

    def answered(self, participant_id: int) -> int:
        return self._counts.get(participant_id, (0, 0))[0]

    def widest_texts(self, column: int) -> tuple[str, ...]:
        """Every text a count or status column can show at its widest, whatever is answered."""
        if column == 3:
            return (f"{self.total} of {self.total}",)
        if column == 4:
            return (str(self.total),)
        return (FINISHED, NOT_STARTED, IN_PROGRESS)

    def not_sure(self, participant_id: int) -> int:
        return self._counts.get(participant_id, (0, 0))[1]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person = self.people[index.row()]
        column = index.column()
        answered = self.answered(person.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return person.display_name
            if column == 1:
                return person.organisation
            if column == 2:
                return person.sector
            if column == 3:
                return f"{answered} of {self.total}"
            if column == 4:
                return str(self.not_sure(person.id))
            if column == 5:
                if answered >= self.total:
                    return FINISHED
                return NOT_STARTED if answered == 0 else IN_PROGRESS
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return answered if column == 3 else person.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class ProgressView(QTableView):
    """The progress table. Organisations and sectors share what the names, counts and status
    leave (shortened with "…" if need be), so no column is pushed out of view; long
    organisation names go onto a second line in a taller row rather than losing their ends.

    Measured when the list of names, the table's width or the text size changes, never on an
    answer: with the columns and rows sized to their contents by the header, every answer that
    arrived made Qt measure every cell of every row in every role (about 3,200 calls into the
    model, 15-20 ms, at 40 participants), which froze the window while phones were scoring.
    The count and status columns are as wide as their widest possible text ("30 of 30",
    "✓ Finished"), so an answer never changes a width or a height.
    """

    STRETCH_COLUMNS = (1, 2)
    MEASURED_COLUMNS = (0, 3, 4, 5)
    NAME_LIMIT = 420
    """A very long name cannot push the counts out of view."""

    def __init__(self, model: ProgressModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMaximumSectionSize(self.NAME_LIMIT)
        for column in self.STRETCH_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in self.MEASURED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(True)
        self.setProperty("fit_cells_wrap", True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.resizeRowsToContents)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._fit_timer.start)
        # The stretched columns change width with the window: their wrapped rows are measured again.
        header.sectionResized.connect(self._section_resized)
        self.fit()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column in self.STRETCH_COLUMNS:
            self._rows_timer.start()

    def fit(self) -> None:
        """Measure the names, size the counts to their widest possible text, then the rows."""
        self._fit_timer.stop()
        model = self.model()
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        # What the item delegate adds around a text (its focus-frame margins), and a little air.
        pad = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 8
        names = max(self.sizeHintForColumn(0), header.sectionSizeHint(0))
        header.resizeSection(0, min(names, self.NAME_LIMIT))
        for column in self.MEASURED_COLUMNS[1:]:
            widest = max(metrics.horizontalAdvance(text) for text in model.widest_texts(column)) + pad
            header.resizeSection(column, max(widest, header.sectionSizeHint(column)))
        self.resizeRowsToContents()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_timer.start()  # every width depends on the text size and the style's paddings


def _counts(scores: Mapping[str, Score]) -> tuple[int, int]:
    """(answered, not sure) of one participant's scores."""
    values = [v for v in scores.values() if v is not None]
    return len(values), sum(1 for v in values if v == NOT_SURE)


class ScorePage(StepPage):
    """The Score step page."""

    step = STEP_BY_KEY["score"]
    listens = frozenset({SCORES, PARTICIPANTS, WORKSHOPS, AGREED})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.workshop: WorkshopRecord | None = None
        self.participant_window = None  # ParticipantModeWindow while open
        self.group_window = None  # GroupScoresWindow while open
        self.devices_window = None  # DevicesWindow while open
        self._hub_connected = False
        self.last_dialog: QWidget | None = None  # the last question or dialog opened (tests look at it)
        self._element_count = len(ctx.framework.element_ids())

        self.title = PageTitle("Score")
        self.route_label = QLabel()
        self.route_label.setWordWrap(True)

        self.participant_button = QPushButton(f"Start participant mode ({PARTICIPANT_MODE_SHORTCUT})")
        self.participant_button.setShortcut(QKeySequence(PARTICIPANT_MODE_SHORTCUT))
        self.participant_button.setAccessibleName("Start participant mode")
        self._participant_tip = (
            "Fill the shared screen: each participant picks their name and scores one element at a time. "
            "Leaving needs the workshop PIN or Ctrl+Shift+F12."
        )
        self.participant_button.setToolTip(self._participant_tip)
        self.participant_button.clicked.connect(self.request_participant_mode)
        self.grid_button = QPushButton(f"Facilitator grid ({GRID_SHORTCUT})")
        self.grid_button.setShortcut(QKeySequence(GRID_SHORTCUT))
        self.grid_button.setAccessibleName("Facilitator grid")
        self.grid_button.setToolTip("Key in paper forms: participants by elements, keyboard only")
        self.grid_button.setCheckable(True)
        self.grid_button.toggled.connect(self.show_grid)
        self.group_button = QPushButton(f"Record group scores ({GROUP_SCORES_SHORTCUT})")
        self.group_button.setShortcut(QKeySequence(GROUP_SCORES_SHORTCUT))
        self.group_button.setAccessibleName("Record group scores")
        self.group_button.setToolTip("Record the level the group agrees for each element, with the reasoning")
        self.group_button.clicked.connect(self.record_group_scores)
        self.devices_button = QPushButton(f"Devices ({DEVICES_SHORTCUT})")
        self.devices_button.setShortcut(QKeySequence(DEVICES_SHORTCUT))
        self.devices_button.setAccessibleName("Devices")
        self.devices_button.setToolTip(
            "Participants score from their own phones over this laptop's network. Off until you switch it on."
        )
        self.devices_button.setCheckable(True)
        self.devices_button.toggled.connect(self.set_devices_on)
        self.devices_show_button = QPushButton("Show the Devices window")
        self.devices_show_button.setToolTip("Devices are on: show the QR code, the join code and the devices")
        self.devices_show_button.clicked.connect(self.show_devices_window)
        self.devices_show_button.setVisible(False)
        # Flows onto a second line at large text rather than widening the window past the screen.
        actions = FlowLayout()
        actions.addWidget(self.participant_button)
        actions.addWidget(self.group_button)
        actions.addWidget(self.grid_button)
        actions.addWidget(self.devices_button)
        actions.addWidget(self.devices_show_button)

        self.timer_check = QCheckBox("Show a gentle timer")
        self.timer_check.setToolTip("About a minute per element, five minutes per driver, shown without alarms")
        self.timer_check.setChecked(setting_bool(ctx, SETTING_TIMER, False))
        self.timer_check.toggled.connect(self._set_timer)
        self.notes_check = QCheckBox("Let participants add a short note")
        self.notes_check.setChecked(setting_bool(ctx, SETTING_NOTES, False))
        self.notes_check.toggled.connect(self._set_notes)
        self.contrast_check = QCheckBox("High contrast on the shared screen")
        self.contrast_check.setToolTip("White on black with a yellow choice: easier to read on a projector")
        self.contrast_check.setChecked(high_contrast_wanted(ctx))
        self.contrast_check.toggled.connect(self._set_contrast)
        self.screen_label = QLabel("Show on:")
        self.screen_combo = QComboBox()
        self.screen_combo.setAccessibleName("Screen for participant mode")
        self.screen_label.setBuddy(self.screen_combo)
        options = FlowLayout()
        options.setContentsMargins(0, 0, 0, 0)
        for w in (self.timer_check, self.notes_check, self.contrast_check):
            options.addWidget(w)
        screen = QWidget()
        screen_row = QHBoxLayout(screen)
        screen_row.setContentsMargins(0, 0, 0, 0)
        screen_row.addWidget(self.screen_label)
        screen_row.addWidget(self.screen_combo)
        options.addWidget(screen)
        self._screen_row = screen

        # Overview: progress per participant.
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.progress_model = ProgressModel(self)
        self.progress_view = ProgressView(self.progress_model)
        self.progress_view.setAccessibleName("Scoring progress per participant")
        self.progress_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.progress_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.progress_view.verticalHeader().setVisible(False)
        self.progress_view.setTabKeyNavigation(False)  # Tab moves on, arrows move between rows
        show_focus(self.progress_view)
        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(0, 0, 0, 0)
        overview_layout.addWidget(self.summary_label)
        overview_layout.addWidget(self.progress_view, 1)

        # The grid.
        self.grid = ScoreGrid(ctx)
        self.grid.hint.connect(ctx.status_message)
        self.grid_intro = QLabel(
            "Click a cell (or use the arrows), then type each form's answers: 1–4 for a level, "
            "0 or S for not sure (shown as ?). The cursor moves on after each; Delete clears. "
            "Every entry is saved at once."
        )
        self.grid_intro.setWordWrap(True)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.grid_intro)
        grid_layout.addWidget(self.grid, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(overview)
        self.stack.addWidget(grid_page)
        self.overview_page = overview
        self.grid_page = grid_page

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.title)
        layout.addWidget(self.route_label)
        layout.addLayout(actions)
        self._options = QWidget()
        self._options.setLayout(options)
        layout.addWidget(self._options)
        layout.addWidget(self.stack, 1)

        ctx.high_contrast_changed.connect(self._app_contrast_changed)
        self._fill_screens()
        self._update_buttons()

    # -- the step-page contract ---------------------------------------------------------------

    def _live(self) -> LiveWorkshop | None:
        """The live state, if it is this page's workshop (else nothing to show)."""
        live = self.ctx.live
        return live if live is not None and live.workshop.id == self.workshop_id else None

    def load(self) -> None:
        if self.devices_window is not None and self.devices_window.workshop_id != self.workshop_id:
            self.devices_window.close()  # another workshop: the shell has stopped its devices
        live = self.ctx.live_for(self.workshop_id)
        self.workshop = live.workshop if live is not None else None
        if live is None:
            self.progress_model.set_data([], {}, self._element_count)
        else:
            self.progress_model.set_data(live.participants, live.scores, self._element_count)
        self.grid.load(live)
        self._show_route()
        self._show_summary()
        self._update_buttons()

    def apply_changes(self, change: Changes | Change) -> None:
        """Scores: their participants' rows and their cells; agreements: the counts. A new
        participant list (or an old-style notice, which names nothing) shows everything again."""
        live = self._live()
        if live is None or not isinstance(change, Changes) or change.participants or change.sectors is not None:
            self.load()
            return
        if change.workshop is not None:  # the route, or the PIN
            self.workshop = live.workshop
            self._show_route()
        if change.scores:
            self.progress_model.update_scores(live.scores, {pid for pid, _eid in change.scores})
            self.grid.apply_cells(change.scores.values())
        self._show_summary()
        self._update_buttons()

    def fonts_changed(self) -> None:
        self.grid.view.apply_fonts()

    def compute_status(self) -> StepStatus:
        live = self._live()
        if live is None:
            return NO_WORKSHOP
        done, summary = self._summary(live)
        return StepStatus(done, summary)

    # -- showing -------------------------------------------------------------------------------

    def _summary(self, live: LiveWorkshop) -> tuple[bool, str]:
        """(done, one line) from the live state: cheap, so it stays right while the page is hidden."""
        total = self._element_count
        people = live.participants
        if live.workshop.route == "consensus":
            agreed = len(live.agreed)
            return agreed >= total, f"Agreed {agreed} of {total} elements"
        if not people:
            return False, "Add participants in Prepare first"
        finished = sum(1 for p in people if live.progress.get(p.id, 0) >= total)
        answered = sum(live.progress.get(p.id, 0) for p in people)
        summary = f"{finished} of {_people(len(people))} finished · {answered} of {len(people) * total} scores"
        return finished == len(people), summary

    def _show_summary(self) -> None:
        live = self._live()
        if live is None:
            self.summary_label.clear()
            return
        people = len(live.participants)
        self.summary_label.setText(self._summary(live)[1] + ("" if not people else f" · {_people(people)}"))

    def _show_route(self) -> None:
        if self.workshop is None:
            self.route_label.clear()
        elif self.workshop.route == "consensus":
            self.route_label.setText(
                "Group consensus: the group agrees each element's level together. Record the group's scores on the "
                "large cards, with the reasoning. Individual scores are optional."
            )
        else:
            self.route_label.setText(
                "Individual then reconcile: each participant scores on the shared screen in participant mode, "
                "or on paper for you to key into the grid."
            )

    def _update_buttons(self) -> None:
        has_workshop = self.workshop is not None
        has_people = self.progress_model.rowCount() > 0
        self.participant_button.setEnabled(has_workshop and has_people and self.participant_window is None)
        self.participant_button.setToolTip(self._participant_tip if has_people else "Add participants in Prepare first")
        self.grid_button.setEnabled(has_workshop and has_people)
        self.group_button.setEnabled(has_workshop)
        # Never disabled while on: the way to switch it off stays.
        self.devices_button.setEnabled((has_workshop and has_people) or self.devices_button.isChecked())
        self.group_button.setVisible(has_workshop and self.workshop.route == "consensus")  # type: ignore[union-attr]

    def _fill_screens(self) -> None:
        screens = QGuiApplication.screens()
        self.screen_combo.clear()
        for i, screen in enumerate(screens):
            size = screen.size()
            self.screen_combo.addItem(f"Screen {i + 1} ({size.width()}×{size.height()})", i)
        many = len(screens) > 1
        self._screen_row.setVisible(many)
        self.screen_label.setVisible(many)
        self.screen_combo.setVisible(many)
        if many:
            self.screen_combo.setCurrentIndex(len(screens) - 1)  # a second display is usually the shared one

    # -- options --------------------------------------------------------------------------------

    def _set_timer(self, on: bool) -> None:
        self.ctx.settings.setValue(SETTING_TIMER, on)
        if self.participant_window is not None:
            self.participant_window.set_show_timer(on)

    def _set_notes(self, on: bool) -> None:
        self.ctx.settings.setValue(SETTING_NOTES, on)
        if self.participant_window is not None:
            self.participant_window.set_show_notes(on)

    def _set_contrast(self, on: bool) -> None:
        self.ctx.settings.setValue(SETTING_HIGH_CONTRAST, on)
        for window in (self.participant_window, self.group_window):
            if window is not None:
                window.set_high_contrast(on)
        self.grid.model.set_theme(scheme_for(on))

    def _app_contrast_changed(self, on: bool) -> None:
        self.contrast_check.setChecked(bool(on))

    # -- the three ways in ----------------------------------------------------------------------

    def _screen_index(self) -> int | None:
        return self.screen_combo.currentData() if self.screen_combo.isVisible() else None

    def request_participant_mode(self) -> None:
        """F5 / the button: without a workshop PIN, say what that means and offer to set one first."""
        if self.workshop_id is None or self.participant_window is not None:
            return
        if self.workshop is not None and not self.workshop.has_pin:
            from jcs_desktop.ui.scoring.no_pin import NoPinQuestion

            question = NoPinQuestion(self.window())
            question.start.connect(self.start_participant_mode)
            question.set_pin.connect(self._set_pin_then_start)
            self.last_dialog = question
            question.open()
            return
        self.start_participant_mode()

    def _set_pin_then_start(self) -> None:
        from jcs_desktop.ui.dialogs.pin_dialog import PinDialog

        workshop_id = self.workshop_id
        if workshop_id is None:
            return

        def submit(pin: str) -> str | None:
            try:
                changes = self.ctx.services.workshops.set_pin(workshop_id, pin)
            except (ServiceError, StoreError) as exc:
                return str(exc)
            # A PIN is a lock, not workshop content: saved at once, not put on the undo stack.
            self.ctx.apply(changes)
            self.ctx.saved("Saved: participant-mode PIN set")
            return None

        dialog = PinDialog(self.window(), submit)
        dialog.accepted.connect(self.start_participant_mode)
        self.last_dialog = dialog
        dialog.open()

    def start_participant_mode(self, *, full_screen: bool = True) -> None:
        if self.workshop_id is None or self.participant_window is not None:
            return
        from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow

        self.show_grid(False)
        window = ParticipantModeWindow(self.ctx, self.workshop_id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.left.connect(self._participant_mode_left)
        self.participant_window = window
        self._update_buttons()
        self.ctx.status_message.emit("Participant mode started: leave it with the workshop PIN or Ctrl+Shift+F12")
        window.show_on(self._screen_index(), full_screen=full_screen)

    def _participant_mode_left(self) -> None:
        self.participant_window = None
        self._update_buttons()
        self.ctx.status_message.emit("Participant mode closed")
        self._take_keyboard_back()
        self.participant_button.setFocus()

    def _take_keyboard_back(self) -> None:
        # Not every window manager activates the facilitator's window when a full-screen one
        # closes; without this, Ctrl+G, F5 and the rest did nothing until a click.
        self.window().activateWindow()

    def show_grid(self, on: bool = True) -> None:
        self.stack.setCurrentWidget(self.grid_page if on else self.overview_page)
        # The shared-screen options mean nothing while keying in forms: their room goes to the grid.
        self._options.setVisible(not on)
        if self.grid_button.isChecked() != on:
            self.grid_button.setChecked(on)
        if on:
            self.grid.view.setFocus()

    def record_group_scores(self, *, full_screen: bool = True) -> None:
        if self.workshop_id is None:
            return
        if self.group_window is not None:
            self.group_window.activateWindow()
            return
        from jcs_desktop.ui.scoring.consensus import GroupScoresWindow

        window = GroupScoresWindow(self.ctx, self.workshop_id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(self._group_window_closed)
        self.group_window = window
        window.show_on(self._screen_index(), full_screen=full_screen)

    def _group_window_closed(self) -> None:
        self.group_window = None
        self._take_keyboard_back()

    # -- devices ---------------------------------------------------------------------------------

    def _hub(self):
        hub = self.ctx.devices
        return hub if hub is not None and hub.workshop_id in (None, self.workshop_id) else None

    def devices_running(self) -> bool:
        hub = self._hub()
        return hub is not None and hub.running

    def set_devices_on(self, on: bool) -> None:
        """The Devices button: down opens the Devices window (nothing listens until Start); up
        stops the server and closes the window."""
        if on:
            self.show_devices_window()
            return
        hub = self.ctx.devices
        if hub is not None and hub.running:
            hub.stop()
            self.ctx.status_message.emit("Devices off: nothing listens on the network")
        if self.devices_window is not None:
            self.devices_window.close()
        self._sync_devices()

    def show_devices_window(self) -> None:
        if self.workshop_id is None:
            self._sync_devices()
            return
        if self.devices_window is None:
            from jcs_desktop.ui.core.devices import hub_of
            from jcs_desktop.ui.scoring.devices_window import DevicesWindow

            hub = hub_of(self.ctx)
            if not self._hub_connected:
                hub.running_changed.connect(self._devices_running_changed)
                hub.ended.connect(self._sync_devices)
                self._hub_connected = True
            window = DevicesWindow(self.ctx, hub, self.workshop_id, self._room_screen, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.closed.connect(self._devices_window_closed)
            self.devices_window = window
        self.devices_window.show_and_raise()
        self._sync_devices()

    def _room_screen(self) -> tuple[int | None, str]:
        """Where the shared screen goes ("Show on:"), and its name for the Devices window."""
        index = self._screen_index()
        if index is None:
            return None, "this screen"
        return index, self.screen_combo.currentText()

    def _devices_window_closed(self) -> None:
        self.devices_window = None
        self._sync_devices()

    def _devices_running_changed(self, _running: bool) -> None:
        self._sync_devices()

    def _sync_devices(self) -> None:
        """The button is down while the Devices window is open or devices are on."""
        running = self.devices_running()
        on = running or self.devices_window is not None
        if self.devices_button.isChecked() != on:
            self.devices_button.blockSignals(True)
            self.devices_button.setChecked(on)
            self.devices_button.blockSignals(False)
        self.devices_show_button.setVisible(running and self.devices_window is None)
        self._update_buttons()
