"""What one shift leaves for the next."""

import uuid

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin


class HandoverNote(IdMixin, VersionedMixin, Base):
    """A note for whoever works the team's or store's next shift."""

    __tablename__ = "handover_note"

    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(default=False)
