"""A ticket's life: created with its checklist, moved as the life cycle allows, ticked,
taken from the queue, escalated with a hand-off note that reaches the receiving desk."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import Department, Role
from desk_app.domain.tickets import CHECKLIST_TEMPLATES, checklist_for
from desk_app.server.interactions.models import Interaction
from desk_app.server.tickets import service
from desk_app.server.tickets.models import Ticket
from desk_app.server.tickets.schemas import TicketCheck
from desk_app.server.users.models import User
from tests.support.builders import (
    World,
    make_customer,
    make_interaction,
    make_order,
    make_ticket,
    make_user,
    token_for,
)

URL = "/api/v1/tickets"
FEED = "/api/v1/sync/changes"
HAND_OFF = {
    "tried": "reset the router twice",
    "told": "a technician calls within a day",
    "expected": "check the line from the exchange",
}


def create(client: TestClient, world: World, who: str = "rep", **fields: Any) -> dict[str, Any]:
    body = {"subject": "No internet", "department": "technical_support", **fields}
    response = client.post(URL, json=body, headers=world.as_(who))
    assert response.status_code == 201, response.text
    return response.json()


def patch(client: TestClient, world: World, ticket: dict[str, Any], who: str = "rep", **fields):
    return client.patch(
        f"{URL}/{ticket['id']}",
        json={"version": ticket["version"], **fields},
        headers=world.as_(who),
    )


def kinds(ticket: dict[str, Any]) -> list[str]:
    return [event["kind"] for event in ticket["history"]]


def test_a_new_ticket_gets_its_category_checklist_and_a_created_event(
    client: TestClient, world: World
) -> None:
    ticket = create(client, world, category="technical_issue")
    assert [item["text"] for item in ticket["checklist"]] == list(
        CHECKLIST_TEMPLATES["technical_issue"]
    )
    assert not any(item["done"] for item in ticket["checklist"])
    assert (ticket["tier"], ticket["category"]) == (1, "technical_issue")
    assert kinds(ticket) == ["created"]
    assert ticket["history"][0]["by_id"] == str(world.rep.id)
    assert create(client, world, category="no_template")["checklist"] == []


def test_the_life_cycle_refuses_moves_it_does_not_allow(client: TestClient, world: World) -> None:
    ticket = create(client, world)
    closed_too_soon = patch(client, world, ticket, status="closed")
    assert closed_too_soon.status_code == 422
    assert closed_too_soon.json()["detail"] == "a ticket cannot go from new to closed"
    steps = ["open", "pending_internal", "pending_customer", "open", "resolved", "open"]
    for status in steps:
        moved = patch(client, world, ticket, status=status)
        assert moved.status_code == 200, (status, moved.text)
        ticket = moved.json()
    assert ticket["resolved_at"] is None  # reopened: the resolution clock runs again
    ticket = patch(client, world, ticket, status="resolved").json()
    assert ticket["resolved_at"] is not None
    ticket = patch(client, world, ticket, status="closed").json()
    assert ticket["status"] == "closed"
    final = patch(client, world, ticket, status="open")
    assert final.status_code == 422
    assert final.json()["detail"] == "a ticket cannot go from closed to open"
    moves = [
        (e["detail"]["from"], e["detail"]["to"]) for e in ticket["history"] if e["kind"] == "status"
    ]
    assert moves == list(
        zip(["new", *steps, "resolved"], [*steps, "resolved", "closed"], strict=True)
    )
    assert kinds(ticket).count("first_response") == 1


def test_resolving_needs_the_checklist_done_and_ticks_are_in_the_history(
    client: TestClient, world: World
) -> None:
    ticket = create(client, world, category="shipping_delay")
    refused = patch(client, world, ticket, status="resolved")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("2 checklist item(s) still open: Carrier tracking")
    for index in (0, 1):
        ticked = client.post(
            f"{URL}/{ticket['id']}/check",
            json={"index": index, "done": True},
            headers=world.as_("rep"),
        )
        assert ticked.status_code == 200, ticked.text
    ticket = ticked.json()
    assert ticket["version"] == 3  # a tick is an edit: the desk's copy must move on
    assert [e["detail"]["item"] for e in ticket["history"] if e["kind"] == "checklist"] == [0, 1]
    resolved = patch(client, world, ticket, status="resolved")
    assert resolved.status_code == 200, resolved.text
    unknown = client.post(
        f"{URL}/{ticket['id']}/check", json={"index": 5, "done": True}, headers=world.as_("rep")
    )
    assert unknown.status_code == 422
    settled = client.post(
        f"{URL}/{ticket['id']}/check", json={"index": 0, "done": False}, headers=world.as_("rep")
    )
    assert settled.status_code == 422  # a resolved ticket's checklist stays as it was


def test_a_ticket_from_a_contact_links_it_and_an_order_must_be_the_customers(
    client: TestClient, world: World, db: Session
) -> None:
    customer, stranger = make_customer(db), make_customer(db)
    order = make_order(db, customer)
    theirs = make_order(db, stranger)
    contact = make_interaction(db, agent=world.rep, customer_id=customer.id)
    someone_elses = make_interaction(db, agent=world.other_rep)
    db.commit()
    ticket = create(client, world, interaction_id=str(contact.id), order_id=str(order.id))
    assert ticket["interaction_ids"] == [str(contact.id)]
    assert ticket["customer_id"] == str(customer.id)  # taken from the contact
    assert ticket["order_id"] == str(order.id)
    linked = [e["detail"] for e in ticket["history"] if e["kind"] == "linked"]
    assert {"interaction_id": str(contact.id)} in linked
    db.expire_all()
    assert str(db.get(Interaction, contact.id).ticket_id) == ticket["id"]
    for fields in (
        {"customer_id": str(customer.id), "order_id": str(theirs.id)},
        {"interaction_id": str(someone_elses.id)},
    ):
        response = client.post(
            URL, json={"subject": "x", "department": "billing", **fields}, headers=world.as_("rep")
        )
        assert response.status_code == 422, fields


def test_a_rep_takes_an_unowned_ticket_of_their_queue_but_reassigns_nothing(
    client: TestClient, world: World, db: Session
) -> None:
    queued = make_ticket(db, team_id=world.team.id)
    elsewhere = make_ticket(db, team_id=world.other_team.id)
    db.commit()
    listed = client.get(URL, headers=world.as_("rep")).json()["items"]
    assert [t["id"] for t in listed] == [str(queued.id)]
    assert client.get(f"{URL}/{elsewhere.id}", headers=world.as_("rep")).status_code == 404
    taken = patch(client, world, {"id": queued.id, "version": 1}, owner_id=str(world.rep.id))
    assert taken.status_code == 200, taken.text
    assert taken.json()["owner_id"] == str(world.rep.id)
    [assigned] = [e for e in taken.json()["history"] if e["kind"] == "assigned"]
    assert assigned["detail"] == {"from": None, "to": str(world.rep.id)}
    given_away = patch(client, world, taken.json(), owner_id=str(world.other_rep.id))
    assert given_away.status_code == 403


def test_escalation_needs_the_whole_hand_off_note(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = create(client, world)
    url = f"{URL}/{ticket['id']}/escalate"
    half = client.post(
        url,
        json={"version": 1, "to_department": "billing", "tried": "x", "told": " "},
        headers=world.as_("rep"),
    )
    assert half.status_code == 422
    assert half.json()["detail"] == (
        "the hand-off note needs what the customer was told, what is expected next"
    )
    same_place = client.post(
        url, json={"version": 1, "to_tier": 1, **HAND_OFF}, headers=world.as_("rep")
    )
    assert same_place.status_code == 422
    assert client.get(f"{URL}/{ticket['id']}", headers=world.as_("rep")).json()["version"] == 1


def _trail() -> list[dict[str, Any]]:
    visit = {
        "script": "no_internet",
        "revision": 1,
        "said": "",
        "entered_at": "2030-01-01T09:00:00Z",
        "seconds": 10,
        "confirmed": [],
    }
    return [
        {**visit, "step": "greet", "left_by": "next", "choice": None, "checked": []},
        {**visit, "step": "router", "left_by": "choice", "choice": "lights_off", "checked": []},
        {**visit, "step": "reset", "left_by": "next", "choice": None, "checked": ["cable in"]},
        {**visit, "step": "escalate", "left_by": None, "choice": None, "checked": []},
    ]


def test_escalation_carries_the_contacts_script_path_and_reaches_the_receiving_queue(
    client: TestClient, world: World, db: Session
) -> None:
    world.other_team.department = Department.BILLING.value
    billing_store_desk = make_user(
        db, Role.RETAIL, team=world.other_team, store=world.other_store, username="till"
    )
    till = token_for(db, billing_store_desk)
    contact = make_interaction(db, agent=world.rep, script_trail=_trail(), disposition="escalated")
    db.commit()
    starts = {
        who: client.get(FEED, params={"after": 0}, headers=h).json()["last_seq"]
        for who, h in (("other_rep", world.as_("other_rep")), ("till", till))
    }
    ticket = create(client, world, interaction_id=str(contact.id))
    response = client.post(
        f"{URL}/{ticket['id']}/escalate",
        json={
            "version": ticket["version"],
            "to_department": "billing",
            "to_tier": 2,
            "interaction_id": str(contact.id),
            **HAND_OFF,
        },
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    escalated = response.json()
    assert (escalated["status"], escalated["department"], escalated["tier"]) == (
        "open",
        "billing",
        2,
    )
    assert escalated["owner_id"] is None
    assert escalated["team_id"] == str(world.other_team.id)  # the billing desk's queue
    [hand_off] = escalated["escalations"]
    assert hand_off["context"] == {
        "script_path": ["greet", "router", "reset", "escalate"],
        "answers": [
            {"step": "router", "choice": "lights_off", "checked": []},
            {"step": "reset", "choice": None, "checked": ["cable in"]},
        ],
        "disposition": "escalated",
    }
    assert (hand_off["from_tier"], hand_off["to_tier"]) == (1, 2)
    assert hand_off["note"] == (
        "Tried: reset the router twice\nCustomer told: a technician calls within a day\n"
        "Expected: check the line from the exchange"
    )
    [event] = [e for e in escalated["history"] if e["kind"] == "escalated"]
    assert event["detail"] == {
        "escalation_id": hand_off["id"],
        "from_department": "technical_support",
        "to_department": "billing",
        "from_tier": 1,
        "to_tier": 2,
    }
    for who, headers in (("other_rep", world.as_("other_rep")), ("till", till)):
        seen = client.get(f"{URL}/{ticket['id']}", headers=headers)
        assert seen.status_code == 200, who
        assert seen.json()["escalations"][0]["tried"] == HAND_OFF["tried"]
        feed = client.get(FEED, params={"after": starts[who]}, headers=headers).json()
        fed = [c["record"] for c in feed["changes"] if c["entity"] == "ticket"]
        assert fed, who
        assert fed[-1]["escalations"][0]["note"] == hand_off["note"], who
    assert client.get(f"{URL}/{ticket['id']}", headers=world.as_("rep")).status_code == 404


def test_a_new_category_brings_its_own_checklist(client: TestClient, world: World) -> None:
    ticket = create(client, world, category="returns")
    ticked = client.post(
        f"{URL}/{ticket['id']}/check", json={"index": 0, "done": True}, headers=world.as_("rep")
    ).json()
    recategorised = patch(client, world, ticked, category="complaint")
    assert recategorised.status_code == 200, recategorised.text
    assert [item["text"] for item in recategorised.json()["checklist"]] == list(
        CHECKLIST_TEMPLATES["complaint"]
    )
    assert not any(item["done"] for item in recategorised.json()["checklist"])
    ticked = client.post(
        f"{URL}/{ticket['id']}/check", json={"index": 0, "done": True}, headers=world.as_("rep")
    ).json()
    same = patch(client, world, ticked, category="complaint", subject="Rude driver").json()
    assert same["checklist"][0]["done"] is True  # naming the same category again resets nothing


def test_a_tick_racing_another_edit_is_applied_on_top_of_it(
    app: FastAPI, world: World, db: Session
) -> None:
    made = make_ticket(db, owner=world.rep, checklist=checklist_for("returns"))
    db.commit()
    with app.state.session_factory() as session:
        user = session.get(User, world.rep.id)
        stale = service.get(session=session, user=user, ticket_id=made.id)  # read at version 1
        with app.state.session_factory() as rival:  # meanwhile someone renames it
            rival.get(Ticket, made.id).subject = "Renamed meanwhile"
            rival.commit()
        ticked = service.check(
            session=session, user=user, ticket=stale, data=TicketCheck(index=1, done=True)
        )
        assert (ticked.subject, ticked.version) == ("Renamed meanwhile", 3)
        assert [item["done"] for item in ticked.checklist] == [False, True]
