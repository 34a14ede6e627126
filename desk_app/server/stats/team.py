"""Team averages: every rep measured with ``kpi.measure``, then ``kpi.team_average`` per bucket."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import kpi
from desk_app.domain.enums import Role
from desk_app.domain.kpi import Metric, Point, Window
from desk_app.server.stats.activity import Activity, load
from desk_app.server.users.models import User


@dataclass(frozen=True)
class TeamBucket:
    window: Window
    values: dict[Metric, float | None]
    agents: int
    """How many reps had anything to measure in the bucket."""


def reps_of(session: Session, team_id: uuid.UUID) -> list[uuid.UUID]:
    """The team's reps (the people the average is over; supervisors take no contacts)."""
    return list(
        session.scalars(
            select(User.id).where(User.team_id == team_id, User.role == Role.REP).order_by(User.id)
        )
    )


def points_of(activity: Activity, windows: Sequence[Window], now: datetime) -> list[Point]:
    """``kpi.series`` of one rep's records over ``windows``."""
    return kpi.series(windows, activity.contacts, activity.spans, activity.schedules, now)


def team_buckets(
    session: Session, team_id: uuid.UUID, windows: Sequence[Window], now: datetime
) -> list[TeamBucket]:
    """The team's average of every KPI in each window (``windows`` ascending, contiguous)."""
    reps = reps_of(session, team_id)
    activity = load(session, reps, Window(windows[0].start, windows[-1].end)) if reps else {}
    per_rep = [points_of(activity.get(rep, Activity()), windows, now) for rep in reps]
    buckets = []
    for index, window in enumerate(windows):
        points = [points[index] for points in per_rep]
        buckets.append(
            TeamBucket(
                window=window,
                values=kpi.team_average(points),
                agents=sum(any(v is not None for v in p.values.values()) for p in points),
            )
        )
    return buckets
