"""Tickets and their escalation history."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.domain.enums import Department, Priority, TicketStatus
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class Ticket(IdMixin, VersionedMixin, Base):
    """A case that outlives one contact: investigate, escalate, follow up."""

    __tablename__ = "ticket"

    number: Mapped[str] = mapped_column(String(20), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TicketStatus] = mapped_column(EnumText(TicketStatus), default=TicketStatus.NEW)
    priority: Mapped[Priority] = mapped_column(EnumText(Priority), default=Priority.NORMAL)
    department: Mapped[Department] = mapped_column(EnumText(Department))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), index=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    follow_up_on: Mapped[date | None] = mapped_column(index=True)
    needs_supervisor: Mapped[bool] = mapped_column(default=False)

    escalations: Mapped[list["TicketEscalation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TicketEscalation.at"
    )


class TicketEscalation(IdMixin, Base):
    """One hand-off of a ticket to another department or owner, with its note."""

    __tablename__ = "ticket_escalation"

    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    from_department: Mapped[Department] = mapped_column(EnumText(Department))
    to_department: Mapped[Department] = mapped_column(EnumText(Department))
    to_owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")
