"""@mentions in notes: whom they reach (on their own desk, through the feed), and reading them."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Department, Role
from desk_app.domain.ids import new_id
from desk_app.server.notes.models import Mention
from tests.support.builders import (
    World,
    make_customer,
    make_ticket,
    make_user,
    token_for,
)

NOTES = "/api/v1/notes"
MENTIONS = "/api/v1/mentions"
FEED = "/api/v1/sync/changes"
OPS = "/api/v1/sync/ops"
CARD = "4111 1111 1111 1111"


def head(client: TestClient, headers: dict[str, str]) -> int:
    return int(client.get(FEED, params={"after": 0}, headers=headers).json()["last_seq"])


def fed(client: TestClient, headers: dict[str, str], after: int, entity: str) -> list[dict]:
    """The records of ``entity`` the caller's desk received after ``after``."""
    response = client.get(FEED, params={"after": after}, headers=headers)
    assert response.status_code == 200, response.text
    return [
        c["record"]
        for c in response.json()["changes"]
        if c["entity"] == entity and c["action"] == "upsert"
    ]


def write(client: TestClient, world: World, who: str, subject: Any, body: str, kind="customer"):
    response = client.post(
        NOTES,
        json={"subject_type": kind, "subject_id": str(subject.id), "body": body},
        headers=world.as_(who),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_mentioned_colleague_gets_it_on_their_desk_and_no_one_else(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    starts = {who: head(client, world.as_(who)) for who in ("rep", "other_rep", "supervisor")}

    note = write(client, world, "rep", customer, f"@Other_Rep can you check? Card {CARD}")

    assert note["mentioned"] == ["other_rep"]
    (mention,) = fed(client, world.as_("other_rep"), starts["other_rep"], "mention")
    assert mention["user_id"] == str(world.other_rep.id)
    assert mention["author_id"] == str(world.rep.id)
    assert mention["note_id"] == note["id"]
    assert (mention["subject_type"], mention["subject_id"]) == ("customer", str(customer.id))
    assert mention["department"] is None
    assert mention["read_at"] is None
    assert mention["excerpt"] == "@Other_Rep can you check? Card •••• 1111"
    assert fed(client, world.as_("rep"), starts["rep"], "mention") == []
    assert fed(client, world.as_("supervisor"), starts["supervisor"], "mention") == []


def test_a_department_mention_reaches_every_active_member_of_its_teams_but_the_author(
    client: TestClient, world: World, db: Session
) -> None:
    world.other_team.department = Department.BILLING.value
    colleague = make_user(db, Role.REP, team=world.other_team)
    gone = make_user(db, Role.REP, team=world.other_team)
    gone.active = False
    colleague_headers = token_for(db, colleague)
    customer = make_customer(db)
    db.commit()
    starts = {
        "other_rep": head(client, world.as_("other_rep")),
        "rep": head(client, world.as_("rep")),
        "colleague": head(client, colleague_headers),
    }

    note = write(client, world, "other_rep", customer, "Refund stuck, @finance please look.")

    assert note["mentioned"] == ["billing"]
    reached = db.scalars(
        select(Mention.user_id).where(Mention.note_id == uuid.UUID(note["id"]))
    ).all()
    assert set(reached) == {colleague.id}  # not the author, not the inactive member
    (mention,) = fed(client, colleague_headers, starts["colleague"], "mention")
    assert mention["department"] == "billing"
    assert mention["excerpt"] == "Refund stuck, @finance please look."
    assert fed(client, world.as_("other_rep"), starts["other_rep"], "mention") == []
    assert fed(client, world.as_("rep"), starts["rep"], "mention") == []


def test_a_user_named_and_in_a_named_department_is_reached_once(
    client: TestClient, world: World, db: Session
) -> None:
    world.team.department = Department.LOGISTICS.value
    customer = make_customer(db)
    db.commit()
    note = write(client, world, "admin", customer, "@rep and @logistics: parcel lost")
    assert note["mentioned"] == ["rep", "logistics"]
    rows = db.scalars(select(Mention).where(Mention.note_id == uuid.UUID(note["id"]))).all()
    by_user = {row.user_id: row.department for row in rows}
    assert by_user == {world.rep.id: None, world.supervisor.id: "logistics"}


def test_email_addresses_unknown_names_and_the_author_mention_no_one(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    note = write(
        client, world, "rep", customer, "Mail rep@example.com or other_rep@x.org; @nobody @rep"
    )
    assert note["mentioned"] == []
    assert db.scalars(select(Mention).where(Mention.note_id == uuid.UUID(note["id"]))).all() == []


def test_a_mention_reaches_someone_who_cannot_see_the_subject(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    start = head(client, world.as_("other_rep"))
    body = "x" * 300 + " @other_rep do you know this fault? " + "y" * 300
    note = write(client, world, "rep", ticket, body, kind="ticket")

    changes = client.get(FEED, params={"after": start}, headers=world.as_("other_rep")).json()
    entities = {c["entity"] for c in changes["changes"]}
    assert "note" not in entities
    assert "ticket" not in entities
    (mention,) = fed(client, world.as_("other_rep"), start, "mention")
    assert mention["note_id"] == note["id"]
    assert len(mention["excerpt"]) == 200
    assert "@other_rep do you know this fault?" in mention["excerpt"]
    assert mention["excerpt"].startswith("…")
    assert mention["excerpt"].endswith("…")
    hidden = client.get(
        NOTES,
        params={"subject_type": "ticket", "subject_id": str(ticket.id)},
        headers=world.as_("other_rep"),
    )
    assert hidden.status_code == 404


def test_note_add_op_offline_reaches_mentions_and_mention_read_op_marks_it_once(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    note_id = str(new_id())
    added = client.post(
        OPS,
        json={
            "ops": [
                {
                    "op_id": str(new_id()),
                    "kind": "note.add",
                    "payload": {
                        "id": note_id,
                        "subject_type": "customer",
                        "subject_id": str(customer.id),
                        "body": "@supervisor FYI",
                    },
                }
            ]
        },
        headers=world.as_("rep"),
    ).json()["results"][0]
    assert added["status"] == "applied"
    assert added["record"]["mentioned"] == ["supervisor"]

    unread = client.get(MENTIONS, params={"unread": "true"}, headers=world.as_("supervisor"))
    (mention,) = unread.json()["items"]
    assert mention["note_id"] == note_id

    def read(who: str) -> dict:
        body = {
            "ops": [
                {
                    "op_id": str(new_id()),
                    "kind": "mention.read",
                    "payload": {"mention_id": mention["id"]},
                }
            ]
        }
        return client.post(OPS, json=body, headers=world.as_(who)).json()["results"][0]

    first, second = read("supervisor"), read("supervisor")
    assert first["status"] == second["status"] == "applied"
    assert first["record"]["read_at"] is not None
    assert second["record"]["read_at"] == first["record"]["read_at"]
    assert read("rep")["status"] == "rejected"  # not theirs
    unread = client.get(MENTIONS, params={"unread": "true"}, headers=world.as_("supervisor"))
    assert unread.json()["items"] == []
    everything = client.get(MENTIONS, headers=world.as_("supervisor")).json()["items"]
    assert [m["id"] for m in everything] == [mention["id"]]


def test_rest_read_is_own_only_and_idempotent(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    write(client, world, "supervisor", customer, "@rep see this")
    (mention,) = client.get(MENTIONS, headers=world.as_("rep")).json()["items"]
    url = f"{MENTIONS}/{mention['id']}/read"
    assert client.post(url, headers=world.as_("other_rep")).status_code == 404
    first = client.post(url, headers=world.as_("rep"))
    again = client.post(url, headers=world.as_("rep"))
    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] is not None
    assert again.json()["read_at"] == first.json()["read_at"]
    assert client.get(MENTIONS, headers=world.as_("other_rep")).json()["items"] == []
