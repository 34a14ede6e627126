"""Ask my supervisor: asked offline, seen on the supervisor's desk, answered back to the rep."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.domain.ids import new_id
from desk_app.server.audit.models import AuditEntry
from desk_app.server.tickets.models import Ticket
from tests.support.builders import World, make_interaction, make_ticket, make_user, token_for

URL = "/api/v1/questions"
FEED = "/api/v1/sync/changes"
OPS = "/api/v1/sync/ops"


def head(client: TestClient, headers: dict[str, str]) -> int:
    return int(client.get(FEED, params={"after": 0}, headers=headers).json()["last_seq"])


def fed_questions(client: TestClient, headers: dict[str, str], after: int) -> list[dict]:
    response = client.get(FEED, params={"after": after}, headers=headers)
    assert response.status_code == 200, response.text
    return [
        c["record"]
        for c in response.json()["changes"]
        if c["entity"] == "question" and c["action"] == "upsert"
    ]


def send(client: TestClient, headers: dict[str, str], kind: str, payload: dict) -> dict[str, Any]:
    body = {"ops": [{"op_id": str(new_id()), "kind": kind, "payload": payload}]}
    response = client.post(OPS, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"][0]


def ask(client: TestClient, world: World, subject_type: str, subject_id: object, body: str):
    return send(
        client,
        world.as_("rep"),
        "question.ask",
        {
            "id": str(new_id()),
            "subject_type": subject_type,
            "subject_id": str(subject_id),
            "body": body,
        },
    )


def test_the_question_round_trip(client: TestClient, world: World, db: Session) -> None:
    ticket = make_ticket(db, owner=world.rep)
    stranger = make_user(db, Role.SUPERVISOR, team=world.other_team)
    stranger_headers = token_for(db, stranger)
    db.commit()
    starts = {
        "rep": head(client, world.as_("rep")),
        "supervisor": head(client, world.as_("supervisor")),
        "stranger": head(client, stranger_headers),
    }

    asked = ask(client, world, "ticket", ticket.id, "May I refund 250? Card 4111 1111 1111 1111")

    assert asked["status"] == "applied", asked
    question = asked["record"]
    assert question["body"] == "May I refund 250? Card •••• 1111"
    assert (question["asked_by_id"], question["team_id"]) == (str(world.rep.id), str(world.team.id))
    assert question["answer"] is None
    db.expire_all()
    assert db.get(Ticket, ticket.id).needs_supervisor is True
    (seen,) = fed_questions(client, world.as_("supervisor"), starts["supervisor"])
    assert seen["id"] == question["id"]
    assert fed_questions(client, stranger_headers, starts["stranger"]) == []

    url = f"{URL}/{question['id']}/answer"
    refused = client.post(url, json={"answer": "No."}, headers=stranger_headers)
    assert refused.status_code == 403
    by_rep = send(
        client, world.as_("rep"), "question.answer", {"question_id": question["id"], "answer": "Y"}
    )
    assert by_rep["status"] == "rejected"

    answered = send(
        client,
        world.as_("supervisor"),
        "question.answer",
        {"question_id": question["id"], "answer": "Yes, note the reason."},
    )
    assert answered["status"] == "applied", answered
    assert answered["record"]["answered_by_id"] == str(world.supervisor.id)

    mine = fed_questions(client, world.as_("rep"), starts["rep"])
    assert mine[-1]["answer"] == "Yes, note the reason."
    assert mine[-1]["answered_at"] is not None
    db.expire_all()
    assert db.get(Ticket, ticket.id).needs_supervisor is False
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "question.answer")).all()
    assert [(a.actor_id, a.target_id) for a in audit] == [(world.supervisor.id, question["id"])]

    again = client.post(url, json={"answer": "Actually no."}, headers=world.as_("admin"))
    assert again.status_code == 409
    assert again.json()["current"]["answer"] == "Yes, note the reason."


def test_the_ticket_stays_flagged_while_a_question_on_it_is_open(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    first = ask(client, world, "ticket", ticket.id, "First?")["record"]
    second = ask(client, world, "ticket", ticket.id, "Second?")["record"]

    def answer(question: dict) -> None:
        response = client.post(
            f"{URL}/{question['id']}/answer", json={"answer": "ok"}, headers=world.as_("admin")
        )
        assert response.status_code == 200, response.text

    answer(first)
    db.expire_all()
    assert db.get(Ticket, ticket.id).needs_supervisor is True
    answer(second)
    db.expire_all()
    assert db.get(Ticket, ticket.id).needs_supervisor is False


def test_who_lists_which_questions(client: TestClient, world: World, db: Session) -> None:
    mine = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.other_rep)
    db.commit()
    rep_question = ask(client, world, "interaction", mine.id, "Which script?")["record"]
    other = client.post(
        URL,
        json={"subject_type": "interaction", "subject_id": str(theirs.id), "body": "Help"},
        headers=world.as_("other_rep"),
    )
    assert other.status_code == 201, other.text
    client.post(
        f"{URL}/{other.json()['id']}/answer", json={"answer": "ok"}, headers=world.as_("admin")
    )

    def listed(who: str, **params: str) -> list[str]:
        response = client.get(URL, params=params, headers=world.as_(who))
        assert response.status_code == 200, response.text
        return [q["id"] for q in response.json()["items"]]

    assert listed("rep") == [rep_question["id"]]
    assert listed("supervisor", open="true") == [rep_question["id"]]
    assert listed("other_rep", open="true") == []
    assert listed("other_rep", open="false") == [other.json()["id"]]
    assert listed("admin") == [rep_question["id"], other.json()["id"]]


def test_a_question_needs_a_subject_the_asker_sees_and_a_short_body(
    client: TestClient, world: World, db: Session
) -> None:
    theirs = make_ticket(db, owner=world.other_rep)
    mine = make_ticket(db, owner=world.rep)
    db.commit()
    hidden = ask(client, world, "ticket", theirs.id, "Why?")
    assert hidden["status"] == "rejected"
    assert "not found" in hidden["reason"]
    for body in (
        {"subject_type": "ticket", "subject_id": str(mine.id), "body": ""},
        {"subject_type": "ticket", "subject_id": str(mine.id), "body": "x" * 2001},
        {"subject_type": "customer", "subject_id": str(mine.id), "body": "x"},
        {"subject_type": "ticket", "subject_id": str(mine.id), "body": "x", "urgent": True},
    ):
        response = client.post(URL, json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body
    missing = client.post(
        f"{URL}/{new_id()}/answer", json={"answer": "x"}, headers=world.as_("admin")
    )
    assert missing.status_code == 404


def test_a_replayed_ask_is_one_question(client: TestClient, world: World, db: Session) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    op = {
        "op_id": str(new_id()),
        "kind": "question.ask",
        "payload": {
            "id": str(new_id()),
            "subject_type": "ticket",
            "subject_id": str(ticket.id),
            "body": "Once?",
        },
    }
    for _ in range(2):
        client.post(OPS, json={"ops": [op]}, headers=world.as_("rep"))
    listed = client.get(URL, headers=world.as_("rep")).json()["items"]
    assert [q["id"] for q in listed] == [op["payload"]["id"]]
