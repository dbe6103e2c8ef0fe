"""Text size and high contrast, applied app-wide and remembered in QSettings.

The text size is a scale of the application's own default font, applied with
``QApplication.setFont`` so every widget that does not set its own font follows
(headings use rich text, which is relative to that font). High contrast swaps the
application palette for a black/white/yellow one that survives a washed-out projector.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from jcs_desktop.ui.context import AppContext

SCALES: tuple[float, ...] = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0, 2.25, 2.5)
FONT_SCALE_KEY = "view/font_scale"
HIGH_CONTRAST_KEY = "view/high_contrast"
_BASE_FONT_PROPERTY = "jcs_base_font"


def _app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("a QApplication is needed before the theme is applied")
    return app


def base_font() -> QFont:
    """The application's font before any scaling (recorded once per QApplication)."""
    app = _app()
    stored = app.property(_BASE_FONT_PROPERTY)
    if isinstance(stored, QFont):
        return QFont(stored)
    font = QFont(app.font())
    app.setProperty(_BASE_FONT_PROPERTY, font)
    return QFont(font)


def scaled_font(scale: float) -> QFont:
    font = base_font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(round(font.pointSizeF() * scale, 1))
    else:
        font.setPixelSize(max(6, round(font.pixelSize() * scale)))
    return font


def high_contrast_palette() -> QPalette:
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffd400")
    grey = QColor("#9a9a9a")
    p = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#1c1c1c")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.BrightText, yellow),
        (QPalette.ColorRole.Button, QColor("#101010")),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.PlaceholderText, QColor("#c8c8c8")),
        (QPalette.ColorRole.Link, QColor("#7fd4ff")),
        (QPalette.ColorRole.Light, QColor("#6a6a6a")),
        (QPalette.ColorRole.Midlight, QColor("#4a4a4a")),
        (QPalette.ColorRole.Mid, QColor("#3a3a3a")),
        (QPalette.ColorRole.Dark, QColor("#2a2a2a")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
    ):
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


MUTED_ROLE = QPalette.ColorRole.PlaceholderText


def normal_palette() -> QPalette:
    """The style's own palette, with secondary text dark enough to read on a projector."""
    p = _app().style().standardPalette()
    p.setColor(QPalette.ColorGroup.All, MUTED_ROLE, QColor("#5f5f5f"))
    return p


def mute(widget: QWidget) -> QWidget:
    """Show ``widget``'s text in the secondary colour (follows the palette, so high contrast too)."""
    widget.setForegroundRole(MUTED_ROLE)
    return widget


class Theme(QObject):
    """Owns the text-size and contrast settings of one application window."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        base_font()  # record the unscaled font before anything changes it
        self._scale = 1.0
        self._high_contrast = False

    # -- reading settings ---------------------------------------------------------

    def apply_saved(self) -> None:
        try:
            scale = float(self.ctx.settings.value(FONT_SCALE_KEY, 1.0))
        except (TypeError, ValueError):
            scale = 1.0
        hc = self.ctx.settings.value(HIGH_CONTRAST_KEY, False)
        high_contrast = hc in (True, "true", "1", 1)
        self._apply_scale(min(SCALES, key=lambda s: abs(s - scale)))
        self._apply_contrast(high_contrast)

    def apply(self, scale: float = 1.0, high_contrast: bool = False) -> None:
        """Apply a look without remembering it or saying so (screenshots, previews)."""
        self._apply_scale(min(SCALES, key=lambda s: abs(s - scale)))
        self._apply_contrast(high_contrast)

    # -- text size ----------------------------------------------------------------

    @property
    def scale(self) -> float:
        return self._scale

    def set_scale(self, scale: float) -> None:
        scale = min(SCALES, key=lambda s: abs(s - scale))
        self._apply_scale(scale)
        self.ctx.settings.setValue(FONT_SCALE_KEY, scale)
        self.ctx.status_message.emit(f"Text size {round(scale * 100)}%")

    def larger(self) -> None:
        bigger = [s for s in SCALES if s > self._scale + 1e-6]
        if bigger:
            self.set_scale(bigger[0])

    def smaller(self) -> None:
        smaller = [s for s in SCALES if s < self._scale - 1e-6]
        if smaller:
            self.set_scale(smaller[-1])

    def reset(self) -> None:
        self.set_scale(1.0)

    def _apply_scale(self, scale: float) -> None:
        self._scale = scale
        QApplication.setFont(scaled_font(scale))
        self.ctx.font_scale_changed.emit(scale)

    # -- contrast -----------------------------------------------------------------

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    def set_high_contrast(self, on: bool) -> None:
        self._apply_contrast(bool(on))
        self.ctx.settings.setValue(HIGH_CONTRAST_KEY, bool(on))
        self.ctx.status_message.emit("High contrast on" if on else "High contrast off")

    def _apply_contrast(self, on: bool) -> None:
        self._high_contrast = on
        app = _app()
        app.setPalette(high_contrast_palette() if on else normal_palette())
        self.ctx.high_contrast_changed.emit(on)
