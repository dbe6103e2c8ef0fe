"""The Score step's keys, for the Help window to list (plain data: no Qt needed to read it)."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    # (where, keys, what they do)
    ("Score step", "F5", "Start participant mode (full screen)"),
    ("Score step", "Ctrl+G", "Show or hide the facilitator grid"),
    ("Score step", "Shift+F5", "Record group scores (group-consensus route)"),
    ("Score step", "Ctrl+Shift+D", "Devices on or off: participants score from their own phones"),
    ("Devices window", "Enter or double-click", "Approve the chosen device"),
    ("Participant mode", "Arrows, Enter", "On the names: move between them, pick the one with the focus"),
    ("Participant mode", "1 – 4", "Choose that level and go on (from “Your scores”: back to them)"),
    ("Participant mode", "0 or S", "Not sure, and go on"),
    ("Participant mode", "← / →", "Previous / next element"),
    ("Participant mode", "↑ / ↓, Tab", "Move between the level cards"),
    ("Participant mode", "Enter or Space", "Choose the card with the focus; elsewhere, go on"),
    ("Participant mode", "Ctrl+Z / Ctrl+Shift+Z", "Undo / redo this participant's own entries, during their turn only"),
    ("Participant mode", "Ctrl+Shift+F12", "Facilitator: leave (asks for the PIN when the workshop has one)"),
    ("Participant mode", "Digits, Enter", "Returning participant: the facilitator types the workshop PIN and goes on"),
    ("Participant mode", "Esc", "Does not leave participant mode; on a PIN or confirmation screen, back to the names"),
    ("Facilitator grid", "1 – 4", "Store that level and move to the next cell"),
    ("Facilitator grid", "0 or S", "Store 'not sure' (shown as ?) and move on"),
    ("Facilitator grid", "Delete or Backspace", "Clear the cell"),
    ("Facilitator grid", "Arrows, Tab, Home, End", "Move"),
    ("Facilitator grid", "Ctrl+Tab / Ctrl+Shift+Tab", "Leave the grid for the next / previous control"),
    ("Group scores", "1 – 4", "Record the agreed level"),
    ("Group scores", "Delete", "Remove the agreed level"),
    ("Group scores", "Ctrl+Enter", "Keep the rationale and go on"),
    ("Group scores", "F11 / Esc", "Full screen on or off / leave full screen, then close"),
)
