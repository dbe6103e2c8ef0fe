"""The use cases the GUI and the CLI share. No Qt here; no SQL above here.

The names below load on first use (PEP 562): the errors come from a module that imports
nothing heavy, and ``Services`` brings SQLAlchemy and pydantic with it only when it is
asked for. That lets the main window be built and painted before the ORM has loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jcs_desktop.services.errors import NotFound, ServiceError
from jcs_desktop.store.errors import StoreError

if TYPE_CHECKING:
    from jcs_desktop.services.hub import Services

__all__ = ["NotFound", "ServiceError", "Services", "StoreError"]


def __getattr__(name: str) -> Any:
    if name == "Services":
        from jcs_desktop.services.hub import Services

        return Services
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
