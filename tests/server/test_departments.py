"""Department queues beyond the built-in four (``DESK_DEPARTMENTS``): tickets go to them,
escalations reach the team serving them, notes @mention them, desks learn them from /me."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.server.core.config import Settings
from tests.support.builders import World, make_customer

TICKETS = "/api/v1/tickets"
FEED = "/api/v1/sync/changes"
HAND_OFF = {
    "tried": "checked the batch number",
    "told": "quality calls back within two days",
    "expected": "test the returned unit",
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, departments=["quality"])


def test_the_desk_learns_the_departments_from_me(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/me", headers=world.as_("rep"))
    assert me.json()["departments"] == [
        "technical_support",
        "logistics",
        "billing",
        "marketing",
        "quality",
    ]


def test_a_ticket_goes_to_a_configured_department_and_not_to_an_unknown_one(
    client: TestClient, world: World
) -> None:
    headers = world.as_("rep")
    refused = client.post(
        TICKETS, json={"subject": "Faulty kettle", "department": "legal"}, headers=headers
    )
    assert refused.status_code == 422
    assert "there is no 'legal' department" in refused.json()["detail"]
    made = client.post(
        TICKETS, json={"subject": "Faulty kettle", "department": "quality"}, headers=headers
    )
    assert made.status_code == 201, made.text
    assert made.json()["department"] == "quality"


def test_an_escalation_to_a_configured_department_reaches_the_team_serving_it(
    client: TestClient, world: World, db: Session
) -> None:
    world.other_team.department = "quality"
    db.commit()
    ticket = client.post(
        TICKETS,
        json={"subject": "Kettle leaks", "department": "technical_support"},
        headers=world.as_("rep"),
    ).json()
    start = client.get(FEED, params={"after": 0}, headers=world.as_("other_rep")).json()
    unknown = client.post(
        f"{TICKETS}/{ticket['id']}/escalate",
        json={"version": ticket["version"], "to_department": "legal", **HAND_OFF},
        headers=world.as_("rep"),
    )
    assert unknown.status_code == 422
    escalated = client.post(
        f"{TICKETS}/{ticket['id']}/escalate",
        json={"version": ticket["version"], "to_department": "quality", **HAND_OFF},
        headers=world.as_("rep"),
    )
    assert escalated.status_code == 200, escalated.text
    body = escalated.json()
    assert (body["department"], body["team_id"], body["owner_id"]) == (
        "quality",
        str(world.other_team.id),
        None,
    )
    fed = client.get(
        FEED, params={"after": start["last_seq"]}, headers=world.as_("other_rep")
    ).json()
    received = [c["record"] for c in fed["changes"] if c["entity"] == "ticket"]
    assert [t["escalations"][-1]["to_department"] for t in received] == ["quality"]


def test_a_note_mentioning_a_configured_department_reaches_its_team(
    client: TestClient, world: World, db: Session
) -> None:
    world.other_team.department = "quality"
    customer = make_customer(db)
    db.commit()
    note = client.post(
        "/api/v1/notes",
        json={
            "subject_type": "customer",
            "subject_id": str(customer.id),
            "body": "@quality the kettle is back",
        },
        headers=world.as_("rep"),
    )
    assert note.status_code == 201, note.text
    assert note.json()["mentioned"] == ["quality"]
    mentions = client.get("/api/v1/mentions", headers=world.as_("other_rep")).json()["items"]
    assert [(m["department"], m["excerpt"]) for m in mentions] == [
        ("quality", "@quality the kettle is back")
    ]
