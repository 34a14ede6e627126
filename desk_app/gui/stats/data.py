"""What the graph shows for a range: the windows, the rep's KPI points and goals.

:func:`measure` only reads the local store (so it works offline) and calls
``domain.kpi``; it touches no widget, so a month of records is measured on a
pool thread while the window stays responsive.
"""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QTimeZone

from desk_app.client.my_day import MyDay
from desk_app.domain import kpi
from desk_app.domain.kpi import DEFAULT_GOALS, Metric, Point, Window

DAYS = 30


class Range(StrEnum):
    TODAY = "today"  # today by hour
    MONTH = "30d"  # the last 30 days by day

    @property
    def bucket(self) -> str:
        """The team average's bucket (``GET /stats/team?bucket=``)."""
        return "hour" if self is Range.TODAY else "day"


def local_zone() -> ZoneInfo:
    """The desk's zone by its IANA name (the server cuts team buckets by that name)."""
    name = QTimeZone.systemTimeZoneId().data().decode()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def windows_of(shown: Range, today: date, zone: tzinfo) -> list[Window]:
    if shown is Range.TODAY:
        return kpi.hours_of(today, zone)
    return kpi.days_until(today, DAYS, zone)


@dataclass(frozen=True)
class Figures:
    """The rep's points for one range, and the goals to hold them against."""

    shown: Range
    day: date  # the last day of the range, in the desk's zone
    points: list[Point]
    goals: dict[Metric, float]

    @property
    def windows(self) -> list[Window]:
        return [p.window for p in self.points]


def measure(my_day: MyDay, shown: Range, now: datetime, zone: tzinfo) -> Figures:
    """Every KPI of every window of ``shown`` up to today (in ``zone``), from the store."""
    today = now.astimezone(zone).date()
    points = kpi.series(
        windows_of(shown, today, zone), my_day.contacts(), my_day.spans(), my_day.schedules(), now
    )
    return Figures(shown, today, points, {**DEFAULT_GOALS, **my_day.goals()})
