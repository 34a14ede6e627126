"""An agent's state and its log: every change closes one stretch and opens the next, with a cause.

The one place an agent's state changes, whoever asks (the rep, a supervisor,
the router, the sweeper, sign-out), so the profile, the log and the offers
never disagree. Callers take :func:`~desk_app.server.routing.locking.write_lock`
first and commit afterwards.
"""

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState, InteractionStatus, OfferOutcome, StateCause
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.handback import hand_back
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.users.models import AgentStateChange

# The router offers work to these; a busy agent still has room on other channels.
ROUTABLE = (AgentState.READY, AgentState.BUSY)
# What the agent's work decides (the sweeper and accepting an offer move them between these).
AVAILABLE = frozenset({AgentState.READY, AgentState.BUSY, AgentState.WRAP_UP})
# Leaving for one of these hands pending offers back to the queue.
UNAVAILABLE = frozenset({AgentState.NOT_READY, AgentState.AWAY, AgentState.OFFLINE})
# Work that takes up an agent's capacity.
OPEN_WORK = (InteractionStatus.OFFERED, InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)


def working_state(session: Session, user_id: uuid.UUID) -> AgentState:
    """What an available agent is, by their work: busy (something active), wrap-up, or ready."""
    statuses = set(
        session.scalars(
            select(Interaction.status)
            .where(
                Interaction.assigned_agent_id == user_id,
                Interaction.status.in_((InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)),
            )
            .group_by(Interaction.status)
        )
    )
    return state_for_work(statuses)


def state_for_work(statuses: set[InteractionStatus]) -> AgentState:
    """The available state the statuses of an agent's active work imply."""
    if InteractionStatus.ACTIVE in statuses:
        return AgentState.BUSY
    if InteractionStatus.WRAP_UP in statuses:
        return AgentState.WRAP_UP
    return AgentState.READY


def withdraw_pending(session: Session, user_id: uuid.UUID, now: datetime) -> int:
    """Hand every pending offer to ``user_id`` back to the queue; how many there were."""
    offers = session.scalars(
        select(Offer)
        .where(Offer.agent_id == user_id, Offer.outcome == OfferOutcome.PENDING)
        .order_by(Offer.id)
        .with_for_update()
    ).all()
    for offer in offers:
        interaction = session.get(
            Interaction, offer.interaction_id, with_for_update=True, populate_existing=True
        )
        assert interaction is not None  # a foreign key
        hand_back(offer, interaction, OfferOutcome.WITHDRAWN, now)
    return len(offers)


def move(
    session: Session,
    profile: AgentProfile,
    state: AgentState,
    *,
    cause: StateCause,
    now: datetime,
    reason: str | None = None,
) -> AgentStateChange | None:
    """Put the agent in ``state`` (``reason`` only for not ready); None if they already are.

    Going ready starts the agent's idle time; going not ready, away or offline
    hands their pending offers back to the queue; any change clears the
    not-ready warning and alert.
    """
    reason = reason if state is AgentState.NOT_READY else None
    if profile.state is state and profile.reason == reason:
        return None
    if state in UNAVAILABLE:
        withdraw_pending(session, profile.user_id, now)
    with session.no_autoflush:  # the changes so far go in the one flush at the commit
        session.execute(
            update(AgentStateChange)
            .where(AgentStateChange.user_id == profile.user_id, AgentStateChange.ended_at.is_(None))
            .values(ended_at=now)
        )
    change = AgentStateChange(
        user_id=profile.user_id, state=state, reason=reason, cause=cause, started_at=now
    )
    session.add(change)
    profile.state = state
    profile.reason = reason
    profile.state_since = now
    profile.warned_at = None
    profile.overdue_at = None
    if state is AgentState.READY:
        profile.idle_since = now
    return change
