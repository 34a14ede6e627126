"""One rep's morning as the feed brings it to the desk, for the end-of-shift report's tests.

NOW is 10:00 UTC (11:00 in Berlin) on 25 November 2026. Two contacts were
handled this morning (a 5-minute call resolved first time, a 7-minute chat
that was not), a third is still on the line; one ticket and one follow-up
are open; the team's AHT goal is 5:30.
"""

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.client.session import DeskSession, Profile
from desk_app.client.store import LocalStore
from desk_app.domain.ids import new_id
from desk_app.domain.kpi import Metric, day_window
from desk_app.gui.stats.team import cache_key
from tests.gui import offer_records
from tests.gui.collab_records import ME, follow_up
from tests.gui.offer_records import NOW
from tests.gui.test_main_window import USER_ID, feed

ZONE = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 25)
TEAM_ID = uuid.uuid4()
PROFILE = Profile(
    USER_ID, "Rep One", "rep", "US", "Northwind Goods", username="rep.one", team_id=TEAM_ID
)
SESSION = DeskSession("http://127.0.0.1:9", "rep.one", "token", PROFILE)


def at(hours: float) -> str:
    """``hours`` after 00:00 UTC today, as the API writes it."""
    return (NOW.replace(hour=0) + timedelta(hours=hours)).isoformat()


def handled(answered: float, minutes: float, **fields: Any) -> dict[str, Any]:
    """A contact of mine answered at ``answered`` h, ended a minute before it was wrapped."""
    ended = answered + (minutes - 1) / 60
    record = offer_records.interaction(
        status="done",
        assigned_agent_id=ME,
        answered_at=at(answered),
        ended_at=at(ended),
        wrapped_at=at(answered + minutes / 60),
        hold_seconds=0,
        transferred=False,
        category="shipping_delay",
        subject="Where is my parcel?",
    )
    record.update(fields)
    return record


def state(name: str, start: float, end: float | None, reason: str | None = None) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "user_id": ME,
        "state": name,
        "reason": reason,
        "cause": "agent",
        "started_at": at(start),
        "ended_at": None if end is None else at(end),
    }


def morning(store: LocalStore) -> dict[str, dict[str, Any]]:
    """Put the morning in the store; the records by name."""
    records = {
        "call": handled(
            8, 5, first_contact_resolution=True, satisfaction=5, disposition="resolved"
        ),
        "chat": handled(
            9,
            7,
            channel="chat",
            first_contact_resolution=False,
            satisfaction=3,
            disposition="callback",
        ),
        "live": offer_records.interaction(
            status="active", assigned_agent_id=ME, answered_at=at(9.9), subject="Refund"
        ),
        "yesterday": handled(-14, 4, disposition="resolved"),
        "ticket": {
            "id": str(new_id()),
            "number": 1042,
            "subject": "Parcel lost",
            "status": "open",
            "owner_id": ME,
            "resolution_due_at": at(30),
            "version": 1,
        },
        "follow_up": follow_up(timedelta(hours=4), note="Call Ada back about the refund"),
        "goal": {
            "id": str(new_id()),
            "team_id": str(TEAM_ID),
            "user_id": None,
            "metric": "aht",
            "target": 330.0,
            "version": 1,
        },
        "shift": {
            "id": str(new_id()),
            "user_id": ME,
            "team_id": str(TEAM_ID),
            "starts_at": at(7.5),
            "ends_at": at(16),
            "breaks": [{"kind": "lunch", "starts_at": at(12), "ends_at": at(12.5)}],
        },
    }
    spans = [
        state("ready", 7.5, 8),
        state("busy", 8, 8 + 5 / 60),
        state("ready", 8 + 5 / 60, 9),
        state("busy", 9, 9 + 7 / 60),
        state("not_ready", 9 + 7 / 60, 9.5, reason="coaching"),
        state("ready", 9.5, 9.9),
        state("busy", 9.9, None),
    ]
    entities = {"call": "interaction", "chat": "interaction", "live": "interaction"}
    entities |= {"yesterday": "interaction", "ticket": "ticket", "follow_up": "follow_up"}
    entities |= {"goal": "goal", "shift": "shift"}
    feed(
        store,
        *[(entities[name], record) for name, record in records.items()],
        *[("agent_state", span) for span in spans],
    )
    return records


def keep_team_average(store: LocalStore, values: dict[str, float | None]) -> None:
    """The stats graph's copy of ``GET /stats/team`` for the last 30 days, today's bucket set."""
    window = day_window(DAY, ZONE)
    answer = {
        "team_id": str(TEAM_ID),
        "buckets": [
            {
                "start": window.start.isoformat(),
                "end": window.end.isoformat(),
                "values": {m.value: values.get(m.value) for m in Metric},
                "agents": 4,
            }
        ],
    }
    first_day = (DAY - timedelta(days=29)).isoformat()
    kept = {"fetched_at": datetime(2026, 11, 25, 9, 0).isoformat() + "+00:00", "answer": answer}
    store.save_draft(cache_key("day", first_day), json.dumps(kept))
