"""POST /surveys/csat: a survey gateway's signed score lands on its interaction."""

import json
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel
from desk_app.server.core.config import Settings
from desk_app.server.interactions.models import Interaction
from desk_app.server.telephony.signatures import desk_signature
from tests.support.builders import World, make_interaction

URL = "/api/v1/surveys/csat"
SECRET = "intake-key-for-csat-tests"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, intake_secret=SECRET)


def _post(client: TestClient, body: dict[str, Any], *, key: str = SECRET) -> Response:
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Desk-Signature": desk_signature(key, raw)}
    return client.post(URL, content=raw, headers=headers)


def _score(db: Session, interaction: Interaction) -> int | None:
    db.expire_all()
    found = db.get(Interaction, interaction.id)
    assert found is not None
    return found.satisfaction


def test_the_last_score_wins(client: TestClient, world: World, db: Session) -> None:
    call = make_interaction(db, agent=world.rep)
    db.commit()
    first = _post(client, {"interaction_id": str(call.id), "score": 2})
    assert first.status_code == 200, first.text
    assert first.json() == {"outcome": "updated", "interaction_id": str(call.id)}
    assert _score(db, call) == 2
    assert _post(client, {"interaction_id": str(call.id), "score": 5}).status_code == 200
    assert _score(db, call) == 5


def test_a_replayed_request_does_not_overwrite_a_newer_score(
    client: TestClient, world: World, db: Session
) -> None:
    call = make_interaction(db, agent=world.rep)
    db.commit()
    _post(client, {"interaction_id": str(call.id), "score": 2})
    _post(client, {"interaction_id": str(call.id), "score": 5})
    replay = _post(client, {"interaction_id": str(call.id), "score": 2})
    assert replay.json()["outcome"] == "replay"
    assert _score(db, call) == 5


def test_the_gateways_own_id_names_the_interaction(
    client: TestClient, world: World, db: Session
) -> None:
    chat = make_interaction(db, agent=world.rep, channel=Channel.CHAT, external_id="chat-77")
    email = make_interaction(db, agent=world.rep, channel=Channel.EMAIL, external_id="chat-77")
    db.commit()
    sent = _post(client, {"channel": "chat", "external_id": "chat-77", "score": 4})
    assert sent.json()["interaction_id"] == str(chat.id)
    assert (_score(db, chat), _score(db, email)) == (4, None)


@pytest.mark.parametrize(
    "body",
    [
        {"interaction_id": "ID", "score": 0},
        {"interaction_id": "ID", "score": 6},
        {"interaction_id": "ID", "score": "great"},
        {"interaction_id": "ID"},
        {"score": 3},
        {"channel": "chat", "score": 3},
        {"external_id": "x", "score": 3},
        {"channel": "pigeon", "external_id": "x", "score": 3},
        {"interaction_id": "ID", "score": 3, "comment": "unknown fields are refused"},
    ],
)
def test_bad_bodies_are_422(
    client: TestClient, world: World, db: Session, body: dict[str, Any]
) -> None:
    call = make_interaction(db, agent=world.rep)
    db.commit()
    if "interaction_id" in body:
        body = {**body, "interaction_id": str(call.id)}
    response = _post(client, body)
    assert response.status_code == 422, response.text
    assert _score(db, call) is None


def test_unknown_interactions_are_404(client: TestClient, world: World) -> None:
    assert _post(client, {"interaction_id": str(uuid.uuid4()), "score": 3}).status_code == 404
    unknown = {"channel": "chat", "external_id": "never-seen", "score": 3}
    assert _post(client, unknown).status_code == 404


def test_unsigned_or_badly_signed_scores_are_refused(
    client: TestClient, world: World, db: Session
) -> None:
    call = make_interaction(db, agent=world.rep)
    db.commit()
    body = {"interaction_id": str(call.id), "score": 1}
    assert _post(client, body, key="another-key").status_code == 403
    unsigned = client.post(URL, json=body)
    assert unsigned.status_code == 403
    signed_by_a_rep = client.post(URL, json=body, headers=world.as_("rep"))
    assert signed_by_a_rep.status_code == 403
    assert _score(db, call) is None


def test_no_secret_configured_refuses_everything(
    client: TestClient, app: FastAPI, world: World, db: Session, settings: Settings
) -> None:
    app.state.settings = settings.model_copy(update={"intake_secret": None})
    call = make_interaction(db, agent=world.rep)
    db.commit()
    response = _post(client, {"interaction_id": str(call.id), "score": 3})
    assert response.status_code == 403
    assert "DESK_INTAKE_SECRET" in response.json()["detail"]
