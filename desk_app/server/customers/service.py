"""Customers: create, read, search, edit, delete and export, within the caller's scope."""

import csv
import io
import re
import uuid
from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import Role
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.server.audit import service as audit
from desk_app.server.core.config import Settings
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.core.versioning import apply_update, ensure_version
from desk_app.server.customers.models import (
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
)
from desk_app.server.customers.schemas import (
    AddressIn,
    CustomerCreate,
    CustomerRead,
    CustomerUpdate,
    PhoneIn,
)
from desk_app.server.orders.models import Invoice, Order
from desk_app.server.users.models import Store, User

_PHONE_LIKE = re.compile(r"^[+()\d][\d\s().-]{5,}$")


def region_for(*, session: Session, user: User, settings: Settings) -> str:
    """The phone region national numbers are read in: the user's store's, else the server's."""
    if user.store_id is not None:
        store = session.get(Store, user.store_id)
        if store is not None:
            return store.region
    return settings.default_region


def visible(*, user: User) -> Select[Customer]:
    """Customers ``user`` may see (retail staff: their store's)."""
    return select(Customer).where(scope_filter(user, Resource.CUSTOMER, store=Customer.store_id))


def get(*, session: Session, user: User, customer_id: uuid.UUID) -> Customer:
    """One customer, if in the caller's scope."""
    customer = session.get(Customer, customer_id)
    if customer is None or not in_scope(user, Resource.CUSTOMER, store=customer.store_id):
        raise NotFound("customer")
    return customer


def ensure_visible(*, session: Session, user: User, customer_id: uuid.UUID) -> None:
    """A 422 (not a 404: the request, not the URL, is wrong) unless the caller sees the customer."""
    try:
        get(session=session, user=user, customer_id=customer_id)
    except NotFound:
        raise Problem(
            422, "customer_id names no customer you can see", type_="/problems/validation"
        ) from None


def _phone_rows(phones: list[PhoneIn], region: str) -> list[CustomerPhone]:
    rows = []
    for position, phone in enumerate(phones):
        try:
            e164 = to_e164(phone.number, region=region)
        except InvalidPhoneError as exc:
            raise Problem(422, f"phones[{position}]: {exc}", type_="/problems/validation") from exc
        rows.append(CustomerPhone(e164=e164, label=phone.label, position=position))
    return rows


def _email_rows(emails: list[str]) -> list[CustomerEmail]:
    return [CustomerEmail(email=email.lower(), position=i) for i, email in enumerate(emails)]


def _address_rows(addresses: list[AddressIn]) -> list[CustomerAddress]:
    return [
        CustomerAddress(position=i, **address.model_dump()) for i, address in enumerate(addresses)
    ]


def create(*, session: Session, user: User, data: CustomerCreate, settings: Settings) -> Customer:
    """Add a customer; retail staff's customers belong to their store."""
    region = region_for(session=session, user=user, settings=settings)
    store_id = user.store_id if user.role is Role.RETAIL else data.store_id
    customer = Customer(
        name=data.name,
        segment=data.segment,
        vip=data.vip,
        locale=data.locale,
        preferred_channel=data.preferred_channel,
        store_id=store_id,
        phones=_phone_rows(data.phones, region),  # type: ignore[arg-type]
        emails=_email_rows([str(e) for e in data.emails]),
        addresses=_address_rows(data.addresses),
    )
    if data.id is not None:
        customer.id = data.id
    session.add(customer)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Problem(409, "a customer with this id already exists") from None
    return customer


def update(
    *,
    session: Session,
    user: User,
    customer: Customer,
    data: CustomerUpdate,
    settings: Settings,
) -> Customer:
    """Apply the changed fields, if ``data.version`` is still current."""
    ensure_version(customer, data.version, to_read=CustomerRead.model_validate)
    if data.phones is not None:
        region = region_for(session=session, user=user, settings=settings)
        flagged = {phone.e164 for phone in customer.phones if phone.do_not_contact}
        customer.phones = _phone_rows(data.phones, region)  # type: ignore[arg-type]
        for phone in customer.phones:  # a number kept keeps the customer's "do not call"
            phone.do_not_contact = phone.e164 in flagged
    if data.emails is not None:
        customer.emails = _email_rows([str(e) for e in data.emails])
    if data.addresses is not None:
        customer.addresses = _address_rows(data.addresses)
    apply_update(
        session,
        customer,
        data,
        to_read=CustomerRead.model_validate,
        skip=frozenset({"phones", "emails", "addresses"}),
    )
    return customer


def remove(*, session: Session, actor: User, customer: Customer, address: str | None) -> None:
    """Delete a customer with no orders or invoices (admins; audited)."""
    has_history = session.scalar(
        select(Order.id).where(Order.customer_id == customer.id).limit(1)
    ) or session.scalar(select(Invoice.id).where(Invoice.customer_id == customer.id).limit(1))
    if has_history:
        raise Problem(409, "the customer has orders or invoices and cannot be deleted")
    audit.record(
        session,
        actor=actor,
        action="customer.delete",
        target_type="customer",
        target_id=customer.id,
        address=address,
        name=customer.name,
    )
    session.delete(customer)
    session.commit()


def search(*, statement: Select[Customer], query: str, region: str) -> Select[Customer]:
    """Narrow ``statement`` to customers matching a name, phone, email or order/invoice number.

    A plain substring search that serves the API; the as-you-type look-up
    with ranking and highlights lives in the search module of the look-up issue.
    """
    text = query.strip()
    if not text:
        return statement
    conditions: list[ColumnElement[bool]] = []
    if _PHONE_LIKE.match(text):
        try:
            e164 = to_e164(text, region=region)
            conditions.append(
                Customer.id.in_(select(CustomerPhone.customer_id).where(CustomerPhone.e164 == e164))
            )
        except InvalidPhoneError:
            pass
    if "@" in text:
        conditions.append(
            Customer.id.in_(
                select(CustomerEmail.customer_id).where(CustomerEmail.email.contains(text.lower()))
            )
        )
    conditions.append(Customer.id.in_(select(Order.customer_id).where(Order.number == text)))
    conditions.append(Customer.id.in_(select(Invoice.customer_id).where(Invoice.number == text)))
    conditions.append(and_(*[Customer.name.ilike(f"%{word}%") for word in text.split()]))
    return statement.where(or_(*conditions))


EXPORT_COLUMNS = ("id", "name", "segment", "vip", "phones", "emails", "version")


def export_rows(*, session: Session, statement: Select[Customer]) -> Iterator[str]:
    """CSV lines of every customer in ``statement``, streamed in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    last: uuid.UUID | None = None
    while True:
        batch_statement = statement.order_by(Customer.id).limit(1000)
        if last is not None:
            batch_statement = batch_statement.where(Customer.id > last)
        batch = session.scalars(batch_statement).all()
        for customer in batch:
            writer.writerow(
                (
                    customer.id,
                    customer.name,
                    customer.segment,
                    customer.vip,
                    " ".join(p.e164 for p in customer.phones),
                    " ".join(e.email for e in customer.emails),
                    customer.version,
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(batch) < 1000:
            return
        last = batch[-1].id
