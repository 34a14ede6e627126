"""Presence that tells the truth: what a rep or supervisor may choose, heartbeats, sign-out.

A rep picks ready, not ready (with one of their reasons) or offline; busy,
wrap-up, away and "missed offer" are the system's to set. A desk proves it
is alive with heartbeats: one coming back from offline finds its agent not
ready until the rep picks ready (never silently ready); one active again
after "away" returns to work.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from desk_app.domain.enums import AgentState, NotReadyReason, StateCause
from desk_app.server.audit import service as audit
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Problem
from desk_app.server.routing import must_read, profiles, states
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import AgentProfile
from desk_app.server.users.models import User

CHOOSABLE = frozenset({AgentState.READY, AgentState.NOT_READY, AgentState.OFFLINE})
REP_REASONS = tuple(NotReadyReason)[:5]  # break, lunch, training, meeting, recovery


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def _check_choice(state: AgentState, reason: str | None) -> None:
    if state not in CHOOSABLE:
        raise _invalid(f"state: {state} is set by the system; choose ready, not_ready or offline")
    if state is AgentState.NOT_READY and reason not in REP_REASONS:
        raise _invalid(f"not ready needs a reason ({', '.join(REP_REASONS)})")


def _alive(session: Session, profile: AgentProfile, now: datetime, activity_at: datetime) -> None:
    """Stamp the desk's heartbeat and its user's last activity.

    Written past the ORM's unit of work, so without a version bump or a
    change-feed entry: heartbeats are not news (a state change they cause is).
    """
    session.flush()
    session.execute(
        update(AgentProfile)
        .where(AgentProfile.id == profile.id)
        .values(heartbeat_at=now, activity_at=activity_at)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(profile, "heartbeat_at", now)
    set_committed_value(profile, "activity_at", activity_at)


def _apply_choice(
    session: Session,
    user: User,
    profile: AgentProfile,
    state: AgentState,
    reason: str | None,
    cause: StateCause,
) -> None:
    """Ready means: ready, or busy / wrap-up if the agent has work in hand.

    Not while must-read updates are unread (unless they are at work already).
    """
    now = utcnow()
    if state is AgentState.READY and profile.state not in states.AVAILABLE:
        must_read.check_ready(session, user, now)
    target = states.working_state(session, profile.user_id) if state is AgentState.READY else state
    states.move(session, profile, target, reason=reason, cause=cause, now=now)


def choose(
    *,
    session: Session,
    user: User,
    state: AgentState,
    reason: str | None,
    settings: Settings,
) -> AgentProfile:
    """The rep picks their state (REST or the ``agent.state`` op); the desk is alive, too."""
    _check_choice(state, reason)
    profile = profiles.profile_for(session, user, settings)
    _apply_choice(session, user, profile, state, reason, StateCause.REP)
    if state is not AgentState.OFFLINE:
        now = utcnow()
        _alive(session, profile, now, now)
    session.commit()
    return profile


def supervise(
    *,
    session: Session,
    actor: User,
    user_id: uuid.UUID,
    state: AgentState,
    reason: str | None,
    settings: Settings,
    address: str | None,
) -> AgentProfile:
    """A manager sets a team member's state (audited as ``agent.state``)."""
    _check_choice(state, reason)
    target = profiles.managed_user(session, actor, user_id)
    profile = profiles.profile_for(session, target, settings)
    before = {"state": str(profile.state), "reason": profile.reason}
    _apply_choice(session, target, profile, state, reason, StateCause.SUPERVISOR)
    audit.record(
        session,
        actor=actor,
        action="agent.state",
        target_type="agent",
        target_id=target.id,
        address=address,
        before=before,
        after={"state": str(profile.state), "reason": profile.reason},
    )
    session.commit()
    return profile


def heartbeat(
    *, session: Session, user: User, idle_seconds: float, settings: Settings
) -> AgentProfile:
    """Record that the desk is alive and how long its user has been idle."""
    profile = profiles.profile_for(session, user, settings)
    now = utcnow()
    activity_at = now - timedelta(seconds=idle_seconds)
    if profile.state is AgentState.OFFLINE:
        states.move(session, profile, AgentState.NOT_READY, cause=StateCause.REP, now=now)
    elif profile.state is AgentState.AWAY and activity_at > profile.state_since:
        # only a ready agent goes away, so back means ready (or busy, if work came in)
        target, reason = must_read.settle(
            session, profile, states.working_state(session, profile.user_id), now
        )
        states.move(session, profile, target, reason=reason, cause=StateCause.REP, now=now)
    _alive(session, profile, now, activity_at)
    session.commit()
    return profile


def sign_out(*, session: Session, user: User) -> None:
    """The rep signed out: offline (cause disconnect), pending offers back to the queue."""
    write_lock(session)
    profile = profiles.existing(session, user.id)
    if profile is None:
        return
    states.move(session, profile, AgentState.OFFLINE, cause=StateCause.DISCONNECT, now=utcnow())
    session.commit()
