"""One rep's day read from the desk's store and measured: the report the dialog shows and saves.

No widgets here: the dialog runs these on a pool thread. The figures are
``day_report.build``'s over ``MyDay``'s records, the very ones the stats
graph reads, so the report and the graph agree. The team average comes
from the copy the stats graph keeps of ``GET /stats/team`` (day buckets for
its last 30 days), so it is there offline too, or not at all.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from desk_app.client.my_day import MyDay
from desk_app.client.store import LocalStore
from desk_app.domain import day_report
from desk_app.domain.day_report import DayReport, Reflection, ReportRow, Unresolved
from desk_app.domain.kpi import Metric, Schedule, StateSpan, day_window
from desk_app.gui.stats.data import DAYS, Range
from desk_app.gui.stats.team import TeamLine, cache_key


@dataclass(frozen=True)
class Whose:
    """Whose report, which day, read in which time zone."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None
    agent_name: str  # the username: names the files as ``desk report`` does
    day: date
    zone: tzinfo


@dataclass(frozen=True)
class Gathered:
    """The day's records as the KPIs read them (the report's first step)."""

    rows: list[ReportRow]
    spans: list[StateSpan]
    schedules: list[Schedule]
    goals: dict[Metric, float]
    unresolved: list[Unresolved]
    team_average: dict[Metric, float | None]


def gather(store: LocalStore, whose: Whose, today: date) -> Gathered:
    """Read the rep's records for ``whose.day`` from the store."""
    mine = MyDay(store, user_id=whose.user_id, team_id=whose.team_id)
    return Gathered(
        rows=mine.rows_of(whose.day, whose.zone),
        spans=mine.spans(),
        schedules=mine.schedules(),
        goals=mine.goals(),
        unresolved=mine.unresolved(),
        team_average=team_average(store, whose, today),
    )


def measure(gathered: Gathered, whose: Whose, now: datetime, reflection: Reflection) -> DayReport:
    """The report itself (the second step)."""
    return day_report.build(
        user_id=whose.user_id,
        agent_name=whose.agent_name,
        day=whose.day,
        zone=whose.zone,
        now=now,
        rows=gathered.rows,
        spans=gathered.spans,
        schedules=gathered.schedules,
        goals=gathered.goals,
        team_average=gathered.team_average,
        unresolved=gathered.unresolved,
        reflection=reflection,
    )


def team_average(store: LocalStore, whose: Whose, today: date) -> dict[Metric, float | None]:
    """The team's figures for the day from the stats graph's copy; every one ``None`` if absent."""
    first_day = today - timedelta(days=DAYS - 1)
    text = store.draft(cache_key(Range.MONTH.bucket, first_day.isoformat()))
    try:
        line = None if text is None else TeamLine.from_kept(text)
    except (ValueError, KeyError, TypeError, AssertionError):
        line = None  # a copy this desk cannot read: as if there were none
    found = {} if line is None else line.values.get(day_window(whose.day, whose.zone).start, {})
    return {metric: found.get(metric) for metric in Metric}
