"""Tickets: open, edit, move, tick, reassign and escalate within the caller's work scope.

A ticket's number (``T-000123``) is what a customer reads out on the phone.
It is the highest number so far plus one, and the unique constraint on
``ticket.number`` settles races between workers: the loser of a race gets
a unique violation and tries the next number.

The rules (life cycle, checklists, hand-off notes) are the domain's; every
change that matters later is a line of the ticket's history.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, and_, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Action, Resource, Scope, may, scope_of
from desk_app.domain.enums import TicketEventKind, TicketStatus
from desk_app.domain.ids import new_id
from desk_app.domain.pan import mask_pans
from desk_app.domain.sla import SlaPolicy
from desk_app.domain.tickets import (
    ACTIVE,
    PAUSING,
    HandOff,
    TicketRuleError,
    check_department,
    check_escalation,
    check_move,
    checklist_for,
    tick,
)
from desk_app.server.core.config import Settings, get_settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound, Problem, VersionConflict
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers import service as customers
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.models import Interaction
from desk_app.server.orders import service as orders
from desk_app.server.tickets import sla
from desk_app.server.tickets.models import Ticket, TicketEscalation, TicketEvent
from desk_app.server.tickets.schemas import (
    TicketCheck,
    TicketCreate,
    TicketEscalate,
    TicketRead,
    TicketUpdate,
)
from desk_app.server.users.assignment import active_user, reassign
from desk_app.server.users.models import Team, User

NUMBER_PREFIX = "T-"
NUMBER_DIGITS = 6
_NUMBER_ATTEMPTS = 20
_CHECK_ATTEMPTS = 3
_FREE_TEXT = frozenset({"subject", "description"})
_PAUSE_REASON = "pending_customer"


def _queue(user: User) -> ColumnElement[bool] | None:
    """Unowned tickets of the caller's team's queue, for those who see only their own work.

    A rep's feed already carries work nobody owns in their team (or in no
    team: see :func:`desk_app.server.sync.feed.visible_to`); store staff see
    only their team's.
    """
    scope = scope_of(user.role, Resource.WORK)
    if scope is Scope.OWN:
        return and_(
            Ticket.owner_id.is_(None),
            or_(Ticket.team_id.is_(None), Ticket.team_id == user.team_id),
        )
    if scope is Scope.STORE and user.team_id is not None:
        return and_(Ticket.owner_id.is_(None), Ticket.team_id == user.team_id)
    return None


def visible(
    *,
    user: User,
    status: TicketStatus | None = None,
    department: str | None = None,
    owner_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> Select[Ticket]:
    """Tickets ``user`` may see (reps: theirs and their queue's), narrowed by the filters."""
    scoped = scope_filter(
        user, Resource.WORK, own=Ticket.owner_id, team=Ticket.team_id, store=Ticket.store_id
    )
    queue = _queue(user)
    statement = select(Ticket).where(scoped if queue is None else or_(scoped, queue))
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
    """One ticket with its escalations and history, if in the caller's scope."""
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


def _rule(exc: TicketRuleError) -> Problem:
    return Problem(422, str(exc), type_="/problems/ticket-rule")


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def _policy(settings: Settings | None) -> SlaPolicy:
    return (settings or get_settings()).sla.policy


def _record(
    ticket: Ticket, user: User, kind: TicketEventKind, now: datetime, **detail: Any
) -> None:
    # the id now, not at flush: lines of one change keep the order they were written in
    ticket.history.append(TicketEvent(id=new_id(), by_id=user.id, at=now, kind=kind, detail=detail))


def _interaction(session: Session, user: User, interaction_id: uuid.UUID) -> Interaction:
    try:
        return interactions.get(session=session, user=user, interaction_id=interaction_id)
    except NotFound:
        raise _invalid("interaction_id names no interaction you can see") from None


def _check_order(
    session: Session, user: User, order_id: uuid.UUID, customer_id: uuid.UUID | None
) -> uuid.UUID:
    """The order's customer, once the order is one the caller sees (and ``customer_id``'s)."""
    try:
        order = orders.get_order(session=session, user=user, order_id=order_id)
    except NotFound:
        raise _invalid("order_id names no order you can see") from None
    if customer_id is not None and order.customer_id != customer_id:
        raise _invalid("the order is not this customer's")
    return order.customer_id


def create(
    *, session: Session, user: User, data: TicketCreate, settings: Settings | None = None
) -> Ticket:
    """Open a ticket owned by the caller, numbered by the server, with its checklist and SLA.

    ``settings`` gives the SLA policy and the departments (the process's settings when
    left out).
    """
    now = utcnow()
    try:
        check_department(data.department, (settings or get_settings()).known_departments)
    except TicketRuleError as exc:
        raise _rule(exc) from None
    customer_id = data.customer_id
    if customer_id is not None:
        customers.ensure_visible(session=session, user=user, customer_id=customer_id)
    interaction = None
    if data.interaction_id is not None:
        interaction = _interaction(session, user, data.interaction_id)
        customer_id = customer_id or interaction.customer_id
    if data.order_id is not None:
        customer_id = _check_order(session, user, data.order_id, customer_id)
    if data.id is not None and session.get(Ticket, data.id) is not None:
        raise Problem(409, "a ticket with this id already exists")
    policy = _policy(settings)
    for _ in range(_NUMBER_ATTEMPTS):
        ticket = _new_ticket(data, user, customer_id, policy, now)
        ticket.number = next_number(session=session)
        session.add(ticket)
        try:
            session.flush()
            if interaction is not None:
                interaction.ticket_id = ticket.id  # flushed first: the link's key exists
                _record(
                    ticket, user, TicketEventKind.LINKED, now, interaction_id=str(interaction.id)
                )
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


def _new_ticket(
    data: TicketCreate,
    user: User,
    customer_id: uuid.UUID | None,
    policy: SlaPolicy,
    now: datetime,
) -> Ticket:
    ticket = Ticket(
        subject=mask_pans(data.subject),
        description=mask_pans(data.description),
        priority=data.priority,
        department=data.department,
        category=data.category,
        checklist=checklist_for(data.category),
        tier=1,
        customer_id=customer_id,
        order_id=data.order_id,
        needs_supervisor=data.needs_supervisor,
        owner_id=user.id,
        team_id=user.team_id,
        store_id=user.store_id,
        created_at=now,
        updated_at=now,
    )
    if data.id is not None:
        ticket.id = data.id
    sla.stamp_due(ticket, policy=policy, start=now)
    _record(ticket, user, TicketEventKind.CREATED, now)
    if data.order_id is not None:
        _record(ticket, user, TicketEventKind.LINKED, now, order_id=str(data.order_id))
    return ticket


def _move(
    session: Session,
    user: User,
    ticket: Ticket,
    target: TicketStatus,
    *,
    policy: SlaPolicy,
    now: datetime,
) -> None:
    """Change the status as the life cycle allows, keeping the SLA clocks and history right."""
    current = ticket.status
    try:
        check_move(current, target, ticket.checklist)
    except TicketRuleError as exc:
        raise _rule(exc) from None
    if target == current:
        return
    if current in PAUSING and target not in PAUSING:
        stood_still = sla.resume(session=session, ticket=ticket, policy=policy, now=now)
        _record(
            ticket,
            user,
            TicketEventKind.SLA_RESUMED,
            now,
            paused_seconds=int(stood_still.total_seconds()),
        )
    if target in PAUSING and current not in PAUSING:
        sla.pause(session=session, ticket=ticket, reason=_PAUSE_REASON, now=now)
        _record(ticket, user, TicketEventKind.SLA_PAUSED, now, reason=_PAUSE_REASON)
    if current is TicketStatus.NEW and ticket.first_responded_at is None:
        ticket.first_responded_at = now
        _record(ticket, user, TicketEventKind.FIRST_RESPONSE, now)
    if target is TicketStatus.RESOLVED:
        ticket.resolved_at = now
    elif target in ACTIVE:
        ticket.resolved_at = None  # reopened: the resolution clock runs again
    ticket.status = target
    _record(
        ticket, user, TicketEventKind.STATUS, now, **{"from": current.value, "to": target.value}
    )


def _change_owner(
    session: Session, user: User, ticket: Ticket, owner_id: uuid.UUID | None, address: str
) -> None:
    """Take an unowned ticket of one's team's queue, or (managers) reassign it."""
    taking = (
        not may(user.role, Action.WORK_REASSIGN)
        and ticket.owner_id is None
        and owner_id == user.id
        and ticket.team_id is not None
        and ticket.team_id == user.team_id
    )
    if taking:
        ticket.owner_id = user.id
        return
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


def update(
    *,
    session: Session,
    user: User,
    ticket: Ticket,
    data: TicketUpdate,
    address: str,
    settings: Settings | None = None,
) -> Ticket:
    """Apply the changed fields, if ``data.version`` is still current; free text is PAN-masked."""
    ensure_version(ticket, data.version, to_read=TicketRead.model_validate)
    now = utcnow()
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    customer_id = changes.pop("customer_id", ticket.customer_id)
    order_id = changes.pop("order_id", ticket.order_id)
    if customer_id not in (None, ticket.customer_id):
        customers.ensure_visible(session=session, user=user, customer_id=customer_id)
    if order_id is not None and (order_id, customer_id) != (ticket.order_id, ticket.customer_id):
        customer_id = _check_order(session, user, order_id, customer_id)
    with session.no_autoflush:  # one flush at commit: the version moves on once
        _apply(
            session,
            user,
            ticket,
            changes,
            customer_id=customer_id,
            order_id=order_id,
            address=address,
            policy=_policy(settings),
            now=now,
        )
    ticket.updated_at = now
    commit_versioned(session, ticket, to_read=TicketRead.model_validate)
    return ticket


def _apply(
    session: Session,
    user: User,
    ticket: Ticket,
    changes: dict[str, Any],
    *,
    customer_id: uuid.UUID | None,
    order_id: uuid.UUID | None,
    address: str,
    policy: SlaPolicy,
    now: datetime,
) -> None:
    """Make the checked changes, each with its line of history."""
    if order_id not in (None, ticket.order_id):
        _record(ticket, user, TicketEventKind.LINKED, now, order_id=str(order_id))
    ticket.customer_id, ticket.order_id = customer_id, order_id
    owner_id = changes.pop("owner_id", ticket.owner_id)
    if owner_id != ticket.owner_id:
        previous = ticket.owner_id
        _change_owner(session, user, ticket, owner_id, address)
        _record(
            ticket,
            user,
            TicketEventKind.ASSIGNED,
            now,
            **{
                "from": str(previous) if previous else None,
                "to": str(owner_id) if owner_id else None,
            },
        )
    if changes.get("category", ticket.category) != ticket.category:
        ticket.category = changes.pop("category")
        ticket.checklist = checklist_for(ticket.category)  # the new category's items, unticked
    if changes.get("priority", ticket.priority) != ticket.priority:
        ticket.priority = changes.pop("priority")
        sla.restamp(ticket, policy=policy, stood_still=_stood_still(ticket))
    if "status" in changes:
        _move(session, user, ticket, changes.pop("status"), policy=policy, now=now)
    for field, value in changes.items():
        setattr(ticket, field, mask_pans(value) if field in _FREE_TEXT else value)


def _stood_still(ticket: Ticket) -> timedelta:
    """The business time the ticket's clocks stood still in pauses already over."""
    seconds = sum(
        int(event.detail.get("paused_seconds", 0))
        for event in ticket.history
        if event.kind is TicketEventKind.SLA_RESUMED
    )
    return timedelta(seconds=seconds)


def check(*, session: Session, user: User, ticket: Ticket, data: TicketCheck) -> Ticket:
    """Tick or untick one checklist item; the latest tick wins, but the version moves on.

    A rival edit committed between our read and our write is no conflict
    here: the item is set again on the ticket as it is now.
    """
    for attempt in range(_CHECK_ATTEMPTS):
        if ticket.status not in ACTIVE:
            raise _invalid(f"the checklist of a {ticket.status.value} ticket is settled; reopen it")
        with session.no_autoflush:  # one flush at commit: the version moves on once
            _tick(user, ticket, data)
        try:
            commit_versioned(session, ticket, to_read=TicketRead.model_validate)
        except VersionConflict:
            if attempt == _CHECK_ATTEMPTS - 1:
                raise
            continue  # commit_versioned refreshed the ticket: tick it as it is now
        break
    return ticket


def _tick(user: User, ticket: Ticket, data: TicketCheck) -> None:
    try:
        ticket.checklist = tick(ticket.checklist, data.index, data.done)
    except TicketRuleError as exc:
        raise _rule(exc) from None
    now = utcnow()
    item = ticket.checklist[data.index]
    _record(
        ticket,
        user,
        TicketEventKind.CHECKLIST,
        now,
        item=data.index,
        text=item["text"],
        done=data.done,
    )
    ticket.updated_at = now


def _context(interaction: Interaction) -> dict[str, Any]:
    """What the receiving desk should know of the contact: where the script went, the
    answers the rep gave on the way, and how the contact ended."""
    trail = [visit for visit in interaction.script_trail or () if isinstance(visit, dict)]
    return {
        "script_path": [str(visit.get("step")) for visit in trail],
        "answers": [
            {
                "step": visit.get("step"),
                "choice": visit.get("choice"),
                "checked": list(visit.get("checked") or ()),
            }
            for visit in trail
            if visit.get("choice") or visit.get("checked")
        ],
        "disposition": interaction.disposition,
    }


def _receiving_team(
    session: Session, owner: User | None, to_department: str | None
) -> uuid.UUID | None:
    """The team whose queue gets the ticket: its new owner's, else the department's."""
    if owner is not None:
        return owner.team_id
    if to_department is None:
        return None
    return session.scalar(
        select(Team.id).where(Team.department == to_department).order_by(Team.name).limit(1)
    )


def escalate(
    *,
    session: Session,
    user: User,
    ticket: Ticket,
    data: TicketEscalate,
    settings: Settings | None = None,
) -> Ticket:
    """Hand the ticket to another department or a higher tier, with the hand-off note.

    The contact escalated from, if named, gives its script path, answers and
    disposition; the ticket is then open in the receiving queue (or its new owner's).
    """
    ensure_version(ticket, data.version, to_read=TicketRead.model_validate)
    try:
        if data.to_department is not None:
            check_department(data.to_department, (settings or get_settings()).known_departments)
        check_escalation(
            department=ticket.department,
            tier=ticket.tier,
            to_department=data.to_department,
            to_tier=data.to_tier,
            status=ticket.status,
        )
        hand_off = HandOff.of(data.tried, data.told, data.expected)
    except TicketRuleError as exc:
        raise _rule(exc) from None
    owner = (
        active_user(session, data.to_owner_id, field="to_owner_id")
        if data.to_owner_id is not None
        else None
    )
    interaction = (
        _interaction(session, user, data.interaction_id)
        if data.interaction_id is not None
        else None
    )
    now = utcnow()
    escalation = TicketEscalation(
        id=new_id(),
        at=now,
        by_id=user.id,
        from_department=ticket.department,
        to_department=data.to_department or ticket.department,
        from_tier=ticket.tier,
        to_tier=data.to_tier or ticket.tier,
        to_owner_id=data.to_owner_id,
        note=hand_off.text(),
        tried=hand_off.tried,
        told=hand_off.told,
        expected=hand_off.expected,
        interaction_id=data.interaction_id,
        context=_context(interaction) if interaction is not None else {},
    )
    team_id = _receiving_team(session, owner, data.to_department)
    with session.no_autoflush:  # one flush at commit: the version moves on once
        _hand_over(session, user, ticket, escalation, team_id, policy=_policy(settings), now=now)
    ticket.updated_at = now  # an escalation is an edit: the version moves on
    commit_versioned(session, ticket, to_read=TicketRead.model_validate)
    return ticket


def _hand_over(
    session: Session,
    user: User,
    ticket: Ticket,
    escalation: TicketEscalation,
    team_id: uuid.UUID | None,
    *,
    policy: SlaPolicy,
    now: datetime,
) -> None:
    """Record the hand-off and move the ticket to the receiving queue (or owner)."""
    ticket.escalations.append(escalation)
    _move(session, user, ticket, TicketStatus.OPEN, policy=policy, now=now)
    if team_id is not None:
        ticket.team_id = team_id
    ticket.department = escalation.to_department
    ticket.tier = escalation.to_tier
    ticket.owner_id = escalation.to_owner_id
    _record(
        ticket,
        user,
        TicketEventKind.ESCALATED,
        now,
        escalation_id=str(escalation.id),
        from_department=escalation.from_department,
        to_department=escalation.to_department,
        from_tier=escalation.from_tier,
        to_tier=escalation.to_tier,
    )
