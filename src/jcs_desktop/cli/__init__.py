"""Command-line interface: the GUI launcher and scriptable sub-commands."""
