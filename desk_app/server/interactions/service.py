"""Interactions: read and edit within the caller's work scope, start walk-ins and outbound contacts.

Reps see what is assigned to them plus the queue they could be offered
(queued, unassigned, of their team or of no team); retail staff see their
store's; supervisors their team's; admins all.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.domain.enums import Channel, Direction, InteractionStatus, Role
from desk_app.domain.pan import mask_pans
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, NotFound, Problem, VersionConflict
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import commit_versioned, ensure_version
from desk_app.server.customers import service as customers
from desk_app.server.interactions import acw
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import (
    WRAP_UP_ONLY,
    InteractionAnnotate,
    InteractionCreate,
    InteractionRead,
    InteractionUpdate,
    ScriptTrail,
)
from desk_app.server.users.assignment import reassign
from desk_app.server.users.models import User

_S = InteractionStatus
# Where each status may go next; routing drives queued/offered, the desk the rest.
TRANSITIONS: dict[InteractionStatus, frozenset[InteractionStatus]] = {
    _S.QUEUED: frozenset({_S.OFFERED, _S.ACTIVE, _S.ABANDONED}),
    _S.OFFERED: frozenset({_S.QUEUED, _S.ACTIVE, _S.ABANDONED}),
    _S.ACTIVE: frozenset({_S.WRAP_UP, _S.DONE}),
    _S.WRAP_UP: frozenset({_S.DONE}),
    _S.DONE: frozenset(),
    _S.ABANDONED: frozenset(),
}
_FREE_TEXT = frozenset({"subject", "wrap_notes", "category", "disposition"})
_DESK_CHANNELS = {Channel.WALK_IN, Channel.VOICE, Channel.EMAIL}


def _visibility(user: User) -> ColumnElement[bool]:
    scoped = scope_filter(
        user,
        Resource.WORK,
        own=Interaction.assigned_agent_id,
        team=Interaction.team_id,
        store=Interaction.store_id,
    )
    if scope_of(user.role, Resource.WORK) is not Scope.OWN:
        return scoped
    queue = and_(
        Interaction.status == InteractionStatus.QUEUED,
        Interaction.assigned_agent_id.is_(None),
        or_(Interaction.team_id.is_(None), Interaction.team_id == user.team_id),
    )
    return or_(scoped, queue)


def visible(
    *,
    user: User,
    status: InteractionStatus | None = None,
    channel: Channel | None = None,
    customer_id: uuid.UUID | None = None,
    assigned_agent_id: uuid.UUID | None = None,
) -> Select[Interaction]:
    """Interactions ``user`` may see, narrowed by the filters given."""
    statement = select(Interaction).where(_visibility(user))
    if status is not None:
        statement = statement.where(Interaction.status == status)
    if channel is not None:
        statement = statement.where(Interaction.channel == channel)
    if customer_id is not None:
        statement = statement.where(Interaction.customer_id == customer_id)
    if assigned_agent_id is not None:
        statement = statement.where(Interaction.assigned_agent_id == assigned_agent_id)
    return statement


def get(*, session: Session, user: User, interaction_id: uuid.UUID) -> Interaction:
    """One interaction, if in the caller's scope."""
    found = session.scalar(visible(user=user).where(Interaction.id == interaction_id))
    if found is None:
        raise NotFound("interaction")
    return found


def create(*, session: Session, user: User, data: InteractionCreate) -> Interaction:
    """Start a walk-in (store staff) or an outbound call or email, assigned to the caller."""
    if data.channel not in _DESK_CHANNELS:
        raise Problem(
            422,
            f"channel: {data.channel} interactions arrive through their gateway",
            type_="/problems/validation",
        )
    walk_in = data.channel is Channel.WALK_IN
    if walk_in and user.store_id is None:
        raise Forbidden("walk-ins are taken at a store terminal")
    if data.customer_id is not None:
        customers.ensure_visible(session=session, user=user, customer_id=data.customer_id)
    if data.id is not None and session.get(Interaction, data.id) is not None:
        raise Problem(409, "an interaction with this id already exists")
    now = utcnow()
    interaction = Interaction(
        channel=data.channel,
        direction=Direction.INBOUND if walk_in else Direction.OUTBOUND,
        status=InteractionStatus.ACTIVE,
        priority=data.priority,
        category=mask_pans(data.category) if data.category else data.category,
        subject=mask_pans(data.subject),
        to_address=data.to_address,
        customer_id=data.customer_id,
        assigned_agent_id=user.id,
        team_id=user.team_id,
        store_id=user.store_id,
        queued_at=now,
        offered_at=now,
        answered_at=now,
    )
    if data.id is not None:
        interaction.id = data.id
    session.add(interaction)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Problem(409, "an interaction with this id already exists") from None
    return interaction


def _move(interaction: Interaction, status: InteractionStatus, now: datetime) -> None:
    """Change status, stamping the time each stage began so the timeline stays consistent."""
    if status == interaction.status:
        return
    if status not in TRANSITIONS[interaction.status]:
        raise Problem(
            422,
            f"status: an interaction cannot go from {interaction.status} to {status}",
            type_="/problems/validation",
        )
    if status is InteractionStatus.OFFERED:
        interaction.offered_at = now
    elif status is InteractionStatus.ACTIVE:
        interaction.answered_at = interaction.answered_at or now
    elif status is InteractionStatus.WRAP_UP:
        interaction.ended_at = interaction.ended_at or now
        acw.stamp_deadline(interaction, now)
    elif status is InteractionStatus.ABANDONED:
        interaction.ended_at = interaction.ended_at or now
    elif status is InteractionStatus.DONE:
        interaction.ended_at = interaction.ended_at or now
        interaction.wrapped_at = now
    interaction.status = status


def changes_of(data: InteractionUpdate) -> dict[str, Any]:
    """The fields ``data`` sets on the interaction itself (not what a wrap-up sets in motion)."""
    return data.model_dump(exclude_unset=True, exclude={"version", *WRAP_UP_ONLY})


def ensure_may_change(user: User, interaction: Interaction) -> None:
    if interaction.assigned_agent_id is None and scope_of(user.role, Resource.WORK) is Scope.OWN:
        raise Forbidden("take the interaction from the queue before changing it")


def update(
    *,
    session: Session,
    user: User,
    interaction: Interaction,
    data: InteractionUpdate,
    address: str,
) -> Interaction:
    """Apply the changed fields, if ``data.version`` is still current; free text is PAN-masked.

    Moving to ``done`` is a wrap-up: :func:`desk_app.server.interactions.wrapup.finish`.
    """
    ensure_version(interaction, data.version, to_read=InteractionRead.model_validate)
    ensure_may_change(user, interaction)
    apply_changes(
        session=session,
        user=user,
        interaction=interaction,
        changes=changes_of(data),
        address=address,
    )
    commit_versioned(session, interaction, to_read=InteractionRead.model_validate)
    return interaction


def apply_changes(
    *,
    session: Session,
    user: User,
    interaction: Interaction,
    changes: dict[str, Any],
    address: str,
) -> None:
    """Set ``changes`` on the interaction in the caller's transaction (the caller commits)."""
    if "customer_id" in changes and changes["customer_id"] not in (
        None,
        interaction.customer_id,
    ):
        customers.ensure_visible(session=session, user=user, customer_id=changes["customer_id"])
    if "assigned_agent_id" in changes:
        agent_id = changes.pop("assigned_agent_id")
        if agent_id != interaction.assigned_agent_id:
            reassign(
                session,
                actor=user,
                item=interaction,
                owner_field="assigned_agent_id",
                new_owner_id=agent_id,
                kind="interaction",
                audit_label="agent_id",
                address=address,
            )
    if "status" in changes:
        _move(interaction, changes.pop("status"), utcnow())
    for field, value in changes.items():
        setattr(interaction, field, mask_pans(value) if field in _FREE_TEXT and value else value)


# Tries at a last-writer-wins edit when another writer (a PBX event) commits in between.
_RACE_TRIES = 3


def _ensure_handler(user: User, interaction: Interaction) -> None:
    """Only the assigned agent, or a manager who sees the interaction, records what was done."""
    if interaction.assigned_agent_id == user.id:
        return
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):  # who sees it is checked by get()
        raise Forbidden("only the agent handling the interaction, or their supervisor, may")


def _last_writer_wins(
    session: Session, interaction: Interaction, changes: dict[str, object]
) -> Interaction:
    """Set ``changes`` on whatever version is current, retrying a lost race on the version."""
    for attempt in range(_RACE_TRIES):
        for field, value in changes.items():
            setattr(interaction, field, value)
        try:
            commit_versioned(session, interaction, to_read=InteractionRead.model_validate)
            return interaction
        except VersionConflict:
            if attempt == _RACE_TRIES - 1:
                raise
    return interaction


def record_script(
    *, session: Session, user: User, interaction: Interaction, data: ScriptTrail
) -> Interaction:
    """Store the desk's script trail, replacing the one before.

    The desk sends the whole trail after each move and its outbox keeps
    the order, so the latest op holds everything the earlier ones did;
    no base version is needed, and a PBX event that bumped the version
    meanwhile is no conflict.
    """
    _ensure_handler(user, interaction)
    trail = [visit.model_dump(mode="json") for visit in data.trail]
    return _last_writer_wins(session, interaction, {"script_trail": trail})


def annotate(
    *, session: Session, user: User, interaction: Interaction, data: InteractionAnnotate
) -> Interaction:
    """Set the category or tags the rep (or a macro) chose.

    Last writer wins rather than a version check: the server bumps an
    active interaction's version with every call event (ringing, held,
    muted), so a check would make nearly every mid-call category switch a
    conflict, while these fields are only ever set by the one agent handling
    it. Tags are stored stripped and each once, in the order given.
    """
    _ensure_handler(user, interaction)
    changes: dict[str, object] = data.model_dump(exclude_unset=True)
    if changes.get("category"):
        changes["category"] = mask_pans(str(changes["category"]))
    if "tags" in changes:
        changes["tags"] = list(dict.fromkeys(str(tag) for tag in data.tags or []))
    return _last_writer_wins(session, interaction, changes)
