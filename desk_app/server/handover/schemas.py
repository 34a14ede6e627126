"""Handover notes as the API takes and shows them."""

import uuid
from datetime import datetime

from pydantic import Field

from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null


class HandoverNoteCreate(InputSchema):
    """A note for the next shift; it goes to the author's team or store.

    Only admins, who have neither, name the team or store it is for.
    """

    id: uuid.UUID | None = Field(default=None, description="set by a desk that wrote it offline")
    body: str = Field(min_length=1, max_length=20_000)
    team_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    ticket_id: uuid.UUID | None = Field(default=None, description="a ticket the note is about")


class HandoverNoteUpdate(VersionedUpdate):
    body: str | None = Field(default=None, min_length=1, max_length=20_000)
    done: bool | None = None

    _not_null = not_null("body", "done")


class HandoverNoteRead(ReadSchema):
    id: uuid.UUID
    author_id: uuid.UUID
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    body: str
    done: bool
    ticket_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class HandoverAckRead(ReadSchema):
    id: uuid.UUID
    note_id: uuid.UUID
    user_id: uuid.UUID
    at: datetime
