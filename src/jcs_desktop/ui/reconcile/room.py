"""The room display: a second window for the projector, showing only what the room should see.

It shows the current element with its four descriptors, the discussion timer when one
runs, and — only after the facilitator reveals the scores — the anonymous distribution
(how many people chose each level; never a name, an organisation or a sector). The
controls stay on the facilitator's laptop: this window has none besides closing (Esc).
It follows the reconciliation page through ``RoomFeed.view_changed``.

With a second screen (a projector) it fills that screen. With only the laptop's screen it
is a normal window the facilitator moves and resizes, opened beside the main window where
there is room for it (never over the controls when it can help it), and where it was left
the last time after that (remembered in the settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import ElementStats
from jcs_desktop.ui.reconcile.widgets import DescriptorCards
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import DistributionChart
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import element_number
from jcs_desktop.ui.widgets.theme import base_font


@dataclass(frozen=True)
class RoomView:
    """Everything the room display may show: built by the page, with no names in it by construction."""

    element_id: str = ""
    driver_title: str = ""
    number: str = ""
    element_title: str = ""
    level_names: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    revealed: bool = False
    counts: dict[int, int] = field(default_factory=dict)
    scored: int = 0
    not_sure: int = 0
    agreed: int | None = None
    timer_text: str = ""
    timer_overtime: bool = False


def element_room_view(
    fw: Framework,
    element_id: str | None,
    stats: ElementStats | None,
    agreed: int | None,
    *,
    revealed: bool,
    timer_text: str = "",
    timer_overtime: bool = False,
) -> RoomView:
    """What the room sees of ``element_id`` (None: no element): the counts only when ``revealed``."""
    if element_id is None:
        return RoomView(timer_text=timer_text)
    element = fw.element(element_id)
    shown = revealed and stats is not None
    return RoomView(
        element_id=element.id,
        driver_title=fw.driver_of(element.id).title,
        number=element_number(fw, element.id),
        element_title=element.title,
        level_names=tuple(lv.name for lv in fw.levels),
        descriptors=tuple(element.descriptors),
        revealed=shown,
        counts=dict(stats.overall.counts) if shown else {},
        scored=stats.overall.n if shown else 0,
        not_sure=stats.not_sure if shown else 0,
        agreed=agreed,
        timer_text=timer_text,
        timer_overtime=timer_overtime,
    )


class RoomFeed(QObject):
    """What the page publishes for the room display."""

    view_changed = Signal(object)  # RoomView

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = RoomView()

    def publish(self, view: RoomView) -> None:
        if view != self.view:
            self.view = view
            self.view_changed.emit(view)


SETTING_GEOMETRY = "reconcile/room_geometry"
ROOM_TEXT_SCALE_CAP = 1.25
MIN_SIZE = (480, 320)
"""The smallest free area beside the main window worth opening the room display in."""


def free_area(screen: QRect, main: QRect, least: tuple[int, int] = MIN_SIZE) -> QRect | None:
    """The largest part of ``screen`` to the right, left, below or above ``main``, if at least ``least``."""
    main = main.intersected(screen)
    candidates = [
        QRect(main.right() + 1, screen.top(), screen.right() - main.right(), screen.height()),
        QRect(screen.left(), screen.top(), main.left() - screen.left(), screen.height()),
        QRect(screen.left(), main.bottom() + 1, screen.width(), screen.bottom() - main.bottom()),
        QRect(screen.left(), screen.top(), screen.width(), main.top() - screen.top()),
    ]
    fits = [r for r in candidates if r.width() >= least[0] and r.height() >= least[1]]
    return max(fits, key=lambda r: r.width() * r.height()) if fits else None


class RoomDisplayWindow(QWidget):
    """Top-level window for a second screen or projector."""

    closed = Signal()

    def __init__(
        self, feed: RoomFeed, level_count: int, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> None:
        # A separate top-level window even with a parent, so it can sit on another screen.
        super().__init__(parent, Qt.WindowType.Window)
        self._settings = settings
        self.placement_note = ""
        """After ``place``: a sentence for the facilitator when the window could not avoid the main window."""
        self._fonts_for = 1.0
        self.setWindowTitle("Room display — JCS Desktop")
        self.setAccessibleName("Room display")
        self.setStyleSheet("RoomDisplayWindow { background: white; }")
        self.setAutoFillBackground(True)
        # Always dark text on white, whatever the laptop's own contrast setting: this window is
        # for the projector, where black on white is the strongest contrast there is.
        pal = self.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            pal.setColor(role, Qt.GlobalColor.white)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            pal.setColor(role, QColor("#111111"))
        pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#5f5f5f"))
        self.setPalette(pal)
        self._feed = feed

        self.driver_label = QLabel(self)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.timer_label = QLabel(self)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.cards = DescriptorCards(level_count, self, on_white=True)
        self.chart = DistributionChart(self)
        self.summary_label = QLabel(self)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.driver_label)
        heading.addWidget(self.title_label)
        top.addLayout(heading, 1)
        top.addWidget(self.timer_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.cards, 0)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.summary_label)

        self._apply_fonts()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.close)
        feed.view_changed.connect(self.render)
        self.render(feed.view)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the app-wide text size changed
            self._apply_fonts()

    def _grow(self) -> float:
        """How much larger than a 1366×768 laptop screen the window is: text grows with it, as the
        room reads it from afar (never smaller than the facilitator's own text size)."""
        return max(1.0, min(self.width() / 1366, self.height() / 768, 2.5))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if abs(self._grow() - self._fonts_for) > 0.05:
            self._apply_fonts()

    def _apply_fonts(self) -> None:
        self._fonts_for = self._grow()
        # The laptop's text size counts up to 125 %: beyond that (a facilitator's own large text) the
        # descriptors would crowd out the distribution; the window's size makes the text larger.
        unscaled = base_font().pointSizeF()
        scale = self.font().pointSizeF() / unscaled if unscaled > 0 else 1.0
        base = scaled_font(self.font(), self._fonts_for * min(scale, ROOM_TEXT_SCALE_CAP) / max(scale, 0.01))
        self.driver_label.setFont(scaled_font(base, 1.4))
        self.title_label.setFont(scaled_font(base, 2.2, bold=True))
        self.timer_label.setFont(scaled_font(base, 2.2, bold=True))
        self.summary_label.setFont(scaled_font(base, 1.4))
        self.cards.set_fonts(base, 1.35)
        self.chart.set_font_factor(1.5 * self._fonts_for)

    def render(self, view: RoomView) -> None:
        self.driver_label.setText(f"{view.driver_title}  ·  {view.number}" if view.element_id else "")
        self.title_label.setText(view.element_title)
        if view.descriptors:
            self.cards.set_element(view.level_names, view.descriptors)
        self.cards.set_marks(view.agreed, None)
        self.timer_label.setText(view.timer_text)
        self.timer_label.setStyleSheet(f"color: {palette.DIVERGENT_COLOUR};" if view.timer_overtime else "")
        if view.revealed:
            self.chart.set_distribution(view.counts, view.level_names, view.agreed)
            extra = f" · {view.not_sure} not sure" if view.not_sure else ""
            self.summary_label.setText(f"{view.scored} {'person' if view.scored == 1 else 'people'} scored{extra}")
        else:
            self.chart.show_message("Individual scores are hidden until the facilitator reveals them")
            self.summary_label.setText("")

    def place(self) -> None:
        """Full screen on a second screen if there is one, else a normal window beside the main one."""
        screens = QGuiApplication.screens()
        main = self.parentWidget().window() if self.parentWidget() is not None else None
        own = main.screen() if main is not None else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not own]
        self.placement_note = ""
        if others:
            target = others[0]
            self.setScreen(target)
            self.setGeometry(target.availableGeometry())
            self.showFullScreen()
            self.raise_()
            return
        saved = self._settings.value(SETTING_GEOMETRY) if self._settings is not None else None
        if saved is None or not self.restoreGeometry(saved):
            self._place_beside(own.availableGeometry(), main.frameGeometry() if main is not None else QRect())
        self.showNormal()
        self.raise_()

    def _place_beside(self, screen: QRect, main: QRect) -> None:
        # move() places the frame, resize() the inside: leave room for a title bar and borders.
        frame_w, frame_h = 16, 40
        hint = self.minimumSizeHint()
        least = (max(MIN_SIZE[0], hint.width() + frame_w), max(MIN_SIZE[1], hint.height() + frame_h))
        area = free_area(screen, main, least) if main.isValid() else screen
        if area is not None:
            self.resize(min(area.width(), 1024) - frame_w, min(area.height(), 700) - frame_h)
            self.move(area.left(), area.top())
            return
        # No room beside the main window: a small window in the screen's bottom-right corner, and a
        # word to the facilitator, rather than a large one over the element list and the buttons.
        width = min(screen.width(), max(least[0], screen.width() // 3))
        height = min(screen.height(), max(least[1], screen.height() // 3))
        self.resize(width - frame_w, height - frame_h)
        self.move(screen.right() - width + 1, screen.bottom() - height + 1)
        self.placement_note = (
            "Only one screen: the room display opened small, in a corner. Drag and resize it where it suits "
            "(it opens there next time), or connect a projector and it fills that screen."
        )

    def _remember(self) -> None:
        if self._settings is not None and not self.isFullScreen():
            self._settings.setValue(SETTING_GEOMETRY, self.saveGeometry())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember()
        self.closed.emit()
        super().closeEvent(event)
