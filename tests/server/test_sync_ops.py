"""POST /sync/ops: every op answered once, applied at most once, never a 500."""

import threading
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.ids import new_id
from desk_app.domain.sync_protocol import MAX_BATCH, OP_RESULT_ENTITY
from desk_app.server.notes.models import Note
from desk_app.server.sync.handlers import HANDLERS
from desk_app.server.tickets.models import Ticket
from tests.support.builders import World, make_customer, make_interaction, make_ticket

URL = "/api/v1/sync/ops"


def op(kind: str, payload: dict[str, Any], base_version: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"op_id": str(new_id()), "kind": kind, "payload": payload}
    if base_version is not None:
        body["base_version"] = base_version
    return body


def send(client: TestClient, headers: dict[str, str], *ops: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(URL, json={"ops": list(ops)}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_a_note_sent_twice_is_added_once(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    db.commit()
    note = op(
        "note.add", {"subject_type": "customer", "subject_id": str(customer.id), "body": "hi"}
    )
    (first,) = send(client, world.as_("rep"), note)
    (again,) = send(client, world.as_("rep"), note)
    assert first["status"] == "applied"
    assert first["record"]["body"] == "hi"
    assert again == {**first, "status": "duplicate", "first_status": "applied"}
    assert db.scalar(select(func.count()).select_from(Note)) == 1


def test_answers_come_in_the_order_of_the_ops(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    ops = [
        op("note.add", {"subject_type": "customer", "subject_id": str(customer.id), "body": str(i)})
        for i in range(5)
    ]
    results = send(client, world.as_("rep"), *ops)
    assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
    assert [r["record"]["body"] for r in results] == ["0", "1", "2", "3", "4"]


def test_stale_base_version_is_a_conflict_with_the_current_record(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    db.commit()
    rename = op("customer.update", {"customer_id": str(customer.id), "name": "Ada King"}, 1)
    stale = op("customer.update", {"customer_id": str(customer.id), "vip": True}, 1)
    applied, conflict = send(client, world.as_("rep"), rename, stale)
    assert applied["status"] == "applied"
    assert applied["record"]["version"] == 2
    assert conflict["status"] == "conflict"
    assert conflict["record"]["name"] == "Ada King"
    assert conflict["record"]["vip"] is False
    (repeated,) = send(client, world.as_("rep"), stale)
    assert repeated["status"] == "duplicate"
    assert repeated["first_status"] == "conflict"
    assert repeated["record"] == conflict["record"]


def test_a_ticket_created_offline_keeps_its_id_and_can_then_be_edited(
    client: TestClient, world: World
) -> None:
    ticket_id = str(uuid.uuid4())
    create = op("ticket.create", {"id": ticket_id, "subject": "Broken", "department": "billing"})
    work_on = op("ticket.update", {"ticket_id": ticket_id, "status": "open"}, 1)
    created, worked = send(client, world.as_("rep"), create, work_on)
    assert created["status"] == "applied", created
    assert created["record"]["id"] == ticket_id
    assert created["record"]["number"].startswith("T-")
    assert worked["status"] == "applied", worked
    assert worked["record"]["status"] == "open"
    assert worked["record"]["version"] == 2


def test_wrap_up_escalate_acknowledge_handover_and_state(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    results = send(
        client,
        world.as_("rep"),
        op(
            "interaction.wrap_up",
            {"interaction_id": str(interaction.id), "disposition": "resolved", "wrap_notes": "ok"},
            interaction.version,
        ),
        op(
            "ticket.escalate",
            {
                "ticket_id": str(ticket.id),
                "to_department": "logistics",
                "tried": "tracked the parcel",
                "told": "we are on it",
                "expected": "find the parcel",
            },
            ticket.version,
        ),
        op("handover.add", {"body": "Customer X calls back at 9"}),
        op("agent.state", {"state": "not_ready", "reason": "lunch"}),
    )
    assert [r["status"] for r in results] == ["applied"] * 4, results
    assert results[0]["record"]["status"] == "done"
    assert results[1]["record"]["department"] == "logistics"
    assert results[3]["record"]["reason"] == "lunch"


def test_the_agents_own_wrap_up_applies_on_a_moved_version_anyone_elses_conflicts(
    client: TestClient, world: World, db: Session
) -> None:
    mine = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.rep)
    db.commit()
    seen = mine.version
    for moved in (mine, theirs):  # call events and script trails bump the version meanwhile
        moved.subject = "moved on"
    db.commit()

    def wrap(who: str, interaction_id: uuid.UUID, version: int) -> dict[str, Any]:
        body = {"interaction_id": str(interaction_id), "disposition": "resolved"}
        (result,) = send(client, world.as_(who), op("interaction.wrap_up", body, version))
        return result

    applied = wrap("rep", mine.id, seen)
    assert applied["status"] == "applied", applied
    assert applied["record"]["status"] == "done"
    assert wrap("supervisor", theirs.id, seen)["status"] == "conflict"
    assert wrap("rep", mine.id, seen)["status"] == "conflict"  # done already: not again blindly


def test_bad_ops_are_rejected_one_by_one_with_a_reason(
    client: TestClient, world: World, db: Session
) -> None:
    far_customer = make_customer(db, store=world.other_store)
    local = make_customer(db, store=world.store)
    db.commit()
    results = send(
        client,
        world.as_("retail"),
        op("customer.explode", {}),
        op("note.add", {"subject_type": "customer", "subject_id": "not-a-uuid", "body": "x"}),
        op("note.add", {"subject_type": "customer", "subject_id": str(far_customer.id), "body": 7}),
        op("customer.update", {"customer_id": str(local.id), "name": "X"}),
        op("customer.update", {"customer_id": str(far_customer.id), "name": "X"}, 1),
        op("agent.state", {"state": "not_ready"}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 6
    reasons = [r["reason"] for r in results]
    assert "unknown operation kind" in reasons[0]
    assert "subject_id" in reasons[1]
    assert "body" in reasons[2]
    assert "base_version" in reasons[3]
    assert "not found" in reasons[4]  # another store's customer does not exist for retail
    assert "reason" in reasons[5]


def test_malformed_and_oversize_batches_get_422(client: TestClient, world: World) -> None:
    headers = world.as_("rep")
    assert client.post(URL, json={"ops": []}, headers=headers).status_code == 422
    assert client.post(URL, json={"ops": [{"kind": "x"}]}, headers=headers).status_code == 422
    assert client.post(URL, json=[1, 2], headers=headers).status_code == 422
    many = [op("agent.state", {"state": "ready"}) for _ in range(MAX_BATCH + 1)]
    response = client.post(URL, json={"ops": many}, headers=headers)
    assert response.status_code == 422
    assert client.post(URL, json={"ops": many[:1]}).status_code == 401


def test_the_same_op_from_two_threads_at_once_is_applied_once(
    client: TestClient, world: World, db: Session
) -> None:
    ticket_id = str(uuid.uuid4())
    create = op("ticket.create", {"id": ticket_id, "subject": "Race", "department": "billing"})
    statuses: list[str] = []

    def post() -> None:
        statuses.extend(r["status"] for r in send(client, world.as_("rep"), create))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == ["applied", "duplicate", "duplicate", "duplicate"]
    assert db.scalar(select(func.count()).select_from(Ticket)) == 1


def test_the_server_handles_exactly_the_op_kinds_of_the_protocol() -> None:
    assert set(HANDLERS) == set(OP_RESULT_ENTITY)


def test_a_ticket_made_offline_from_a_call_is_linked_ticked_and_escalated(
    client: TestClient, world: World, db: Session
) -> None:
    call = make_interaction(db, agent=world.rep, disposition="escalated")
    db.commit()
    ticket_id = str(uuid.uuid4())
    results = send(
        client,
        world.as_("rep"),
        op(
            "ticket.create",
            {
                "id": ticket_id,
                "subject": "Line dead",
                "department": "technical_support",
                "category": "technical_issue",
                "interaction_id": str(call.id),
            },
        ),
        op("ticket.check", {"ticket_id": ticket_id, "index": 0, "done": True}),
        op("ticket.check", {"ticket_id": ticket_id, "index": 1, "done": True}, base_version=1),
        op(
            "ticket.escalate",
            {
                "ticket_id": ticket_id,
                "to_tier": 2,
                "tried": "reset",
                "told": "tomorrow",
                "expected": "line test",
                "interaction_id": str(call.id),
            },
            base_version=3,
        ),
    )
    assert [r["status"] for r in results] == ["applied"] * 4, results
    created, _first, ticked, escalated = (r["record"] for r in results)
    assert created["interaction_ids"] == [str(call.id)]
    assert len(created["checklist"]) == 3
    # ticks win whatever base version they name; each still moves the version on
    assert [item["done"] for item in ticked["checklist"]] == [True, True, False]
    assert ticked["version"] == 3
    assert (escalated["tier"], escalated["status"], escalated["owner_id"]) == (2, "open", None)
    assert escalated["escalations"][0]["context"]["disposition"] == "escalated"
    (refused,) = send(
        client,
        world.as_("admin"),
        op("ticket.escalate", {"ticket_id": ticket_id, "to_tier": 3}, base_version=4),
    )
    assert refused["status"] == "rejected"
    assert "hand-off note" in str(refused)
