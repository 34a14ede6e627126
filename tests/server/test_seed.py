"""The seed: counts as summarised, reproducible, realistic enough to demo, and usable to sign in."""

import json
from datetime import date
from pathlib import Path

import phonenumbers
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from desk_app.domain.enums import Channel, Department, ShipmentStatus, TicketStatus
from desk_app.domain.scripts.check import check
from desk_app.server.core.db import make_engine
from desk_app.server.customers.models import Customer, CustomerEmail, CustomerPhone
from desk_app.server.migrate import upgrade
from desk_app.server.models import Base
from desk_app.server.seed import DEFAULT_PASSWORD, SeedError, SeedSummary, seed_database

TODAY = date(2026, 3, 2)
CUSTOMERS = 200


@pytest.fixture
def seeded(app: FastAPI) -> SeedSummary:
    return seed_database(app.state.engine, customers=CUSTOMERS, random_seed=7, today=TODAY)


def _column(engine: sa.Engine, statement: str) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(statement)).scalars())


def _sample(engine: sa.Engine) -> list[tuple[object, ...]]:
    """The first customers with their first phone and email: a fingerprint of the data."""
    statement = (
        sa.select(Customer.id, Customer.name, Customer.created_at, CustomerPhone.e164)
        .add_columns(CustomerEmail.email)
        .join(
            CustomerPhone,
            (CustomerPhone.customer_id == Customer.id) & (CustomerPhone.position == 0),
        )
        .outerjoin(
            CustomerEmail,
            (CustomerEmail.customer_id == Customer.id) & (CustomerEmail.position == 0),
        )
        .order_by(Customer.id)
        .limit(5)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(statement)]


def _dangling_references(engine: sa.Engine) -> list[str]:
    """Every foreign key whose value names no row, as "table.column"."""
    dangling = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for key in table.foreign_keys:
                child, parent = key.parent, key.column
                orphans = connection.scalar(
                    sa.select(sa.func.count())
                    .select_from(table.outerjoin(parent.table, child == parent))
                    .where(child.is_not(None), parent.is_(None))
                )
                if orphans:
                    dangling.append(f"{table.name}.{child.name}")
    return dangling


def test_every_table_holds_what_the_summary_says(app: FastAPI, seeded: SeedSummary) -> None:
    engine = app.state.engine
    assert seeded["customer"] == CUSTOMERS
    assert {table for table, _ in seeded.counts} <= set(Base.metadata.tables)
    for table, count in seeded.counts:
        assert _column(engine, f"SELECT count(*) FROM {table}") == [count], table  # noqa: S608
    # History scales with the customers: about 1.5 orders, 2 interactions, 0.3 tickets each
    # (besides the reps' last month, which the shifts make: see test_seed_history.py).
    assert 1.2 * CUSTOMERS < seeded["sales_order"] < 1.9 * CUSTOMERS
    before_the_month = "SELECT count(*) FROM interaction WHERE queued_at < '2026-01-31'"
    assert 1.5 * CUSTOMERS < _column(engine, before_the_month)[0] < 2.6 * CUSTOMERS
    assert 0.15 * CUSTOMERS < seeded["ticket"] < 0.45 * CUSTOMERS
    # Seeding skips per-row foreign-key checks where it can; prove none was needed.
    assert _dangling_references(engine) == []


def test_same_seed_gives_the_same_data_on_either_backend(
    app: FastAPI, seeded: SeedSummary, tmp_path: Path
) -> None:
    again, other = (make_engine(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db"))
    upgrade(again)
    upgrade(other)
    assert seed_database(again, customers=CUSTOMERS, random_seed=7, today=TODAY) == seeded
    assert _sample(again) == _sample(app.state.engine)
    seed_database(other, customers=20, random_seed=8, today=TODAY)
    assert [row[1] for row in _sample(other)] != [row[1] for row in _sample(again)]
    again.dispose()
    other.dispose()


def test_seeded_data_looks_like_a_real_call_center(app: FastAPI, seeded: SeedSummary) -> None:
    engine = app.state.engine
    numbers = _column(engine, "SELECT e164 FROM customer_phone")
    for number in numbers:
        parsed = phonenumbers.parse(str(number))
        assert phonenumbers.is_valid_number(parsed), number
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number
    countries = {phonenumbers.region_code_for_number(phonenumbers.parse(str(n))) for n in numbers}
    assert {"US", "GB", "DE", "FR", "JP", "BR"} <= countries
    assert set(_column(engine, "SELECT DISTINCT status FROM shipment")) == set(ShipmentStatus)
    assert set(_column(engine, "SELECT DISTINCT department FROM ticket")) == set(Department)
    assert set(_column(engine, "SELECT DISTINCT status FROM ticket")) == set(TicketStatus)
    assert set(_column(engine, "SELECT DISTINCT channel FROM interaction")) == set(Channel)
    assert _column(engine, "SELECT count(*) FROM ticket_escalation")[0] > 0
    _tickets_look_worked_on(engine)
    assert _column(engine, "SELECT count(*) FROM announcement WHERE requires_ack")[0] > 0
    overdue = _column(engine, "SELECT due_on FROM invoice WHERE status = 'overdue'")
    assert overdue
    assert all(str(due) < TODAY.isoformat() for due in overdue)
    last4 = _column(engine, "SELECT card_last4 FROM payment WHERE method = 'card'")
    assert last4
    assert all(len(str(digits)) == 4 for digits in last4)
    categories = set(_column(engine, "SELECT category FROM script"))
    assert {"technical_issue", "shipping_delay", "billing_error", "returns"} <= categories
    for definition in _column(engine, "SELECT definition FROM script_revision"):
        assert check(json.loads(definition) if isinstance(definition, str) else definition) == []


def _tickets_look_worked_on(engine: sa.Engine) -> None:
    """Categories with their checklists, SLA clocks, pauses, hand-offs and history."""
    assert _column(engine, "SELECT count(*) FROM ticket WHERE category IS NULL") == [0]
    settled = _column(engine, "SELECT checklist FROM ticket WHERE status IN ('resolved', 'closed')")
    # PostgreSQL hands JSON back decoded, SQLite as text
    lists = [value if isinstance(value, list) else json.loads(str(value)) for value in settled]
    items = [item for checklist in lists for item in checklist]
    assert items
    assert all(item["done"] for item in items)
    assert _column(engine, "SELECT count(*) FROM ticket WHERE resolution_due_at IS NULL") == [0]
    unanswered = "SELECT count(*) FROM ticket WHERE status <> 'new' AND first_responded_at IS NULL"
    assert _column(engine, unanswered) == [0]
    assert _column(engine, "SELECT count(*) FROM ticket WHERE status = 'resolved'") == _column(
        engine, "SELECT count(*) FROM ticket WHERE status = 'resolved' AND resolved_at IS NOT NULL"
    )
    paused = _column(engine, "SELECT count(*) FROM ticket WHERE sla_paused_at IS NOT NULL")
    assert paused == _column(
        engine, "SELECT count(*) FROM ticket WHERE status = 'pending_customer'"
    )
    assert paused == _column(engine, "SELECT count(*) FROM sla_pause WHERE subject_type = 'ticket'")
    kinds = set(_column(engine, "SELECT DISTINCT kind FROM ticket_event"))
    assert {"created", "first_response", "status", "escalated", "sla_paused"} <= kinds
    # every ticket was created once; every hand-off has its line in the history
    assert _column(engine, "SELECT count(*) FROM ticket_event WHERE kind = 'created'") == _column(
        engine, "SELECT count(*) FROM ticket"
    )
    escalated = "SELECT count(*) FROM ticket_event WHERE kind = 'escalated'"
    assert _column(engine, escalated) == _column(engine, "SELECT count(*) FROM ticket_escalation")
    departments = _column(engine, "SELECT department FROM team WHERE department IS NOT NULL")
    assert len(departments) == len(set(departments)) >= 3
    queued = (
        "SELECT count(*) FROM ticket JOIN team ON team.id = ticket.team_id"
        " WHERE ticket.owner_id IS NULL AND team.department = ticket.department"
    )
    assert _column(engine, queued)[0] > 0  # escalated to a department's queue, not a person


def test_seeded_rep_signs_in_and_reads_a_customer(
    app: FastAPI, client: TestClient, seeded: SeedSummary
) -> None:
    login = client.post(
        "/api/v1/auth/login", json={"username": "rep01", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    customer_id, name, _, phone, _ = _sample(app.state.engine)[0]
    response = client.get(f"/api/v1/customers/{customer_id}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == name
    assert response.json()["phones"][0]["number"] == phone


def test_a_seeded_reps_first_sync_brings_scripts_knowledge_answers_and_updates(
    app: FastAPI, client: TestClient, seeded: SeedSummary
) -> None:
    login = client.post(
        "/api/v1/auth/login", json={"username": "rep01", "password": DEFAULT_PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    entities: dict[str, int] = {}
    after, more = 0, True
    while more:
        page = client.get("/api/v1/sync/changes", params={"after": after}, headers=headers)
        assert page.status_code == 200, page.text
        for change in page.json()["changes"]:
            entities[change["entity"]] = entities.get(change["entity"], 0) + 1
        after, more = page.json()["last_seq"], page.json()["has_more"]
    engine = app.state.engine
    assert entities["script"] == len(_column(engine, "SELECT id FROM script"))
    assert entities["kb_article"] == len(_column(engine, "SELECT id FROM kb_article"))
    assert entities["canned_answer"] >= 1
    assert entities["macro"] >= 1
    assert entities["update"] >= 1
    assert seeded["change_log"] >= sum(entities.values())


def test_password_comes_from_the_environment_and_a_second_seed_is_refused(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESK_SEED_PASSWORD", "a-better-demo-secret")
    seed_database(app.state.engine, customers=0, today=TODAY)
    body = {"username": "admin", "password": "a-better-demo-secret"}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200
    with pytest.raises(SeedError, match="already has"):
        seed_database(app.state.engine, customers=0, today=TODAY)


def test_progress_completes_each_table_exactly_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    upgrade(engine)
    calls: list[tuple[str, int, int]] = []
    summary = seed_database(
        engine, customers=60, today=TODAY, batch_size=100, progress=lambda *a: calls.append(a)
    )
    engine.dispose()
    for table, count in summary.counts:
        reported = [(done, total) for name, done, total in calls if name == table]
        assert reported[-1] == (count, count), table
        assert all(done < total for done, total in reported[:-1]), table
    assert len(calls) > 2 * len(summary.counts)  # the big tables were written in several batches
