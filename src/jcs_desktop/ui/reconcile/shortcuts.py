"""The Reconcile and Final scores steps' keys, for the Help window (plain data)."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Reconcile", "Ctrl+R", "Reveal or hide the individual scores of this element"),
    ("Reconcile", "Ctrl+Shift+R", "Reveal every element's scores at once (asks first)"),
    ("Reconcile", "1 … 4 (or Ctrl+1 … Ctrl+4)", "Agree that level"),
    ("Reconcile", "0 or Delete", "Clear the agreed level"),
    ("Reconcile", "Ctrl+M", "Agree the suggested level (the median)"),
    ("Reconcile", "Alt+Right / Alt+Left", "Next / previous element"),
    ("Reconcile", "Ctrl+T", "Start or pause the discussion timer"),
    ("Reconcile", "F5", "Open or close the room display (second screen or projector)"),
    ("Room display", "Esc or F5", "Close the room display"),
)
