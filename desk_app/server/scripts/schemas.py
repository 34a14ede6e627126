"""Scripts and their revisions as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

_DEFINITION_HELP = (
    "the script as JSON, in the format of desk_app/domain/scripts/definition.py "
    "(key and category as the script's, steps with say, choices or next or end)"
)


class ScriptCreate(InputSchema):
    key: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=1, max_length=200)
    category: str = Field(min_length=1, max_length=60)
    definition: dict[str, Any] = Field(description=_DEFINITION_HELP)


class ScriptUpdate(VersionedUpdate):
    """Fields to change; a new ``definition`` becomes a new revision, the old ones stay."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    category: str | None = Field(default=None, min_length=1, max_length=60)
    definition: dict[str, Any] | None = Field(default=None, description=_DEFINITION_HELP)

    _not_null = not_null("title", "category", "definition")


class ScriptRead(ReadSchema):
    """A script with its current revision's definition."""

    id: uuid.UUID
    key: str
    title: str
    category: str
    current_revision: int
    definition: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime


class ScriptRevisionRead(ReadSchema):
    script_id: uuid.UUID
    revision: int
    definition: dict[str, Any]
    author_id: uuid.UUID | None
    created_at: datetime
