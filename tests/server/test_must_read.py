"""The must-read gate: no going ready with must-read updates unacknowledged."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState, Channel, InteractionStatus, StateCause
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.routing.models import AgentProfile
from desk_app.server.routing.sweeper import sweep
from desk_app.server.users.models import AgentStateChange, User
from tests.support.builders import World, make_agent, make_interaction

CHOOSE = "/api/v1/presence/state"
UPDATES = "/api/v1/updates"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The loop is off: each test sweeps when it says so."""
    return Settings(database_url=database_url, router_enabled=False)


def _publish(client: TestClient, world: World, title: str, **fields: object) -> dict:
    body = {"kind": "guideline", "title": title, "body": "Read me", "requires_ack": True}
    response = client.post(UPDATES, json=body | fields, headers=world.as_("supervisor"))
    assert response.status_code == 201, response.text
    return response.json()


def _profile(db: Session, user: User) -> AgentProfile:
    db.expire_all()
    return db.scalars(select(AgentProfile).where(AgentProfile.user_id == user.id)).one()


def test_ready_is_refused_until_every_must_read_is_acknowledged(
    client: TestClient, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.NOT_READY, reason="lunch")
    db.commit()
    refunds = _publish(client, world, "New refund rule")
    _publish(client, world, "Read later", requires_ack=False)
    _publish(client, world, "Leads only", audience_role="supervisor")
    past = (utcnow() - timedelta(minutes=1)).isoformat()
    _publish(client, world, "Old news", expires_at=past)
    outage = _publish(client, world, "Phone outage", team_id=str(world.team.id))

    refused = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"] == "/problems/must-read"
    assert problem["unread"] == [
        {"id": refunds["id"], "title": "New refund rule"},
        {"id": outage["id"], "title": "Phone outage"},
    ]
    assert _profile(db, world.rep).state is AgentState.NOT_READY

    client.post(f"{UPDATES}/{refunds['id']}/acknowledge", headers=world.as_("rep"))
    still = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert [u["title"] for u in still.json()["unread"]] == ["Phone outage"]
    client.post(f"{UPDATES}/{outage['id']}/acknowledge", headers=world.as_("rep"))
    ready = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert ready.status_code == 200, ready.text
    assert ready.json()["state"] == "ready"
    # other states stay free, and someone elsewhere is not held up
    assert client.put(CHOOSE, json={"state": "offline"}, headers=world.as_("rep")).is_success
    elsewhere = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("other_rep"))
    assert elsewhere.status_code == 409  # "New refund rule" is for everyone
    assert [u["title"] for u in elsewhere.json()["unread"]] == ["New refund rule"]


def test_the_agent_state_op_is_rejected_with_the_titles(client: TestClient, world: World) -> None:
    _publish(client, world, "New refund rule")
    op = {
        "op_id": "01890000-0000-7000-8000-0000000000a1",
        "kind": "agent.state",
        "payload": {"state": "ready"},
    }
    response = client.post("/api/v1/sync/ops", json={"ops": [op]}, headers=world.as_("rep"))
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert "New refund rule" in result["reason"]


def test_a_supervisor_cannot_put_a_rep_with_unread_must_reads_to_work(
    client: TestClient, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.NOT_READY, reason="lunch")
    db.commit()
    _publish(client, world, "New refund rule")
    url = f"/api/v1/agents/{world.rep.id}/state"
    response = client.put(url, json={"state": "ready"}, headers=world.as_("supervisor"))
    assert response.status_code == 409
    assert response.json()["unread"][0]["title"] == "New refund rule"


def test_after_work_the_agent_waits_not_ready_for_the_must_reads(
    client: TestClient, app: FastAPI, db: Session, world: World
) -> None:
    make_agent(db, world.rep, state=AgentState.BUSY)
    call = make_interaction(db, agent=world.rep, channel=Channel.VOICE)
    db.commit()
    update = _publish(client, world, "New refund rule")
    call.status = InteractionStatus.DONE
    db.commit()
    assert sweep(app.state.session_factory, app.state.settings) == 1
    profile = _profile(db, world.rep)
    assert (profile.state, profile.reason) == (AgentState.NOT_READY, "must_read")
    assert sweep(app.state.session_factory, app.state.settings) == 0  # it stays so

    client.post(f"{UPDATES}/{update['id']}/acknowledge", headers=world.as_("rep"))
    ready = client.put(CHOOSE, json={"state": "ready"}, headers=world.as_("rep"))
    assert ready.json()["state"] == "ready"


def test_back_from_away_with_a_must_read_is_not_ready(
    client: TestClient, app: FastAPI, db: Session, world: World, settings: Settings
) -> None:
    idle_since = utcnow() - timedelta(seconds=settings.away_after_seconds + 10)
    make_agent(db, world.rep, activity_at=idle_since, idle_minutes=30)
    db.commit()
    assert sweep(app.state.session_factory, settings) == 1
    assert _profile(db, world.rep).state is AgentState.AWAY
    _publish(client, world, "New refund rule")
    back = client.post(
        "/api/v1/presence/heartbeat", json={"idle_seconds": 0}, headers=world.as_("rep")
    )
    assert (back.json()["state"], back.json()["reason"]) == ("not_ready", "must_read")
    db.expire_all()
    last = db.scalars(
        select(AgentStateChange)
        .where(AgentStateChange.user_id == world.rep.id)
        .order_by(AgentStateChange.started_at.desc())
    ).first()
    assert last is not None
    assert (last.state, last.reason, last.cause) == (
        AgentState.NOT_READY,
        "must_read",
        StateCause.REP,
    )
