"""Small pieces the three planning pages share: headings, flags, dates, auto-saving text boxes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from jcs_desktop.content.schema import Column, Framework
from jcs_desktop.services.dto import ActionRecord, LinkRecord

# The detailed sheets label their rows "Indicator" and "Approaches to change"; the content schema
# has no field for these two row labels, so they live here, once.
INDICATORS_LABEL = "Indicators"
APPROACHES_LABEL = "Approaches to change"
GRID_SOURCE_MARK = "(from the self-assessment grid)"

# Colours: light tints that keep the palette's text colour readable, also on a projector.
AGREED_TINT = QColor("#e3effb")
AGREED_EDGE = QColor("#2f6db5")
NEXT_TINT = QColor("#e6f4ea")
NEXT_EDGE = QColor("#2e7d32")
FLAG_TINT = QColor("#fde2dc")
FLAG_EDGE = QColor("#b3261e")
NOTICE_TINT = QColor("#fff4d6")
NOTICE_EDGE = QColor("#a86b00")

# Planning pages ask the main window to switch steps with these keys (see ui/core/steps.py).
STEP_FINAL = "final"
STEP_DETAILED = "detailed"
STEP_ACTIONS = "actions"
STEP_DELIVERY = "delivery"


FLAG_ON_DARK = QColor("#ff8a80")
"""The flag colour for text on a dark (high-contrast) window: FLAG_EDGE is too dark to read there."""


def flag_text_style(widget: QWidget) -> str:
    """A style sheet colouring ``widget``'s text as a flag, readable on its window (high contrast too)."""
    from jcs_desktop.ui.widgets.theme import is_dark

    colour = FLAG_ON_DARK if is_dark(widget.palette()) else FLAG_EDGE
    return f"color: {colour.name()};"


def restyle_flags(*labels: QWidget | None) -> None:
    """After the palette changed: give flagged labels (those with a style sheet) the flag colour of the new one."""
    for label in labels:
        if label is not None and label.styleSheet():
            label.setStyleSheet(flag_text_style(label))


def today() -> dt.date:
    """The date flags are judged against (tests replace it)."""
    return dt.date.today()


# -- headings from the content ---------------------------------------------------------------


def plan_columns(fw: Framework) -> dict[str, Column]:
    return {c.key: c for c in fw.action_planning.columns}


def detailed_fields(fw: Framework) -> dict[str, Column]:
    return {c.key: c for c in fw.action_planning.detailed_fields}


def delivery_columns(fw: Framework) -> dict[str, Column]:
    return {c.key: c for c in fw.action_planning.delivery_plan_columns}


def level_title(fw: Framework, level: int | None) -> str:
    if level is None:
        return "Not set"
    return f"Level {level} – {fw.levels[level - 1].name}"


def quoted(heading: str) -> str:
    return f"“{heading}”"


def problem_message(fw: Framework, code: str) -> str:
    """What a flag from ``ActionRecord.problems`` means, in the workbook's own headings."""
    cols = plan_columns(fw)
    fields = detailed_fields(fw)
    if code == "empty-achieve":
        return f"{quoted(cols['achieve'].heading)} is empty"
    if code == "past-date":
        return f"{quoted(cols['by_when'].heading)} is in the past"
    if code == "no-lead":
        return f"No {quoted(fields['lead'].heading)} yet"
    if code == "no-review-point":
        return f"No review point in the {fw.action_planning.delivery_plan_title.lower()} yet"
    return code


PLAN_PROBLEMS = ("empty-achieve", "past-date")
SHEET_PROBLEMS = ("no-lead", "no-review-point")
SHORT_PROBLEM = {"no-lead": "No lead", "no-review-point": "No review point"}


def plan_problems(action: ActionRecord, on: dt.date | None = None) -> list[str]:
    return [p for p in action.problems(on or today()) if p in PLAN_PROBLEMS]


def sheet_problems(action: ActionRecord) -> list[str]:
    return [p for p in action.problems(today()) if p in SHEET_PROBLEMS]


def action_title(fw: Framework, action: ActionRecord, number: int | None = None) -> str:
    text = action.achieve.strip() or f"({plan_columns(fw)['achieve'].heading} — not written yet)"
    return f"{number}. {text}" if number is not None else text


# -- steps and links ---------------------------------------------------------------------------

_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.)]\s*")


def steps_display(steps: Iterable[str]) -> str:
    return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1))


def steps_from_text(text: str) -> list[str]:
    """One step per non-empty line; a typed "1." or "2)" in front is dropped (the plan numbers them)."""
    return [_NUMBER_PREFIX.sub("", line).strip() for line in text.splitlines() if line.strip()]


def link_lines(fw: Framework, links: Iterable[LinkRecord]) -> list[str]:
    lines = []
    for link in links:
        try:
            driver = fw.driver(link.driver_id)
        except KeyError:
            continue
        if link.element_id is None:
            lines.append(driver.title)
        else:
            try:
                element = fw.element(link.element_id)
            except KeyError:
                continue
            lines.append(f"{driver.title}: {element.title}")
    return lines


def link_drivers(links: Iterable[LinkRecord]) -> set[str]:
    return {link.driver_id for link in links}


# -- dates -----------------------------------------------------------------------------------


def to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value is not None else QDate()


def from_qdate(value: object) -> dt.date | None:
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None
    if isinstance(value, dt.date):
        return value
    return None


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value is not None else ""


# -- icons -------------------------------------------------------------------------------------


def flag_icon(size: int = 16, colour: QColor = FLAG_EDGE) -> QIcon:
    """A small warning triangle drawn here, so it looks the same under every style."""
    pix = QPixmap(QSize(size, size))
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(colour, 1))
    p.setBrush(QBrush(colour))
    p.drawPolygon(QPolygonF([QPointF(size / 2, 1), QPointF(size - 1, size - 1.5), QPointF(1, size - 1.5)]))
    p.setPen(QPen(QColor("white"), max(1.5, size / 9)))
    p.drawLine(QPointF(size / 2, size * 0.38), QPointF(size / 2, size * 0.66))
    p.drawPoint(QPointF(size / 2, size * 0.8))
    p.end()
    return QIcon(pix)


def bold_only() -> QFont:
    """A font that sets only the weight, so its size still follows the app's text size."""
    font = QFont()
    font.setBold(True)
    return font


_SCALE = "jcs_font_scale"


def emphasize(widget: QWidget, scale: float = 1.0) -> None:
    """Bold (and optionally larger) text that still follows the app-wide text size (see ``refresh_fonts``)."""
    widget.setProperty(_SCALE, scale)
    parent = widget.parentWidget()
    _apply_scale(widget, parent.font() if parent is not None else QApplication.font())


def _apply_scale(widget: QWidget, base: QFont) -> None:
    scale = float(widget.property(_SCALE) or 1.0)
    font = bold_only()
    if scale != 1.0 and base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    widget.setFont(font)


def refresh_fonts(root: QWidget) -> None:
    """Make everything under ``root`` take ``root``'s text size after the app's text size changed.

    Qt does not pass a new font on to widgets that have a style sheet (our tinted boxes and grey
    hints), nor to their children, so those are given it here; then ``emphasize`` is re-applied.
    """
    base = root.font()
    widgets = root.findChildren(QWidget)
    for widget in widgets:
        if widget.testAttribute(Qt.WidgetAttribute.WA_StyleSheet) and widget.property(_SCALE) is None:
            widget.setFont(base)
    for widget in widgets:
        if widget.property(_SCALE) is not None:
            _apply_scale(widget, base)


class WrapDelegate(QStyledItemDelegate):
    """Lets long titles wrap in a tree view: the row height is measured at the column's width."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        tree = self.parent()
        opt = QStyleOptionViewItem(option)
        width = tree.header().sectionSize(index.column())
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= tree.indentation() * (depth + (1 if tree.rootIsDecorated() else 0))
        # The style wraps only within a valid rectangle (both sides set).
        opt.rect = QRect(0, 0, max(60, width), max(1, option.rect.height()))
        hint = super().sizeHint(opt, index)
        return QSize(hint.width(), hint.height() + 6)


# -- text boxes that save themselves ---------------------------------------------------------


class AutoSaver(QObject):
    """Saves a QPlainTextEdit's text after a short pause and when it loses focus.

    ``save(target, text)`` is called with the target that was current when typing began, so
    switching to another action (or element) never sends text to the wrong place; ``flush()``
    saves what is pending at once. Typing is never overwritten by a refresh: ``show`` leaves
    the box alone while it holds unsaved text.
    """

    def __init__(
        self, edit: QPlainTextEdit, save: Callable[[object, str], None], delay_ms: int = 800, parent=None
    ) -> None:
        super().__init__(parent or edit)
        self.edit = edit
        self._save = save
        self.target: object = None
        self._pending_target: object = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        edit.textChanged.connect(self._typed)
        edit.installEventFilter(self)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def show(self, target: object, text: str) -> None:
        """Point the box at ``target`` showing ``text`` (flushing what was typed for the previous one)."""
        if target != self.target:
            self.flush()
            self.target = target
            self._set(text)
        elif not self._dirty and self.edit.toPlainText().strip() != text.strip():
            self._set(text)

    def _set(self, text: str) -> None:
        blocked = self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(blocked)
        self._dirty = False

    def _typed(self) -> None:
        if self.target is None:
            return
        if not self._dirty:
            self._pending_target = self.target
            self._dirty = True
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        self._save(self._pending_target, self.edit.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class WrapCheck(QWidget):
    """A check box whose text wraps (QCheckBox cannot); clicking the text ticks the box."""

    toggled = Signal(bool)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 1, 0, 1)
        lay.setSpacing(6)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(text)
        self.box.setToolTip(text)
        self.label = QLabel(_escape(text), self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setBuddy(self.box)
        lay.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.label, 1)
        self.box.toggled.connect(self.toggled)
        self.label.mouseReleaseEvent = self._label_clicked  # type: ignore[method-assign]

    def _label_clicked(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def set_checked_quietly(self, checked: bool) -> None:
        blocked = self.box.blockSignals(True)
        self.box.setChecked(checked)
        self.box.blockSignals(blocked)

    def set_note(self, note: str) -> None:
        """A short remark after the text, e.g. that the approach is already in the action plan."""
        base = self.box.accessibleName()
        self.label.setText(f"{_escape(base)} <i style='color:#555'>{_escape(note)}</i>" if note else _escape(base))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    return _escape(text)


class ElidedLines(QLabel):
    """Lines of "heading text" shown one line each, cut with "…" at the label's width; the tooltip has them whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[tuple[str, str]] = []
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        self._lines = list(lines)
        self.setToolTip("\n".join(f"{h} {t}".strip() for h, t in self._lines))
        self._render()

    def plain_text(self) -> str:
        return self.toolTip()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._render()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._render()

    def _render(self) -> None:
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        head_fm = QFontMetrics(bold)
        width = max(40, self.width() - 2)
        rows = []
        for heading, text in self._lines:
            room = width - (head_fm.horizontalAdvance(heading + " ") if heading else 0)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(10, room))
            rows.append(f"<b>{escape(heading)}</b> {escape(shown)}" if heading else escape(shown))
        self.setText("<br>".join(rows))
