"""Team averages and one rep's day as the API shows them."""

import datetime as dt
import uuid

from pydantic import BaseModel

from desk_app.domain.kpi import Metric
from desk_app.server.core.schemas import ReadSchema
from desk_app.server.followups.schemas import FollowUpRead
from desk_app.server.goals.schemas import GoalRead
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing.schemas import AgentStateRead
from desk_app.server.shift_reports.schemas import ShiftReportRead
from desk_app.server.shifts.schemas import ShiftRead
from desk_app.server.tickets.schemas import TicketRead

Figures = dict[Metric, float | None]


class BucketRead(BaseModel):
    start: dt.datetime
    end: dt.datetime
    values: Figures
    agents: int
    """Reps with anything to measure in the bucket (the ones the average is over)."""


class TeamStatsRead(BaseModel):
    team_id: uuid.UUID
    buckets: list[BucketRead]


class DayUser(ReadSchema):
    id: uuid.UUID
    username: str
    display_name: str
    team_id: uuid.UUID | None


class DayData(BaseModel):
    """Everything one rep's end-of-shift report is made from, in the desk's record shapes."""

    user: DayUser
    date: dt.date
    tz: str
    interactions: list[InteractionRead]
    state_changes: list[AgentStateRead]
    shifts: list[ShiftRead]
    goals: list[GoalRead]
    follow_ups_open: list[FollowUpRead]
    tickets_open: list[TicketRead]
    team_average: Figures
    report: ShiftReportRead | None
