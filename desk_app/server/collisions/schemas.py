"""The desk's heartbeat of what it has open, and who else has the same open."""

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from desk_app.server.core.schemas import InputSchema

MAX_SUBJECTS = 50
"""Most customers (and tickets) one desk reports at once: its open tabs, not a list view."""


class ViewingReport(InputSchema):
    """Everything the caller has open now; it replaces what they reported before."""

    customer_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_SUBJECTS)
    ticket_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_SUBJECTS)


class Colleague(BaseModel):
    """Someone else with one of the caller's subjects open, or on the phone with its customer."""

    user_id: uuid.UUID
    display_name: str
    subject_type: Literal["customer", "ticket"]
    subject_id: uuid.UUID
    activity: Literal["viewing", "on_call"]


class Collisions(BaseModel):
    others: list[Colleague]
