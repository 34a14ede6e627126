"""Announcements on the updates board and their acknowledgements, as the API shows them."""

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from desk_app.domain.enums import Role, UpdateKind
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

Title = Field(min_length=1, max_length=200)
Body = Field(min_length=1, max_length=20_000)


class AnnouncementCreate(InputSchema):
    """A new announcement; no team, store or role means everyone."""

    kind: UpdateKind
    title: str = Title
    body: str = Body
    requires_ack: bool = False
    team_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    audience_role: Role | None = None
    expires_at: AwareDatetime | None = None


class AnnouncementUpdate(VersionedUpdate):
    """Fields to change; ``expires_at: null`` makes it permanent."""

    kind: UpdateKind | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, min_length=1, max_length=20_000)
    requires_ack: bool | None = None
    team_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    audience_role: Role | None = None
    expires_at: AwareDatetime | None = None

    _not_null = not_null("kind", "title", "body", "requires_ack")


class AnnouncementRead(ReadSchema):
    id: uuid.UUID
    kind: UpdateKind
    title: str
    body: str
    requires_ack: bool
    author_id: uuid.UUID | None
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    audience_role: Role | None
    published_at: datetime
    expires_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class AnnouncementForUser(AnnouncementRead):
    """An announcement as one caller sees it: whether (and when) they acknowledged it."""

    acknowledged: bool
    acknowledged_at: datetime | None


class AcknowledgementRead(ReadSchema):
    id: uuid.UUID  # the change feed and the desk's cache key every record by its id
    announcement_id: uuid.UUID
    user_id: uuid.UUID
    at: datetime


class AudienceMember(BaseModel):
    user_id: uuid.UUID
    display_name: str
    acknowledged_at: datetime | None


class AcknowledgementReport(BaseModel):
    """Who in the audience (as far as the caller may see staff) has and has not acknowledged."""

    announcement_id: uuid.UUID
    audience_count: int
    acknowledged_count: int
    acknowledged: list[AudienceMember]
    pending: list[AudienceMember]
