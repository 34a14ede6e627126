"""The server's ``GET /reports/day`` answer → a :class:`DayReport`, as ``desk report`` needs it.

The answer holds the rep's records in the same read shapes the desk's store
keeps, so the same readers (:mod:`desk_app.domain.kpi_records`) and the same
:func:`desk_app.domain.day_report.build` make the report: a report printed by
a supervisor's script agrees with the one the rep made at the desk.
"""

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.domain import day_report, kpi_records
from desk_app.domain.day_report import DayReport, Reflection, Unresolved
from desk_app.domain.kpi import Metric, day_window

_OPEN_WORK = frozenset({"active", "wrap_up"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _metric_values(values: Mapping[str, Any]) -> dict[Metric, float | None]:
    """Known metrics only: a newer server may measure something this version does not show."""
    known = {m.value: m for m in Metric}
    return {
        known[name]: None if value is None else float(value)
        for name, value in values.items()
        if name in known
    }


def _reflection(report: Mapping[str, Any] | None) -> Reflection | None:
    if not report:
        return None
    return Reflection(
        went_well=str(report.get("went_well") or ""),
        to_improve=str(report.get("to_improve") or ""),
        notes_for_supervisor=str(report.get("notes_for_supervisor") or ""),
    )


def _unresolved(data: Mapping[str, Any]) -> list[Unresolved]:
    """Open tickets, follow-ups and unfinished interactions, soonest due first."""
    items = [
        *(kpi_records.unresolved_ticket(r) for r in data.get("tickets_open") or []),
        *(kpi_records.unresolved_follow_up(r) for r in data.get("follow_ups_open") or []),
        *(
            kpi_records.unresolved_interaction(r)
            for r in data.get("interactions") or []
            if r.get("status") in _OPEN_WORK
        ),
    ]
    return sorted(items, key=lambda u: (u.due_at is None, u.due_at or _EPOCH, u.title))


def report_from_day_data(
    data: Mapping[str, Any], now: datetime, reflection: Reflection | None = None
) -> DayReport:
    """Measure the day the server described; ``reflection`` wins over the stored one."""
    user = data["user"]
    user_id = uuid.UUID(str(user["id"]))
    team_id = uuid.UUID(str(user["team_id"])) if user.get("team_id") else None
    day = date.fromisoformat(str(data["date"]))
    zone = ZoneInfo(str(data["tz"]))
    window = day_window(day, zone)
    rows = [kpi_records.report_row(r) for r in data.get("interactions") or []]
    return day_report.build(
        user_id=user_id,
        agent_name=str(user["username"]),
        day=day,
        zone=zone,
        now=now,
        rows=[row for row in rows if day_report.of_the_day(row.contact, window)],
        spans=sorted(
            (kpi_records.span(r) for r in data.get("state_changes") or []),
            key=lambda s: s.started_at,
        ),
        schedules=sorted(
            (kpi_records.schedule(r) for r in data.get("shifts") or []),
            key=lambda s: s.starts_at,
        ),
        goals=kpi_records.goals_for(data.get("goals") or [], user_id=user_id, team_id=team_id),
        team_average=_metric_values(data.get("team_average") or {}),
        unresolved=_unresolved(data),
        reflection=reflection or _reflection(data.get("report")),
    )
