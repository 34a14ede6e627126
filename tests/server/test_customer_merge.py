"""POST /customers/{id}/merge: a duplicate folded into the survivor, audited, and sent to desks."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import NoteSubject
from desk_app.server.audit.models import AuditEntry
from desk_app.server.customers.models import (
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
)
from desk_app.server.customers.search_models import CustomerSearch, CustomerSearchKey
from desk_app.server.interactions.models import Interaction
from desk_app.server.notes.models import Note
from desk_app.server.orders.models import Invoice, Order
from desk_app.server.tickets.models import Ticket
from tests.support.builders import (
    World,
    make_customer,
    make_interaction,
    make_invoice,
    make_order,
    make_ticket,
)


def merge(
    client: TestClient, world: World, who: str, survivor: Customer, **body: Any
) -> tuple[int, dict[str, Any]]:
    response = client.post(
        f"/api/v1/customers/{survivor.id}/merge", json=body, headers=world.as_(who)
    )
    return response.status_code, response.json()


def pair(db: Session) -> tuple[Customer, Customer]:
    """Ada twice: once by phone, once by email, sharing one number and one address."""
    survivor = make_customer(db, "Ada Lovelace", email="ada@example.com")
    survivor.addresses = [
        CustomerAddress(
            line1="12 St James's Sq", city="London", postal_code="SW1Y 4JH", country="GB"
        )
    ]
    duplicate = make_customer(db, "Ada L.", email="ada@example.com")
    duplicate.phones.append(CustomerPhone(e164="+442079460958", label="work", position=1))
    duplicate.emails.append(CustomerEmail(email="ada.l@example.org", position=1))
    duplicate.addresses = [
        CustomerAddress(
            line1="12 st james's sq", city="London", postal_code="SW1Y4JH", country="GB"
        ),
        CustomerAddress(line1="1 Mill Lane", city="Ockham", postal_code="GU23 6NU", country="GB"),
    ]
    db.flush()
    return survivor, duplicate


def test_merge_moves_everything_to_the_survivor_and_deletes_the_duplicate(
    client: TestClient, world: World, db: Session
) -> None:
    survivor, duplicate = pair(db)
    kept_order = make_order(db, survivor)
    order = make_order(db, duplicate)
    invoice = make_invoice(db, duplicate)
    call = make_interaction(db, agent=world.rep, customer_id=duplicate.id)
    ticket = make_ticket(db, owner=world.rep, customer_id=duplicate.id)
    note = Note(
        subject_type=NoteSubject.CUSTOMER,
        subject_id=duplicate.id,
        author_id=world.rep.id,
        body="prefers email",
    )
    db.add(note)
    db.commit()

    status, body = merge(
        client,
        world,
        "supervisor",
        survivor,
        duplicate_id=str(duplicate.id),
        version=1,
        duplicate_version=1,
    )

    assert status == 200, body
    duplicate_id = duplicate.id
    assert body["id"] == str(survivor.id)
    assert body["version"] == 2
    assert [p["number"] for p in body["phones"]] == ["+12025550143", "+442079460958"]
    assert body["emails"] == ["ada@example.com", "ada.l@example.org"]
    assert [a["line1"] for a in body["addresses"]] == ["12 St James's Sq", "1 Mill Lane"]
    db.expire_all()
    assert db.get(Customer, duplicate_id) is None
    assert {o.customer_id for o in db.scalars(select(Order))} == {survivor.id}
    assert db.get(Order, kept_order.id) is not None
    assert db.get(Order, order.id).customer_id == survivor.id
    assert db.get(Invoice, invoice.id).customer_id == survivor.id
    assert db.get(Interaction, call.id).customer_id == survivor.id
    assert db.get(Ticket, ticket.id).customer_id == survivor.id
    assert db.get(Note, note.id).subject_id == survivor.id
    gone = client.get(f"/api/v1/customers/{duplicate_id}", headers=world.as_("rep"))
    assert gone.status_code == 404
    view = client.get(f"/api/v1/customers/{survivor.id}/overview", headers=world.as_("admin"))
    assert {o["id"] for o in view.json()["orders"]} == {str(kept_order.id), str(order.id)}
    assert {e["id"] for e in view.json()["timeline"]} == {str(call.id), str(ticket.id)}


def test_the_merge_is_audited_naming_both(client: TestClient, world: World, db: Session) -> None:
    survivor, duplicate = pair(db)
    make_order(db, duplicate)
    db.commit()
    status, _ = merge(
        client,
        world,
        "admin",
        survivor,
        duplicate_id=str(duplicate.id),
        version=1,
        duplicate_version=1,
    )
    assert status == 200
    duplicate_id = duplicate.id
    db.expire_all()
    [entry] = db.scalars(select(AuditEntry).where(AuditEntry.action == "customer.merge"))
    assert entry.actor_id == world.admin.id
    assert entry.target_id == str(survivor.id)
    assert entry.detail["duplicate_id"] == str(duplicate_id)
    assert entry.detail["duplicate_name"] == "Ada L."
    assert entry.detail["name"] == "Ada Lovelace"
    assert entry.detail["moved_sales_order"] == 1


def test_desks_drop_the_duplicate_and_refresh_the_survivor(
    client: TestClient, world: World, db: Session
) -> None:
    survivor, duplicate = pair(db)
    order = make_order(db, duplicate)
    db.commit()
    feed_url = "/api/v1/sync/changes"
    start = client.get(feed_url, params={"after": 0}, headers=world.as_("rep")).json()["last_seq"]

    status, _ = merge(
        client,
        world,
        "supervisor",
        survivor,
        duplicate_id=str(duplicate.id),
        version=1,
        duplicate_version=1,
    )
    assert status == 200

    changes = client.get(feed_url, params={"after": start}, headers=world.as_("rep")).json()
    seen = {(c["entity"], c["id"]): c for c in changes["changes"]}
    assert seen[("customer", str(duplicate.id))]["action"] == "delete"
    refreshed = seen[("customer", str(survivor.id))]
    assert refreshed["action"] == "upsert"
    assert refreshed["record"]["version"] == 2
    assert len(refreshed["record"]["phones"]) == 2
    moved = seen[("order", str(order.id))]
    assert moved["record"]["customer_id"] == str(survivor.id)


def test_stale_versions_are_a_conflict_and_change_nothing(
    client: TestClient, world: World, db: Session
) -> None:
    survivor, duplicate = pair(db)
    order = make_order(db, duplicate)
    db.commit()
    for versions in (
        {"version": 2, "duplicate_version": 1},
        {"version": 1, "duplicate_version": 7},
    ):
        status, body = merge(
            client, world, "supervisor", survivor, duplicate_id=str(duplicate.id), **versions
        )
        assert status == 409, body
        assert body["type"] == "/problems/version-conflict"
        assert body["current"]["version"] == 1
    db.expire_all()
    assert db.get(Customer, duplicate.id) is not None
    assert db.get(Order, order.id).customer_id == duplicate.id
    assert db.scalars(select(AuditEntry).where(AuditEntry.action == "customer.merge")).all() == []


def test_reps_and_retail_may_not_merge(client: TestClient, world: World, db: Session) -> None:
    survivor, duplicate = pair(db)
    db.commit()
    for who in ("rep", "retail"):
        status, body = merge(
            client,
            world,
            who,
            survivor,
            duplicate_id=str(duplicate.id),
            version=1,
            duplicate_version=1,
        )
        assert status == 403
        assert "merge" in body["detail"]
    db.expire_all()
    assert db.get(Customer, duplicate.id) is not None


def test_a_customer_is_not_merged_into_itself_nor_with_nobody(
    client: TestClient, world: World, db: Session
) -> None:
    survivor, _ = pair(db)
    db.commit()
    status, body = merge(
        client,
        world,
        "supervisor",
        survivor,
        duplicate_id=str(survivor.id),
        version=1,
        duplicate_version=1,
    )
    assert status == 422
    assert "itself" in body["detail"]
    status, body = merge(
        client,
        world,
        "supervisor",
        survivor,
        duplicate_id=str(uuid.uuid4()),
        version=1,
        duplicate_version=1,
    )
    assert status == 422
    assert "duplicate_id" in body["detail"]
    db.expire_all()
    assert db.get(Customer, survivor.id).version == 1


def test_the_search_index_follows_the_merge(client: TestClient, world: World, db: Session) -> None:
    survivor, duplicate = pair(db)
    order = make_order(db, duplicate)
    db.commit()
    duplicate_id = duplicate.id

    status, _ = merge(
        client,
        world,
        "supervisor",
        survivor,
        duplicate_id=str(duplicate.id),
        version=1,
        duplicate_version=1,
    )
    assert status == 200

    db.expire_all()
    found_by = {
        key.text: key.customer_id
        for key in db.scalars(select(CustomerSearchKey))
        if key.text in {"+442079460958", "ada.l@example.org", order.number}
    }
    assert found_by == dict.fromkeys(
        ("+442079460958", "ada.l@example.org", order.number), survivor.id
    )
    indexed = {row.customer_id for row in db.scalars(select(CustomerSearch))}
    assert survivor.id in indexed
    assert duplicate_id not in indexed
    assert (
        db.scalars(
            select(CustomerSearchKey).where(CustomerSearchKey.customer_id == duplicate_id)
        ).all()
        == []
    )
