"""GET /me, the staff directory, teams and stores; admins manage accounts."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from desk_app.domain.access import Action
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import (
    AddressDep,
    CurrentUser,
    PageDep,
    SessionDep,
    SettingsDep,
    require,
)
from desk_app.server.users import service
from desk_app.server.users.models import User
from desk_app.server.users.schemas import (
    DirectoryEntry,
    MeRead,
    StoreRead,
    TeamRead,
    UserCreate,
    UserRead,
    UserUpdate,
)

router = APIRouter(tags=["users"])
Admin = Annotated[User, Depends(require(Action.USER_MANAGE))]


@router.get("/me", response_model=MeRead)
def me(user: CurrentUser, settings: SettingsDep) -> MeRead:
    """The signed-in user, with the company name (``DESK_COMPANY_NAME``) and the departments."""
    return MeRead.model_validate(
        {
            **UserRead.model_validate(user).model_dump(),
            "company_name": settings.company_name,
            "departments": list(settings.known_departments),
        }
    )


@router.get("/users", response_model=Page[UserRead])
def list_users(user: CurrentUser, session: SessionDep, page: PageDep) -> Page[UserRead]:
    """Accounts the caller may see: self, the team, or everyone."""
    return paginate(session, service.visible(user=user), User.id, page, UserRead.model_validate)


@router.get("/users/directory", response_model=list[DirectoryEntry])
def user_directory(user: CurrentUser, session: SessionDep) -> list[DirectoryEntry]:
    """Active staff for @mention completion: id, username, display name, team, department."""
    return service.directory(session=session)


@router.get("/users/{user_id}", response_model=UserRead)
def get_user(user_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> User:
    return service.get(session=session, user=user, user_id=user_id)


@router.post("/users", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, admin: Admin, session: SessionDep, address: AddressDep) -> User:
    """Create a staff account (admins only; audited)."""
    return service.create(session=session, actor=admin, data=body, address=address)


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(
    user_id: uuid.UUID, body: UserUpdate, admin: Admin, session: SessionDep, address: AddressDep
) -> User:
    """Change an account's role, team, store or status (admins only; audited)."""
    target = service.get(session=session, user=admin, user_id=user_id)
    return service.update(session=session, actor=admin, target=target, data=body, address=address)


@router.get("/teams", response_model=list[TeamRead])
def list_teams(user: CurrentUser, session: SessionDep) -> list[object]:
    return list(service.teams(session=session))


@router.get("/stores", response_model=list[StoreRead])
def list_stores(user: CurrentUser, session: SessionDep) -> list[object]:
    return list(service.stores(session=session))
