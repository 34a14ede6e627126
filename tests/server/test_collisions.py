"""Collision warnings: colleagues on the same customer or ticket see each other, and who is on
the phone with the customer; nothing leaks past the caller's scope."""

import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app.domain.enums import CallState
from desk_app.server.collisions.models import Viewing
from desk_app.server.collisions.schemas import MAX_SUBJECTS
from desk_app.server.core.db import utcnow
from tests.support.builders import World, make_customer, make_interaction, make_ticket

URL = "/api/v1/collisions"


def beat(client: TestClient, world: World, who: str, **subjects: Any) -> list[dict[str, Any]]:
    body = {key: [str(i) for i in ids] for key, ids in subjects.items()}
    response = client.post(URL, json=body, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return response.json()["others"]


def seen(others: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {(o["user_id"], o["subject_type"], o["subject_id"], o["activity"]) for o in others}


def test_two_people_on_the_same_customer_see_each_other(
    client: TestClient, world: World, db: Session
) -> None:
    customer, alone = make_customer(db), make_customer(db, "Grace Hopper")
    db.commit()
    assert beat(client, world, "rep", customer_ids=[customer.id, alone.id]) == []
    others = beat(client, world, "other_rep", customer_ids=[customer.id])
    assert seen(others) == {(str(world.rep.id), "customer", str(customer.id), "viewing")}
    assert others[0]["display_name"] == world.rep.display_name
    back = beat(client, world, "rep", customer_ids=[customer.id, alone.id])
    assert seen(back) == {(str(world.other_rep.id), "customer", str(customer.id), "viewing")}
    # the other rep closes the tab: their next heartbeat no longer names the customer
    beat(client, world, "other_rep")
    assert beat(client, world, "rep", customer_ids=[customer.id]) == []


def test_a_heartbeat_older_than_a_minute_no_longer_counts(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    beat(client, world, "other_rep", customer_ids=[customer.id])
    assert beat(client, world, "rep", customer_ids=[customer.id]) != []
    db.execute(update(Viewing).values(seen_at=utcnow() - timedelta(seconds=61)))
    db.commit()
    assert beat(client, world, "supervisor", customer_ids=[customer.id]) == []


def test_a_colleague_on_the_phone_with_the_customer_shows(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    make_interaction(db, agent=world.other_rep, customer_id=customer.id, call_state="connected")
    make_interaction(db, agent=world.rep, customer_id=customer.id, call_state=CallState.ON_HOLD)
    ended = make_interaction(db, agent=world.supervisor, customer_id=customer.id)
    ended.call_state = CallState.ENDED
    db.commit()
    others = beat(client, world, "rep", customer_ids=[customer.id])
    # the caller's own call is not a warning; an ended call is none either
    assert seen(others) == {(str(world.other_rep.id), "customer", str(customer.id), "on_call")}
    # and the one on the phone sees the rep who opened the customer
    viewers = beat(client, world, "other_rep", customer_ids=[customer.id])
    assert (str(world.rep.id), "customer", str(customer.id), "viewing") in seen(viewers)


def test_tickets_collide_too_within_scope_and_unknown_ids_are_ignored(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    hidden = make_customer(db, store=world.other_store)
    db.commit()
    beat(client, world, "supervisor", ticket_ids=[ticket.id], customer_ids=[hidden.id])
    others = beat(client, world, "rep", ticket_ids=[ticket.id, uuid.uuid4()])
    assert seen(others) == {(str(world.supervisor.id), "ticket", str(ticket.id), "viewing")}
    # the retail desk cannot open another store's customer: no warning about it either way
    assert beat(client, world, "retail", customer_ids=[hidden.id]) == []
    assert beat(client, world, "other_rep", ticket_ids=[ticket.id]) == []
    assert beat(client, world, "supervisor", ticket_ids=[ticket.id]) != []
    kept = db.scalars(select(Viewing.subject_id).where(Viewing.user_id == world.retail.id))
    assert kept.all() == []  # what the caller cannot see is not recorded as viewed


def test_oversize_reports_are_refused(client: TestClient, world: World) -> None:
    too_many = [str(uuid.uuid4()) for _ in range(MAX_SUBJECTS + 1)]
    for key in ("customer_ids", "ticket_ids"):
        response = client.post(URL, json={key: too_many}, headers=world.as_("rep"))
        assert response.status_code == 422, key
    unknown = client.post(URL, json={"viewing": []}, headers=world.as_("rep"))
    assert unknown.status_code == 422
