"""Tickets through the REST API: numbering, scope, versions, reassignment and escalation.

The life cycle, SLA clocks and hand-off details have their own modules
(test_ticket_lifecycle.py, test_ticket_sla.py).
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from desk_app.domain.enums import Department, TicketStatus
from desk_app.server.tickets import service
from desk_app.server.tickets.models import Ticket
from desk_app.server.tickets.schemas import TicketCreate
from desk_app.server.users.models import User
from tests.support.builders import World, make_customer, make_ticket

CARD = "4111 1111 1111 1111"
URL = "/api/v1/tickets"


def _ids(client: TestClient, world: World, who: str, **params: str) -> set[str]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_new_ticket_is_numbered_owned_by_its_creator_and_masked(
    client: TestClient, world: World
) -> None:
    new = {"subject": "Double charge", "department": "billing"}
    first = client.post(
        URL, json={**new, "description": f"card {CARD} charged twice"}, headers=world.as_("rep")
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["number"] == "T-000001"
    assert (body["status"], body["version"]) == ("new", 1)
    assert body["owner_id"] == str(world.rep.id)
    assert body["team_id"] == str(world.team.id)
    assert body["description"] == "card •••• 1111 charged twice"
    second = client.post(URL, json=new, headers=world.as_("retail")).json()
    assert second["number"] == "T-000002"
    assert second["store_id"] == str(world.store.id)


def test_numbering_continues_after_the_highest_number(client: TestClient, world: World, db) -> None:
    make_ticket(db, owner=world.rep, number="T-000041")
    make_ticket(db, owner=world.rep, number="T-000007")
    db.commit()
    response = client.post(
        URL, json={"subject": "Late parcel", "department": "logistics"}, headers=world.as_("rep")
    )
    assert response.json()["number"] == "T-000042"


def test_concurrent_creation_gives_distinct_numbers(app: FastAPI, world: World) -> None:
    def create(index: int) -> str:
        with app.state.session_factory() as session:
            user = session.get(User, world.rep.id)
            data = TicketCreate(subject=f"Ticket {index}", department=Department.BILLING)
            return service.create(session=session, user=user, data=data).number

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(create, range(12)))
    assert sorted(numbers) == [f"T-{n:06d}" for n in range(1, 13)]


def test_a_number_taken_in_a_race_is_retried_with_the_next(
    client: TestClient, world: World, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_ticket(db, owner=world.rep, number="T-000005")
    db.commit()
    proposals = iter(["T-000005"])  # what a worker that lost the race would propose
    real = service.next_number
    monkeypatch.setattr(
        service, "next_number", lambda *, session: next(proposals, None) or real(session=session)
    )
    response = client.post(
        URL, json={"subject": "Race", "department": "billing"}, headers=world.as_("rep")
    )
    assert response.status_code == 201, response.text
    assert response.json()["number"] == "T-000006"


def test_offline_created_ticket_keeps_its_id_once(client: TestClient, world: World) -> None:
    offline_id = str(uuid.uuid4())
    new = {"id": offline_id, "subject": "Broken lid", "department": "technical_support"}
    created = client.post(URL, json=new, headers=world.as_("rep"))
    assert created.status_code == 201
    assert created.json()["id"] == offline_id
    again = client.post(URL, json=new, headers=world.as_("rep"))
    assert again.status_code == 409


def test_invalid_ticket_is_a_422_problem(client: TestClient, world: World) -> None:
    for body in (
        {"subject": "No department"},
        {"subject": "", "department": "billing"},
        {"subject": "x", "department": "sales"},
        {"subject": "x", "department": "billing", "number": "T-1"},
    ):
        response = client.post(URL, json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"


def test_each_role_sees_its_own_part_of_the_tickets(client: TestClient, world: World, db) -> None:
    own = make_ticket(db, owner=world.rep)
    theirs = make_ticket(db, owner=world.other_rep)
    store = make_ticket(db, owner=world.retail)
    db.commit()
    assert _ids(client, world, "rep") == {str(own.id)}
    assert client.get(f"{URL}/{theirs.id}", headers=world.as_("rep")).status_code == 404
    assert _ids(client, world, "retail") == {str(store.id)}
    assert _ids(client, world, "supervisor") == {str(own.id)}
    assert _ids(client, world, "admin") == {str(own.id), str(theirs.id), str(store.id)}


def test_list_filters_narrow_the_tickets(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    theirs = make_ticket(db, owner=world.rep, customer_id=customer.id)
    make_ticket(db, owner=world.rep)
    billing = make_ticket(
        db,
        owner=world.other_rep,
        department=Department.BILLING,
        status=TicketStatus.PENDING_INTERNAL,
    )
    db.commit()
    assert _ids(client, world, "admin", customer_id=str(customer.id)) == {str(theirs.id)}
    pending = _ids(client, world, "admin", department="billing", status="pending_internal")
    assert pending == {str(billing.id)}
    assert _ids(client, world, "admin", owner_id=str(world.other_rep.id)) == {str(billing.id)}
    bad = client.get(URL, params={"status": "escalated"}, headers=world.as_("admin"))
    assert bad.status_code == 422


def test_tickets_are_paged_by_cursor(client: TestClient, world: World, db) -> None:
    made = [str(make_ticket(db, owner=world.rep).id) for _ in range(5)]
    db.commit()
    first = client.get(URL, params={"limit": 4}, headers=world.as_("rep")).json()
    second = client.get(
        URL, params={"limit": 4, "cursor": first["next_cursor"]}, headers=world.as_("rep")
    ).json()
    assert [t["id"] for t in first["items"] + second["items"]] == made
    assert second["next_cursor"] is None


def test_edit_masks_text_and_stale_version_gets_409(client: TestClient, world: World, db) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    url = f"{URL}/{ticket.id}"
    edited = client.patch(
        url,
        json={"version": 1, "status": "open", "description": f"customer read out {CARD}"},
        headers=world.as_("rep"),
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["description"] == "customer read out •••• 1111"
    assert edited.json()["version"] == 2
    stale = client.patch(url, json={"version": 1, "priority": "high"}, headers=world.as_("rep"))
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "open"


def test_patch_cannot_escalate_or_null_required_fields(
    client: TestClient, world: World, db
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    for body in (
        {"version": 1, "status": "escalated"},
        {"version": 1, "subject": None},
        {"version": 1, "department": "billing"},
    ):
        response = client.patch(f"{URL}/{ticket.id}", json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body


def test_rep_cannot_reassign_ticket(client: TestClient, world: World, db) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    response = client.patch(
        f"{URL}/{ticket.id}",
        json={"version": 1, "owner_id": str(world.other_rep.id)},
        headers=world.as_("rep"),
    )
    assert response.status_code == 403
    db.expire_all()
    assert db.get(Ticket, ticket.id).owner_id == world.rep.id


def test_supervisor_reassignment_is_audited_and_moves_the_team(
    client: TestClient, world: World, db
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    response = client.patch(
        f"{URL}/{ticket.id}",
        json={"version": 1, "owner_id": str(world.other_rep.id)},
        headers=world.as_("supervisor"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["team_id"] == str(world.other_team.id)
    [row] = client.get(
        "/api/v1/audit", params={"action": "ticket.reassign"}, headers=world.as_("admin")
    ).json()["items"]
    assert row["target_id"] == str(ticket.id)
    assert row["detail"]["to_owner_id"] == str(world.other_rep.id)
    unknown = client.patch(
        f"{URL}/{ticket.id}",
        json={"version": 2, "owner_id": str(uuid.uuid4())},
        headers=world.as_("admin"),
    )
    assert unknown.status_code == 422


HAND_OFF = {
    "tried": "restarted the kettle",
    "told": "a specialist calls back",
    "expected": "replace the unit",
}


def test_rep_escalates_own_ticket_to_another_department(
    client: TestClient, world: World, db
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    response = client.post(
        f"{URL}/{ticket.id}/escalate",
        json={
            "version": 1,
            "to_department": "billing",
            "to_owner_id": str(world.other_rep.id),
            **HAND_OFF,
            "tried": f"refund to {CARD}",
        },
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["department"], body["version"]) == ("open", "billing", 2)
    assert body["owner_id"] == str(world.other_rep.id)
    assert body["team_id"] == str(world.other_team.id)
    [escalation] = body["escalations"]
    assert escalation["from_department"] == "technical_support"
    assert escalation["by_id"] == str(world.rep.id)
    assert escalation["tried"] == "refund to •••• 1111"
    assert escalation["note"].startswith("Tried: refund to •••• 1111\n")
    assert client.get(f"{URL}/{ticket.id}", headers=world.as_("other_rep")).status_code == 200
    assert client.get(f"{URL}/{ticket.id}", headers=world.as_("rep")).status_code == 404


def test_escalation_is_versioned_and_checks_its_target(
    client: TestClient, world: World, db
) -> None:
    ticket = make_ticket(db, owner=world.supervisor)
    db.commit()
    url = f"{URL}/{ticket.id}/escalate"
    to_logistics = {"version": 1, "to_department": "logistics", **HAND_OFF}
    assert client.post(url, json=to_logistics, headers=world.as_("supervisor")).status_code == 200
    stale = client.post(url, json=to_logistics, headers=world.as_("admin"))
    assert stale.status_code == 409
    assert len(stale.json()["current"]["escalations"]) == 1
    nobody = client.post(
        url,
        json={
            "version": 2,
            "to_department": "billing",
            "to_owner_id": str(uuid.uuid4()),
            **HAND_OFF,
        },
        headers=world.as_("admin"),
    )
    assert nobody.status_code == 422
    nowhere = client.post(url, json={"version": 2, **HAND_OFF}, headers=world.as_("admin"))
    assert nowhere.status_code == 422
    assert "another department or to a higher tier" in nowhere.json()["detail"]
    assert client.post(url, json=to_logistics, headers=world.as_("other_rep")).status_code == 404
