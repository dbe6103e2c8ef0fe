"""Strategic Commissioning Template worksheets: a partnership's answers, tables and options.

A workshop feeds the Strategic Commissioning Template (``resources/strategy/
commissioning-template.json``); it may have several worksheets, one per partnership objective.

- ``strategy_worksheets``: one per objective, soft-deleted (``deleted_at``) so that undo brings a
  removed worksheet back with everything in it.
- ``strategy_answers``: the answer to one question (or one part of a question, 1.9 (a)) of a
  worksheet, keyed by the question's stable id in the template, never by its number or text:
  the text, a RED/AMBER/GREEN status for 1.9's parts, and ``prefill``, the text the workshop's
  results gave when the answer was filled from them (so that a later change on either side
  shows as such).
- ``strategy_rows``: a row of one of the template's tables (3.2, the options of 4.1 with their
  evidence, resources and risks, the step-5 action tables), keyed by the table's stable id, its
  cells as a JSON object of column id -> text; a row of a step-5 table may stand for an action of
  the action plan (``action_id``, SET NULL when the action is deleted) with ``linked``, the cells
  the action gave when it was linked. Soft-deleted, for undo.

New tables only: nothing existing is recreated or altered, so this runs in place on SQLite and
PostgreSQL alike, and the downgrade drops these tables and nothing else.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RAG = ("green", "amber", "red")


def upgrade() -> None:
    op.create_table(
        "strategy_worksheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_strategy_worksheets_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_worksheets")),
    )
    op.create_index(op.f("ix_strategy_worksheets_workshop_id"), "strategy_worksheets", ["workshop_id"])
    op.create_table(
        "strategy_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worksheet_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("prefill", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rag IS NULL OR rag IN ({})".format(", ".join(f"'{r}'" for r in RAG)), name=op.f("ck_strategy_answers_rag")
        ),
        sa.ForeignKeyConstraint(
            ["worksheet_id"],
            ["strategy_worksheets.id"],
            name=op.f("fk_strategy_answers_worksheet_id_strategy_worksheets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_answers")),
        sa.UniqueConstraint("worksheet_id", "question_id", name=op.f("uq_strategy_answers_worksheet_id")),
    )
    op.create_table(
        "strategy_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worksheet_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("option_tag", sa.String(length=40), nullable=True),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("linked", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["worksheet_id"],
            ["strategy_worksheets.id"],
            name=op.f("fk_strategy_rows_worksheet_id_strategy_worksheets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_strategy_rows_action_id_actions"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_rows")),
    )
    op.create_index(op.f("ix_strategy_rows_worksheet_id"), "strategy_rows", ["worksheet_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_strategy_rows_worksheet_id"), table_name="strategy_rows")
    op.drop_table("strategy_rows")
    op.drop_table("strategy_answers")
    op.drop_index(op.f("ix_strategy_worksheets_workshop_id"), table_name="strategy_worksheets")
    op.drop_table("strategy_worksheets")
