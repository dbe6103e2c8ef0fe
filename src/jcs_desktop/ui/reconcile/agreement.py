"""The agreement panel: the agreed level, the median suggestion, the rationale and any reservations.

The panel shows an agreed record and offers the controls to change it; the page turns the
facilitator's edits into undoable commands.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.text_edits import CommitTextEdit
from jcs_desktop.ui.widgets.theme import base_font, mute


class AgreementPanel(QGroupBox):
    level_clicked = Signal(int)  # a level button was clicked

    def __init__(self, fw: Framework, parent: QWidget | None = None) -> None:
        super().__init__("Agreed level", parent)
        self.fw = fw
        self.level_buttons: list[QPushButton] = []
        levels_row = QHBoxLayout()
        for level in fw.levels:
            button = QPushButton(str(level.number), self)
            button.setCheckable(True)
            button.setAccessibleName(f"Agree level {level.number}: {level.name}")
            button.setToolTip(f"Agree level {level.number}: {level.name} (key {level.number})")
            colour = palette.level_colour(level.number, fw.level_count)
            ink = palette.text_on_level(level.number, fw.level_count)
            button.setStyleSheet(
                f"QPushButton {{ background: {colour.name()}; color: {ink.name()}; border: 2px solid #777;"
                " border-radius: 4px; padding: 4px; }"
                f"QPushButton:checked {{ border: 5px solid {palette.AGREED_COLOUR}; }}"
                "QPushButton:focus { border-style: dotted; }"
            )
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _checked=False, n=level.number: self.level_clicked.emit(n))
            self.level_buttons.append(button)
            levels_row.addWidget(button)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setAccessibleName("Clear the agreed level")
        self.clear_button.setToolTip("Remove the agreement for this element, with its rationale (0 or Delete)")
        levels_row.addWidget(self.clear_button)
        # The keys, on screen where the buttons are: a facilitator should not need Help to find them.
        self.keys_label = QLabel(f"Keys: 1–{fw.level_count} agree · 0 or Del clear · Ctrl+M agree the suggestion", self)
        self.keys_label.setWordWrap(True)
        self.keys_label.setAccessibleName("Keys for agreeing")
        mute(self.keys_label)

        self.suggestion_label = QLabel(self)
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setAccessibleName("Suggestion")
        self._reserved_for: tuple[object, ...] = ()
        self.suggestion_label.installEventFilter(self)
        self.accept_button = QPushButton("Agree suggestion (Ctrl+M)", self)
        self.accept_button.setAccessibleName("Agree the suggested level")
        self.accept_button.setToolTip("Agree the median of the individual scores (Ctrl+M)")
        # Short enough for the narrow column of the largest text (the tool tip says it in full).
        # It comes and goes with the suggestion: keep its place, so the rationale below never jumps.
        policy = self.accept_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.accept_button.setSizePolicy(policy)

        self.rationale_edit = CommitTextEdit(self)
        self.rationale_edit.setAccessibleName("Rationale")
        self.rationale_edit.setPlaceholderText("Why the group chose this level (saved when you leave the box)")
        self.rationale_edit.setToolTip("The reasoning behind the agreed level; saved when you leave the box")
        self.reservations_check = QCheckBox("Agreed with reservations", self)
        self.reservations_check.setAccessibleName("Agreed with reservations")
        self.dissent_edit = QLineEdit(self)
        self.dissent_edit.setAccessibleName("Note of the dissent")
        self.dissent_edit.setPlaceholderText("Who disagreed, and why")

        box = QVBoxLayout(self)
        box.addLayout(levels_row)
        box.addWidget(self.keys_label)
        box.addWidget(self.suggestion_label)
        box.addWidget(self.accept_button)
        box.addWidget(QLabel("Rationale", self))
        box.addWidget(self.rationale_edit, 1)
        box.addWidget(self.reservations_check)
        box.addWidget(self.dissent_edit)

    def apply_fonts(self, base: QFont) -> None:
        self.suggestion_label.setFont(scaled_font(base, 1.05))
        # Room for three lines until its width is known (``_reserve_suggestion``).
        self.suggestion_label.setMinimumHeight(3 * self.suggestion_label.fontMetrics().lineSpacing() + 8)
        self._reserved_for = ()
        self._reserve_suggestion()
        for button in self.level_buttons:
            button.setFont(scaled_font(base, 1.5, bold=True))

    def _suggestion_text(self, level: int | None, suggestion: int | None, has_element: bool, revealed: bool) -> str:
        names = [lv.name for lv in self.fw.levels]
        if not has_element:
            return ""
        if level is not None:
            text = f"<b>Agreed: level {level} · {names[level - 1]}</b>"
            if suggestion is not None and suggestion != level:
                text += f"<br>The median of the individual scores suggests level {suggestion}."
            return text
        if suggestion is not None:
            return (
                f"<i>Suggested (median of individual scores): level {suggestion} · {names[suggestion - 1]}.</i>"
                "<br>Not agreed yet."
            )
        if revealed:
            return "Not agreed yet. No individual scores to suggest a level."
        return "Not agreed yet. The median suggestion appears when the scores are revealed."

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.suggestion_label and event.type() == QEvent.Type.Resize:
            self._reserve_suggestion()
        return super().eventFilter(watched, event)

    def _reserve_suggestion(self) -> None:
        """Room for the tallest of its texts at this width (up to four lines), so nothing below moves
        as they change."""
        label = self.suggestion_label
        key = (label.width(), label.font().key())
        if label.width() <= 0 or key == self._reserved_for:
            return
        self._reserved_for = key
        shown = label.text()
        levels = [None, *(lv.number for lv in self.fw.levels)]
        tallest = 3 * label.fontMetrics().lineSpacing()
        for level in levels:
            for suggestion in levels:
                for revealed in (False, True):
                    label.setText(self._suggestion_text(level, suggestion, True, revealed))
                    tallest = max(tallest, label.heightForWidth(label.width()))
        label.setText(shown)
        # At most four lines, three at the largest text: in its narrow column the rationale needs the room more.
        largest = label.font().pointSizeF() >= 1.5 * 1.05 * base_font().pointSizeF()
        label.setMinimumHeight(min(tallest, (3 if largest else 4) * label.fontMetrics().lineSpacing()) + 8)

    def show_record(
        self, record: AgreedRecord | None, suggestion: int | None, *, has_element: bool, revealed: bool
    ) -> None:
        """The agreement of the current element (``has_element``), and the median ``suggestion`` if any."""
        level = record.level if record else None
        for button in self.level_buttons:
            button.setEnabled(has_element)
            button.setChecked(level is not None and int(button.text()) == level)
        self.clear_button.setEnabled(record is not None)
        self.suggestion_label.setText(self._suggestion_text(level, suggestion, has_element, revealed))
        self.accept_button.setVisible(record is None and suggestion is not None)
        self.accept_button.setEnabled(record is None and suggestion is not None)
        # Texts first, then enabled states: disabling a focused editor makes it "finish editing".
        self.rationale_edit.set_stored_text(record.rationale if record else "")
        if not (self.dissent_edit.hasFocus() and self.dissent_edit.isModified()):  # keep what is being typed
            self.dissent_edit.setText(record.reservation_note if record else "")
        self.reservations_check.setChecked(bool(record and record.with_reservations))
        self.rationale_edit.setEnabled(record is not None)
        self.reservations_check.setEnabled(record is not None)
        self.dissent_edit.setEnabled(bool(record and record.with_reservations))
        self.setTitle("Agreed level" if record else "Agreed level — not agreed yet")


__all__ = ["AgreementPanel"]
