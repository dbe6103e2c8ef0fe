"""What a score can be, apart from the rules over scores (``scoring``).

Its own module so that showing a score (the workshop list, labels) needs neither the
statistics nor the result classes: the main window imports this at start-up.
"""

from __future__ import annotations

NOT_SURE = "not-sure"
"""Stored and shown apart from unscored; never counted as a level."""

Score = int | str | None
"""A level 1..K, NOT_SURE, or None (not yet scored)."""
