"""A rep's working day in the database: a shift with a lunch break, the state log, two calls."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState, InteractionStatus, StateCause
from desk_app.server.interactions.models import Interaction
from desk_app.server.shifts.models import Shift, ShiftBreak
from desk_app.server.users.models import AgentStateChange, User
from tests.support.builders import make_interaction


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` UTC on ``day``."""
    return datetime.combine(day, time(hour, minute), UTC)


def make_workday(
    session: Session,
    user: User,
    day: date,
    *,
    scores: tuple[int | None, int | None] = (5, 3),
    late: int = 5,
) -> list[Interaction]:
    """09:00–17:00 UTC with lunch 12:00–12:30 (taken ``late`` minutes late), two handled calls.

    The first call is resolved at first contact, the second was transferred;
    an abandoned call never reached the rep. Returns the two handled calls.
    """
    session.add(
        Shift(
            user_id=user.id,
            team_id=user.team_id,
            starts_at=at(day, 9),
            ends_at=at(day, 17),
            breaks=[ShiftBreak(kind="lunch", starts_at=at(day, 12), ends_at=at(day, 12, 30))],
        )
    )
    lunch = at(day, 12) + timedelta(minutes=late)
    log = [
        (AgentState.READY, at(day, 8, 55), at(day, 10), None),
        (AgentState.BUSY, at(day, 10), at(day, 10, 20), None),
        (AgentState.WRAP_UP, at(day, 10, 20), at(day, 10, 25), None),
        (AgentState.READY, at(day, 10, 25), lunch, None),
        (AgentState.NOT_READY, lunch, at(day, 12, 30), "lunch"),
        (AgentState.READY, at(day, 12, 30), at(day, 14), None),
        (AgentState.BUSY, at(day, 14), at(day, 14, 30), None),
        (AgentState.WRAP_UP, at(day, 14, 30), at(day, 14, 32), None),
        (AgentState.READY, at(day, 14, 32), at(day, 16, 30), None),
        (AgentState.OFFLINE, at(day, 16, 30), at(day, 23), None),
    ]
    for state, started, ended, reason in log:
        session.add(
            AgentStateChange(
                user_id=user.id,
                state=state,
                reason=reason,
                cause=StateCause.REP,
                started_at=started,
                ended_at=ended,
            )
        )
    calls = [
        make_interaction(
            session,
            agent=user,
            status=InteractionStatus.DONE,
            answered_at=at(day, 10),
            ended_at=at(day, 10, 20),
            wrapped_at=at(day, 10, 25),
            hold_seconds=30.0,
            first_contact_resolution=True,
            satisfaction=scores[0],
            disposition="resolved",
            subject="Kettle",
        ),
        make_interaction(
            session,
            agent=user,
            status=InteractionStatus.DONE,
            answered_at=at(day, 14),
            ended_at=at(day, 14, 30),
            wrapped_at=at(day, 14, 32),
            first_contact_resolution=True,
            transferred=True,
            satisfaction=scores[1],
            disposition="escalated",
            subject="Refund",
        ),
    ]
    make_interaction(
        session,
        status=InteractionStatus.ABANDONED,
        team_id=user.team_id,
        queued_at=at(day, 11),
        ended_at=at(day, 11, 2),
    )
    session.flush()
    return calls
