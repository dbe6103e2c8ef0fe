"""Storage: SQLAlchemy models, Alembic migrations, opening a database. No Qt."""

from jcs_desktop.store.db import HEAD_REVISION, Database, StoreError, open_database

__all__ = ["HEAD_REVISION", "Database", "StoreError", "open_database"]
