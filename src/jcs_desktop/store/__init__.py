"""Storage: SQLAlchemy models, Alembic migrations, opening a database. No Qt.

The names below load on first use (PEP 562), so importing a light submodule
(``store.errors``, ``store.quick``) does not import SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jcs_desktop.store.db import Database, open_database
    from jcs_desktop.store.errors import StoreError
    from jcs_desktop.store.revisions import HEAD_REVISION

__all__ = ["HEAD_REVISION", "Database", "StoreError", "open_database"]


def __getattr__(name: str) -> Any:
    if name == "HEAD_REVISION":
        from jcs_desktop.store.revisions import HEAD_REVISION

        return HEAD_REVISION
    if name == "StoreError":
        from jcs_desktop.store.errors import StoreError

        return StoreError
    if name in ("Database", "open_database"):
        from jcs_desktop.store import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
