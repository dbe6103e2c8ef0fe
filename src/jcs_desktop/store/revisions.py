"""The schema revisions this build knows, without importing SQLAlchemy or Alembic.

Start-up reads the workshop list with the standard library's sqlite3 before the ORM is
loaded (``store/quick.py``); it may do so only when the file is at ``HEAD_REVISION``.
"""

from __future__ import annotations

HEAD_REVISION = "0006"
"""The newest schema this build knows. Checked against the migrations folder by a test,
so start-up can skip importing Alembic when the database is already current."""

KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
