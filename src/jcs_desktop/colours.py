"""The level colours, as plain hex strings: one scheme for the screens, the PDF and the workbook.

An ordinal, colour-blind-safe ramp (ColorBrewer YlGnBu, light to dark) that stays distinct
on a washed-out projector and in greyscale print: the lowest level is the lightest, the
highest the darkest. Text on a level colour uses ``LEVEL_TEXT_COLOURS``; table cells behind
ordinary dark text use the lighter ``LEVEL_TINTS``.
"""

from __future__ import annotations

LEVEL_COLOURS: tuple[str, ...] = ("#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""Level 1..4, lowest to highest."""

LEVEL_TEXT_COLOURS: tuple[str, ...] = ("#10231a", "#0b2227", "#ffffff", "#ffffff")
"""Readable text on each level colour."""

LEVEL_TINTS: tuple[str, ...] = ("#e3f4e8", "#d3eff2", "#d3e4f2", "#d6daf0")
"""Light tints of the level colours, for cells behind dark text."""
