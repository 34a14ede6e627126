"""What happens to an offer: accepted, declined, missed (timed out) or withdrawn.

Whoever moves an offer out of ``pending`` first, under the write lock and
the offer's row lock, decides what follows; the others find it settled and
step back (a 409 for a desk, nothing for the expiry loop).
"""

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import (
    AgentState,
    Channel,
    InteractionStatus,
    NotReadyReason,
    OfferOutcome,
    StateCause,
)
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing import profiles, states
from desk_app.server.routing.handback import hand_back
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import Offer
from desk_app.server.users.models import User

_log = logging.getLogger(__name__)


def _pending(session: Session, interaction_id: uuid.UUID) -> Offer | None:
    return session.scalar(
        select(Offer)
        .where(Offer.interaction_id == interaction_id, Offer.outcome == OfferOutcome.PENDING)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _lock_interaction(session: Session, interaction_id: uuid.UUID) -> Interaction:
    interaction = session.get(
        Interaction, interaction_id, with_for_update=True, populate_existing=True
    )
    assert interaction is not None  # an offer's foreign key
    return interaction


def _settled_reason(session: Session, user: User, interaction_id: uuid.UUID) -> Problem:
    last = session.scalar(
        select(Offer)
        .where(Offer.interaction_id == interaction_id, Offer.agent_id == user.id)
        .order_by(Offer.offered_at.desc(), Offer.id.desc())
        .limit(1)
    )
    if last is None or last.outcome is OfferOutcome.PENDING:
        if session.get(Interaction, interaction_id) is None:
            return NotFound("interaction")
        return Problem(409, "this interaction is not offered to you")
    return Problem(409, f"the offer is no longer open: it was {last.outcome}")


def _your_offer(session: Session, user: User, interaction_id: uuid.UUID) -> Offer:
    """The pending offer of the interaction to ``user``, locked; else a 409 that says why not."""
    write_lock(session)
    offer = _pending(session, interaction_id)
    if offer is not None and offer.agent_id == user.id:
        if offer.expires_at > utcnow():
            return offer
        problem = Problem(409, "the offer timed out; the interaction goes to the next agent")
    else:
        problem = _settled_reason(session, user, interaction_id)
    session.rollback()  # let go of the write lock now
    raise problem


def accept(
    session: Session, user: User, interaction_id: uuid.UUID, settings: Settings
) -> Interaction:
    """Take the offered interaction: it becomes active and the agent busy.

    A call is then connected to the agent by the telephony adapter; if that
    fails the acceptance stands, and the desk shows the adapter's reason.
    """
    offer = _your_offer(session, user, interaction_id)
    interaction = _lock_interaction(session, interaction_id)
    profile = profiles.profile_for(session, user, settings)
    now = utcnow()
    offer.outcome = OfferOutcome.ACCEPTED
    offer.answered_at = now
    interaction.status = InteractionStatus.ACTIVE
    interaction.answered_at = now
    interaction.offer_expires_at = None
    if profile.state in states.AVAILABLE:
        states.move(session, profile, AgentState.BUSY, cause=StateCause.ROUTING, now=now)
    session.commit()
    if interaction.channel is Channel.VOICE:
        # imported here: telephony imports this module
        from desk_app.server.telephony.control import connect_agent

        connect_agent(session, interaction, user, settings)  # commits its command
    return interaction


def decline(session: Session, user: User, interaction_id: uuid.UUID, settings: Settings) -> None:
    """Refuse the offer: the interaction goes back to the queue, never to this agent again."""
    offer = _your_offer(session, user, interaction_id)
    interaction = _lock_interaction(session, interaction_id)
    hand_back(offer, interaction, OfferOutcome.DECLINED, utcnow())
    session.commit()


def withdraw(session: Session, interaction: Interaction) -> None:
    """Withdraw the interaction's pending offer, if any (the caller hung up); no commit."""
    write_lock(session)
    offer = _pending(session, interaction.id)
    if offer is not None:
        hand_back(offer, interaction, OfferOutcome.WITHDRAWN, utcnow())
    interaction.offer_expires_at = None


_BATCH = 20  # offers expired per transaction (the write lock is taken once for them)


def _miss(session: Session, offer: Offer, now: datetime) -> None:
    """The offer timed out: back to the queue, and its agent not ready (missed offer)."""
    hand_back(offer, _lock_interaction(session, offer.interaction_id), OfferOutcome.MISSED, now)
    profile = profiles.existing(session, offer.agent_id)
    if profile is not None and profile.state in states.ROUTABLE:
        # this hands the agent's other pending offers back, too
        states.move(
            session,
            profile,
            AgentState.NOT_READY,
            reason=NotReadyReason.MISSED_OFFER,
            cause=StateCause.MISSED_OFFER,
            now=now,
        )
    _log.info("offer %s to agent %s missed", offer.id, offer.agent_id)


def _expire_batch(session: Session) -> tuple[int, int]:
    """One transaction: the next few offers past their time; (found, missed)."""
    write_lock(session)
    now = utcnow()
    due = session.scalars(
        select(Offer)
        .where(Offer.outcome == OfferOutcome.PENDING, Offer.expires_at <= now)
        .order_by(Offer.expires_at, Offer.id)
        .limit(_BATCH)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).all()
    missed = 0
    for offer in due:
        if offer.outcome is OfferOutcome.PENDING:  # not withdrawn by an earlier one of the batch
            _miss(session, offer, now)
            missed += 1
    session.commit()
    return len(due), missed


def expire(session_factory: sessionmaker[Session], settings: Settings) -> int:
    """Offers past their time become missed; the agent is set not ready (missed offer).

    A ready agent who does not answer is not left ready to be offered the
    next call. Short transactions of a few offers each; returns how many
    were missed.
    """
    expired = 0
    with session_factory() as session:
        any_due = select(Offer.id).where(
            Offer.outcome == OfferOutcome.PENDING, Offer.expires_at <= utcnow()
        )
        if session.scalar(any_due.limit(1)) is None:
            return 0
        session.rollback()
        found = _BATCH
        while found == _BATCH:
            found, missed = _expire_batch(session)
            expired += missed
    return expired
