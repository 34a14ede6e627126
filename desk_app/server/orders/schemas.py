"""Orders, shipments and invoices as the API takes and shows them."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, Field, field_validator

from desk_app.domain.commerce import NOTE_MAX
from desk_app.domain.enums import InvoiceStatus, OrderAction, OrderStatus, ShipmentStatus
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate

Cents = Annotated[int, Field(ge=0, le=10**12)]


class OrderLineIn(InputSchema):
    sku: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=200)
    quantity: int = Field(default=1, ge=1, le=100_000)
    unit_price_cents: Cents


class OrderCreate(InputSchema):
    """An order pushed by a shop system; ``total_cents`` defaults to the sum of the lines."""

    id: uuid.UUID | None = None
    number: str = Field(min_length=1, max_length=20)
    customer_id: uuid.UUID
    store_id: uuid.UUID | None = None
    status: OrderStatus = OrderStatus.PLACED
    placed_at: AwareDatetime | None = None
    currency: str = Field(default="USD", pattern=r"^[A-Za-z]{3}$")
    total_cents: Cents | None = None
    lines: list[OrderLineIn] = Field(default_factory=list, max_length=500)

    @field_validator("currency")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class OrderUpdate(VersionedUpdate):
    """A status change (the rest of an order belongs to the shop system)."""

    status: OrderStatus


class OrderActionCreate(InputSchema):
    """A rep's request on an order; only a refund request names an amount (checked on the order)."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that made it offline")
    action: OrderAction
    note: str = Field(min_length=1, max_length=NOTE_MAX)
    amount_cents: int | None = None


class OrderLineRead(ReadSchema):
    id: uuid.UUID
    position: int
    sku: str
    description: str
    quantity: int
    unit_price_cents: int


class ShipmentEventRead(ReadSchema):
    at: datetime
    status: ShipmentStatus
    location: str
    description: str


class ShipmentRead(ReadSchema):
    id: uuid.UUID
    order_id: uuid.UUID
    carrier: str
    tracking_number: str
    status: ShipmentStatus
    shipped_at: datetime | None
    delivered_at: datetime | None
    expected_on: date | None
    events: list[ShipmentEventRead]
    version: int


class OrderRead(ReadSchema):
    id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    store_id: uuid.UUID | None
    status: OrderStatus
    placed_at: datetime
    currency: str
    total_cents: int
    lines: list[OrderLineRead]
    shipments: list[ShipmentRead]
    version: int
    created_at: datetime
    updated_at: datetime


class PaymentRead(ReadSchema):
    """A payment; of a card only the last four digits exist anywhere."""

    id: uuid.UUID
    paid_at: datetime
    amount_cents: int
    method: str
    card_last4: str | None


class InvoiceRead(ReadSchema):
    id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    order_id: uuid.UUID | None
    store_id: uuid.UUID | None
    issued_on: date
    due_on: date
    currency: str
    amount_cents: int
    status: InvoiceStatus
    payments: list[PaymentRead]
    version: int
