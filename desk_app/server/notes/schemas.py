"""Internal notes as the API takes and shows them."""

import uuid
from datetime import datetime

from pydantic import Field

from desk_app.domain.enums import NoteSubject
from desk_app.server.core.schemas import InputSchema, ReadSchema


class NoteCreate(InputSchema):
    """A note about one customer, interaction, ticket or order; card numbers are masked."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that wrote it offline")
    subject_type: NoteSubject
    subject_id: uuid.UUID
    body: str = Field(min_length=1, max_length=20_000)


class NoteRead(ReadSchema):
    id: uuid.UUID
    subject_type: NoteSubject
    subject_id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime
    mentioned: list[str] = Field(description="the usernames and departments its @mentions reached")


class MentionRead(ReadSchema):
    """One user's mention in a note: enough to show it without opening the note."""

    id: uuid.UUID
    note_id: uuid.UUID
    user_id: uuid.UUID
    author_id: uuid.UUID
    department: str | None = Field(description="set when the mention reached them through it")
    subject_type: NoteSubject
    subject_id: uuid.UUID
    excerpt: str
    created_at: datetime
    read_at: datetime | None
