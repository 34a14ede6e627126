"""Agent states over time: each change closes the open stretch and opens the next."""

from sqlalchemy import update
from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Problem
from desk_app.server.users.models import AgentStateChange, User


def set_state(
    *, session: Session, user: User, state: AgentState, reason: str | None
) -> AgentStateChange:
    """Move ``user`` to ``state``; not ready needs a reason, the others take none."""
    if state is AgentState.NOT_READY and not reason:
        raise Problem(422, "not ready needs a reason (break, lunch, training, meeting, recovery)")
    now = utcnow()
    session.execute(
        update(AgentStateChange)
        .where(AgentStateChange.user_id == user.id, AgentStateChange.ended_at.is_(None))
        .values(ended_at=now)
    )
    change = AgentStateChange(
        user_id=user.id,
        state=state,
        reason=reason if state is AgentState.NOT_READY else None,
        started_at=now,
    )
    session.add(change)
    session.commit()
    return change
