"""The store's errors, in a module of their own that imports nothing heavy.

The GUI names these in ``except`` clauses of windows that are built before SQLAlchemy is
loaded (start-up paints the main window first), so they must not pull SQLAlchemy in.
"""

from __future__ import annotations


class StoreError(Exception):
    """A database problem the user can act on (message is meant to be shown as is)."""


class DamagedDatabase(StoreError):
    """The file is damaged or is not a database at all: restoring a backup is the way out."""


class DamagedRow(DamagedDatabase):
    """A stored value that cannot be one the application wrote (raised by the services)."""
