"""One contact with a customer on any channel, from offer to wrap-up."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import CallState, Channel, Direction, InteractionStatus, Priority
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class Interaction(IdMixin, VersionedMixin, Base):
    """A call, chat, email, ticket touch or walk-in.

    ``external_id`` is the telephony or gateway id (a Twilio ``CallSid``);
    unique per channel so a repeated webhook finds the same interaction.
    """

    __tablename__ = "interaction"
    __table_args__ = (
        Index("ix_interaction_status_priority", "status", "priority"),
        Index("uq_interaction_channel_external_id", "channel", "external_id", unique=True),
        Index("ix_interaction_status_queued_at", "status", "queued_at"),
    )

    channel: Mapped[Channel] = mapped_column(EnumText(Channel))
    direction: Mapped[Direction] = mapped_column(EnumText(Direction), default=Direction.INBOUND)
    status: Mapped[InteractionStatus] = mapped_column(
        EnumText(InteractionStatus), default=InteractionStatus.QUEUED
    )
    priority: Mapped[Priority] = mapped_column(EnumText(Priority), default=Priority.NORMAL)
    category: Mapped[str | None] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(200), default="")
    external_id: Mapped[str | None] = mapped_column(String(100))
    from_address: Mapped[str | None] = mapped_column(String(254))
    to_address: Mapped[str | None] = mapped_column(String(254))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), index=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    assigned_agent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id"), index=True
    )
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    sla_due_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    wrapped_at: Mapped[datetime | None]
    disposition: Mapped[str | None] = mapped_column(String(60))
    wrap_notes: Mapped[str] = mapped_column(Text, default="")
    script_trail: Mapped[list[Any]] = mapped_column(default=list)
    """The script visits recorded by the desk (``ScriptRun.to_trail``), the current one last."""
    tags: Mapped[list[Any]] = mapped_column(default=list)
    satisfaction: Mapped[int | None]
    # resolved on first contact (a resolving code, no earlier contact on the matter)
    first_contact_resolution: Mapped[bool | None]
    # after-contact work runs out then (the queue's ACW rule); the server applies the
    # queue's timeout code a little after, should the desk not have done it
    acw_deadline_at: Mapped[datetime | None]
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # routing: the queue is (channel, skill); a CTI event naming an extension
    # sends the call to that agent only
    skill: Mapped[str | None] = mapped_column(String(60))
    requested_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    offer_expires_at: Mapped[datetime | None]
    sla_paused_at: Mapped[datetime | None]
    # calls: as the PBX last reported them
    call_state: Mapped[CallState | None] = mapped_column(EnumText(CallState))
    muted: Mapped[bool] = mapped_column(default=False, server_default=false())
    # hold time so far (a call on hold now adds from ``hold_started_at`` when it resumes
    # or ends): the "hold" of average handle time
    hold_seconds: Mapped[float] = mapped_column(default=0.0, server_default="0")
    hold_started_at: Mapped[datetime | None]
    # passed to another agent, queue or number at least once: never a first-contact resolution
    transferred: Mapped[bool] = mapped_column(default=False, server_default=false())
