"""The selected driver's details under the final-scores table.

Three parts side by side (the priority under the other two when the box is narrow): where
the driver stands (its agreed total, the distance to the next band, the elements closest to
moving), what the group will change (the target level and the Prioritised Improvement
Target), and whether the group takes it into the detailed assessment, in which order.
The box shows a ``DriverRow``; the page turns the edits (signals) into commands.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.dto import DriverPlanRecord
from jcs_desktop.ui.final_scores.models import CLOSEST_HIDDEN, DriverRow, next_band_text
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.labels import element_number
from jcs_desktop.ui.widgets.text_edits import CommitTextEdit


def priority_order(plans: Mapping[str, DriverPlanRecord]) -> list[str]:
    """The drivers chosen for the detailed assessment, in the group's order."""
    chosen = [p for p in plans.values() if p.priority is not None]
    return [p.driver_id for p in sorted(chosen, key=lambda p: (p.priority or 0, p.driver_id))]


class DriverDetails(QGroupBox):
    target_committed = Signal(str)
    """The improvement target box was left with new text."""
    target_level_chosen = Signal(object)
    """A target level (int) or None was chosen."""
    priority_clicked = Signal(bool)
    moved = Signal(int)
    """Move up (-1) or down (+1) the priority order."""

    def __init__(self, fw: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fw = fw
        fs = fw.final_scores
        self.detail_title = QLabel(self)
        self.distance_label = QLabel(self)
        self.distance_label.setWordWrap(True)
        self.distance_label.setAccessibleName("Distance to the next band")
        self.closest_label = QLabel(self)
        self.closest_label.setWordWrap(True)
        self.closest_label.setAccessibleName("Elements closest to moving")
        self.closest_label.setTextFormat(Qt.TextFormat.RichText)
        left = QVBoxLayout()
        left.addWidget(self.detail_title)
        left.addWidget(self.distance_label)
        left.addWidget(self.closest_label)
        left.addStretch(1)

        self.target_label = QLabel(fs.target_heading, self)
        self.target_label.setWordWrap(True)
        self.target_edit = CommitTextEdit(self)
        self.target_edit.setAccessibleName("Prioritised improvement target")
        self.target_edit.setToolTip(f"{fs.target_heading}; saved when you leave the box")
        self.target_edit.setPlaceholderText("What to change (saved when you leave the box)")
        self.target_edit.committed.connect(self.target_committed)
        # The level the group aims this driver at, beside what it will change to get there: the
        # exports' "Target level" column and the detailed assessment read it.
        self.target_level_combo = QComboBox(self)
        self.target_level_combo.addItem("None chosen", None)
        for lv in fw.levels:
            self.target_level_combo.addItem(f"{lv.number}  {lv.name}", lv.number)
        self.target_level_combo.setAccessibleName("Target level")
        # As narrow as a short name needs, not the longest: the detail box must fit a laptop at large text.
        self.target_level_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.target_level_combo.setMinimumContentsLength(10)
        self.target_level_combo.setToolTip(
            "The level the group aims this driver to reach; saved at once (Ctrl+Z undoes)"
        )
        self.target_level_combo.activated.connect(
            lambda index: self.target_level_chosen.emit(self.target_level_combo.itemData(index))
        )
        target_level_caption = QLabel("&Target level:", self)
        target_level_caption.setBuddy(self.target_level_combo)
        target_level_row = QHBoxLayout()
        target_level_row.addWidget(target_level_caption)
        target_level_row.addWidget(self.target_level_combo, 1)
        middle = QVBoxLayout()
        middle.addWidget(self.target_label)
        middle.addLayout(target_level_row)
        middle.addWidget(self.target_edit, 1)

        self.priority_check = QCheckBox("Take into the detailed assessment", self)
        self.priority_check.setAccessibleName("Take this driver into the detailed assessment")
        self.priority_check.clicked.connect(self.priority_clicked)
        self.priority_label = QLabel(self)
        self.priority_label.setWordWrap(True)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setAccessibleName("Move up the priority order")
        self.up_button.setToolTip("Take this driver earlier in the detailed assessment")
        self.up_button.clicked.connect(lambda: self.moved.emit(-1))
        self.down_button = QPushButton("Move down", self)
        self.down_button.setAccessibleName("Move down the priority order")
        self.down_button.setToolTip("Take this driver later in the detailed assessment")
        self.down_button.clicked.connect(lambda: self.moved.emit(1))
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        right = QVBoxLayout()
        right.addWidget(self.priority_check)
        right.addWidget(self.priority_label)
        right.addLayout(moves)
        right.addStretch(1)

        # The choice of priority goes under the other two when the box is narrow (large text), so
        # its check box and buttons are never cut at the right edge.
        self._grid = QGridLayout(self)
        self._parts = (left, middle, right)
        self._wide: bool | None = None
        self._place(True)

    def apply_fonts(self, base: QFont) -> None:
        self.detail_title.setFont(scaled_font(base, 1.3, bold=True))
        self.distance_label.setFont(scaled_font(base, 1.1))
        self.closest_label.setFont(scaled_font(base, 1.0))

    # -- layout --------------------------------------------------------------------------

    def _place(self, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        grid = self._grid
        left, middle, right = self._parts
        for part in self._parts:
            grid.removeItem(part)
        grid.addLayout(left, 0, 0)
        grid.addLayout(middle, 0, 1)
        if wide:
            grid.addLayout(right, 0, 2)
            stretches = (3, 3, 2)
        else:
            grid.addLayout(right, 1, 0, 1, 2)
            stretches = (1, 1, 0)
        for column, stretch in enumerate(stretches):
            grid.setColumnStretch(column, stretch)

    def fit(self, room: int) -> None:
        """Three columns when each gets about 22 characters a line in ``room`` pixels, else the
        priority goes below: side by side only where that needs no more than the room there is,
        so the three columns never widen the window past the screen."""
        margins = self._grid.contentsMargins()
        spacing = max(0, self._grid.horizontalSpacing()) * 2 + margins.left() + margins.right()
        least = sum(part.minimumSize().width() for part in self._parts) + spacing + 8
        self._place(room >= max(least, 3 * 22 * self.fontMetrics().averageCharWidth()))

    # -- what it shows -------------------------------------------------------------------

    def show_row(self, row: DriverRow | None, plans: Mapping[str, DriverPlanRecord]) -> None:
        """``row``'s driver (None: nothing selected); ``plans`` give its place in the priority order."""
        for w in (self.target_edit, self.priority_check, self.target_level_combo):
            w.setEnabled(row is not None)
        if row is None:
            for label in (self.detail_title, self.distance_label, self.closest_label, self.priority_label):
                label.setText("")
            self.target_edit.set_stored_text("")
            self.target_level_combo.setCurrentIndex(0)
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)
            return
        r = row.result
        names = [lv.name for lv in self.fw.levels]
        self.detail_title.setText(r.title)
        if r.agreed_band is not None:
            reached = f"Agreed total <b>{r.agreed.total}</b>: level {r.agreed_band}, {names[r.agreed_band - 1]}."
        else:
            reached = f"<b>{r.agreed.label()}</b>: agree every element to get a total."
        self.distance_label.setText(f"{reached}<br>{next_band_text(r, names)}.")
        self.closest_label.setText(self._closest_text(row))
        self.target_edit.set_stored_text(row.plan.improvement_target)
        self.target_level_combo.setCurrentIndex(max(0, self.target_level_combo.findData(row.plan.target_level)))
        chosen = priority_order(plans)
        self.priority_check.setChecked(row.plan.priority is not None)
        if r.driver_id in chosen:
            position = chosen.index(r.driver_id) + 1
            self.priority_label.setText(f"Priority {position} of {len(chosen)} for the detailed assessment.")
            self.up_button.setEnabled(position > 1)
            self.down_button.setEnabled(position < len(chosen))
        else:
            self.priority_label.setText(
                f"{len(chosen)} driver(s) chosen for the detailed assessment." if chosen else "No driver chosen yet."
            )
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)

    def _closest_text(self, row: DriverRow) -> str:
        r = row.result
        if r.agreed_band is None or r.points_to_next_band is None or not row.closest:
            return ""
        if not row.individual_shown:  # which elements are closest, and why, rests on individual scores
            return f"{CLOSEST_HIDDEN}."
        items = []
        for c in row.closest[:3]:
            number = element_number(self.fw, c.element_id)
            title = self.fw.element(c.element_id).title
            if c.individual_mean is None:
                seen = "no individual scores"
            else:
                seen = f"individual mean {c.individual_mean:.1f}; {c.above} of {c.n} scored it higher"
            items.append(f"<li><b>{number}</b> {title} — agreed {c.agreed}, {seen}</li>")
        return "Closest to moving up:<ul style='margin-left:-20px'>" + "".join(items) + "</ul>"


__all__ = ["DriverDetails", "priority_order"]
