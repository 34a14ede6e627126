"""/orders, /shipments and /invoices: a customer's commercial history."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from desk_app.domain.access import Action
from desk_app.domain.enums import InvoiceStatus
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.customers.view_schemas import OrderActionRead
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.orders import actions, service
from desk_app.server.orders.models import Invoice, Order, OrderActionRequest, Shipment
from desk_app.server.orders.schemas import (
    InvoiceRead,
    OrderActionCreate,
    OrderCreate,
    OrderRead,
    OrderUpdate,
    ShipmentRead,
)
from desk_app.server.users.models import User

router = APIRouter(tags=["orders"])
OrderWriter = Annotated[User, Depends(require(Action.ORDER_WRITE))]


@router.get("/orders", response_model=Page[OrderRead])
def list_orders(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    customer_id: uuid.UUID | None = None,
    number: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[OrderRead]:
    """Orders in the caller's scope, with their lines and shipments."""
    statement = service.visible_orders(user=user, customer_id=customer_id, number=number)
    return paginate(session, statement, Order.id, page, OrderRead.model_validate)


@router.post("/orders", response_model=OrderRead, status_code=status.HTTP_201_CREATED)
def create_order(
    body: OrderCreate, actor: OrderWriter, session: SessionDep, address: AddressDep
) -> Order:
    """Record an order from a shop system (supervisors and admins; audited)."""
    return service.create_order(session=session, actor=actor, data=body, address=address)


@router.get("/orders/{order_id}", response_model=OrderRead)
def get_order(order_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Order:
    return service.get_order(session=session, user=user, order_id=order_id)


@router.patch("/orders/{order_id}", response_model=OrderRead)
def update_order(
    order_id: uuid.UUID,
    body: OrderUpdate,
    actor: OrderWriter,
    session: SessionDep,
    address: AddressDep,
) -> Order:
    """Change an order's status (supervisors and admins; versioned; audited)."""
    order = service.get_order(session=session, user=actor, order_id=order_id)
    return service.update_order(
        session=session, actor=actor, order=order, data=body, address=address
    )


@router.post(
    "/orders/{order_id}/actions",
    response_model=OrderActionRead,
    status_code=status.HTTP_201_CREATED,
)
def request_order_action(
    order_id: uuid.UUID,
    body: OrderActionCreate,
    user: CurrentUser,
    session: SessionDep,
    address: AddressDep,
) -> OrderActionRequest:
    """Ask for a resend, a return, a delay flag or a refund (refunds: not retail; audited)."""
    return actions.request(
        session=session, user=user, order_id=order_id, data=body, address=address
    )


@router.get("/shipments", response_model=Page[ShipmentRead])
def list_shipments(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    tracking_number: Annotated[str | None, Query(max_length=40)] = None,
    order_id: uuid.UUID | None = None,
) -> Page[ShipmentRead]:
    """Shipments of orders in the caller's scope, e.g. the one with a tracking number."""
    statement = service.visible_shipments(
        user=user, tracking_number=tracking_number, order_id=order_id
    )
    return paginate(session, statement, Shipment.id, page, ShipmentRead.model_validate)


@router.get("/shipments/{shipment_id}", response_model=ShipmentRead)
def get_shipment(shipment_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Shipment:
    return service.get_shipment(session=session, user=user, shipment_id=shipment_id)


@router.get("/invoices", response_model=Page[InvoiceRead])
def list_invoices(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    customer_id: uuid.UUID | None = None,
    status: InvoiceStatus | None = None,
) -> Page[InvoiceRead]:
    """Invoices in the caller's scope, with their payments."""
    statement = service.visible_invoices(user=user, customer_id=customer_id, status=status)
    return paginate(session, statement, Invoice.id, page, InvoiceRead.model_validate)


@router.get("/invoices/{invoice_id}", response_model=InvoiceRead)
def get_invoice(invoice_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Invoice:
    return service.get_invoice(session=session, user=user, invoice_id=invoice_id)
