"""A user's shifts and the breaks inside them."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.server.core.db import Base, IdMixin, VersionedMixin


class Shift(IdMixin, VersionedMixin, Base):
    """One working period of one user."""

    __tablename__ = "shift"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]

    breaks: Mapped[list["ShiftBreak"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ShiftBreak.starts_at"
    )


class ShiftBreak(IdMixin, Base):
    """A planned break (lunch, short break, training) inside a shift."""

    __tablename__ = "shift_break"

    shift_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("shift.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="break")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
