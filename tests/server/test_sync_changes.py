"""GET /sync/changes: what changed after a sequence number, in order, as the caller may see it."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.support.builders import World, make_customer, make_interaction, make_ticket

URL = "/api/v1/sync/changes"


def changes(client: TestClient, headers: dict[str, str], after: int = 0, **params: Any) -> dict:
    response = client.get(URL, params={"after": after, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_desk_catches_up_on_every_change_in_order(
    client: TestClient, world: World, db: Session
) -> None:
    start = changes(client, world.as_("rep"))["last_seq"]
    customer = make_customer(db, "First")
    db.commit()
    for version, name in ((1, "Second"), (2, "Third")):
        response = client.patch(
            f"/api/v1/customers/{customer.id}",
            json={"version": version, "name": name},
            headers=world.as_("supervisor"),
        )
        assert response.status_code == 200
    page = changes(client, world.as_("rep"), after=start)
    mine = [c for c in page["changes"] if c["id"] == str(customer.id)]
    assert [c["action"] for c in mine] == ["upsert"] * 3
    seqs = [c["seq"] for c in page["changes"]]
    assert seqs == sorted(seqs)
    assert mine[-1]["record"]["name"] == "Third"
    assert page["has_more"] is False
    assert changes(client, world.as_("rep"), after=page["last_seq"])["changes"] == []


def test_pages_walk_the_log_without_gaps(client: TestClient, world: World, db: Session) -> None:
    for index in range(7):
        make_customer(db, f"C{index}")
        db.commit()
    seen: list[int] = []
    after = 0
    while True:
        page = changes(client, world.as_("admin"), after=after, limit=3)
        seen += [c["seq"] for c in page["changes"]]
        after = page["last_seq"]
        if not page["has_more"]:
            break
    assert seen == sorted(set(seen))
    assert len(seen) >= 7


def test_retail_staff_do_not_see_other_stores_customers(
    client: TestClient, world: World, db: Session
) -> None:
    make_customer(db, "Local", store=world.store)
    make_customer(db, "Far away", store=world.other_store)
    db.commit()
    names = [
        c["record"]["name"]
        for c in changes(client, world.as_("retail"))["changes"]
        if c["entity"] == "customer"
    ]
    assert names == ["Local"]


def test_work_reassigned_away_is_evicted_from_the_old_owners_desk(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    before = changes(client, world.as_("rep"))["last_seq"]
    other_start = changes(client, world.as_("other_rep"))["last_seq"]
    response = client.patch(
        f"/api/v1/interactions/{interaction.id}",
        json={"version": interaction.version, "assigned_agent_id": str(world.other_rep.id)},
        headers=world.as_("admin"),
    )
    assert response.status_code == 200, response.text
    old_owner = changes(client, world.as_("rep"), after=before)["changes"]
    assert [(c["entity"], c["action"], c["record"]) for c in old_owner] == [
        ("interaction", "evict", None)
    ]
    new_owner = changes(client, world.as_("other_rep"), after=other_start)["changes"]
    assert [(c["entity"], c["action"]) for c in new_owner] == [("interaction", "upsert")]
    assert new_owner[0]["record"]["assigned_agent_id"] == str(world.other_rep.id)


def test_deleted_customer_arrives_as_delete(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    db.commit()
    after = changes(client, world.as_("admin"))["last_seq"]
    assert (
        client.delete(f"/api/v1/customers/{customer.id}", headers=world.as_("admin")).status_code
        == 204
    )
    page = changes(client, world.as_("admin"), after=after)["changes"]
    assert [(c["id"], c["action"]) for c in page] == [(str(customer.id), "delete")]


def test_a_note_on_a_ticket_is_seen_by_whoever_sees_the_ticket(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    start = {name: changes(client, world.as_(name))["last_seq"] for name in ("rep", "other_rep")}
    response = client.post(
        "/api/v1/notes",
        json={"subject_type": "ticket", "subject_id": str(ticket.id), "body": "called back"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 201, response.text
    mine = changes(client, world.as_("rep"), after=start["rep"])["changes"]
    assert [(c["entity"], c["record"]["body"]) for c in mine] == [("note", "called back")]
    assert changes(client, world.as_("other_rep"), after=start["other_rep"])["changes"] == []
