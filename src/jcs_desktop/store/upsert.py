"""Writes to rows with a unique key that two writers may create at the same moment.

A read-then-insert lets two processes both see "no row" and both insert: the second
fails with a unique-constraint error. ``INSERT … ON CONFLICT`` lets the database decide,
on SQLite (3.24+) and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def _insert_for(session: Session):
    name = session.get_bind().dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"no upsert for the {name} dialect")
    return insert


def upsert(session: Session, model: type, keys: dict[str, Any], insert: dict[str, Any], update: dict[str, Any]) -> None:
    """Insert ``keys`` + ``insert``, or, if a row with ``keys`` exists, set ``update`` on it."""
    stmt = _insert_for(session)(model).values(**keys, **insert)
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=update)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt)


def ensure_row(session: Session, model: type, keys: dict[str, Any], defaults: dict[str, Any]) -> Any:
    """The row with ``keys``, created with ``defaults`` if missing (by whichever writer comes first)."""
    upsert(session, model, keys, defaults, {})
    from sqlalchemy import select

    query = select(model).execution_options(populate_existing=True)
    for name, value in keys.items():
        query = query.where(getattr(model, name) == value)
    return session.scalars(query).one()
