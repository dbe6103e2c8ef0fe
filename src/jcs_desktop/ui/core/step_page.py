"""The step-page contract, as code: what every step of an open workshop is and does.

A step page is a ``StepPage`` subclass with a ``step`` (its key and title from ``STEPS``),
registered by class in ``ui/shell/step_pages.py``. The base class owns what every page used
to repeat: the open workshop's id, the one-line status the step list shows (emitted only
when it changes), ``request_step`` to ask for another step, the text-size hook, and
"stale while hidden": a change to the open workshop updates the page on show, only if it is
on show; a hidden page just remembers that it must refresh when it is next shown.

Subclasses implement:

- ``load()``: show the open workshop afresh (``workshop_id`` may be None);
- ``apply_changes(changes)``: update only what ``changes`` names (default: ``load()``);
- ``compute_status()``: the step's status, cheap, from the data the page holds (or the
  live state), so the step list stays right while the page is hidden;
- ``fonts_changed()``: the text size changed and every widget has its new font;
- ``focus_item(item)``: show an item another step asked for (an action, a driver...).

``listens`` names the kinds of change (``core.context`` kinds) the page shows; changes to
other kinds, or to another workshop, do nothing at all.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QWidget

from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.core.context import AppContext, Change
from jcs_desktop.ui.core.steps import Step, StepStatus

NO_WORKSHOP = StepStatus(False, "No workshop open")


class StepPage(QWidget):
    """Base of every step page (see the module docstring for the contract)."""

    step: ClassVar[Step]
    listens: ClassVar[frozenset[str]] = frozenset()
    """Kinds of change this page shows; a change of no such kind leaves it alone."""
    shows_last_time: ClassVar[bool] = False
    """The page shows the previous workshop of the series (``live.last_time``): changes to that
    workshop reach it too (its ``ctx.last_applied.last_time`` is set); other pages never see them."""

    status_changed = Signal()
    """What ``step_status()`` says has changed."""
    request_step = Signal(str, object)
    """Ask the window to show another step: (step key, an item to show there, or None)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fw = ctx.framework
        self.workshop_id: int | None = None
        self._status: StepStatus = NO_WORKSHOP
        self._stale = False
        self._fonts_pending = False
        self.setAccessibleName(self.step.title)
        ctx.changed.connect(self._on_context_changed)  # bound methods: the connection ends with the page
        ctx.font_scale_changed.connect(self._on_font_scale_changed)

    # -- the contract the window uses ---------------------------------------------------

    def set_workshop(self, workshop_id: int | None) -> None:
        """Show ``workshop_id`` (None: no workshop). Always loads, shown or not: a page is given
        a workshop when it is opened, and its status must be right from then on."""
        self.workshop_id = workshop_id
        self._stale = False
        self.load()
        self.update_status()

    def step_status(self) -> StepStatus:
        return self._status

    def focus_item(self, item: object) -> None:
        """Show ``item`` (what another step's ``request_step`` named). Nothing by default."""

    @property
    def is_stale(self) -> bool:
        """A change arrived while the page was hidden; it refreshes when next shown."""
        return self._stale

    # -- for subclasses ------------------------------------------------------------------

    def load(self) -> None:
        """Show the open workshop afresh."""
        raise NotImplementedError(f"{type(self).__name__} must implement load()")

    def apply_changes(self, change: Change) -> None:
        """Update what ``change`` names; the default reloads the page."""
        self.load()

    def compute_status(self) -> StepStatus:
        """The step's status now; called after every load and every change."""
        return NO_WORKSHOP if self.workshop_id is None else StepStatus(False, "")

    def fonts_changed(self) -> None:
        """The text size changed and every widget has its new font: re-apply sizes measured in lines."""

    def update_status(self) -> None:
        """Recompute the status and tell the step list, only if it changed."""
        status = self.compute_status()
        if status != self._status:
            self._status = status
            self.status_changed.emit()

    # -- plumbing ------------------------------------------------------------------------

    def _on_context_changed(self, change: Change) -> None:
        if self.workshop_id is None:
            return
        if change.workshop_id not in (None, self.workshop_id) and not (
            # A change to the previous workshop of the series, for a page that shows it beside this one's.
            self.shows_last_time and isinstance(change, Changes) and self.ctx.last_applied.last_time
        ):
            return
        if not change.touches(*self.listens):
            return
        if self.isVisible():
            self.apply_changes(change)
        else:
            self.mark_stale(change)
        self.update_status()

    def mark_stale(self, change: Change) -> None:
        """A change arrived while hidden: refresh when shown. A page whose status needs the
        new data even while hidden overrides this to take in just that data."""
        self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self._stale = False
            self.load()
            self.update_status()
        super().showEvent(event)

    def _on_font_scale_changed(self, _scale: float) -> None:
        self._schedule_fonts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._schedule_fonts()

    def _schedule_fonts(self) -> None:
        # Once every widget has taken the new font (they get it one by one), and once only.
        if not self._fonts_pending:
            self._fonts_pending = True
            QTimer.singleShot(0, self, self._run_fonts_changed)

    def _run_fonts_changed(self) -> None:
        self._fonts_pending = False
        self.fonts_changed()
