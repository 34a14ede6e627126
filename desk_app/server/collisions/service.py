"""Collision warnings: who else has the same customer or ticket open, or that customer on the line.

Each desk reports what it has open every few seconds; a report replaces the
caller's rows and answers with the other people's fresh rows for the same
subjects. A row not refreshed for :data:`STALE_AFTER` is a desk that closed
the tab or went away, and no longer counts. Subjects the caller may not see are left
out silently: a warning must not tell who works on what the caller cannot open.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import CallState, Channel, InteractionStatus
from desk_app.server.collisions.models import Viewing
from desk_app.server.collisions.schemas import Colleague, ViewingReport
from desk_app.server.core.db import utcnow
from desk_app.server.core.scoping import scope_filter
from desk_app.server.customers.models import Customer
from desk_app.server.interactions.models import Interaction
from desk_app.server.tickets import service as tickets
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User

STALE_AFTER = timedelta(seconds=60)
"""A heartbeat older than this is a desk that no longer has the subject open."""

_ON_A_CALL = tuple(state for state in CallState if state is not CallState.ENDED)
"""Ringing, talking, holding, transferring or in conference: the customer is on the line."""
_LIVE = (InteractionStatus.OFFERED, InteractionStatus.ACTIVE)


def _visible_customers(session: Session, user: User, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    scope = scope_filter(user, Resource.CUSTOMER, store=Customer.store_id)
    return set(session.scalars(select(Customer.id).where(Customer.id.in_(ids), scope)))


def _visible_tickets(session: Session, user: User, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    statement = tickets.visible(user=user).with_only_columns(Ticket.id).where(Ticket.id.in_(ids))
    return set(session.scalars(statement))


def _replace_viewing(
    session: Session, user: User, subjects: Iterable[tuple[str, uuid.UUID]], now: datetime
) -> None:
    """The caller's rows become ``subjects``, seen now.

    Only the caller's own rows are touched, so heartbeats of different people
    never wait on each other; others' stale rows are ignored when read and
    replaced by their next heartbeat.
    """
    session.execute(delete(Viewing).where(Viewing.user_id == user.id))
    session.add_all(
        Viewing(user_id=user.id, subject_type=kind, subject_id=subject_id, seen_at=now)
        for kind, subject_id in subjects
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # a heartbeat of the same user sent at once won: its rows stand


def report(
    *, session: Session, user: User, data: ViewingReport, now: datetime | None = None
) -> list[Colleague]:
    """Record what the caller has open; the others who have the same open (or on the line)."""
    now = now or utcnow()
    customer_ids = _visible_customers(session, user, data.customer_ids)
    ticket_ids = _visible_tickets(session, user, data.ticket_ids)
    subjects = [("customer", i) for i in sorted(customer_ids)]
    subjects += [("ticket", i) for i in sorted(ticket_ids)]
    _replace_viewing(session, user, subjects, now)
    if not subjects:
        return []
    mine = or_(
        and_(Viewing.subject_type == "customer", Viewing.subject_id.in_(customer_ids)),
        and_(Viewing.subject_type == "ticket", Viewing.subject_id.in_(ticket_ids)),
    )
    viewing = session.execute(
        select(Viewing.user_id, User.display_name, Viewing.subject_type, Viewing.subject_id)
        .join(User, User.id == Viewing.user_id)
        .where(mine, Viewing.user_id != user.id, Viewing.seen_at >= now - STALE_AFTER)
        .order_by(Viewing.subject_type, Viewing.subject_id, User.display_name)
    ).all()
    others = [
        Colleague(
            user_id=user_id,
            display_name=name,
            subject_type="ticket" if kind == "ticket" else "customer",
            subject_id=subject_id,
            activity="viewing",
        )
        for user_id, name, kind, subject_id in viewing
    ]
    return others + _on_call(session, user, customer_ids)


def _on_call(session: Session, user: User, customer_ids: set[uuid.UUID]) -> list[Colleague]:
    """Colleagues on the phone right now with one of these customers."""
    if not customer_ids:
        return []
    calls = session.execute(
        select(Interaction.assigned_agent_id, User.display_name, Interaction.customer_id)
        .join(User, User.id == Interaction.assigned_agent_id)
        .where(
            Interaction.customer_id.in_(customer_ids),
            Interaction.channel == Channel.VOICE,
            Interaction.status.in_(_LIVE),
            Interaction.call_state.in_(_ON_A_CALL),
            Interaction.assigned_agent_id != user.id,
        )
        .order_by(Interaction.customer_id, User.display_name)
    ).all()
    return [
        Colleague(
            user_id=agent_id,
            display_name=name,
            subject_type="customer",
            subject_id=customer_id,
            activity="on_call",
        )
        for agent_id, name, customer_id in calls
    ]
