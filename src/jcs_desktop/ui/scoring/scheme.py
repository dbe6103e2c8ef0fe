"""Colours and type sizes for the shared screen and the projector.

Two schemes: a light one with strong contrast (projectors wash out pale tints, so
selection is a dark fill, not a tint) and a high-contrast one (white on black,
yellow selection). Type sizes grow with the window and with the application font,
so the facilitator's text-size setting carries over.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

SETTING_HIGH_CONTRAST = "scoring/high_contrast"
SETTING_TIMER = "scoring/timer"
SETTING_NOTES = "scoring/notes"

REFERENCE_SIZE = (1366, 768)
"""The smallest screen the shared-screen layout is designed for."""


@dataclass(frozen=True)
class Scheme:
    name: str
    background: str
    surface: str
    text: str
    muted: str
    border: str
    selected: str
    selected_text: str
    focus: str
    button: str
    button_text: str
    primary: str
    primary_text: str
    done: str
    warn: str
    not_sure: str
    level_tints: tuple[str, ...]
    """Quiet background tints for levels 1..K in the facilitator grid."""

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))

    def tint(self, level: int) -> str:
        return self.level_tints[(level - 1) % len(self.level_tints)]


STANDARD = Scheme(
    name="standard",
    background="#f4f5f7",
    surface="#ffffff",
    text="#111827",
    muted="#4b5563",
    border="#6b7280",
    selected="#0b3d91",
    selected_text="#ffffff",
    focus="#e08a00",
    button="#e5e7eb",
    button_text="#111827",
    primary="#0b3d91",
    primary_text="#ffffff",
    done="#15803d",
    warn="#9a3412",
    not_sure="#d1d5db",
    level_tints=("#fde2e1", "#fdf0c8", "#dbeafe", "#d1fae5"),
)

HIGH_CONTRAST = Scheme(
    name="high-contrast",
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#e5e5e5",
    border="#ffffff",
    selected="#ffe600",
    selected_text="#000000",
    focus="#00e5ff",
    button="#000000",
    button_text="#ffffff",
    primary="#ffe600",
    primary_text="#000000",
    done="#7CFC00",
    warn="#ffb000",
    not_sure="#5a5a5a",
    level_tints=("#000000", "#000000", "#000000", "#000000"),
)


def scheme_for(high_contrast: bool) -> Scheme:
    return HIGH_CONTRAST if high_contrast else STANDARD


def base_point_size() -> float:
    """The application's text size (the facilitator may have enlarged it)."""
    size = QApplication.font().pointSizeF()
    return max(size if size > 0 else 10.0, 9.0)


def screen_scale(width: int, height: int) -> float:
    """How much larger than the reference 1366×768 the shared screen is (never smaller than 1)."""
    w, h = REFERENCE_SIZE
    return max(1.0, min(width / w, height / h, 2.5))


def font(size_pt: float, *, bold: bool = False) -> QFont:
    f = QFont(QApplication.font())
    f.setPointSizeF(size_pt)
    f.setBold(bold)
    return f


def window_stylesheet(t: Scheme, unit: float) -> str:
    """Style for the shared-screen windows; ``unit`` is the base type size in points.

    A focused text box has a thicker edge and as much less padding, so it keeps its size:
    layouts are not redone on focus, and a box that grew would be clipped.
    """
    big = unit * 1.5
    return f"""
    QWidget#sharedScreen {{ background: {t.background}; color: {t.text}; }}
    QWidget#sharedScreen QLabel {{ color: {t.text}; background: transparent; }}
    QWidget#sharedScreen QLabel[role="muted"] {{ color: {t.muted}; }}
    QWidget#sharedScreen QLabel[role="done"] {{ color: {t.done}; font-weight: bold; }}
    QWidget#sharedScreen QLabel[role="warn"] {{ color: {t.warn}; font-weight: bold; }}
    QWidget#sharedScreen QScrollArea, QWidget#sharedScreen QScrollArea > QWidget > QWidget {{
        background: {t.background}; border: none; }}
    QWidget#sharedScreen QPushButton {{
        background: {t.button}; color: {t.button_text}; border: 2px solid {t.border};
        border-radius: 8px; padding: 8px 18px; min-height: 48px; font-size: {big:.1f}pt; }}
    QWidget#sharedScreen QPushButton:hover {{ border-color: {t.text}; }}
    QWidget#sharedScreen QPushButton:focus {{ border: 4px solid {t.focus}; }}
    QWidget#sharedScreen QPushButton:disabled {{ color: {t.muted}; border-style: dashed; }}
    QWidget#sharedScreen QPushButton[primary="true"] {{
        background: {t.primary}; color: {t.primary_text}; border-color: {t.primary}; font-weight: bold; }}
    QWidget#sharedScreen QPushButton[primary="true"]:focus {{ border: 4px solid {t.focus}; }}
    QWidget#sharedScreen QPushButton[selected="true"] {{
        background: {t.selected}; color: {t.selected_text}; border: 4px solid {t.selected}; font-weight: bold; }}
    QWidget#sharedScreen QPushButton[selected="true"]:focus {{ border: 4px solid {t.focus}; }}
    QWidget#sharedScreen QPushButton[big="true"] {{
        font-size: {unit * 1.9:.1f}pt; font-weight: bold; min-height: {unit * 5.5:.0f}px; }}
    QWidget#sharedScreen QPushButton[quiet="true"] {{
        background: transparent; border: 1px solid {t.border}; color: {t.muted};
        font-size: {unit:.1f}pt; min-height: 48px; padding: 4px 12px; }}
    QWidget#sharedScreen QPushButton[quiet="true"]:focus {{ border: 3px solid {t.focus}; }}
    QWidget#sharedScreen QLineEdit, QWidget#sharedScreen QPlainTextEdit {{
        background: {t.surface}; color: {t.text}; border: 2px solid {t.border}; border-radius: 6px;
        padding: 6px; font-size: {unit * 1.3:.1f}pt; selection-background-color: {t.selected};
        selection-color: {t.selected_text}; }}
    QWidget#sharedScreen QLineEdit {{ min-height: 40px; }}
    QWidget#sharedScreen QLineEdit:focus, QWidget#sharedScreen QPlainTextEdit:focus {{
        border: 3px solid {t.focus}; padding: 5px; }}
    QWidget#sharedScreen QProgressBar {{
        background: {t.surface}; border: 1px solid {t.border}; border-radius: 4px; max-height: 8px; }}
    QWidget#sharedScreen QProgressBar::chunk {{ background: {t.muted}; border-radius: 4px; }}
    QWidget#sharedScreen QToolTip {{ color: #000; background: #ffffdc; }}
    """
