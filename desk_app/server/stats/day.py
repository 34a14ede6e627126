"""One rep's day as ``GET /reports/day`` hands it to ``desk report``."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import TicketStatus
from desk_app.domain.kpi import Metric, day_window
from desk_app.server.core.db import utcnow
from desk_app.server.followups.models import FollowUp
from desk_app.server.followups.schemas import FollowUpRead
from desk_app.server.goals import service as goals
from desk_app.server.goals.schemas import GoalRead
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing.schemas import AgentStateRead
from desk_app.server.shift_reports import service as shift_reports
from desk_app.server.shift_reports.schemas import ShiftReportRead
from desk_app.server.shifts.schemas import ShiftRead
from desk_app.server.stats.activity import shifts_in, states_in, touched_in
from desk_app.server.stats.schemas import DayData, DayUser
from desk_app.server.stats.team import team_buckets
from desk_app.server.tickets.models import Ticket
from desk_app.server.tickets.schemas import TicketRead
from desk_app.server.users.models import User

_CLOSED = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def day_data(session: Session, *, person: User, day: dt.date, zone: ZoneInfo) -> DayData:
    """The rep's interactions, states, shifts, goals and open work of ``day`` in ``zone``."""
    window = day_window(day, zone)
    follow_ups = session.scalars(
        select(FollowUp)
        .where(FollowUp.owner_id == person.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.due_at, FollowUp.id)
    )
    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.owner_id == person.id, Ticket.status.not_in(_CLOSED))
        .order_by(Ticket.id)
    )
    team_average: dict[Metric, float | None] = dict.fromkeys(Metric)
    if person.team_id is not None:
        team_average = team_buckets(session, person.team_id, [window], utcnow())[0].values
    report = shift_reports.for_day(session, user_id=person.id, day=day)
    return DayData(
        user=DayUser.model_validate(person),
        date=day,
        tz=zone.key,
        interactions=[
            InteractionRead.model_validate(row) for row in touched_in(session, person.id, window)
        ],
        state_changes=[
            AgentStateRead.model_validate(row) for row in states_in(session, [person.id], window)
        ],
        shifts=[ShiftRead.model_validate(row) for row in shifts_in(session, [person.id], window)],
        goals=[GoalRead.model_validate(goal) for goal in goals.applying_to(session, person)],
        follow_ups_open=[FollowUpRead.model_validate(row) for row in follow_ups],
        tickets_open=[TicketRead.model_validate(row) for row in tickets],
        team_average=team_average,
        report=ShiftReportRead.model_validate(report) if report else None,
    )
