"""Customer merge: fold a duplicate into the customer who stays (supervisors and admins).

Everything the duplicate owned moves to the survivor through the ORM, so
each moved order, invoice, interaction, ticket and note reaches the change
log as an upsert, the duplicate as a delete and the survivor as an upsert:
every desk drops the one and refreshes the other without a full resync.
For the same reason the search index's session hook (``search_index``) sees
every move and re-derives both customers' rows: no reindex call is needed.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from desk_app.domain.enums import NoteSubject
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers import service as customers
from desk_app.server.customers.models import (
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
)
from desk_app.server.customers.schemas import CustomerRead
from desk_app.server.customers.view_schemas import CustomerMerge
from desk_app.server.interactions.models import Interaction
from desk_app.server.notes.models import Note
from desk_app.server.orders.models import Invoice, Order
from desk_app.server.routing.locking import write_lock
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User

# where records name their customer
_HISTORY = (Order.customer_id, Invoice.customer_id, Interaction.customer_id, Ticket.customer_id)


def _address_key(address: CustomerAddress) -> tuple[Any, ...]:
    return (
        address.kind,
        address.line1.casefold(),
        (address.line2 or "").casefold(),
        address.city.casefold(),
        address.postal_code.replace(" ", "").upper(),
        address.country,
    )


def _take_contacts(survivor: Customer, duplicate: Customer) -> None:
    """Copy the duplicate's phones, emails and addresses the survivor lacks, after its own."""
    numbers = {phone.e164 for phone in survivor.phones}
    for phone in duplicate.phones:
        if phone.e164 not in numbers:
            numbers.add(phone.e164)
            survivor.phones.append(
                CustomerPhone(e164=phone.e164, label=phone.label, position=len(survivor.phones))
            )
    emails = {email.email.lower() for email in survivor.emails}
    for email in duplicate.emails:
        if email.email.lower() not in emails:
            emails.add(email.email.lower())
            survivor.emails.append(
                CustomerEmail(email=email.email.lower(), position=len(survivor.emails))
            )
    places = {_address_key(address) for address in survivor.addresses}
    for address in duplicate.addresses:
        if _address_key(address) not in places:
            places.add(_address_key(address))
            survivor.addresses.append(
                CustomerAddress(
                    kind=address.kind,
                    line1=address.line1,
                    line2=address.line2,
                    city=address.city,
                    postal_code=address.postal_code,
                    country=address.country,
                    position=len(survivor.addresses),
                )
            )


def _move_history(session: Session, source: uuid.UUID, target: uuid.UUID) -> dict[str, int]:
    """Point the duplicate's records at the survivor; how many of each moved."""
    moved: dict[str, int] = {}
    for column in _HISTORY:
        model = column.class_
        rows = session.scalars(select(model).where(column == source).options(lazyload("*"))).all()
        for row in rows:
            setattr(row, column.key, target)
        moved[f"moved_{model.__tablename__}"] = len(rows)
    notes = session.scalars(
        select(Note).where(Note.subject_type == NoteSubject.CUSTOMER, Note.subject_id == source)
    ).all()
    for note in notes:
        note.subject_id = target
    moved["moved_note"] = len(notes)
    return moved


def _duplicate(session: Session, actor: User, data: CustomerMerge) -> Customer:
    try:
        return customers.get(session=session, user=actor, customer_id=data.duplicate_id)
    except NotFound:
        raise Problem(
            422, "duplicate_id names no customer you can see", type_="/problems/validation"
        ) from None


def merge(
    *,
    session: Session,
    actor: User,
    survivor_id: uuid.UUID,
    data: CustomerMerge,
    address: str | None,
) -> Customer:
    """Move everything of ``data.duplicate_id`` to the survivor and delete the duplicate.

    Both versions must be the ones the supervisor looked at (else 409 with
    the record now): merging a customer someone just edited would lose that edit.
    """
    if data.duplicate_id == survivor_id:
        raise Problem(
            422,
            "duplicate_id: a customer cannot be merged into itself",
            type_="/problems/validation",
        )
    # No other writer may change either customer or their records between
    # the version check and the delete: what was checked is what is merged.
    write_lock(session)
    survivor = customers.get(session=session, user=actor, customer_id=survivor_id)
    duplicate = _duplicate(session, actor, data)
    ensure_version(survivor, data.version, to_read=CustomerRead.model_validate)
    ensure_version(duplicate, data.duplicate_version, to_read=CustomerRead.model_validate)
    _take_contacts(survivor, duplicate)
    moved = _move_history(session, duplicate.id, survivor.id)
    survivor.updated_at = utcnow()  # the survivor changed even when only its children did
    audit.record(
        session,
        actor=actor,
        action="customer.merge",
        target_type="customer",
        target_id=survivor.id,
        address=address,
        name=survivor.name,
        duplicate_id=str(duplicate.id),
        duplicate_name=duplicate.name,
        **moved,
    )
    session.flush()  # the moves first: the duplicate's rows must not point at it when it goes
    session.delete(duplicate)
    commit_versioned(session, survivor, to_read=CustomerRead.model_validate)
    return survivor
