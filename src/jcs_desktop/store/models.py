"""SQLAlchemy 2 typed models: what a workshop stores.

Scores refer to elements and drivers by their stable content ids (e.g.
``building-partnerships.trust``), never by position or text, so a later fix to
the workbook text never orphans a score.

Rows the user can delete and then undo (workshops, participants, actions) are
soft-deleted with ``deleted_at`` so undo restores them with everything that
hangs off them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints make batch migrations on SQLite reliable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    """A fresh identity, unique across databases (templates and files that leave the machine carry it)."""
    return uuid.uuid4().hex


def _uuid_column() -> Mapped[str]:
    # The empty server default exists because migration 0002 added the column to filled
    # tables, which SQLite allows only with a default; every row gets a real value.
    return mapped_column(String(32), default=new_uuid, server_default="", index=True, unique=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Sector(Base):
    """The configurable list of sectors a participant can belong to."""

    __tablename__ = "sectors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Workshop(Base):
    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = _uuid_column()
    framework_id: Mapped[str] = mapped_column(String(100), default="catalyst-for-change")
    title: Mapped[str] = mapped_column(String(200))
    partnership: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    route: Mapped[str] = mapped_column(String(20), default="individual")
    notes: Mapped[str] = mapped_column(Text, default="")
    pin_hash: Mapped[str | None] = mapped_column(String(128), nullable=True)
    divergence_range: Mapped[int] = mapped_column(Integer, default=2)
    follows_workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Progress, kept current by the services in the transaction that moves it, so the
    # workshop list reads one table instead of aggregating every score (migration 0003).
    participant_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Live (not removed) participants."""
    scored_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Individual scores (levels and "not sure") of live participants."""
    agreed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Elements with an agreed level."""
    exclude_from_benchmarks: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """Left out of benchmarking (a practice run, a workshop of another kind); migration 0004."""

    __table_args__ = (CheckConstraint("route IN ('individual', 'consensus')", name="route"),)

    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True
    )


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = _uuid_column()
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    anonymous_label: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")


class IndividualScore(Base):
    """One participant's score for one element: a level, or "not sure"."""

    __tablename__ = "individual_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (participant_id, element_id) index serves lookups by participant.
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    element_id: Mapped[str] = mapped_column(String(120))
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    not_sure: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("participant_id", "element_id"),
        # Exactly one of: a level, or "not sure".
        CheckConstraint("(level IS NULL) = not_sure", name="level_or_not_sure"),
        CheckConstraint("level IS NULL OR level >= 1", name="level_positive"),
    )


class AgreedScore(Base):
    """The group's agreed level for an element, with the reasoning behind it."""

    __tablename__ = "agreed_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    level: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text, default="")
    with_reservations: Mapped[bool] = mapped_column(Boolean, default=False)
    reservation_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("workshop_id", "element_id"),
        CheckConstraint("level >= 1", name="level_positive"),
    )


class DriverPlan(Base):
    """Per driver: the prioritised improvement target, a target level, and stage-2 priority."""

    __tablename__ = "driver_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    driver_id: Mapped[str] = mapped_column(String(120))
    improvement_target: Mapped[str] = mapped_column(Text, default="")
    target_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    priority: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Order in which the group takes the driver into the detailed assessment; None = not chosen."""

    __table_args__ = (UniqueConstraint("workshop_id", "driver_id"),)


class DetailedAssessment(Base):
    """Stage 2: a refined score and notes for one element's detailed sheet."""

    __tablename__ = "detailed_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    refined_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("workshop_id", "element_id"),)


class ChosenApproach(Base):
    """An approach to change ticked in the detailed assessment, or one the group wrote itself.

    The text is copied so the record stays meaningful if the workbook text is later
    corrected; ``approach_index`` points into the element's level list when not custom.
    """

    __tablename__ = "chosen_approaches"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    level: Mapped[int] = mapped_column(Integer)
    approach_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """A row of the action-planning sheet and its detailed action-planning sheet (1:1)."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    achieve: Mapped[str] = mapped_column(Text, default="")
    so_that: Mapped[str] = mapped_column(Text, default="")
    by_when: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    involving: Mapped[str] = mapped_column(Text, default="")
    how_critical: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    # Detailed action-planning sheet
    purpose: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    difference: Mapped[str] = mapped_column(Text, default="")
    carried_from_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL"), nullable=True
    )
    """The action of an earlier workshop this one carries forward (migration 0004)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    steps: Mapped[list[ActionStep]] = relationship(
        order_by="ActionStep.position", cascade="all, delete-orphan", passive_deletes=True
    )
    links: Mapped[list[ActionLink]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    review_points: Mapped[list[ReviewPoint]] = relationship(
        order_by="ReviewPoint.position", cascade="all, delete-orphan", passive_deletes=True
    )


class ActionStep(Base):
    """One numbered step of "By doing…"."""

    __tablename__ = "action_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")


class ActionLink(Base):
    """The driver (and optionally the element) an action serves."""

    __tablename__ = "action_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    driver_id: Mapped[str] = mapped_column(String(120))
    element_id: Mapped[str | None] = mapped_column(String(120), nullable=True)


REVIEW_STATUSES = ("done", "partly", "not-started", "dropped")
"""How far a reviewed action got, as a follow-up workshop records it."""


class ReviewPoint(Base):
    """A row of a detailed sheet's delivery plan.

    A follow-up workshop's review of the action is one of these rows too, with the workshop
    it was made at and a status (migration 0004); ordinary rows have neither.
    """

    __tablename__ = "review_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    expected: Mapped[str] = mapped_column(Text, default="")
    achieved: Mapped[str] = mapped_column(Text, default="")
    learning: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """One of ``REVIEW_STATUSES``; None: no status recorded."""
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), nullable=True)
    """The workshop at which this review was made; None for an ordinary delivery-plan row."""

    __table_args__ = (
        CheckConstraint(
            "status IS NULL OR status IN ({})".format(", ".join(f"'{s}'" for s in REVIEW_STATUSES)), name="status"
        ),
    )


MAP_STATUSES = ("not-started", "in-progress", "done")
"""How far a partnership has got with a feature of the Commissioning Map."""


class MapFeatureStatus(Base):
    """Where a workshop's partnership stands on one feature of the Commissioning Map (migration 0005).

    Keyed by the feature's stable id in the map (``do-a``); no row: no status recorded.
    """

    __tablename__ = "map_feature_statuses"
    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (workshop_id, feature_id) index serves lookups by workshop.
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    feature_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20))
    """One of ``MAP_STATUSES``."""
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("workshop_id", "feature_id"),
        CheckConstraint("status IN ({})".format(", ".join(f"'{s}'" for s in MAP_STATUSES)), name="status"),
    )


RAG_STATUSES = ("green", "amber", "red")


class StrategyWorksheet(Base):
    """A Strategic Commissioning Template worksheet of a workshop, for one partnership objective (0006)."""

    __tablename__ = "strategy_worksheets"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    objective: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    answers: Mapped[list[StrategyAnswer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    rows: Mapped[list[StrategyRow]] = relationship(
        order_by="StrategyRow.position", cascade="all, delete-orphan", passive_deletes=True
    )


class StrategyAnswer(Base):
    """The answer to one question (or part) of a worksheet, keyed by its stable id in the template."""

    __tablename__ = "strategy_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (worksheet_id, question_id) index serves lookups by worksheet.
    worksheet_id: Mapped[int] = mapped_column(ForeignKey("strategy_worksheets.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, default="")
    rag: Mapped[str | None] = mapped_column(String(10), nullable=True)
    prefill: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The text the workshop's results gave when the answer was filled from them (None: never)."""
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("worksheet_id", "question_id"),
        CheckConstraint("rag IS NULL OR rag IN ({})".format(", ".join(f"'{r}'" for r in RAG_STATUSES)), name="rag"),
    )


class StrategyRow(Base):
    """A row of one of the template's tables, its cells as JSON (column id -> text)."""

    __tablename__ = "strategy_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    worksheet_id: Mapped[int] = mapped_column(ForeignKey("strategy_worksheets.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    option_tag: Mapped[str | None] = mapped_column(String(40), nullable=True)
    cells: Mapped[str] = mapped_column(Text, default="{}")
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), nullable=True)
    linked: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The cells (JSON) the linked action gave when it was linked or last taken in."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
