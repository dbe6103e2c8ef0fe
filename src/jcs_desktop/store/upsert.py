"""Writes to rows with a unique key that two writers may create at the same moment.

A read-then-insert lets two processes both see "no row" and both insert: the second
fails with a unique-constraint error. ``INSERT … ON CONFLICT`` lets the database decide,
on SQLite (3.24+) and PostgreSQL alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, update
from sqlalchemy.orm import Session


def _insert_for(session: Session):
    return _insert_named(session.get_bind().dialect.name)


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


def put(
    session: Session | Connection, model: type, keys: dict[str, Any], values: dict[str, Any], *, exists: bool
) -> bool:
    """Set ``values`` on the row with ``keys``, creating it if missing; True if this call created it.

    ``exists`` is what the caller read earlier in its transaction; it only picks which
    statement to try first. What the database did decides the answer, so a kept count
    moved by it stays right when another writer created or deleted the row meanwhile.
    Columns left out of ``values`` keep their stored value, or get their default on insert.
    """
    conn = session.connection() if isinstance(session, Session) else session
    update_row, insert_row = _put_statements(model.__table__, conn.dialect.name, tuple(keys), tuple(values))
    params = {**{f"k_{k}": v for k, v in keys.items()}, **{f"v_{k}": v for k, v in values.items()}}
    # Each miss means another writer changed the row between two statements; three in a
    # row cannot happen on SQLite (the first write holds the lock) and is vanishingly rare
    # on PostgreSQL.
    for _ in range(3):
        if exists and conn.execute(update_row, params).rowcount:
            return False
        if conn.execute(insert_row, params).rowcount:
            return True
        exists = True
    raise RuntimeError(f"the {model.__table__.name} row {keys} kept changing under this write")


@lru_cache(maxsize=64)
def _put_statements(table: Table, dialect: str, keys: tuple[str, ...], values: tuple[str, ...]) -> tuple[Any, Any]:
    """The UPDATE and the INSERT … ON CONFLICT DO NOTHING of ``put``, built once per shape.

    Saving a score is the hottest write; building the two statements took longer than
    running them. Bound parameters carry the values (prefixed: SQLAlchemy reserves a
    column's own name for its SET/VALUES parameter).
    """
    where = [table.c[k] == bindparam(f"k_{k}") for k in keys]
    update_row = update(table).where(*where).values({table.c[v]: bindparam(f"v_{v}") for v in values})
    insert = _insert_named(dialect)
    columns = {table.c[k]: bindparam(f"k_{k}") for k in keys} | {table.c[v]: bindparam(f"v_{v}") for v in values}
    insert_row = insert(table).values(columns).on_conflict_do_nothing(index_elements=list(keys))
    return update_row, insert_row


def _insert_named(name: str):
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"no upsert for the {name} dialect")
    return insert
