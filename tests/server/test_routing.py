"""The router and offers: who gets what, in which order, and what an answer (or none) does."""

import time
import uuid
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    AgentState,
    CallCommandKind,
    Channel,
    InteractionStatus,
    OfferOutcome,
    Priority,
    Role,
    StateCause,
)
from desk_app.server.app import create_app
from desk_app.server.audit.models import AuditEntry
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing import offers
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.routing.router import route
from desk_app.server.telephony.models import CallCommand
from desk_app.server.users.models import AgentStateChange, User
from tests.support.builders import World, make_agent, make_interaction, make_user, token_for

URL = "/api/v1/interactions"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The loop is off: each test routes, expires and sweeps when it says so."""
    return Settings(database_url=database_url, router_enabled=False)


def _route(app: FastAPI) -> int:
    return route(app.state.session_factory, app.state.settings)


def _reload(db: Session, row: object) -> None:
    db.expire_all()
    db.refresh(row)


def _offered_to(db: Session, agent: User) -> list[Interaction]:
    db.expire_all()
    return list(
        db.scalars(
            select(Interaction)
            .where(
                Interaction.assigned_agent_id == agent.id,
                Interaction.status == InteractionStatus.OFFERED,
            )
            .order_by(Interaction.offered_at)
        )
    )


def _finish(db: Session, interaction: Interaction) -> None:
    interaction.status = InteractionStatus.DONE
    db.commit()


def _queued(db: Session, minutes_ago: float = 0, **fields: object) -> Interaction:
    return make_interaction(db, queued_at=utcnow() - timedelta(minutes=minutes_ago), **fields)


def test_the_most_urgent_then_the_oldest_interaction_goes_first(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, capacity_voice=1)
    normal_old = _queued(db, 30, priority=Priority.NORMAL)
    urgent = _queued(db, 1, priority=Priority.URGENT)
    normal_older = _queued(db, 40, priority=Priority.NORMAL)
    high = _queued(db, 2, priority=Priority.HIGH)
    low_oldest = _queued(db, 90, priority=Priority.LOW)
    db.commit()
    order = []
    for _ in range(5):
        assert _route(app) == 1  # one call at a time: capacity 1
        (offered,) = _offered_to(db, world.rep)
        order.append(offered.id)
        _finish(db, offered)
    assert order == [i.id for i in (urgent, high, normal_older, normal_old, low_oldest)]
    assert _route(app) == 0


def test_the_longest_idle_agent_with_the_least_work_gets_the_offer(
    app: FastAPI, db: Session, world: World
) -> None:
    fresh = make_user(db, Role.REP, team=world.team)
    long_idle = make_user(db, Role.REP, team=world.team)
    make_agent(db, fresh, idle_minutes=1)
    make_agent(db, long_idle, idle_minutes=20)
    first, second, third = (_queued(db, 10 - n, channel=Channel.CHAT) for n in range(3))
    db.commit()
    assert _route(app) == 3
    # the longest idle first; then the other one, who has nothing yet; then the longest idle
    assert [i.id for i in _offered_to(db, long_idle)] == [first.id, third.id]
    assert [i.id for i in _offered_to(db, fresh)] == [second.id]


def test_an_interaction_needing_a_skill_goes_only_to_agents_who_have_it(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, idle_minutes=30, skills=["spanish"])
    billing = make_user(db, Role.REP, team=world.team)
    make_agent(db, billing, idle_minutes=1, skills=["billing", "spanish"])
    needs_billing = _queued(db, 5, channel=Channel.EMAIL, skill="billing")
    needs_french = _queued(db, 4, channel=Channel.EMAIL, skill="french")
    anyone = _queued(db, 3, channel=Channel.EMAIL)
    db.commit()
    assert _route(app) == 2
    assert [i.id for i in _offered_to(db, billing)] == [needs_billing.id]
    assert [i.id for i in _offered_to(db, world.rep)] == [anyone.id]
    _reload(db, needs_french)
    assert needs_french.status is InteractionStatus.QUEUED
    assert needs_french.assigned_agent_id is None


def test_work_deep_in_the_queue_is_reached_past_work_nobody_can_take(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep)
    for _ in range(450):  # more than two pages of the queue
        _queued(db, 60, channel=Channel.CHAT, skill="klingon")
    reachable = _queued(db, 1, channel=Channel.CHAT)
    db.commit()
    assert _route(app) == 1
    assert [i.id for i in _offered_to(db, world.rep)] == [reachable.id]


def test_a_team_queue_goes_to_that_team_and_an_open_queue_to_anyone(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, idle_minutes=30, capacity_chat=2)
    make_agent(db, world.other_rep, idle_minutes=1, capacity_chat=2)
    bravo = _queued(db, 5, channel=Channel.CHAT, team_id=world.other_team.id)
    alpha = _queued(db, 4, channel=Channel.CHAT, team_id=world.team.id)
    open_queue = _queued(db, 3, channel=Channel.CHAT)
    db.commit()
    assert _route(app) == 3
    assert [i.id for i in _offered_to(db, world.other_rep)] == [bravo.id]
    assert [i.id for i in _offered_to(db, world.rep)] == [alpha.id, open_queue.id]


def test_capacity_is_counted_per_channel(app: FastAPI, db: Session, world: World) -> None:
    make_agent(db, world.rep, capacity_voice=1, capacity_chat=2, capacity_email=1)
    make_interaction(db, agent=world.rep, channel=Channel.CHAT)  # one chat in hand already
    for n, channel in enumerate(
        [Channel.VOICE, Channel.VOICE, Channel.CHAT, Channel.CHAT, Channel.EMAIL, Channel.TICKET]
    ):
        _queued(db, 10 - n, channel=channel)
    db.commit()
    assert _route(app) == 3
    offered = [i.channel for i in _offered_to(db, world.rep)]
    assert offered == [Channel.VOICE, Channel.CHAT, Channel.EMAIL]  # tickets share email's room
    assert _route(app) == 0


def test_an_agent_on_a_call_gets_no_new_call_but_may_get_a_chat(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.BUSY)
    make_interaction(db, agent=world.rep, channel=Channel.VOICE)
    _queued(db, 2, channel=Channel.VOICE)
    chat = _queued(db, 1, channel=Channel.CHAT)
    db.commit()
    assert _route(app) == 1
    assert [i.id for i in _offered_to(db, world.rep)] == [chat.id]


def test_agents_not_ready_away_or_offline_get_nothing(
    app: FastAPI, db: Session, world: World
) -> None:
    for state in (AgentState.NOT_READY, AgentState.AWAY, AgentState.OFFLINE, AgentState.WRAP_UP):
        make_agent(db, make_user(db, Role.REP, team=world.team), state=state)
    _queued(db, channel=Channel.CHAT)
    db.commit()
    assert _route(app) == 0


def test_an_interaction_asking_for_an_agent_waits_for_that_agent(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, idle_minutes=30)
    wanted = make_agent(db, world.other_rep, state=AgentState.NOT_READY, reason="lunch")
    call = _queued(db, requested_agent_id=world.other_rep.id, skill="billing")
    db.commit()
    assert _route(app) == 0
    wanted.state = AgentState.READY
    db.commit()
    assert _route(app) == 1  # neither skill nor team stand in the way of the agent asked for
    assert [i.id for i in _offered_to(db, world.other_rep)] == [call.id]


def test_an_offer_sets_the_interaction_offered_with_its_expiry(
    app: FastAPI, db: Session, world: World, settings: Settings
) -> None:
    make_agent(db, world.rep)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    _route(app)
    _reload(db, chat)
    (offer,) = db.scalars(select(Offer).where(Offer.interaction_id == chat.id))
    assert offer.outcome is OfferOutcome.PENDING
    assert offer.agent_id == world.rep.id
    assert offer.expires_at - offer.offered_at == timedelta(seconds=settings.offer_timeout_seconds)
    assert chat.status is InteractionStatus.OFFERED
    assert chat.assigned_agent_id == world.rep.id
    assert chat.offer_expires_at == offer.expires_at
    assert chat.offered_at == offer.offered_at


def test_the_offer_reaches_the_agents_change_feed(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    head = client.get("/api/v1/sync/changes", headers=world.as_("rep")).json()["last_seq"]
    _route(app)
    changes = client.get(
        "/api/v1/sync/changes", params={"after": head}, headers=world.as_("rep")
    ).json()["changes"]
    offered = [c for c in changes if c["entity"] == "interaction" and c["id"] == str(chat.id)]
    assert offered[-1]["record"]["status"] == "offered"
    assert offered[-1]["record"]["offer_expires_at"] is not None


def test_accepting_makes_the_interaction_active_and_the_agent_busy(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    profile = make_agent(db, world.rep)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    _route(app)
    response = client.post(f"{URL}/{chat.id}/accept", headers=world.as_("rep"))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "active"
    assert response.json()["answered_at"] is not None
    assert response.json()["offer_expires_at"] is None
    _reload(db, profile)
    assert profile.state is AgentState.BUSY
    (offer,) = db.scalars(select(Offer).where(Offer.interaction_id == chat.id))
    assert offer.outcome is OfferOutcome.ACCEPTED
    assert offer.answered_at is not None
    last = db.scalars(
        select(AgentStateChange)
        .where(AgentStateChange.user_id == world.rep.id)
        .order_by(AgentStateChange.started_at.desc())
    ).first()
    assert last is not None
    assert (last.state, last.cause) == (AgentState.BUSY, StateCause.ROUTING)


def test_accepting_a_call_asks_the_pbx_to_connect_the_agent(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, extension="201")
    call = _queued(db, channel=Channel.VOICE, external_id=f"CA{uuid.uuid4().hex}")
    db.commit()
    _route(app)
    response = client.post(f"{URL}/{call.id}/accept", headers=world.as_("rep"))
    assert response.status_code == 200, response.text
    commands = db.scalars(select(CallCommand).where(CallCommand.interaction_id == call.id)).all()
    assert [c.command for c in commands] == [CallCommandKind.ANSWER]
    assert commands[0].agent_id == world.rep.id


def test_declining_offers_it_to_the_next_agent_and_never_again_to_you(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    first = make_agent(db, world.rep, idle_minutes=30)
    second_rep = make_user(db, Role.REP, team=world.team)
    headers = token_for(db, second_rep)
    make_agent(db, second_rep, idle_minutes=1)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    _route(app)
    assert [i.id for i in _offered_to(db, world.rep)] == [chat.id]
    assert client.post(f"{URL}/{chat.id}/decline", headers=world.as_("rep")).status_code == 204
    _reload(db, chat)
    assert (chat.status, chat.assigned_agent_id, chat.offer_expires_at) == (
        InteractionStatus.QUEUED,
        None,
        None,
    )
    _reload(db, first)
    assert first.state is AgentState.READY  # declining is allowed; missing is not
    _route(app)
    assert [i.id for i in _offered_to(db, second_rep)] == [chat.id]
    assert client.post(f"{URL}/{chat.id}/decline", headers=headers).status_code == 204
    assert _route(app) == 0  # both refused it: it waits for someone else
    outcomes = db.scalars(
        select(Offer.outcome).where(Offer.interaction_id == chat.id).order_by(Offer.offered_at)
    ).all()
    assert outcomes == [OfferOutcome.DECLINED, OfferOutcome.DECLINED]


def test_an_unanswered_offer_is_missed_the_agent_not_ready_and_the_next_agent_offered(
    app: FastAPI, db: Session, world: World
) -> None:
    slow = make_agent(db, world.rep, idle_minutes=30)
    other = make_user(db, Role.REP, team=world.team)
    make_agent(db, other, idle_minutes=1)
    call = _queued(db)
    db.commit()
    _route(app)
    (offer,) = db.scalars(select(Offer).where(Offer.interaction_id == call.id))
    assert offer.agent_id == world.rep.id
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert offers.expire(app.state.session_factory, app.state.settings) == 1
    _reload(db, offer)
    _reload(db, slow)
    assert offer.outcome is OfferOutcome.MISSED
    assert (slow.state, slow.reason) == (AgentState.NOT_READY, "missed_offer")
    log = db.scalars(select(AgentStateChange).where(AgentStateChange.user_id == world.rep.id)).all()
    assert [(c.state, c.cause) for c in log] == [(AgentState.NOT_READY, StateCause.MISSED_OFFER)]
    _route(app)
    assert [i.id for i in _offered_to(db, other)] == [call.id]


def test_an_offer_not_yet_due_is_left_alone_by_expiry(
    app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep)
    _queued(db, channel=Channel.CHAT)
    db.commit()
    _route(app)
    assert offers.expire(app.state.session_factory, app.state.settings) == 0


def test_a_withdrawn_offer_goes_back_to_the_queue(app: FastAPI, db: Session, world: World) -> None:
    make_agent(db, world.rep)
    call = _queued(db)
    db.commit()
    _route(app)
    with app.state.session_factory() as session:
        interaction = session.get(Interaction, call.id)
        assert interaction is not None
        offers.withdraw(session, interaction)
        session.commit()
    _reload(db, call)
    (offer,) = db.scalars(select(Offer).where(Offer.interaction_id == call.id))
    assert offer.outcome is OfferOutcome.WITHDRAWN
    assert (call.status, call.assigned_agent_id, call.offer_expires_at) == (
        InteractionStatus.QUEUED,
        None,
        None,
    )
    assert _route(app) == 1  # withdrawn is not refused: the agent may be offered it again


def test_going_not_ready_hands_a_pending_offer_back(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    _route(app)
    response = client.put(
        "/api/v1/presence/state",
        json={"state": "not_ready", "reason": "break"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    _reload(db, chat)
    assert (chat.status, chat.assigned_agent_id) == (InteractionStatus.QUEUED, None)
    (offer,) = db.scalars(select(Offer).where(Offer.interaction_id == chat.id))
    assert offer.outcome is OfferOutcome.WITHDRAWN
    assert _route(app) == 0


def test_answers_to_offers_that_are_not_yours_or_no_longer_open_get_409(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep)
    chat, email = _queued(db, 2, channel=Channel.CHAT), _queued(db, 1, channel=Channel.EMAIL)
    never_offered = _queued(db, channel=Channel.WALK_IN)
    db.commit()
    _route(app)
    rep, other = world.as_("rep"), world.as_("other_rep")

    def answer(interaction: Interaction, verb: str, headers: dict[str, str]) -> tuple[int, str]:
        response = client.post(f"{URL}/{interaction.id}/{verb}", headers=headers)
        return response.status_code, response.json()["detail"] if response.content else ""

    assert answer(chat, "accept", other) == (409, "this interaction is not offered to you")
    assert answer(never_offered, "decline", rep) == (409, "this interaction is not offered to you")
    assert answer(chat, "decline", rep)[0] == 204
    assert answer(chat, "accept", rep) == (409, "the offer is no longer open: it was declined")
    offer = db.scalars(select(Offer).where(Offer.interaction_id == email.id)).one()
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    status, detail = answer(email, "accept", rep)
    assert (status, "timed out" in detail) == (409, True)
    missing = client.post(f"{URL}/{uuid.uuid4()}/accept", headers=rep)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_reps_see_their_own_profile_supervisors_their_team_admins_all(
    client: TestClient, db: Session, world: World
) -> None:
    for who in (world.rep, world.other_rep, world.supervisor):
        make_agent(db, who)
    db.commit()

    def seen(role: str) -> set[str]:
        response = client.get("/api/v1/agents", headers=world.as_(role))
        assert response.status_code == 200, response.text
        return {item["user_id"] for item in response.json()["items"]}

    assert seen("rep") == {str(world.rep.id)}
    assert seen("retail") == set()
    assert seen("supervisor") == {str(world.rep.id), str(world.supervisor.id)}
    assert seen("admin") == {str(u.id) for u in (world.rep, world.other_rep, world.supervisor)}
    ready = client.get("/api/v1/agents", params={"state": "away"}, headers=world.as_("admin"))
    assert ready.json()["items"] == []


def test_managers_set_skills_capacity_and_a_unique_extension(
    client: TestClient, db: Session, world: World
) -> None:
    make_agent(db, world.other_rep, extension="300")
    db.commit()
    url = f"/api/v1/agents/{world.rep.id}"
    body = {"version": 1, "skills": ["billing", "spanish", "billing"], "capacity_chat": 4}
    response = client.patch(url, json=body, headers=world.as_("supervisor"))
    assert response.status_code == 200, response.text
    profile = response.json()
    assert profile["skills"] == ["billing", "spanish"]
    assert (profile["capacity_chat"], profile["capacity_voice"]) == (4, 1)  # others: defaults
    assert profile["team_id"] == str(world.team.id)
    version = profile["version"]
    taken = client.patch(
        url, json={"version": version, "extension": "300"}, headers=world.as_("supervisor")
    )
    assert taken.status_code == 409
    assert "extension 300" in taken.json()["detail"]
    stale = client.patch(url, json={"version": 1, "extension": "301"}, headers=world.as_("admin"))
    assert stale.status_code == 409
    assert stale.json()["current"]["skills"] == ["billing", "spanish"]
    nulls = client.patch(url, json={"version": version, "skills": None}, headers=world.as_("admin"))
    assert nulls.status_code == 422
    assert client.patch(url, json=body, headers=world.as_("rep")).status_code == 403
    far = client.patch(
        f"/api/v1/agents/{world.other_rep.id}",
        json={"version": 1, "capacity_chat": 1},
        headers=world.as_("supervisor"),
    )
    assert far.status_code == 404
    audited = db.scalars(select(AuditEntry).where(AuditEntry.action == "agent.update")).all()
    assert [(a.actor_id, a.target_id) for a in audited] == [
        (world.supervisor.id, str(world.rep.id))
    ]


def test_the_profile_follows_the_users_team(client: TestClient, db: Session, world: World) -> None:
    profile = make_agent(db, world.rep)
    db.commit()
    response = client.patch(
        f"/api/v1/users/{world.rep.id}",
        json={"version": world.rep.version, "team_id": str(world.other_team.id)},
        headers=world.as_("admin"),
    )
    assert response.status_code == 200, response.text
    _reload(db, profile)
    assert profile.team_id == world.other_team.id


def test_the_loop_in_each_worker_offers_queued_work(
    database_url: str, world: World, db: Session
) -> None:
    make_agent(db, world.rep)
    chat = _queued(db, channel=Channel.CHAT)
    db.commit()
    running = create_app(Settings(database_url=database_url, router_interval_seconds=0.05))
    with TestClient(running):
        deadline = time.monotonic() + 30
        while not _offered_to(db, world.rep) and time.monotonic() < deadline:
            time.sleep(0.05)
    running.state.engine.dispose()
    assert [i.id for i in _offered_to(db, world.rep)] == [chat.id]
    assert db.scalars(select(AgentProfile.state)).all() == [AgentState.READY]
