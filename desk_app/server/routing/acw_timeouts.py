"""The server's backstop for after-contact work that ran out on a closed desk.

The desk applies its queue's timeout code itself when the wrap-up time runs
out. A desk that was closed or lost meanwhile cannot, so every tick this
step wraps up, with the queue's timeout code and the notes as they are, the
interactions still in wrap-up :data:`GRACE` after their ``acw_deadline_at``,
one transaction each, decided again under the interaction's row lock.
"""

import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import InteractionStatus
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Problem
from desk_app.server.interactions import acw, wrapup
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionUpdate
from desk_app.server.routing.locking import write_lock
from desk_app.server.users.models import User

_log = logging.getLogger(__name__)
GRACE = timedelta(seconds=30)
"""The desk's own timeout comes first; the server steps in only this long after it."""
_BATCH = 20


def _overdue(session: Session, now: datetime) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(Interaction.id)
            .where(
                Interaction.status == InteractionStatus.WRAP_UP,
                Interaction.acw_deadline_at < now - GRACE,
                Interaction.assigned_agent_id.is_not(None),
            )
            .order_by(Interaction.acw_deadline_at)
            .limit(_BATCH)
        )
    )


def _close(session: Session, settings: Settings, interaction_id: uuid.UUID, now: datetime) -> bool:
    write_lock(session)
    interaction = session.scalar(
        select(Interaction)
        .where(Interaction.id == interaction_id, Interaction.status == InteractionStatus.WRAP_UP)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    code = None if interaction is None else acw.queue_of(interaction).acw.timeout_code
    if interaction is None or interaction.assigned_agent_id is None or code is None:
        return False  # wrapped up meanwhile, or being wrapped up by another worker
    agent = session.get(User, interaction.assigned_agent_id)
    assert agent is not None  # a foreign key
    data = InteractionUpdate(
        version=interaction.version,
        status=InteractionStatus.DONE,
        disposition=code,
        timed_out=True,
    )
    wrapup.finish(
        session=session,
        user=agent,
        interaction=interaction,
        data=data,
        address="acw-timeout",
        settings=settings,
        now=now,
    )
    return True


def close_overdue(
    session_factory: sessionmaker[Session], settings: Settings, *, now: datetime | None = None
) -> int:
    """Apply the timeout code to every wrap-up past its deadline and the grace; how many."""
    now = now or utcnow()
    closed = 0
    with session_factory() as session:
        due = _overdue(session, now)
        session.rollback()
        for interaction_id in due:
            try:
                closed += _close(session, settings, interaction_id, now)
            except Problem as problem:
                _log.warning("acw timeout of %s not applied: %s", interaction_id, problem.detail)
            finally:
                session.rollback()  # a no-op after the wrap-up's commit; else let go of the lock
    return closed
