"""A ticket's two SLA clocks (first response, resolution): stamp, pause and resume them.

The clocks run on the policy's ticket calendar (business hours, holidays).
While a ticket waits on the customer they stand still: the pause is kept as
an :class:`SlaPause` row (subject ``"ticket"``) for reporting, and on resuming
every clock not met yet moves on by the business time it stood still. Nothing
here commits: the ticket's service does, with the change that caused it.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel
from desk_app.domain.sla import SlaPolicy, add_business_time, business_time_between, due_at
from desk_app.server.sla.models import SlaPause
from desk_app.server.tickets.models import Ticket

SUBJECT = "ticket"


def stamp_due(ticket: Ticket, *, policy: SlaPolicy, start: datetime) -> None:
    """Set both due times from the policy's ticket targets for the ticket's priority."""
    ticket.first_response_due_at = due_at(policy, Channel.TICKET, ticket.priority, start)
    ticket.resolution_due_at = due_at(
        policy, Channel.TICKET, ticket.priority, start, target="resolution"
    )


def restamp(ticket: Ticket, *, policy: SlaPolicy, stood_still: timedelta) -> None:
    """Due times for a changed priority: counted from creation, later by the time the clocks
    stood still so far; a clock already met keeps the due time it was met against."""
    calendar = policy.calendar_for(Channel.TICKET)
    start = ticket.created_at
    if ticket.first_responded_at is None:
        due = due_at(policy, Channel.TICKET, ticket.priority, start)
        ticket.first_response_due_at = (
            None if due is None else add_business_time(due, stood_still, calendar)
        )
    if ticket.resolved_at is None:
        due = due_at(policy, Channel.TICKET, ticket.priority, start, target="resolution")
        ticket.resolution_due_at = (
            None if due is None else add_business_time(due, stood_still, calendar)
        )


def pause(*, session: Session, ticket: Ticket, reason: str, now: datetime) -> None:
    """Stop the clocks and open the pause's log row; a paused ticket stays as it is."""
    if ticket.sla_paused_at is not None:
        return
    ticket.sla_paused_at = now
    session.add(SlaPause(subject_type=SUBJECT, subject_id=ticket.id, reason=reason, started_at=now))


def resume(*, session: Session, ticket: Ticket, policy: SlaPolicy, now: datetime) -> timedelta:
    """Restart the clocks; returns the business time they stood still (zero if not paused)."""
    paused_at = ticket.sla_paused_at
    if paused_at is None:
        return timedelta(0)
    stretch = session.scalar(
        select(SlaPause).where(
            SlaPause.subject_type == SUBJECT,
            SlaPause.subject_id == ticket.id,
            SlaPause.ended_at.is_(None),
        )
    )
    if stretch is not None:
        stretch.ended_at = now
    calendar = policy.calendar_for(Channel.TICKET)
    stood_still = business_time_between(paused_at, now, calendar)
    if ticket.first_response_due_at is not None and ticket.first_responded_at is None:
        ticket.first_response_due_at = add_business_time(
            ticket.first_response_due_at, stood_still, calendar
        )
    if ticket.resolution_due_at is not None and ticket.resolved_at is None:
        ticket.resolution_due_at = add_business_time(
            ticket.resolution_due_at, stood_still, calendar
        )
    ticket.sla_paused_at = None
    return stood_still
