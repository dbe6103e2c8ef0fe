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
alone (``turn.Turn``), emptied at hand-over: nothing of a participant's answers reaches
the facilitator's Edit menu, so the facilitator's undo can never reach into them.

Everything shown comes from the live workshop state (``ctx.live``) and the change records:
a score key press is one write and no read. The chosen card is painted chosen at once,
before the answer is saved and the next element shown, so the press is seen to be taken.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from jcs_desktop.domain.scoring import Score
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ParticipantRecord
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.commands.scores import SetNote, SetScore
from jcs_desktop.ui.core.context import PARTICIPANTS, SCORES, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.scoring.cards import BigButton, ElementCard
from jcs_desktop.ui.scoring.check_page import ExitPage, ReentryPage
from jcs_desktop.ui.scoring.pace import PaceTimer
from jcs_desktop.ui.scoring.participant_locks import PinLocks
from jcs_desktop.ui.scoring.picker_pages import HandoverPage, NamePicker, WelcomePage
from jcs_desktop.ui.scoring.pin_throttle import PinThrottle
from jcs_desktop.ui.scoring.scheme import SETTING_NOTES, SETTING_TIMER, Scheme
from jcs_desktop.ui.scoring.screen import SharedScreenWindow, setting_bool
from jcs_desktop.ui.scoring.summary_pages import SummaryPage, UnansweredPage
from jcs_desktop.ui.scoring.turn import Turn
from jcs_desktop.ui.widgets.fonts import at_points
from jcs_desktop.ui.widgets.labels import element_label

EXIT_SHORTCUT = "Ctrl+Shift+F12"


# --- the window ------------------------------------------------------------------------------


class ParticipantModeWindow(PinLocks, SharedScreenWindow):
    """The locked, full-screen shared screen for individual scoring (its PIN checks: ``PinLocks``)."""

    left = Signal()
    """Emitted once the facilitator has left participant mode."""

    def __init__(self, ctx: AppContext, workshop_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Participant mode", parent)
        self.workshop_id = workshop_id
        fw = ctx.framework
        self.framework = fw
        self.order = fw.element_ids()
        self.turn = Turn(self)
        """Who is scoring now, their own answers and their own undo (the facilitator's stack never sees them)."""
        self._unlocked = False
        self._return_page: QWidget | None = None
        self._reentry_id: int | None = None  # who is waiting behind the PIN or confirmation
        self._last_participant_id: int | None = None  # the picker starts on the next person after them
        self._reviewing = False  # an element opened from "Your scores": answering it goes back there
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

    # -- the turn, as tests and the pages see it ------------------------------------------------

    @property
    def participant_id(self) -> int | None:
        return self.turn.participant_id

    @property
    def scores(self) -> dict[str, Score]:
        return self.turn.scores

    @property
    def notes(self) -> dict[str, str]:
        return self.turn.notes

    @property
    def turn_stack(self) -> QUndoStack:
        return self.turn.stack

    def _live(self) -> LiveWorkshop | None:
        return self.ctx.live_for(self.workshop_id)

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
        self.name_label.setText(self.turn.name if in_session else "Participant mode")
        self.my_scores_button.setVisible(page is self.card)
        on_card = page is self.card and self.show_timer
        self.timer.setVisible(on_card)
        if not on_card:
            self.timer.stop()

    def show_picker(self) -> None:
        self._forget_participant()
        live = self._live()
        people, progress = (live.participants, live.progress) if live is not None else ([], {})
        total = len(self.order)
        self.picker.set_people([(p.id, p.display_name, progress.get(p.id, 0) >= total) for p in people])
        self.picker.apply_style(self.theme, self.unit)
        self._set_page(self.picker)
        self.picker.focus_next_after(self._last_participant_id)

    def pick(self, participant_id: int) -> None:
        """A name was chosen: straight in if they have no scores yet, else the PIN or a confirmation first."""
        live = self._live()
        person = self._person(live, participant_id)
        if live is None or person is None:
            self.show_picker()
            self.show_hint("That name is no longer in this workshop.")
            return
        earlier = live.scores.get(participant_id, {})  # counted, never kept
        has_notes = bool(live.notes.get(participant_id))
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

    def enter(self, participant_id: int) -> None:
        """Open this participant's own answers and greet them; Start resumes at their first open element."""
        self._reentry_id = None
        self.reentry.clear()
        live = self._live()
        person = self._person(live, participant_id)
        if live is None or person is None:
            if self.current_page() is not self.picker:
                self.show_picker()
            self.show_hint("That name is no longer in this workshop.")
            return
        self.turn.begin(
            participant_id, person.display_name, live.scores.get(participant_id, {}), live.notes.get(participant_id, {})
        )
        self._last_participant_id = participant_id
        self.timer.reset()
        resume = self.first_unanswered()
        resume_no = None if resume is None else self.order.index(resume) + 1
        self.welcome.set_person(person.display_name, self.answered_count(), len(self.order), resume_no)
        self._set_page(self.welcome)
        self.welcome.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _person(live: LiveWorkshop | None, participant_id: int) -> ParticipantRecord | None:
        if live is None:
            return None
        return next((p for p in live.participants if p.id == participant_id), None)

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
            answered=self.turn.answered(),
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
        self.turn.end()  # the turn is over: nothing of it can be undone by anyone
        self._reviewing = False
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
        # Painted chosen now, in the frame of the key press, before the save and the move on:
        # the participant sees the press taken and does not press again.
        self.card.show_chosen_now(value)
        command = SetScore(
            self.ctx,
            self.participant_id,
            element_id,
            value,
            note=note,
            text=f"Participant score for {self._short(element_id)}",  # no value or name: the status bar is public
            session=self.turn.session,
        )
        refused = self.turn.push(command)
        if refused is not None:
            self.card.set_value(self.scores.get(element_id))
            self.show_hint("That answer could not be saved. Please tell the facilitator.")
            return
        self.turn.record(element_id, value, note)
        if note is not None:
            self.card.mark_text_stored()
        self._after_answer()

    def _after_answer(self) -> None:
        if self._reviewing:
            self.show_summary()
        else:
            self.go_next()

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
        command = SetNote(self.ctx, self.participant_id, element_id, text, session=self.turn.session)
        refused = self.turn.push(command)
        if refused is not None:
            self.show_hint(refused)
            return
        self.turn.record(element_id, self.scores[element_id], text)
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

    def undo_own(self) -> bool:
        element_id = self.turn.undo()
        if element_id is None:
            self.show_hint("Nothing of yours to undo.")
            return False
        self.show_element(element_id)  # the change record has already put the turn's answers right
        return True

    def redo_own(self) -> bool:
        element_id = self.turn.redo()
        if element_id is None:
            self.show_hint("Nothing of yours to redo.")
            return False
        self.show_element(element_id)
        return True

    def _on_changed(self, change: Changes | Change) -> None:
        if change.workshop_id not in (None, self.workshop_id):
            return
        if change.touches(PARTICIPANTS, WORKSHOPS) and self.current_page() is self.picker:
            self.show_picker()
            return
        if not change.touches(SCORES) or self.participant_id is None:
            return
        changed = self.turn.take(change, self._live())
        element_id = self.card.element_id
        if self.current_page() is not self.card or element_id is None or changed == set():
            return
        self.card.set_value(self.scores.get(element_id))
        self.card.set_answered(self.turn.answered())

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
