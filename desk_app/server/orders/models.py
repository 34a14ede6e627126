"""Orders, shipments, invoices and payments: the customer's commercial history."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.domain.enums import InvoiceStatus, OrderAction, OrderStatus, ShipmentStatus
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class Order(IdMixin, VersionedMixin, Base):
    """A customer's order; ``number`` is what the customer reads out on the phone."""

    __tablename__ = "sales_order"

    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(EnumText(OrderStatus), default=OrderStatus.PLACED)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    total_cents: Mapped[int] = mapped_column(default=0)

    lines: Mapped[list["OrderLine"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrderLine.position"
    )
    shipments: Mapped[list["Shipment"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Shipment.created_at"
    )


class OrderLine(IdMixin, Base):
    """One product on an order."""

    __tablename__ = "order_line"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sales_order.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    sku: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price_cents: Mapped[int]


class Shipment(IdMixin, VersionedMixin, Base):
    """A parcel on its way; its events are the tracking history."""

    __tablename__ = "shipment"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sales_order.id", ondelete="CASCADE"), index=True
    )
    carrier: Mapped[str] = mapped_column(String(40))
    tracking_number: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[ShipmentStatus] = mapped_column(EnumText(ShipmentStatus))
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    expected_on: Mapped[date | None]

    events: Mapped[list["ShipmentEvent"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ShipmentEvent.at"
    )


class ShipmentEvent(IdMixin, Base):
    """One scan or status change reported by the carrier."""

    __tablename__ = "shipment_event"

    shipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("shipment.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    status: Mapped[ShipmentStatus] = mapped_column(EnumText(ShipmentStatus))
    location: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(String(200), default="")


class Invoice(IdMixin, VersionedMixin, Base):
    """A bill; overdue when unpaid past ``due_on``."""

    __tablename__ = "invoice"

    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sales_order.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    issued_on: Mapped[date]
    due_on: Mapped[date]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    amount_cents: Mapped[int]
    status: Mapped[InvoiceStatus] = mapped_column(
        EnumText(InvoiceStatus), default=InvoiceStatus.OPEN
    )

    payments: Mapped[list["Payment"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Payment.paid_at"
    )


class Payment(IdMixin, Base):
    """Money received against an invoice; a card is kept as its last four digits only."""

    __tablename__ = "payment"

    invoice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), index=True
    )
    paid_at: Mapped[datetime]
    amount_cents: Mapped[int]
    method: Mapped[str] = mapped_column(String(20))
    card_last4: Mapped[str | None] = mapped_column(String(4))


class OrderActionRequest(IdMixin, Base):
    """A rep's request on an order (resend, return, delay, refund), for the back office to do.

    Written once, never edited: the record of who asked for what, and when.
    """

    __tablename__ = "order_action"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales_order.id"), index=True)
    action: Mapped[OrderAction] = mapped_column(EnumText(OrderAction))
    note: Mapped[str] = mapped_column(Text)
    amount_cents: Mapped[int | None]
    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
