"""What the call figures count: hold time from the PBX's hold/resume/hang-up, and transfers."""

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import CallState, InteractionStatus
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from tests.server.test_telephony import (
    CTI_SECRET,
    Connector,
    call_url,
    cti,
    post_cti,
    the_call,
    use_http,
)
from tests.support.builders import World, make_interaction


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, cti_secret=CTI_SECRET)


@pytest.fixture
def call(db: Session, world: World) -> Interaction:
    connected = make_interaction(
        db, agent=world.rep, external_id="CALL-7", call_state=CallState.CONNECTED
    )
    db.commit()
    return connected


START = utcnow().replace(microsecond=0)


def _at(seconds: int) -> str:
    return (START + timedelta(seconds=seconds)).isoformat()


def test_hold_time_adds_up_over_resumes_and_the_hang_up(
    client: TestClient, app: FastAPI, call: Interaction
) -> None:
    for event, at in [("hold", 0), ("hold", 10), ("resumed", 30), ("hold", 60)]:
        assert post_cti(client, cti("CALL-7", event, at=_at(at))).json()["outcome"] == "updated"
    on_hold = the_call(app, "CALL-7")
    assert on_hold.hold_seconds == 30  # the repeated hold kept the first start
    assert on_hold.hold_started_at is not None
    post_cti(client, cti("CALL-7", "hung_up", at=_at(100)))
    ended = the_call(app, "CALL-7")
    assert (ended.hold_seconds, ended.hold_started_at) == (70, None)
    assert ended.status is InteractionStatus.WRAP_UP
    assert ended.transferred is False


def test_a_resume_without_a_hold_adds_nothing(
    client: TestClient, app: FastAPI, call: Interaction
) -> None:
    post_cti(client, cti("CALL-7", "resumed", at=_at(5)))
    assert the_call(app, "CALL-7").hold_seconds == 0


@pytest.fixture
def connector() -> Iterator[Connector]:
    running = Connector()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_a_transfer_command_marks_the_call_transferred_whatever_the_adapter(
    client: TestClient,
    app: FastAPI,
    world: World,
    settings: Settings,
    connector: Connector,
    call: Interaction,
) -> None:
    use_http(app, settings, connector.url)  # a connector that reports no transfer event
    blind = {"command": "transfer_blind", "target_type": "queue", "target": "billing"}
    response = client.post(call_url(call), json=blind, headers=world.as_("rep"))
    assert response.status_code == 202, response.text
    assert the_call(app, "CALL-7").transferred is True
    shown = client.get(f"/api/v1/interactions/{call.id}", headers=world.as_("rep")).json()
    assert shown["transferred"] is True


def test_a_transfer_the_pbx_refuses_is_no_transfer(
    client: TestClient,
    app: FastAPI,
    world: World,
    settings: Settings,
    connector: Connector,
    call: Interaction,
) -> None:
    use_http(app, settings, connector.url)
    connector.status = 409
    blind = {"command": "transfer_blind", "target_type": "queue", "target": "billing"}
    response = client.post(call_url(call), json=blind, headers=world.as_("rep"))
    assert response.status_code == 502
    assert the_call(app, "CALL-7").transferred is False
    incomplete = {"command": "transfer_blind", "target_type": "queue"}
    assert client.post(call_url(call), json=incomplete, headers=world.as_("rep")).status_code == 422
    assert the_call(app, "CALL-7").transferred is False


def test_a_transfer_made_at_the_phone_is_counted_from_the_pbx_event(
    client: TestClient, app: FastAPI, call: Interaction
) -> None:
    post_cti(client, cti("CALL-7", "transferred", target="queue:billing"))
    assert the_call(app, "CALL-7").transferred is True
