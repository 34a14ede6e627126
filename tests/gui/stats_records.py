"""A rep's month in the desk's store (interactions, state history, shifts, a goal), for
the stats graph's tests: today in detail, the 29 days before it with every other day off."""

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.ids import new_id
from desk_app.domain.kpi import Window
from tests.gui import offer_records
from tests.gui.test_main_window import USER_ID, feed

ZONE = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 25)
NOW = datetime.combine(TODAY, time(15, 30), ZONE)
TEAM_ID = uuid.uuid4()
AHT_GOAL = 300.0  # the rep's own goal (the others are the defaults)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def handled(answered: datetime, talk_min: float, wrap_min: float, **fields: Any) -> dict[str, Any]:
    ended = answered + timedelta(minutes=talk_min)
    record: dict[str, Any] = {
        **offer_records.interaction(),
        "queued_at": (answered - timedelta(seconds=30)).isoformat(),
        "offered_at": (answered - timedelta(seconds=10)).isoformat(),
        "call_state": None,
        "status": "done",
        "subject": "Late parcel",
        "assigned_agent_id": str(USER_ID),
        "answered_at": answered.isoformat(),
        "ended_at": ended.isoformat(),
        "wrapped_at": (ended + timedelta(minutes=wrap_min)).isoformat(),
        "hold_seconds": 0,
        "first_contact_resolution": True,
        "satisfaction": None,
        "transferred": False,
        "disposition": "resolved",
        "version": 1,
    }
    return {**record, **fields}


def span(state: str, start: datetime, end: datetime | None, reason: str | None = None) -> dict:
    return {
        "id": str(new_id()),
        "user_id": str(USER_ID),
        "state": state,
        "reason": reason,
        "cause": None,
        "started_at": start.isoformat(),
        "ended_at": None if end is None else end.isoformat(),
    }


def shift(day: date, breaks: list[tuple[datetime, datetime]]) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "user_id": str(USER_ID),
        "team_id": str(TEAM_ID),
        "starts_at": local(day, 8).isoformat(),
        "ends_at": local(day, 16).isoformat(),
        "breaks": [
            {"kind": "lunch", "starts_at": s.isoformat(), "ends_at": e.isoformat()}
            for s, e in breaks
        ],
    }


# Today: one call at 10 (4 min), two at 14 (4 and 6 min: AHT 5:00), an abandoned one.
MORNING_CALL = handled(local(TODAY, 10), 3, 1, satisfaction=5)
AFTERNOON_CALLS = [
    handled(local(TODAY, 14), 3, 1, satisfaction=3, first_contact_resolution=False),
    handled(local(TODAY, 14, 10), 5, 1, satisfaction=4, transferred=True),
]
ABANDONED = {
    **handled(local(TODAY, 11), 0, 0),
    "status": "abandoned",
    "answered_at": None,
    "wrapped_at": None,
}


def _today() -> list[tuple[str, dict[str, Any]]]:
    spans = [
        span("ready", local(TODAY, 8), local(TODAY, 10)),
        span("busy", local(TODAY, 10), local(TODAY, 10, 3)),
        span("wrap_up", local(TODAY, 10, 3), local(TODAY, 10, 4)),
        span("ready", local(TODAY, 10, 4), local(TODAY, 12)),
        span("not_ready", local(TODAY, 12), local(TODAY, 12, 30), "lunch"),
        span("ready", local(TODAY, 12, 30), local(TODAY, 14)),
        span("busy", local(TODAY, 14), local(TODAY, 14, 16)),
        span("ready", local(TODAY, 14, 16), None),
    ]
    lunch = (local(TODAY, 12), local(TODAY, 12, 30))
    interactions = [MORNING_CALL, *AFTERNOON_CALLS, ABANDONED]
    return [
        *[("interaction", r) for r in interactions],
        *[("agent_state", s) for s in spans],
        ("shift", shift(TODAY, [lunch])),
    ]


def _earlier(back: int) -> list[tuple[str, dict[str, Any]]]:
    day = TODAY - timedelta(days=back)
    call = handled(
        local(day, 9),
        2 + back / 10,
        1,
        satisfaction=back % 5 + 1,
        first_contact_resolution=back % 4 != 0,
    )
    return [
        ("interaction", call),
        ("agent_state", span("ready", local(day, 8), local(day, 16))),
        ("shift", shift(day, [])),
    ]


def goal() -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "team_id": None,
        "user_id": str(USER_ID),
        "metric": "aht",
        "target": AHT_GOAL,
        "version": 1,
        "created_at": NOW.isoformat(),
        "updated_at": NOW.isoformat(),
    }


def a_month(store: LocalStore) -> list[RecordChange]:
    """Today and every other day of the 29 before it (odd days back: a day off, a gap)."""
    records = _today()
    for back in range(2, 30, 2):
        records += _earlier(back)
    return feed(store, *records, ("goal", goal()))


def team_answer(windows: list[Window], team_id: uuid.UUID = TEAM_ID) -> dict[str, Any]:
    """``GET /stats/team`` as the server answers it: AHT 6:00 throughout; handled per hour
    6.0 in every other bucket (none in the rest)."""
    buckets = [
        {
            "start": w.start.isoformat(),
            "end": w.end.isoformat(),
            "values": {"aht": 360.0, "handled_per_hour": None if n % 2 else 6.0, "fcr": None},
            "agents": 3,
        }
        for n, w in enumerate(windows)
    ]
    return {"team_id": str(team_id), "buckets": buckets}
