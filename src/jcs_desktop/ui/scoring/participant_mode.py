"""Participant mode: the shared screen on which each participant enters their own scores.

Name picker -> welcome -> one element card at a time -> summary of one's own scores
-> hand-over screen (everything of the last person is forgotten) -> name picker.

Privacy: the window never shows anyone's scores but the current participant's; the
picker shows names only, with a tick for whoever has answered every element.
Choosing a name that already has scores (started or finished) first asks for the
workshop PIN, so that only the facilitator can open those answers again and hand
the screen back to their owner; a wrong PIN goes back to the names with nothing of
that person shown. Without a PIN, a confirmation ("Only continue if you are ...")
whose default button is Cancel. A name with no scores yet goes straight in.

Leaving needs the facilitator: with a workshop PIN, the PIN (Ctrl+Shift+F12 or the
"Facilitator" button ask for it); without one, Ctrl+Shift+F12 leaves at once and the
"Facilitator" button asks for a confirmation. Escape and closing the window do not leave.
From the third wrong PIN in a row, PIN entry waits a little longer each time (``pin_throttle``).

Undo: Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) act only on the current participant's own
entries made since they picked their name. They live on an undo stack of that turn
alone, emptied at hand-over: nothing of a participant's answers reaches the
facilitator's Edit menu, so the facilitator's undo can never reach into them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from jcs_desktop.domain.scoring import Score
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.commands.scoring import note_command, score_command
from jcs_desktop.ui.core.context import PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.scoring.cards import BigButton, ElementCard
from jcs_desktop.ui.scoring.check_page import ExitPage, ReentryPage
from jcs_desktop.ui.scoring.pace import PaceTimer
from jcs_desktop.ui.scoring.picker_pages import HandoverPage, NamePicker, WelcomePage
from jcs_desktop.ui.scoring.pin_throttle import PinThrottle, wait_text
from jcs_desktop.ui.scoring.scheme import SETTING_NOTES, SETTING_TIMER, Scheme
from jcs_desktop.ui.scoring.screen import SharedScreenWindow, setting_bool
from jcs_desktop.ui.scoring.summary_pages import SummaryPage, UnansweredPage
from jcs_desktop.ui.widgets.fonts import at_points
from jcs_desktop.ui.widgets.labels import element_label

EXIT_SHORTCUT = "Ctrl+Shift+F12"


# --- the window ------------------------------------------------------------------------------


class ParticipantModeWindow(SharedScreenWindow):
    """The locked, full-screen shared screen for individual scoring."""

    left = Signal()
    """Emitted once the facilitator has left participant mode."""

    def __init__(self, ctx: AppContext, workshop_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Participant mode", parent)
        self.workshop_id = workshop_id
        fw = ctx.framework
        self.framework = fw
        self.order = fw.element_ids()
        self.participant_id: int | None = None
        self.participant_name = ""
        self.scores: dict[str, Score] = {}
        self.notes: dict[str, str] = {}
        self.session: object | None = None
        self._unlocked = False
        self._return_page: QWidget | None = None
        self._reentry_id: int | None = None  # who is waiting behind the PIN or confirmation
        self._last_participant_id: int | None = None  # the picker starts on the next person after them
        self._reviewing = False  # an element opened from "Your scores": answering it goes back there
        # The turn's own undo stack: the facilitator's stack (ctx.undo_stack) never sees these entries.
        self.turn_stack = QUndoStack(self)
        self.pin_throttle = PinThrottle(self)
        self.show_timer = setting_bool(ctx, SETTING_TIMER, False)
        self.show_notes = setting_bool(ctx, SETTING_NOTES, False)

        # Top bar: who is scoring, the optional timer, "My scores", and the facilitator's way out.
        self.name_label = QLabel()
        self.name_label.setAccessibleName("Scoring as")
        self.timer = PaceTimer(fw)
        self.timer.setVisible(False)
        self.my_scores_button = BigButton("My scores")
        self.my_scores_button.setToolTip("Look over your own scores, then hand over")
        self.my_scores_button.clicked.connect(self.show_summary)
        self.facilitator_button = BigButton("Facilitator")
        self.facilitator_button.setProperty("quiet", True)
        self.facilitator_button.setToolTip(f"For the facilitator: leave participant mode ({EXIT_SHORTCUT})")
        self.facilitator_button.setAccessibleName("Facilitator: leave participant mode")
        self.facilitator_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not in the participants' tab order
        self.facilitator_button.clicked.connect(self.request_exit)
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addSpacing(24)
        top.addWidget(self.timer, 4)  # most of the room between; its text shortens to fit
        top.addStretch(1)
        top.addWidget(self.my_scores_button)
        top.addWidget(self.facilitator_button)

        self.picker = NamePicker()
        self.picker.picked.connect(self.pick)
        self.reentry = ReentryPage()
        self.reentry.submit.connect(self.confirm_reentry)
        self.reentry.cancel.connect(self.show_picker)
        self.welcome = WelcomePage()
        self.welcome.start.connect(self.start)
        self.welcome.not_me.connect(self.show_picker)
        self.card = ElementCard(fw)
        self.card.chosen.connect(self.choose)
        self.card.back_requested.connect(self.go_back)
        self.card.next_requested.connect(self.go_next)
        self.card.text_committed.connect(self.commit_note)
        self.card.hint.connect(self.show_hint)
        self.card.set_text_visible(self.show_notes)
        self.summary = SummaryPage(fw)
        self.summary.revise.connect(self.revise)
        self.summary.back_to_scoring.connect(self.back_to_scoring)
        self.summary.finish.connect(self.finish)
        self.unanswered = UnansweredPage()
        self.unanswered.go_back.connect(self.show_summary)
        self.unanswered.finish_anyway.connect(self.hand_over)
        self.handover = HandoverPage()
        self.handover.next_person.connect(self.show_picker)
        self.exit_page = ExitPage()
        self.exit_page.leave.connect(self.try_leave)
        self.exit_page.cancel.connect(self.cancel_exit)
        self.pin_throttle.changed.connect(self.reentry.set_locked)
        self.pin_throttle.changed.connect(self.exit_page.set_locked)

        self.stack = QStackedWidget()
        pages = (
            self.picker,
            self.reentry,
            self.welcome,
            self.card,
            self.summary,
            self.unanswered,
            self.handover,
            self.exit_page,
        )
        for page in pages:
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)  # a full-screen window: no size hints
        layout.setContentsMargins(28, 12, 28, 8)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint_label)

        ctx.changed.connect(self._on_changed)
        self.resize(1366, 768)
        self.show_picker()

    # -- look -------------------------------------------------------------------------------

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.name_label.setFont(at_points(unit * 1.5, bold=True))
        self.timer.apply_style(theme, unit)
        self.picker.apply_style(theme, unit)
        self.reentry.apply_style(theme, unit)
        self.welcome.apply_style(theme, unit)
        self.card.apply_style(theme, unit)
        self.summary.apply_style(theme, unit)
        self.unanswered.apply_style(theme, unit)
        self.handover.apply_style(theme, unit)
        self.exit_page.apply_style(theme, unit)

    def set_show_timer(self, on: bool) -> None:
        self.show_timer = on
        self._update_top_bar()

    def set_show_notes(self, on: bool) -> None:
        self.show_notes = on
        self.card.set_text_visible(on)

    # -- pages --------------------------------------------------------------------------------

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def _set_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        self._update_top_bar()

    def _update_top_bar(self) -> None:
        page = self.stack.currentWidget()
        in_session = self.participant_id is not None and page in (self.card, self.summary)
        self.name_label.setText(self.participant_name if in_session else "Participant mode")
        self.my_scores_button.setVisible(page is self.card)
        on_card = page is self.card and self.show_timer
        self.timer.setVisible(on_card)
        if not on_card:
            self.timer.stop()

    def show_picker(self) -> None:
        self._forget_participant()
        try:
            people = self.ctx.services.participants.list(self.workshop_id)
            progress = self.ctx.services.scores.progress(self.workshop_id)
        except (ServiceError, StoreError) as exc:
            self.show_hint(str(exc))
            people, progress = [], {}
        total = len(self.order)
        self.picker.set_people([(p.id, p.display_name, progress.get(p.id, 0) >= total) for p in people])
        self.picker.apply_style(self.theme, self.unit)
        self._set_page(self.picker)
        self.picker.focus_next_after(self._last_participant_id)

    def pick(self, participant_id: int) -> None:
        """A name was chosen: straight in if they have no scores yet, else the PIN or a confirmation first."""
        try:
            person = self.ctx.services.participants.get(participant_id)
            earlier = self.ctx.services.scores.scores_for_participant(participant_id)  # counted, never kept
            has_notes = bool(self.ctx.services.scores.notes_for_participant(participant_id))
        except (ServiceError, StoreError) as exc:
            self.show_hint(str(exc))
            return
        answered = sum(1 for e in self.order if earlier.get(e) is not None)
        if answered == 0 and not has_notes:
            self.enter(participant_id)
            return
        self._forget_participant()
        self._reentry_id = participant_id
        self.reentry.prepare(person.display_name, answered >= len(self.order), self.has_pin())
        self.reentry.apply_style(self.theme, self.unit)
        self._set_page(self.reentry)
        self.reentry.focus_default()

    def confirm_reentry(self, pin: str) -> None:
        """The PIN (or the confirmation) for someone who has scored before: right, in; wrong, back to the names."""
        participant_id = self._reentry_id
        if participant_id is None or self.current_page() is not self.reentry:
            self.show_picker()
            return
        has_pin = self.has_pin()
        if has_pin and not self.reentry.has_pin:  # a PIN was set meanwhile: ask for it
            self.pick(participant_id)
            return
        if self.reentry.has_pin:
            if self.pin_throttle.locked:
                return  # the page shows the wait; nothing is checked meanwhile
            if not pin:
                self.reentry.ask_for_pin()
                return
            try:
                right = self.ctx.services.workshops.check_pin(self.workshop_id, pin)
            except (ServiceError, StoreError) as exc:
                self.show_picker()
                self.show_hint(str(exc))
                return
            if not right:
                wait = self.pin_throttle.failed()
                self.show_picker()
                self.show_hint("That PIN is not right." + (f" {wait_text(wait)}" if wait else ""))
                return
            self.pin_throttle.succeeded()
        self.enter(participant_id)

    def enter(self, participant_id: int) -> None:
        """Open this participant's own answers and greet them; Start resumes at their first open element."""
        self._reentry_id = None
        self.reentry.clear()
        try:
            person = self.ctx.services.participants.get(participant_id)
            scores = self.ctx.services.scores.scores_for_participant(participant_id)
            notes = self.ctx.services.scores.notes_for_participant(participant_id)
        except (ServiceError, StoreError) as exc:
            if self.current_page() is not self.picker:
                self.show_picker()
            self.show_hint(str(exc))
            return
        self.scores, self.notes = scores, notes
        self.participant_id = participant_id
        self.participant_name = person.display_name
        self.session = object()  # marks this sitting's commands, so undo stays within them
        self._last_participant_id = participant_id
        self.turn_stack.clear()
        self.timer.reset()
        resume = self.first_unanswered()
        resume_no = None if resume is None else self.order.index(resume) + 1
        self.welcome.set_person(person.display_name, self.answered_count(), len(self.order), resume_no)
        self._set_page(self.welcome)
        self.welcome.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def answered_count(self) -> int:
        return sum(1 for e in self.order if self.scores.get(e) is not None)

    def first_unanswered(self) -> str | None:
        return next((e for e in self.order if self.scores.get(e) is None), None)

    def start(self) -> None:
        resume = self.first_unanswered()
        if resume is None:
            self.show_summary()
        else:
            self.show_element(resume)

    def revise(self, element_id: str) -> None:
        """An element chosen on "Your scores": once answered, back to the scores, not on to the next."""
        self.show_element(element_id)
        self._reviewing = self.current_page() is self.card

    def show_element(self, element_id: str) -> None:
        if self.participant_id is None:
            return
        self._reviewing = False
        self.card.show_element(
            element_id,
            self.scores.get(element_id),
            self.notes.get(element_id, ""),
            answered={e for e, v in self.scores.items() if v is not None},
        )
        self._set_page(self.card)
        if self.show_timer:
            self.timer.start_element(element_id)
        self.card.focus_choice()

    def show_summary(self) -> None:
        if self.participant_id is None:
            return
        self._commit_pending_note()
        self.summary.set_scores(self.scores)
        self.summary.apply_style(self.theme, self.unit)
        self._set_page(self.summary)
        self.summary.focus_first_open()

    def back_to_scoring(self) -> None:
        self.show_element(self.first_unanswered() or self.card.element_id or self.order[0])

    def finish(self) -> None:
        """ "I have finished": with elements still open, say how many and offer to go back first."""
        if self.participant_id is None:
            return
        self._commit_pending_note()
        open_count = len(self.order) - self.answered_count()
        if open_count <= 0:
            self.hand_over()
            return
        self.unanswered.prepare(open_count, len(self.order))
        self.unanswered.apply_style(self.theme, self.unit)
        self._set_page(self.unanswered)
        self.unanswered.focus_default()

    def hand_over(self) -> None:
        """Forget everything of this participant and show the hand-over screen."""
        self._commit_pending_note()
        self._forget_participant()
        self._set_page(self.handover)
        self.handover.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forget_participant(self) -> None:
        self.participant_id = None
        self.participant_name = ""
        self.scores = {}
        self.notes = {}
        self.session = None
        self._reviewing = False
        self.turn_stack.clear()  # the turn is over: nothing of it can be undone by anyone
        self.card.blank()
        self.summary.clear()
        self.unanswered.clear()
        self.welcome.clear()
        self._reentry_id = None
        self.reentry.clear()
        self.timer.reset()
        self.name_label.clear()
        self.clear_hint()

    # -- scoring ------------------------------------------------------------------------------

    def choose(self, value: Score) -> None:
        element_id = self.card.element_id
        if self.participant_id is None or element_id is None:
            return
        note = self.card.pending_text() if self.show_notes and self.card.text_changed() else None
        if note is None and self.scores.get(element_id) == value:
            self._after_answer()  # confirming the answer already given: nothing new to store
            return
        command = score_command(
            self.ctx,
            self.workshop_id,
            self.participant_id,
            element_id,
            value,
            note=note,
            text=f"Participant score for {self._short(element_id)}",  # no value or name: the status bar is public
            session=self.session,
        )
        if not self._push(command):
            self.show_hint("That answer could not be saved. Please tell the facilitator.")
            return
        self.scores[element_id] = value
        if note is not None:
            self.notes[element_id] = note
            self.card.mark_text_stored()
        self.card.set_value(value)
        self._after_answer()

    def _after_answer(self) -> None:
        if self._reviewing:
            self.show_summary()
        else:
            self.go_next()

    def _push(self, command: QUndoCommand) -> bool:
        """Run ``command`` on this turn's own undo stack; False (nothing kept) if it was refused."""
        try:
            self.turn_stack.push(command)
        except (ServiceError, StoreError) as exc:
            self.show_hint(str(exc))
            return False
        return getattr(command, "failed", None) is None

    def commit_note(self, text: str) -> None:
        element_id = self.card.element_id
        if self.participant_id is None or element_id is None or not self.show_notes:
            return
        if text == self.notes.get(element_id, ""):
            self.card.mark_text_stored()
            return
        if self.scores.get(element_id) is None:
            self.show_hint("Your note is kept with the level you choose.")
            return
        command = note_command(self.ctx, self.workshop_id, self.participant_id, element_id, text, session=self.session)
        if self._push(command):
            self.notes[element_id] = text
            self.card.mark_text_stored()

    def _commit_pending_note(self) -> None:
        if self.show_notes and self.card.element_id is not None and self.card.text_changed():
            self.commit_note(self.card.pending_text())

    def go_next(self) -> None:
        current = self.card.element_id
        if current is None:
            return
        self._commit_pending_note()
        index = self.order.index(current)
        if index + 1 >= len(self.order):
            self.show_summary()
        else:
            self.show_element(self.order[index + 1])

    def go_back(self) -> None:
        current = self.card.element_id
        if current is None:
            return
        self._commit_pending_note()
        index = self.order.index(current)
        if index > 0:
            self.show_element(self.order[index - 1])

    def _short(self, element_id: str) -> str:
        return element_label(self.ctx, element_id)

    # -- undo within the participant's own entries ----------------------------------------------

    def _own(self, command: object) -> bool:
        return (
            command is not None
            and self.session is not None
            and getattr(command, "session", None) is self.session
            and getattr(command, "participant_id", None) == self.participant_id
        )

    def undo_own(self) -> bool:
        stack = self.turn_stack
        index = stack.index()
        command = stack.command(index - 1) if index > 0 else None
        if not self._own(command):
            self.show_hint("Nothing of yours to undo.")
            return False
        element_id = command.element_id  # type: ignore[union-attr]
        stack.undo()
        self._after_own_undo(element_id)
        return True

    def redo_own(self) -> bool:
        stack = self.turn_stack
        index = stack.index()
        command = stack.command(index) if index < stack.count() else None
        if not self._own(command):
            self.show_hint("Nothing of yours to redo.")
            return False
        element_id = command.element_id  # type: ignore[union-attr]
        stack.redo()
        self._after_own_undo(element_id)
        return True

    def _after_own_undo(self, element_id: str) -> None:
        self._reload_own()
        self.show_element(element_id)

    def _reload_own(self) -> None:
        if self.participant_id is None:
            return
        try:
            self.scores = self.ctx.services.scores.scores_for_participant(self.participant_id)
            self.notes = self.ctx.services.scores.notes_for_participant(self.participant_id)
        except (ServiceError, StoreError) as exc:
            self.show_hint(str(exc))

    def _on_changed(self, change: Change) -> None:
        if change.workshop_id not in (None, self.workshop_id):
            return
        if change.touches(PARTICIPANTS, WORKSHOPS) and self.current_page() is self.picker:
            self.show_picker()
            return
        if not change.touches(SCORES) or self.participant_id is None:
            return
        if change.ids and change.ids[0] != self.participant_id:
            return
        self._reload_own()
        if self.current_page() is self.card and self.card.element_id is not None:
            self.card.set_value(self.scores.get(self.card.element_id))
            self.card.set_answered({e for e, v in self.scores.items() if v is not None})

    # -- leaving ------------------------------------------------------------------------------

    def has_pin(self) -> bool:
        try:
            return self.ctx.services.workshops.get(self.workshop_id).has_pin
        except (ServiceError, StoreError):
            return False

    def request_exit(self) -> None:
        if self.current_page() is not self.exit_page:
            self._return_page = self.current_page()
        self.exit_page.prepare(self.has_pin())
        self.exit_page.apply_style(self.theme, self.unit)
        self._set_page(self.exit_page)
        self.exit_page.focus_default()

    def cancel_exit(self) -> None:
        page = self._return_page or self.picker
        self._return_page = None
        if page is self.card and self.card.element_id is not None:
            self._set_page(self.card)
            self.card.focus_choice()
        elif page in (self.summary, self.unanswered) and self.participant_id is not None:
            self.show_summary()
        elif page in (self.welcome, self.handover):
            self._set_page(page)
        else:
            self.show_picker()

    def try_leave(self, pin: str) -> bool:
        if self.exit_page.has_pin:
            if self.pin_throttle.locked:
                return False  # the page shows the wait; nothing is checked meanwhile
            try:
                right = self.ctx.services.workshops.check_pin(self.workshop_id, pin)
            except (ServiceError, StoreError) as exc:
                self.show_hint(str(exc))
                return False
            if not right:
                self.pin_throttle.failed()
                self.exit_page.wrong_pin()
                return False
            self.pin_throttle.succeeded()
        self.leave()
        return True

    def shortcut_exit(self) -> None:
        """Ctrl+Shift+F12: leave at once when no PIN is set; otherwise ask for the PIN."""
        if self.has_pin():
            self.request_exit()
        else:
            self.leave()

    def leave(self) -> None:
        self._commit_pending_note()
        self._forget_participant()
        self._unlocked = True
        self.close()
        self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            self.ctx.changed.disconnect(self._on_changed)
            event.accept()
            return
        event.ignore()
        self.show_hint("Participant mode stays open until the facilitator leaves it.")

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_F12 and mods == ctrl | shift:
            self.shortcut_exit()
        elif key == Qt.Key.Key_Z and mods == ctrl:
            self.undo_own()
        elif (key == Qt.Key.Key_Z and mods == ctrl | shift) or (key == Qt.Key.Key_Y and mods == ctrl):
            self.redo_own()
        elif key == Qt.Key.Key_Escape:
            if self.current_page() is self.exit_page:
                self.cancel_exit()
            elif self.current_page() is self.reentry:
                self.show_picker()
            elif self.current_page() is self.unanswered:
                self.show_summary()
            else:
                self.show_hint("Participant mode stays open until the facilitator leaves it.")
        elif self.current_page() is self.card and self.card.handle_key(event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()
