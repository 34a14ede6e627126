"""A hand-made ``GET /reports/day`` answer whose figures are worked out by hand below.

Agent ``lee`` in Europe/Berlin (UTC+1 in November) on 2026-11-24; times in UTC.
Shift 07:00–15:30 with lunch 11:00–11:30. State log: offline until 07:15,
ready 07:15–10:00, busy 10:00–11:00, not ready (lunch) 11:00–11:30,
wrap-up 11:30–12:00, ready 12:00–15:30. Signed in 8.25 h.

- handled: A (300 s), B (450 s, transferred), C (180 s); D abandoned; E still active
- handled per hour 3 / 8.25 = 0.36 → "0.4"
- AHT (300 + 450 + 180) / 3 = 310 s → "5:10"
- FCR A yes, B transferred (never), C yes → 2/3 → "67%"
- CSAT (5 + 3) / 2 → "4.0"
- occupancy (1 h + 0.5 h) / 7.75 h → "19%"
- adherence 8.25 h of 8.5 h scheduled → "97%"
"""

from datetime import UTC, datetime
from typing import Any

USER_ID = "2f1c4d7e-0000-4000-8000-000000000001"
TEAM_ID = "2f1c4d7e-0000-4000-8000-0000000000aa"
NOW = datetime(2026, 11, 24, 15, 45, tzinfo=UTC)


def at(hh_mm_ss: str) -> str:
    return f"2026-11-24T{hh_mm_ss}+00:00"


def interaction(key: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"2f1c4d7e-0000-4000-8000-{key * 12}",
        "channel": "phone",
        "status": "done",
        "category": None,
        "subject": f"contact {key}",
        "customer_id": None,
        "assigned_agent_id": USER_ID,
        "answered_at": None,
        "ended_at": None,
        "wrapped_at": None,
        "hold_seconds": 0.0,
        "first_contact_resolution": None,
        "satisfaction": None,
        "transferred": False,
        "disposition": None,
        "sla_due_at": None,
        **fields,
    }


def state(name: str, start: str, end: str | None, reason: str | None = None) -> dict[str, Any]:
    return {
        "id": f"2f1c4d7e-1111-4000-8000-{start.replace(':', '')}000000",
        "user_id": USER_ID,
        "state": name,
        "reason": reason,
        "cause": None,
        "started_at": at(start),
        "ended_at": at(end) if end else None,
    }


def day_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": {"id": USER_ID, "username": "lee", "display_name": "Lee Park", "team_id": TEAM_ID},
        "date": "2026-11-24",
        "tz": "Europe/Berlin",
        "interactions": [
            interaction(
                "a",
                category="billing",
                subject="Invoice, twice",
                answered_at=at("08:00:00"),
                ended_at=at("08:04:00"),
                wrapped_at=at("08:05:00"),
                hold_seconds=30.0,
                first_contact_resolution=True,
                satisfaction=5,
                disposition="resolved",
            ),
            interaction(
                "b",
                answered_at=at("09:00:00"),
                ended_at=at("09:06:00"),
                wrapped_at=at("09:07:30"),
                first_contact_resolution=True,
                satisfaction=3,
                transferred=True,
                disposition="transferred",
            ),
            interaction(
                "c",
                channel="chat",
                answered_at=at("13:00:00"),
                ended_at=at("13:02:00"),
                wrapped_at=at("13:03:00"),
                first_contact_resolution=True,
                disposition="resolved",
            ),
            interaction("d", status="abandoned", ended_at=at("10:01:00")),
            interaction(
                "e",
                channel="chat",
                status="active",
                subject="Where is my parcel",
                answered_at=at("15:40:00"),
                sla_due_at=at("16:00:00"),
            ),
        ],
        "state_changes": [
            state("offline", "06:00:00", "07:15:00"),
            state("ready", "07:15:00", "10:00:00"),
            state("busy", "10:00:00", "11:00:00"),
            state("not_ready", "11:00:00", "11:30:00", "lunch"),
            state("wrap_up", "11:30:00", "12:00:00"),
            state("ready", "12:00:00", "15:30:00"),
            state("offline", "15:30:00", None),
        ],
        "shifts": [
            {
                "id": "2f1c4d7e-2222-4000-8000-000000000001",
                "user_id": USER_ID,
                "team_id": TEAM_ID,
                "starts_at": at("07:00:00"),
                "ends_at": at("15:30:00"),
                "breaks": [
                    {"kind": "lunch", "starts_at": at("11:00:00"), "ends_at": at("11:30:00")}
                ],
            }
        ],
        "goals": [
            {"id": "g1", "team_id": TEAM_ID, "user_id": None, "metric": "aht", "target": 300.0},
            {"id": "g2", "team_id": TEAM_ID, "user_id": None, "metric": "fcr", "target": 0.8},
            {"id": "g3", "team_id": None, "user_id": USER_ID, "metric": "fcr", "target": 0.6},
        ],
        "follow_ups_open": [
            {
                "id": "2f1c4d7e-3333-4000-8000-000000000001",
                "kind": "callback",
                "note": "Call back Mrs Weber",
                "due_at": at("16:30:00"),
                "done_at": None,
            }
        ],
        "tickets_open": [
            {
                "id": "2f1c4d7e-4444-4000-8000-000000000001",
                "number": "T-1001",
                "subject": "Refund for damaged kettle",
                "status": "open",
                "resolution_due_at": None,
            }
        ],
        "team_average": {"aht": 290.0, "fcr": 0.7, "csat": None, "future_metric": 1.0},
        "report": None,
    }
    data.update(overrides)
    return data
