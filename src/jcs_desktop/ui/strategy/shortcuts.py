"""The Strategy step's keys, for the Help window."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Strategy", "F2, typing or double-click", "Edit a cell of the Commissioning Map"),
    ("Strategy", "N / I / D", "In a Status cell: not started, in progress or done (Enter saves)"),
    ("Strategy", "Alt+Down or F4", "In a date cell: open the calendar; or type e.g. 15/03/2027 or 15 Mar 2027"),
    ("Strategy", "Enter / Shift+Enter", "While editing a note: save / new line"),
    ("Strategy", "Delete", "Clear the current cell (Ctrl+Z brings it back)"),
    ("Strategy", "Tab", "Leave the table for the next control"),
)
