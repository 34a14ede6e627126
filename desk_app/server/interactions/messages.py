"""What the rep and the customer wrote in a chat or email, in order."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, utcnow


class InteractionMessage(IdMixin, Base):
    """One message of a conversation; written once (card numbers masked before it is stored)."""

    __tablename__ = "interaction_message"

    interaction_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    direction: Mapped[str] = mapped_column(String(10))
    """``outbound`` (the rep's reply) or ``inbound`` (the customer's)."""
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
