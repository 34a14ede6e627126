"""Follow-ups: when one is due, when it is overdue, and who a due callback is offered to.

A follow-up record (entity ``follow_up``) is ``{id, subject_type, subject_id,
customer_id, owner_id, team_id, kind, due_at, phone, note, done_at,
interaction_id, version, ...}`` with ISO-8601 UTC times. Reminders fire on
the desk from its local copy, so they work offline; callbacks are turned
into outbound call work by the server when due (they need the router).
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from desk_app.domain.enums import AgentState, FollowUpKind

OVERDUE_AFTER = timedelta(minutes=30)
"""A follow-up not done this long after it was due shows as overdue to the supervisor."""

MAX_NOTE = 2000
AWAY_STATES = frozenset({AgentState.AWAY, AgentState.OFFLINE})
"""Owner states in which a due callback goes to the owner's team queue instead."""

Record = Mapping[str, Any]


def due_time(record: Record) -> datetime:
    return datetime.fromisoformat(str(record["due_at"]))


def is_open(record: Record) -> bool:
    return not record.get("done_at")


def due_now(records: Iterable[Record], now: datetime) -> list[Record]:
    """Open follow-ups whose time has come, the longest-waiting first."""
    return sorted((r for r in records if is_open(r) and due_time(r) <= now), key=due_time)


def overdue(
    records: Iterable[Record], now: datetime, after: timedelta = OVERDUE_AFTER
) -> list[Record]:
    """Open follow-ups more than ``after`` past due (the supervisor's list)."""
    return [r for r in due_now(records, now) if due_time(r) + after < now]


def next_due(records: Iterable[Record], now: datetime) -> datetime | None:
    """When the next open follow-up falls due, to wake a timer exactly then."""
    upcoming = [due_time(r) for r in records if is_open(r) and due_time(r) > now]
    return min(upcoming, default=None)


class Reminders:
    """Which due follow-ups the rep has not been reminded of yet.

    ``fire`` is called on every tick and every change; each follow-up is
    announced once per due time (moving it later re-arms it).
    """

    def __init__(self) -> None:
        self._told: dict[str, str] = {}  # follow-up id -> the due time we reminded of

    def fire(self, records: Iterable[Record], now: datetime) -> list[Record]:
        fresh = []
        for record in due_now(records, now):
            key, due = str(record["id"]), str(record["due_at"])
            if self._told.get(key) != due:
                self._told[key] = due
                fresh.append(record)
        return fresh


def callback_goes_to_team(owner_state: AgentState | None) -> bool:
    """A due callback is offered to its owner, unless they are away or signed out."""
    return owner_state is None or owner_state in AWAY_STATES


def check_follow_up(kind: FollowUpKind, phone: str | None, note: str) -> None:
    """Refuse a follow-up that cannot be carried out; the message is for the rep."""
    if kind is FollowUpKind.CALLBACK and not (phone or "").strip():
        raise ValueError("a callback needs the number to call")
    if len(note) > MAX_NOTE:
        raise ValueError(f"keep the follow-up note under {MAX_NOTE} characters")
