"""The Commissioning Map as a tracker: a status, a date and a note per map feature.

The SWIA-JIT Strategic Commissioning Map (``resources/strategy/commissioning-map.json``)
lists the four stages of commissioning (analyse, plan, do, review) and their features. A
partnership follows its way round the map from workshop to workshop; each workshop records,
per feature, how far the partnership has got: 'not-started', 'in-progress' or 'done' (checked
by the database), with a date and a note.

``map_feature_statuses`` has one row per workshop and feature, keyed by the feature's stable
id in the map (``do-a``), never by its position or text, as scores are keyed by element id.
A feature without a row has no status recorded. The rows go with their workshop (ON DELETE
CASCADE). No index of its own on ``workshop_id``: the unique (workshop_id, feature_id) index
serves every lookup by workshop.

A new table only: nothing existing is recreated or altered, so this runs in place on SQLite
and PostgreSQL alike, and the downgrade drops the table and nothing else.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATUSES = ("not-started", "in-progress", "done")
STATUS_CHECK = "status IN ({})".format(", ".join(f"'{s}'" for s in STATUSES))


def upgrade() -> None:
    op.create_table(
        "map_feature_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("feature_id", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(STATUS_CHECK, name=op.f("ck_map_feature_statuses_status")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_map_feature_statuses_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_feature_statuses")),
        sa.UniqueConstraint("workshop_id", "feature_id", name=op.f("uq_map_feature_statuses_workshop_id")),
    )


def downgrade() -> None:
    op.drop_table("map_feature_statuses")
