"""The wire format of POST /sync/ops and GET /sync/changes."""

import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from desk_app.domain.sync_protocol import MAX_BATCH
from desk_app.server.core.schemas import InputSchema

OpStatus = Literal["applied", "duplicate", "conflict", "rejected"]


class OpIn(InputSchema):
    """One desk operation. ``payload`` is checked against the schema of its ``kind``."""

    op_id: uuid.UUID = Field(
        description="UUIDv7 made on the desk; the same op sent twice is applied once"
    )
    kind: str = Field(min_length=1, max_length=40, examples=["note.add"])
    payload: dict[str, Any]
    base_version: int | None = Field(default=None, ge=1)


class OpBatch(InputSchema):
    ops: list[OpIn] = Field(min_length=1, max_length=MAX_BATCH)


class OpResult(BaseModel):
    op_id: uuid.UUID
    status: OpStatus
    record: dict[str, Any] | None = None
    reason: str | None = None
    first_status: OpStatus | None = Field(
        default=None, description="for a duplicate: the status the op was first answered with"
    )


class OpResults(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    seq: int
    entity: str
    id: uuid.UUID
    action: Literal["upsert", "delete", "evict"]
    record: dict[str, Any] | None


class ChangePage(BaseModel):
    """Changes after ``after``; poll again with ``after=last_seq`` (at once if ``has_more``)."""

    changes: list[Change]
    last_seq: int
    has_more: bool
