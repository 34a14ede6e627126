"""Due callbacks become outbound call work for their owner (or the team), once."""

import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    AgentState,
    CallState,
    Channel,
    Direction,
    FollowUpKind,
    InteractionStatus,
)
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.followups.models import FollowUp
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing import callbacks, loop
from desk_app.server.routing.router import route
from desk_app.server.telephony.models import CallCommand
from desk_app.server.users.models import User
from tests.server.test_sync_ops import op, send
from tests.server.test_telephony import eventually, the_call
from tests.support.builders import World, make_agent, make_customer, make_interaction


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The loop is off: each test queues and routes when it says so, with its own clock."""
    return Settings(database_url=database_url, router_enabled=False)


def _queue_due(app: FastAPI, now: datetime) -> int:
    return callbacks.queue_due(app.state.session_factory, app.state.settings, now=now)


def _callback(db: Session, owner: User, due_at: datetime, **fields: Any) -> FollowUp:
    customer = make_customer(db, phone=None)
    subject = make_interaction(
        db,
        agent=owner,
        customer_id=customer.id,
        subject="Kettle",
        category="technical_issue",
        status=InteractionStatus.DONE,
    )
    fields.setdefault("kind", FollowUpKind.CALLBACK)
    follow_up = FollowUp(
        subject_type="interaction",
        subject_id=subject.id,
        customer_id=customer.id,
        owner_id=owner.id,
        team_id=owner.team_id,
        due_at=due_at,
        phone="+12025550143",
        **fields,
    )
    db.add(follow_up)
    db.flush()
    return follow_up


def _work_of(db: Session, follow_up: FollowUp) -> Interaction:
    db.expire_all()
    db.refresh(follow_up)
    assert follow_up.interaction_id is not None
    work = db.get(Interaction, follow_up.interaction_id)
    assert work is not None
    return work


def test_a_due_callback_is_queued_once_for_its_ready_owner(
    app: FastAPI, world: World, db: Session
) -> None:
    make_agent(db, world.rep)
    now = utcnow()
    follow_up = _callback(db, world.rep, now + timedelta(hours=1))
    db.commit()
    assert _queue_due(app, now + timedelta(minutes=30)) == 0
    assert _queue_due(app, now + timedelta(hours=2)) == 1
    work = _work_of(db, follow_up)
    assert (work.channel, work.direction, work.status) == (
        Channel.VOICE,
        Direction.OUTBOUND,
        InteractionStatus.QUEUED,
    )
    assert (work.to_address, work.customer_id) == ("+12025550143", follow_up.customer_id)
    assert (work.subject, work.category) == ("Callback: Kettle", "technical_issue")
    assert (work.team_id, work.requested_agent_id) == (world.team.id, world.rep.id)
    assert work.sla_due_at is not None
    assert _queue_due(app, now + timedelta(hours=3)) == 0
    done = _callback(db, world.rep, now - timedelta(hours=1), done_at=now)
    reminder = _callback(db, world.rep, now - timedelta(hours=1), kind=FollowUpKind.REMINDER)
    db.commit()
    assert _queue_due(app, now + timedelta(hours=3)) == 0
    assert (done.interaction_id, reminder.interaction_id) == (None, None)


def test_an_away_owners_callback_waits_for_their_team(
    app: FastAPI, world: World, db: Session
) -> None:
    make_agent(db, world.rep, state=AgentState.AWAY)
    now = utcnow()
    away = _callback(db, world.rep, now)
    signed_out = _callback(db, world.other_rep, now)  # never signed in: no profile
    db.commit()
    assert _queue_due(app, now + timedelta(seconds=1)) == 2
    for follow_up, owner in ((away, world.rep), (signed_out, world.other_rep)):
        work = _work_of(db, follow_up)
        assert (work.requested_agent_id, work.team_id) == (None, owner.team_id)


def test_the_owner_is_offered_the_callback_dials_it_and_wrapping_up_closes_it(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    make_agent(db, world.rep)
    make_agent(db, world.supervisor, idle_minutes=60)  # longer idle, same team: not asked for
    now = utcnow()
    follow_up = _callback(db, world.rep, now)
    db.commit()
    _queue_due(app, now + timedelta(seconds=1))
    work = _work_of(db, follow_up)
    assert route(app.state.session_factory, app.state.settings) == 1
    db.expire_all()
    db.refresh(work)
    assert (work.status, work.assigned_agent_id) == (InteractionStatus.OFFERED, world.rep.id)
    accepted = client.post(f"/api/v1/interactions/{work.id}/accept", headers=world.as_("rep"))
    assert accepted.status_code == 200, accepted.text
    dialled = client.post(
        "/api/v1/calls/dial",
        json={"number": "+1 202 555 0143", "interaction_id": str(work.id)},
        headers=world.as_("rep"),
    )
    assert dialled.status_code == 201, dialled.text
    assert dialled.json()["id"] == str(work.id)
    assert dialled.json()["external_id"] == f"desk-{work.id}"
    assert db.scalar(select(func.count()).select_from(Interaction)) == 2  # no new call
    [command] = db.scalars(select(CallCommand).where(CallCommand.interaction_id == work.id))
    assert command.target == "number:+12025550143"
    again = client.post(
        "/api/v1/calls/dial",
        json={"number": "+1 202 555 0143", "interaction_id": str(work.id)},
        headers=world.as_("rep"),
    )
    assert again.status_code == 409
    eventually(lambda: the_call(app, f"desk-{work.id}").call_state is CallState.CONNECTED, "up")
    wrap = op(
        "interaction.wrap_up",
        {"interaction_id": str(work.id), "disposition": "resolved"},
        1,
    )
    (done,) = send(client, world.as_("rep"), wrap)
    assert done["status"] == "applied", done
    db.expire_all()
    db.refresh(follow_up)
    assert follow_up.done_at is not None


def test_dialling_someone_elses_or_an_unaccepted_callback_is_refused(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    now = utcnow()
    follow_up = _callback(db, world.rep, now)
    db.commit()
    _queue_due(app, now + timedelta(seconds=1))
    work = _work_of(db, follow_up)
    for who in ("rep", "other_rep"):
        response = client.post(
            "/api/v1/calls/dial",
            json={"number": "+12025550143", "interaction_id": str(work.id)},
            headers=world.as_(who),
        )
        assert response.status_code == 422, response.text


def test_two_workers_racing_for_the_same_due_callbacks_make_one_call_of_each(
    app: FastAPI, world: World, db: Session
) -> None:
    now = utcnow()
    due = [_callback(db, world.rep, now - timedelta(minutes=i)) for i in range(12)]
    db.commit()
    start = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        start.wait()
        try:
            made.append(_queue_due(app, now))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(made) == len(due)
    db.expire_all()
    linked = db.scalars(select(FollowUp.interaction_id).where(FollowUp.id.in_([f.id for f in due])))
    ids = list(linked)
    assert None not in ids
    assert len(set(ids)) == len(due)
    callbacks_made = db.scalar(
        select(func.count()).select_from(Interaction).where(Interaction.subject.like("Callback:%"))
    )
    assert callbacks_made == len(due)
    assert uuid.UUID(str(ids[0]))  # real ids


def test_a_callback_its_owner_declines_goes_to_the_team(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    make_agent(db, world.rep)
    make_agent(db, world.supervisor, idle_minutes=60)
    now = utcnow()
    follow_up = _callback(db, world.rep, now)
    db.commit()
    _queue_due(app, now + timedelta(seconds=1))
    work = _work_of(db, follow_up)
    route(app.state.session_factory, app.state.settings)
    declined = client.post(f"/api/v1/interactions/{work.id}/decline", headers=world.as_("rep"))
    assert declined.status_code in (200, 204), declined.text
    db.expire_all()
    db.refresh(work)
    assert (work.status, work.requested_agent_id) == (InteractionStatus.QUEUED, None)
    assert route(app.state.session_factory, app.state.settings) == 1
    db.expire_all()
    db.refresh(work)
    assert work.assigned_agent_id == world.supervisor.id


def test_one_round_of_the_routing_loop_queues_a_due_callback_and_offers_it(
    app: FastAPI, world: World, db: Session
) -> None:
    make_agent(db, world.rep)
    follow_up = _callback(db, world.rep, utcnow() - timedelta(minutes=1))
    db.commit()
    loop.tick(app.state.session_factory, app.state.settings)
    work = _work_of(db, follow_up)
    assert (work.status, work.assigned_agent_id) == (InteractionStatus.OFFERED, world.rep.id)


def test_a_callback_done_before_its_call_is_taken_drops_the_waiting_call(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    now = utcnow()
    follow_up = _callback(db, world.rep, now)
    db.commit()
    _queue_due(app, now + timedelta(seconds=1))
    work = _work_of(db, follow_up)
    done = client.put(
        f"/api/v1/follow-ups/{follow_up.id}",
        json={
            "subject_type": "interaction",
            "subject_id": str(follow_up.subject_id),
            "due_at": follow_up.due_at.isoformat(),
            "kind": "callback",
            "done": True,
        },
        headers=world.as_("rep"),
    )
    assert done.status_code == 200, done.text
    assert done.json()["phone"] == "+12025550143"
    db.expire_all()
    db.refresh(work)
    assert work.status is InteractionStatus.ABANDONED
    make_agent(db, world.rep)
    db.commit()
    assert route(app.state.session_factory, app.state.settings) == 0
