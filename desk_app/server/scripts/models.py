"""Scripts and their immutable revisions.

An interaction records the revision it followed, so editing a script never
rewrites what a rep was shown yesterday.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.server.core.db import Base, IdMixin, VersionedMixin, utcnow


class Script(IdMixin, VersionedMixin, Base):
    """A named guideline, chosen by interaction category; points at its current revision."""

    __tablename__ = "script"

    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(60), index=True)
    current_revision: Mapped[int] = mapped_column(default=1)

    revisions: Mapped[list["ScriptRevision"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ScriptRevision.revision"
    )


class ScriptRevision(IdMixin, Base):
    """One frozen version of a script's steps (a JSON graph of prompts and branches)."""

    __tablename__ = "script_revision"
    __table_args__ = (UniqueConstraint("script_id", "revision"),)

    script_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("script.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int]
    definition: Mapped[dict[str, Any]]
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
