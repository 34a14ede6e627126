"""Internal notes: written once about a record the author may see, never edited."""

import uuid
from collections.abc import Callable, Collection

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import NoteSubject
from desk_app.domain.ids import new_id
from desk_app.domain.pan import mask_pans
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import in_scope
from desk_app.server.customers import service as customers
from desk_app.server.customers.models import Customer
from desk_app.server.interactions.models import Interaction
from desk_app.server.notes import mentions
from desk_app.server.notes.models import Note
from desk_app.server.notes.schemas import NoteCreate
from desk_app.server.orders.models import Order
from desk_app.server.tickets import service as tickets
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User


def _customer_visible(session: Session, user: User, subject_id: uuid.UUID) -> bool:
    # one indexed look-up: loading the customer would also load phones, emails, addresses
    visible = customers.visible(user=user).where(Customer.id == subject_id)
    return session.scalar(visible.with_only_columns(Customer.id)) is not None


def _interaction_visible(session: Session, user: User, subject_id: uuid.UUID) -> bool:
    row = session.get(Interaction, subject_id)
    return row is not None and in_scope(
        user, Resource.WORK, own=row.assigned_agent_id, team=row.team_id, store=row.store_id
    )


def _ticket_visible(session: Session, user: User, subject_id: uuid.UUID) -> bool:
    # the tickets' own rule: it also opens the team's queue to its reps
    visible = tickets.visible(user=user).where(Ticket.id == subject_id)
    return session.scalar(visible.with_only_columns(Ticket.id)) is not None


def _order_visible(session: Session, user: User, subject_id: uuid.UUID) -> bool:
    # An order belongs to the customer scope: its own store, or its customer's home store.
    row = session.get(Order, subject_id)
    if row is None:
        return False
    if in_scope(user, Resource.CUSTOMER, store=row.store_id):
        return True
    customer = session.get(Customer, row.customer_id)
    return customer is not None and in_scope(user, Resource.CUSTOMER, store=customer.store_id)


_VISIBLE: dict[NoteSubject, Callable[[Session, User, uuid.UUID], bool]] = {
    NoteSubject.CUSTOMER: _customer_visible,
    NoteSubject.INTERACTION: _interaction_visible,
    NoteSubject.TICKET: _ticket_visible,
    NoteSubject.ORDER: _order_visible,
}


def ensure_subject_visible(
    *, session: Session, user: User, subject_type: NoteSubject, subject_id: uuid.UUID
) -> None:
    """Raise 404 unless the subject exists and is in the caller's scope."""
    if not _VISIBLE[subject_type](session, user, subject_id):
        raise NotFound(subject_type.value)


def for_subject(*, subject_type: NoteSubject, subject_id: uuid.UUID) -> Select[Note]:
    """Notes about one record, for a caller already allowed to see it."""
    return select(Note).where(Note.subject_type == subject_type, Note.subject_id == subject_id)


def create(
    *, session: Session, user: User, data: NoteCreate, departments: Collection[str] = ()
) -> Note:
    """Add a note about a visible subject, with any card number masked, and reach its @mentions.

    ``departments`` are the configured ones beyond the built-in four (``@quality``).
    """
    ensure_subject_visible(
        session=session, user=user, subject_type=data.subject_type, subject_id=data.subject_id
    )
    note = Note(
        id=data.id or new_id(),
        subject_type=data.subject_type,
        subject_id=data.subject_id,
        author_id=user.id,
        body=mask_pans(data.body),
    )
    reached = mentions.reach(session, note=note, departments=departments)
    note.mentioned = reached.named
    session.add(note)
    try:
        session.flush()  # the note before its mentions, which reference it
    except IntegrityError:
        session.rollback()
        raise Problem(409, "a note with this id already exists") from None
    session.add_all(reached.mentions)
    session.commit()
    return note
