"""The action list of the delivery sheets: each action's title on up to two lines, then badges for
what its sheet still lacks (no lead, no review point).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from jcs_desktop.ui.planning.common import NOTICE_EDGE, NOTICE_TINT, SHORT_PROBLEM
from jcs_desktop.ui.planning.models import PROBLEMS_ROLE

_PAD = 8
_PILL_GAP = 6


class ActionBadgeDelegate(QStyledItemDelegate):
    """An action in the list: its title on up to two lines, then badges for what its sheet lacks."""

    def _lines(self, option: QStyleOptionViewItem) -> int:
        return 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, _PAD * 2 + fm.lineSpacing() * self._lines(option) + 6 + fm.height() + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        fm = QFontMetrics(opt.font)
        rect = opt.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        text_rect = QRect(rect.left(), rect.top(), rect.width(), fm.lineSpacing() * self._lines(opt))
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.setFont(opt.font)
        elided = elide_lines(fm, text, text_rect.width(), self._lines(opt))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), elided)
        problems = index.data(PROBLEMS_ROLE) or []
        x = rect.left()
        y = text_rect.bottom() + 6
        small = QFontMetrics(opt.font)
        for problem in problems:
            label = SHORT_PROBLEM.get(problem, problem)
            w = small.horizontalAdvance(label) + 14
            pill = QRect(x, y, w, small.height() + 4)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(NOTICE_EDGE)
            painter.setBrush(NOTICE_TINT)
            painter.drawRoundedRect(pill, 8, 8)
            painter.setPen(QColor("#5b3b00"))
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), label)
            x += w + _PILL_GAP
        if not problems:
            painter.setPen(
                opt.palette.color(
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
                )
            )
            # Cut with "…" in a narrow list (large text) rather than clipped mid-letter.
            painter.drawText(
                QRect(x, y, rect.width(), small.height() + 4),
                int(Qt.AlignmentFlag.AlignVCenter),
                small.elidedText("✓ Lead and review points", Qt.TextElideMode.ElideRight, rect.right() - x),
            )
        painter.restore()


def elide_lines(fm: QFontMetrics, text: str, width: int, lines: int) -> str:
    """Wrap ``text`` by words into at most ``lines`` lines, eliding the last."""
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
    if out:
        out[-1] = fm.elidedText(out[-1], Qt.TextElideMode.ElideRight, width)
    return "\n".join(out)
