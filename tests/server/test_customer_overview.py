"""GET /customers/{id}/overview: the whole 360° view in one answer, in few queries, in scope."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    Channel,
    InvoiceStatus,
    NoteSubject,
    OrderAction,
    ShipmentStatus,
    TicketStatus,
)
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.customers.models import Customer
from desk_app.server.notes.models import Note
from desk_app.server.orders.models import Invoice, OrderActionRequest, Payment
from desk_app.server.users.models import User
from tests.support.builders import (
    World,
    make_customer,
    make_interaction,
    make_invoice,
    make_order,
    make_ticket,
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """No routing loop: its queries would be counted with the view's."""
    return Settings(database_url=database_url, router_enabled=False)


def url(customer: Customer) -> str:
    return f"/api/v1/customers/{customer.id}/overview"


def overview(client: TestClient, world: World, who: str, customer: Customer) -> dict[str, Any]:
    response = client.get(url(customer), headers=world.as_(who))
    assert response.status_code == 200, response.text
    return response.json()


def note(db: Session, author: User, subject: NoteSubject, about: Any, body: str, ago: int) -> None:
    db.add(
        Note(
            subject_type=subject,
            subject_id=about.id,
            author_id=author.id,
            body=body,
            created_at=utcnow() - timedelta(minutes=ago),
        )
    )


def test_orders_newest_first_with_late_shipments_flagged(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    now, today = utcnow(), utcnow().date()
    old = make_order(db, customer, placed_at=now - timedelta(days=20))
    late = make_order(db, customer, placed_at=now - timedelta(days=5))
    new = make_order(db, customer, placed_at=now - timedelta(days=1))
    old.shipments[0].status = ShipmentStatus.DELIVERED
    old.shipments[0].expected_on = today - timedelta(days=15)
    old.shipments[0].delivered_at = now - timedelta(days=12)  # delivered three days late
    late.shipments[0].expected_on = today - timedelta(days=1)  # still on its way
    new.shipments[0].expected_on = today + timedelta(days=2)
    db.commit()

    body = overview(client, world, "rep", customer)

    assert [o["number"] for o in body["orders"]] == [new.number, late.number, old.number]
    assert [o["shipments"][0]["delayed"] for o in body["orders"]] == [False, True, True]
    first = body["orders"][0]
    assert first["lines"][0]["sku"] == "SKU-1"
    assert first["shipments"][0]["events"][0]["status"] == "in_transit"
    assert body["customer"]["id"] == str(customer.id)
    assert body["customer"]["phones"] == [
        {"number": "+12025550143", "label": "mobile", "do_not_contact": False}
    ]


def bill(
    db: Session,
    customer: Customer,
    amount: int,
    *,
    paid: list[int],
    issued_ago: int,
    due_in: int,
    status: InvoiceStatus = InvoiceStatus.OPEN,
) -> Invoice:
    today = utcnow().date()
    invoice = make_invoice(db, customer, status=status)
    invoice.amount_cents = amount
    invoice.issued_on = today - timedelta(days=issued_ago)
    invoice.due_on = today + timedelta(days=due_in)
    invoice.payments = [
        Payment(paid_at=utcnow(), amount_cents=cents, method="card", card_last4="4242")
        for cents in paid
    ]
    return invoice


def test_invoices_with_balance_overdue_and_totals(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    overdue = bill(db, customer, 10_000, paid=[4_000], issued_ago=40, due_in=-10)
    open_ = bill(db, customer, 3_000, paid=[], issued_ago=2, due_in=28)
    void = bill(db, customer, 9_999, paid=[], issued_ago=60, due_in=-30, status=InvoiceStatus.VOID)
    paid = bill(
        db, customer, 2_500, paid=[2_500], issued_ago=50, due_in=-20, status=InvoiceStatus.PAID
    )
    db.commit()

    body = overview(client, world, "rep", customer)

    shown = {i["number"]: i for i in body["invoices"]}
    assert [i["number"] for i in body["invoices"]] == [
        open_.number,
        overdue.number,
        paid.number,
        void.number,
    ]
    assert (shown[overdue.number]["paid_cents"], shown[overdue.number]["balance_cents"]) == (
        4_000,
        6_000,
    )
    assert shown[overdue.number]["overdue"] is True
    assert shown[open_.number]["overdue"] is False
    assert (shown[void.number]["balance_cents"], shown[void.number]["overdue"]) == (0, False)
    assert (shown[paid.number]["balance_cents"], shown[paid.number]["overdue"]) == (0, False)
    assert body["balance_cents"] == 9_000
    assert body["overdue_cents"] == 6_000


def test_order_actions_newest_first(client: TestClient, world: World, db: Session) -> None:
    customer = make_customer(db)
    order = make_order(db, customer)
    other_customers = make_order(db, make_customer(db, "Bob"))
    for minutes, action, target in (
        (30, OrderAction.RESEND_CONFIRMATION, order),
        (10, OrderAction.FLAG_DELAY, order),
        (5, OrderAction.START_RETURN, other_customers),
    ):
        db.add(
            OrderActionRequest(
                order_id=target.id,
                action=action,
                note="asked on the phone",
                requested_by=world.rep.id,
                created_at=utcnow() - timedelta(minutes=minutes),
            )
        )
    db.commit()

    body = overview(client, world, "rep", customer)

    assert [a["action"] for a in body["order_actions"]] == ["flag_delay", "resend_confirmation"]
    assert body["order_actions"][0]["requested_by"] == str(world.rep.id)


def test_timeline_mixes_interactions_and_tickets_newest_first_with_their_notes(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    now = utcnow()
    call = make_interaction(
        db,
        agent=world.rep,
        customer_id=customer.id,
        queued_at=now - timedelta(days=3),
        subject="Kettle leaks",
        disposition="resolved",
        wrap_notes="sent a new seal",
    )
    chat = make_interaction(
        db, agent=world.rep, channel=Channel.CHAT, customer_id=customer.id, queued_at=now
    )
    ticket = make_ticket(
        db,
        owner=world.rep,
        customer_id=customer.id,
        status=TicketStatus.OPEN,
        description="Seal did not fit",
        created_at=now - timedelta(days=1),
    )
    note(db, world.rep, NoteSubject.INTERACTION, call, "second", ago=60)
    note(db, world.rep, NoteSubject.INTERACTION, call, "first", ago=120)
    note(db, world.rep, NoteSubject.TICKET, ticket, "asked logistics", ago=10)
    note(db, world.rep, NoteSubject.CUSTOMER, customer, "not on the timeline", ago=5)
    db.commit()

    body = overview(client, world, "rep", customer)

    timeline = body["timeline"]
    assert [(e["kind"], e["id"]) for e in timeline] == [
        ("interaction", str(chat.id)),
        ("ticket", str(ticket.id)),
        ("interaction", str(call.id)),
    ]
    chat_entry, ticket_entry, call_entry = timeline
    assert chat_entry["channel"] == "chat"
    assert chat_entry["notes"] == []
    assert (ticket_entry["channel"], ticket_entry["status"]) == (None, "open")
    assert ticket_entry["wrap_notes"] == "Seal did not fit"
    assert [n["body"] for n in ticket_entry["notes"]] == ["asked logistics"]
    assert call_entry["subject"] == "Kettle leaks"
    assert (call_entry["disposition"], call_entry["wrap_notes"]) == ("resolved", "sent a new seal")
    assert [n["body"] for n in call_entry["notes"]] == ["first", "second"]


def test_timeline_follows_work_scope_like_the_interaction_list(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    mine = make_interaction(db, agent=world.rep, customer_id=customer.id)
    theirs = make_interaction(db, agent=world.other_rep, customer_id=customer.id)
    my_ticket = make_ticket(db, owner=world.rep, customer_id=customer.id)
    their_ticket = make_ticket(db, owner=world.other_rep, customer_id=customer.id)
    db.commit()

    def timeline(who: str) -> set[str]:
        return {e["id"] for e in overview(client, world, who, customer)["timeline"]}

    def listed(who: str) -> set[str]:
        response = client.get(
            "/api/v1/interactions",
            params={"customer_id": str(customer.id)},
            headers=world.as_(who),
        )
        return {i["id"] for i in response.json()["items"]}

    assert timeline("rep") == {str(mine.id), str(my_ticket.id)}
    assert timeline("supervisor") == {str(mine.id), str(my_ticket.id)}  # their team only
    assert timeline("admin") == {str(i.id) for i in (mine, theirs, my_ticket, their_ticket)}
    for who in ("rep", "supervisor", "admin"):
        interactions = {
            e for e in timeline(who) if e not in {str(my_ticket.id), str(their_ticket.id)}
        }
        assert interactions == listed(who)


def test_retail_sees_their_stores_orders_and_invoices_only(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db, store=world.store)
    stranger = make_customer(db, "Bob", store=world.other_store)
    here = make_order(db, customer, store=world.store)
    make_order(db, customer, store=world.other_store)
    bill = make_invoice(db, customer, store=world.store)
    make_invoice(db, customer, store=world.other_store)
    db.commit()

    body = overview(client, world, "retail", customer)

    assert [o["id"] for o in body["orders"]] == [str(here.id)]
    assert [i["id"] for i in body["invoices"]] == [str(bill.id)]
    assert len(overview(client, world, "rep", customer)["orders"]) == 2
    response = client.get(url(stranger), headers=world.as_("retail"))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_preferred_channel_is_kept_shown_and_clearable(
    client: TestClient, world: World, db: Session
) -> None:
    created = client.post(
        "/api/v1/customers",
        json={"name": "Grace Hopper", "preferred_channel": "email"},
        headers=world.as_("rep"),
    ).json()
    customer = db.get(Customer, uuid.UUID(created["id"]))
    assert customer is not None
    assert overview(client, world, "rep", customer)["customer"]["preferred_channel"] == "email"
    cleared = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"version": created["version"], "preferred_channel": None},
        headers=world.as_("rep"),
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["preferred_channel"] is None
    wrong = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"version": cleared.json()["version"], "preferred_channel": "pigeon"},
        headers=world.as_("rep"),
    )
    assert wrong.status_code == 422


@contextmanager
def counted(app: FastAPI) -> Iterator[list[str]]:
    statements: list[str] = []

    def remember(*args: Any) -> None:
        statements.append(args[2])

    engine = app.state.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def busy_customer(db: Session, world: World, name: str, size: int) -> Customer:
    """A customer with ``size`` of every kind of row, each with its children."""
    customer = make_customer(db, name)
    for i in range(size):
        order = make_order(db, customer)
        make_invoice(db, customer)
        db.add(
            OrderActionRequest(
                order_id=order.id,
                action=OrderAction.FLAG_DELAY,
                note=f"late {i}",
                requested_by=world.rep.id,
            )
        )
        call = make_interaction(db, agent=world.rep, customer_id=customer.id)
        ticket = make_ticket(db, owner=world.rep, customer_id=customer.id)
        note(db, world.rep, NoteSubject.INTERACTION, call, "call note", ago=i)
        note(db, world.rep, NoteSubject.TICKET, ticket, "ticket note", ago=i)
    db.commit()
    return customer


def test_query_count_does_not_grow_with_the_history(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    small = busy_customer(db, world, "Small", 1)
    large = busy_customer(db, world, "Large", 30)
    overview(client, world, "rep", small)  # warm up: first-request work is not the view's

    with counted(app) as for_small:
        overview(client, world, "rep", small)
    with counted(app) as for_large:
        body = overview(client, world, "rep", large)

    assert len(body["orders"]) == 30
    assert len(body["timeline"]) == 60
    assert len(for_large) == len(for_small)
    assert len(for_large) <= 20
