"""Interactions as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from desk_app.domain.enums import CallState, Channel, Direction, InteractionStatus, Priority
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null


class InteractionCreate(InputSchema):
    """A contact started at the desk: a walk-in at a store, an outbound call or email.

    Inbound calls, chats and emails arrive through the telephony and gateway
    webhooks, not here. The direction follows from the channel.
    """

    id: uuid.UUID | None = Field(default=None, description="set by a desk that created it offline")
    channel: Channel
    customer_id: uuid.UUID | None = None
    subject: str = Field(default="", max_length=200)
    category: str | None = Field(default=None, max_length=60)
    priority: Priority = Priority.NORMAL
    to_address: str | None = Field(
        default=None, max_length=254, description="number or address called or written to"
    )


class InteractionUpdate(VersionedUpdate):
    """Fields to change; a new ``assigned_agent_id`` is a reassignment (managers only)."""

    status: InteractionStatus | None = None
    priority: Priority | None = None
    category: str | None = Field(default=None, max_length=60)
    subject: str | None = Field(default=None, max_length=200)
    customer_id: uuid.UUID | None = None
    disposition: str | None = Field(default=None, max_length=60)
    wrap_notes: str | None = Field(default=None, max_length=20_000)
    satisfaction: int | None = Field(default=None, ge=1, le=5)
    assigned_agent_id: uuid.UUID | None = None
    callback_at: AwareDatetime | None = Field(
        default=None, description="with status done and a callback code: when to call back"
    )
    timed_out: bool = Field(
        default=False,
        description="with status done: the queue's after-contact work ran out (its timeout code)",
    )

    _not_null = not_null("status", "priority", "subject", "wrap_notes")

    @model_validator(mode="after")
    def _wrap_up_fields_go_with_done(self) -> "InteractionUpdate":
        if self.status is not InteractionStatus.DONE and (self.callback_at or self.timed_out):
            raise ValueError("callback_at and timed_out go with status done (a wrap-up)")
        return self


WRAP_UP_ONLY = frozenset({"callback_at", "timed_out"})
"""Fields of a wrap-up that set its consequences in motion, not fields of the interaction."""


class InteractionRead(ReadSchema):
    id: uuid.UUID
    channel: Channel
    direction: Direction
    status: InteractionStatus
    priority: Priority
    category: str | None
    subject: str
    external_id: str | None
    from_address: str | None
    to_address: str | None
    customer_id: uuid.UUID | None
    ticket_id: uuid.UUID | None
    assigned_agent_id: uuid.UUID | None
    team_id: uuid.UUID | None
    store_id: uuid.UUID | None
    sla_due_at: datetime | None
    queued_at: datetime
    offered_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    wrapped_at: datetime | None
    disposition: str | None
    wrap_notes: str
    script_trail: list[Any]
    tags: list[str]
    satisfaction: int | None
    first_contact_resolution: bool | None
    acw_deadline_at: datetime | None
    skill: str | None
    requested_agent_id: uuid.UUID | None
    offer_expires_at: datetime | None
    sla_paused_at: datetime | None
    call_state: CallState | None
    muted: bool
    hold_seconds: float
    transferred: bool
    version: int
    created_at: datetime
    updated_at: datetime


MAX_TRAIL = 400
"""Most visits one interaction's trail may hold: a long call walks perhaps forty."""

_Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class TrailVisit(InputSchema):
    """One step the rep entered, as ``ScriptRun.to_trail`` records it."""

    script: _Id
    revision: int = Field(ge=1)
    step: _Id
    said: str = Field(max_length=4000)
    entered_at: datetime
    seconds: float = Field(ge=0, le=86_400)
    left_by: Literal["choice", "next", "back", "restart", "switch"] | None
    choice: str | None = Field(max_length=200)
    confirmed: list[_Id] = Field(max_length=50)
    checked: list[Annotated[str, StringConstraints(max_length=200)]] = Field(max_length=50)


class ScriptTrail(InputSchema):
    """The whole trail so far; it replaces the one stored (the latest sent wins)."""

    trail: list[TrailVisit] = Field(max_length=MAX_TRAIL)

    @field_validator("trail")
    @classmethod
    def _open_only_at_the_end(cls, trail: list[TrailVisit]) -> list[TrailVisit]:
        if any(visit.left_by is None for visit in trail[:-1]):
            raise ValueError("only the last visit may still be open (left_by null)")
        return trail


class InteractionAnnotate(InputSchema):
    """What the rep (or a macro) sets on an open interaction without a wrap-up.

    Not version-checked: see :func:`desk_app.server.interactions.service.annotate`.
    """

    category: str | None = Field(default=None, min_length=1, max_length=60)
    tags: list[Tag] | None = Field(default=None, max_length=20)

    _not_null = not_null("tags")
