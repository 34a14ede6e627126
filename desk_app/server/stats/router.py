"""/stats/team and /reports/day: the team's averages and one rep's whole day."""

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from desk_app.server.core.db import utcnow
from desk_app.server.dependencies import CurrentUser, SessionDep
from desk_app.server.stats.access import TeamStaff, readable_team, readable_user
from desk_app.server.stats.day import day_data
from desk_app.server.stats.schemas import BucketRead, DayData, TeamStatsRead
from desk_app.server.stats.team import team_buckets
from desk_app.server.stats.windows import Bucket, ZoneDep, buckets

router = APIRouter(tags=["stats"])


@router.get("/stats/team", response_model=TeamStatsRead)
def team_stats(
    user: TeamStaff,
    session: SessionDep,
    zone: ZoneDep,
    start: Annotated[dt.date, Query(description="first local day, YYYY-MM-DD")],
    end: Annotated[dt.date, Query(description="last local day (included), YYYY-MM-DD")],
    bucket: Bucket = Bucket.DAY,
    team_id: uuid.UUID | None = None,
) -> TeamStatsRead:
    """The team's average of each KPI per hour or day (at most 31 days).

    A rep or supervisor reads their own team's; an admin names ``team_id``.
    """
    team = readable_team(session, user, team_id)
    windows = buckets(start, end, bucket, zone)
    found = team_buckets(session, team.id, windows, utcnow())
    return TeamStatsRead(
        team_id=team.id,
        buckets=[
            BucketRead(start=b.window.start, end=b.window.end, values=b.values, agents=b.agents)
            for b in found
        ],
    )


@router.get("/reports/day", response_model=DayData)
def report_day(
    user: CurrentUser,
    session: SessionDep,
    zone: ZoneDep,
    date: Annotated[dt.date, Query(description="the local day, YYYY-MM-DD")],
    user_id: uuid.UUID | None = None,
) -> DayData:
    """What one rep's end-of-shift report is made from (default: the caller's own day).

    A rep reads their own day, a supervisor their team members', an admin anyone's.
    """
    person = readable_user(session, user, user_id)
    return day_data(session, person=person, day=date, zone=zone)
