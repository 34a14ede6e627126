"""Supervisor questions as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from desk_app.server.core.schemas import InputSchema, ReadSchema

QuestionSubject = Literal["interaction", "ticket"]
Text = Field(min_length=1, max_length=2000)


class QuestionCreate(InputSchema):
    """A question about one interaction or ticket the asker may see; card numbers are masked."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that asked offline")
    subject_type: QuestionSubject
    subject_id: uuid.UUID
    body: str = Text


class QuestionAnswer(InputSchema):
    answer: str = Text


class QuestionRead(ReadSchema):
    id: uuid.UUID
    subject_type: QuestionSubject
    subject_id: uuid.UUID
    asked_by_id: uuid.UUID
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    body: str
    asked_at: datetime
    answer: str | None
    answered_by_id: uuid.UUID | None
    answered_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime
