"""Participant mode's two locks: reopening answers someone has already given, and leaving.

Both ask for the workshop PIN when it has one (without: a confirmation, or for leaving by
the key combination, nothing), and both go through the same growing wait after wrong PINs
(``pin_throttle``). Whether the workshop has a PIN comes from the live state; only the PIN
typed is checked against what is stored.

``PinLocks`` is a part of ``participant_mode.ParticipantModeWindow`` (a mixin of it), kept
apart so that the window's navigation and the locks each read on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.scoring.pin_throttle import wait_text

if TYPE_CHECKING:
    from jcs_desktop.services.live import LiveWorkshop
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.scoring.cards import ElementCard
    from jcs_desktop.ui.scoring.check_page import ExitPage, ReentryPage
    from jcs_desktop.ui.scoring.pin_throttle import PinThrottle
    from jcs_desktop.ui.scoring.scheme import Scheme
    from jcs_desktop.ui.scoring.summary_pages import SummaryPage, UnansweredPage


class PinLocks:
    """The PIN checks of participant mode: before someone's answers are shown again, and to leave."""

    # What the window provides.
    ctx: AppContext
    workshop_id: int
    left: Signal
    pin_throttle: PinThrottle
    reentry: ReentryPage
    exit_page: ExitPage
    picker: QWidget
    welcome: QWidget
    handover: QWidget
    card: ElementCard
    summary: SummaryPage
    unanswered: UnansweredPage
    theme: Scheme
    unit: float
    participant_id: int | None
    _reentry_id: int | None
    _return_page: QWidget | None
    _unlocked: bool

    if TYPE_CHECKING:  # the window's own methods, declared for readers and type checkers only

        def _live(self) -> LiveWorkshop | None: ...
        def current_page(self) -> QWidget: ...
        def _set_page(self, page: QWidget) -> None: ...
        def show_hint(self, text: str) -> None: ...
        def show_picker(self) -> None: ...
        def show_summary(self) -> None: ...
        def pick(self, participant_id: int) -> None: ...
        def enter(self, participant_id: int) -> None: ...
        def close(self) -> bool: ...
        def _commit_pending_note(self) -> None: ...
        def _forget_participant(self) -> None: ...
        def _on_changed(self, change: object) -> None: ...

    def has_pin(self) -> bool:
        live = self._live()
        return live is not None and live.workshop.has_pin

    # -- someone who has scored before -------------------------------------------------------

    def confirm_reentry(self, pin: str) -> None:
        """The PIN (or the confirmation) for someone who has scored before: right, in; wrong, back to the names."""
        participant_id = self._reentry_id
        if participant_id is None or self.current_page() is not self.reentry:
            self.show_picker()
            return
        if self.has_pin() and not self.reentry.has_pin:  # a PIN was set meanwhile: ask for it
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

    # -- leaving --------------------------------------------------------------------------------

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
