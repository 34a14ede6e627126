"""Presence that tells the truth: heartbeats, idle desks, not-ready limits, sign-out, causes."""

import logging
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    AgentState,
    Channel,
    InteractionStatus,
    OfferOutcome,
    StateCause,
)
from desk_app.server.audit.models import AuditEntry
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.routing.router import route
from desk_app.server.routing.sweeper import sweep
from desk_app.server.users.models import AgentStateChange, User
from tests.support.builders import World, make_agent, make_interaction

HEARTBEAT = "/api/v1/presence/heartbeat"
CHOOSE = "/api/v1/presence/state"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The loop is off: each test sweeps when it says so."""
    return Settings(database_url=database_url, router_enabled=False)


def _sweep(app: FastAPI) -> int:
    return sweep(app.state.session_factory, app.state.settings)


def _profile(db: Session, user: User) -> AgentProfile:
    db.expire_all()
    return db.scalars(select(AgentProfile).where(AgentProfile.user_id == user.id)).one()


def _log(db: Session, user: User) -> list[AgentStateChange]:
    db.expire_all()
    return list(
        db.scalars(
            select(AgentStateChange)
            .where(AgentStateChange.user_id == user.id)
            .order_by(AgentStateChange.started_at)
        )
    )


def test_a_desk_that_stops_heartbeating_goes_offline_and_its_offer_back(
    app: FastAPI, db: Session, world: World, settings: Settings
) -> None:
    silent = utcnow() - timedelta(seconds=settings.heartbeat_timeout_seconds + 5)
    make_agent(db, world.rep, heartbeat_at=silent)
    chat = make_interaction(db, channel=Channel.CHAT)
    db.commit()
    route(app.state.session_factory, settings)
    assert _sweep(app) == 1
    profile = _profile(db, world.rep)
    assert profile.state is AgentState.OFFLINE
    assert [(c.state, c.cause) for c in _log(db, world.rep)] == [
        (AgentState.OFFLINE, StateCause.DISCONNECT)
    ]
    db.refresh(chat)
    assert (chat.status, chat.assigned_agent_id) == (InteractionStatus.QUEUED, None)
    assert db.scalars(select(Offer.outcome)).all() == [OfferOutcome.WITHDRAWN]
    assert _sweep(app) == 0  # offline stays offline until the desk speaks


def test_a_live_desk_stays_as_it_is(app: FastAPI, db: Session, world: World) -> None:
    make_agent(db, world.rep)
    make_agent(db, world.other_rep, state=AgentState.NOT_READY, reason="lunch")
    db.commit()
    assert _sweep(app) == 0
    assert _profile(db, world.rep).state is AgentState.READY


def test_an_idle_ready_desk_goes_away_and_comes_back_with_activity(
    client: TestClient, app: FastAPI, db: Session, world: World, settings: Settings
) -> None:
    idle_since = utcnow() - timedelta(seconds=settings.away_after_seconds + 10)
    make_agent(db, world.rep, activity_at=idle_since, idle_minutes=30)
    make_agent(db, world.other_rep, activity_at=idle_since, state=AgentState.BUSY)
    make_interaction(db, agent=world.other_rep, channel=Channel.VOICE)  # on a call, hands off
    db.commit()
    assert _sweep(app) == 1
    assert _profile(db, world.rep).state is AgentState.AWAY
    assert _profile(db, world.other_rep).state is AgentState.BUSY
    still_idle = client.post(
        HEARTBEAT, json={"idle_seconds": settings.away_after_seconds + 20}, headers=world.as_("rep")
    )
    assert still_idle.json()["state"] == "away"
    back = client.post(HEARTBEAT, json={"idle_seconds": 0}, headers=world.as_("rep"))
    assert back.status_code == 200, back.text
    assert back.json()["state"] == "ready"
    assert [(c.state, c.cause) for c in _log(db, world.rep)] == [
        (AgentState.AWAY, StateCause.TIMEOUT),
        (AgentState.READY, StateCause.REP),
    ]


def test_a_desk_back_from_offline_is_not_ready_until_the_rep_picks_ready(
    client: TestClient, db: Session, world: World
) -> None:
    first = client.post(HEARTBEAT, json={"idle_seconds": 0}, headers=world.as_("rep"))
    assert first.status_code == 200, first.text
    assert (first.json()["state"], first.json()["reason"]) == ("not_ready", None)
    assert first.json()["heartbeat_at"] is not None
    again = client.post(HEARTBEAT, json={"idle_seconds": 3}, headers=world.as_("rep"))
    assert again.json()["state"] == "not_ready"
    assert again.json()["version"] == first.json()["version"]  # heartbeats are not news
    ready = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert ready.json()["state"] == "ready"
    bad = client.post(HEARTBEAT, json={"idle_seconds": -1}, headers=world.as_("rep"))
    assert bad.status_code == 422


def test_not_ready_too_long_warns_the_rep_then_alerts_the_supervisor(
    client: TestClient,
    app: FastAPI,
    db: Session,
    world: World,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    limit = timedelta(minutes=settings.not_ready_max_minutes["break"])
    warn = timedelta(seconds=settings.not_ready_warn_seconds)
    profile = make_agent(db, world.rep, state=AgentState.NOT_READY, reason="break")
    profile.state_since = utcnow() - limit + warn / 2
    db.commit()
    assert _sweep(app) == 1
    warned = _profile(db, world.rep)
    assert warned.warned_at is not None
    assert warned.overdue_at is None
    assert _sweep(app) == 0  # warned once
    warned.state_since = utcnow() - limit - timedelta(seconds=1)
    db.commit()
    with caplog.at_level(logging.WARNING, logger="desk_app.server.routing.sweeper"):
        assert _sweep(app) == 1
    overdue = _profile(db, world.rep)
    assert overdue.overdue_at is not None
    assert overdue.state is AgentState.NOT_READY  # an alert, not a change of state
    assert any("longer than" in record.getMessage() for record in caplog.records)
    seen = client.get("/api/v1/agents", headers=world.as_("supervisor")).json()["items"]
    assert [datetime.fromisoformat(item["overdue_at"]) for item in seen] == [overdue.overdue_at]
    back = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep")).json()
    assert (back["warned_at"], back["overdue_at"]) == (None, None)


def test_signing_out_takes_the_agent_offline(client: TestClient, db: Session, world: World) -> None:
    make_agent(db, world.rep)
    db.commit()
    assert client.post("/api/v1/auth/logout", headers=world.as_("rep")).status_code == 204
    assert _profile(db, world.rep).state is AgentState.OFFLINE
    assert [(c.state, c.cause) for c in _log(db, world.rep)] == [
        (AgentState.OFFLINE, StateCause.DISCONNECT)
    ]


def test_every_change_closes_one_stretch_and_opens_the_next_with_its_cause(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    rep = world.as_("rep")
    client.post(HEARTBEAT, json={"idle_seconds": 0}, headers=rep)
    client.put(CHOOSE, json={"state": "ready"}, headers=rep)
    client.put(CHOOSE, json={"state": "ready"}, headers=rep)  # no change, no new stretch
    client.put(
        f"/api/v1/agents/{world.rep.id}/state",
        json={"state": "not_ready", "reason": "meeting"},
        headers=world.as_("supervisor"),
    )
    client.put(CHOOSE, json={"state": "offline"}, headers=rep)
    log = _log(db, world.rep)
    assert [(c.state, c.reason, c.cause) for c in log] == [
        (AgentState.NOT_READY, None, StateCause.REP),
        (AgentState.READY, None, StateCause.REP),
        (AgentState.NOT_READY, "meeting", StateCause.SUPERVISOR),
        (AgentState.OFFLINE, None, StateCause.REP),
    ]
    assert [c.ended_at for c in log[:-1]] == [c.started_at for c in log[1:]]
    assert log[-1].ended_at is None


def test_reps_cannot_pick_the_systems_states(client: TestClient, world: World) -> None:
    rep = world.as_("rep")
    for body in (
        {"state": "busy"},
        {"state": "wrap_up"},
        {"state": "away"},
        {"state": "not_ready"},
        {"state": "not_ready", "reason": "missed_offer"},
        {"state": "not_ready", "reason": "coffee"},
    ):
        response = client.put(CHOOSE, json=body, headers=rep)
        assert response.status_code == 422, body
    op = {
        "op_id": "01890000-0000-7000-8000-000000000001",
        "kind": "agent.state",
        "payload": {"state": "busy"},
    }
    result = client.post("/api/v1/sync/ops", json={"ops": [op]}, headers=rep).json()["results"][0]
    assert result["status"] == "rejected"
    assert "set by the system" in result["reason"]


def test_the_agent_state_op_goes_through_presence(
    client: TestClient, db: Session, world: World
) -> None:
    op = {
        "op_id": "01890000-0000-7000-8000-000000000002",
        "kind": "agent.state",
        "payload": {"state": "not_ready", "reason": "training"},
    }
    result = client.post("/api/v1/sync/ops", json={"ops": [op]}, headers=world.as_("rep"))
    assert result.json()["results"][0]["status"] == "applied"
    profile = _profile(db, world.rep)
    assert (profile.state, profile.reason) == (AgentState.NOT_READY, "training")
    assert [(c.state, c.cause) for c in _log(db, world.rep)] == [
        (AgentState.NOT_READY, StateCause.REP)
    ]


def test_a_supervisor_sets_a_team_members_state_audited(
    client: TestClient, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.NOT_READY, reason="lunch")
    db.commit()
    url = f"/api/v1/agents/{world.rep.id}/state"
    response = client.put(url, json={"state": "ready"}, headers=world.as_("supervisor"))
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "ready"
    assert _log(db, world.rep)[-1].cause is StateCause.SUPERVISOR
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "agent.state"))
    assert entry.actor_id == world.supervisor.id
    assert entry.detail["before"] == {"state": "not_ready", "reason": "lunch"}
    assert entry.detail["after"] == {"state": "ready", "reason": None}
    far = f"/api/v1/agents/{world.other_rep.id}/state"
    other_team = client.put(far, json={"state": "offline"}, headers=world.as_("supervisor"))
    assert other_team.status_code == 404
    assert client.put(url, json={"state": "offline"}, headers=world.as_("rep")).status_code == 403
    busy = client.put(url, json={"state": "busy"}, headers=world.as_("admin"))
    assert busy.status_code == 422


def test_the_work_in_hand_decides_ready_busy_or_wrap_up(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.BUSY)
    call = make_interaction(db, agent=world.rep, channel=Channel.VOICE)
    db.commit()
    assert _sweep(app) == 0
    call.status = InteractionStatus.WRAP_UP
    db.commit()
    assert _sweep(app) == 1
    assert _profile(db, world.rep).state is AgentState.WRAP_UP
    call.status = InteractionStatus.DONE
    db.commit()
    assert _sweep(app) == 1
    profile = _profile(db, world.rep)
    assert profile.state is AgentState.READY
    assert profile.idle_since == profile.state_since
    assert [(c.state, c.cause) for c in _log(db, world.rep)] == [
        (AgentState.WRAP_UP, StateCause.ROUTING),
        (AgentState.READY, StateCause.ROUTING),
    ]
    make_interaction(db, agent=world.rep, channel=Channel.CHAT)
    db.commit()
    picked = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert picked.json()["state"] == "busy"  # ready with a chat in hand is busy
