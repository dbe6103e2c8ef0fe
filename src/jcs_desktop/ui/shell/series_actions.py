"""File ▸ Attach to series…: read what the dialog offers, open it, push the choice as a command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.commands.workshops import SetSeriesLink
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.dialogs.series_dialog import SeriesDialog


def open_series_dialog(
    parent: QWidget,
    ctx: AppContext,
    workshop_id: int,
    push: Callable[[object], str | None],
    show_status: Callable[[str], None],
) -> SeriesDialog | None:
    """Open the dialog for ``workshop_id``; the choice is pushed as one undoable command (``push``
    returns an error message or None). None, with the error reported, if the workshops cannot be read."""
    services = ctx.services
    try:
        record = services.workshops.get(workshop_id)
        workshops = [w for w in services.workshops.list() if w.id != workshop_id]
        unavailable = services.series.cannot_follow(workshop_id)
    except (ServiceError, StoreError) as exc:
        ctx.report_error(str(exc), parent)
        return None

    def submit(follows: int | None) -> str | None:
        if follows == record.follows_workshop_id:
            return None
        error = push(SetSeriesLink(ctx, workshop_id, follows, record.title))
        if error is None:
            show_status("Saved: series link changed (Ctrl+Z to undo)")
        return error

    dialog = SeriesDialog(
        parent, record.title, record.partnership, workshops, unavailable, record.follows_workshop_id, submit
    )
    dialog.open()
    return dialog


__all__ = ["open_series_dialog"]
