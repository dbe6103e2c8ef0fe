"""Widgets, delegates, layouts, charts, colours and the theme that more than one step uses."""
