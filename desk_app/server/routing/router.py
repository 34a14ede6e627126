"""The router: the most urgent, longest-waiting interaction to the longest-idle agent fit for it.

One pass (:func:`route`) reads the agents who could take work and walks the
queue, most urgent first, without locks, matching in memory. The matches
are then offered in short transactions of a few offers each, which take the
write lock (:func:`~desk_app.server.routing.locking.write_lock`: the change
log's lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and check each
match again under row locks:

- the interaction, ``FOR UPDATE SKIP LOCKED`` and still queued and unassigned;
- the agent's profile, ``FOR UPDATE SKIP LOCKED`` (a locked agent is skipped
  for the next one) and still ready or busy, with their work counted again.

So any number of workers may route at once: none can offer one interaction
twice or push an agent over capacity. A pass with nothing to offer takes no
lock at all.
The partial unique index on pending offers is the last line of defence: a
clash there skips the interaction.
"""

import heapq
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, and_, case, false, func, literal, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desk_app.domain.enums import Channel, InteractionStatus, OfferOutcome, Priority
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.routing.states import OPEN_WORK, ROUTABLE
from desk_app.server.users.models import User

_log = logging.getLogger(__name__)

# Which capacity each routed channel uses (walk-ins are never routed).
CAPACITY: dict[Channel, str] = {
    Channel.VOICE: "capacity_voice",
    Channel.CHAT: "capacity_chat",
    Channel.EMAIL: "capacity_email",
    Channel.TICKET: "capacity_email",
}
_RANK = case(
    {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3},
    value=Interaction.priority,
    else_=4,
)
_REFUSED = (OfferOutcome.DECLINED, OfferOutcome.MISSED)
_PAGE = 100  # queued interactions read at a time, most urgent first
# Offers per transaction. Every writer takes the change log's lock, so it is
# the bottleneck in a rush: taken once for a few offers rather than once per
# offer, the router keeps up on two cores, and each offer is still checked
# under its interaction's and its agent's row locks.
_BATCH = 20
_TRIES = 5  # agents tried for one interaction before it waits for the next pass
_Key = tuple[int, datetime, uuid.UUID]  # where an interaction stands in the queue
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Waiting:
    """A queued interaction, as far as matching needs it."""

    id: uuid.UUID
    channel: Channel
    skill: str | None
    team_id: uuid.UUID | None
    requested_agent_id: uuid.UUID | None


@dataclass
class _Agent:
    """A ready or busy agent: what they can take and how much they hold per capacity."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None
    skills: frozenset[str]
    capacity: dict[str, int]
    idle_since: datetime | None
    load: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, profile: AgentProfile, load: dict[str, int]) -> "_Agent":
        """From a profile, or a row of its columns (:data:`_POOL_COLUMNS`)."""
        return cls(
            user_id=profile.user_id,
            team_id=profile.team_id,
            skills=frozenset(str(skill) for skill in profile.skills),
            capacity={name: getattr(profile, name) for name in set(CAPACITY.values())},
            idle_since=profile.idle_since,
            load=dict(load),
        )

    def has_room(self, capacity: str) -> bool:
        return self.load.get(capacity, 0) < self.capacity[capacity]

    def fits(self, item: _Waiting) -> bool:
        """May take ``item``: the agent it asks for, else the skill and team.

        An interaction that names an agent (a CTI event with their extension)
        goes to that agent only, whatever their skills and team.
        """
        if item.requested_agent_id is not None:
            return item.requested_agent_id == self.user_id
        if item.skill is not None and item.skill not in self.skills:
            return False
        return item.team_id is None or item.team_id == self.team_id

    def order(self) -> tuple[int, datetime, uuid.UUID]:
        """Least work first, then the longest idle."""
        return sum(self.load.values()), self.idle_since or _NEVER, self.user_id


_POOL_COLUMNS = (
    AgentProfile.user_id,
    AgentProfile.team_id,
    AgentProfile.skills,
    AgentProfile.capacity_voice,
    AgentProfile.capacity_chat,
    AgentProfile.capacity_email,
    AgentProfile.idle_since,
)


def _load_pool(session: Session) -> dict[uuid.UUID, _Agent]:
    """The ready and busy agents, with the work they hold (plain rows: this runs every tick)."""
    profiles = session.execute(
        select(*_POOL_COLUMNS)
        .join(User, User.id == AgentProfile.user_id)
        .where(AgentProfile.state.in_(ROUTABLE), User.active.is_(True))
    ).all()
    if not profiles:
        return {}
    loads: dict[uuid.UUID, dict[str, int]] = {}
    rows = session.execute(
        select(Interaction.assigned_agent_id, Interaction.channel, func.count())
        .join(AgentProfile, AgentProfile.user_id == Interaction.assigned_agent_id)
        .where(AgentProfile.state.in_(ROUTABLE), Interaction.status.in_(OPEN_WORK))
        .group_by(Interaction.assigned_agent_id, Interaction.channel)
    )
    for agent_id, channel, count in rows:
        if agent_id is not None and channel in CAPACITY:
            per_agent = loads.setdefault(agent_id, {})
            per_agent[CAPACITY[channel]] = per_agent.get(CAPACITY[channel], 0) + int(count)
    return {p.user_id: _Agent.of(cast(AgentProfile, p), loads.get(p.user_id, {})) for p in profiles}


def _load_refusals(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Per interaction of ``ids``, the agents who declined or missed it."""
    rows = session.execute(
        select(Offer.interaction_id, Offer.agent_id).where(
            Offer.interaction_id.in_(ids), Offer.outcome.in_(_REFUSED)
        )
    )
    refused: dict[uuid.UUID, set[uuid.UUID]] = {}
    for interaction_id, agent_id in rows:
        refused.setdefault(interaction_id, set()).add(agent_id)
    return refused


def _lock_agent(
    session: Session, user_id: uuid.UUID, item: Interaction
) -> tuple[AgentProfile, int] | None:
    """The agent's profile, locked, with the work they hold on the item's capacity.

    None if they are no longer available, refused the item before, or another
    worker holds their lock (``SKIP LOCKED``: the router tries the next agent).
    """
    channels = [c for c, name in CAPACITY.items() if name == CAPACITY[item.channel]]
    held = (
        select(func.count())
        .where(
            Interaction.assigned_agent_id == AgentProfile.user_id,
            Interaction.status.in_(OPEN_WORK),
            Interaction.channel.in_(channels),
        )
        .scalar_subquery()
    )
    refused = (
        select(Offer.id)
        .where(
            Offer.interaction_id == item.id,
            Offer.agent_id == AgentProfile.user_id,
            Offer.outcome.in_(_REFUSED),
        )
        .exists()
    )
    row = session.execute(
        select(AgentProfile, held)
        .join(User, User.id == AgentProfile.user_id)
        .where(
            AgentProfile.user_id == user_id,
            AgentProfile.state.in_(ROUTABLE),
            User.active.is_(True),
            ~refused,
        )
        .with_for_update(skip_locked=True, of=AgentProfile)
        .execution_options(populate_existing=True)
    ).first()
    return None if row is None else (row[0], int(row[1]))


def _waiting(interaction: Interaction) -> _Waiting:
    return _Waiting(
        interaction.id,
        interaction.channel,
        interaction.skill,
        interaction.team_id,
        interaction.requested_agent_id,
    )


def _offer(
    session: Session,
    settings: Settings,
    interaction: Interaction,
    candidates: list[_Agent],
    pool: dict[uuid.UUID, _Agent],
    added: Counter[tuple[uuid.UUID, str]],
) -> _Agent | None:
    """Offer the locked ``interaction`` to the first candidate still fit for it.

    Each candidate is checked again under their profile's lock, their work
    counted in the database plus what this transaction gave them so far
    (``added``). None if nobody could take it.
    """
    item = _waiting(interaction)
    capacity = CAPACITY[item.channel]
    for candidate in candidates:
        locked = _lock_agent(session, candidate.user_id, interaction)
        if locked is None:  # not available, locked by another writer, or refused it
            pool.pop(candidate.user_id, None)  # left out for the rest of this pass
            continue
        profile, held = locked
        agent = _Agent.of(
            profile, {**candidate.load, capacity: held + added[(profile.user_id, capacity)]}
        )
        candidate.capacity, candidate.load = agent.capacity, agent.load
        if not (agent.has_room(capacity) and agent.fits(item)):
            continue
        _make_offer(session, settings, interaction, agent.user_id)
        added[(agent.user_id, capacity)] += 1
        candidate.load[capacity] = candidate.load.get(capacity, 0) + 1
        return candidate
    return None


def _make_offer(
    session: Session, settings: Settings, interaction: Interaction, agent_id: uuid.UUID
) -> None:
    now = utcnow()
    expires_at = now + timedelta(seconds=settings.offer_timeout_seconds)
    session.add(
        Offer(
            interaction_id=interaction.id, agent_id=agent_id, offered_at=now, expires_at=expires_at
        )
    )
    interaction.status = InteractionStatus.OFFERED
    interaction.assigned_agent_id = agent_id
    interaction.offered_at = now
    interaction.offer_expires_at = expires_at


def offer_to_requested_agent(
    session: Session, settings: Settings, interaction: Interaction
) -> bool:
    """Offer a just-queued interaction that names its agent, in the transaction that queues it.

    A call rung to an agent's extension can go to nobody else, so no other
    agent's queue order is at stake: offering it at once, under the same
    checks as the router (the agent's profile locked, ready or busy, with
    room on the channel), spares the intake a second transaction and the
    agent's desk a second change, which is most of a screen pop's wait. An
    agent who cannot take it now leaves it queued for the router.
    """
    agent_id = interaction.requested_agent_id
    if agent_id is None or interaction.channel not in CAPACITY:
        return False
    with session.no_autoflush:  # a new interaction's row is then written once, offered
        locked = _lock_agent(session, agent_id, interaction)
    if locked is None:
        return False
    profile, held = locked
    capacity = CAPACITY[interaction.channel]
    agent = _Agent.of(profile, {capacity: held})
    if not (agent.has_room(capacity) and agent.fits(_waiting(interaction))):
        return False
    _make_offer(session, settings, interaction, agent_id)
    return True


def _open_channels(pool: dict[uuid.UUID, _Agent]) -> set[Channel]:
    """Channels some agent of the pool still has room for."""
    return {
        channel
        for channel, capacity in CAPACITY.items()
        if any(agent.has_room(capacity) for agent in pool.values())
    }


def _servable(pool: dict[uuid.UUID, _Agent]) -> ColumnElement[bool]:
    """Queued interactions some agent with room could take: the queue read skips the rest."""
    clauses = []
    for capacity in set(CAPACITY.values()):
        agents = [agent for agent in pool.values() if agent.has_room(capacity)]
        if not agents:
            continue
        skills = set().union(*(agent.skills for agent in agents))
        teams = {agent.team_id for agent in agents if agent.team_id is not None}
        clauses.append(
            and_(
                Interaction.channel.in_([c for c, name in CAPACITY.items() if name == capacity]),
                or_(
                    Interaction.requested_agent_id.is_not(None),  # few: matched in memory
                    and_(
                        or_(Interaction.skill.is_(None), Interaction.skill.in_(skills)),
                        or_(Interaction.team_id.is_(None), Interaction.team_id.in_(teams)),
                    ),
                ),
            )
        )
    return or_(false(), *clauses)


def _read_queue(
    session: Session, pool: dict[uuid.UUID, _Agent], after: _Key | None
) -> list[tuple[_Key, _Waiting]]:
    """The next page of the queue after ``after`` that the pool could serve (no locks)."""
    statement = (
        select(
            _RANK,
            Interaction.queued_at,
            Interaction.id,
            Interaction.channel,
            Interaction.skill,
            Interaction.team_id,
            Interaction.requested_agent_id,
        )
        .where(
            Interaction.status == InteractionStatus.QUEUED,
            Interaction.assigned_agent_id.is_(None),
            _servable(pool),
        )
        .order_by(_RANK, Interaction.queued_at, Interaction.id)
        .limit(_PAGE)
    )
    if after is not None:
        rank, queued_at, last_id = after
        statement = statement.where(
            tuple_(_RANK, Interaction.queued_at, Interaction.id)
            > tuple_(
                literal(rank),
                literal(queued_at, Interaction.queued_at.type),
                literal(last_id, Interaction.id.type),
            )
        )
    return [
        ((rank, queued_at, id_), _Waiting(id_, *rest))
        for rank, queued_at, id_, *rest in session.execute(statement)
    ]


def _candidates(
    pool: dict[uuid.UUID, _Agent], item: _Waiting, refused: set[uuid.UUID]
) -> list[_Agent]:
    """The few best agents to take ``item``, best first, as far as this pass knows."""
    capacity = CAPACITY[item.channel]
    return heapq.nsmallest(
        _TRIES,
        (
            agent
            for agent in pool.values()
            if agent.has_room(capacity) and agent.fits(item) and agent.user_id not in refused
        ),
        key=_Agent.order,
    )


def _offer_batch(
    session: Session,
    settings: Settings,
    pool: dict[uuid.UUID, _Agent],
    items: list[_Waiting],
    refusals: dict[uuid.UUID, set[uuid.UUID]],
) -> int | None:
    """One transaction: offer ``items`` (most urgent first) as far as agents can take them.

    The interactions are locked ``FOR UPDATE SKIP LOCKED`` and must still be
    queued and unassigned; one taken meanwhile by another worker is passed
    over. Returns how many offers were made, or None if every one was taken
    (another worker is routing this stretch of the queue right now).
    """
    write_lock(session)
    locked = {
        interaction.id: interaction
        for interaction in session.scalars(
            select(Interaction)
            .where(
                Interaction.id.in_([item.id for item in items]),
                Interaction.status == InteractionStatus.QUEUED,
                Interaction.assigned_agent_id.is_(None),
            )
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    }
    if not locked:
        return None
    added: Counter[tuple[uuid.UUID, str]] = Counter()
    made = 0
    with session.no_autoflush:  # one flush for the batch, at the commit
        for item in items:
            interaction = locked.get(item.id)
            if interaction is None or interaction.channel not in CAPACITY:
                continue
            candidates = _candidates(pool, _waiting(interaction), refusals.get(item.id, set()))
            if candidates and _offer(session, settings, interaction, candidates, pool, added):
                made += 1
    if made:
        try:
            session.commit()
        except (IntegrityError, StaleDataError):
            session.rollback()
            _log.info("offers clashed with another writer; the next pass tries again")
            return 0
    return made


def route(session_factory: sessionmaker[Session], settings: Settings, *, limit: int = 100) -> int:
    """Make up to ``limit`` offers, most urgent and oldest interaction first; how many were made.

    Each interaction goes to the agent with the least work, then the longest
    idle, among the ready or busy agents with room on its channel, its skill
    (if it needs one) and its team (if it has one), who have not declined or
    missed it before. The pass ends when the agents are full, ``limit``
    offers are made or the queue has nothing more for them.
    """
    made = 0
    with session_factory() as session:
        pool = _load_pool(session)
        after: _Key | None = None
        while made < limit and _open_channels(pool):
            page = _read_queue(session, pool, after)
            refusals = _load_refusals(session, [item.id for _key, item in page])
            session.rollback()
            picked: list[_Waiting] = []
            for key, item in page:
                after = key
                if _candidates(pool, item, refusals.get(item.id, set())):
                    picked.append(item)
                    if len(picked) == min(_BATCH, limit - made):
                        break
            if picked:
                try:
                    offered = _offer_batch(session, settings, pool, picked, refusals)
                finally:
                    session.rollback()  # a no-op after a commit; else let go of the locks
                if offered is None:
                    break  # another worker is ahead of this one: leave the queue to it
                made += offered
            if len(page) < _PAGE and (not page or after == page[-1][0]):
                break
    return made
