"""Agreeing an element: the agreement panel of the element under discussion, and its commands.

``AgreementEditor`` shows the current element's agreement (from ``ctx.live``) in the
``AgreementPanel`` and turns what the facilitator does there — a level button or key, the
suggestion, clearing, the rationale, "with reservations" and the note of dissent — into one
``SetAgreed`` command each (one use case, one transaction, undoable).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from jcs_desktop.services.dto import AgreedRecord
from jcs_desktop.ui.commands.agreed import SetAgreed
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.reconcile.agreement import AgreementPanel
from jcs_desktop.ui.widgets.labels import element_number


class AgreementEditor(QObject):
    def __init__(self, ctx: AppContext, panel: AgreementPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.panel = panel
        self.workshop_id: int | None = None
        self.element_id: str | None = None
        self._suggestion: int | None = None
        self._revealed = False
        panel.level_clicked.connect(self.agree_level)
        panel.clear_button.clicked.connect(self.clear)
        panel.accept_button.clicked.connect(self.accept_suggestion)
        panel.rationale_edit.committed.connect(self._rationale_committed)
        panel.reservations_check.clicked.connect(self._reservations_clicked)
        panel.dissent_edit.editingFinished.connect(self._dissent_finished)

    # -- what is shown -------------------------------------------------------------------

    def record(self) -> AgreedRecord | None:
        """The current element's agreement as stored (the live state holds it)."""
        live = self.ctx.live
        if live is None or self.element_id is None or live.workshop.id != self.workshop_id:
            return None
        return live.agreed.get(self.element_id)

    def show(self, workshop_id: int | None, element_id: str | None, suggestion: int | None, *, revealed: bool) -> None:
        """The agreement of ``element_id``; ``suggestion`` is the median, offered once revealed."""
        self.workshop_id, self.element_id = workshop_id, element_id
        self._suggestion = suggestion if revealed else None
        self._revealed = revealed
        self.refresh()

    def refresh(self) -> None:
        has_element = self.element_id is not None and self.workshop_id is not None
        self.panel.show_record(self.record(), self._suggestion, has_element=has_element, revealed=self._revealed)

    # -- edits ---------------------------------------------------------------------------

    def _push(self, text: str, **fields: object) -> bool:
        if self.workshop_id is None or self.element_id is None:
            return False
        number = element_number(self.ctx.framework, self.element_id)
        return self.ctx.push(SetAgreed(self.ctx, self.workshop_id, self.element_id, f"{text} ({number})", **fields))

    def agree_level(self, level: int) -> None:
        record = self.record()
        if record is not None and record.level == level:
            self.refresh()  # re-check the button the click just unchecked
            return
        self._push(f"Agree level {level}", level=level)

    def accept_suggestion(self) -> None:
        if self._suggestion is None or self.record() is not None:
            return
        self._push(f"Agree suggested level {self._suggestion}", level=self._suggestion)

    def clear(self) -> None:
        if self.record() is not None:
            self._push("Clear agreed level", level=None)

    def _rationale_committed(self, text: str) -> None:
        if self.record() is not None:
            self._push("Edit rationale", rationale=text)

    def _reservations_clicked(self, checked: bool) -> None:
        if self.record() is not None:
            self._push("Agreed with reservations" if checked else "No reservations", with_reservations=checked)

    def _dissent_finished(self) -> None:
        edit = self.panel.dissent_edit
        if not edit.isModified():  # focus left without an edit
            return
        record = self.record()
        text = edit.text().strip()
        edit.setModified(False)
        if record is not None and text != record.reservation_note:
            self._push("Edit note of dissent", reservation_note=text)

    def commit_edits(self) -> None:
        """Save what is being typed for the current element before leaving it."""
        self.panel.rationale_edit.commit()
        if self.panel.dissent_edit.isModified():
            self._dissent_finished()


__all__ = ["AgreementEditor"]
