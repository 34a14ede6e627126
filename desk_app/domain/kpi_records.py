"""Records as the API and the desk's store hold them (JSON dicts) → the KPI's plain values.

The desk's cache keeps each record in the server's read shape, and the server
answers ``GET /reports/day`` in that same shape, so one reading serves both.
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from desk_app.domain.day_report import ReportRow, Unresolved
from desk_app.domain.enums import AgentState
from desk_app.domain.kpi import Contact, Metric, PlannedBreak, Schedule, StateSpan

Record = Mapping[str, Any]


def moment(value: Any) -> datetime | None:
    """An ISO time (or a datetime) as a datetime; ``None`` stays ``None``."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def contact(record: Record) -> Contact:
    """An ``interaction`` record as a KPI contact."""
    return Contact(
        id=uuid.UUID(str(record["id"])),
        channel=str(record["channel"]),
        status=str(record["status"]),
        answered_at=moment(record.get("answered_at")),
        ended_at=moment(record.get("ended_at")),
        wrapped_at=moment(record.get("wrapped_at")),
        hold_seconds=float(record.get("hold_seconds") or 0.0),
        first_contact_resolution=record.get("first_contact_resolution"),
        satisfaction=record.get("satisfaction"),
        transferred=bool(record.get("transferred")),
        disposition=record.get("disposition"),
    )


def report_row(record: Record) -> ReportRow:
    """An ``interaction`` record as a line of the day's CSV."""
    return ReportRow(
        contact=contact(record),
        category=record.get("category"),
        subject=str(record.get("subject") or ""),
        customer_id=_uuid(record.get("customer_id")),
    )


def span(record: Record) -> StateSpan:
    """An ``agent_state`` record (one stretch in one state)."""
    started = moment(record["started_at"])
    assert started is not None
    return StateSpan(
        state=AgentState(record["state"]),
        started_at=started,
        ended_at=moment(record.get("ended_at")),
        reason=record.get("reason"),
    )


def schedule(record: Record) -> Schedule:
    """A ``shift`` record with its breaks."""
    starts, ends = moment(record["starts_at"]), moment(record["ends_at"])
    assert starts is not None
    assert ends is not None
    breaks = []
    for item in record.get("breaks") or []:
        b_starts, b_ends = moment(item["starts_at"]), moment(item["ends_at"])
        assert b_starts is not None
        assert b_ends is not None
        breaks.append(PlannedBreak(str(item.get("kind") or "break"), b_starts, b_ends))
    return Schedule(starts, ends, tuple(sorted(breaks, key=lambda b: b.starts_at)))


def goals_for(
    records: Iterable[Record], *, user_id: uuid.UUID, team_id: uuid.UUID | None
) -> dict[Metric, float]:
    """The goals that apply to one rep: their own over their team's (defaults fill the rest)."""
    team: dict[Metric, float] = {}
    own: dict[Metric, float] = {}
    for record in records:
        try:
            metric = Metric(record["metric"])
        except ValueError:
            continue  # a metric this desk does not know yet
        if _uuid(record.get("user_id")) == user_id:
            own[metric] = float(record["target"])
        elif record.get("user_id") is None and team_id and _uuid(record.get("team_id")) == team_id:
            team[metric] = float(record["target"])
    return {**team, **own}


def unresolved_ticket(record: Record) -> Unresolved:
    return Unresolved(
        kind="ticket",
        id=uuid.UUID(str(record["id"])),
        title=f"{record.get('number') or ''} {record.get('subject') or ''}".strip(),
        due_at=moment(record.get("resolution_due_at")),
    )


def unresolved_follow_up(record: Record) -> Unresolved:
    return Unresolved(
        kind="follow_up",
        id=uuid.UUID(str(record["id"])),
        title=str(record.get("note") or record.get("kind") or "follow-up"),
        due_at=moment(record.get("due_at")),
    )


def unresolved_interaction(record: Record) -> Unresolved:
    """An interaction still open (active or in wrap-up) when the report is made."""
    return Unresolved(
        kind="interaction",
        id=uuid.UUID(str(record["id"])),
        title=str(record.get("subject") or record.get("channel") or "interaction"),
        due_at=moment(record.get("sla_due_at")),
    )
