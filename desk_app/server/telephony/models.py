"""What the telephony side leaves behind: webhook receipts (replay guard) and call commands."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import CallCommandKind, CallCommandStatus
from desk_app.server.core.db import Base, EnumText, IdMixin, utcnow


class WebhookReceipt(IdMixin, Base):
    """A signed request already acted on: the same digest again is a replay and is ignored."""

    __tablename__ = "webhook_receipt"

    source: Mapped[str] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class CallCommand(IdMixin, Base):
    """One call-control request from a desk and what the adapter said."""

    __tablename__ = "call_command"

    interaction_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interaction.id"), index=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    command: Mapped[CallCommandKind] = mapped_column(EnumText(CallCommandKind))
    target: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[CallCommandStatus] = mapped_column(EnumText(CallCommandStatus))
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
