"""The must-read gate: no taking work while updates that need an acknowledgement are unread.

A rep who asks to go ready is refused (409 ``/problems/must-read`` listing
the unread updates; an ``agent.state`` op is rejected with a reason naming
them). Where the system would put an agent back to ready by itself (work
ended, back from away) it leaves them not ready with reason ``must_read``
instead, so nothing is offered before the rep has read what they must.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState, NotReadyReason
from desk_app.server.core.problems import Problem
from desk_app.server.routing.models import AgentProfile
from desk_app.server.updates import service as updates
from desk_app.server.users.models import User


def check_ready(session: Session, user: User, now: datetime) -> None:
    """Refuse ``user`` going ready while any must-read update for them is unacknowledged."""
    unread = updates.unread_must_reads(session=session, user=user, now=now)
    if unread:
        titles = ", ".join(f"“{announcement.title}”" for announcement in unread)
        raise Problem(
            409,
            f"read and acknowledge these updates before going ready: {titles}",
            type_="/problems/must-read",
            unread=[{"id": str(a.id), "title": a.title} for a in unread],
        )


def settle(
    session: Session, profile: AgentProfile, state: AgentState, now: datetime
) -> tuple[AgentState, str | None]:
    """Where an automatic move to ``state`` lands, and with which reason.

    Not ready (``must_read``) instead of ready while the agent has must-read
    updates unread; any other state as asked.
    """
    if state is not AgentState.READY:
        return state, None
    user = session.get(User, profile.user_id)
    assert user is not None  # a foreign key
    if updates.unread_must_reads(session=session, user=user, now=now):
        return AgentState.NOT_READY, NotReadyReason.MUST_READ.value
    return state, None
