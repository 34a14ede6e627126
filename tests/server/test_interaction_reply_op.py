"""Op ``interaction.reply``: the agent's chat or email reply, stored once and masked, fed back."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.domain.ids import new_id
from desk_app.server.interactions.messages import InteractionMessage
from desk_app.server.interactions.models import Interaction
from tests.server.test_sync_ops import op, send
from tests.support.builders import World, make_interaction

CHANGES = "/api/v1/sync/changes"


def _chat(db: Session, world: World, **fields: Any) -> Interaction:
    fields.setdefault("channel", Channel.CHAT)
    interaction = make_interaction(db, agent=world.rep, **fields)
    db.commit()
    return interaction


def _reply(interaction: Interaction, body: str, message_id: uuid.UUID | None = None) -> dict:
    payload = {
        "id": str(message_id or new_id()),
        "interaction_id": str(interaction.id),
        "body": body,
    }
    return op("interaction.reply", payload)


def _messages(db: Session) -> list[InteractionMessage]:
    db.expire_all()
    return list(db.scalars(select(InteractionMessage)))


def test_a_reply_is_stored_with_its_card_number_masked(
    client: TestClient, world: World, db: Session
) -> None:
    chat = _chat(db, world)
    message_id = new_id()
    body = "Thanks! I see card 4111-1111-1111-1111 on order 1234567890123."
    (answer,) = send(client, world.as_("rep"), _reply(chat, body, message_id))
    assert answer["status"] == "applied"
    masked = "Thanks! I see card •••• 1111 on order 1234567890123."
    assert answer["record"]["body"] == masked
    assert answer["record"]["id"] == str(message_id)
    assert answer["record"]["direction"] == "outbound"
    (stored,) = _messages(db)
    assert (stored.id, stored.body, stored.author_id) == (message_id, masked, world.rep.id)
    assert "4111" not in stored.body


def test_a_reply_sent_twice_is_stored_once(client: TestClient, world: World, db: Session) -> None:
    chat = _chat(db, world)
    reply = _reply(chat, "On its way.")
    (first,) = send(client, world.as_("rep"), reply)
    (again,) = send(client, world.as_("rep"), reply)
    assert again == {**first, "status": "duplicate", "first_status": "applied"}
    # a new op for the same message (a resend after a lost answer) is no second copy
    resent = op("interaction.reply", reply["payload"])
    (third,) = send(client, world.as_("rep"), resent)
    assert third["status"] == "applied"
    assert third["record"] == first["record"]
    assert db.scalar(select(func.count()).select_from(InteractionMessage)) == 1


@pytest.mark.parametrize("who", ["other_rep", "supervisor", "admin"])
def test_only_the_assigned_agent_replies(
    client: TestClient, world: World, db: Session, who: str
) -> None:
    chat = _chat(db, world)
    (answer,) = send(client, world.as_(who), _reply(chat, "Hello"))
    assert answer["status"] == "rejected"
    assert _messages(db) == []


def test_a_queued_chat_nobody_took_gets_no_reply(
    client: TestClient, world: World, db: Session
) -> None:
    chat = make_interaction(db, channel=Channel.CHAT, team_id=world.team.id)
    db.commit()
    (answer,) = send(client, world.as_("rep"), _reply(chat, "Hello"))
    assert answer["status"] == "rejected"
    assert "only the agent handling" in answer["reason"]


@pytest.mark.parametrize(
    ("fields", "body", "reason"),
    [
        ({"channel": Channel.VOICE}, "Hello", "has no written replies"),
        ({"status": InteractionStatus.DONE}, "Hello", "takes no more replies"),
        ({}, "Your refund of [[amount]] is on its way", "fill in “amount”"),
        ({}, "   ", "body"),
    ],
)
def test_what_cannot_be_sent_is_refused_with_a_reason(
    client: TestClient, world: World, db: Session, fields: dict[str, Any], body: str, reason: str
) -> None:
    chat = _chat(db, world, **fields)
    (answer,) = send(client, world.as_("rep"), _reply(chat, body))
    assert answer["status"] == "rejected"
    assert reason in answer["reason"]
    assert _messages(db) == []


def test_the_message_reaches_whoever_sees_the_interaction(
    client: TestClient, world: World, db: Session
) -> None:
    chat = _chat(db, world)
    start = {
        name: client.get(CHANGES, headers=world.as_(name)).json()["last_seq"]
        for name in ("rep", "supervisor", "other_rep")
    }
    (answer,) = send(client, world.as_("rep"), _reply(chat, "Card 4111 1111 1111 1111"))

    def fed(name: str) -> list[dict[str, Any]]:
        page = client.get(CHANGES, params={"after": start[name]}, headers=world.as_(name)).json()
        return [c for c in page["changes"] if c["entity"] == "interaction_message"]

    (mine,) = fed("rep")
    assert mine["record"] == answer["record"]
    assert mine["record"]["body"] == "Card •••• 1111"
    assert [c["id"] for c in fed("supervisor")] == [answer["record"]["id"]]
    assert fed("other_rep") == []
