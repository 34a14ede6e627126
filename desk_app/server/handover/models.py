"""What one shift leaves for the next."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin, utcnow


class HandoverNote(IdMixin, VersionedMixin, Base):
    """A note for whoever works the team's or store's next shift."""

    __tablename__ = "handover_note"

    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(default=False)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"), index=True)


class HandoverAck(IdMixin, Base):
    """One user has read one handover note (shown at sign-in until they have)."""

    __tablename__ = "handover_ack"
    __table_args__ = (UniqueConstraint("note_id", "user_id"),)

    note_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("handover_note.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
