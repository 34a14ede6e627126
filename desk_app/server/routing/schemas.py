"""Agent profiles, offers and presence as the API shows and takes them."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from desk_app.domain.enums import AgentState, NotReadyReason, OfferOutcome, StateCause
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null


class AgentStateRead(ReadSchema):
    """One stretch of an agent's state history (the change feed's ``agent_state``)."""

    id: uuid.UUID
    user_id: uuid.UUID
    state: AgentState
    reason: str | None
    cause: StateCause
    started_at: datetime
    ended_at: datetime | None


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


Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class AgentProfileUpdate(VersionedUpdate):
    """What a manager sets on an agent: skills, capacity per channel, phone extension."""

    skills: list[Skill] | None = Field(default=None, max_length=50)
    capacity_voice: int | None = Field(default=None, ge=0, le=10)
    capacity_chat: int | None = Field(default=None, ge=0, le=20)
    capacity_email: int | None = Field(default=None, ge=0, le=50, description="emails and tickets")
    extension: str | None = Field(
        default=None, min_length=1, max_length=40, pattern=r"^[0-9A-Za-z*#+._-]+$"
    )

    _not_null = not_null("skills", "capacity_voice", "capacity_chat", "capacity_email")


class StateChoice(InputSchema):
    """A state a person may pick: ready, not ready (with a reason) or offline."""

    state: AgentState
    reason: NotReadyReason | None = None


class Heartbeat(InputSchema):
    """The desk is alive; ``idle_seconds`` since its user last touched keyboard or mouse."""

    idle_seconds: float = Field(ge=0, le=7 * 24 * 3600)
