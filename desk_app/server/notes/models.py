"""Internal notes: written once, never edited (a correction is a new note)."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
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
