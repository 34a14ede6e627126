"""The time zone and the buckets a stats request asks for, checked before anything is read."""

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Query

from desk_app.domain.kpi import Window, day_window, hours_of
from desk_app.server.core.problems import Problem

MAX_DAYS = 31
"""31 days of hours is at most 745 buckets (a clock change adds one), within the 800 agreed."""


class Bucket(StrEnum):
    HOUR = "hour"
    DAY = "day"


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name``; a 422 that says what is wrong otherwise."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _invalid(
            f"tz: {name!r} is not a known time zone; use an IANA name such as Europe/Paris"
        ) from None


def _zone(
    tz: Annotated[str, Query(max_length=64, description="IANA time zone, e.g. Europe/Paris")],
) -> ZoneInfo:
    return zone_named(tz)


ZoneDep = Annotated[ZoneInfo, Depends(_zone)]


def buckets(start: date, end: date, bucket: Bucket, zone: ZoneInfo) -> list[Window]:
    """The local days ``start``..``end`` (both included), cut in hours or days, oldest first.

    Bounded to :data:`MAX_DAYS` days so one request cannot ask the server to
    measure years hour by hour.
    """
    if end < start:
        raise _invalid("end: comes before start")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise _invalid(f"start..end spans {days} days; at most {MAX_DAYS} may be asked at once")
    each_day = [start + timedelta(days=offset) for offset in range(days)]
    if bucket is Bucket.DAY:
        return [day_window(day, zone) for day in each_day]
    return [hour for day in each_day for hour in hours_of(day, zone)]
