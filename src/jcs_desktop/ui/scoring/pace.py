"""The gentle pace timer of participant mode, against the workbook's pace of about a minute per element."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QFontMetrics,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.ui.scoring.scheme import Scheme
from jcs_desktop.ui.widgets.fonts import at_points

ELEMENT_PACE_SECONDS = 60
"""The workbook's pace: about a minute per element (five minutes per driver)."""


def _minutes(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def pace_guidance(framework: Framework) -> str:
    """The workbook's own sentence about pace, for the timer's tooltip (empty if none)."""
    for section in framework.guidance:
        for paragraph in section.paragraphs:
            if "minute" in paragraph.lower():
                return paragraph
    return ""


class PaceTimer(QWidget):
    """A gentle, optional timer: time on this element and this driver, against the workbook's pace."""

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.label = QLabel()
        self.label.setProperty("role", "muted")
        # As wide as the top bar leaves; the text shortens to fit (see _fit_text), never the other way.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setAccessibleName("Time on this element")
        self.bar = QProgressBar()
        self.bar.setRange(0, ELEMENT_PACE_SECONDS)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(160)
        self.bar.setAccessibleName("Time on this element, against about a minute")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        guidance = pace_guidance(framework)
        self.setToolTip(guidance or "About a minute per element, five minutes per driver")
        self._element_id: str | None = None
        self._started = time.monotonic()
        self._driver_seconds: dict[str, float] = {}
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)

    def start_element(self, element_id: str) -> None:
        self._bank()
        self._element_id = element_id
        self._started = time.monotonic()
        self.refresh()
        if self.isVisibleTo(self.window()):
            self._tick.start()

    def stop(self) -> None:
        self._bank()
        self._element_id = None
        self._tick.stop()

    def reset(self) -> None:
        self._tick.stop()
        self._element_id = None
        self._driver_seconds = {}
        self.label.clear()
        self.bar.setValue(0)

    def _bank(self) -> None:
        if self._element_id is not None:
            driver = self._element_id.partition(".")[0]
            spent = time.monotonic() - self._started
            self._driver_seconds[driver] = self._driver_seconds.get(driver, 0.0) + spent

    def refresh(self) -> None:
        if self._element_id is None:
            return
        on_element = time.monotonic() - self._started
        driver = self._element_id.partition(".")[0]
        on_driver = self._driver_seconds.get(driver, 0.0) + on_element
        per_driver = ELEMENT_PACE_SECONDS * self.framework.elements_per_driver
        self.bar.setValue(min(int(on_element), ELEMENT_PACE_SECONDS))
        self._times = (on_element, on_driver, per_driver)
        self._fit_text()

    def _fit_text(self) -> None:
        times = getattr(self, "_times", None)
        if times is None or self._element_id is None:
            return
        text = self.text_for(*times)
        fm = QFontMetrics(self.label.font())
        if fm.horizontalAdvance(text) > self.label.width():
            text = self.short_text_for(*times)
            if fm.horizontalAdvance(text) > self.label.width():
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, self.label.width())
        self.label.setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_text()

    @staticmethod
    def short_text_for(on_element: float, on_driver: float, per_driver: int) -> str:
        return f"{_minutes(on_element)} of ~1 min · driver {_minutes(on_driver)} of ~{per_driver // 60} min"

    @staticmethod
    def text_for(on_element: float, on_driver: float, per_driver: int) -> str:
        pace = "take the time you need" if on_element > ELEMENT_PACE_SECONDS else "about a minute each"
        return (
            f"This element {_minutes(on_element)} ({pace}) · "
            f"this driver {_minutes(on_driver)} of about {per_driver // 60} min"
        )

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.label.setFont(at_points(unit * 1.05))
        shortest = self.short_text_for(3599, 3599, ELEMENT_PACE_SECONDS * 5)
        self.label.setMinimumWidth(QFontMetrics(self.label.font()).horizontalAdvance(shortest) + 8)
        self._fit_text()
