"""The presence sweeper: what time alone changes about an agent.

- no heartbeat for ``heartbeat_timeout_seconds``: offline (cause disconnect),
  pending offers back to the queue; no ghost agents;
- ready but idle for ``away_after_seconds``: away (cause timeout);
- ready, busy or wrap-up not matching the work in hand (a call ended, a chat
  was wrapped up): put right (cause routing), but not ready (``must_read``)
  rather than ready while must-read updates are unread;
- not ready past ``not_ready_max_minutes[reason]`` less
  ``not_ready_warn_seconds``: ``warned_at`` (the rep's desk warns); past the
  maximum: ``overdue_at`` (the supervisor's desk alerts, and a log line).

Short transactions of a few agents each, decided again under the locks, so
any number of workers may sweep at once.
"""

import logging
import uuid
from datetime import datetime, timedelta
from enum import Enum
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import AgentState, InteractionStatus, StateCause
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing import must_read, states
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import AgentProfile

_log = logging.getLogger(__name__)
_BATCH = 20  # agents changed per transaction
_PRESENCE_COLUMNS = (
    AgentProfile.id,
    AgentProfile.user_id,
    AgentProfile.state,
    AgentProfile.reason,
    AgentProfile.state_since,
    AgentProfile.heartbeat_at,
    AgentProfile.activity_at,
    AgentProfile.warned_at,
    AgentProfile.overdue_at,
)


class _Due(Enum):
    OFFLINE = "offline"
    AWAY = "away"
    WORK = "work"
    WARN = "warn"
    OVERDUE = "overdue"


def _due(
    profile: AgentProfile, now: datetime, settings: Settings, work: AgentState | None
) -> _Due | None:
    """What time has made of ``profile`` (or a row of :data:`_PRESENCE_COLUMNS`).

    ``work`` is the state the agent's work in hand implies.
    """
    if profile.state is AgentState.OFFLINE:
        return None
    seen = profile.heartbeat_at or profile.state_since
    if now - seen > timedelta(seconds=settings.heartbeat_timeout_seconds):
        return _Due.OFFLINE
    if profile.state is AgentState.READY:
        active = max(profile.activity_at or seen, profile.state_since)
        if now - active > timedelta(seconds=settings.away_after_seconds):
            return _Due.AWAY
    if profile.state in states.AVAILABLE and work is not None and work is not profile.state:
        return _Due.WORK
    limit_minutes = settings.not_ready_max_minutes.get(profile.reason or "")
    if profile.state is AgentState.NOT_READY and limit_minutes is not None:
        spent = now - profile.state_since
        limit = timedelta(minutes=limit_minutes)
        if spent > limit and profile.overdue_at is None:
            return _Due.OVERDUE
        warn = limit - timedelta(seconds=settings.not_ready_warn_seconds)
        if spent > warn and profile.warned_at is None:
            return _Due.WARN
    return None


def _apply(
    session: Session,
    profile: AgentProfile,
    settings: Settings,
    now: datetime,
    work: AgentState | None,
) -> bool:
    """Apply what is due to ``profile`` (locked), decided again on what it is now."""
    due = _due(profile, now, settings, work)
    if due is None:
        return False
    if due is _Due.OFFLINE:
        states.move(session, profile, AgentState.OFFLINE, cause=StateCause.DISCONNECT, now=now)
    elif due is _Due.AWAY:
        states.move(session, profile, AgentState.AWAY, cause=StateCause.TIMEOUT, now=now)
    elif due is _Due.WORK:
        assert work is not None
        target, reason = must_read.settle(session, profile, work, now)
        states.move(session, profile, target, reason=reason, cause=StateCause.ROUTING, now=now)
    elif due is _Due.WARN:
        profile.warned_at = now
    else:
        profile.overdue_at = now
        profile.warned_at = profile.warned_at or now
        _log.warning(
            "agent %s: not ready (%s) longer than %s minutes",
            profile.user_id,
            profile.reason,
            settings.not_ready_max_minutes[profile.reason or ""],
        )
    return True


def _work_states(
    session: Session, user_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, AgentState]:
    """Per agent (of ``user_ids``, or all) with work in hand, the state it implies.

    Agents not in the answer have none: ready.
    """
    held: dict[uuid.UUID, set[InteractionStatus]] = {}
    statement = (
        select(Interaction.assigned_agent_id, Interaction.status)
        .where(
            Interaction.assigned_agent_id.is_not(None),
            Interaction.status.in_((InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)),
        )
        .group_by(Interaction.assigned_agent_id, Interaction.status)
    )
    if user_ids is not None:
        statement = statement.where(Interaction.assigned_agent_id.in_(user_ids))
    rows = session.execute(statement)
    for agent_id, status in rows:
        if agent_id is not None:
            held.setdefault(agent_id, set()).add(status)
    return {agent_id: states.state_for_work(statuses) for agent_id, statuses in held.items()}


def sweep(session_factory: sessionmaker[Session], settings: Settings) -> int:
    """Apply what time has changed to every agent not offline; how many changed.

    Decided first on plain rows without locks (this runs every tick), then
    again under the write lock and the profiles' row locks, a few agents
    per transaction.
    """
    with session_factory() as session:
        rows = session.execute(
            select(*_PRESENCE_COLUMNS).where(AgentProfile.state != AgentState.OFFLINE)
        ).all()
        work = _work_states(session) if rows else {}
        now = utcnow()
        due = [
            row.id
            for row in rows
            if _due(cast(AgentProfile, row), now, settings, work.get(row.user_id, AgentState.READY))
            is not None
        ]
        session.rollback()
        changed = 0
        for start in range(0, len(due), _BATCH):
            write_lock(session)
            locked = session.scalars(
                select(AgentProfile)
                .where(AgentProfile.id.in_(due[start : start + _BATCH]))
                .order_by(AgentProfile.id)
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            ).all()
            if not locked:
                continue  # another worker is sweeping them
            now = utcnow()
            work = _work_states(session, [profile.user_id for profile in locked])
            changed += sum(
                _apply(
                    session,
                    profile,
                    settings,
                    now,
                    work.get(profile.user_id, AgentState.READY)
                    if profile.state in states.AVAILABLE
                    else None,
                )
                for profile in locked
            )
            session.commit()
    return changed
