"""Text size and high contrast, applied app-wide and remembered in QSettings.

The text size is a scale of the application's own default font, applied with
``QApplication.setFont`` so every widget that does not set its own font follows
(headings use rich text, which is relative to that font). High contrast swaps the
application palette for a black/white/yellow one that survives a washed-out projector.

``install_app_style`` (called by the app before any window, and by ``Theme``) makes both
reach every widget: widgets with a style sheet of their own take the new font and palette
too (Qt does not pass them on to such widgets by default). In high contrast ``AppStyle``
draws the outlines that Fusion derives from the window colour (check boxes, text boxes,
buttons, frames), which vanish on a black window, in a colour that shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from jcs_desktop.ui.widgets.fonts import scaled_font

if TYPE_CHECKING:  # the app installs the style before the services (and so the context) are loaded
    from jcs_desktop.ui.core.context import AppContext

W = TypeVar("W", bound=QWidget)

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


def app_font(scale: float) -> QFont:
    """The application's font at text size ``scale`` (1.0: the platform's own size)."""
    return scaled_font(base_font(), scale)


# Error messages: a palette role no widget of the application uses for its own purpose, so the
# colour follows the look (the dark red of the normal look cannot be read on black).
ERROR_ROLE = QPalette.ColorRole.LinkVisited
ERROR_ON_LIGHT = "#b00020"
ERROR_ON_DARK = "#ff8a80"


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
        (ERROR_ROLE, QColor(ERROR_ON_DARK)),
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
    p.setColor(QPalette.ColorGroup.All, ERROR_ROLE, QColor(ERROR_ON_LIGHT))
    return p


def mute(widget: QWidget) -> QWidget:
    """Show ``widget``'s text in the secondary colour (follows the palette, so high contrast too)."""
    widget.setForegroundRole(MUTED_ROLE)
    return widget


def show_as_error(label: W) -> W:
    """Show ``label``'s text as an error: bold, in the error colour of the current look."""
    label.setForegroundRole(ERROR_ROLE)
    label.setStyleSheet("font-weight: 600;")
    return label


def is_dark(palette: QPalette) -> bool:
    """True for a light-on-dark palette (high contrast)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 96


# -- page layout shared by the step pages -------------------------------------------------------

PAGE_MARGIN = 8
"""Every step page's outer margin, so their content lines up as the facilitator moves between steps."""

TITLE_SCALE = 1.4
"""A step page's title, relative to the app's text size."""


def title_font(scale: float = TITLE_SCALE) -> QFont:
    """Bold, ``scale`` times the application's current text size."""
    return scaled_font(QApplication.font(), scale, bold=True)


class PageTitle(QLabel):
    """A step page's title: bold and larger than the text, following the app-wide text size."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = TITLE_SCALE) -> None:
        super().__init__(text, parent)
        self.setObjectName("pageTitle")
        self._scale = scale
        self._refont()
        # Its own font does not follow the app's, and only windows hear of a new app font: listen.
        _app().fontChanged.connect(self._refont)

    def _refont(self, *_args) -> None:
        self.setFont(title_font(self._scale))


def focus_frame_style(widget: QWidget, colour: str = "palette(highlight)") -> str:
    """The style-sheet rules of ``show_focus`` for ``widget`` (to combine with rules of one's own)."""
    kinds = ((QTableView, "QTableView"), (QTreeView, "QTreeView"), (QPlainTextEdit, "QPlainTextEdit"))
    kind = next((name for cls, name in kinds if isinstance(widget, cls)), None)
    if kind is None:
        kind = "QTextEdit" if isinstance(widget, QTextEdit) else "QListView"
    return (
        f"{kind} {{ border: 1px solid palette(mid); padding: 1px; }}"
        f"{kind}:focus {{ border: 2px solid {colour}; padding: 0px; }}"
    )


def show_focus(widget: W, colour: str = "palette(highlight)") -> W:
    """Frame ``widget`` (a table, list, tree or multi-line text box) while it has the keyboard focus.

    Fusion draws no focus indication on these, so a keyboard user cannot tell that Tab has
    reached one (a text box shows only its caret). The frame is in the highlight colour, like
    Fusion's focused line edits (blue, or yellow in high contrast); views whose highlight is a
    pale row colour pass ``palette(window-text)``. It keeps the same width with and without
    focus, so nothing moves.
    """
    widget.setStyleSheet(f"{widget.styleSheet()} {focus_frame_style(widget, colour)}".strip())
    return widget


# -- the application's style ----------------------------------------------------------------------

_PE = QStyle.PrimitiveElement
_OUTLINED = frozenset(
    {
        _PE.PE_IndicatorCheckBox,
        _PE.PE_IndicatorRadioButton,
        _PE.PE_IndicatorItemViewItemCheck,
        _PE.PE_FrameLineEdit,
        _PE.PE_PanelButtonCommand,
        _PE.PE_FrameGroupBox,
        _PE.PE_FrameTabWidget,
    }
)
_CC = QStyle.ComplexControl
_OUTLINED_COMPLEX = frozenset({_CC.CC_SpinBox, _CC.CC_ComboBox})
OUTLINE_ON_DARK = QColor("#bdbdbd")


class AppStyle(QProxyStyle):
    """Fusion, with outlines that show on a dark (high-contrast) palette.

    Fusion draws the borders of check boxes, radio buttons, text boxes, buttons, spin boxes,
    combo boxes and group boxes in a shade of the window colour: on the high-contrast black
    window they are black on black, so a check box has no box and a text box no edge. On a
    dark palette this style draws them again in light grey, and in the highlight colour (yellow)
    with a heavier line when the control has the keyboard focus. Light palettes are untouched.
    """

    def drawPrimitive(self, element, option: QStyleOption, painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if not is_dark(option.palette):
            return
        if element in _OUTLINED:
            _outline(option, painter, round_=element != _PE.PE_FrameGroupBox)
        elif element == _PE.PE_Frame and isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.styleSheet():
            _outline(option, painter, round_=False)  # a multi-line text box: its edge, like a line edit's

    def drawComplexControl(self, control, option, painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _OUTLINED_COMPLEX and is_dark(option.palette):
            _outline(option, painter)


def _outline(option: QStyleOption, painter: QPainter, *, round_: bool = True) -> None:
    focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
    enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
    colour = option.palette.color(QPalette.ColorRole.Highlight) if focused else QColor(OUTLINE_ON_DARK)
    if not enabled:
        colour = QColor("#6a6a6a")
    width = 2.0 if focused else 1.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(option.rect).adjusted(width / 2, width / 2, -width / 2, -width / 2)
    if round_:
        painter.drawRoundedRect(rect, 2.0, 2.0)
    else:
        painter.drawRect(rect)
    painter.restore()


def install_app_style(app: QApplication | None = None) -> None:
    """Make the text size and the contrast reach every widget, also those with a style sheet of their own.

    Safe to call more than once; best called before the first widget is created.
    """
    app = app or _app()
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, True)


def repolish_styled_widgets() -> None:
    """Make widgets with a style sheet take colours like ``palette(base)`` from the new palette.

    Qt resolves those once, when it first styles a widget, and keeps them: after the switch to
    high contrast a box with ``background: palette(base)`` stayed white behind white text.
    """
    styled, polished = Qt.WidgetAttribute.WA_StyleSheet, Qt.WidgetAttribute.WA_WState_Polished
    for widget in QApplication.allWidgets():
        # One not yet polished (not yet shown: the whole window at start-up) takes the new
        # palette when it is; polishing it here would be done again then.
        if widget.testAttribute(styled) and widget.testAttribute(polished):
            style = widget.style()
            style.unpolish(widget)
            style.polish(widget)
            widget.update()


def use_contrast_style(on: bool, app: QApplication | None = None) -> None:
    """Switch to ``AppStyle`` for high contrast, and back to the plain style without it.

    Only while high contrast is on: every drawing call then passes through Python, which is
    slower (and, with some PySide6 releases on Python 3.11, leaks a reference to None per call).
    """
    app = app or _app()
    current = app.style()
    if on and not isinstance(current, AppStyle):
        style = AppStyle(current.name() if current is not None else "fusion")
        _KEEP.append(style)  # the Python wrapper must live as long as the application uses it
        app.setStyle(style)
    elif not on and isinstance(current, AppStyle):
        app.setStyle(current.baseStyle().name() or "fusion")  # the application deletes the AppStyle
        _KEEP.clear()


_KEEP: list[QProxyStyle] = []


class Theme(QObject):
    """Owns the text-size and contrast settings of one application window."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        install_app_style()
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
        QApplication.setFont(app_font(scale))
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
        use_contrast_style(on, app)
        palette = high_contrast_palette() if on else normal_palette()
        # Unchanged at an ordinary start (ui/app.py sets the normal palette before any widget
        # exists): then there is nothing to repolish, and walking every widget would create a
        # Python wrapper, and its enums, for each widget class on the way to the first paint.
        if app.palette() != palette:
            app.setPalette(palette)
            repolish_styled_widgets()
        self.ctx.high_contrast_changed.emit(on)
