"""The Detailed assessment, Action plan and Delivery sheets steps' keys, for the Help window."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Detailed assessment", "Space", "On a driver: take it into (or out of) the detailed assessment"),
    ("Detailed assessment", "Ctrl+Shift+A", "Create actions from the ticked approaches to change"),
    ("Action plan", "Ctrl+Shift+N", "Add an action"),
    ("Action plan", "Delete", "Delete the selected action (Ctrl+Z brings it back)"),
    ("Action plan", "Ctrl+Up / Ctrl+Down", "Move the selected action up or down"),
    ("Action plan", "Enter", "Open the action's detailed action-planning sheet"),
    ("Action plan", "F2, typing or double-click", "Edit a cell"),
    ("Action plan", "Enter / Shift+Enter", "In a text cell: save / new line"),
    ("Action plan", "Enter / Ctrl+Enter", "In the steps cell: new step / save"),
    ("Delivery sheets", "Ctrl+Shift+R", "Add a review point"),
    ("Delivery sheets", "Delete", "Remove the selected review point"),
)
