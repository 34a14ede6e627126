"""Internal notes: written once, never edited (a correction is a new note)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import NoteSubject
from desk_app.server.core.db import Base, EnumText, IdMixin, utcnow


class Note(IdMixin, Base):
    """A note about one subject record, seen by staff only."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_subject", "subject_type", "subject_id"),)

    subject_type: Mapped[NoteSubject] = mapped_column(EnumText(NoteSubject))
    subject_id: Mapped[uuid.UUID]
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the usernames and department values its @mentions reached, as the writer's desk shows them
    mentioned: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")


class Mention(IdMixin, Base):
    """A note's @mention of one user (or of a department, one row per member reached).

    It is the mentioned user's, whatever they may see of the note's subject,
    so it carries the subject and an excerpt to show on their desk.
    """

    __tablename__ = "mention"

    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    department: Mapped[str | None] = mapped_column(String(40))  # set when reached through it
    subject_type: Mapped[NoteSubject] = mapped_column(EnumText(NoteSubject))
    subject_id: Mapped[uuid.UUID]
    excerpt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
