"""/customers: look-up, create, read, edit, delete and export."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import StreamingResponse

from desk_app.domain.access import Action
from desk_app.domain.lookup import parse_query
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.customers import merge, service
from desk_app.server.customers.lookup import lookup
from desk_app.server.customers.models import Customer
from desk_app.server.customers.overview import overview
from desk_app.server.customers.schemas import CustomerCreate, CustomerRead, CustomerUpdate
from desk_app.server.customers.view_schemas import CustomerMerge, CustomerOverview, LookupPage
from desk_app.server.dependencies import (
    AddressDep,
    CurrentUser,
    PageDep,
    SessionDep,
    SettingsDep,
    require,
)
from desk_app.server.users.models import User

router = APIRouter(prefix="/customers", tags=["customers"])
MAX_LOOKUP_INPUT = 16_384
"""Longer input is refused (422); up to here it is cut to what a look-up reads."""


@router.get("", response_model=Page[CustomerRead])
def list_customers(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="name, phone, email or number")
    ] = None,
) -> Page[CustomerRead]:
    """Customers in the caller's scope, optionally matching ``q``."""
    statement = service.visible(user=user)
    if q:
        region = service.region_for(session=session, user=user, settings=settings)
        statement = service.search(statement=statement, query=q, region=region)
    return paginate(session, statement, Customer.id, page, CustomerRead.model_validate)


@router.post("", response_model=CustomerRead, status_code=status.HTTP_201_CREATED)
def create_customer(
    body: CustomerCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Customer:
    return service.create(session=session, user=user, data=body, settings=settings)


@router.get("/export", response_class=StreamingResponse)
def export_customers(
    user: Annotated[User, Depends(require(Action.CUSTOMER_EXPORT))],
    session: SessionDep,
    address: AddressDep,
) -> StreamingResponse:
    """Every customer in scope as CSV (supervisors and admins; audited)."""
    audit.record(
        session, actor=user, action="customer.export", target_type="customer", address=address
    )
    session.commit()
    rows = service.export_rows(session=session, statement=service.visible(user=user))
    return StreamingResponse(
        rows,
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="customers.csv"'},
    )


@router.get("/lookup", response_model=LookupPage)
def lookup_customers(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            max_length=MAX_LOOKUP_INPUT,
            description="as typed: a name, phone, email or order/invoice number, or part of one",
        ),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> LookupPage:
    """The best matches in the caller's scope, best first, each saying why it matched."""
    region = service.region_for(session=session, user=user, settings=settings)
    query = parse_query(q, region=region)
    return LookupPage(items=lookup(session=session, user=user, query=query, limit=limit))


@router.get("/{customer_id}", response_model=CustomerRead)
def get_customer(customer_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Customer:
    return service.get(session=session, user=user, customer_id=customer_id)


@router.get("/{customer_id}/overview", response_model=CustomerOverview)
def get_overview(
    customer_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> CustomerOverview:
    """The 360° view in one answer: contact, orders, invoices, order actions and timeline."""
    return overview(session=session, user=user, customer_id=customer_id, today=utcnow().date())


@router.patch("/{customer_id}", response_model=CustomerRead)
def update_customer(
    customer_id: uuid.UUID,
    body: CustomerUpdate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Customer:
    """Change a customer; ``version`` must be the one the edit was made on (else 409)."""
    customer = service.get(session=session, user=user, customer_id=customer_id)
    return service.update(
        session=session, user=user, customer=customer, data=body, settings=settings
    )


@router.delete("/{customer_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_customer(
    customer_id: uuid.UUID,
    admin: Annotated[User, Depends(require(Action.CUSTOMER_DELETE))],
    session: SessionDep,
    address: AddressDep,
) -> None:
    """Delete a customer with no commercial history (admins; audited)."""
    customer = service.get(session=session, user=admin, customer_id=customer_id)
    service.remove(session=session, actor=admin, customer=customer, address=address)


@router.post("/{customer_id}/merge", response_model=CustomerRead)
def merge_customers(
    customer_id: uuid.UUID,
    body: CustomerMerge,
    manager: Annotated[User, Depends(require(Action.CUSTOMER_MERGE))],
    session: SessionDep,
    address: AddressDep,
) -> Customer:
    """Fold a duplicate into this customer (supervisors and admins; versioned; audited)."""
    return merge.merge(
        session=session, actor=manager, survivor_id=customer_id, data=body, address=address
    )
