"""Group scores: the 'group consensus' route records the agreed level of each element
on the same large cards, with the reasoning behind it.

The facilitator drives it on the projector, so it is not locked: Escape leaves full
screen, then closes. F11 toggles full screen. Ctrl+Z / Ctrl+Shift+Z undo and redo.

Agreements are read from the live workshop state and follow the change records: each
choice is one ``SetAgreed`` (level and the rationale typed so far, in one transaction).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.ui.commands.agreed import SetAgreed
from jcs_desktop.ui.core.context import AGREED, AppContext, Change
from jcs_desktop.ui.scoring.cards import BigButton, ElementCard
from jcs_desktop.ui.scoring.scheme import Scheme
from jcs_desktop.ui.scoring.screen import SharedScreenWindow
from jcs_desktop.ui.widgets.fonts import at_points
from jcs_desktop.ui.widgets.labels import element_label


class GroupScoresWindow(SharedScreenWindow):
    """Agreed scores for the whole group, one element at a time, each with a rationale."""

    closed = Signal()

    def __init__(self, ctx: AppContext, workshop_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Group scores", parent)
        self.workshop_id = workshop_id
        fw = ctx.framework
        self.order = fw.element_ids()
        self.agreed: dict[str, AgreedRecord] = {}

        self.title_label = QLabel("Group scores: agreed together")
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        self.count_label.setAccessibleName("Agreed so far")
        self.close_button = BigButton("Close")
        self.close_button.setToolTip("Close the group scores (Esc leaves full screen first; F11 toggles it)")
        self.close_button.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addSpacing(20)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.close_button)

        self.card = ElementCard(fw, agreed=True)
        self.card.chosen.connect(self.choose)
        self.card.clear_requested.connect(self.clear_current)
        self.card.back_requested.connect(self.go_back)
        self.card.next_requested.connect(self.go_next)
        self.card.text_committed.connect(self.commit_rationale)
        self.card.hint.connect(self.show_hint)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(28, 12, 28, 8)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.card, 1)
        layout.addWidget(self.hint_label)

        ctx.changed.connect(self._on_changed)
        self.resize(1366, 768)
        self.reload()
        first_open = next((e for e in self.order if e not in self.agreed), self.order[0])
        self.show_element(first_open)

    # -- look ---------------------------------------------------------------------------------

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.title_label.setFont(at_points(unit * 1.5, bold=True))
        self.count_label.setFont(at_points(unit * 1.3))
        self.card.apply_style(theme, unit)

    # -- data -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """The agreements as the live state holds them."""
        live = self.ctx.live_for(self.workshop_id)
        self.agreed = dict(live.agreed) if live is not None else {}
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(f"Agreed {len(self.agreed)} of {len(self.order)} elements")

    def show_element(self, element_id: str) -> None:
        record = self.agreed.get(element_id)
        self.card.show_element(
            element_id,
            record.level if record else None,
            record.rationale if record else "",
            answered=set(self.agreed),
        )
        self.card.focus_choice()

    def _on_changed(self, change: Changes | Change) -> None:
        if change.workshop_id not in (None, self.workshop_id) or not change.touches(AGREED):
            return
        if isinstance(change, Changes):  # just the agreements it names
            for element_id, record in change.agreed.items():
                if record is None:
                    self.agreed.pop(element_id, None)
                else:
                    self.agreed[element_id] = record
            self._show_count()
        else:
            self.reload()
        element_id = self.card.element_id
        if element_id is None:
            return
        record = self.agreed.get(element_id)
        self.card.set_value(record.level if record else None)
        self.card.set_answered(set(self.agreed))
        if not self.card.text_edit.hasFocus():
            self.card.set_text(record.rationale if record else "")

    # -- recording ------------------------------------------------------------------------------

    def choose(self, level: object) -> None:
        element_id = self.card.element_id
        if element_id is None or not isinstance(level, int):
            return
        # The rationale typed before the level is kept with it, in the same use case.
        fields: dict[str, object] = {"level": level}
        if self.card.text_changed():
            fields["rationale"] = self.card.pending_text()
        if self.ctx.push(SetAgreed(self.ctx, self.workshop_id, element_id, **fields)):
            self.card.mark_text_stored()
            self.card.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.show_hint(f"Level {level} agreed. Add the reasoning, then Ctrl+Enter to go on.")

    def clear_current(self) -> None:
        element_id = self.card.element_id
        if element_id is None or element_id not in self.agreed:
            return
        if self.ctx.push(SetAgreed(self.ctx, self.workshop_id, element_id, level=None)):
            self.card.set_text("")

    def commit_rationale(self, text: str) -> None:
        element_id = self.card.element_id
        if element_id is None:
            return
        record = self.agreed.get(element_id)
        if record is None:
            if text:
                self.show_hint("Agree a level first: the reasoning is kept with it.")
            return
        if text == record.rationale:
            self.card.mark_text_stored()
            return
        command = SetAgreed(
            self.ctx,
            self.workshop_id,
            element_id,
            text=f"Rationale for {element_label(self.ctx, element_id)}",
            rationale=text,
        )
        if self.ctx.push(command):
            self.card.mark_text_stored()

    def _commit_pending(self) -> None:
        if self.card.element_id is not None and self.card.text_changed():
            self.commit_rationale(self.card.pending_text())

    def go_next(self) -> None:
        current = self.card.element_id
        if current is None:
            return
        self._commit_pending()
        index = self.order.index(current)
        if index + 1 < len(self.order):
            self.show_element(self.order[index + 1])
        else:
            self.show_hint("That was the last element.")

    def go_back(self) -> None:
        current = self.card.element_id
        if current is None:
            return
        self._commit_pending()
        index = self.order.index(current)
        if index > 0:
            self.show_element(self.order[index - 1])

    # -- window -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Z and mods == ctrl:
            self.ctx.undo_stack.undo()
        elif (key == Qt.Key.Key_Z and mods == ctrl | shift) or (key == Qt.Key.Key_Y and mods == ctrl):
            self.ctx.undo_stack.redo()
        elif key == Qt.Key.Key_F11:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        elif key == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
        elif self.card.handle_key(event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._commit_pending()
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.changed.disconnect(self._on_changed)
        event.accept()
        self.closed.emit()
