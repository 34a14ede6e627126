"""Knowledge-base articles, canned answers and macros as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from desk_app.domain.enums import Channel
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Body = Annotated[str, Field(min_length=1, max_length=100_000)]
Tag = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(str.lower)]
Category = Annotated[str, Field(min_length=1, max_length=60)]
Shortcut = Annotated[
    str,
    Field(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$"),
    AfterValidator(str.lower),
]
"""What the rep types after the trigger (``/ship``, ``::ship``): letters, digits, ``_`` and ``-``,
kept lower-case."""


def _distinct(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


class KbArticleCreate(InputSchema):
    slug: Slug
    title: Title
    body: Body
    tags: Annotated[list[Tag], AfterValidator(_distinct)] = Field(
        default_factory=list, max_length=20, description="kept lower-case"
    )


class KbArticleUpdate(VersionedUpdate):
    """Fields to change; ``tags`` replaces the whole list."""

    slug: Slug | None = None
    title: Title | None = None
    body: Body | None = None
    tags: Annotated[list[Tag], AfterValidator(_distinct)] | None = Field(
        default=None, max_length=20
    )

    _not_null = not_null("slug", "title", "body", "tags")


class KbArticleRead(ReadSchema):
    id: uuid.UUID
    slug: str
    title: str
    body: str
    tags: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class CannedAnswerCreate(InputSchema):
    """A ready reply; no ``channel`` means every channel, no ``team_id`` every team.

    ``shortcut`` is unique within a team (and among the answers for every team).
    """

    title: Title
    body: Body
    channel: Channel | None = None
    category: Category | None = None
    team_id: uuid.UUID | None = None
    shortcut: Shortcut | None = None


class CannedAnswerUpdate(VersionedUpdate):
    title: Title | None = None
    body: Body | None = None
    channel: Channel | None = None
    category: Category | None = None
    team_id: uuid.UUID | None = None
    shortcut: Shortcut | None = None

    _not_null = not_null("title", "body")


class CannedAnswerRead(ReadSchema):
    id: uuid.UUID
    title: str
    body: str
    channel: Channel | None
    category: str | None
    team_id: uuid.UUID | None
    shortcut: str | None
    version: int
    created_at: datetime
    updated_at: datetime


# --- macros: several actions run as one ----------------------------------------------


class InsertAnswer(InputSchema):
    """Insert the canned answer with this shortcut into the reply."""

    do: Literal["insert_answer"]
    shortcut: Shortcut


class SetCategory(InputSchema):
    do: Literal["set_category"]
    category: Category


class SetFollowUp(InputSchema):
    """A follow-up this many hours after the macro runs (up to 30 days)."""

    do: Literal["set_follow_up"]
    in_hours: int = Field(ge=1, le=720)


class AddTag(InputSchema):
    do: Literal["add_tag"]
    tag: Tag


MacroAction = Annotated[
    InsertAnswer | SetCategory | SetFollowUp | AddTag, Field(discriminator="do")
]
Actions = Annotated[list[MacroAction], Field(min_length=1, max_length=20)]


class MacroCreate(InputSchema):
    """Actions run in order; an ``insert_answer`` names an answer the macro's team can use."""

    title: Title
    actions: Actions
    shortcut: Shortcut | None = None
    channel: Channel | None = None
    team_id: uuid.UUID | None = None


class MacroUpdate(VersionedUpdate):
    """Fields to change; ``actions`` replaces the whole list."""

    title: Title | None = None
    actions: Actions | None = None
    shortcut: Shortcut | None = None
    channel: Channel | None = None
    team_id: uuid.UUID | None = None

    _not_null = not_null("title", "actions")


class MacroRead(ReadSchema):
    id: uuid.UUID
    title: str
    shortcut: str | None
    channel: Channel | None
    team_id: uuid.UUID | None
    actions: list[dict[str, Any]]
    version: int
    created_at: datetime
    updated_at: datetime
