"""The rep's own figures: what each KPI means, computed from plain records.

One definition serves the desk (offline, from its local store), the server
(team averages, the report behind ``desk report``) and the report itself,
so a point on the graph, a figure in the PDF and a team average can never
disagree about what "handled" or "occupancy" means.

Definitions (each a ratio inside one time window; ``None`` when the window
holds nothing to measure, never a made-up zero):

- **handled**: a contact the rep answered and finished (wrapped up). It is
  counted in the window where it was wrapped up, so a call that spans
  midnight counts on the day it was finished. Abandoned contacts (never
  answered) are not handled and do not count anywhere below.
- **handled per hour**: handled ÷ hours signed in (any state but offline)
  during the window.
- **average handle time**: mean of talk + hold + wrap over handled contacts,
  that is wrapped-up time − answered time (hold is part of the call).
- **first-contact resolution**: share of handled contacts with a verdict
  that were resolved at first contact; a transferred contact never is.
- **customer satisfaction**: mean survey score (1–5) of handled contacts
  that have one.
- **occupancy**: (busy + wrap-up time) ÷ (ready + busy + wrap-up time).
- **adherence**: share of scheduled time in which the rep did what the
  schedule said: working (ready, busy, wrap-up) during shift time outside
  breaks, and not taking work (not ready, away, offline) during breaks.
"""

import bisect
import itertools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from statistics import fmean
from typing import TypeVar

from desk_app.domain.enums import AgentState

T = TypeVar("T")
_HOUR = 3600.0
_WORKING = frozenset({AgentState.READY, AgentState.BUSY, AgentState.WRAP_UP})
_OCCUPIED = frozenset({AgentState.BUSY, AgentState.WRAP_UP})
_NOT_WORKING = frozenset({AgentState.NOT_READY, AgentState.AWAY, AgentState.OFFLINE})


class Metric(StrEnum):
    HANDLED_PER_HOUR = "handled_per_hour"
    AHT = "aht"  # seconds
    FCR = "fcr"  # share, 0–1
    CSAT = "csat"  # mean score, 1–5
    OCCUPANCY = "occupancy"  # share, 0–1
    ADHERENCE = "adherence"  # share, 0–1


LOWER_IS_BETTER: frozenset[Metric] = frozenset({Metric.AHT})
"""Metrics where a value under the goal is the good side (the rest: over it)."""

DEFAULT_GOALS: dict[Metric, float] = {
    Metric.HANDLED_PER_HOUR: 8.0,
    Metric.AHT: 360.0,
    Metric.FCR: 0.75,
    Metric.CSAT: 4.2,
    Metric.OCCUPANCY: 0.80,
    Metric.ADHERENCE: 0.90,
}
"""Goals used when neither the team nor the rep has one set."""


def meets(metric: Metric, value: float, goal: float) -> bool:
    """Whether ``value`` is on the good side of ``goal`` (or on it)."""
    return value <= goal if metric in LOWER_IS_BETTER else value >= goal


@dataclass(frozen=True)
class Contact:
    """One interaction as the KPIs see it (the fields of the interaction record)."""

    id: uuid.UUID
    channel: str
    status: str
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    wrapped_at: datetime | None = None
    hold_seconds: float = 0.0
    first_contact_resolution: bool | None = None
    satisfaction: int | None = None
    transferred: bool = False
    disposition: str | None = None

    @property
    def handled(self) -> bool:
        return self.answered_at is not None and self.wrapped_at is not None

    @property
    def handle_seconds(self) -> float:
        """Talk + hold + wrap; 0 for a contact not handled."""
        if self.answered_at is None or self.wrapped_at is None:
            return 0.0
        return max(0.0, (self.wrapped_at - self.answered_at).total_seconds())

    @property
    def wrap_seconds(self) -> float:
        if self.ended_at is None or self.wrapped_at is None:
            return 0.0
        return max(0.0, (self.wrapped_at - self.ended_at).total_seconds())

    @property
    def talk_seconds(self) -> float:
        """Connected time minus hold (chats and emails: answered to ended)."""
        if self.answered_at is None or self.ended_at is None:
            return 0.0
        connected = (self.ended_at - self.answered_at).total_seconds()
        return max(0.0, connected - self.hold_seconds)

    @property
    def resolved_first_time(self) -> bool | None:
        """The FCR verdict: ``None`` when nobody judged it, ``False`` once transferred."""
        if self.transferred:
            return False
        return self.first_contact_resolution


@dataclass(frozen=True)
class StateSpan:
    """One stretch in one agent state; an open one (``ended_at`` None) runs until now."""

    state: AgentState
    started_at: datetime
    ended_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class PlannedBreak:
    kind: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Schedule:
    """One planned shift with its breaks."""

    starts_at: datetime
    ends_at: datetime
    breaks: tuple[PlannedBreak, ...] = ()


@dataclass(frozen=True)
class Window:
    """A half-open time window [start, end)."""

    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Point:
    """The KPIs of one window, and the handled contacts behind them."""

    window: Window
    values: dict[Metric, float | None]
    contact_ids: tuple[uuid.UUID, ...] = field(default=())


def _overlap(start: datetime, end: datetime, window: Window) -> float:
    return max(0.0, (min(end, window.end) - max(start, window.start)).total_seconds())


def time_in_states(
    spans: Iterable[StateSpan], window: Window, now: datetime
) -> dict[tuple[AgentState, str | None], float]:
    """Seconds spent in each (state, reason) inside ``window``; open spans end at ``now``."""
    totals: dict[tuple[AgentState, str | None], float] = {}
    for span in spans:
        seconds = _overlap(span.started_at, span.ended_at or now, window)
        if seconds > 0:
            key = (span.state, span.reason if span.state is AgentState.NOT_READY else None)
            totals[key] = totals.get(key, 0.0) + seconds
    return totals


def _seconds_in(
    totals: dict[tuple[AgentState, str | None], float], states: frozenset[AgentState]
) -> float:
    return sum(seconds for (state, _reason), seconds in totals.items() if state in states)


def handled_in(contacts: Iterable[Contact], window: Window) -> list[Contact]:
    """Contacts handled (wrapped up) inside ``window``, oldest first."""
    found = [c for c in contacts if c.handled and c.wrapped_at and window.holds(c.wrapped_at)]
    return sorted(found, key=lambda c: (c.wrapped_at, str(c.id)))


def average_handle_time(handled: Sequence[Contact]) -> float | None:
    return fmean(c.handle_seconds for c in handled) if handled else None


def first_contact_resolution(handled: Sequence[Contact]) -> float | None:
    verdicts = [c.resolved_first_time for c in handled if c.resolved_first_time is not None]
    return sum(verdicts) / len(verdicts) if verdicts else None


def satisfaction(handled: Sequence[Contact]) -> float | None:
    scores = [c.satisfaction for c in handled if c.satisfaction is not None]
    return fmean(scores) if scores else None


def occupancy(totals: dict[tuple[AgentState, str | None], float]) -> float | None:
    available = _seconds_in(totals, _WORKING)
    return _seconds_in(totals, _OCCUPIED) / available if available else None


def _state_at(spans: Sequence[StateSpan], moment: datetime, now: datetime) -> AgentState:
    """The state in force at ``moment`` (offline where the log says nothing)."""
    for span in spans:
        if span.started_at <= moment < (span.ended_at or now):
            return span.state
    return AgentState.OFFLINE


def _cuts(
    window: Window, spans: Sequence[StateSpan], schedules: Sequence[Schedule], now: datetime
) -> list[datetime]:
    moments = {window.start, window.end}
    for span in spans:
        moments.update((span.started_at, span.ended_at or now))
    for schedule in schedules:
        moments.update((schedule.starts_at, schedule.ends_at))
        for planned in schedule.breaks:
            moments.update((planned.starts_at, planned.ends_at))
    return sorted(m for m in moments if window.start <= m <= window.end)


def adherence(
    spans: Sequence[StateSpan], schedules: Sequence[Schedule], window: Window, now: datetime
) -> float | None:
    """Share of scheduled time inside ``window`` spent as scheduled (see the module text)."""
    scheduled = adhered = 0.0
    cuts = _cuts(window, spans, schedules, now)
    for start, end in itertools.pairwise(cuts):
        if start >= now:
            break  # the future is not yet adhered to or not
        end = min(end, now)
        schedule = next((s for s in schedules if s.starts_at <= start < s.ends_at), None)
        if schedule is None:
            continue
        on_break = any(b.starts_at <= start < b.ends_at for b in schedule.breaks)
        state = _state_at(spans, start, now)
        seconds = (end - start).total_seconds()
        scheduled += seconds
        if (state in _NOT_WORKING) if on_break else (state in _WORKING):
            adhered += seconds
    return adhered / scheduled if scheduled else None


def measure(
    window: Window,
    contacts: Iterable[Contact],
    spans: Sequence[StateSpan],
    schedules: Sequence[Schedule],
    now: datetime,
) -> Point:
    """Every KPI for one window."""
    handled = handled_in(contacts, window)
    totals = time_in_states(spans, window, now)
    signed_in = sum(s for (state, _r), s in totals.items() if state is not AgentState.OFFLINE)
    return Point(
        window=window,
        values={
            Metric.HANDLED_PER_HOUR: len(handled) / (signed_in / _HOUR) if signed_in else None,
            Metric.AHT: average_handle_time(handled),
            Metric.FCR: first_contact_resolution(handled),
            Metric.CSAT: satisfaction(handled),
            Metric.OCCUPANCY: occupancy(totals),
            Metric.ADHERENCE: adherence(spans, schedules, window, now),
        },
        contact_ids=tuple(c.id for c in handled),
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


def series(
    windows: Sequence[Window],
    contacts: Iterable[Contact],
    spans: Sequence[StateSpan],
    schedules: Sequence[Schedule],
    now: datetime,
) -> list[Point]:
    """One :class:`Point` per window (ascending, not overlapping), in order.

    Each window is measured with only the records that can count in it (what
    counts is what overlaps it), so a month of hours does not reread a month
    of records for every hour: the same numbers, found once.
    """
    handled = sorted((c for c in contacts if c.handled), key=_wrapped_at)
    wrapped = [_wrapped_at(c) for c in handled]
    span_groups = _overlapping(
        windows,
        sorted(spans, key=lambda s: s.started_at),
        lambda s: (s.started_at, s.ended_at or now),
    )
    shift_groups = _overlapping(
        windows,
        sorted(schedules, key=lambda s: s.starts_at),
        lambda s: (s.starts_at, s.ends_at),
    )
    points = []
    for window, window_spans, window_shifts in zip(windows, span_groups, shift_groups, strict=True):
        first = bisect.bisect_left(wrapped, window.start)
        last = bisect.bisect_left(wrapped, window.end)
        points.append(measure(window, handled[first:last], window_spans, window_shifts, now))
    return points


def _wrapped_at(contact: Contact) -> datetime:
    assert contact.wrapped_at is not None  # only handled contacts are asked
    return contact.wrapped_at


def day_window(day: date, zone: tzinfo) -> Window:
    """Local midnight to the next local midnight (23 or 25 hours on a clock change)."""
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return Window(start.astimezone(UTC), end.astimezone(UTC))


def hours_of(day: date, zone: tzinfo) -> list[Window]:
    """The day's hours in ``zone``, as absolute hours (so a clock change adds or drops one)."""
    whole = day_window(day, zone)
    hours = []
    start = whole.start
    while start < whole.end:
        hours.append(Window(start, min(start + timedelta(hours=1), whole.end)))
        start += timedelta(hours=1)
    return hours


def days_until(last: date, count: int, zone: tzinfo) -> list[Window]:
    """``count`` whole days in ``zone`` ending with ``last``, oldest first."""
    return [day_window(last - timedelta(days=back), zone) for back in range(count - 1, -1, -1)]


def team_average(points_per_agent: Sequence[Point]) -> dict[Metric, float | None]:
    """The mean over agents of each metric, leaving out agents with nothing to measure."""
    averages: dict[Metric, float | None] = {}
    for metric in Metric:
        values = [v for p in points_per_agent if (v := p.values.get(metric)) is not None]
        averages[metric] = fmean(values) if values else None
    return averages
