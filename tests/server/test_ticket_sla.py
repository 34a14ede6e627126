"""A ticket's SLA clocks: stamped from the policy, standing still while pending the customer
(the pause logged, the due time moved on by the business time lost), met when answered."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.server.sla.models import SlaPause
from desk_app.server.tickets import service
from tests.support.builders import World

URL = "/api/v1/tickets"
MONDAY_9 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)  # a Monday; tickets run on 08:00-18:00


class Clock:
    """The ticket service's idea of now, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(MONDAY_9)
    monkeypatch.setattr(service, "utcnow", clock)
    return clock


def at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def move(client: TestClient, world: World, ticket: dict[str, Any], status: str) -> dict[str, Any]:
    response = client.patch(
        f"{URL}/{ticket['id']}",
        json={"version": ticket["version"], "status": status},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_due_times_come_from_the_ticket_policy_in_business_hours(
    client: TestClient, world: World, clock: Clock
) -> None:
    body = {"subject": "Router dead", "department": "technical_support"}
    normal = client.post(URL, json=body, headers=world.as_("rep")).json()
    # 8 business hours of a normal ticket: the rest of Monday
    assert at(normal["first_response_due_at"]) == MONDAY_9 + timedelta(hours=8)
    # 50 business hours: Monday's 9, four full days of 10, and one hour on the next Monday
    assert at(normal["resolution_due_at"]) == datetime(2030, 1, 14, 9, 0, tzinfo=UTC)
    urgent = client.post(URL, json={**body, "priority": "urgent"}, headers=world.as_("rep")).json()
    assert at(urgent["first_response_due_at"]) == MONDAY_9 + timedelta(hours=1)
    clock.now = MONDAY_9 + timedelta(minutes=30)
    answered = move(client, world, normal, "open")
    assert at(answered["first_responded_at"]) == clock.now
    assert [e["kind"] for e in answered["history"]].count("first_response") == 1


def test_pending_the_customer_stops_the_clock_logs_the_pause_and_moves_the_due_time(
    client: TestClient, world: World, db: Session, clock: Clock
) -> None:
    body = {"subject": "Refund", "department": "billing", "priority": "high"}
    ticket = client.post(URL, json=body, headers=world.as_("rep")).json()
    due = at(ticket["resolution_due_at"])
    clock.now = datetime(2030, 1, 7, 10, 0, tzinfo=UTC)
    ticket = move(client, world, ticket, "pending_customer")
    assert at(ticket["sla_paused_at"]) == clock.now
    assert at(ticket["resolution_due_at"]) == due  # frozen, not moved yet
    # a day later the customer answers: 8 h of Monday and 2 h of Tuesday stood still
    clock.now = datetime(2030, 1, 8, 10, 0, tzinfo=UTC)
    ticket = move(client, world, ticket, "open")
    assert ticket["sla_paused_at"] is None
    assert due is not None
    assert at(ticket["resolution_due_at"]) == due + timedelta(days=1)  # 10 h = one open day
    paused = [e for e in ticket["history"] if e["kind"] == "sla_paused"]
    resumed = [e for e in ticket["history"] if e["kind"] == "sla_resumed"]
    assert [e["detail"] for e in paused] == [{"reason": "pending_customer"}]
    assert [e["detail"] for e in resumed] == [{"paused_seconds": 10 * 3600}]
    [stretch] = db.scalars(select(SlaPause).where(SlaPause.subject_type == "ticket")).all()
    assert str(stretch.subject_id) == ticket["id"]
    assert (stretch.started_at, stretch.ended_at) == (
        datetime(2030, 1, 7, 10, 0, tzinfo=UTC),
        datetime(2030, 1, 8, 10, 0, tzinfo=UTC),
    )


def test_a_pause_over_a_weekend_costs_only_the_open_hours(
    client: TestClient, world: World, clock: Clock
) -> None:
    clock.now = datetime(2030, 1, 11, 17, 0, tzinfo=UTC)  # Friday 17:00
    body = {"subject": "Parcel", "department": "logistics"}
    ticket = client.post(URL, json=body, headers=world.as_("rep")).json()
    assert at(ticket["resolution_due_at"]) == datetime(2030, 1, 18, 17, 0, tzinfo=UTC)
    first_response_due = ticket["first_response_due_at"]
    ticket = move(client, world, ticket, "pending_customer")
    clock.now = datetime(2030, 1, 14, 9, 0, tzinfo=UTC)  # Monday 09:00
    ticket = move(client, world, ticket, "resolved")
    assert ticket["sla_paused_at"] is None
    assert at(ticket["resolved_at"]) == clock.now
    # Friday 17-18 and Monday 8-9: two open hours, so Friday's due time moves past the
    # weekend; the first response was met when the ticket left "new", so it stays
    [resumed] = [e for e in ticket["history"] if e["kind"] == "sla_resumed"]
    assert resumed["detail"] == {"paused_seconds": 2 * 3600}
    assert at(ticket["resolution_due_at"]) == datetime(2030, 1, 21, 9, 0, tzinfo=UTC)
    assert ticket["first_response_due_at"] == first_response_due


def test_a_new_priority_sets_the_clocks_again_from_the_start(
    client: TestClient, world: World, clock: Clock
) -> None:
    body = {"subject": "Outage", "department": "technical_support"}
    ticket = client.post(URL, json=body, headers=world.as_("rep")).json()
    clock.now = MONDAY_9 + timedelta(minutes=30)
    response = client.patch(
        f"{URL}/{ticket['id']}",
        json={"version": ticket["version"], "priority": "urgent"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    urgent = response.json()
    # an urgent ticket: first response in 1 business hour, resolution in 10, from its creation
    assert at(urgent["first_response_due_at"]) == MONDAY_9 + timedelta(hours=1)
    assert at(urgent["resolution_due_at"]) == datetime(2030, 1, 8, 9, 0, tzinfo=UTC)
