"""Wrap-up: an interaction ends with a code its queue offers, and the code sets things in motion.

A callback code schedules a callback follow-up, a do-not-contact code flags
the number, an unresolved or escalated code opens a follow-up ticket (if the
contact has none) with a reminder; a resolving code on a first contact counts
as first-contact resolution. Everything is written in the wrap-up's own
transaction, and only when the interaction moves to done, so a retried or
replayed wrap-up (refused once done, or answered from the op log) never
sets anything in motion twice. The one exception is the follow-up ticket:
the tickets service commits it (numbering needs its own retries) before the
wrap-up, linked to the interaction, so a wrap-up that then fails and is
tried again finds the ticket and opens no second one.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, Direction, FollowUpKind, InteractionStatus
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.domain.tickets import department_for
from desk_app.domain.wrapup import (
    FOLLOW_UP_TICKET_DUE,
    REPEAT_WINDOW,
    Consequence,
    Outcome,
    Problem,
    WrapUp,
    WrapUpError,
    consequence_of,
    first_contact_resolved,
    wrap_up,
)
from desk_app.server.audit import service as audit
from desk_app.server.core import problems
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers import service as customers
from desk_app.server.customers.models import Customer, CustomerPhone
from desk_app.server.followups import service as followups
from desk_app.server.followups.models import FollowUp
from desk_app.server.interactions import acw, service
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead, InteractionUpdate
from desk_app.server.tickets import service as tickets
from desk_app.server.tickets.schemas import TicketCreate
from desk_app.server.users.models import Team, User

_MESSAGES = {
    Problem.NO_DISPOSITION: "disposition: pick a disposition code",
    Problem.UNKNOWN_DISPOSITION: "disposition: {code!r} is not a disposition code",
    Problem.NOT_IN_QUEUE: "disposition: {code} is not a code of the {queue} queue",
    Problem.NOTES_TOO_LONG: "wrap_notes: too long",
    Problem.NOTES_REQUIRED: "wrap_notes: the {queue} queue requires notes",
    Problem.CALLBACK_TIME_MISSING: "callback_at: a callback code needs the time to call back",
    Problem.CALLBACK_TIME_PAST: "callback_at: the time to call back must be in the future",
    Problem.MUST_SAY_NOT_ACKNOWLEDGED: "the must-say lines were not acknowledged",
}


def _invalid(detail: str) -> problems.Problem:
    return problems.Problem(422, detail, type_="/problems/validation")


def _validated(
    interaction: Interaction,
    code: str | None,
    notes: str,
    *,
    callback_at: datetime | None,
    timed_out: bool,
    now: datetime,
) -> WrapUp:
    """The domain's wrap-up under the interaction's queue, or 422 with what is wrong.

    A timed-out wrap-up is the queue's timeout code with the notes as they
    were (the queue's notes requirement cannot hold against the clock).
    """
    queue = acw.queue_of(interaction)
    if timed_out and code != queue.acw.timeout_code:
        raise _invalid(
            f"disposition: a timed-out wrap-up of the {queue.name} queue ends with "
            f"{queue.acw.timeout_code or 'no code: it has no time limit'}"
        )
    try:
        return wrap_up(
            code,
            notes,
            queue=None if timed_out else queue,
            callback_at=callback_at,
            now=now,
        )
    except WrapUpError as error:
        raise _invalid(_MESSAGES[error.problem].format(code=code, queue=queue.name)) from None


def finish(
    *,
    session: Session,
    user: User,
    interaction: Interaction,
    data: InteractionUpdate,
    address: str,
    settings: Settings,
    now: datetime | None = None,
) -> Interaction:
    """Move the interaction to done with its disposition, and carry out what the code means."""
    ensure_version(interaction, data.version, to_read=InteractionRead.model_validate)
    service.ensure_may_change(user, interaction)
    if interaction.status is InteractionStatus.DONE:
        raise problems.Problem(409, "this interaction is already wrapped up")
    if InteractionStatus.DONE not in service.TRANSITIONS[interaction.status]:
        raise _invalid(f"status: an interaction cannot go from {interaction.status} to done")
    now = now or utcnow()
    changes = service.changes_of(data)
    code = changes.get("disposition", interaction.disposition)
    done = _validated(
        interaction,
        code,
        changes.get("wrap_notes", interaction.wrap_notes) or "",
        callback_at=data.callback_at,
        timed_out=data.timed_out,
        now=now,
    )
    changes["wrap_notes"] = done.notes
    consequence = consequence_of(done.disposition.code)
    if consequence is Consequence.FOLLOW_UP_TICKET and interaction.ticket_id is None:
        _open_ticket(session, user, interaction, done, changes.get("category"))
    service.apply_changes(
        session=session, user=user, interaction=interaction, changes=changes, address=address
    )
    # one flush at the commit: a call event that moved the version meanwhile is then
    # a conflict (commit_versioned), not an error of some query's autoflush
    with session.no_autoflush:
        interaction.first_contact_resolution = first_contact_resolved(
            done.disposition.code, repeat_contact=_repeat_contact(session, interaction)
        )
        _carry_out(session, user, interaction, done, consequence, settings, address, now)
        _close_callback(session, interaction, now)
    commit_versioned(session, interaction, to_read=InteractionRead.model_validate)
    return interaction


def _repeat_contact(session: Session, interaction: Interaction) -> bool:
    """Another contact of the same customer about the same category shortly before this one."""
    if interaction.customer_id is None or interaction.category is None:
        return False
    earlier = session.scalar(
        select(Interaction.id)
        .where(
            Interaction.customer_id == interaction.customer_id,
            Interaction.category == interaction.category,
            Interaction.id != interaction.id,
            Interaction.queued_at < interaction.queued_at,
            Interaction.queued_at >= interaction.queued_at - REPEAT_WINDOW,
        )
        .limit(1)
    )
    return earlier is not None


def _contact_number(
    session: Session, user: User, interaction: Interaction, settings: Settings
) -> str | None:
    """The number the contact came from or went to, else the customer's first phone (E.164)."""
    raw: str | None = None
    if interaction.channel is Channel.VOICE:
        inbound = interaction.direction is Direction.INBOUND
        raw = interaction.from_address if inbound else interaction.to_address
    if raw:
        region = customers.region_for(session=session, user=user, settings=settings)
        try:
            return to_e164(raw, region=region)
        except InvalidPhoneError:
            pass  # an anonymous or garbled caller id: the customer's own number, if any
    if interaction.customer_id is None:
        return None
    return session.scalar(
        select(CustomerPhone.e164)
        .where(CustomerPhone.customer_id == interaction.customer_id)
        .order_by(CustomerPhone.position)
        .limit(1)
    )


def _carry_out(
    session: Session,
    user: User,
    interaction: Interaction,
    done: WrapUp,
    consequence: Consequence,
    settings: Settings,
    address: str,
    now: datetime,
) -> None:
    if consequence is Consequence.SCHEDULE_CALLBACK:
        assert done.callback_at is not None  # the domain requires it for a callback code
        phone = _contact_number(session, user, interaction, settings)
        if phone is None:
            raise _invalid("callback_at: there is no number to call this customer back on")
        if followups.do_not_contact(session, phone):
            raise _invalid(f"callback_at: {followups.DO_NOT_CONTACT}")
        followups.add(
            session,
            owner=user,
            subject_type="interaction",
            subject_id=interaction.id,
            customer_id=interaction.customer_id,
            kind=FollowUpKind.CALLBACK,
            due_at=done.callback_at,
            phone=phone,
            note=done.notes,
        )
    elif consequence is Consequence.FLAG_DO_NOT_CONTACT:
        phone = _contact_number(session, user, interaction, settings)
        if phone is not None:
            _flag_do_not_contact(session, user, interaction, phone, address)
    elif consequence is Consequence.FOLLOW_UP_TICKET and interaction.ticket_id is not None:
        followups.add(
            session,
            owner=user,
            subject_type="ticket",
            subject_id=interaction.ticket_id,
            customer_id=interaction.customer_id,
            kind=FollowUpKind.REMINDER,
            due_at=now + FOLLOW_UP_TICKET_DUE,
            note=f"Follow up: {done.disposition.label}",
        )


def _flag_do_not_contact(
    session: Session, user: User, interaction: Interaction, phone: str, address: str
) -> None:
    """Flag ``phone`` on the interaction's customer (or, unknown, on whoever has it); audited."""
    statement = select(CustomerPhone).where(CustomerPhone.e164 == phone)
    if interaction.customer_id is not None:
        statement = statement.where(CustomerPhone.customer_id == interaction.customer_id)
    rows = [row for row in session.scalars(statement) if not row.do_not_contact]
    for row in rows:
        row.do_not_contact = True
        customer = session.get(Customer, row.customer_id)
        if customer is not None:
            customer.updated_at = utcnow()  # the customer record changed: its version moves on
        audit.record(
            session,
            actor=user,
            action="customer.do_not_contact",
            target_type="customer",
            target_id=row.customer_id,
            address=address,
            phone=phone,
            interaction_id=str(interaction.id),
        )


def _open_ticket(
    session: Session,
    user: User,
    interaction: Interaction,
    done: WrapUp,
    category: str | None,
) -> None:
    """The follow-up ticket, linked to the interaction (committed by the tickets service).

    Unresolved: the rep keeps it. Escalated: nobody owns it; it waits in the
    queue of the department its category belongs to.
    """
    category = category or interaction.category
    department = department_for(category)
    ticket = tickets.create(
        session=session,
        user=user,
        data=TicketCreate(
            subject=interaction.subject or f"Follow-up: {done.disposition.label}",
            description=done.notes,
            priority=interaction.priority,
            department=department,
            category=category,
            customer_id=interaction.customer_id,
            interaction_id=interaction.id,
        ),
    )
    interaction.ticket_id = ticket.id
    if done.disposition.outcome is Outcome.ESCALATED:
        ticket.owner_id = None
        team_id = session.scalar(
            select(Team.id).where(Team.department == department).order_by(Team.name).limit(1)
        )
        ticket.team_id = team_id or ticket.team_id


def _close_callback(session: Session, interaction: Interaction, now: datetime) -> None:
    """The callback this interaction carried out is done."""
    for follow_up in session.scalars(
        select(FollowUp).where(
            FollowUp.interaction_id == interaction.id, FollowUp.done_at.is_(None)
        )
    ):
        follow_up.done_at = now
