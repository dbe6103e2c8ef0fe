"""Every undoable user action, one style: a command calls one use case to do and one to undo."""
