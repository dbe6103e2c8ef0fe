"""The screens of participant mode other than the element card, gathered in one place.

They live in their own modules: ``picker_pages`` (name picker, welcome, hand-over),
``check_page`` (the PIN check before someone who has already scored is shown again,
and the facilitator's way out), ``summary_pages`` (one's own scores) and ``pace``
(the gentle pace timer). Each only shows and asks; the window
(``participant_mode.ParticipantModeWindow``) decides what to store and where to go.
"""

from __future__ import annotations

from jcs_desktop.ui.scoring.check_page import DIGIT_KEYS, PIN_MAX_LENGTH, ExitPage, PinPad, ReentryPage
from jcs_desktop.ui.scoring.pace import ELEMENT_PACE_SECONDS, PaceTimer, pace_guidance
from jcs_desktop.ui.scoring.picker_pages import HandoverPage, NamePicker, WelcomePage
from jcs_desktop.ui.scoring.summary_pages import SummaryPage, SummaryRow

__all__ = [
    "DIGIT_KEYS",
    "ELEMENT_PACE_SECONDS",
    "PIN_MAX_LENGTH",
    "ExitPage",
    "HandoverPage",
    "NamePicker",
    "PaceTimer",
    "PinPad",
    "ReentryPage",
    "SummaryPage",
    "SummaryRow",
    "WelcomePage",
    "pace_guidance",
]
