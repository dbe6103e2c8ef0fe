"""Where the Score step's screens read the open workshop from: the live state (``ctx.live``).

The main window loads the open workshop into ``ctx.live`` before any page is given it, so in
the app ``live_state`` only hands that back. A page or window built on its own (a test, a
tool) for a workshop that is not the live one loads it first, once: from then on changes
arrive as change records and nothing here reads the database again.
"""

from __future__ import annotations

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.live import LiveWorkshop
from jcs_desktop.ui.core.context import AppContext


def live_state(ctx: AppContext, workshop_id: int | None) -> LiveWorkshop | None:
    """The live state of ``workshop_id``; None when there is no workshop or it cannot be read.

    A workshop that cannot be read is reported by whoever opens it (the main window says so in
    the status bar); here the screens just show nothing rather than old data."""
    if workshop_id is None:
        return None
    live = ctx.live
    if live is not None and live.workshop.id == workshop_id:
        return live
    try:
        return ctx.open_workshop(workshop_id)
    except (ServiceError, StoreError):
        return None
