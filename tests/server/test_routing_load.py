"""The routing proof: 4 server workers on PostgreSQL, 200 agents, a burst of 2,000 interactions.

Every worker runs the routing loop at once. Simulated agents answer over
HTTP with their own tokens: most accept and finish the work a moment later,
some decline, some let the offer time out (and then pick ready again). The
offer table and the interactions are then checked: no interaction was ever
offered to two agents at once, no agent held more than their capacity at
any instant (from the timestamps, and from samples taken during the run),
nobody was offered what they had refused, and every interaction was offered.
"""

import heapq
import itertools
import os
import random
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    AgentState,
    Channel,
    InteractionStatus,
    OfferOutcome,
    Priority,
    Role,
)
from desk_app.server.core.db import make_engine, utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.migrate import upgrade
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.routing.router import CAPACITY
from tests.support.builders import make_agent, make_team, make_user, token_for
from tests.support.live_server import LiveServer, live_server, new_database
from tests.support.postgres import Cluster

AGENTS = 200
INTERACTIONS = 2000
TEAMS = 4
SKILLS = ("billing", "spanish", "tech")
CAPACITIES = {"capacity_voice": 1, "capacity_chat": 3, "capacity_email": 5}
CHANNELS = [Channel.VOICE] * 3 + [Channel.CHAT] * 4 + [Channel.EMAIL] * 2 + [Channel.TICKET]
OFFER_TIMEOUT = 15.0
DEADLINE = 300.0  # a guard against a hang, not a timing assertion (a run takes 1-2 minutes)
OPEN = (InteractionStatus.OFFERED, InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)
NEVER = datetime.max.replace(tzinfo=UTC)


@pytest.fixture
def server(pg_cluster: Cluster, tmp_path: Path) -> Iterator[tuple[LiveServer, Engine]]:
    url = new_database("postgresql", tmp_path=tmp_path, cluster=pg_cluster)
    engine = make_engine(url)
    upgrade(engine)  # here rather than in a subprocess: the server starts sooner
    env = dict(
        os.environ,
        DESK_DATABASE_URL=url,
        DESK_OFFER_TIMEOUT_SECONDS=str(OFFER_TIMEOUT),
        DESK_ROUTER_INTERVAL_SECONDS="1.0",
        DESK_HEARTBEAT_TIMEOUT_SECONDS="600",  # the simulated desks send no heartbeats
        DESK_AWAY_AFTER_SECONDS="86400",
        DESK_LOG_LEVEL="warning",
    )
    with live_server(env, workers=4) as running:
        yield running, engine
    engine.dispose()


def _staff(engine: Engine, rng: random.Random) -> tuple[dict[uuid.UUID, dict[str, str]], list]:
    """200 ready agents in 4 teams with some skills; their auth headers by user id."""
    headers: dict[uuid.UUID, dict[str, str]] = {}
    with Session(engine) as session:
        teams = [make_team(session, f"Load {n}") for n in range(TEAMS)]
        for n in range(AGENTS):
            user = make_user(session, Role.REP, team=teams[n % TEAMS], username=f"agent{n:03d}")
            skills = [skill for skill in SKILLS if rng.random() < 0.5]
            make_agent(session, user, idle_minutes=rng.uniform(1, 60), skills=skills, **CAPACITIES)
            headers[user.id] = token_for(session, user)
        session.commit()
        return headers, [team.id for team in teams]


def _burst(engine: Engine, rng: random.Random, agents: list[uuid.UUID], teams: list) -> None:
    """2,000 interactions in four quick batches, as a rush would bring them."""
    now = utcnow()
    for batch in range(4):
        with Session(engine) as session:
            for n in range(INTERACTIONS // 4):
                roll = rng.random()
                session.add(
                    Interaction(
                        channel=rng.choice(CHANNELS),
                        priority=rng.choice(list(Priority)),
                        subject=f"load {batch}-{n}",
                        queued_at=now - timedelta(seconds=rng.uniform(0, 600)),
                        skill=rng.choice(SKILLS) if roll < 0.3 else None,
                        team_id=rng.choice(teams) if 0.3 <= roll < 0.5 else None,
                        requested_agent_id=rng.choice(agents) if roll > 0.99 else None,
                    )
                )
            session.commit()


class Desks:
    """The 200 agents' desks: answer each offer once, get ready again after a missed one.

    Answers go over HTTP with the agent's token, from a pool of threads. The
    work an agent accepted ends a moment later, as a call or chat does: the
    test marks it done in the database, many at once (ending work is not
    what is under test, and the server's write lock is better spent on it).
    """

    def __init__(self, base: str, headers: dict[uuid.UUID, dict[str, str]], seed: int) -> None:
        self.base = base
        self.headers = headers
        self.rng = random.Random(seed)
        # a connection per desk, as 200 desks would have: spread over the workers
        self.http = {agent: requests.Session() for agent in headers}
        self.pool = ThreadPoolExecutor(max_workers=24)
        self.answered: set[uuid.UUID] = set()
        self.readying: set[uuid.UUID] = set()
        self.lock = threading.Lock()
        self.ending: list[tuple[float, uuid.UUID]] = []  # (when, interaction), a heap
        self.errors: list[str] = []

    def _call(self, method: str, path: str, agent: uuid.UUID, **kwargs: Any) -> requests.Response:
        try:
            response = self.http[agent].request(
                method, f"{self.base}{path}", headers=self.headers[agent], timeout=30, **kwargs
            )
        except requests.RequestException as exc:
            with self.lock:
                self.errors.append(f"{method} {path}: {exc!r}")
            raise
        if response.status_code >= 500:
            with self.lock:
                self.errors.append(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def offer(self, offer_id: uuid.UUID, interaction_id: uuid.UUID, agent: uuid.UUID) -> None:
        if offer_id in self.answered:
            return
        self.answered.add(offer_id)
        roll = self.rng.random()
        if roll < 0.05:
            return  # not answered: it times out
        verb = "decline" if roll < 0.15 else "accept"
        self.pool.submit(self._answer, verb, interaction_id, agent, self.rng.uniform(0.2, 1.0))

    def _answer(self, verb: str, interaction_id: uuid.UUID, agent: uuid.UUID, work: float) -> None:
        response = self._call("POST", f"/interactions/{interaction_id}/{verb}", agent)
        if verb == "accept" and response.status_code == 200:  # a 409 (timed out) is an answer too
            with self.lock:
                heapq.heappush(self.ending, (time.monotonic() + work, interaction_id))

    def missed(self, agent: uuid.UUID) -> None:
        with self.lock:
            if agent in self.readying:
                return
            self.readying.add(agent)
        self.pool.submit(self._ready_again, agent)

    def _ready_again(self, agent: uuid.UUID) -> None:
        self._call("PUT", "/presence/state", agent, json={"state": "ready"})
        with self.lock:
            self.readying.discard(agent)

    def end_work(self, session: Session) -> None:
        """The work whose time is up ends (done), in one transaction."""
        due: list[uuid.UUID] = []
        with self.lock:
            while self.ending and self.ending[0][0] <= time.monotonic():
                due.append(heapq.heappop(self.ending)[1])
        if not due:
            return
        now = utcnow()
        for interaction in session.scalars(select(Interaction).where(Interaction.id.in_(due))):
            interaction.status = InteractionStatus.DONE
            interaction.ended_at = interaction.wrapped_at = now
        session.commit()


def _over_capacity_now(session: Session, capacity: dict[uuid.UUID, dict[str, int]]) -> list[str]:
    """Agents holding more than their capacity, in one statement's snapshot."""
    rows = session.execute(
        select(Interaction.assigned_agent_id, Interaction.channel, func.count())
        .where(Interaction.status.in_(OPEN), Interaction.assigned_agent_id.is_not(None))
        .group_by(Interaction.assigned_agent_id, Interaction.channel)
    )
    held: dict[tuple[uuid.UUID, str], int] = defaultdict(int)
    for agent, channel, count in rows:
        held[(agent, CAPACITY[channel])] += count
    return [
        f"{agent} holds {count} on {name}"
        for (agent, name), count in held.items()
        if count > capacity[agent][name]
    ]


def _run(server: LiveServer, engine: Engine) -> list[str]:
    """Drive the desks until every interaction has been offered; capacity samples on the way."""
    rng = random.Random(5)
    headers, teams = _staff(engine, rng)
    with Session(engine) as session:
        capacity = {
            p.user_id: {name: getattr(p, name) for name in CAPACITIES}
            for p in session.scalars(select(AgentProfile))
        }
    desks = Desks(server.base, headers, seed=7)
    _burst(engine, rng, list(headers), teams)
    samples: list[str] = []
    deadline = time.monotonic() + DEADLINE
    rounds = 0
    with Session(engine) as session:
        while time.monotonic() < deadline:
            pending = session.execute(
                select(Offer.id, Offer.interaction_id, Offer.agent_id).where(
                    Offer.outcome == OfferOutcome.PENDING
                )
            ).all()
            for offer_id, interaction_id, agent in pending:
                desks.offer(offer_id, interaction_id, agent)
            for agent in session.scalars(
                select(AgentProfile.user_id).where(AgentProfile.state == AgentState.NOT_READY)
            ):
                desks.missed(agent)
            if rounds % 3 == 0:
                samples += _over_capacity_now(session, capacity)
            rounds += 1
            desks.end_work(session)
            offered = session.scalar(select(func.count(func.distinct(Offer.interaction_id))))
            session.rollback()  # the next round reads what is committed by then
            if offered == INTERACTIONS:
                break
            time.sleep(0.2)
    desks.pool.shutdown(wait=True)
    return samples + desks.errors


def _overlapping_offers(offers: list[Offer]) -> list[str]:
    """Offers of one interaction whose pending stretches [offered_at, answered_at) overlap."""
    by_interaction: dict[uuid.UUID, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_interaction[offer.interaction_id].append(offer)
    wrong = []
    for interaction_id, made in by_interaction.items():
        made.sort(key=lambda o: o.offered_at)
        for before, after in itertools.pairwise(made):
            if before.answered_at is None or before.answered_at > after.offered_at:
                wrong.append(f"{interaction_id}: offers {before.id} and {after.id} overlap")
    return wrong


def _over_capacity_ever(
    offers: list[Offer], interactions: dict[uuid.UUID, Interaction], profiles: dict
) -> list[str]:
    """Replay every offer's hold on its agent (offered until refused, or until the work ended)."""
    events: dict[tuple[uuid.UUID, str], list[tuple[datetime, int]]] = defaultdict(list)
    for offer in offers:
        interaction = interactions[offer.interaction_id]
        if offer.outcome is OfferOutcome.ACCEPTED:
            end = interaction.wrapped_at or NEVER
        else:
            end = offer.answered_at or NEVER
        key = (offer.agent_id, CAPACITY[interaction.channel])
        events[key] += [(offer.offered_at, +1), (end, -1)]
    wrong = []
    for (agent, name), stream in events.items():
        held = 0
        for _at, step in sorted(stream):  # at one instant, an end (-1) sorts before a start
            held += step
            if held > getattr(profiles[agent], name):
                wrong.append(f"agent {agent} held {held} on {name}")
                break
    return wrong


def _unfit_offers(
    offers: list[Offer], interactions: dict[uuid.UUID, Interaction], profiles: dict
) -> list[str]:
    """Offers to an agent without the skill, of another team, not the one asked for, or refused."""
    wrong = []
    refused: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for offer in sorted(offers, key=lambda o: o.offered_at):
        item, agent = interactions[offer.interaction_id], profiles[offer.agent_id]
        pair = (item.id, agent.user_id)
        if item.requested_agent_id is not None:
            fit = item.requested_agent_id == agent.user_id
        else:
            fit = (item.skill is None or item.skill in agent.skills) and (
                item.team_id is None or item.team_id == agent.team_id
            )
        if not fit or pair in refused:
            wrong.append(f"offer {offer.id} should not have gone to {agent.user_id}")
        if offer.outcome in (OfferOutcome.DECLINED, OfferOutcome.MISSED):
            refused.add(pair)
    return wrong


def test_four_workers_route_a_burst_of_2000_interactions_to_200_agents(
    server: tuple[LiveServer, Engine],
) -> None:
    running, engine = server
    during = _run(running, engine)
    running.process.terminate()
    running.process.wait(timeout=30)
    assert running.process.stderr is not None
    log = running.process.stderr.read()
    assert "Traceback" not in log, log[-4000:]
    with Session(engine) as session:
        offers = list(session.scalars(select(Offer)))
        interactions = {i.id: i for i in session.scalars(select(Interaction))}
        profiles = {p.user_id: p for p in session.scalars(select(AgentProfile))}
    assert during == []
    assert len({o.interaction_id for o in offers}) == INTERACTIONS  # every one was offered
    outcomes = {outcome: sum(o.outcome is outcome for o in offers) for outcome in OfferOutcome}
    # the run exercised every path: answers, refusals and time-outs
    assert min(outcomes[o] for o in (OfferOutcome.ACCEPTED, OfferOutcome.DECLINED)) > 100
    assert outcomes[OfferOutcome.MISSED] > 20
    assert _overlapping_offers(offers) == []
    assert _over_capacity_ever(offers, interactions, profiles) == []
    assert _unfit_offers(offers, interactions, profiles) == []
