"""Announcements (guideline changes, product news, promotions, outages) and who read them."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import Role, UpdateKind
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class Announcement(IdMixin, VersionedMixin, Base):
    """An entry on the updates board; team, store and role narrow its audience."""

    __tablename__ = "announcement"

    kind: Mapped[UpdateKind] = mapped_column(EnumText(UpdateKind))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    requires_ack: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    # only staff of this role (a ``Role`` value) see it; none: every role
    audience_role: Mapped[Role | None] = mapped_column(EnumText(Role))
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime | None]


class Acknowledgement(IdMixin, Base):
    """That one user has read one announcement that required it."""

    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("announcement_id", "user_id"),)

    announcement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("announcement.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
