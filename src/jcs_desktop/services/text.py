"""Every text the services store passes through here: invisible control characters out, lengths bounded.

Control characters (NUL and the other C0 and C1 controls, except tab and newline) arrive
with pasted text and are invisible on screen; PostgreSQL refuses NUL outright, and a lone
surrogate cannot be stored by any database. They are removed, not refused: nobody typed them
on purpose. Windows line ends become plain newlines.

Length limits keep every screen and every export page bounded (the PDF lays out each
field's text; 20,000 characters is about eight A4 pages). Text over its limit is refused
with a message saying how long it is and what the limit is, and nothing is stored.

=============  =======  ===================================================================
limit          chars    fields
=============  =======  ===================================================================
``NAME``       200      workshop title, partnership, locality, venue, facilitator;
                        participant name, organisation, role (the database columns' size)
``SECTOR``     100      a sector's name
``SHORT``      2,000    action-plan fields and each "By doing…" step, review points,
                        improvement targets, the group's own approaches, participants' notes
``LONG``       20,000   workshop notes, rationales, reservations, detailed-assessment notes
``MAX_STEPS``  50       "By doing…" steps of one action
=============  =======  ===================================================================
"""

from __future__ import annotations

import re

from jcs_desktop.services.errors import ServiceError, too_long

NAME = 200
SECTOR = 100
SHORT = 2_000
LONG = 20_000
MAX_STEPS = 50

# C0 controls but tab (\x09) and newline (\x0a), DEL, C1 controls, and lone surrogates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def strip_controls(value: object) -> object:
    """``value`` without control characters if it is a string (anything else is left to the caller)."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def clean_text(value: str, label: str, limit: int) -> str:
    """``value`` as stored: control characters removed, surrounding space stripped, at most ``limit`` long.

    ``label`` names the field in the message ("rationale", "step 3").
    """
    if not isinstance(value, str):
        raise ServiceError(f"the {label} must be text, not {type(value).__name__}")
    text = str(strip_controls(value)).strip()
    if len(text) > limit:
        raise ServiceError(too_long(label, len(text), limit))
    return text


def clean_steps(steps: list[str]) -> list[str]:
    """Numbered steps as stored: each cleaned, empty ones dropped, at most ``MAX_STEPS``."""
    cleaned = [clean_text(s, f"step {i}", SHORT) for i, s in enumerate(steps, start=1)]
    cleaned = [s for s in cleaned if s]
    if len(cleaned) > MAX_STEPS:
        raise ServiceError(f"an action can have at most {MAX_STEPS} steps, not {len(cleaned)}")
    return cleaned
