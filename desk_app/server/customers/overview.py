"""The 360° view of one customer, composed in a fixed handful of queries.

Each kind of row is one query, and each child collection one more
(``selectin``), so a customer with 30 orders costs what one with 1 does.
What the caller sees follows the same rules as the list endpoints: orders
and invoices by customer scope, interactions and tickets by work scope.
"""

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, lazyload

from desk_app.domain.access import Resource
from desk_app.domain.commerce import invoice_standing, shipment_delayed
from desk_app.domain.enums import NoteSubject
from desk_app.domain.scripts.definition import Script as RunnableScript
from desk_app.domain.scripts.definition import ScriptError, parse_script
from desk_app.domain.scripts.history import script_history
from desk_app.server.core.scoping import scope_filter
from desk_app.server.customers import service as customers
from desk_app.server.customers.schemas import CustomerRead
from desk_app.server.customers.view_schemas import (
    CustomerOverview,
    InvoiceView,
    OrderActionRead,
    OrderView,
    ScriptFollowed,
    ShipmentView,
    TimelineEntry,
)
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.models import Interaction
from desk_app.server.notes.models import Note
from desk_app.server.notes.schemas import NoteRead
from desk_app.server.orders import service as orders
from desk_app.server.orders.models import Invoice, Order, OrderActionRequest, Shipment
from desk_app.server.orders.schemas import InvoiceRead, OrderRead, ShipmentRead
from desk_app.server.scripts.models import Script
from desk_app.server.tickets import service as tickets
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User


def _shipment_view(shipment: Shipment, today: date) -> ShipmentView:
    delayed = shipment_delayed(
        status=shipment.status,
        expected_on=shipment.expected_on,
        delivered_at=shipment.delivered_at,
        today=today,
    )
    return ShipmentView(**ShipmentRead.model_validate(shipment).model_dump(), delayed=delayed)


def _order_view(order: Order, today: date) -> OrderView:
    fields = OrderRead.model_validate(order).model_dump(exclude={"shipments"})
    return OrderView(**fields, shipments=[_shipment_view(s, today) for s in order.shipments])


def _invoice_view(invoice: Invoice, today: date) -> InvoiceView:
    standing = invoice_standing(
        amount_cents=invoice.amount_cents,
        payments_cents=[payment.amount_cents for payment in invoice.payments],
        status=invoice.status,
        due_on=invoice.due_on,
        today=today,
    )
    return InvoiceView(
        **InvoiceRead.model_validate(invoice).model_dump(),
        paid_cents=standing.paid_cents,
        balance_cents=standing.balance_cents,
        overdue=standing.overdue,
    )


def _order_actions(session: Session, user: User, customer_id: uuid.UUID) -> list[OrderActionRead]:
    rows = session.scalars(
        select(OrderActionRequest)
        .join(Order, OrderActionRequest.order_id == Order.id)
        .where(
            Order.customer_id == customer_id,
            scope_filter(user, Resource.CUSTOMER, store=Order.store_id),
        )
        .order_by(OrderActionRequest.created_at.desc(), OrderActionRequest.id.desc())
    )
    return [OrderActionRead.model_validate(row) for row in rows]


def _notes(
    session: Session, interaction_ids: list[uuid.UUID], ticket_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[NoteRead]]:
    """The notes of every listed interaction and ticket, in one query, oldest first."""
    threads: dict[uuid.UUID, list[NoteRead]] = {}
    if not interaction_ids and not ticket_ids:
        return threads
    rows = session.scalars(
        select(Note)
        .where(
            or_(
                and_(
                    Note.subject_type == NoteSubject.INTERACTION,
                    Note.subject_id.in_(interaction_ids),
                ),
                and_(Note.subject_type == NoteSubject.TICKET, Note.subject_id.in_(ticket_ids)),
            )
        )
        .order_by(Note.created_at, Note.id)
    )
    for note in rows:
        threads.setdefault(note.subject_id, []).append(NoteRead.model_validate(note))
    return threads


def _timeline(session: Session, user: User, customer_id: uuid.UUID) -> list[TimelineEntry]:
    contacts = session.scalars(interactions.visible(user=user, customer_id=customer_id)).all()
    cases = session.scalars(
        tickets.visible(user=user, customer_id=customer_id).options(
            # the timeline shows the thread of notes, not these
            lazyload(Ticket.escalations),
            lazyload(Ticket.history),
            lazyload(Ticket.interactions),
        )
    ).all()
    threads = _notes(session, [i.id for i in contacts], [t.id for t in cases])
    followed = _followed(session, contacts)
    entries = [_interaction_entry(i, threads.get(i.id, []), followed) for i in contacts]
    entries += [_ticket_entry(t, threads.get(t.id, [])) for t in cases]
    entries.sort(key=lambda entry: (entry.at, entry.id), reverse=True)
    return entries


Followed = Callable[[Interaction], ScriptFollowed | None]


def _followed(session: Session, contacts: Sequence[Interaction]) -> Followed:
    """How to show each contact's script trail; the scripts named are read in one query."""
    keys = {
        str(visit.get("script"))
        for contact in contacts
        for visit in contact.script_trail or ()
        if isinstance(visit, dict)
    }
    rows = session.scalars(select(Script).where(Script.key.in_(keys))).all() if keys else []
    titles = {row.key: row.title for row in rows}
    definitions = {
        (row.key, revision.revision): (row, revision.definition)
        for row in rows
        for revision in row.revisions
    }
    parsed: dict[tuple[str, int], RunnableScript | None] = {}

    def revision(key: str, number: int) -> RunnableScript | None:
        if (key, number) not in parsed and (key, number) in definitions:
            row, definition = definitions[key, number]
            data = {**definition, "key": row.key, "title": row.title, "category": row.category}
            try:
                parsed[key, number] = parse_script(data, revision=number)
            except ScriptError:
                parsed[key, number] = None  # a revision older than the current format
        return parsed.get((key, number))

    def followed(contact: Interaction) -> ScriptFollowed | None:
        trail = [visit for visit in contact.script_trail or () if isinstance(visit, dict)]
        history = script_history(trail, titles, revision)
        if history is None:
            return None
        return ScriptFollowed.model_validate(dataclasses.asdict(history))

    return followed


def _interaction_entry(
    interaction: Interaction, notes: list[NoteRead], followed: Followed
) -> TimelineEntry:
    return TimelineEntry(
        kind="interaction",
        id=interaction.id,
        at=interaction.queued_at,
        channel=interaction.channel,
        status=interaction.status.value,
        subject=interaction.subject,
        disposition=interaction.disposition,
        wrap_notes=interaction.wrap_notes,
        notes=notes,
        script=followed(interaction),
    )


def _ticket_entry(ticket: Ticket, notes: list[NoteRead]) -> TimelineEntry:
    # a ticket has no channel of its own (its contacts do) and no wrap-up:
    # its description is what the rep wrote down when opening it
    return TimelineEntry(
        kind="ticket",
        id=ticket.id,
        at=ticket.created_at,
        channel=None,
        status=ticket.status.value,
        subject=ticket.subject,
        disposition=None,
        wrap_notes=ticket.description,
        notes=notes,
    )


def overview(
    *, session: Session, user: User, customer_id: uuid.UUID, today: date
) -> CustomerOverview:
    """Everything a rep needs about a customer they may see, as of ``today``."""
    customer = customers.get(session=session, user=user, customer_id=customer_id)
    order_rows = session.scalars(
        orders.visible_orders(user=user, customer_id=customer_id).order_by(
            Order.placed_at.desc(), Order.id.desc()
        )
    ).all()
    invoices = [
        _invoice_view(invoice, today)
        for invoice in session.scalars(
            orders.visible_invoices(user=user, customer_id=customer_id).order_by(
                Invoice.issued_on.desc(), Invoice.created_at.desc(), Invoice.id.desc()
            )
        )
    ]
    return CustomerOverview(
        customer=CustomerRead.model_validate(customer),
        orders=[_order_view(order, today) for order in order_rows],
        invoices=invoices,
        balance_cents=sum(invoice.balance_cents for invoice in invoices),
        overdue_cents=sum(invoice.balance_cents for invoice in invoices if invoice.overdue),
        order_actions=_order_actions(session, user, customer_id),
        timeline=_timeline(session, user, customer_id),
    )
