"""Identities unique across databases: a UUID for every workshop and participant.

Entry templates (and anything else that leaves the machine) carry these, so a file made
from another database whose workshop happens to have the same integer id is recognised.

Existing rows get a fresh uuid4 each. The columns are added with ALTER TABLE ADD COLUMN
(which batch mode does in place on SQLite) rather than by recreating the tables: dropping
``workshops`` to recreate it would fire the ON DELETE CASCADE of every table hanging off it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import uuid

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("workshops", "participants")


def upgrade() -> None:
    conn = op.get_bind()
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("uuid", sa.String(length=32), server_default="", nullable=False))
        table = sa.table(name, sa.column("id", sa.Integer()), sa.column("uuid", sa.String()))
        for (row_id,) in conn.execute(sa.select(table.c.id)).all():
            conn.execute(table.update().where(table.c.id == row_id).values(uuid=uuid.uuid4().hex))
        op.create_index(op.f(f"ix_{name}_uuid"), name, ["uuid"], unique=True)


def downgrade() -> None:
    # In place too (ALTER TABLE DROP COLUMN, SQLite 3.35+): recreating the tables would cascade.
    for name in reversed(TABLES):
        op.drop_index(op.f(f"ix_{name}_uuid"), table_name=name)
        op.drop_column(name, "uuid")
