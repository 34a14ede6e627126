"""Staff accounts as the API shows and takes them."""

import uuid

from pydantic import BaseModel, Field

from desk_app.domain.enums import Role
from desk_app.server.auth.passwords import MIN_PASSWORD_LENGTH
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate


class UserRead(ReadSchema):
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    active: bool
    version: int


class MeRead(UserRead):
    """The signed-in user, and the organisation's name its scripts and answers speak for."""

    company_name: str
    departments: list[str] = Field(
        description="the department queues: the four built in, then DESK_DEPARTMENTS"
    )


class UserCreate(InputSchema):
    username: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9._@-]+$")
    display_name: str = Field(min_length=1, max_length=160)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    role: Role
    team_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None


class UserUpdate(VersionedUpdate):
    display_name: str | None = Field(default=None, min_length=1, max_length=160)
    role: Role | None = None
    team_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    active: bool | None = None


class DirectoryEntry(BaseModel):
    """A colleague as @mention completion needs them (no role, no sign-in data)."""

    id: uuid.UUID
    username: str
    display_name: str
    team_id: uuid.UUID | None
    department: str | None = Field(description="the department the colleague's team serves")


class TeamRead(ReadSchema):
    id: uuid.UUID
    name: str


class StoreRead(ReadSchema):
    id: uuid.UUID
    code: str
    name: str
    region: str
    timezone: str
