"""One target for one KPI, for a whole team or for one rep (which wins over the team's)."""

import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, IdMixin, VersionedMixin


class Goal(IdMixin, VersionedMixin, Base):
    """``user_id`` set: that rep's goal; else the team's. ``metric`` is a ``kpi.Metric`` value."""

    __tablename__ = "goal"
    __table_args__ = (
        # one goal per metric for a team, and one per metric for a rep
        Index(
            "uq_goal_team_metric",
            "team_id",
            "metric",
            unique=True,
            sqlite_where="user_id IS NULL",
            postgresql_where="user_id IS NULL",
        ),
        Index("uq_goal_user_metric", "user_id", "metric", unique=True),
    )

    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    metric: Mapped[str] = mapped_column(String(30))
    target: Mapped[float]
