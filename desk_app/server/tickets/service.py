"""Tickets: open, edit, reassign and escalate within the caller's work scope.

A ticket's number (``T-000123``) is what a customer reads out on the phone.
It is the highest number so far plus one, and the unique constraint on
``ticket.number`` settles races between workers: the loser of a race gets
a unique violation and tries the next number.
"""

import uuid

from sqlalchemy import BigInteger, Select, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import Department, TicketStatus
from desk_app.domain.pan import mask_pans
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers import service as customers
from desk_app.server.tickets.models import Ticket, TicketEscalation
from desk_app.server.tickets.schemas import TicketCreate, TicketEscalate, TicketRead, TicketUpdate
from desk_app.server.users.assignment import active_user, reassign
from desk_app.server.users.models import User

NUMBER_PREFIX = "T-"
NUMBER_DIGITS = 6
_NUMBER_ATTEMPTS = 20
_FREE_TEXT = frozenset({"subject", "description"})


def visible(
    *,
    user: User,
    status: TicketStatus | None = None,
    department: Department | None = None,
    owner_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> Select[Ticket]:
    """Tickets ``user`` may see (reps: the ones they own), narrowed by the filters given."""
    statement = select(Ticket).where(
        scope_filter(
            user, Resource.WORK, own=Ticket.owner_id, team=Ticket.team_id, store=Ticket.store_id
        )
    )
    if status is not None:
        statement = statement.where(Ticket.status == status)
    if department is not None:
        statement = statement.where(Ticket.department == department)
    if owner_id is not None:
        statement = statement.where(Ticket.owner_id == owner_id)
    if customer_id is not None:
        statement = statement.where(Ticket.customer_id == customer_id)
    return statement


def get(*, session: Session, user: User, ticket_id: uuid.UUID) -> Ticket:
    """One ticket with its escalations, if in the caller's scope."""
    ticket = session.scalar(visible(user=user).where(Ticket.id == ticket_id))
    if ticket is None:
        raise NotFound("ticket")
    return ticket


def next_number(*, session: Session) -> str:
    """The number after the highest one given so far."""
    ours = Ticket.number.like(f"{NUMBER_PREFIX}%")
    # max() over the unique index is one index probe; it is also the numeric
    # maximum while every number has NUMBER_DIGITS digits.
    highest = session.scalar(select(func.max(Ticket.number)).where(ours))
    last = int(highest[len(NUMBER_PREFIX) :]) if highest else 0
    if last >= 10**NUMBER_DIGITS - 1:
        # Past T-999999 text order is no longer number order: compare as numbers.
        digits = cast(func.substr(Ticket.number, len(NUMBER_PREFIX) + 1), BigInteger)
        last = session.scalar(select(func.max(digits)).where(ours)) or last
    return f"{NUMBER_PREFIX}{last + 1:0{NUMBER_DIGITS}d}"


def create(*, session: Session, user: User, data: TicketCreate) -> Ticket:
    """Open a ticket owned by the caller, numbered by the server."""
    if data.customer_id is not None:
        customers.ensure_visible(session=session, user=user, customer_id=data.customer_id)
    if data.id is not None and session.get(Ticket, data.id) is not None:
        raise Problem(409, "a ticket with this id already exists")
    ticket = Ticket(
        subject=mask_pans(data.subject),
        description=mask_pans(data.description),
        priority=data.priority,
        department=data.department,
        customer_id=data.customer_id,
        needs_supervisor=data.needs_supervisor,
        owner_id=user.id,
        team_id=user.team_id,
        store_id=user.store_id,
    )
    if data.id is not None:
        ticket.id = data.id
    for _ in range(_NUMBER_ATTEMPTS):
        ticket.number = next_number(session=session)
        session.add(ticket)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # another worker took the number (or, rarely, the id)
            if data.id is not None and session.get(Ticket, data.id) is not None:
                raise Problem(409, "a ticket with this id already exists") from None
            continue
        return ticket
    raise Problem(
        503, "could not give the ticket a number; try again", headers={"Retry-After": "1"}
    )


def update(
    *, session: Session, user: User, ticket: Ticket, data: TicketUpdate, address: str
) -> Ticket:
    """Apply the changed fields, if ``data.version`` is still current; free text is PAN-masked."""
    ensure_version(ticket, data.version, to_read=TicketRead.model_validate)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "customer_id" in changes and changes["customer_id"] not in (None, ticket.customer_id):
        customers.ensure_visible(session=session, user=user, customer_id=changes["customer_id"])
    owner_id = changes.pop("owner_id", ticket.owner_id)
    if owner_id != ticket.owner_id:
        reassign(
            session,
            actor=user,
            item=ticket,
            owner_field="owner_id",
            new_owner_id=owner_id,
            kind="ticket",
            audit_label="owner_id",
            address=address,
        )
    for field, value in changes.items():
        setattr(ticket, field, mask_pans(value) if field in _FREE_TEXT else value)
    commit_versioned(session, ticket, to_read=TicketRead.model_validate)
    return ticket


def escalate(*, session: Session, user: User, ticket: Ticket, data: TicketEscalate) -> Ticket:
    """Hand the ticket to another department (and owner), keeping the hand-off in its history."""
    ensure_version(ticket, data.version, to_read=TicketRead.model_validate)
    owner = (
        active_user(session, data.to_owner_id, field="to_owner_id")
        if data.to_owner_id is not None
        else None
    )
    ticket.escalations.append(
        TicketEscalation(
            by_id=user.id,
            from_department=ticket.department,
            to_department=data.to_department,
            to_owner_id=data.to_owner_id,
            note=mask_pans(data.note),
        )
    )
    ticket.status = TicketStatus.OPEN
    ticket.department = data.to_department
    ticket.owner_id = data.to_owner_id
    if owner is not None:
        ticket.team_id = owner.team_id
    ticket.updated_at = utcnow()  # an escalation is an edit: the version moves on
    commit_versioned(session, ticket, to_read=TicketRead.model_validate)
    return ticket
