"""The frame around one open workshop: the steps on the left, the current step's page on the right.

Pages come from the registry in ``ui/core/steps.py`` and are created lazily: the page
the facilitator opens first is built at once, the others one per event-loop turn
afterwards so that every step's tick and summary fill in without slowing the
window down. A step whose module is not there yet shows a plain "not built yet" page.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
from html import escape

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import NotFound, StoreError
from jcs_desktop.ui.core.context import PARTICIPANTS, WORKSHOPS, AppContext, Change
from jcs_desktop.ui.core.steps import STEPS, Step, StepStatus
from jcs_desktop.ui.widgets.labels import ROUTE_LABELS, format_date
from jcs_desktop.ui.widgets.layouts import CurrentPageStack
from jcs_desktop.ui.widgets.theme import mute, show_focus

KEY_ROLE = Qt.ItemDataRole.UserRole
DONE_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3


class PlaceholderPage(QWidget):
    """Stands in for a step whose page is not part of this build (or failed to load)."""

    status_changed = Signal()

    def __init__(self, step: Step, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setObjectName(f"placeholder-{step.key}")
        label = QLabel(f"<h2>{step.title}</h2><p>{message}</p>")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setObjectName("placeholderLabel")
        label.setAccessibleName(f"{step.title}: {message}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(label)
        layout.addStretch(1)
        self._message = message

    def set_workshop(self, workshop_id: int) -> None:
        pass

    def step_status(self) -> StepStatus:
        return StepStatus(False, "Not built yet")


def not_built_message(step: Step) -> str:
    return f"The “{step.title}” step is not built yet in this version of JCS Desktop."


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
        """Room above and below a step: less at large text, where eight steps must still fit a laptop."""
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
            if lines and fm.horizontalAdvance(lines[0]) > width:
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


class WorkshopView(QWidget):
    """One open workshop, walked through in steps.

    Public API for other pages and tests: ``set_workshop(id)``, ``workshop_id``,
    ``show_step(key) -> page``, ``page(key) -> page`` (created if needed),
    ``current_key()``, ``next_step()``, ``previous_step()``, ``status(key)``.
    """

    back_requested = Signal()
    step_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopView")
        self.ctx = ctx
        self.workshop_id: int | None = None
        self._pages: dict[str, QWidget] = {}
        self._pending: list[str] = []
        self._steps = {s.key: s for s in STEPS}

        self.back_button = QPushButton("← All workshops")
        self.back_button.setObjectName("backToListButton")
        self.back_button.setAccessibleName("Back to all workshops")
        self.back_button.setToolTip("Back to the list of workshops (Alt+Home)")
        self.back_button.clicked.connect(self.back_requested)
        self.title_label = QLabel()
        self.title_label.setObjectName("workshopTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("workshopSubtitle")
        mute(self.subtitle_label)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.steps = StepList()
        show_focus(self.steps)
        self.steps.currentRowChanged.connect(self._row_changed)
        self.stack = CurrentPageStack()
        self.stack.setObjectName("stepPages")

        self.prev_button = QPushButton()
        self.prev_button.setObjectName("previousStepButton")
        self.prev_button.setToolTip("Previous step (Ctrl+PgUp)")
        self.prev_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextStepButton")
        self.next_button.setToolTip("Next step (Ctrl+PgDown)")
        self.next_button.clicked.connect(self.next_step)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stack, 1)
        right.addLayout(nav)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.steps)
        body.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        for keys, slot in (
            ((QKeySequence("Ctrl+PgDown"),), self.next_step),
            ((QKeySequence("Ctrl+PgUp"),), self.previous_step),
        ):
            for key in keys:
                QShortcut(key, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._create_next_pending)
        ctx.changed.connect(self._on_change)
        self._update_nav()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.steps.available_width = self.width()
        self.steps.fit_width()

    # -- keyboard -----------------------------------------------------------------

    def tab_stops(self) -> list[QWidget]:
        """Where Tab goes, in the order the facilitator reads the window: the way back to the list,
        the steps, the page on show (in its own order), then the previous and next step buttons.

        Qt's own order would put the step buttons before the page: the pages are created after them.
        """
        page = self.stack.currentWidget()
        inside: list[QWidget] = []
        if page is not None:
            window = self.window()
            widget = window.nextInFocusChain()
            for _ in range(5000):  # the chain is a ring; bounded in case it is ever broken
                if widget is window or widget is None:
                    break
                if page.isAncestorOf(widget):
                    inside.append(widget)
                widget = widget.nextInFocusChain()
        candidates = [self.back_button, self.steps, *inside, self.prev_button, self.next_button]
        return [w for w in candidates if _takes_tab(w)]

    def focusNextPrevChild(self, next: bool) -> bool:
        stops = self.tab_stops()
        current = QApplication.focusWidget()
        while current is not None and current not in stops and self.isAncestorOf(current):
            current = current.parentWidget()  # e.g. the editor inside a spin box
        if not stops or current not in stops:
            return super().focusNextPrevChild(next)
        step = 1 if next else -1
        target = stops[(stops.index(current) + step) % len(stops)]
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        area = target.parentWidget()
        while area is not None and area is not self:  # scroll to it, as QScrollArea itself would
            if isinstance(area, QScrollArea):
                area.ensureWidgetVisible(target)
            area = area.parentWidget()
        return True

    # -- the open workshop --------------------------------------------------------

    def set_workshop(self, workshop_id: int) -> None:
        self.workshop_id = workshop_id
        self.ctx.reveal.open(workshop_id)  # opened (again): every element's scores hidden, new labels
        self._refresh_header()
        for key, page in self._pages.items():
            self._call_set_workshop(key, page)
        for step in STEPS:
            self.steps.set_status(step.key, self.status(step.key) if step.key in self._pages else None)
        self._pending = [s.key for s in STEPS if s.key not in self._pages]
        self._idle.start()

    def _refresh_header(self) -> None:
        if self.workshop_id is None:
            return
        try:
            w = self.ctx.services.workshops.get(self.workshop_id)
        except NotFound:
            return
        self.title_label.setText(f"<h2 style='margin:0'>{_escape(w.title)}</h2>")
        self.title_label.setAccessibleName(f"Workshop: {w.title}")
        bits = [w.partnership, format_date(w.date) if w.date else "", ROUTE_LABELS.get(w.route, w.route)]
        self.subtitle_label.setText("  ·  ".join(b for b in bits if b))

    def _on_change(self, change: Change) -> None:
        if change.touches(WORKSHOPS, PARTICIPANTS) and (
            change.workshop_id is None or change.workshop_id == self.workshop_id
        ):
            self._refresh_header()

    # -- pages --------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page of step ``key``, created (and given the open workshop) if it does not exist yet."""
        if key not in self._steps:
            raise KeyError(f"no step {key!r}")
        page = self._pages.get(key)
        if page is None:
            page = self._create_page(self._steps[key])
            self._pages[key] = page
            if key in self._pending:
                self._pending.remove(key)
            self.stack.addWidget(page)
            if hasattr(page, "status_changed"):
                page.status_changed.connect(lambda k=key: self._status_changed(k))
            if hasattr(page, "request_step"):
                page.request_step.connect(self.go_to)
            if self.workshop_id is not None:
                self._call_set_workshop(key, page)
                self._status_changed(key)
        return page

    def pages(self) -> dict[str, QWidget]:
        """The pages created so far, by step key."""
        return dict(self._pages)

    def _create_page(self, step: Step) -> QWidget:
        try:
            spec = importlib.util.find_spec(step.module)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            return PlaceholderPage(step, not_built_message(step))
        try:
            module = importlib.import_module(step.module)
            cls = getattr(module, step.cls)
            return cls(self.ctx)
        except Exception as exc:  # a broken page must not take the whole window down
            traceback.print_exc(file=sys.stderr)
            return PlaceholderPage(step, f"This step could not be opened: {_escape(str(exc))}")

    def _call_set_workshop(self, key: str, page: QWidget) -> None:
        try:
            page.set_workshop(self.workshop_id)
        except StoreError as exc:  # a damaged or unreachable database: say so plainly
            self.ctx.report_error(f"The “{self._steps[key].title}” step could not load this workshop. {exc}")
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.ctx.status_message.emit(f"The “{self._steps[key].title}” step could not load this workshop.")

    def _create_next_pending(self) -> None:
        if not self._pending or self.workshop_id is None:
            return
        self.page(self._pending[0])
        if self._pending:
            self._idle.start()

    def status(self, key: str) -> StepStatus | None:
        page = self._pages.get(key)
        if page is None or not hasattr(page, "step_status"):
            return None
        try:
            return page.step_status()
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return None

    def _status_changed(self, key: str) -> None:
        self.steps.set_status(key, self.status(key))

    # -- navigation ---------------------------------------------------------------

    def current_key(self) -> str | None:
        item = self.steps.currentItem()
        return item.data(KEY_ROLE) if item else None

    def show_step(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = [s.key for s in STEPS].index(key)
        if self.steps.currentRow() != row:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(row)
            self.steps.blockSignals(False)
        self._update_nav()
        if self.workshop_id is not None:
            self.ctx.settings.setValue(f"workshops/{self.workshop_id}/step", key)
        self.step_changed.emit(key)
        return page

    def go_to(self, key: str, item: object = None) -> QWidget:
        """Show step ``key`` and, if given, bring ``item`` (an action, a driver…) into view there.

        Pages ask for this through their ``request_step(key, item)`` signal, e.g. the action
        plan opening an action's delivery sheet.
        """
        page = self.show_step(key)
        if item is not None and hasattr(page, "focus_item"):
            page.focus_item(item)
        return page

    def show_first_step(self) -> QWidget:
        """The step last seen for this workshop, else Prepare."""
        key = str(self.ctx.settings.value(f"workshops/{self.workshop_id}/step", STEPS[0].key))
        return self.show_step(key if key in self._steps else STEPS[0].key)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(STEPS):
            self.show_step(STEPS[row].key)

    def next_step(self) -> None:
        row = self.steps.currentRow()
        if row + 1 < len(STEPS):
            self.show_step(STEPS[row + 1].key)

    def previous_step(self) -> None:
        row = self.steps.currentRow()
        if row > 0:
            self.show_step(STEPS[row - 1].key)

    def _update_nav(self) -> None:
        row = self.steps.currentRow()
        has_prev = row > 0
        has_next = 0 <= row < len(STEPS) - 1
        self.prev_button.setVisible(has_prev)
        self.next_button.setVisible(has_next)
        if has_prev:
            self.prev_button.setText(f"← {STEPS[row - 1].title}")
            self.prev_button.setAccessibleName(f"Back to step: {STEPS[row - 1].title}")
        if has_next:
            self.next_button.setText(f"Next: {STEPS[row + 1].title} →")
            self.next_button.setAccessibleName(f"Next step: {STEPS[row + 1].title}")


def _takes_tab(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def _escape(text: str) -> str:
    return escape(text, quote=False)
