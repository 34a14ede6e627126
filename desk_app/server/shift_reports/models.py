"""A rep's report on one working day, with the reflection and what was left open."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin


class ShiftReport(IdMixin, VersionedMixin, Base):
    """One per rep and day; ``id`` is ``day_report.report_id(user, day)`` so a desk can mint it.

    ``figures`` and ``goals`` map ``kpi.Metric`` values to numbers (a figure may be
    null); ``unresolved`` is a list of ``Unresolved.to_json()`` items.
    """

    __tablename__ = "shift_report"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    day: Mapped[date]
    figures: Mapped[dict[str, Any]] = mapped_column(default=dict)
    goals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    unresolved: Mapped[list[Any]] = mapped_column(default=list)
    went_well: Mapped[str] = mapped_column(Text, default="")
    to_improve: Mapped[str] = mapped_column(Text, default="")
    notes_for_supervisor: Mapped[str] = mapped_column(Text, default="")
    signed_off_at: Mapped[datetime]
    submitted_at: Mapped[datetime]
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
