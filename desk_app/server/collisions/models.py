"""Who has which customer or ticket open right now (a heartbeat, not a history)."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, utcnow


class Viewing(Base):
    """User ``user_id`` had ``subject`` open at ``seen_at``; stale after a minute."""

    __tablename__ = "viewing"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    subject_type: Mapped[str] = mapped_column(String(20), primary_key=True)  # customer, ticket
    subject_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
