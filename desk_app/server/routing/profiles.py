"""Agent profiles: made on demand, seen like shifts, configured by the agent's managers."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import AgentState
from desk_app.server.audit import service as audit
from desk_app.server.core.config import Settings
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.core.versioning import apply_update
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import AgentProfile
from desk_app.server.routing.schemas import AgentProfileRead, AgentProfileUpdate
from desk_app.server.users.models import User


def profile_for(session: Session, user: User, settings: Settings) -> AgentProfile:
    """``user``'s profile, locked for this transaction; made with the default capacities if new.

    Takes the write lock (so two first requests cannot both create one) and
    keeps the profile's team in step with the user's.
    """
    write_lock(session)
    profile = session.scalar(
        select(AgentProfile)
        .where(AgentProfile.user_id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if profile is None:
        profile = AgentProfile(
            user_id=user.id,
            team_id=user.team_id,
            capacity_voice=settings.capacity_voice,
            capacity_chat=settings.capacity_chat,
            capacity_email=settings.capacity_email,
            state=AgentState.OFFLINE,
        )
        session.add(profile)
        session.flush()
    elif profile.team_id != user.team_id:
        profile.team_id = user.team_id
    return profile


def existing(session: Session, user_id: uuid.UUID) -> AgentProfile | None:
    """``user_id``'s profile if they have one, locked (callers took the write lock)."""
    return session.scalar(
        select(AgentProfile)
        .where(AgentProfile.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def follow_team(session: Session, user_id: uuid.UUID, team_id: uuid.UUID | None) -> None:
    """Move the user's profile to their new team, in the caller's transaction."""
    profile = session.scalar(select(AgentProfile).where(AgentProfile.user_id == user_id))
    if profile is not None and profile.team_id != team_id:
        profile.team_id = team_id


def visible(*, user: User, state: AgentState | None = None) -> Select[AgentProfile]:
    """Profiles the caller may see: their own (reps, retail), their team's, or all (admins)."""
    statement = select(AgentProfile).where(
        scope_filter(user, Resource.SHIFT, own=AgentProfile.user_id, team=AgentProfile.team_id)
    )
    if state is not None:
        statement = statement.where(AgentProfile.state == state)
    return statement


def managed_user(session: Session, actor: User, user_id: uuid.UUID) -> User:
    """The active user ``user_id`` names, if ``actor`` manages them (their team, or admins)."""
    target = session.get(User, user_id)
    if (
        target is None
        or not target.active
        or not in_scope(actor, Resource.SHIFT, own=target.id, team=target.team_id)
    ):
        raise NotFound("agent")
    return target


def update(
    *,
    session: Session,
    actor: User,
    user_id: uuid.UUID,
    data: AgentProfileUpdate,
    settings: Settings,
    address: str | None,
) -> AgentProfile:
    """Set an agent's skills, capacities or extension (versioned; audited as ``agent.update``)."""
    target = managed_user(session, actor, user_id)
    profile = profile_for(session, target, settings)
    if data.skills is not None:
        data.skills = list(dict.fromkeys(data.skills))  # each skill once, in the order given
    extension = data.extension
    if extension is not None and extension != profile.extension:
        holder = session.scalar(
            select(AgentProfile.user_id).where(AgentProfile.extension == extension)
        )
        if holder is not None:
            session.rollback()
            raise Problem(409, f"extension {extension} already belongs to another agent")
    audit.record(
        session,
        actor=actor,
        action="agent.update",
        target_type="agent",
        target_id=target.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    try:
        apply_update(session, profile, data, to_read=AgentProfileRead.model_validate)
    except IntegrityError:
        session.rollback()
        raise Problem(409, f"extension {extension} already belongs to another agent") from None
    return profile
