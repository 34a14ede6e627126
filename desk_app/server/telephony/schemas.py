"""What the PBX, the gateways and the desk send to the telephony routes, and what they get back."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, model_validator

from desk_app.domain.enums import (
    CallCommandKind,
    CallCommandStatus,
    Priority,
    TransferTarget,
)
from desk_app.server.core.schemas import InputSchema, ReadSchema


class CallEventKind(StrEnum):
    """What a PBX reports about a call in the generic CTI event."""

    RINGING = "ringing"  # a new call waits for an agent
    ANSWERED = "answered"
    HOLD = "hold"
    RESUMED = "resumed"
    MUTED = "muted"
    UNMUTED = "unmuted"
    TRANSFERRED = "transferred"
    CONFERENCE = "conference"
    HUNG_UP = "hung_up"


class CtiEvent(InputSchema):
    """The generic JSON call event (``POST /telephony/events``), for PBXs such as Asterisk."""

    event_id: str = Field(min_length=1, max_length=100)
    call_id: str = Field(min_length=1, max_length=100)
    event: CallEventKind
    from_: str | None = Field(default=None, alias="from", min_length=1, max_length=254)
    to: str | None = Field(default=None, max_length=254)
    extension: str | None = Field(
        default=None, max_length=40, description="the agent's extension: the call goes to them only"
    )
    skill: str | None = Field(default=None, max_length=60)
    priority: Priority | None = None
    target: str | None = Field(default=None, max_length=120)
    at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _ringing_names_the_caller(self) -> "CtiEvent":
        if self.event is CallEventKind.RINGING and self.from_ is None:
            raise ValueError("from: a ringing event must name the caller")
        return self


class TwilioStatus(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    FAILED = "failed"
    NO_ANSWER = "no-answer"
    CANCELED = "canceled"


class TwilioCall(BaseModel):
    """The fields Desk reads from Twilio's voice webhook (Twilio sends many more)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    CallSid: str = Field(min_length=1, max_length=100)
    From: str = Field(min_length=1, max_length=254)
    To: str = Field(default="", max_length=254)
    CallStatus: TwilioStatus
    Direction: str = "inbound"


class IntakeMessage(InputSchema):
    """A chat or email from a gateway (``POST /intake/{channel}``)."""

    message_id: str = Field(min_length=1, max_length=100)
    from_: str = Field(alias="from", min_length=1, max_length=254)
    to: str | None = Field(default=None, max_length=254)
    subject: str = Field(default="", max_length=200)
    body: str | None = Field(default=None, max_length=100_000)
    customer_email: EmailStr | None = None
    priority: Priority = Priority.NORMAL
    skill: str | None = Field(default=None, max_length=60)

    @model_validator(mode="after")
    def _says_something(self) -> "IntakeMessage":
        if not self.subject and not (self.body or "").strip():
            raise ValueError("subject: a message needs a subject or a body")
        return self


class WebhookOutcome(StrEnum):
    QUEUED = "queued"  # a new interaction waits in the queue
    OFFERED = "offered"  # a new call, offered at once to the agent whose extension it names
    UPDATED = "updated"  # a known call or message changed
    DUPLICATE = "duplicate"  # already known: nothing new was queued
    REPLAY = "replay"  # this exact signed request was received before
    IGNORED = "ignored"  # unknown call, or one already over


class WebhookResult(BaseModel):
    """The answer to a gateway or PBX: what became of its request."""

    outcome: WebhookOutcome
    interaction_id: uuid.UUID | None = None


class CallControl(InputSchema):
    """A call-control request from the desk (``POST /interactions/{id}/call``)."""

    command: CallCommandKind
    target_type: TransferTarget | None = None
    target: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="an agent's user id, a queue (skill) name or a phone number in any format",
    )

    @model_validator(mode="after")
    def _desk_commands_only(self) -> "CallControl":
        if self.command in (CallCommandKind.ANSWER, CallCommandKind.DIAL):
            raise ValueError(f"command: {self.command} is not sent this way")
        if (self.target is None) != (self.target_type is None):
            raise ValueError("target: give target_type and target together")
        return self


class DialRequest(InputSchema):
    """Click-to-dial (``POST /calls/dial``)."""

    number: str = Field(min_length=3, max_length=40)
    customer_id: uuid.UUID | None = None
    interaction_id: uuid.UUID | None = Field(
        default=None,
        description="a callback the caller accepted: dial it rather than start a new call",
    )


class CallCommandRead(ReadSchema):
    id: uuid.UUID
    interaction_id: uuid.UUID
    agent_id: uuid.UUID
    command: CallCommandKind
    target: str | None
    status: CallCommandStatus
    error: str
    created_at: datetime
