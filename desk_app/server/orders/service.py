"""Orders, shipments and invoices: read within the caller's scope; managers write orders.

They hang off customers, so they share the customers' scope (``Resource.CUSTOMER``):
retail staff see the rows of their own store, everyone else sees all.
"""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import InvoiceStatus
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers.models import Customer
from desk_app.server.orders.models import Invoice, Order, OrderLine, Shipment
from desk_app.server.orders.schemas import OrderCreate, OrderRead, OrderUpdate
from desk_app.server.users.models import Store, User


def visible_orders(
    *, user: User, customer_id: uuid.UUID | None = None, number: str | None = None
) -> Select[Order]:
    """Orders ``user`` may see, optionally of one customer or with one number."""
    statement = select(Order).where(scope_filter(user, Resource.CUSTOMER, store=Order.store_id))
    if customer_id is not None:
        statement = statement.where(Order.customer_id == customer_id)
    if number:
        statement = statement.where(Order.number == number)
    return statement


def get_order(*, session: Session, user: User, order_id: uuid.UUID) -> Order:
    """One order, if in the caller's scope."""
    order = session.scalar(visible_orders(user=user).where(Order.id == order_id))
    if order is None:
        raise NotFound("order")
    return order


def create_order(*, session: Session, actor: User, data: OrderCreate, address: str) -> Order:
    """Record an order from a shop system (managers; audited)."""
    if session.get(Customer, data.customer_id) is None:
        raise Problem(422, "customer_id names no customer", type_="/problems/validation")
    if data.store_id is not None and session.get(Store, data.store_id) is None:
        raise Problem(422, "store_id names no store", type_="/problems/validation")
    if session.scalar(select(Order.id).where(Order.number == data.number)) is not None:
        raise Problem(409, f"an order numbered {data.number!r} already exists")
    lines = [
        OrderLine(position=position, **line.model_dump())
        for position, line in enumerate(data.lines)
    ]
    total = data.total_cents
    if total is None:
        total = sum(line.quantity * line.unit_price_cents for line in data.lines)
    order = Order(
        number=data.number,
        customer_id=data.customer_id,
        store_id=data.store_id,
        status=data.status,
        placed_at=data.placed_at or utcnow(),
        currency=data.currency,
        total_cents=total,
        lines=lines,
    )
    if data.id is not None:
        order.id = data.id
    audit.create_audited(
        session,
        order,
        actor=actor,
        action="order.create",
        target_type="order",
        address=address,
        number=order.number,
        taken="an order with this id or number already exists",
    )
    return order


def update_order(
    *, session: Session, actor: User, order: Order, data: OrderUpdate, address: str
) -> Order:
    """Change an order's status, if ``data.version`` is still current (managers; audited)."""
    ensure_version(order, data.version, to_read=OrderRead.model_validate)
    if data.status != order.status:
        audit.record(
            session,
            actor=actor,
            action="order.status_change",
            target_type="order",
            target_id=order.id,
            address=address,
            before=str(order.status),
            after=str(data.status),
        )
        order.status = data.status
    commit_versioned(session, order, to_read=OrderRead.model_validate)
    return order


def visible_shipments(
    *, user: User, tracking_number: str | None = None, order_id: uuid.UUID | None = None
) -> Select[Shipment]:
    """Shipments of the orders ``user`` may see."""
    statement = (
        select(Shipment)
        .join(Order, Shipment.order_id == Order.id)
        .where(scope_filter(user, Resource.CUSTOMER, store=Order.store_id))
    )
    if tracking_number:
        statement = statement.where(Shipment.tracking_number == tracking_number)
    if order_id is not None:
        statement = statement.where(Shipment.order_id == order_id)
    return statement


def get_shipment(*, session: Session, user: User, shipment_id: uuid.UUID) -> Shipment:
    """One shipment, if its order is in the caller's scope."""
    shipment = session.scalar(visible_shipments(user=user).where(Shipment.id == shipment_id))
    if shipment is None:
        raise NotFound("shipment")
    return shipment


def visible_invoices(
    *,
    user: User,
    customer_id: uuid.UUID | None = None,
    status: InvoiceStatus | None = None,
) -> Select[Invoice]:
    """Invoices ``user`` may see, optionally of one customer or in one status."""
    statement = select(Invoice).where(scope_filter(user, Resource.CUSTOMER, store=Invoice.store_id))
    if customer_id is not None:
        statement = statement.where(Invoice.customer_id == customer_id)
    if status is not None:
        statement = statement.where(Invoice.status == status)
    return statement


def get_invoice(*, session: Session, user: User, invoice_id: uuid.UUID) -> Invoice:
    """One invoice with its payments, if in the caller's scope."""
    invoice = session.scalar(visible_invoices(user=user).where(Invoice.id == invoice_id))
    if invoice is None:
        raise NotFound("invoice")
    return invoice
