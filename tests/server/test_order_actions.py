"""Order actions through REST and as the desk's ``order.action`` op: roles, amounts, audit, feed."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.ids import new_id
from desk_app.server.audit.models import AuditEntry
from desk_app.server.orders.models import Order, OrderActionRequest
from tests.support.builders import World, make_customer, make_order

CARD = "4111 1111 1111 1111"


def order_of(db: Session) -> Order:
    order = make_order(db, make_customer(db))  # total 2,500
    db.commit()
    return order


def rest(
    client: TestClient, world: World, who: str, order: Order, **body: Any
) -> tuple[int, dict[str, Any]]:
    response = client.post(f"/api/v1/orders/{order.id}/actions", json=body, headers=world.as_(who))
    return response.status_code, response.json()


def send(client: TestClient, world: World, who: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/api/v1/sync/ops", json={"ops": list(ops)}, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return response.json()["results"]


def action_op(order: Order, **payload: Any) -> dict[str, Any]:
    return {
        "op_id": str(new_id()),
        "kind": "order.action",
        "payload": {"id": str(new_id()), "order_id": str(order.id), **payload},
    }


def count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(OrderActionRequest)) or 0


def refund_audits(db: Session) -> list[AuditEntry]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == "order.refund_request")))


def test_rest_records_an_action_with_its_card_numbers_masked(
    client: TestClient, world: World, db: Session
) -> None:
    order = order_of(db)
    status, body = rest(
        client, world, "rep", order, action="resend_confirmation", note=f"paid with {CARD}"
    )
    assert status == 201, body
    assert body["order_id"] == str(order.id)
    assert body["action"] == "resend_confirmation"
    assert body["amount_cents"] is None
    assert body["requested_by"] == str(world.rep.id)
    assert CARD not in body["note"]
    assert body["note"].endswith("1111")
    stored = db.get(OrderActionRequest, uuid.UUID(body["id"]))
    assert stored is not None
    assert stored.note == body["note"]
    assert refund_audits(db) == []  # only refunds are privileged


def test_retail_staff_ask_for_returns_in_their_store(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db, store=world.store)
    here = make_order(db, customer, store=world.store)
    there = make_order(db, customer, store=world.other_store)
    db.commit()
    assert rest(client, world, "retail", here, action="start_return", note="box damaged")[0] == 201
    status, body = rest(client, world, "retail", there, action="start_return", note="box damaged")
    assert status == 404
    assert body["detail"] == "order not found"
    assert count(db) == 1


def test_a_refund_request_is_audited(client: TestClient, world: World, db: Session) -> None:
    order = order_of(db)
    status, body = rest(
        client,
        world,
        "rep",
        order,
        action="refund_request",
        note="kettle broken",
        amount_cents=2500,
    )
    assert status == 201, body
    assert body["amount_cents"] == 2500
    [entry] = refund_audits(db)
    assert entry.actor_id == world.rep.id
    assert entry.target_id == str(order.id)
    assert entry.detail["amount_cents"] == 2500
    assert entry.detail["order_action_id"] == body["id"]


def test_retail_may_not_request_a_refund(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db, store=world.store)
    order = make_order(db, customer, store=world.store)
    db.commit()
    status, body = rest(
        client, world, "retail", order, action="refund_request", note="x", amount_cents=100
    )
    assert status == 403
    assert "refund" in body["detail"]
    assert count(db) == 0
    assert refund_audits(db) == []


def test_wrong_amounts_are_refused_with_the_reason(
    client: TestClient, world: World, db: Session
) -> None:
    order = order_of(db)
    cases = [
        ({"action": "refund_request"}, "needs the amount"),
        ({"action": "refund_request", "amount_cents": 0}, "more than 0"),
        ({"action": "refund_request", "amount_cents": 2501}, "more than the order's total"),
        ({"action": "flag_delay", "amount_cents": 100}, "only a refund request"),
    ]
    for body, reason in cases:
        status, problem = rest(client, world, "supervisor", order, note="n", **body)
        assert status == 422, body
        assert problem["type"] == "/problems/validation"
        assert reason in problem["detail"]
    assert rest(client, world, "rep", order, action="flag_delay", note="")[0] == 422
    assert rest(client, world, "rep", order, action="flag_delay", note="n" * 2001)[0] == 422
    assert rest(client, world, "rep", order, action="cancel_everything", note="n")[0] == 422
    assert count(db) == 0


def test_the_op_is_applied_once_and_answers_with_the_action(
    client: TestClient, world: World, db: Session
) -> None:
    order = order_of(db)
    op = action_op(order, action="flag_delay", note="carrier says Friday")
    (first,) = send(client, world, "rep", op)
    (again,) = send(client, world, "rep", op)
    assert first["status"] == "applied", first
    assert first["record"]["id"] == op["payload"]["id"]
    assert first["record"]["action"] == "flag_delay"
    assert again == {**first, "status": "duplicate", "first_status": "applied"}
    assert count(db) == 1


def test_a_refund_op_from_retail_is_rejected_with_the_reason(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db, store=world.store)
    order = make_order(db, customer, store=world.store)
    db.commit()
    (result,) = send(
        client,
        world,
        "retail",
        action_op(order, action="refund_request", note="n", amount_cents=100),
    )
    assert result["status"] == "rejected"
    assert "may not request a refund" in result["reason"]
    assert count(db) == 0


def test_ops_with_wrong_amounts_or_fields_are_rejected(
    client: TestClient, world: World, db: Session
) -> None:
    order = order_of(db)
    without_id = action_op(order, action="flag_delay", note="n")
    del without_id["payload"]["id"]
    results = send(
        client,
        world,
        "rep",
        action_op(order, action="refund_request", note="n", amount_cents=9999),
        action_op(order, action="start_return", note="n", amount_cents=5),
        action_op(order, action="flag_delay", note="n", extra=1),
        without_id,
        action_op(make_order_stub(), action="flag_delay", note="n"),
    )
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert "more than the order's total of 2500" in results[0]["reason"]
    assert "only a refund request names an amount" in results[1]["reason"]
    assert "extra" in results[2]["reason"]
    assert "id" in results[3]["reason"]
    assert results[4]["reason"] == "order not found"
    assert count(db) == 0
    assert refund_audits(db) == []


def make_order_stub() -> Order:
    """An order that was never saved: its id names nothing on the server."""
    return Order(id=new_id(), number="O-NOWHERE", customer_id=new_id())


def test_a_refund_op_is_audited_and_reaches_other_desks(
    client: TestClient, world: World, db: Session
) -> None:
    order = order_of(db)
    start = client.get(
        "/api/v1/sync/changes", params={"after": 0}, headers=world.as_("supervisor")
    ).json()["last_seq"]
    op = action_op(order, action="refund_request", note="n", amount_cents=1200)
    (result,) = send(client, world, "rep", op)
    assert result["status"] == "applied", result
    [entry] = refund_audits(db)
    assert (entry.address, entry.detail["amount_cents"]) == ("sync", 1200)
    feed = client.get(
        "/api/v1/sync/changes", params={"after": start}, headers=world.as_("supervisor")
    ).json()["changes"]
    [change] = [c for c in feed if c["entity"] == "order_action"]
    assert change["action"] == "upsert"
    assert change["record"] == result["record"]
