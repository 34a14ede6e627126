"""Tickets and escalations as the API takes and shows them."""

import uuid
from datetime import datetime

from pydantic import Field

from desk_app.domain.enums import Department, Priority, TicketStatus
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null


class TicketCreate(InputSchema):
    """A new ticket, owned by its creator; the server gives it its number."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that created it offline")
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    priority: Priority = Priority.NORMAL
    department: Department
    customer_id: uuid.UUID | None = None
    needs_supervisor: bool = False


class TicketUpdate(VersionedUpdate):
    """Fields to change; a new ``owner_id`` is a reassignment (managers only).

    The department changes only by escalation (``POST /tickets/{id}/escalate``),
    which keeps the hand-off history.
    """

    subject: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    status: TicketStatus | None = None
    priority: Priority | None = None
    customer_id: uuid.UUID | None = None
    needs_supervisor: bool | None = None
    owner_id: uuid.UUID | None = None

    _not_null = not_null("subject", "description", "status", "priority", "needs_supervisor")


class TicketEscalate(VersionedUpdate):
    """Hand the ticket to another department, and optionally to a named owner."""

    to_department: Department
    to_owner_id: uuid.UUID | None = None
    note: str = Field(default="", max_length=20_000)


class EscalationRead(ReadSchema):
    id: uuid.UUID
    at: datetime
    by_id: uuid.UUID | None
    from_department: Department
    to_department: Department
    to_owner_id: uuid.UUID | None
    note: str


class TicketRead(ReadSchema):
    id: uuid.UUID
    number: str
    subject: str
    description: str
    status: TicketStatus
    priority: Priority
    department: Department
    customer_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    needs_supervisor: bool
    escalations: list[EscalationRead]
    version: int
    created_at: datetime
    updated_at: datetime
