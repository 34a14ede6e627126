"""Interaction and customer records as the server's JSON, for the offer and tab tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from desk_app.domain.ids import new_id

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand (widgets take it instead of ``datetime.now``)."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def at(seconds: float) -> str:
    """A time ``seconds`` after :data:`NOW`, as the API writes it."""
    return (NOW + timedelta(seconds=seconds)).isoformat()


def interaction(channel: str = "voice", **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(new_id()),
        "channel": channel,
        "direction": "inbound",
        "status": "offered",
        "priority": "normal",
        "subject": "",
        "from_address": "+12025550143" if channel == "voice" else "ada@example.com",
        "to_address": None,
        "customer_id": None,
        "queued_at": at(-30),
        "offered_at": at(0),
        "offer_expires_at": at(20),
        "answered_at": None,
        "ended_at": None,
        "call_state": "ringing" if channel == "voice" else None,
        "muted": False,
        "version": 1,
    }
    record.update(fields)
    return record


def customer(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(new_id()),
        "name": "Ada King",
        "segment": "small_business",
        "vip": True,
        "locale": "fr_CA",
        "store_id": None,
        "phones": [
            {"number": "+12025550143", "label": "mobile"},
            {"number": "+442079460958", "label": "work"},
        ],
        "emails": ["ada@example.com"],
        "addresses": [
            {
                "kind": "shipping",
                "line1": "12 Rue Sainte-Catherine",
                "line2": None,
                "city": "Montréal",
                "postal_code": "H2X 1K4",
                "country": "CA",
            }
        ],
        "version": 3,
    }
    record.update(fields)
    return record
