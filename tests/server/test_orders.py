"""Orders, shipments and invoices through the REST API: scope, writes by managers, versions."""

import uuid

from fastapi.testclient import TestClient

from tests.support.builders import World, make_customer, make_invoice, make_order


def test_order_shows_lines_and_shipments_with_tracking_events(
    client: TestClient, world: World, db
) -> None:
    order = make_order(db, make_customer(db), number="O-123456")
    db.commit()
    body = client.get(f"/api/v1/orders/{order.id}", headers=world.as_("rep")).json()
    assert body["number"] == "O-123456"
    assert [line["sku"] for line in body["lines"]] == ["SKU-1"]
    [shipment] = body["shipments"]
    assert shipment["carrier"] == "UPS"
    assert [event["status"] for event in shipment["events"]] == ["in_transit"]


def test_orders_filter_by_customer_and_number(client: TestClient, world: World, db) -> None:
    ada, bob = make_customer(db, "Ada"), make_customer(db, "Bob")
    first = make_order(db, ada)
    make_order(db, ada)
    make_order(db, bob, number="O-777777")
    db.commit()

    def numbers(**params: str) -> list[str]:
        response = client.get("/api/v1/orders", params=params, headers=world.as_("rep"))
        return [o["number"] for o in response.json()["items"]]

    assert len(numbers(customer_id=str(ada.id))) == 2
    assert numbers(number="O-777777") == ["O-777777"]
    assert numbers(number=first.number, customer_id=str(bob.id)) == []


def test_retail_cannot_see_another_stores_order(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    mine = make_order(db, customer, store=world.store)
    theirs = make_order(db, customer, store=world.other_store)
    db.commit()
    listed = client.get("/api/v1/orders", headers=world.as_("retail")).json()["items"]
    assert [o["id"] for o in listed] == [str(mine.id)]
    url = f"/api/v1/orders/{theirs.id}"
    assert client.get(url, headers=world.as_("retail")).status_code == 404
    assert client.get(url, headers=world.as_("rep")).status_code == 200


def test_orders_are_paged_by_cursor(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    made = [make_order(db, customer).number for _ in range(5)]
    db.commit()
    first = client.get("/api/v1/orders", params={"limit": 3}, headers=world.as_("rep")).json()
    second = client.get(
        "/api/v1/orders",
        params={"limit": 3, "cursor": first["next_cursor"]},
        headers=world.as_("rep"),
    ).json()
    assert [o["number"] for o in first["items"] + second["items"]] == made
    assert second["next_cursor"] is None


def test_supervisor_records_an_order_with_total_from_lines(
    client: TestClient, world: World, db
) -> None:
    customer = make_customer(db)
    db.commit()
    response = client.post(
        "/api/v1/orders",
        json={
            "number": "W-1001",
            "customer_id": str(customer.id),
            "currency": "eur",
            "lines": [
                {"sku": "A", "description": "Mug", "quantity": 2, "unit_price_cents": 450},
                {"sku": "B", "description": "Tea", "unit_price_cents": 300},
            ],
        },
        headers=world.as_("supervisor"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["total_cents"] == 1200
    assert body["currency"] == "EUR"
    assert [line["position"] for line in body["lines"]] == [0, 1]
    assert body["status"] == "placed"
    audit = client.get(
        "/api/v1/audit", params={"action": "order.create"}, headers=world.as_("admin")
    ).json()["items"]
    assert [row["target_id"] for row in audit] == [body["id"]]


def test_reps_and_retail_may_not_write_orders(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    order = make_order(db, customer)
    db.commit()
    new = {"number": "W-1", "customer_id": str(customer.id)}
    for who in ("rep", "retail"):
        assert client.post("/api/v1/orders", json=new, headers=world.as_(who)).status_code == 403
        patch = client.patch(
            f"/api/v1/orders/{order.id}",
            json={"version": 1, "status": "cancelled"},
            headers=world.as_(who),
        )
        assert patch.status_code == 403


def test_duplicate_order_number_is_409(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    make_order(db, customer, number="W-42")
    db.commit()
    response = client.post(
        "/api/v1/orders",
        json={"number": "W-42", "customer_id": str(customer.id)},
        headers=world.as_("admin"),
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_order_for_unknown_customer_or_bad_body_is_422(client: TestClient, world: World) -> None:
    unknown = client.post(
        "/api/v1/orders",
        json={"number": "W-1", "customer_id": str(uuid.uuid4())},
        headers=world.as_("admin"),
    )
    assert unknown.status_code == 422
    assert "customer_id" in unknown.json()["detail"]
    negative = client.post(
        "/api/v1/orders",
        json={
            "number": "W-1",
            "customer_id": str(uuid.uuid4()),
            "lines": [{"sku": "A", "description": "x", "unit_price_cents": -1}],
        },
        headers=world.as_("admin"),
    )
    assert negative.status_code == 422
    assert negative.headers["content-type"] == "application/problem+json"
    assert negative.json()["errors"][0]["loc"][-1] == "unit_price_cents"


def test_status_change_is_versioned_and_audited(client: TestClient, world: World, db) -> None:
    order = make_order(db, make_customer(db))
    db.commit()
    url = f"/api/v1/orders/{order.id}"
    first = client.patch(
        url, json={"version": 1, "status": "cancelled"}, headers=world.as_("supervisor")
    )
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["version"]) == ("cancelled", 2)
    stale = client.patch(url, json={"version": 1, "status": "paid"}, headers=world.as_("admin"))
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "cancelled"
    [row] = client.get(
        "/api/v1/audit", params={"action": "order.status_change"}, headers=world.as_("admin")
    ).json()["items"]
    assert row["detail"] == {"before": "placed", "after": "cancelled"}


def test_shipment_found_by_tracking_number_within_scope(
    client: TestClient, world: World, db
) -> None:
    customer = make_customer(db)
    make_order(db, customer, store=world.store, tracking_number="1ZLOCAL")
    far = make_order(db, customer, store=world.other_store, tracking_number="1ZFAR")
    db.commit()

    def tracking(who: str, number: str) -> list[str]:
        response = client.get(
            "/api/v1/shipments", params={"tracking_number": number}, headers=world.as_(who)
        )
        return [s["tracking_number"] for s in response.json()["items"]]

    assert tracking("retail", "1ZLOCAL") == ["1ZLOCAL"]
    assert tracking("retail", "1ZFAR") == []
    assert tracking("rep", "1ZFAR") == ["1ZFAR"]
    shipment_url = f"/api/v1/shipments/{far.shipments[0].id}"
    assert client.get(shipment_url, headers=world.as_("retail")).status_code == 404
    shipment = client.get(shipment_url, headers=world.as_("rep")).json()
    assert shipment["order_id"] == str(far.id)
    assert len(shipment["events"]) == 1


def test_invoice_shows_payments_with_last_four_digits_only(
    client: TestClient, world: World, db
) -> None:
    invoice = make_invoice(db, make_customer(db))
    db.commit()
    body = client.get(f"/api/v1/invoices/{invoice.id}", headers=world.as_("rep")).json()
    [payment] = body["payments"]
    assert payment["card_last4"] == "4242"
    assert set(payment) == {"id", "paid_at", "amount_cents", "method", "card_last4"}


def test_invoices_filter_by_status_and_customer_within_scope(
    client: TestClient, world: World, db
) -> None:
    ada, bob = make_customer(db, "Ada"), make_customer(db, "Bob")
    overdue = make_invoice(db, ada, store=world.store, status="overdue")
    make_invoice(db, ada, store=world.store)
    hidden = make_invoice(db, bob, store=world.other_store, status="overdue")
    db.commit()

    def ids(who: str, **params: str) -> list[str]:
        response = client.get("/api/v1/invoices", params=params, headers=world.as_(who))
        return [i["id"] for i in response.json()["items"]]

    assert ids("rep", status="overdue") == [str(overdue.id), str(hidden.id)]
    assert ids("retail", status="overdue") == [str(overdue.id)]
    assert ids("rep", status="overdue", customer_id=str(bob.id)) == [str(hidden.id)]
    assert (
        client.get(
            "/api/v1/invoices", params={"status": "lost"}, headers=world.as_("rep")
        ).status_code
        == 422
    )
    url = f"/api/v1/invoices/{hidden.id}"
    assert client.get(url, headers=world.as_("retail")).status_code == 404
