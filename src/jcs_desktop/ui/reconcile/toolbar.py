"""The Reconcile toolbar: discussion order, reveal, how people are shown, the timer and the room display.

The toolbar only holds and shows its controls; the page connects them to what they do.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from jcs_desktop.ui.reconcile.models import ANONYMITY_LABELS, ORDER_LABELS, Anonymity
from jcs_desktop.ui.reconcile.widgets import ElementTimer
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.layouts import FlowLayout
from jcs_desktop.ui.widgets.theme import PageTitle


def _button_width(button: QPushButton, text: str) -> int:
    """The width ``button`` would want showing ``text``."""
    shown = button.text()
    button.setText(text)
    width = button.sizeHint().width()
    button.setText(shown)
    return width


def _group(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets kept together on one line of the toolbar (a caption and its control)."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box


class ReconcileToolbar(QWidget):
    def __init__(self, timer: ElementTimer, anonymity: Anonymity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self.order_combo = QComboBox(self)
        for order, label in ORDER_LABELS.items():
            self.order_combo.addItem(label, order.value)
        self.order_combo.setAccessibleName("Discussion order")
        self.order_combo.setToolTip("Discuss the elements in workbook order, or the largest disagreement first")

        self.reveal_button = QPushButton("Reveal scores", self)
        self.reveal_button.setCheckable(True)
        self.reveal_button.setAccessibleName("Reveal individual scores")
        self.reveal_button.setToolTip(
            "Show or hide the individual scores of this element (Ctrl+R); every element at once: Ctrl+Shift+R"
        )

        self.anonymity_combo = QComboBox(self)
        for mode, label in ANONYMITY_LABELS.items():
            self.anonymity_combo.addItem(label, mode.value)
        self.anonymity_combo.setCurrentIndex(self.anonymity_combo.findData(anonymity.value))
        self.anonymity_combo.setAccessibleName("Show people as")
        self.anonymity_combo.setToolTip("How people are shown in the heatmap: by name, by letter or by sector only")

        self.timer_minutes = QSpinBox(self)
        self.timer_minutes.setRange(1, 60)
        self.timer_minutes.setValue(timer.duration // 60)
        self.timer_minutes.setSuffix(" min")
        self.timer_minutes.setAccessibleName("Minutes for this element")
        self.timer_minutes.setToolTip("How long to allow for discussing one element")
        self.timer_button = QPushButton("Start timer", self)
        self.timer_button.setAccessibleName("Start or pause the timer")
        self.timer_button.setToolTip("Start or pause the discussion timer for this element (Ctrl+T)")
        self.timer_reset_button = QPushButton("Reset", self)
        self.timer_reset_button.setAccessibleName("Reset the timer")
        self.timer_label = QLabel(timer.text(), self)
        self.timer_label.setAccessibleName("Time left")

        self.room_button = QPushButton("Room display", self)
        self.room_button.setCheckable(True)
        self.room_button.setAccessibleName("Room display window")
        self.room_button.setToolTip(
            "Open a second window for the projector that shows only the element and, after reveal, "
            "the anonymous distribution (F5)"
        )

        # A flow, not a row: at large text on a laptop the controls wrap onto a second line
        # instead of making the window wider than the screen. Each caption stays with its control.
        self.title_label = PageTitle("Reconcile", self)
        flow = FlowLayout(self)
        flow.setContentsMargins(0, 0, 0, 0)
        flow.addWidget(self.title_label)
        # The order and timer controls say what they are ("Workbook order", "5 min", "Start timer"),
        # so they go without captions: the toolbar then fits one line of a 1366-pixel laptop.
        flow.addWidget(self.order_combo)
        flow.addWidget(self.reveal_button)
        flow.addWidget(_group(self, QLabel("Show people as:", self), self.anonymity_combo))
        flow.addWidget(_group(self, self.timer_minutes, self.timer_button, self.timer_reset_button, self.timer_label))
        flow.addStretch()
        flow.addWidget(self.room_button)

    def show_revealed(self, revealed: bool) -> None:
        """The reveal button's state, without emitting its signal."""
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(revealed)
        self.reveal_button.setText("Hide scores" if revealed else "Reveal scores")
        self.reveal_button.blockSignals(False)

    def show_timer(self) -> None:
        timer = self.timer
        self.timer_label.setText(timer.text())
        # Overtime in the divergence colour; otherwise the palette's own text colour (high contrast too).
        self.timer_label.setStyleSheet(f"color: {palette.DIVERGENT_COLOUR};" if timer.overtime else "")
        if timer.running:
            self.timer_button.setText("Pause timer")
        else:
            self.timer_button.setText("Resume timer" if timer.started else "Start timer")

    def show_room_open(self, on: bool) -> None:
        """The room display button's state, without emitting its signal."""
        self.room_button.blockSignals(True)
        self.room_button.setChecked(on)
        self.room_button.blockSignals(False)

    def apply_fonts(self, base: QFont) -> None:
        self.timer_label.setFont(scaled_font(base, 1.3, bold=True))
        # As wide as the widest text each shows, so the toolbar does not shift as they change.
        self.timer_label.setMinimumWidth(QFontMetrics(self.timer_label.font()).horizontalAdvance("+00:00") + 4)
        for button, texts in (
            (self.reveal_button, ("Reveal scores", "Hide scores")),
            (self.timer_button, ("Start timer", "Pause timer", "Resume timer")),
        ):
            button.setMinimumWidth(max(_button_width(button, text) for text in texts))


__all__ = ["ReconcileToolbar"]
