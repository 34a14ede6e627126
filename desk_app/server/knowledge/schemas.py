"""Knowledge-base articles and canned answers as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from desk_app.domain.enums import Channel
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Body = Annotated[str, Field(min_length=1, max_length=100_000)]
Tag = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(str.lower)]
Category = Annotated[str, Field(min_length=1, max_length=60)]


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
    """A ready reply; no ``channel`` means it suits every channel."""

    title: Title
    body: Body
    channel: Channel | None = None
    category: Category | None = None


class CannedAnswerUpdate(VersionedUpdate):
    title: Title | None = None
    body: Body | None = None
    channel: Channel | None = None
    category: Category | None = None

    _not_null = not_null("title", "body")


class CannedAnswerRead(ReadSchema):
    id: uuid.UUID
    title: str
    body: str
    channel: Channel | None
    category: str | None
    version: int
    created_at: datetime
    updated_at: datetime
