"""SLA clocks: business calendars, business-time arithmetic and the targets per channel.

A target such as "first response within 4 business hours" only means something
against a calendar: opening hours in a local timezone, minus holidays. All
arithmetic here is done on aware datetimes in UTC, day by day over the
calendar's local dates, so that a DST change (a 23- or 25-hour day), midnight,
a weekend or a holiday is one step of the walk, never a special case, and a
month-long target costs about thirty steps.

Opening hours are local wall-clock times. A wall time that does not exist (the
hour skipped in spring) is read with the offset before the change, which moves
it forward by the gap; an ambiguous one (the hour repeated in autumn) is read
as its first occurrence. An interval that falls wholly inside the gap is
therefore empty, which is what the clock on the wall says.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_app.domain.enums import Channel, Priority

DAY = timedelta(days=1)

Interval = tuple[timedelta, timedelta]
"""Opening hours of one day as offsets from local midnight: 0 ≤ start < end ≤ 24 h."""


def parse_hours(text: str) -> tuple[Interval, ...]:
    """Read one day's hours: ``"08:00-18:00"``, ``"08:00-12:00,13:00-17:00"``, ``"24h"``, ``""``.

    Empty or ``"closed"`` is a closed day. Raises ``ValueError`` with a message
    an operator can act on; the end may be ``24:00``; hours past midnight
    belong to the next day's entry.
    """
    spec = text.strip().lower()
    if spec in ("", "closed"):
        return ()
    if spec == "24h":
        return ((timedelta(0), DAY),)
    intervals: list[Interval] = []
    for part in spec.split(","):
        opening, sep, closing = part.strip().partition("-")
        if not sep:
            raise ValueError(f"{part.strip()!r} is not HH:MM-HH:MM, '24h' or 'closed'")
        start, end = _clock(opening), _clock(closing)
        if end <= start:
            raise ValueError(
                f"{part.strip()!r} closes before it opens; split overnight hours over two days"
            )
        if intervals and start < intervals[-1][1]:
            raise ValueError(f"{part.strip()!r} overlaps or precedes the hours before it")
        intervals.append((start, end))
    return tuple(intervals)


def _clock(text: str) -> timedelta:
    """``"08:30"`` → 8 h 30 min after midnight; ``"24:00"`` is the end of the day."""
    if text.strip() == "24:00":
        return DAY
    try:
        parsed = time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a time of day (HH:MM)") from None
    return timedelta(hours=parsed.hour, minutes=parsed.minute, seconds=parsed.second)


def zone(name: str) -> ZoneInfo:
    """The IANA timezone ``name``, or a ``ValueError`` naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}") from None


@dataclass(frozen=True)
class BusinessCalendar:
    """When the clock runs: hours per weekday (Monday first) in ``timezone``, minus holidays."""

    timezone: ZoneInfo
    hours: tuple[tuple[Interval, ...], ...]
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if len(self.hours) != 7:
            raise ValueError("hours: one entry per weekday, Monday first")
        for day in self.hours:
            for start, end in day:
                if not timedelta(0) <= start < end <= DAY:
                    raise ValueError("hours: each interval must lie within one day")
        if not any(self.hours):
            raise ValueError("hours: the calendar is never open, so no target could fall due")

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> "BusinessCalendar":
        """24×7 with no holidays: the clock of calls and chats."""
        return cls(zone(timezone), (((timedelta(0), DAY),),) * 7)

    def windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Open stretches in UTC, in order, from the local day of ``start`` onwards (endless)."""
        day = start.astimezone(self.timezone).date()
        previous_end = datetime.min.replace(tzinfo=UTC)
        while True:
            if day not in self.holidays:
                midnight = datetime.combine(day, time())
                for opening, closing in self.hours[day.weekday()]:
                    begins = max(self._utc(midnight + opening), previous_end)
                    ends = self._utc(midnight + closing)
                    if begins < ends:
                        previous_end = ends
                        yield begins, ends
            day += DAY

    def _utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.timezone).astimezone(UTC)


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The earliest instant by which ``duration`` of open time has passed since ``start``.

    Zero is ``start`` itself; a start outside hours waits for the next
    opening. The answer is in UTC, as stored: a local time in the hour
    repeated in autumn would compare unequal to its UTC twin (PEP 495).
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if duration < timedelta(0):
        raise ValueError("duration must not be negative")
    cursor = start.astimezone(UTC)
    if not duration:
        return cursor
    remaining = duration
    for opening, closing in calendar.windows(cursor):
        begins = max(opening, cursor)
        if begins >= closing:
            continue
        if remaining <= closing - begins:
            return begins + remaining
        remaining -= closing - begins
    raise AssertionError("calendar windows never end")  # pragma: no cover


def business_time_between(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    """Open time from ``start`` to ``end`` (zero when ``end`` is not after ``start``)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    since, until = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta(0)
    if until <= since:
        return total
    for opening, closing in calendar.windows(since):
        if opening >= until:
            break
        begins, ends = max(opening, since), min(closing, until)
        if begins < ends:
            total += ends - begins
    return total


@dataclass(frozen=True)
class Targets:
    """How soon a contact must be answered (calls, chats) or first responded to, and resolved."""

    first_response: timedelta | None = None
    resolution: timedelta | None = None


def _targets(
    first: tuple[float, float, float, float],
    resolution: tuple[float, float, float, float] | None = None,
    *,
    unit: timedelta,
) -> dict[Priority, Targets]:
    """Targets for low, normal, high, urgent, each a multiple of ``unit``."""
    order = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)
    return {
        priority: Targets(
            first_response=first[i] * unit,
            resolution=resolution[i] * unit if resolution else None,
        )
        for i, priority in enumerate(order)
    }


SECOND, HOUR = timedelta(seconds=1), timedelta(hours=1)
# Call-centre norms: 80 % of calls answered within ~20–60 s, chats within 1–2
# minutes (both on the 24×7 clock); emails get a first answer within a business
# morning and are settled within a few business days; tickets are worked over
# days. Business hours assume the default 10-hour day (08:00–18:00), so 10 h is
# one business day.
DEFAULT_TARGETS: Mapping[Channel, Mapping[Priority, Targets]] = {
    Channel.VOICE: _targets((120, 60, 30, 20), unit=SECOND),
    Channel.CHAT: _targets((300, 120, 60, 30), unit=SECOND),
    Channel.EMAIL: _targets((8, 4, 2, 1), (40, 20, 10, 4), unit=HOUR),
    Channel.TICKET: _targets((16, 8, 4, 1), (100, 50, 30, 10), unit=HOUR),
}
ALWAYS_OPEN, BUSINESS = "24x7", "business"
DEFAULT_CALENDARS: Mapping[str, BusinessCalendar] = {
    ALWAYS_OPEN: BusinessCalendar.always_open(),
    BUSINESS: BusinessCalendar(zone("UTC"), (parse_hours("08:00-18:00"),) * 5 + ((), ())),
}
DEFAULT_CHANNEL_CALENDARS: Mapping[Channel, str] = {
    Channel.VOICE: ALWAYS_OPEN,
    Channel.CHAT: ALWAYS_OPEN,
    Channel.EMAIL: BUSINESS,
    Channel.TICKET: BUSINESS,
    Channel.WALK_IN: BUSINESS,
}


@dataclass(frozen=True)
class SlaPolicy:
    """Targets per (channel, priority) and the calendar each channel's clock runs on.

    A (channel, priority) with no entry has no SLA (walk-ins: the customer is
    standing at the counter).
    """

    targets: Mapping[Channel, Mapping[Priority, Targets]] = field(
        default_factory=lambda: DEFAULT_TARGETS
    )
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=lambda: DEFAULT_CALENDARS)
    channel_calendars: Mapping[Channel, str] = field(
        default_factory=lambda: DEFAULT_CHANNEL_CALENDARS
    )

    def __post_init__(self) -> None:
        for channel in Channel:
            name = self.channel_calendars.get(channel)
            if name not in self.calendars:
                raise ValueError(f"{channel}: no calendar named {name!r}")

    def calendar_for(self, channel: Channel) -> BusinessCalendar:
        """The calendar ``channel``'s clock runs on."""
        return self.calendars[self.channel_calendars[channel]]

    def targets_for(self, channel: Channel, priority: Priority) -> Targets:
        """The targets of a contact, empty where the policy sets none."""
        return self.targets.get(channel, {}).get(priority, Targets())


def due_at(
    policy: SlaPolicy,
    channel: Channel,
    priority: Priority,
    start: datetime,
    *,
    target: Literal["first_response", "resolution"] = "first_response",
) -> datetime | None:
    """When the contact breaches: by default the answer / first-response time the queue shows."""
    targets = policy.targets_for(channel, priority)
    limit = targets.first_response if target == "first_response" else targets.resolution
    if limit is None:
        return None
    return add_business_time(start, limit, policy.calendar_for(channel))
