"""Tickets, their hand-offs and their history.

The rules (life cycle, checklists, hand-off notes) are the domain's
(:mod:`desk_app.domain.tickets`); here is only what is kept.
"""

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.domain.enums import Priority, TicketEventKind, TicketStatus
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow

if TYPE_CHECKING:
    from desk_app.server.interactions.models import Interaction


class Ticket(IdMixin, VersionedMixin, Base):
    """A case that outlives one contact: investigate, escalate, follow up."""

    __tablename__ = "ticket"

    number: Mapped[str] = mapped_column(String(20), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TicketStatus] = mapped_column(EnumText(TicketStatus), default=TicketStatus.NEW)
    priority: Mapped[Priority] = mapped_column(EnumText(Priority), default=Priority.NORMAL)
    department: Mapped[str] = mapped_column(String(30))  # built in, or configured
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), index=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    needs_supervisor: Mapped[bool] = mapped_column(default=False)
    category: Mapped[str | None] = mapped_column(String(60))
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sales_order.id"), index=True)
    tier: Mapped[int] = mapped_column(default=1, server_default="1")
    checklist: Mapped[list[Any]] = mapped_column(default=list)  # [{"text", "done"}]
    # SLA: due times stamped at creation from the policy (channel "ticket"), moved on
    # by the business time the clock stood still; *_at the moment each was met.
    first_response_due_at: Mapped[datetime | None]
    resolution_due_at: Mapped[datetime | None]
    first_responded_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    sla_paused_at: Mapped[datetime | None]

    escalations: Mapped[list["TicketEscalation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TicketEscalation.at"
    )
    # in time order; lines of one change share ``at`` and keep their order by id (UUIDv7)
    history: Mapped[list["TicketEvent"]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by=lambda: (TicketEvent.at, TicketEvent.id),
    )
    # the contacts linked to this ticket (interaction.ticket_id); set on the interaction
    interactions: Mapped[list["Interaction"]] = relationship(
        viewonly=True, lazy="selectin", order_by="Interaction.queued_at"
    )

    @property
    def interaction_ids(self) -> list[uuid.UUID]:
        """The linked contacts' ids, oldest first, as the ticket record shows them."""
        return [interaction.id for interaction in self.interactions]


class TicketEscalation(IdMixin, Base):
    """One hand-off of a ticket to another department or owner, with its note."""

    __tablename__ = "ticket_escalation"

    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    from_department: Mapped[str] = mapped_column(String(30))
    to_department: Mapped[str] = mapped_column(String(30))
    to_owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")  # the hand-off as one text
    tried: Mapped[str] = mapped_column(Text, default="")
    told: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[str] = mapped_column(Text, default="")
    from_tier: Mapped[int] = mapped_column(default=1, server_default="1")
    to_tier: Mapped[int] = mapped_column(default=1, server_default="1")
    # attached automatically from the interaction escalated from: its script path,
    # the answers given and the disposition ({script_path, answers, disposition})
    interaction_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("interaction.id"))
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)


class TicketEvent(IdMixin, Base):
    """One line of a ticket's history: what changed, when, by whom."""

    __tablename__ = "ticket_event"

    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[TicketEventKind] = mapped_column(EnumText(TicketEventKind))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
