"""Agent profiles and offers as the API shows them."""

import uuid
from datetime import datetime
from typing import Any

from desk_app.domain.enums import AgentState, OfferOutcome
from desk_app.server.core.schemas import ReadSchema


class AgentProfileRead(ReadSchema):
    """An agent's routing profile and presence (also what the change feed carries)."""

    id: uuid.UUID
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    extension: str | None
    skills: list[Any]
    capacity_voice: int
    capacity_chat: int
    capacity_email: int
    state: AgentState
    reason: str | None
    state_since: datetime
    idle_since: datetime | None
    heartbeat_at: datetime | None
    activity_at: datetime | None
    warned_at: datetime | None
    overdue_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class OfferRead(ReadSchema):
    id: uuid.UUID
    interaction_id: uuid.UUID
    agent_id: uuid.UUID
    offered_at: datetime
    expires_at: datetime
    outcome: OfferOutcome
    answered_at: datetime | None
