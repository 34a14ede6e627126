"""Internal notes through the REST API: only on visible records, immutable, cards masked."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, Department
from desk_app.server.interactions.models import Interaction
from desk_app.server.orders.models import Order
from desk_app.server.tickets.models import Ticket
from tests.support.builders import World, make_customer

URL = "/api/v1/notes"
CARD = "4111 1111 1111 1111"


def _note(client: TestClient, world: World, who: str, subject_type: str, subject_id: object):
    return client.post(
        URL,
        json={"subject_type": subject_type, "subject_id": str(subject_id), "body": "Called back"},
        headers=world.as_(who),
    )


def test_note_on_customer_masks_card_numbers_and_lists_oldest_first(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    first = client.post(
        URL,
        json={
            "subject_type": "customer",
            "subject_id": str(customer.id),
            "body": f"Paid with {CARD}, expiry 12/30",
        },
        headers=world.as_("rep"),
    )
    assert first.status_code == 201, first.text
    assert first.json()["body"] == "Paid with •••• 1111, expiry 12/30"
    assert first.json()["author_id"] == str(world.rep.id)
    assert first.json()["mentioned"] == []
    _note(client, world, "supervisor", "customer", customer.id)

    listed = client.get(
        URL,
        params={"subject_type": "customer", "subject_id": str(customer.id)},
        headers=world.as_("rep"),
    ).json()
    assert [n["body"] for n in listed["items"]] == [
        "Paid with •••• 1111, expiry 12/30",
        "Called back",
    ]
    assert CARD not in str(listed)


def test_retail_cannot_note_or_read_notes_on_another_stores_customer(
    client: TestClient, world: World, db: Session
) -> None:
    theirs = make_customer(db, store=world.other_store)
    db.commit()
    assert _note(client, world, "rep", "customer", theirs.id).status_code == 201
    assert _note(client, world, "retail", "customer", theirs.id).status_code == 404
    listed = client.get(
        URL,
        params={"subject_type": "customer", "subject_id": str(theirs.id)},
        headers=world.as_("retail"),
    )
    assert listed.status_code == 404


def test_ticket_notes_follow_work_scope(client: TestClient, world: World, db: Session) -> None:
    ticket = Ticket(
        number="T-1",
        subject="Broken screen",
        department=Department.TECHNICAL_SUPPORT,
        owner_id=world.rep.id,
        team_id=world.team.id,
    )
    db.add(ticket)
    db.commit()
    assert _note(client, world, "rep", "ticket", ticket.id).status_code == 201
    assert _note(client, world, "supervisor", "ticket", ticket.id).status_code == 201
    assert _note(client, world, "admin", "ticket", ticket.id).status_code == 201
    assert _note(client, world, "other_rep", "ticket", ticket.id).status_code == 404
    assert _note(client, world, "retail", "ticket", ticket.id).status_code == 404


def test_interaction_notes_need_the_assignee_or_its_store(
    client: TestClient, world: World, db: Session
) -> None:
    walk_in = Interaction(channel=Channel.WALK_IN, store_id=world.store.id)
    call = Interaction(channel=Channel.VOICE, assigned_agent_id=world.other_rep.id)
    db.add_all([walk_in, call])
    db.commit()
    assert _note(client, world, "retail", "interaction", walk_in.id).status_code == 201
    assert _note(client, world, "rep", "interaction", walk_in.id).status_code == 404
    assert _note(client, world, "other_rep", "interaction", call.id).status_code == 201
    assert _note(client, world, "rep", "interaction", call.id).status_code == 404


def test_order_notes_follow_customer_scope(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db, store=world.store)
    order = Order(number="O-1", customer_id=customer.id)
    db.add(order)
    db.commit()
    assert _note(client, world, "retail", "order", order.id).status_code == 201
    response = client.get(
        URL,
        params={"subject_type": "order", "subject_id": str(order.id)},
        headers=world.as_("rep"),
    )
    assert [n["author_id"] for n in response.json()["items"]] == [str(world.retail.id)]


def test_note_on_missing_subject_is_404(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    db.commit()
    assert _note(client, world, "admin", "ticket", customer.id).status_code == 404


def test_notes_are_immutable(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    db.commit()
    note = _note(client, world, "rep", "customer", customer.id).json()
    edit = client.patch(f"{URL}/{note['id']}", json={"body": "x"}, headers=world.as_("rep"))
    assert edit.status_code in (404, 405)


def test_bad_note_input_is_a_422_problem(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    db.commit()
    for body in (
        {"subject_type": "planet", "subject_id": str(customer.id), "body": "x"},
        {"subject_type": "customer", "subject_id": str(customer.id), "body": ""},
        {"subject_type": "customer", "subject_id": str(customer.id), "body": "x", "pinned": 1},
    ):
        response = client.post(URL, json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    missing = client.get(URL, params={"subject_type": "customer"}, headers=world.as_("rep"))
    assert missing.status_code == 422


def test_a_rep_notes_an_unowned_ticket_in_their_teams_queue(
    client: TestClient, world: World, db: Session
) -> None:
    queued = Ticket(
        number="T-2",
        subject="Parcel lost",
        department=Department.LOGISTICS,
        team_id=world.team.id,
    )
    db.add(queued)
    db.commit()
    assert _note(client, world, "rep", "ticket", queued.id).status_code == 201
    assert _note(client, world, "other_rep", "ticket", queued.id).status_code == 404
