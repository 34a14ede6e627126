"""FAQ articles, the canned answers reps paste into chats and emails, and macros."""

import uuid
from typing import Any

from sqlalchemy import ForeignKey, String, Text
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
    """A ready reply for a channel and category; a team's own when ``team_id`` is set.

    ``shortcut`` is what the rep types after the trigger (``/ship``) to find it.
    """

    __tablename__ = "canned_answer"

    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(60), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    shortcut: Mapped[str | None] = mapped_column(String(30))


class Macro(IdMixin, VersionedMixin, Base):
    """Several actions run as one from the keyboard (insert an answer, set category, …).

    ``actions`` is a list of ``{"do": kind, …}`` objects, run in order.
    """

    __tablename__ = "macro"

    title: Mapped[str] = mapped_column(String(200))
    shortcut: Mapped[str | None] = mapped_column(String(30))
    channel: Mapped[str | None] = mapped_column(String(20))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    actions: Mapped[list[Any]] = mapped_column(default=list)
