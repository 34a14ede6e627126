"""/tickets: open, work through, reassign and escalate cases."""

import uuid

from fastapi import APIRouter, status

from desk_app.domain.enums import TicketStatus
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import (
    AddressDep,
    CurrentUser,
    PageDep,
    SessionDep,
    SettingsDep,
)
from desk_app.server.tickets import service
from desk_app.server.tickets.models import Ticket
from desk_app.server.tickets.schemas import (
    TicketCheck,
    TicketCreate,
    TicketEscalate,
    TicketRead,
    TicketUpdate,
)

router = APIRouter(prefix="/tickets", tags=["tickets"])


@router.get("", response_model=Page[TicketRead])
def list_tickets(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    status: TicketStatus | None = None,
    department: str | None = None,
    owner_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> Page[TicketRead]:
    """Tickets in the caller's scope (for reps: theirs and their team's unowned queue)."""
    statement = service.visible(
        user=user,
        status=status,
        department=department,
        owner_id=owner_id,
        customer_id=customer_id,
    )
    return paginate(session, statement, Ticket.id, page, TicketRead.model_validate)


@router.post("", response_model=TicketRead, status_code=status.HTTP_201_CREATED)
def create_ticket(
    body: TicketCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Ticket:
    """Open a ticket owned by the caller; the server gives it its number, checklist and SLA."""
    return service.create(session=session, user=user, data=body, settings=settings)


@router.get("/{ticket_id}", response_model=TicketRead)
def get_ticket(ticket_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Ticket:
    return service.get(session=session, user=user, ticket_id=ticket_id)


@router.patch("/{ticket_id}", response_model=TicketRead)
def update_ticket(
    ticket_id: uuid.UUID,
    body: TicketUpdate,
    user: CurrentUser,
    session: SessionDep,
    address: AddressDep,
    settings: SettingsDep,
) -> Ticket:
    """Change a ticket (versioned); status moves follow the life cycle; a new owner is a
    reassignment (managers; audited) or a rep taking a ticket of their team's queue."""
    ticket = service.get(session=session, user=user, ticket_id=ticket_id)
    return service.update(
        session=session, user=user, ticket=ticket, data=body, address=address, settings=settings
    )


@router.post("/{ticket_id}/check", response_model=TicketRead)
def check_item(
    ticket_id: uuid.UUID, body: TicketCheck, user: CurrentUser, session: SessionDep
) -> Ticket:
    """Tick or untick one checklist item (the latest tick wins; no version needed)."""
    ticket = service.get(session=session, user=user, ticket_id=ticket_id)
    return service.check(session=session, user=user, ticket=ticket, data=body)


@router.post("/{ticket_id}/escalate", response_model=TicketRead)
def escalate_ticket(
    ticket_id: uuid.UUID,
    body: TicketEscalate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Ticket:
    """Hand the ticket to another department or tier with the hand-off note (versioned)."""
    ticket = service.get(session=session, user=user, ticket_id=ticket_id)
    return service.escalate(session=session, user=user, ticket=ticket, data=body, settings=settings)
