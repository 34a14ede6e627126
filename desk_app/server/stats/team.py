"""Team averages: every rep measured with ``kpi.measure``, then ``kpi.team_average`` per bucket."""

import bisect
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import kpi
from desk_app.domain.enums import Role
from desk_app.domain.kpi import Contact, Metric, Point, Window
from desk_app.server.stats.activity import Activity, load
from desk_app.server.users.models import User

T = TypeVar("T")


@dataclass(frozen=True)
class TeamBucket:
    window: Window
    values: dict[Metric, float | None]
    agents: int
    """How many reps had anything to measure in the bucket."""


def reps_of(session: Session, team_id: uuid.UUID) -> list[uuid.UUID]:
    """The team's reps (the people the average is over; supervisors take no contacts)."""
    return list(
        session.scalars(
            select(User.id).where(User.team_id == team_id, User.role == Role.REP).order_by(User.id)
        )
    )


def _overlapping(
    windows: Sequence[Window],
    items: Sequence[T],
    bounds: Callable[[T], tuple[datetime, datetime]],
) -> list[list[T]]:
    """For each window, the items (sorted by start) whose [start, end) overlaps it, in order.

    ``windows`` ascend without overlapping, so one sweep serves them all: an
    item ending before a window's start can touch no later window either.
    """
    groups: list[list[T]] = []
    active: list[T] = []
    upcoming = 0
    for window in windows:
        while upcoming < len(items) and bounds(items[upcoming])[0] < window.end:
            active.append(items[upcoming])
            upcoming += 1
        active = [item for item in active if bounds(item)[1] > window.start]
        groups.append(list(active))
    return groups


def _wrapped_at(contact: Contact) -> datetime:
    assert contact.wrapped_at is not None  # Activity.contacts holds handled contacts only
    return contact.wrapped_at


def points_of(activity: Activity, windows: Sequence[Window], now: datetime) -> list[Point]:
    """``kpi.measure`` of each window, handed only the records that can count in it.

    The same numbers as measuring every window over all the records (what
    counts in a window is what overlaps it), without rereading a month of
    records for each of hundreds of hourly buckets.
    """
    wrapped = [_wrapped_at(contact) for contact in activity.contacts]
    spans = _overlapping(windows, activity.spans, lambda s: (s.started_at, s.ended_at or now))
    shifts = _overlapping(windows, activity.schedules, lambda s: (s.starts_at, s.ends_at))
    points = []
    for window, window_spans, window_shifts in zip(windows, spans, shifts, strict=True):
        first = bisect.bisect_left(wrapped, window.start)
        last = bisect.bisect_left(wrapped, window.end)
        contacts = activity.contacts[first:last]
        points.append(kpi.measure(window, contacts, window_spans, window_shifts, now))
    return points


def team_buckets(
    session: Session, team_id: uuid.UUID, windows: Sequence[Window], now: datetime
) -> list[TeamBucket]:
    """The team's average of every KPI in each window (``windows`` ascending, contiguous)."""
    reps = reps_of(session, team_id)
    activity = load(session, reps, Window(windows[0].start, windows[-1].end)) if reps else {}
    per_rep = [points_of(activity.get(rep, Activity()), windows, now) for rep in reps]
    buckets = []
    for index, window in enumerate(windows):
        points = [points[index] for points in per_rep]
        buckets.append(
            TeamBucket(
                window=window,
                values=kpi.team_average(points),
                agents=sum(any(v is not None for v in p.values.values()) for p in points),
            )
        )
    return buckets
