"""The element under discussion, in the middle of Reconcile: its driver and title, the four
descriptors (always shown, with the agreed or suggested level marked) and, under them, its
individual scores (``ScoresPanel``: hidden until revealed)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Framework
from jcs_desktop.ui.reconcile.scores import ScoresPanel
from jcs_desktop.ui.reconcile.widgets import DescriptorCards
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import element_number


class ElementPanel(QWidget):
    def __init__(self, fw: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fw = fw
        self.driver_label = QLabel(self)
        self.driver_label.setAccessibleName("Driver")
        self.element_label = QLabel(self)
        self.element_label.setWordWrap(True)
        self.element_label.setAccessibleName("Element")
        self.cards = DescriptorCards(fw.level_count, self)
        self.scores = ScoresPanel(fw, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.driver_label)
        layout.addWidget(self.element_label)
        layout.addWidget(self.cards, 0)
        layout.addWidget(self.scores, 1)

    def apply_fonts(self, base: QFont) -> None:
        self.driver_label.setFont(scaled_font(base, 1.1))
        # The title grows less than the text at large sizes: it is read once, the descriptors discussed.
        self.element_label.setFont(scaled_font(base, 1.6 if base.pointSizeF() < 12 else 1.3, bold=True))
        self.cards.set_fonts(base, 1.05)
        self.scores.apply_fonts(base)

    def fit_cards(self, room: int) -> None:
        """Four descriptors side by side when each gets about 18 characters a line in ``room``
        pixels, else two by two."""
        card_width = 18 * self.cards.fontMetrics().averageCharWidth() * 1.05 + 24
        count = self.fw.level_count
        self.cards.set_columns(count if room >= card_width * count else 2)

    def show_nothing(self) -> None:
        self.driver_label.setText("")
        self.element_label.setText("Open a workshop to reconcile its scores")
        self.scores.show_nothing()

    def show_element(self, element_id: str, agreed: int | None, suggested: int | None) -> None:
        """``element_id``'s heading and descriptors, marking the ``agreed`` (else ``suggested``) level."""
        fw = self.fw
        element = fw.element(element_id)
        self.driver_label.setText(f"{fw.driver_of(element_id).title}  ·  {element_number(fw, element_id)}")
        self.element_label.setText(element.title)
        self.cards.set_element([lv.name for lv in fw.levels], element.descriptors)
        self.cards.set_marks(agreed, suggested)


__all__ = ["ElementPanel"]
