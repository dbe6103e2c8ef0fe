"""Progress counts kept on each workshop row, and one redundant index fewer.

The workshop list showed, per workshop, how many live participants it has, how many of
their scores are entered and how many elements are agreed, by aggregating every
participant and score on each refresh: 0.8 s with 1,000 workshops. The services now keep
these three counts current in the same transaction as the change that moves them
(``ServiceBase.stamp``); this migration adds the columns and fills them from the rows.

``ix_individual_scores_participant_id`` only repeated the first column of the unique
(participant_id, element_id) index, which serves every lookup by participant as well.

Columns are added in place (ALTER TABLE ADD COLUMN), as in 0002: recreating ``workshops``
would fire the ON DELETE CASCADE of every table hanging off it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COUNTS = ("participant_count", "scored_count", "agreed_count")

FILL = """
UPDATE workshops SET
    participant_count = (
        SELECT count(*) FROM participants p
        WHERE p.workshop_id = workshops.id AND p.deleted_at IS NULL),
    scored_count = (
        SELECT count(*) FROM participants p JOIN individual_scores s ON s.participant_id = p.id
        WHERE p.workshop_id = workshops.id AND p.deleted_at IS NULL),
    agreed_count = (
        SELECT count(*) FROM agreed_scores a WHERE a.workshop_id = workshops.id)
"""


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        for name in COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    op.execute(FILL)
    op.drop_index(op.f("ix_individual_scores_participant_id"), table_name="individual_scores")


def downgrade() -> None:
    op.create_index(
        op.f("ix_individual_scores_participant_id"), "individual_scores", ["participant_id"], unique=False
    )
    # In place (ALTER TABLE DROP COLUMN, SQLite 3.35+): recreating the table would cascade.
    for name in reversed(COUNTS):
        op.drop_column("workshops", name)
