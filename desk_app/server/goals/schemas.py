"""Goals as the API takes and shows them."""

import uuid
from datetime import datetime

from pydantic import Field

from desk_app.domain.kpi import Metric
from desk_app.server.core.schemas import InputSchema, ReadSchema


class GoalSet(InputSchema):
    """Set (create or replace) one goal: for ``user_id`` if given, else for ``team_id``."""

    metric: Metric
    target: float = Field(ge=0, le=100_000)
    team_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


class GoalRead(ReadSchema):
    id: uuid.UUID
    team_id: uuid.UUID | None
    user_id: uuid.UUID | None
    metric: str
    target: float
    version: int
    created_at: datetime
    updated_at: datetime
