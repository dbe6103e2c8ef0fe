"""The list of a workshop's steps: a numbered circle (a tick when done), the title, a summary."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from jcs_desktop.ui.core.steps import STEPS, StepStatus

KEY_ROLE = Qt.ItemDataRole.UserRole
DONE_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3


_WRAPPED: dict[tuple[str, int, int, int, int], tuple[str, ...]] = {}
"""Summaries as wrapped by ``StepDelegate.summary_lines``."""


class StepDelegate(QStyledItemDelegate):
    """Draws a step as a numbered circle (a tick when done), its title and a one-line summary."""

    PAD = 10
    SUMMARY_LINES = 2  # a summary wraps onto a second line rather than losing its end
    MOST_LINES = 4  # and onto more while every step still fits the list's height

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines_allowed = self.SUMMARY_LINES

    @classmethod
    def vpad(cls, fm: QFontMetrics) -> int:
        """Room above and below a step: less at large text, where every step must still fit a laptop."""
        return max(4, min(cls.PAD, round(fm.height() * 0.3)))

    @classmethod
    def text_width(cls, row_width: int, fm: QFontMetrics) -> int:
        return row_width - 2 * cls.PAD - int(fm.height() * 1.5) - cls.PAD

    @classmethod
    def summary_lines(cls, summary: str, width: int, fm: QFontMetrics, most: int | None = None) -> list[str]:
        """The summary as drawn: word-wrapped to ``width``, at most ``most`` lines, the last elided."""
        most = most or cls.SUMMARY_LINES
        if not summary:
            return []
        # Kept per text, width and font: the list asks for every row's height on each status
        # change, nine thousand word measurements when a workshop opens. The font is told
        # apart by its line height and the whole text's advance (one measurement, not one
        # per word): two text sizes never give both the same.
        key = (summary, width, most, fm.height(), fm.horizontalAdvance(summary))
        kept = _WRAPPED.get(key)
        if kept is not None:
            return list(kept)
        words, lines, line = summary.split(), [], ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if fm.horizontalAdvance(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
        if len(lines) > most:
            lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
        if len(_WRAPPED) >= 512:  # summaries change as the workshop goes on: keep only recent ones
            _WRAPPED.clear()
        _WRAPPED[key] = tuple(lines)
        return lines

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        fm = option.fontMetrics
        view = option.widget
        row_width = view.viewport().width() if isinstance(view, QAbstractItemView) else 200
        summary = index.data(SUMMARY_ROLE) or ""
        return QSize(200, self.row_height(summary, row_width, fm, self.lines_allowed))

    @classmethod
    def row_height(cls, summary: str, row_width: int, fm: QFontMetrics, most: int) -> int:
        lines = max(1, len(cls.summary_lines(summary, cls.text_width(row_width, fm), fm, most)))
        return (1 + lines) * fm.height() + 2 * cls.vpad(fm) + 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)

        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        muted = QColor(text_colour)
        muted.setAlphaF(0.72)
        dark_theme = palette.window().color().lightness() < 128
        done_colour = QColor("#ffd400") if dark_theme else QColor("#2e7d32")

        done = bool(index.data(DONE_ROLE))
        fm = option.fontMetrics
        vpad = self.vpad(fm)
        rect = option.rect.adjusted(self.PAD, vpad, -self.PAD, -vpad)
        d = int(fm.height() * 1.5)
        circle = QRect(rect.left(), rect.top() + (rect.height() - d) // 2, d, d)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if done:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(done_colour)
            painter.drawEllipse(circle)
            pen = QPen(QColor("#000000") if dark_theme else QColor("#ffffff"))
            pen.setWidthF(max(2.0, d / 9))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            w, origin = circle.width(), circle.topLeft()
            painter.drawPolyline(
                [origin + QPoint(round(fx * w), round(fy * w)) for fx, fy in ((0.27, 0.52), (0.43, 0.68), (0.74, 0.34))]
            )
        else:
            pen = QPen(muted)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
            painter.setPen(text_colour)
            painter.drawText(circle, int(Qt.AlignmentFlag.AlignCenter), str(index.data(NUMBER_ROLE)))

        text_left = circle.right() + self.PAD
        text_rect = QRect(text_left, rect.top(), rect.right() - text_left, rect.height())
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        summary = index.data(SUMMARY_ROLE) or ""
        lines = self.summary_lines(summary, text_rect.width(), fm, self.lines_allowed)
        title_height = fm.height() + 2
        top = text_rect.top() + max(0, (text_rect.height() - title_height - max(1, len(lines)) * fm.height()) // 2)
        title_rect = QRect(text_rect.left(), top, text_rect.width(), title_height)
        painter.drawText(
            title_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
            painter.fontMetrics().elidedText(
                index.data(Qt.ItemDataRole.DisplayRole), Qt.TextElideMode.ElideRight, title_rect.width()
            ),
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        for n, line in enumerate(lines):
            line_rect = QRect(
                text_rect.left(), title_rect.bottom() + 1 + n * fm.height(), text_rect.width(), fm.height()
            )
            painter.drawText(
                line_rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                fm.elidedText(line, Qt.TextElideMode.ElideRight, line_rect.width()),
            )
        painter.restore()


class StepList(QListWidget):
    """The steps, always visible; choosing one shows its page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepList")
        self.setAccessibleName("Workshop steps")
        self.available_width = 0  # the workshop view's width: a wide screen gives the summaries room
        self.delegate = StepDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setProperty("fit_min_rows", len(STEPS))  # every step in view, at every text size
        for number, step in enumerate(STEPS, start=1):
            item = QListWidgetItem(step.title)
            item.setData(KEY_ROLE, step.key)
            item.setData(NUMBER_ROLE, number)
            item.setData(DONE_ROLE, False)
            item.setData(SUMMARY_ROLE, "")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {number}: {step.title}")
            self.addItem(item)
        self.fit_width()

    def fit_width(self) -> None:
        """Wide enough for the step titles; on a wide screen, wide enough for the summaries too."""
        fm = self.fontMetrics()
        widest = max(fm.horizontalAdvance(s.title) for s in STEPS)
        overhead = int(fm.height() * 1.5) + 3 * StepDelegate.PAD + 16  # circle, paddings, frame
        narrow = max(widest + overhead, fm.horizontalAdvance("M") * 20)
        summaries = [self.item(row).data(SUMMARY_ROLE) or "" for row in range(self.count())]
        wanted = max([narrow] + [fm.horizontalAdvance(s) + overhead for s in summaries])
        # Only a wide screen gives the summaries room: on a laptop the pages need every pixel.
        room = self.available_width * 0.15 if self.available_width >= 1600 else 0
        width = max(narrow, min(wanted, int(room)))
        if width != self.width():
            self.setFixedWidth(width)
            self.doItemsLayout()  # summaries wrap to the new width
        self.fit_lines()

    def fit_lines(self) -> None:
        """Let the summaries wrap onto as many lines as keep every step in view (at least two)."""
        fm = self.fontMetrics()
        row_width, room = self.viewport().width(), self.viewport().height()
        summaries = [self.item(row).data(SUMMARY_ROLE) or "" for row in range(self.count())]
        allowed = StepDelegate.SUMMARY_LINES
        for most in range(StepDelegate.MOST_LINES, StepDelegate.SUMMARY_LINES, -1):
            if sum(StepDelegate.row_height(s, row_width, fm, most) for s in summaries) <= room:
                allowed = most
                break
        else:
            # At very large text even two lines a summary would push the last steps out of view:
            # one line each then (elided; the item's tool tip has it whole).
            if sum(StepDelegate.row_height(s, row_width, fm, allowed) for s in summaries) > room:
                allowed = 1
        if allowed != self.delegate.lines_allowed:
            self.delegate.lines_allowed = allowed
            self.doItemsLayout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_lines()

    def fit_problems(self) -> list[str]:
        """What the delegate has to cut at the current width, for the fit check.

        A summary wraps onto a second line and only then elides (the item's tool tip has it
        whole), so only a cut title, or a first summary line that cannot fit, is a problem.
        """
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        title_fm = QFontMetrics(bold)
        width = StepDelegate.text_width(self.viewport().width(), fm)
        problems = []
        for row in range(self.count()):
            item = self.item(row)
            need = title_fm.horizontalAdvance(item.text())
            if need > width:
                problems.append(f"step title '{item.text()}' needs {need} px, has {width}")
            most = self.delegate.lines_allowed
            lines = StepDelegate.summary_lines(item.data(SUMMARY_ROLE) or "", width, fm, most)
            # (A one-line summary is its own last line: elided with the tool tip, checked below.)
            if lines and most > 1 and fm.horizontalAdvance(lines[0]) > width:
                problems.append(f"step summary '{lines[0]}' needs {fm.horizontalAdvance(lines[0])} px, has {width}")
            cut = len(lines) == most and fm.horizontalAdvance(lines[-1]) > width
            if cut and not item.toolTip():
                problems.append(f"step summary '{lines[-1]}' is cut and has no tool tip")
        return problems

    def item_for(self, key: str) -> QListWidgetItem:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(KEY_ROLE) == key:
                return item
        raise KeyError(key)

    def set_status(self, key: str, status: StepStatus | None) -> None:
        item = self.item_for(key)
        done = bool(status and status.done)
        summary = status.summary if status else ""
        if item.data(DONE_ROLE) == done and item.data(SUMMARY_ROLE) == summary:
            # Pages say their status after every change; most leave it as it was, and laying
            # out and repainting the list for nothing cost ~3 ms per answer while phones scored.
            return
        item.setData(DONE_ROLE, done)
        item.setData(SUMMARY_ROLE, summary)
        number = item.data(NUMBER_ROLE)
        state = "done" if done else "not done"
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            f"Step {number}: {item.text()}, {state}" + (f": {summary}" if summary else ""),
        )
        item.setToolTip(f"{item.text()} — {state}" + (f": {summary}" if summary else ""))
        self.fit_width()
        self.doItemsLayout()  # a summary that now wraps (or no longer does) changes the row's height

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.fit_width()
            self.doItemsLayout()
