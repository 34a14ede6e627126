"""A customer and their phones (E.164), emails and addresses."""

import uuid

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.domain.enums import Channel, Segment
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin


class Customer(IdMixin, VersionedMixin, Base):
    """Someone who buys from us; ``store_id`` is the home store for retail scope."""

    __tablename__ = "customer"

    name: Mapped[str] = mapped_column(String(200), index=True)
    segment: Mapped[Segment] = mapped_column(EnumText(Segment), default=Segment.CONSUMER)
    vip: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(String(10), default="en_US")
    preferred_channel: Mapped[Channel | None] = mapped_column(EnumText(Channel))
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)

    phones: Mapped[list["CustomerPhone"]] = relationship(
        cascade="all, delete-orphan", order_by="CustomerPhone.position", lazy="selectin"
    )
    emails: Mapped[list["CustomerEmail"]] = relationship(
        cascade="all, delete-orphan", order_by="CustomerEmail.position", lazy="selectin"
    )
    addresses: Mapped[list["CustomerAddress"]] = relationship(
        cascade="all, delete-orphan", order_by="CustomerAddress.position", lazy="selectin"
    )


class CustomerPhone(IdMixin, Base):
    """A phone number in E.164, the form every look-up normalises to."""

    __tablename__ = "customer_phone"

    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    e164: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(20), default="mobile")
    position: Mapped[int] = mapped_column(default=0)
    do_not_contact: Mapped[bool] = mapped_column(default=False, server_default=false())


class CustomerEmail(IdMixin, Base):
    """An email address, kept lower-cased for look-up."""

    __tablename__ = "customer_email"

    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    position: Mapped[int] = mapped_column(default=0)


class CustomerAddress(IdMixin, Base):
    """A postal address (billing or shipping)."""

    __tablename__ = "customer_address"

    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="shipping")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(default=0)
