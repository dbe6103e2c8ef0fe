"""First schema: workshops, participants, scores, agreed scores, plans and actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sectors")),
        sa.UniqueConstraint("name", name=op.f("uq_sectors_name")),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("partnership", sa.String(length=200), nullable=False),
        sa.Column("locality", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("facilitator", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("pin_hash", sa.String(length=128), nullable=True),
        sa.Column("divergence_range", sa.Integer(), nullable=False),
        sa.Column("follows_workshop_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("route IN ('individual', 'consensus')", name=op.f("ck_workshops_route")),
        sa.ForeignKeyConstraint(
            ["follows_workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshops_follows_workshop_id_workshops"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("achieve", sa.Text(), nullable=False),
        sa.Column("so_that", sa.Text(), nullable=False),
        sa.Column("by_when", sa.Date(), nullable=True),
        sa.Column("involving", sa.Text(), nullable=False),
        sa.Column("how_critical", sa.Text(), nullable=False),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("support", sa.Text(), nullable=False),
        sa.Column("difference", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_actions_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "agreed_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("with_reservations", sa.Boolean(), nullable=False),
        sa.Column("reservation_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level >= 1", name=op.f("ck_agreed_scores_level_positive")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_agreed_scores_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreed_scores")),
        sa.UniqueConstraint("workshop_id", "element_id", name=op.f("uq_agreed_scores_workshop_id")),
    )
    with op.batch_alter_table("agreed_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreed_scores_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "detailed_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("refined_level", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_detailed_assessments_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detailed_assessments")),
        sa.UniqueConstraint(
            "workshop_id",
            "element_id",
            name=op.f("uq_detailed_assessments_workshop_id"),
        ),
    )
    with op.batch_alter_table("detailed_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_detailed_assessments_workshop_id"),
            ["workshop_id"],
            unique=False,
        )

    op.create_table(
        "driver_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.String(length=120), nullable=False),
        sa.Column("improvement_target", sa.Text(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_driver_plans_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driver_plans")),
        sa.UniqueConstraint("workshop_id", "driver_id", name=op.f("uq_driver_plans_workshop_id")),
    )
    with op.batch_alter_table("driver_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_driver_plans_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("anonymous_label", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_participants_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "action_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.String(length=120), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_links_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_links")),
    )
    with op.batch_alter_table("action_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_links_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_steps_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_steps")),
    )
    with op.batch_alter_table("action_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_steps_action_id"), ["action_id"], unique=False)

    op.create_table(
        "chosen_approaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("approach_index", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_chosen_approaches_action_id_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_chosen_approaches_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chosen_approaches")),
    )
    with op.batch_alter_table("chosen_approaches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chosen_approaches_workshop_id"),
            ["workshop_id"],
            unique=False,
        )

    op.create_table(
        "individual_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("not_sure", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(level IS NULL) = not_sure",
            name=op.f("ck_individual_scores_level_or_not_sure"),
        ),
        sa.CheckConstraint(
            "level IS NULL OR level >= 1",
            name=op.f("ck_individual_scores_level_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_individual_scores_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_scores")),
        sa.UniqueConstraint(
            "participant_id",
            "element_id",
            name=op.f("uq_individual_scores_participant_id"),
        ),
    )
    with op.batch_alter_table("individual_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_individual_scores_participant_id"),
            ["participant_id"],
            unique=False,
        )

    op.create_table(
        "review_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("expected", sa.Text(), nullable=False),
        sa.Column("achieved", sa.Text(), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_review_points_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_points")),
    )
    with op.batch_alter_table("review_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_points_action_id"), ["action_id"], unique=False)

    # The default, editable list of sectors a participant can belong to.
    sectors = sa.table("sectors", sa.column("name", sa.String), sa.column("position", sa.Integer))
    op.bulk_insert(
        sectors,
        [
            {"name": name, "position": i}
            for i, name in enumerate(
                [
                    "NHS",
                    "Council social care",
                    "Housing",
                    "Independent sector",
                    "Third sector",
                    "Service user or carer",
                    "Other",
                ]
            )
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("review_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_points_action_id"))

    op.drop_table("review_points")
    with op.batch_alter_table("individual_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_individual_scores_participant_id"))

    op.drop_table("individual_scores")
    with op.batch_alter_table("chosen_approaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chosen_approaches_workshop_id"))

    op.drop_table("chosen_approaches")
    with op.batch_alter_table("action_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_steps_action_id"))

    op.drop_table("action_steps")
    with op.batch_alter_table("action_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_links_action_id"))

    op.drop_table("action_links")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_workshop_id"))

    op.drop_table("participants")
    with op.batch_alter_table("driver_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_driver_plans_workshop_id"))

    op.drop_table("driver_plans")
    with op.batch_alter_table("detailed_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_detailed_assessments_workshop_id"))

    op.drop_table("detailed_assessments")
    with op.batch_alter_table("agreed_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreed_scores_workshop_id"))

    op.drop_table("agreed_scores")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_workshop_id"))

    op.drop_table("actions")
    op.drop_table("workshops")
    op.drop_table("sectors")
