"""Shifts and their breaks as the API takes and shows them."""

import uuid
from datetime import datetime

from pydantic import AwareDatetime, Field

from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null


class BreakIn(InputSchema):
    kind: str = Field(default="break", min_length=1, max_length=20)
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ShiftCreate(InputSchema):
    """A shift for one user; its team is the user's team."""

    user_id: uuid.UUID
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    breaks: list[BreakIn] = Field(default_factory=list, max_length=20)


class ShiftUpdate(VersionedUpdate):
    """New times; ``breaks`` replaces the whole list."""

    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    breaks: list[BreakIn] | None = Field(default=None, max_length=20)

    _not_null = not_null("starts_at", "ends_at", "breaks")


class BreakRead(ReadSchema):
    kind: str
    starts_at: datetime
    ends_at: datetime


class ShiftRead(ReadSchema):
    id: uuid.UUID
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    breaks: list[BreakRead]
    version: int
    created_at: datetime
    updated_at: datetime
