"""Customers through the REST API: create, read, edit with versions, search, delete."""

from fastapi.testclient import TestClient

from tests.support.builders import World, make_customer


def test_create_normalises_phones_to_e164(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/customers",
        json={
            "name": "Grace Hopper",
            "phones": ["(202) 555-0143", "0044 20 7946 0958"],
            "emails": ["Grace@Example.com"],
        },
        headers=world.as_("rep"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert [p["number"] for p in body["phones"]] == ["+12025550143", "+442079460958"]
    assert body["emails"] == ["grace@example.com"]
    assert body["version"] == 1
    assert client.get(f"/api/v1/customers/{body['id']}", headers=world.as_("rep")).json() == body


def test_unreadable_phone_is_a_clear_422(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/customers",
        json={"name": "X", "phones": ["call me maybe"]},
        headers=world.as_("rep"),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "phones[0]" in response.json()["detail"]


def test_unknown_fields_are_rejected(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/customers", json={"name": "X", "shoe_size": 44}, headers=world.as_("rep")
    )
    assert response.status_code == 422
    assert response.json()["status"] == 422


def test_stale_version_gets_409_with_current_record(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    db.commit()
    url = f"/api/v1/customers/{customer.id}"
    first = client.patch(url, json={"version": 1, "name": "Ada King"}, headers=world.as_("rep"))
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(url, json={"version": 1, "vip": True}, headers=world.as_("supervisor"))
    assert stale.status_code == 409
    assert stale.json()["current"]["name"] == "Ada King"
    assert stale.json()["current"]["version"] == 2


def test_retail_sees_only_their_store(client: TestClient, world: World, db) -> None:
    mine = make_customer(db, "Local Shopper", store=world.store)
    theirs = make_customer(db, "Far Shopper", store=world.other_store)
    db.commit()
    listed = client.get("/api/v1/customers", headers=world.as_("retail")).json()["items"]
    assert [c["id"] for c in listed] == [str(mine.id)]
    assert (
        client.get(f"/api/v1/customers/{theirs.id}", headers=world.as_("retail")).status_code == 404
    )


def test_search_by_phone_in_any_format_and_by_name_words(
    client: TestClient, world: World, db
) -> None:
    make_customer(db, "Ada Lovelace", phone="+12025550143")
    make_customer(db, "Charles Babbage", phone="+442079460958")
    db.commit()

    def names(q: str) -> list[str]:
        response = client.get("/api/v1/customers", params={"q": q}, headers=world.as_("rep"))
        return [c["name"] for c in response.json()["items"]]

    assert names("(202) 555-0143") == ["Ada Lovelace"]
    assert names("+44 20 7946 0958") == ["Charles Babbage"]
    assert names("lovelace ada") == ["Ada Lovelace"]


def test_cursor_pagination_walks_every_customer_once(client: TestClient, world: World, db) -> None:
    for index in range(7):
        make_customer(db, f"Customer {index}")
    db.commit()
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/customers", params=params, headers=world.as_("rep")).json()
        seen += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Customer {index}" for index in range(7)]


def test_delete_is_admin_only_and_audited(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    db.commit()
    url = f"/api/v1/customers/{customer.id}"
    assert client.delete(url, headers=world.as_("rep")).status_code == 403
    assert client.delete(url, headers=world.as_("admin")).status_code == 204
    assert client.get(url, headers=world.as_("admin")).status_code == 404
    audit = client.get(
        "/api/v1/audit", params={"action": "customer.delete"}, headers=world.as_("admin")
    ).json()["items"]
    assert [row["target_id"] for row in audit] == [str(customer.id)]


def test_replacing_only_the_phones_moves_the_version_on(
    client: TestClient, world: World, db
) -> None:
    customer = make_customer(db)
    db.commit()
    response = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"version": 1, "phones": ["+44 20 7946 0958"]},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert [p["number"] for p in response.json()["phones"]] == ["+442079460958"]


def test_setting_a_required_field_to_null_is_a_422_not_a_500(
    client: TestClient, world: World, db
) -> None:
    customer = make_customer(db)
    db.commit()
    response = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"version": 1, "name": None},
        headers=world.as_("rep"),
    )
    assert response.status_code == 422
    assert "null" in response.json()["detail"]


def test_customers_created_by_retail_staff_belong_to_their_store(
    client: TestClient, world: World
) -> None:
    created = client.post(
        "/api/v1/customers", json={"name": "Walk In"}, headers=world.as_("retail")
    ).json()
    assert created["store_id"] == str(world.store.id)
