"""What the desk's look-up and 360° view read: one answer per screen, not one per table.

A rep opens a customer with the caller waiting; the view arrives in one
request (contact, orders with shipments, invoices with balance, the
timeline), so the desk never waits on a chain of round trips.
"""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from desk_app.domain.enums import Channel, OrderAction
from desk_app.domain.lookup import MatchField
from desk_app.server.core.schemas import InputSchema, ReadSchema
from desk_app.server.customers.schemas import CustomerRead
from desk_app.server.notes.schemas import NoteRead
from desk_app.server.orders.schemas import InvoiceRead, OrderRead, ShipmentRead


class LookupHit(BaseModel):
    customer: CustomerRead
    matched: MatchField
    matched_text: str = Field(description="the name, number or address that matched, as stored")


class LookupPage(BaseModel):
    items: list[LookupHit]


class ShipmentView(ShipmentRead):
    delayed: bool = Field(description="not delivered by its expected day, or delivered late")


class OrderView(OrderRead):
    shipments: list[ShipmentView]  # type: ignore[assignment]  # the same rows, with the flag


class InvoiceView(InvoiceRead):
    paid_cents: int
    balance_cents: int
    overdue: bool = Field(description="unpaid balance past its due day")


class OrderActionRead(ReadSchema):
    id: uuid.UUID
    order_id: uuid.UUID
    action: OrderAction
    note: str
    amount_cents: int | None
    requested_by: uuid.UUID
    created_at: datetime


class TrailStepView(BaseModel):
    script: str = Field(description="the title of the script the step is in")
    step: str
    said: str
    seconds: float
    left_by: str | None = Field(description="choice, next, back, restart, switch; null: last")
    choice: str | None


class MustSayView(BaseModel):
    id: str
    text: str
    confirmed: bool


class ScriptFollowed(BaseModel):
    """The script trail of a past interaction, as its history shows it."""

    titles: list[str] = Field(description="the scripts followed, in order")
    path: list[TrailStepView]
    lines: list[MustSayView] = Field(description="every must-say line shown, and if confirmed")


class TimelineEntry(BaseModel):
    """One past interaction or ticket, with its whole thread of notes (oldest note first)."""

    kind: Literal["interaction", "ticket"]
    id: uuid.UUID
    at: datetime
    channel: Channel | None
    status: str
    subject: str
    disposition: str | None
    wrap_notes: str
    notes: list[NoteRead]
    script: ScriptFollowed | None = None


class CustomerOverview(BaseModel):
    customer: CustomerRead
    orders: list[OrderView] = Field(description="newest first")
    invoices: list[InvoiceView] = Field(description="newest first")
    balance_cents: int
    overdue_cents: int
    order_actions: list[OrderActionRead] = Field(description="newest first")
    timeline: list[TimelineEntry] = Field(description="newest first")


class CustomerMerge(InputSchema):
    """Fold ``duplicate_id`` into the customer named in the path; the duplicate is gone after."""

    duplicate_id: uuid.UUID
    version: int = Field(description="the survivor's version, as the supervisor saw it")
    duplicate_version: int
