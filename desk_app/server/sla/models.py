"""Every stretch an SLA clock stood still (pending customer, …), kept for reporting."""

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, utcnow


class SlaPause(IdMixin, Base):
    """One pause of the clock of an interaction or ticket (open while ``ended_at`` is null)."""

    __tablename__ = "sla_pause"

    subject_type: Mapped[str] = mapped_column(String(20))  # "interaction" or "ticket"
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
