"""The window frame: the main window, the workshop list, the open workshop's steps, help."""
