"""A follow-up: a reminder on a ticket or interaction, or a callback to make."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import FollowUpKind
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin


class FollowUp(IdMixin, VersionedMixin, Base):
    """Due at ``due_at`` for ``owner_id``; done once ``done_at`` is set.

    A callback, when due, becomes an outbound voice interaction
    (``interaction_id``), offered to the owner or, if they are away, the team.
    """

    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_open_due", "done_at", "due_at"),)

    subject_type: Mapped[str] = mapped_column(String(20))  # "ticket" or "interaction"
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    kind: Mapped[FollowUpKind] = mapped_column(EnumText(FollowUpKind))
    due_at: Mapped[datetime]
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, for a callback
    note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None]
    interaction_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("interaction.id"))
