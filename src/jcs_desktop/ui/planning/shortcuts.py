"""The Detailed assessment, Action plan and Delivery sheets steps' keys, for the Help window."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Detailed assessment", "Space", "On a driver: take it into (or out of) the detailed assessment"),
    ("Detailed assessment", "Ctrl+Shift+A", "Create actions from the ticked approaches to change"),
    ("Action plan", "Ctrl+Shift+N", "Add an action"),
    ("Action plan", "Tab / Shift+Tab", "Next / previous cell (Ctrl+Tab leaves the table)"),
    ("Action plan", "Delete", "Clear the current cell (Ctrl+Z brings it back)"),
    ("Action plan", "Ctrl+Delete", "Delete the selected action (Ctrl+Z brings it back)"),
    ("Action plan", "Ctrl+Up / Ctrl+Down", "Move the selected action up or down"),
    ("Action plan", "Enter", "Open the action's detailed action-planning sheet"),
    ("Action plan", "F2, typing or double-click", "Edit a cell"),
    ("Action plan", "Enter / Shift+Enter", "While editing a cell: save / new line (the next step in the steps cell)"),
    ("Action plan", "Alt+Down or F4", "In a date cell: open the calendar; or type e.g. 15/03/2027 or 15 Mar 2027"),
    ("Delivery sheets", "Ctrl+Shift+R", "Add a review point"),
    ("Delivery sheets", "Delete", "Clear the current cell of the delivery plan"),
    ("Delivery sheets", "Ctrl+Delete", "Remove the selected review point"),
)
