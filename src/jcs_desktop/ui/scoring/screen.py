"""What the shared-screen windows (participant mode, group scores) have in common.

A top-level window with the shared-screen style, type that grows with the window
and the application font, a high-contrast scheme, and a hint line that fades.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.scoring.scheme import (
    SETTING_HIGH_CONTRAST,
    Scheme,
    base_point_size,
    scheme_for,
    screen_scale,
    window_stylesheet,
)


def setting_bool(ctx: AppContext, key: str, default: bool) -> bool:
    value = ctx.settings.value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def high_contrast_wanted(ctx: AppContext) -> bool:
    """The app-wide high-contrast choice if the main window keeps one, else the Score step's own."""
    app_wide = getattr(ctx, "high_contrast", None)
    if isinstance(app_wide, bool):
        return app_wide
    return setting_bool(ctx, SETTING_HIGH_CONTRAST, False)


def centred_row(*widgets: QWidget, spacing: int = 24) -> QHBoxLayout:
    """The widgets side by side in the middle of a screen, ``spacing`` apart (buttons, a PIN box)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for i, widget in enumerate(widgets):
        if i:
            row.addSpacing(spacing)
        row.addWidget(widget)
    row.addStretch(1)
    return row


class SharedScreenWindow(QWidget):
    """Base for the large-type windows shown on the shared screen or the projector."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setObjectName("sharedScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(title)
        self.theme: Scheme = scheme_for(high_contrast_wanted(ctx))
        self.unit = base_point_size()
        self._styled_for: tuple[str, float] | None = None

        self.hint_label = QLabel()
        self.hint_label.setProperty("role", "warn")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setAccessibleName("Hint")
        self.hint_label.setWordWrap(True)
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.setInterval(5000)
        self._hint_timer.timeout.connect(self.clear_hint)
        self.hint_label.setVisible(False)

        # Bound methods, not lambdas: Qt then drops the connection when this window is deleted,
        # so a later text-size change never reaches a window that is gone.
        ctx.high_contrast_changed.connect(self.set_high_contrast)
        ctx.font_scale_changed.connect(self._font_scale_changed)

    # -- look ---------------------------------------------------------------------------

    def set_high_contrast(self, on: bool) -> None:
        self.theme = scheme_for(bool(on))
        self.restyle(force=True)

    def _font_scale_changed(self, _scale: float) -> None:
        self.restyle(force=True)

    def restyle(self, force: bool = False) -> None:
        unit = round(base_point_size() * screen_scale(max(self.width(), 1), max(self.height(), 1)), 1)
        key = (self.theme.name, unit)
        if key == self._styled_for and not force:
            return
        self._styled_for = key
        self.unit = unit
        self.setStyleSheet(window_stylesheet(self.theme, unit))
        self.hint_label.setFont(self._font(1.2, bold=True))
        self.apply_style(self.theme, unit)

    def apply_style(self, theme: Scheme, unit: float) -> None:
        """Subclasses set their fonts and colours here."""

    def _font(self, factor: float, *, bold: bool = False):
        from jcs_desktop.ui.widgets.fonts import at_points

        return at_points(self.unit * factor, bold=bold)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.restyle()

    def showEvent(self, event) -> None:
        self.restyle()
        super().showEvent(event)

    # -- hints --------------------------------------------------------------------------

    def show_hint(self, text: str) -> None:
        self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))
        self._hint_timer.start()

    def clear_hint(self) -> None:
        self.hint_label.clear()
        self.hint_label.setVisible(False)

    def show_on(self, screen_index: int | None = None, full_screen: bool = True) -> None:
        """Show on the chosen screen (default: the screen the application is on), full screen."""
        from PySide6.QtGui import QGuiApplication

        screens = QGuiApplication.screens()
        if screen_index is not None and 0 <= screen_index < len(screens):
            screen = screens[screen_index]
            self.setScreen(screen)
            self.move(screen.geometry().topLeft())
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()  # those platforms (tests, screenshots) have no window stacking
        self.activateWindow()
