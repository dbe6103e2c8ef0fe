"""Participant mode's summary: the participant's own scores, by driver, to look over before handing over."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import NOT_SURE, Score
from jcs_desktop.ui.scoring.cards import BigButton
from jcs_desktop.ui.scoring.scheme import STANDARD, Scheme
from jcs_desktop.ui.widgets.fonts import at_points


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" rather than widen its column."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 200), hint.height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)


class SummaryRow(QAbstractButton):
    """One element in the summary: its title (shortened to fit) and the participant's own answer."""

    def __init__(self, title: str, answer: str, state: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.answer = answer
        self.state = state  # "level", "not-sure" or "open"
        self._theme: Scheme = STANDARD
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(f"{title}\n{answer}")
        self.setAccessibleName(f"{title}: {answer}")
        self.setText(f"{title}: {answer}")

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._theme = theme
        self.setFont(at_points(unit * 1.2))
        self.setFixedHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(300, max(48, int(QFontMetrics(self.font()).height() * 1.8)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.chip_width() + 60, self.smallest_height())

    def smallest_height(self) -> int:
        """Still easy to tap and read: the text with a little room above and below."""
        return QFontMetrics(self.font()).height() + 12

    def chip_width(self) -> int:
        fm = QFontMetrics(at_points(self.font().pointSizeF(), bold=True))
        return max(fm.horizontalAdvance(SummaryPage.NOT_SURE_TEXT), fm.horizontalAdvance(SummaryPage.OPEN_TEXT)) + 24

    def paintEvent(self, event) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 5.0 if self.hasFocus() else 1.5
        edge = QColor(t.focus) if self.hasFocus() else QColor(t.border)
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        painter.fillPath(path, QColor(t.surface))
        painter.setPen(QPen(edge, width))
        painter.drawPath(path)
        chip_w = self.chip_width()
        chip = QRectF(rect.right() - chip_w - 6, rect.top() + 6, chip_w, rect.height() - 12)
        if self.state == "level":
            chip_fill, chip_text = QColor(t.selected), QColor(t.selected_text)
        elif self.state == "not-sure":
            chip_fill, chip_text = QColor(t.not_sure), QColor(t.text)
        else:
            chip_fill, chip_text = QColor(t.surface), QColor(t.warn)
        chip_path = QPainterPath()
        chip_path.addRoundedRect(chip, 6, 6)
        painter.fillPath(chip_path, chip_fill)
        if self.state == "open":
            painter.setPen(QPen(QColor(t.warn), 2, Qt.PenStyle.DashLine))
            painter.drawPath(chip_path)
        bold = at_points(self.font().pointSizeF(), bold=True)
        painter.setFont(bold)
        painter.setPen(chip_text)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, self.answer)
        painter.setFont(self.font())
        painter.setPen(QColor(t.text))
        text_rect = QRectF(rect.left() + 14, rect.top(), chip.left() - rect.left() - 24, rect.height())
        elided = QFontMetrics(self.font()).elidedText(self.title, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.click()
            return
        event.ignore()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.ignore()


class SummaryPage(QWidget):
    """The participant's own scores, by driver, to look over and change before handing over."""

    revise = Signal(str)
    back_to_scoring = Signal()
    finish = Signal()

    NOT_SURE_TEXT = "Not sure"
    OPEN_TEXT = "To do"

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.rows: list[SummaryRow] = []
        self._driver_labels: list[QLabel] = []
        self._theme: Scheme = STANDARD
        self._unit = 10.0
        self.title = QLabel("Your scores")
        self.counts = QLabel()
        self.counts.setProperty("role", "muted")
        self.counts.setWordWrap(True)
        self._holder = QWidget()
        self._grid = QGridLayout(self._holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Titles shorten and rows shrink to fit (see _fit_rows): the whole list is in view at once.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll = scroll
        self.back_button = BigButton("← Back to scoring")
        self.back_button.clicked.connect(self.back_to_scoring)
        self.finish_button = BigButton("I have finished: hand over", primary=True)
        self.finish_button.setAccessibleName("I have finished: hand over to the next person")
        self.finish_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(18)
        heading.addWidget(self.counts, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def set_scores(self, scores: dict[str, Score]) -> None:
        self.clear()
        fw = self.framework
        columns = 3
        answered = sum(1 for v in scores.values() if v is not None)
        not_sure = sum(1 for v in scores.values() if v == NOT_SURE)
        total = len(fw.element_ids())
        parts = [f"{answered} of {total} answered"]
        if not_sure:
            parts.append(f"{not_sure} not sure")
        if answered < total:
            parts.append(f"{total - answered} still to do")
        self.counts.setText(" · ".join(parts) + ". Choose an element to change your answer.")
        per_driver = fw.elements_per_driver + 1
        for d_index, driver in enumerate(fw.drivers):
            base_row = (d_index // columns) * (per_driver + 1)
            col = d_index % columns
            heading = ElidedLabel(f"{d_index + 1}. {driver.title}")
            heading.setToolTip(driver.title)
            heading.setFont(at_points(self._unit * 1.25, bold=True))
            self._grid.addWidget(heading, base_row, col)
            self._driver_labels.append(heading)
            for e_index, element in enumerate(driver.elements):
                value = scores.get(element.id)
                if value is None:
                    answer, state = self.OPEN_TEXT, "open"
                elif value == NOT_SURE:
                    answer, state = self.NOT_SURE_TEXT, "not-sure"
                else:
                    answer, state = f"{value}", "level"
                row = SummaryRow(element.title, answer, state)
                if state == "open":
                    row.setAccessibleName(f"{element.title}: not answered yet")
                if state == "level":
                    row.setAccessibleName(f"{element.title}: level {value}, {fw.levels[int(value) - 1].name}")
                    row.setToolTip(f"{element.title}\nLevel {value}: {fw.levels[int(value) - 1].name}")
                row.apply_style(self._theme, self._unit)
                row.clicked.connect(lambda _=False, e=element.id: self.revise.emit(e))
                self._grid.addWidget(row, base_row + 1 + e_index, col)
                self.rows.append(row)
        for i in range(1, len(self.rows)):
            self.setTabOrder(self.rows[i - 1], self.rows[i])
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as the room allows (up to their natural height), so that no scrolling is needed."""
        if not self.rows:
            return
        columns = 3
        blocks = -(-len(self.framework.drivers) // columns)
        per_block = self.framework.elements_per_driver
        spacing = self._grid.verticalSpacing()
        heading = max((label.sizeHint().height() for label in self._driver_labels), default=0)
        room = self._scroll.viewport().height() - blocks * (heading + spacing) - blocks * per_block * spacing
        each = room // max(blocks * per_block, 1)
        natural = self.rows[0].sizeHint().height()
        smallest = self.rows[0].smallest_height()
        height = max(smallest, min(natural, each))
        for row in self.rows:
            row.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def clear(self) -> None:
        for widget in [*self.rows, *self._driver_labels]:
            self._grid.removeWidget(widget)
            widget.hide()
            widget.setParent(None)  # gone at once, not at the next event loop turn
            widget.deleteLater()
        self.rows = []
        self._driver_labels = []
        self.counts.clear()

    def focus_first_open(self) -> None:
        target = next((r for r in self.rows if r.state == "open"), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self._scroll.ensureWidgetVisible(target)
        else:
            self.finish_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self._theme = theme
        self._unit = unit
        self.title.setFont(at_points(unit * 2.2, bold=True))
        self.counts.setFont(at_points(unit * 1.3))
        for label in self._driver_labels:
            label.setFont(at_points(unit * 1.25, bold=True))
        for row in self.rows:
            row.apply_style(theme, unit)
        self._fit_rows()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.rows:
            current = next((i for i, r in enumerate(self.rows) if r.hasFocus()), None)
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            target = 0 if current is None else min(max(current + step, 0), len(self.rows) - 1)
            self.rows[target].setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(self.rows[target])
            event.accept()
            return
        event.ignore()


class UnansweredPage(QWidget):
    """Before handing over with elements still open: how many, with "Go back" as the default."""

    go_back = Signal()
    finish_anyway = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.explain = QLabel(
            "Unanswered elements are left out of the group's results. "
            "Go back to answer them (choose “Not sure” if you cannot say), or finish anyway."
        )
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "muted")
        self.back_button = BigButton("Go back", primary=True)
        self.back_button.setAccessibleName("Go back to your scores")
        self.back_button.clicked.connect(self.go_back)
        self.finish_button = BigButton("Finish anyway")
        self.finish_button.setAccessibleName("Finish anyway and hand over")
        self.finish_button.clicked.connect(self.finish_anyway)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addWidget(self.explain)
        layout.addSpacing(36)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.setTabOrder(self.back_button, self.finish_button)

    def prepare(self, unanswered: int, total: int) -> None:
        noun = "element" if unanswered == 1 else "elements"
        self.title.setText(f"You have not answered {unanswered} of {total} {noun}.")

    def clear(self) -> None:
        self.title.clear()

    def focus_default(self) -> None:
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.title.setFont(at_points(unit * 2.4, bold=True))
        self.explain.setFont(at_points(unit * 1.5))
        for b in (self.back_button, self.finish_button):
            b.setMinimumWidth(int(unit * 18))
            b.setMinimumHeight(max(56, int(unit * 5)))
