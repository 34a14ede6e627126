"""End-of-shift reports as the API (and the ``shift_report.submit`` op) take and show them."""

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from desk_app.server.core.schemas import InputSchema, ReadSchema

Reflection = Field(default="", max_length=5_000)


class UnresolvedItem(BaseModel):
    kind: str = Field(pattern=r"^(ticket|follow_up|interaction)$")
    id: uuid.UUID
    title: str = Field(max_length=300)
    due_at: AwareDatetime | None = None


class ShiftReportSubmit(InputSchema):
    """The rep signs the day off; submitting again the same day replaces the fields."""

    id: uuid.UUID
    day: date
    figures: dict[str, float | None] = Field(max_length=20)
    goals: dict[str, float] = Field(max_length=20)
    unresolved: list[UnresolvedItem] = Field(default_factory=list, max_length=500)
    went_well: str = Reflection
    to_improve: str = Reflection
    notes_for_supervisor: str = Reflection
    signed_off_at: AwareDatetime


class ShiftReportRead(ReadSchema):
    id: uuid.UUID
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    day: date
    figures: dict[str, Any]
    goals: dict[str, Any]
    unresolved: list[Any]
    went_well: str
    to_improve: str
    notes_for_supervisor: str
    signed_off_at: datetime
    submitted_at: datetime
    reviewed_at: datetime | None
    reviewed_by_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime
