"""The one way the application sizes text: relative to a base font, so the facilitator's text
size (View → Larger text) carries into every heading, table and projector label."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

SMALLEST_POINTS = 6.0
"""Below this nothing is readable, whatever the arithmetic says."""


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """``base`` enlarged by ``factor``, bold or not.

    Relative, never absolute: a heading at 1.4 stays 1.4 times the text at every text size.
    """
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(SMALLEST_POINTS, round(base.pointSizeF() * factor, 1)))
    else:  # a font sized in pixels (some platform themes)
        font.setPixelSize(max(round(SMALLEST_POINTS), round(base.pixelSize() * factor)))
    font.setBold(bold)
    return font


def at_points(size_pt: float, *, bold: bool = False) -> QFont:
    """The application's font at ``size_pt`` points: for the shared screen, whose sizes follow the
    window (see ``scoring.scheme.screen_scale``) and already include the text size."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(SMALLEST_POINTS, size_pt))
    font.setBold(bold)
    return font
