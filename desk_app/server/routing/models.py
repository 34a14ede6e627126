"""Who can take what (skills, capacity, extension), where each agent stands, and every offer."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import AgentState, OfferOutcome
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class AgentProfile(IdMixin, VersionedMixin, Base):
    """One agent's routing profile and live presence (one row per user).

    The router locks this row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) while
    it offers work to the agent, so two workers can never push one agent over
    capacity. ``idle_since`` orders ready agents: the longest idle goes first.
    """

    __tablename__ = "agent_profile"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), unique=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    extension: Mapped[str | None] = mapped_column(String(40), unique=True)
    skills: Mapped[list[Any]] = mapped_column(default=list)
    capacity_voice: Mapped[int] = mapped_column(default=1)
    capacity_chat: Mapped[int] = mapped_column(default=3)
    capacity_email: Mapped[int] = mapped_column(default=5)  # emails and tickets
    state: Mapped[AgentState] = mapped_column(EnumText(AgentState), default=AgentState.OFFLINE)
    reason: Mapped[str | None] = mapped_column(String(60))
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    idle_since: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    activity_at: Mapped[datetime | None]
    warned_at: Mapped[datetime | None]  # not-ready time nearly used up: the rep was told
    overdue_at: Mapped[datetime | None]  # not-ready time exceeded: the supervisor was told


class Offer(IdMixin, Base):
    """One offer of an interaction to an agent, and how it ended.

    At most one offer per interaction is pending at a time (a partial unique
    index): the database, not the router's care, rules out a double offer.
    """

    __tablename__ = "offer"
    __table_args__ = (
        Index(
            "uq_offer_pending_interaction",
            "interaction_id",
            unique=True,
            sqlite_where=text("outcome = 'pending'"),
            postgresql_where=text("outcome = 'pending'"),
        ),
        Index("ix_offer_outcome_expires_at", "outcome", "expires_at"),
    )

    interaction_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interaction.id"), index=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    outcome: Mapped[OfferOutcome] = mapped_column(
        EnumText(OfferOutcome), default=OfferOutcome.PENDING
    )
    answered_at: Mapped[datetime | None]
