"""Last time's commitments: reviews with a status, carried-forward actions, benchmark exclusion.

A follow-up workshop reviews the previous workshop's actions. Each review is a review point
of that action's delivery plan, as before, now with:

- ``review_points.status``: 'done', 'partly', 'not-started' or 'dropped' (NULL: no status
  recorded, as for every row of an ordinary delivery plan), checked by the database;
- ``review_points.workshop_id``: the workshop at which the review was made (NULL for the
  rows of an ordinary delivery plan), SET NULL if that workshop row ever goes.

``actions.carried_from_action_id`` names the action of an earlier workshop that an action
carries forward, so element -> action -> delivery -> review stays one chain across
workshops; SET NULL if the earlier action row ever goes.

``workshops.exclude_from_benchmarks`` (false by default) keeps a workshop out of
benchmarking (a practice run, a workshop of another kind).

Every column is added in place (ALTER TABLE ADD COLUMN), as in 0002 and 0003: recreating
``workshops`` or ``actions`` (what batch mode does for a new constraint on SQLite) would
fire the ON DELETE CASCADE of every table hanging off them. SQLite's ADD COLUMN takes the
foreign key and the check as constraints of the column itself, so on SQLite the columns
are added with that SQL; other databases add the column and then the named constraint.
On SQLite such a foreign key is written inside the column's definition, where
SQLAlchemy's reflection finds it but not its ON DELETE (``PRAGMA foreign_key_list`` has
it; tests/test_store.py checks both).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATUSES = ("done", "partly", "not-started", "dropped")
STATUS_CHECK = "status IS NULL OR status IN ({})".format(", ".join(f"'{s}'" for s in STATUSES))

REFERENCES = (
    # table, column, referred table
    ("review_points", "workshop_id", "workshops"),
    ("actions", "carried_from_action_id", "actions"),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute(
            "ALTER TABLE review_points ADD COLUMN status VARCHAR(20)"
            f" CONSTRAINT ck_review_points_status CHECK ({STATUS_CHECK})"
        )
    else:
        op.add_column("review_points", sa.Column("status", sa.String(length=20), nullable=True))
        op.create_check_constraint(op.f("ck_review_points_status"), "review_points", STATUS_CHECK)
    for table, column, target in REFERENCES:
        name = f"fk_{table}_{column}_{target}"
        if sqlite:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} INTEGER"
                f" CONSTRAINT {name} REFERENCES {target} (id) ON DELETE SET NULL"
            )
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(op.f(name), table, target, [column], ["id"], ondelete="SET NULL")
    # A plain default ("0" reads as false on both databases) keeps batch mode in place.
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("exclude_from_benchmarks", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    # In place (ALTER TABLE DROP COLUMN, SQLite 3.35+): recreating the tables would cascade.
    # SQLite refuses to drop a column that a constraint names, other than its own column
    # constraints, which go with it; elsewhere the constraints go first.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_column("workshops", "exclude_from_benchmarks")
    for table, column, target in reversed(REFERENCES):
        if not sqlite:
            op.drop_constraint(op.f(f"fk_{table}_{column}_{target}"), table, type_="foreignkey")
        op.drop_column(table, column)
    if not sqlite:
        op.drop_constraint(op.f("ck_review_points_status"), "review_points", type_="check")
    op.drop_column("review_points", "status")
