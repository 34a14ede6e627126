"""After-contact work: the queue's deadline is stamped, the server backs a closed desk up,
and the agent is in wrap-up while a contact of theirs is."""

from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import AgentState, Channel, InteractionStatus
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing import acw_timeouts, loop, sweeper
from desk_app.server.routing.models import AgentProfile
from desk_app.server.telephony.calls import CallEvent, apply_call_event
from desk_app.server.telephony.schemas import CallEventKind
from tests.support.builders import World, make_agent, make_interaction


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The loop is off: each test sweeps when it says so."""
    return Settings(database_url=database_url, router_enabled=False)


def _to_wrap_up(client: TestClient, world: World, interaction: Interaction) -> dict[str, object]:
    response = client.patch(
        f"/api/v1/interactions/{interaction.id}",
        json={"version": interaction.version, "status": "wrap_up", "wrap_notes": "half typed"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def _at(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


def test_entering_wrap_up_stamps_the_queues_deadline(
    client: TestClient, world: World, db: Session
) -> None:
    voice = make_interaction(db, agent=world.rep)  # voice: 120 s, then info_provided
    email = make_interaction(db, agent=world.rep, channel=Channel.EMAIL)  # default: no limit
    boxed = make_interaction(db, agent=world.rep, skill="billing")  # time-boxed 45 s
    db.commit()
    voice_record = _to_wrap_up(client, world, voice)
    assert _at(voice_record["acw_deadline_at"]) == _at(voice_record["ended_at"]) + timedelta(
        seconds=120
    )
    assert _to_wrap_up(client, world, email)["acw_deadline_at"] is None
    boxed_record = _to_wrap_up(client, world, boxed)
    assert _at(boxed_record["acw_deadline_at"]) == _at(boxed_record["ended_at"]) + timedelta(
        seconds=45
    )


def test_a_call_that_ends_enters_wrap_up_with_its_deadline(
    app: FastAPI, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep, external_id="call-1")
    db.commit()
    ended = utcnow().replace(microsecond=0)
    with app.state.session_factory() as session:
        apply_call_event(
            session,
            CallEvent(call_id="call-1", kind=CallEventKind.HUNG_UP, at=ended),
            settings=app.state.settings,
        )
        session.commit()
    db.expire_all()
    stored = db.get(Interaction, interaction.id)
    assert stored is not None
    assert stored.status is InteractionStatus.WRAP_UP
    assert stored.acw_deadline_at == ended + timedelta(seconds=120)


def test_the_server_applies_the_timeout_code_to_a_wrap_up_left_past_its_deadline(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    record = _to_wrap_up(client, world, interaction)
    deadline = _at(record["acw_deadline_at"])
    factory, settings = app.state.session_factory, app.state.settings
    assert acw_timeouts.close_overdue(factory, settings, now=deadline + timedelta(seconds=10)) == 0
    assert acw_timeouts.close_overdue(factory, settings, now=deadline + timedelta(seconds=31)) == 1
    db.expire_all()
    stored = db.get(Interaction, interaction.id)
    assert stored is not None
    assert (stored.status, stored.disposition, stored.wrap_notes) == (
        InteractionStatus.DONE,
        "info_provided",
        "half typed",
    )
    assert acw_timeouts.close_overdue(factory, settings, now=deadline + timedelta(hours=1)) == 0


def test_a_timed_out_wrap_up_must_be_the_queues_timeout_code(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    record = _to_wrap_up(client, world, interaction)
    url = f"/api/v1/interactions/{interaction.id}"
    wrong = client.patch(
        url,
        json={
            "version": record["version"],
            "status": "done",
            "disposition": "resolved",
            "timed_out": True,
        },
        headers=world.as_("rep"),
    )
    assert wrong.status_code == 422
    right = client.patch(
        url,
        json={
            "version": record["version"],
            "status": "done",
            "disposition": "info_provided",
            "timed_out": True,
        },
        headers=world.as_("rep"),
    )
    assert right.status_code == 200, right.text


def _state(app: FastAPI, db: Session, profile: AgentProfile) -> AgentState:
    sweeper.sweep(app.state.session_factory, app.state.settings)
    db.expire_all()
    db.refresh(profile)
    return profile.state


def test_the_agent_is_in_wrap_up_while_a_contact_of_theirs_is_then_ready(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    profile = make_agent(db, world.rep)
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    assert _state(app, db, profile) is AgentState.BUSY
    record = _to_wrap_up(client, world, interaction)
    assert _state(app, db, profile) is AgentState.WRAP_UP
    done = client.patch(
        f"/api/v1/interactions/{interaction.id}",
        json={"version": record["version"], "status": "done", "disposition": "resolved"},
        headers=world.as_("rep"),
    )
    assert done.status_code == 200, done.text
    assert _state(app, db, profile) is AgentState.READY


def test_one_round_of_the_routing_loop_closes_a_wrap_up_long_past_its_deadline(
    app: FastAPI, world: World, db: Session
) -> None:
    ended = utcnow() - timedelta(minutes=10)
    interaction = make_interaction(
        db,
        agent=world.rep,
        status=InteractionStatus.WRAP_UP,
        ended_at=ended,
        acw_deadline_at=ended + timedelta(seconds=120),
    )
    db.commit()
    loop.tick(app.state.session_factory, app.state.settings)
    db.expire_all()
    stored = db.get(Interaction, interaction.id)
    assert stored is not None
    assert (stored.status, stored.disposition) == (InteractionStatus.DONE, "info_provided")
