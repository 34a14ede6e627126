"""/shifts: the rota, read by everyone for what they may see, planned by managers."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import AwareDatetime

from desk_app.domain.access import Action
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.shifts import service
from desk_app.server.shifts.models import Shift
from desk_app.server.shifts.schemas import ShiftCreate, ShiftRead, ShiftUpdate
from desk_app.server.users.models import User

router = APIRouter(prefix="/shifts", tags=["shifts"])
Planner = Annotated[User, Depends(require(Action.SHIFT_EDIT))]


@router.get("", response_model=Page[ShiftRead])
def list_shifts(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    user_id: uuid.UUID | None = None,
    start: Annotated[
        AwareDatetime | None, Query(alias="from", description="shifts ending after this")
    ] = None,
    end: Annotated[
        AwareDatetime | None, Query(alias="to", description="shifts starting before this")
    ] = None,
) -> Page[ShiftRead]:
    """Shifts the caller may see (reps: their own; supervisors: their team; admins: all)."""
    statement = service.visible(user=user, user_id=user_id, start=start, end=end)
    return paginate(session, statement, Shift.id, page, ShiftRead.model_validate)


@router.get("/{shift_id}", response_model=ShiftRead)
def get_shift(shift_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Shift:
    return service.get(session=session, user=user, shift_id=shift_id)


@router.post("", response_model=ShiftRead, status_code=status.HTTP_201_CREATED)
def create_shift(
    body: ShiftCreate, user: Planner, session: SessionDep, address: AddressDep
) -> Shift:
    """Plan a shift with its breaks (supervisors: their team; admins: anyone)."""
    return service.create(session=session, actor=user, data=body, address=address)


@router.patch("/{shift_id}", response_model=ShiftRead)
def update_shift(
    shift_id: uuid.UUID, body: ShiftUpdate, user: Planner, session: SessionDep, address: AddressDep
) -> Shift:
    """Move a shift or replace its breaks; stale ``version`` → 409."""
    shift = service.get(session=session, user=user, shift_id=shift_id)
    return service.update(session=session, actor=user, shift=shift, data=body, address=address)


@router.delete("/{shift_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_shift(
    shift_id: uuid.UUID, user: Planner, session: SessionDep, address: AddressDep
) -> None:
    """Delete a shift (supervisors and admins; audited as ``shift.delete``)."""
    shift = service.get(session=session, user=user, shift_id=shift_id)
    service.remove(session=session, actor=user, shift=shift, address=address)
