"""One colour scheme for the levels, the bands and chart series, shared by every view.

The four level colours are an ordinal, colour-blind-safe ramp (ColorBrewer YlGnBu,
light to dark) that stays distinct on a washed-out projector: the lowest level is the
lightest, the highest the darkest, so the order reads even in grey. Text drawn on a
level colour uses ``text_on_level`` for contrast. Series colours (agreed line, mean
line, sectors) come from the Okabe–Ito palette, chosen to stand out against the ramp.

Frameworks with a different number of levels get an interpolated ramp of the same hues.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from jcs_desktop.colours import LEVEL_COLOURS, LEVEL_TEXT_COLOURS

__all__ = ["LEVEL_COLOURS", "LEVEL_TEXT_COLOURS"]

AGREED_COLOUR = "#d55e00"
"""The agreed score (vermillion): the line or bar the room should look at first."""

MEAN_COLOUR = "#1a1a1a"
"""The mean of individual scores or totals (near black, drawn dashed)."""

DIVERGENT_COLOUR = "#d55e00"
"""The divergence flag."""

HIDDEN_COLOUR = "#6b6b6b"
"""Placeholders for hidden individual scores."""

SERIES_COLOURS: tuple[str, ...] = ("#e69f00", "#cc79a7", "#009e73", "#56b4e9", "#0072b2", "#f0e442", "#999999")
"""Further series, e.g. one per sector (Okabe–Ito, vermillion and black left out)."""


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def level_colour(level: int, level_count: int = 4) -> QColor:
    """The colour of ``level`` (1-based) in a framework of ``level_count`` levels."""
    if level_count == len(LEVEL_COLOURS):
        return QColor(LEVEL_COLOURS[max(1, min(level, level_count)) - 1])
    return value_colour(float(level), level_count)


def level_colours(level_count: int = 4) -> list[QColor]:
    return [level_colour(i, level_count) for i in range(1, level_count + 1)]


def value_colour(value: float, level_count: int = 4) -> QColor:
    """A colour on the level ramp for a non-integer value 1..K (e.g. a mean score)."""
    if level_count <= 1:
        return QColor(LEVEL_COLOURS[0])
    stops = [QColor(c) for c in LEVEL_COLOURS]
    position = (min(max(value, 1.0), float(level_count)) - 1) / (level_count - 1) * (len(stops) - 1)
    i = min(int(position), len(stops) - 2)
    return _mix(stops[i], stops[i + 1], position - i)


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()
    return QColor("#111111") if luminance > 0.45 else QColor("#ffffff")


def text_on_level(level: int, level_count: int = 4) -> QColor:
    if level_count == len(LEVEL_TEXT_COLOURS):
        return QColor(LEVEL_TEXT_COLOURS[max(1, min(level, level_count)) - 1])
    return text_on(level_colour(level, level_count))


def tint(colour: QColor | str, alpha: int) -> QColor:
    """``colour`` with the given alpha (0..255), for band backgrounds behind data."""
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def series_colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
