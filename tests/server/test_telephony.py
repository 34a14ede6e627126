"""Telephony: calls, chats and emails entering the queue through signed webhooks; bad input
refused or ignored (never a 500, never a second queue entry); call control through the
simulator and the HTTP adapter, the call's state following the PBX's events only."""

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    CallCommandStatus,
    CallState,
    Channel,
    Direction,
    InteractionStatus,
    OfferOutcome,
)
from desk_app.server.audit.models import AuditEntry
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.telephony import adapters, control
from desk_app.server.telephony.calls import CallEvent, apply_call_event
from desk_app.server.telephony.models import CallCommand, WebhookReceipt
from desk_app.server.telephony.schemas import CallEventKind, WebhookResult
from desk_app.server.telephony.signatures import desk_signature, twilio_signature
from desk_app.server.telephony.webhooks import receive_once
from tests.support.builders import World, make_agent, make_customer, make_interaction
from tests.support.live_server import free_port, live_server, new_database, prepare

TWILIO_TOKEN = "twilio-token-for-tests"
CTI_SECRET = "cti-key-for-tests"
INTAKE_SECRET = "intake-key-for-tests"
TWILIO_PATH = "/api/v1/telephony/twilio/voice"
TWILIO_URL = f"http://testserver{TWILIO_PATH}"  # what the test client calls
CTI_PATH = "/api/v1/telephony/events"
CALLER = "+12025550143"  # make_customer's default phone
TELEPHONY_LOGGERS = "desk_app.server.telephony"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        twilio_auth_token=TWILIO_TOKEN,
        cti_secret=CTI_SECRET,
        intake_secret=INTAKE_SECRET,
    )


# --- senders: what a PBX, Twilio and a gateway would post ---------------------------------


def post_cti(
    client: TestClient, event: dict[str, Any], *, signature: str | None = None
) -> Response:
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json"}
    headers["X-Desk-Signature"] = signature or desk_signature(CTI_SECRET, body)
    return client.post(CTI_PATH, content=body, headers=headers)


def cti(call_id: str, event: str, **more: Any) -> dict[str, Any]:
    fields = {"event_id": str(uuid.uuid4()), "call_id": call_id, "event": event, **more}
    if event == "ringing":
        fields.setdefault("from", CALLER)
        fields.setdefault("to", "+18005551212")
    return fields


def post_twilio(
    client: TestClient, status: str, call_sid: str, *, url: str = TWILIO_URL, **more: str
) -> Response:
    form = {
        "AccountSid": "AC0000",
        "CallSid": call_sid,
        "From": CALLER,
        "To": "+18005551212",
        "CallStatus": status,
        "Direction": "inbound",
        **more,
    }
    signature = twilio_signature(TWILIO_TOKEN, url, form.items())
    return client.post(TWILIO_PATH, data=form, headers={"X-Twilio-Signature": signature})


def post_intake(
    client: TestClient, channel: str, message: dict[str, Any], *, secret: str = INTAKE_SECRET
) -> Response:
    body = json.dumps(message).encode()
    headers = {"Content-Type": "application/json"}
    headers["X-Desk-Signature"] = desk_signature(secret, body)
    return client.post(f"/api/v1/intake/{channel}", content=body, headers=headers)


# --- reading back ---------------------------------------------------------------------------


def by_call(app: FastAPI, call_id: str, channel: Channel = Channel.VOICE) -> list[Interaction]:
    with app.state.session_factory() as session:
        return list(
            session.scalars(
                select(Interaction).where(
                    Interaction.channel == channel, Interaction.external_id == call_id
                )
            )
        )


def the_call(app: FastAPI, call_id: str) -> Interaction:
    found = by_call(app, call_id)
    assert len(found) == 1
    return found[0]


def count(app: FastAPI, model: type) -> int:
    with app.state.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def commands(app: FastAPI, interaction_id: uuid.UUID) -> list[CallCommand]:
    with app.state.session_factory() as session:
        return list(
            session.scalars(
                select(CallCommand)
                .where(CallCommand.interaction_id == interaction_id)
                .order_by(CallCommand.created_at)
            )
        )


def eventually(check: Callable[[], bool], what: str) -> None:
    """Wait for a background effect (the simulator's played-back events); fail after 15 s."""
    deadline = time.monotonic() + 15
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.02)


def extension(db: Session, user_id: uuid.UUID, number: str) -> None:
    db.add(AgentProfile(user_id=user_id, extension=number))
    db.commit()


# --- intake: a ringing call becomes one queued interaction ----------------------------------


def test_twilio_call_is_queued_with_the_caller_matched_and_enqueued(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    customer = make_customer(db, phone=CALLER)
    db.commit()
    response = post_twilio(client, "ringing", "CA100", From="(202) 555-0143")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    assert "<Response><Enqueue>desk</Enqueue></Response>" in response.text
    call = the_call(app, "CA100")
    assert call.channel is Channel.VOICE
    assert call.direction is Direction.INBOUND
    assert call.status is InteractionStatus.QUEUED
    assert call.call_state is CallState.RINGING
    assert (call.from_address, call.to_address) == (CALLER, "+18005551212")
    assert call.customer_id == customer.id
    assert call.sla_due_at is not None
    assert call.sla_due_at > call.queued_at
    queued = client.get(
        "/api/v1/interactions", params={"status": "queued"}, headers=world.as_("rep")
    )
    assert [item["external_id"] for item in queued.json()["items"]] == ["CA100"]


@pytest.mark.parametrize(
    "typed", ["+1 (202) 555-0143", "(202) 555-0143", "202.555.0143", "0012025550143"]
)
def test_the_caller_is_matched_whatever_the_number_format(
    client: TestClient, app: FastAPI, db: Session, typed: str
) -> None:
    customer = make_customer(db, phone=CALLER)
    db.commit()
    assert post_cti(client, cti("PBX-1", "ringing", **{"from": typed})).status_code == 200
    call = the_call(app, "PBX-1")
    assert (call.from_address, call.customer_id) == (CALLER, customer.id)


def test_a_number_two_customers_share_matches_neither(
    client: TestClient, app: FastAPI, db: Session
) -> None:
    make_customer(db, "Ada", phone=CALLER)
    make_customer(db, "Byron", phone=CALLER)
    db.commit()
    assert post_cti(client, cti("PBX-2", "ringing")).status_code == 200
    assert the_call(app, "PBX-2").customer_id is None


def test_an_anonymous_caller_is_still_queued(client: TestClient, app: FastAPI) -> None:
    assert post_twilio(client, "ringing", "CA101", From="anonymous").status_code == 200
    call = the_call(app, "CA101")
    assert (call.from_address, call.customer_id) == ("anonymous", None)


def test_twilio_signs_the_public_url_behind_a_proxy(
    client: TestClient, app: FastAPI, settings: Settings
) -> None:
    public = "https://desk.example.com"
    app.state.settings = settings.model_copy(update={"public_url": f"{public}/"})
    assert post_twilio(client, "ringing", "CA102").status_code == 403
    assert by_call(app, "CA102") == []
    signed_public = post_twilio(client, "ringing", "CA102", url=f"{public}{TWILIO_PATH}")
    assert signed_public.status_code == 200
    assert len(by_call(app, "CA102")) == 1


def test_twilio_status_callbacks_update_the_same_interaction(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    post_twilio(client, "ringing", "CA200")
    # Twilio answers the call itself to play the queue: the caller still waits
    answered = post_twilio(client, "in-progress", "CA200")
    assert answered.status_code == 200
    assert "<Enqueue>" not in answered.text
    assert the_call(app, "CA200").call_state is CallState.RINGING
    # an agent takes it (routing's accept), then the agent's leg connects and ends
    call = db.get(Interaction, the_call(app, "CA200").id)
    call.status, call.assigned_agent_id = InteractionStatus.ACTIVE, world.rep.id
    db.commit()
    post_twilio(client, "in-progress", "CA200", CallDuration="0")
    assert the_call(app, "CA200").call_state is CallState.CONNECTED
    post_twilio(client, "completed", "CA200", CallDuration="42")
    done = the_call(app, "CA200")
    assert (done.status, done.call_state) == (InteractionStatus.WRAP_UP, CallState.ENDED)
    assert done.ended_at is not None
    assert count(app, Interaction) == 1


@pytest.mark.parametrize("status", ["completed", "canceled", "no-answer", "busy", "failed"])
def test_a_caller_who_hangs_up_in_the_queue_abandons(
    client: TestClient, app: FastAPI, status: str
) -> None:
    post_twilio(client, "ringing", "CA300")
    assert post_twilio(client, status, "CA300").status_code == 200
    call = the_call(app, "CA300")
    assert (call.status, call.call_state) == (InteractionStatus.ABANDONED, CallState.ENDED)


def test_a_hang_up_while_offered_withdraws_the_offer(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    post_cti(client, cti("PBX-3", "ringing"))
    call = db.get(Interaction, the_call(app, "PBX-3").id)
    expires = utcnow().replace(microsecond=0)
    call.status, call.assigned_agent_id, call.offer_expires_at = (
        InteractionStatus.OFFERED,
        world.rep.id,
        expires,
    )
    offer = Offer(interaction_id=call.id, agent_id=world.rep.id, expires_at=expires)
    db.add(offer)
    db.commit()
    assert post_cti(client, cti("PBX-3", "hung_up")).status_code == 200
    db.expire_all()
    assert db.get(Offer, offer.id).outcome is OfferOutcome.WITHDRAWN
    gone = db.get(Interaction, call.id)
    assert (gone.status, gone.call_state) == (InteractionStatus.ABANDONED, CallState.ENDED)
    assert gone.offer_expires_at is None


def test_a_cti_extension_sends_the_call_to_that_agent_only(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    extension(db, world.rep.id, "1001")
    post_cti(client, cti("PBX-4", "ringing", extension="1001", skill="billing", priority="high"))
    call = the_call(app, "PBX-4")
    assert call.requested_agent_id == world.rep.id
    assert (call.skill, call.priority) == ("billing", "high")
    post_cti(client, cti("PBX-5", "ringing", extension="9999"))  # nobody's: any agent
    assert the_call(app, "PBX-5").requested_agent_id is None
    # a call already queued that now rings at an extension goes to that agent
    result = post_cti(client, cti("PBX-5", "ringing", extension="1001")).json()
    assert result["outcome"] == "updated"
    assert the_call(app, "PBX-5").requested_agent_id == world.rep.id


def test_a_call_to_a_ready_agents_extension_is_offered_in_the_same_transaction(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    make_agent(db, world.rep, extension="1001")
    db.commit()
    head = client.get("/api/v1/sync/changes", headers=world.as_("rep")).json()["last_seq"]
    result = post_cti(client, cti("PBX-40", "ringing", extension="1001")).json()
    call = the_call(app, "PBX-40")
    assert result == {"outcome": "offered", "interaction_id": str(call.id)}
    assert (call.status, call.assigned_agent_id) == (InteractionStatus.OFFERED, world.rep.id)
    assert call.offer_expires_at is not None
    changes = client.get(
        "/api/v1/sync/changes", params={"after": head}, headers=world.as_("rep")
    ).json()["changes"]
    # the desk hears of the call once, already offered: never a queued version first
    seen = [c["record"]["status"] for c in changes if c["id"] == str(call.id)]
    assert seen == ["offered"]


def test_a_call_to_an_agent_without_room_waits_for_them(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    make_agent(db, world.rep, extension="1001", capacity_voice=1)
    make_interaction(db, agent=world.rep, external_id="PBX-41", call_state=CallState.CONNECTED)
    db.commit()
    result = post_cti(client, cti("PBX-42", "ringing", extension="1001")).json()
    assert result["outcome"] == "queued"
    waiting = the_call(app, "PBX-42")
    assert (waiting.status, waiting.requested_agent_id) == (InteractionStatus.QUEUED, world.rep.id)
    assert count(app, Offer) == 0


def test_cti_events_move_the_call_and_confirm_commands(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    call = make_interaction(db, agent=world.rep, external_id="PBX-6", call_state=CallState.RINGING)
    db.add(
        CallCommand(
            interaction_id=call.id,
            agent_id=world.rep.id,
            command="hold",
            status=CallCommandStatus.SENT,
        )
    )
    db.commit()
    steps = [
        ("answered", CallState.CONNECTED, False),
        ("hold", CallState.ON_HOLD, False),
        ("resumed", CallState.CONNECTED, False),
        ("muted", CallState.CONNECTED, True),
        ("unmuted", CallState.CONNECTED, False),
        ("conference", CallState.CONFERENCE, False),
        ("transferred", CallState.TRANSFERRING, False),
    ]
    for event, state, muted in steps:
        assert post_cti(client, cti("PBX-6", event)).json()["outcome"] == "updated"
        now = the_call(app, "PBX-6")
        assert (now.call_state, now.muted) == (state, muted), event
    assert [c.status for c in commands(app, call.id)] == [CallCommandStatus.CONFIRMED]
    post_cti(client, cti("PBX-6", "hung_up"))
    assert the_call(app, "PBX-6").status is InteractionStatus.WRAP_UP
    late = post_cti(client, cti("PBX-6", "hold")).json()
    assert late["outcome"] == "ignored"
    assert the_call(app, "PBX-6").call_state is CallState.ENDED


def test_gateways_queue_chats_and_emails(client: TestClient, app: FastAPI, db: Session) -> None:
    customer = make_customer(db, email="ada@example.com")
    db.commit()
    email = {
        "message_id": "<m1@mail>",
        "from": "Ada@Example.com",
        "to": "help@shop.example",
        "subject": "Refund?",
        "priority": "high",
    }
    response = post_intake(client, "email", email)
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "queued"
    queued = by_call(app, "<m1@mail>", Channel.EMAIL)[0]
    assert (queued.status, queued.customer_id) == (InteractionStatus.QUEUED, customer.id)
    assert (queued.subject, queued.priority, queued.to_address) == (
        "Refund?",
        "high",
        "help@shop.example",
    )
    assert queued.sla_due_at is not None
    chat = {
        "message_id": "chat-7",
        "from": "visitor-31",
        "body": "Card 4111 1111 1111 1111 was charged twice\nplease help",
        "customer_email": "ada@example.com",
        "skill": "billing",
    }
    assert post_intake(client, "chat", chat).json()["outcome"] == "queued"
    opened = by_call(app, "chat-7", Channel.CHAT)[0]
    assert opened.customer_id == customer.id
    assert opened.subject.startswith("Card ")
    assert "4111 1111 1111 1111" not in opened.subject
    assert opened.skill == "billing"
    assert post_intake(client, "chat", {**chat, "body": "again"}).json()["outcome"] == "duplicate"
    assert len(by_call(app, "chat-7", Channel.CHAT)) == 1


def test_intake_serves_chat_and_email_only(client: TestClient, app: FastAPI) -> None:
    message = {"message_id": "x1", "from": "someone", "subject": "hi"}
    for channel in ("voice", "ticket", "fax"):
        assert post_intake(client, channel, message).status_code == 404
    assert count(app, Interaction) == 0


# --- bad webhook input: refused or ignored, with a log line, never a 500 --------------------


def _unsigned(client: TestClient, path: str, body: bytes, header: str | None) -> Response:
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["X-Desk-Signature"] = header
    return client.post(path, content=body, headers=headers)


@pytest.mark.parametrize("path", [CTI_PATH, "/api/v1/intake/chat"])
@pytest.mark.parametrize("signature", ["missing", "wrong-key", "tampered", "not-hex"])
def test_unsigned_or_badly_signed_json_webhooks_get_403(
    client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture, path: str, signature: str
) -> None:
    body = json.dumps(
        cti("PBX-9", "ringing")
        if path == CTI_PATH
        else {"message_id": "m", "from": "f", "subject": "s"}
    ).encode()
    key = CTI_SECRET if path == CTI_PATH else INTAKE_SECRET
    header = {
        "missing": None,
        "wrong-key": desk_signature("another-key", body),
        "tampered": desk_signature(key, body + b" "),
        "not-hex": "sha256=zzzz",
    }[signature]
    with caplog.at_level(logging.WARNING, logger=TELEPHONY_LOGGERS):
        response = _unsigned(client, path, body, header)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "refused" in caplog.text
    assert count(app, Interaction) == 0


def test_badly_signed_twilio_requests_get_403(
    client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    form = {"CallSid": "CA900", "From": CALLER, "To": "+18005551212", "CallStatus": "ringing"}
    good = twilio_signature(TWILIO_TOKEN, TWILIO_URL, form.items())
    with caplog.at_level(logging.WARNING, logger=TELEPHONY_LOGGERS):
        assert client.post(TWILIO_PATH, data=form).status_code == 403
        forged = {**form, "From": "+19995550100"}
        assert (
            client.post(TWILIO_PATH, data=forged, headers={"X-Twilio-Signature": good}).status_code
            == 403
        )
    assert "X-Twilio-Signature" in caplog.text
    assert count(app, Interaction) == 0


def test_an_unset_secret_closes_its_endpoint(
    client: TestClient, app: FastAPI, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app.state.settings = settings.model_copy(
        update={"twilio_auth_token": None, "cti_secret": None, "intake_secret": None}
    )
    with caplog.at_level(logging.WARNING, logger=TELEPHONY_LOGGERS):
        assert post_twilio(client, "ringing", "CA901").status_code == 403
        assert post_cti(client, cti("PBX-901", "ringing")).status_code == 403
        message = {"message_id": "m901", "from": "f", "subject": "s"}
        assert post_intake(client, "chat", message).status_code == 403
    assert "DESK_CTI_SECRET is not set" in caplog.text
    assert count(app, Interaction) == 0


@pytest.mark.parametrize(
    "event",
    [
        {"event_id": "e1", "event": "ringing", "from": CALLER},  # no call_id
        {"event_id": "e2", "call_id": "PBX-10", "event": "ringing"},  # ringing without caller
        {"event_id": "e3", "call_id": "PBX-10", "event": "exploded"},
        {"event_id": "e4", "call_id": "PBX-10", "event": "hold", "priority": "whenever"},
        {"event_id": "e5", "call_id": "PBX-10", "event": "hold", "at": "2026-01-01T10:00:00"},
        {"event_id": "e6", "call_id": "", "event": "hold"},
        [1, 2],
    ],
)
def test_invalid_cti_events_get_422(client: TestClient, app: FastAPI, event: Any) -> None:
    response = post_cti(client, event)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert count(app, Interaction) == 0
    assert count(app, WebhookReceipt) == 0  # a corrected retry is not taken for a replay


def test_not_json_and_bad_twilio_forms_get_422(client: TestClient, app: FastAPI) -> None:
    body = b"this is not json"
    response = _unsigned(client, CTI_PATH, body, desk_signature(CTI_SECRET, body))
    assert response.status_code == 422
    form = {"From": CALLER, "CallStatus": "ringing"}  # no CallSid
    signature = twilio_signature(TWILIO_TOKEN, TWILIO_URL, form.items())
    response = client.post(TWILIO_PATH, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 422
    assert "CallSid" in response.json()["detail"]
    assert post_twilio(client, "exploded", "CA902").status_code == 422
    missing = {"message_id": "m", "subject": "no sender"}
    assert post_intake(client, "email", missing).status_code == 422
    assert post_intake(client, "chat", {"message_id": "m", "from": "f"}).status_code == 422
    assert count(app, Interaction) == 0


def test_events_for_an_unknown_call_are_ignored_without_a_row(
    client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=TELEPHONY_LOGGERS):
        hung_up = post_cti(client, cti("nobody-knows", "hung_up"))
        completed = post_twilio(client, "completed", "CA-unknown")
    assert hung_up.status_code == 200
    assert hung_up.json()["outcome"] == "ignored"
    assert completed.status_code == 200
    assert "<Enqueue>" not in completed.text
    assert "unknown call" in caplog.text
    assert count(app, Interaction) == 0


def test_a_replayed_request_is_ignored(
    client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    event = cti("PBX-11", "ringing")
    assert post_cti(client, event).json()["outcome"] == "queued"
    with caplog.at_level(logging.WARNING, logger=TELEPHONY_LOGGERS):
        again = post_cti(client, event)
    assert again.status_code == 200
    assert again.json()["outcome"] == "replay"
    assert "replayed" in caplog.text
    assert post_twilio(client, "ringing", "CA-11").status_code == 200
    replay = post_twilio(client, "ringing", "CA-11")
    assert replay.status_code == 200
    assert "<Enqueue>" in replay.text
    hang_up = cti("PBX-11", "hung_up")
    post_cti(client, hang_up)
    assert post_cti(client, hang_up).json()["outcome"] == "replay"
    assert len(by_call(app, "PBX-11")) == 1
    assert len(by_call(app, "CA-11")) == 1


def test_a_call_ringing_again_is_not_queued_twice(client: TestClient, app: FastAPI) -> None:
    first = post_cti(client, cti("PBX-12", "ringing")).json()
    again = post_cti(client, cti("PBX-12", "ringing")).json()  # a new event id: not a replay
    assert (first["outcome"], again["outcome"]) == ("queued", "duplicate")
    assert first["interaction_id"] == again["interaction_id"]
    assert len(by_call(app, "PBX-12")) == 1


@pytest.mark.parametrize("source", ["cti", "intake"])
def test_concurrent_duplicates_make_one_queue_entry(
    client: TestClient, app: FastAPI, source: str
) -> None:
    copies = 8
    barrier = threading.Barrier(copies)
    outcomes: list[str] = []

    def message() -> dict[str, Any]:
        if source == "cti":
            return cti("PBX-13", "ringing")
        return {"message_id": "PBX-13", "from": "visitor", "subject": f"hi {uuid.uuid4()}"}

    same_body = message()

    def deliver(index: int) -> None:
        # half the copies are the very same request, half the same call or message re-sent
        body = same_body if index % 2 else message()
        barrier.wait()
        response = post_cti(client, body) if source == "cti" else post_intake(client, "chat", body)
        assert response.status_code == 200, response.text
        outcomes.append(response.json()["outcome"])

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == copies
    assert outcomes.count("queued") == 1
    assert set(outcomes) <= {"queued", "duplicate", "replay"}
    assert count(app, Interaction) == 1


def test_a_lost_insert_race_is_tried_again_and_finds_the_winner(
    client: TestClient, app: FastAPI, settings: Settings
) -> None:
    winner = post_cti(client, cti("PBX-14", "ringing")).json()["interaction_id"]
    attempts: list[int] = []
    with app.state.session_factory() as session:

        def apply() -> WebhookResult:
            attempts.append(1)
            if len(attempts) == 1:  # a twin that looked before the winner committed
                session.add(Interaction(channel=Channel.VOICE, external_id="PBX-14"))
                session.flush()
            event = CallEvent(call_id="PBX-14", kind=CallEventKind.RINGING, caller=CALLER)
            return apply_call_event(session, event, settings=settings)

        result = receive_once(session, source="cti", signature="sha256=0", body=b"{}", apply=apply)
    assert (result.outcome, str(result.interaction_id)) == ("duplicate", winner)
    assert len(attempts) == 2
    assert len(by_call(app, "PBX-14")) == 1


# --- call control ---------------------------------------------------------------------------


def call_url(interaction: Interaction) -> str:
    return f"/api/v1/interactions/{interaction.id}/call"


@pytest.fixture
def live_call(db: Session, world: World) -> Interaction:
    call = make_interaction(
        db, agent=world.rep, external_id="CALL-1", call_state=CallState.CONNECTED
    )
    db.commit()
    return call


def test_commands_change_the_call_only_when_the_pbx_plays_them_back(
    client: TestClient,
    app: FastAPI,
    world: World,
    live_call: Interaction,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = threading.Event()
    real = adapters.play_back

    def held_back(*args: Any) -> None:
        gate.wait(15)
        real(*args)

    monkeypatch.setattr(adapters, "play_back", held_back)
    response = client.post(call_url(live_call), json={"command": "hold"}, headers=world.as_("rep"))
    assert response.status_code == 202, response.text
    assert (response.json()["command"], response.json()["status"]) == ("hold", "sent")
    assert the_call(app, "CALL-1").call_state is CallState.CONNECTED  # asked, not yet done
    gate.set()
    eventually(lambda: the_call(app, "CALL-1").call_state is CallState.ON_HOLD, "on hold")
    eventually(
        lambda: commands(app, live_call.id)[0].status is CallCommandStatus.CONFIRMED, "confirmed"
    )
    assert count(app, WebhookReceipt) == 1  # it came through the webhook path


def test_a_call_driven_through_the_simulator(
    client: TestClient, app: FastAPI, world: World, live_call: Interaction
) -> None:
    headers = world.as_("rep")
    for command, check in [
        ("mute", lambda c: c.muted),
        ("unmute", lambda c: not c.muted),
        ("hold", lambda c: c.call_state is CallState.ON_HOLD),
        ("resume", lambda c: c.call_state is CallState.CONNECTED),
        ("hangup", lambda c: c.status is InteractionStatus.WRAP_UP),
    ]:
        response = client.post(call_url(live_call), json={"command": command}, headers=headers)
        assert response.status_code == 202, response.text
        eventually(lambda check=check: check(the_call(app, "CALL-1")), command)
    assert the_call(app, "CALL-1").call_state is CallState.ENDED
    eventually(
        lambda: all(c.status is CallCommandStatus.CONFIRMED for c in commands(app, live_call.id)),
        "every command confirmed",
    )
    ended = client.post(call_url(live_call), json={"command": "hold"}, headers=headers)
    assert ended.status_code == 409


def test_transfers_need_a_target_which_is_normalised_and_audited(
    client: TestClient, app: FastAPI, world: World, db: Session, live_call: Interaction
) -> None:
    headers = world.as_("rep")
    url = call_url(live_call)
    assert client.post(url, json={"command": "transfer_blind"}, headers=headers).status_code == 422
    bad = {"command": "transfer_warm", "target_type": "number", "target": "not a number"}
    assert client.post(url, json=bad, headers=headers).status_code == 422
    no_ext = {"command": "transfer_warm", "target_type": "agent", "target": str(world.other_rep.id)}
    assert client.post(url, json=no_ext, headers=headers).status_code == 422
    held = {"command": "hold", "target_type": "queue", "target": "billing"}
    assert client.post(url, json=held, headers=headers).status_code == 422
    extension(db, world.other_rep.id, "2002")
    warm = {"command": "transfer_warm", "target_type": "agent", "target": str(world.other_rep.id)}
    assert client.post(url, json=warm, headers=headers).json()["target"] == "agent:2002"
    eventually(lambda: the_call(app, "CALL-1").call_state is CallState.TRANSFERRING, "warm")
    blind = {"command": "transfer_blind", "target_type": "number", "target": "(202) 555-0199"}
    response = client.post(url, json=blind, headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["target"] == "number:+12025550199"
    eventually(lambda: the_call(app, "CALL-1").status is InteractionStatus.WRAP_UP, "handed on")
    with app.state.session_factory() as session:
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.target_id == str(live_call.id))
        ).all()
    assert sorted(audited) == ["call.transfer_blind", "call.transfer_warm"]


def test_a_supervisor_conferences_themselves_in(
    client: TestClient, app: FastAPI, world: World, db: Session, live_call: Interaction
) -> None:
    url = call_url(live_call)
    joined = client.post(url, json={"command": "conference"}, headers=world.as_("supervisor"))
    assert joined.status_code == 422  # no extension to join on yet
    extension(db, world.supervisor.id, "3003")
    joined = client.post(url, json={"command": "conference"}, headers=world.as_("supervisor"))
    assert joined.status_code == 202, joined.text
    assert (joined.json()["agent_id"], joined.json()["target"]) == (
        str(world.supervisor.id),
        "agent:3003",
    )
    eventually(lambda: the_call(app, "CALL-1").call_state is CallState.CONFERENCE, "conference")
    alone = client.post(url, json={"command": "conference"}, headers=world.as_("rep"))
    assert alone.status_code == 422  # a rep names whom to bring in
    with app.state.session_factory() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "call.conference"))
    assert entry is not None
    assert entry.actor_id == world.supervisor.id


def test_only_the_agent_on_the_call_or_a_supervisor_controls_it(
    client: TestClient, app: FastAPI, world: World, db: Session, live_call: Interaction
) -> None:
    url = call_url(live_call)
    hold = {"command": "hold"}
    assert client.post(url, json=hold, headers=world.as_("other_rep")).status_code == 404
    assert client.post(url, json=hold, headers=world.as_("retail")).status_code == 404
    assert client.post(url, json=hold, headers=world.as_("supervisor")).status_code == 202
    eventually(lambda: the_call(app, "CALL-1").call_state is CallState.ON_HOLD, "held")
    queued = make_interaction(db, external_id="CALL-Q", call_state=CallState.RINGING)
    chat = make_interaction(db, agent=world.rep, channel=Channel.CHAT, external_id="chat-1")
    db.commit()
    assert client.post(call_url(queued), json=hold, headers=world.as_("rep")).status_code == 403
    assert client.post(call_url(chat), json=hold, headers=world.as_("rep")).status_code == 409
    for desk_only in ("answer", "dial"):
        body = {"command": desk_only}
        assert client.post(url, json=body, headers=world.as_("rep")).status_code == 422


def test_connect_agent_answers_an_accepted_call(
    app: FastAPI, world: World, db: Session, settings: Settings
) -> None:
    extension(db, world.rep.id, "1001")
    call = make_interaction(db, agent=world.rep, external_id="CALL-2", call_state=CallState.RINGING)
    chat = make_interaction(db, agent=world.rep, channel=Channel.CHAT, external_id="chat-2")
    db.commit()
    control.connect_agent(db, chat, world.rep, settings)
    assert commands(app, chat.id) == []
    control.connect_agent(db, call, world.rep, settings)
    sent = commands(app, call.id)
    assert [(c.command, c.target) for c in sent] == [("answer", "agent:1001")]
    eventually(lambda: the_call(app, "CALL-2").call_state is CallState.CONNECTED, "connected")


# --- the HTTP adapter -----------------------------------------------------------------------


class Connector:
    """A tiny PBX connector: records what it is sent and answers with ``status``."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, str | None]] = []
        self.status = 200
        connector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                connector.received.append((body, self.headers.get("X-Desk-Signature")))
                self.send_response(connector.status)
                self.end_headers()
                self.wfile.write(b"extension 1001 is not registered")

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/commands"


@pytest.fixture
def connector() -> Iterator[Connector]:
    running = Connector()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def use_http(app: FastAPI, settings: Settings, url: str) -> None:
    app.state.settings = settings.model_copy(
        update={"telephony_adapter": "http", "telephony_connector_url": url}
    )


def test_the_http_adapter_posts_signed_commands(
    client: TestClient,
    app: FastAPI,
    world: World,
    settings: Settings,
    connector: Connector,
    live_call: Interaction,
) -> None:
    use_http(app, settings, connector.url)
    body = {"command": "transfer_blind", "target_type": "queue", "target": "billing"}
    response = client.post(call_url(live_call), json=body, headers=world.as_("rep"))
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "sent"
    [(sent, signature)] = connector.received
    assert signature == desk_signature(CTI_SECRET, sent)
    assert json.loads(sent) == {
        "command": "transfer_blind",
        "call_id": "CALL-1",
        "target": "queue:billing",
    }
    assert the_call(app, "CALL-1").call_state is CallState.CONNECTED  # until the PBX says so
    post_cti(client, cti("CALL-1", "transferred", target="queue:billing"))
    assert the_call(app, "CALL-1").call_state is CallState.TRANSFERRING
    assert commands(app, live_call.id)[0].status is CallCommandStatus.CONFIRMED


def test_a_refusing_connector_gives_502_with_its_reason(
    client: TestClient,
    app: FastAPI,
    world: World,
    settings: Settings,
    connector: Connector,
    live_call: Interaction,
) -> None:
    use_http(app, settings, connector.url)
    connector.status = 409
    response = client.post(call_url(live_call), json={"command": "hold"}, headers=world.as_("rep"))
    assert response.status_code == 502
    assert "extension 1001 is not registered" in response.json()["detail"]
    [failed] = commands(app, live_call.id)
    assert failed.status is CallCommandStatus.FAILED
    assert "extension 1001 is not registered" in failed.error


def test_an_unreachable_connector_gives_502_and_a_failed_command(
    client: TestClient, app: FastAPI, world: World, settings: Settings, live_call: Interaction
) -> None:
    use_http(app, settings, f"http://127.0.0.1:{free_port()}/commands")
    response = client.post(call_url(live_call), json={"command": "mute"}, headers=world.as_("rep"))
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "the telephony connector could not be reached"
    [failed] = commands(app, live_call.id)
    assert (failed.status, failed.error) == (CallCommandStatus.FAILED, response.json()["detail"])
    call = the_call(app, "CALL-1")
    assert (call.call_state, call.muted) == (CallState.CONNECTED, False)


# --- click-to-dial --------------------------------------------------------------------------


def test_click_to_dial_starts_an_outbound_call(
    client: TestClient, app: FastAPI, world: World, db: Session
) -> None:
    customer = make_customer(db, phone="+12025550177")
    db.commit()
    response = client.post(
        "/api/v1/calls/dial", json={"number": "(202) 555-0177"}, headers=world.as_("rep")
    )
    assert response.status_code == 201, response.text
    dialled = response.json()
    assert (dialled["direction"], dialled["status"], dialled["call_state"]) == (
        "outbound",
        "active",
        "ringing",
    )
    assert dialled["assigned_agent_id"] == str(world.rep.id)
    assert (dialled["to_address"], dialled["customer_id"]) == ("+12025550177", str(customer.id))
    call_id = dialled["external_id"]
    eventually(lambda: the_call(app, call_id).call_state is CallState.CONNECTED, "picked up")
    [dial] = commands(app, uuid.UUID(dialled["id"]))
    assert (dial.command, dial.target) == ("dial", "number:+12025550177")
    bad = client.post("/api/v1/calls/dial", json={"number": "hello"}, headers=world.as_("rep"))
    assert bad.status_code == 422


def test_a_failed_dial_is_closed_with_the_reason(
    client: TestClient, app: FastAPI, world: World, settings: Settings
) -> None:
    use_http(app, settings, f"http://127.0.0.1:{free_port()}/commands")
    response = client.post(
        "/api/v1/calls/dial", json={"number": "+1 202 555 0177"}, headers=world.as_("rep")
    )
    assert response.status_code == 502
    assert response.json()["detail"] == "the telephony connector could not be reached"
    with app.state.session_factory() as session:
        [closed] = session.scalars(select(Interaction)).all()
    assert (closed.status, closed.call_state, closed.disposition) == (
        InteractionStatus.DONE,
        CallState.ENDED,
        "dial_failed",
    )


# --- in a real server process ---------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_webhooks_and_the_simulator_in_live_workers(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    cluster = request.getfixturevalue("pg_cluster") if backend == "postgresql" else None
    database = new_database(backend, tmp_path=tmp_path, cluster=cluster)
    env = prepare(database, DESK_CTI_SECRET=CTI_SECRET, DESK_INTAKE_SECRET=INTAKE_SECRET)
    with live_server(env, workers=2 if cluster else 1) as server:
        headers = server.login()

        def state(interaction_id: str) -> dict[str, Any]:
            url = f"{server.base}/interactions/{interaction_id}"
            return dict(requests.get(url, headers=headers, timeout=10).json())

        event = json.dumps(cti("LIVE-1", "ringing")).encode()
        signed = {"X-Desk-Signature": desk_signature(CTI_SECRET, event)}
        for outcome in ("queued", "replay"):
            answer = requests.post(
                f"{server.base}/telephony/events", data=event, headers=signed, timeout=10
            )
            assert answer.json()["outcome"] == outcome
        unsigned = requests.post(f"{server.base}/telephony/events", data=event, timeout=10)
        assert unsigned.status_code == 403
        dialled = requests.post(
            f"{server.base}/calls/dial",
            json={"number": "+1 202 555 0123"},
            headers=headers,
            timeout=10,
        ).json()
        # the simulator plays the callee picking up, from a thread of the worker
        eventually(lambda: state(dialled["id"])["call_state"] == "connected", "picked up")
        hold = requests.post(
            f"{server.base}/interactions/{dialled['id']}/call",
            json={"command": "hold"},
            headers=headers,
            timeout=10,
        )
        assert hold.status_code == 202, hold.text
        eventually(lambda: state(dialled["id"])["call_state"] == "on_hold", "on hold")
