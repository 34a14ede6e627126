"""Follow-ups as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, Field

from desk_app.domain.enums import FollowUpKind
from desk_app.domain.followups import MAX_NOTE
from desk_app.server.core.schemas import InputSchema, ReadSchema

FollowUpSubject = Literal["ticket", "interaction"]


class FollowUpSet(InputSchema):
    """A follow-up as the rep sets it (``PUT /follow-ups/{id}``): created, or edited.

    An edit keeps the ``phone``, ``note`` and done state it leaves out; ``done:
    true`` marks it done, ``false`` opens it again.
    """

    subject_type: FollowUpSubject
    subject_id: uuid.UUID
    due_at: AwareDatetime
    kind: FollowUpKind = FollowUpKind.REMINDER
    phone: str | None = Field(default=None, max_length=40)
    note: str = Field(default="", max_length=MAX_NOTE)
    done: bool | None = None


class FollowUpRead(ReadSchema):
    id: uuid.UUID
    subject_type: FollowUpSubject
    subject_id: uuid.UUID
    customer_id: uuid.UUID | None
    owner_id: uuid.UUID
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    kind: FollowUpKind
    due_at: datetime
    phone: str | None
    note: str
    done_at: datetime | None
    interaction_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime
