"""A rep's question to their supervisor about one interaction or ticket."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin, utcnow


class Question(IdMixin, VersionedMixin, Base):
    """Open while ``answer`` is null; the team's supervisors see it on their panel."""

    __tablename__ = "supervisor_question"

    subject_type: Mapped[str] = mapped_column(String(20))  # "interaction" or "ticket"
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    asked_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None]
