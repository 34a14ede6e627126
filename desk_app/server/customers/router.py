"""/customers: look-up, create, read, edit, delete and export."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import StreamingResponse

from desk_app.domain.access import Action
from desk_app.server.audit import service as audit
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.customers import service
from desk_app.server.customers.models import Customer
from desk_app.server.customers.schemas import CustomerCreate, CustomerRead, CustomerUpdate
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


@router.get("/{customer_id}", response_model=CustomerRead)
def get_customer(customer_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Customer:
    return service.get(session=session, user=user, customer_id=customer_id)


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
