"""FAQ articles and the canned answers reps paste into chats and emails."""

from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin


class KbArticle(IdMixin, VersionedMixin, Base):
    """A knowledge-base article, found by title, body and tags."""

    __tablename__ = "kb_article"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(default=list)


class CannedAnswer(IdMixin, VersionedMixin, Base):
    """A ready reply for a channel and category."""

    __tablename__ = "canned_answer"

    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(60), index=True)
