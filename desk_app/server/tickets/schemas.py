"""Tickets, their hand-offs and history as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from desk_app.domain.enums import Priority, TicketEventKind, TicketStatus
from desk_app.domain.tickets import MAX_NOTE, MAX_TIER
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

DepartmentName = Annotated[
    str,
    Field(
        min_length=2,
        max_length=30,
        description="technical_support, logistics, billing, marketing, or one of DESK_DEPARTMENTS",
    ),
]
"""A department queue; which ones exist is the server's configuration (checked by the service)."""


class TicketCreate(InputSchema):
    """A new ticket, owned by its creator; the server gives it its number, checklist and SLA."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that created it offline")
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    priority: Priority = Priority.NORMAL
    department: DepartmentName
    category: str | None = Field(default=None, min_length=1, max_length=60)
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    interaction_id: uuid.UUID | None = Field(
        default=None, description="the contact this ticket comes from; it is linked to the ticket"
    )
    needs_supervisor: bool = False


class TicketUpdate(VersionedUpdate):
    """Fields to change; a new ``owner_id`` is a reassignment (managers), or a rep taking an
    unowned ticket of their team's queue for themselves.

    The department and tier change only by escalation (``POST /tickets/{id}/escalate``),
    which keeps the hand-off history; status moves follow the life cycle.
    """

    subject: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    status: TicketStatus | None = None
    priority: Priority | None = None
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    category: str | None = Field(default=None, min_length=1, max_length=60)
    needs_supervisor: bool | None = None
    owner_id: uuid.UUID | None = None

    _not_null = not_null("subject", "description", "status", "priority", "needs_supervisor")


class TicketCheck(InputSchema):
    """Tick or untick one checklist item (last writer wins: no version)."""

    index: int = Field(ge=0, lt=100)
    done: bool


class TicketEscalate(VersionedUpdate):
    """Hand the ticket to another department or a higher tier, with the hand-off note."""

    to_department: DepartmentName | None = None
    to_tier: int | None = Field(default=None, ge=1, le=MAX_TIER)
    to_owner_id: uuid.UUID | None = None
    # required and bounded by the domain's HandOff.of, whose messages the rep reads;
    # the limit here only stops a runaway body
    tried: str = Field(default="", max_length=MAX_NOTE * 2)
    told: str = Field(default="", max_length=MAX_NOTE * 2)
    expected: str = Field(default="", max_length=MAX_NOTE * 2)
    interaction_id: uuid.UUID | None = Field(
        default=None, description="the contact escalated from: its script path and answers go along"
    )


class EscalationRead(ReadSchema):
    id: uuid.UUID
    at: datetime
    by_id: uuid.UUID | None
    from_department: str
    to_department: str
    from_tier: int
    to_tier: int
    to_owner_id: uuid.UUID | None
    note: str
    tried: str
    told: str
    expected: str
    interaction_id: uuid.UUID | None
    context: dict[str, Any]


class TicketEventRead(ReadSchema):
    id: uuid.UUID
    at: datetime
    by_id: uuid.UUID | None
    kind: TicketEventKind
    detail: dict[str, Any]


class ChecklistItem(ReadSchema):
    text: str
    done: bool


class TicketRead(ReadSchema):
    id: uuid.UUID
    number: str
    subject: str
    description: str
    status: TicketStatus
    priority: Priority
    department: str
    tier: int
    category: str | None
    customer_id: uuid.UUID | None
    order_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    needs_supervisor: bool
    checklist: list[ChecklistItem]
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_responded_at: datetime | None
    resolved_at: datetime | None
    sla_paused_at: datetime | None
    interaction_ids: list[uuid.UUID]
    escalations: list[EscalationRead]
    history: list[TicketEventRead]
    version: int
    created_at: datetime
    updated_at: datetime
