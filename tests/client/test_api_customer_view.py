"""The desk's calls for the look-up and the 360° view, against a real server on 127.0.0.1."""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from desk_app.client.api import ApiError, DeskApi
from tests.support.builders import World, make_customer, make_invoice, make_order
from tests.support.served_app import ServedApp


def _api(served: ServedApp, world: World, who: str) -> DeskApi:
    return DeskApi(served.base, token=world.as_(who)["Authorization"].removeprefix("Bearer "))


@pytest.fixture
def rep_api(served: ServedApp, world: World) -> Iterator[DeskApi]:
    api = _api(served, world, "rep")
    yield api
    api.close()


def test_lookup_answers_with_why_each_customer_matched(
    rep_api: DeskApi, world: World, db: Session
) -> None:
    grace = make_customer(db, name="Grace Hopper", phone="+12025550143")
    make_customer(db, name="Alan Turing", phone="+442079460958")
    db.commit()
    by_name = rep_api.lookup_customers("hop gra")
    assert [hit["customer"]["id"] for hit in by_name] == [str(grace.id)]
    assert by_name[0]["matched"] == "name"
    assert by_name[0]["matched_text"] == "Grace Hopper"
    by_phone = rep_api.lookup_customers("(202) 555-0143", limit=5)
    assert [hit["customer"]["id"] for hit in by_phone] == [str(grace.id)]
    assert by_phone[0]["matched"] == "phone"
    assert rep_api.lookup_customers("zzzz-no-one") == []


def test_the_overview_brings_orders_invoices_and_balance_in_one_answer(
    rep_api: DeskApi, world: World, db: Session
) -> None:
    customer = make_customer(db, name="Grace Hopper")
    order = make_order(db, customer, number="O-777001")
    invoice = make_invoice(db, customer, number="I-777001")
    invoice.amount_cents = 4000  # the builder's payment covers 2500 of it
    db.commit()
    overview = rep_api.customer_overview(customer.id)
    assert overview["customer"]["name"] == "Grace Hopper"
    assert [o["number"] for o in overview["orders"]] == ["O-777001"]
    assert overview["orders"][0]["id"] == str(order.id)
    assert overview["orders"][0]["shipments"][0]["carrier"] == "UPS"
    assert [i["number"] for i in overview["invoices"]] == ["I-777001"]
    assert overview["balance_cents"] == 1500


def test_a_supervisor_merges_a_duplicate_and_a_rep_may_not(
    served: ServedApp, rep_api: DeskApi, world: World, db: Session
) -> None:
    survivor = make_customer(db, name="Grace Hopper", phone="+12025550143")
    duplicate = make_customer(db, name="Grace M. Hopper", phone="+12025550188")
    db.commit()
    with pytest.raises(ApiError) as refused:
        rep_api.merge_customers(survivor.id, duplicate.id, survivor.version, duplicate.version)
    assert refused.value.status == 403
    supervisor = _api(served, world, "supervisor")
    try:
        merged = supervisor.merge_customers(
            survivor.id, duplicate.id, survivor.version, duplicate.version
        )
        assert merged["id"] == str(survivor.id)
        assert {p["number"] for p in merged["phones"]} == {"+12025550143", "+12025550188"}
        with pytest.raises(ApiError) as gone:
            supervisor.get_customer(duplicate.id)
        assert gone.value.status == 404
    finally:
        supervisor.close()
