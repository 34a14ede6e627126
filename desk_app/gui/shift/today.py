"""Today's shift from the cached ``shift`` records, where the rep stands in it, what is next.

Plain values and rules apart from the widgets, so the reminders and the
status bar text are computed the same way everywhere and tested on an
injected clock. "Today" is the desk's local day (``zone``: the desk's own
time zone unless told).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from desk_app.gui.records import parse_time


@dataclass(frozen=True)
class Break:
    kind: str  # "break", "lunch"... as the schedule names it
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Shift:
    id: str
    starts_at: datetime
    ends_at: datetime
    breaks: tuple[Break, ...]


@dataclass(frozen=True)
class Standing:
    """Where the rep is in the shift: ``until`` is when that ends (or the shift starts)."""

    where: Literal["before", "working", "on_break", "over"]
    until: datetime | None
    on: Break | None = None


@dataclass(frozen=True)
class Reminder:
    """Something to be reminded of ahead: a break starting or the shift ending."""

    key: str  # the same for the same item all day: reminded once
    what: Literal["break", "end"]
    at: datetime
    on: Break | None = None


def _shift(record: dict[str, Any]) -> Shift | None:
    starts, ends = parse_time(record.get("starts_at")), parse_time(record.get("ends_at"))
    if starts is None or ends is None:
        return None
    breaks = []
    for raw in record.get("breaks") or []:
        b_starts, b_ends = parse_time(raw.get("starts_at")), parse_time(raw.get("ends_at"))
        if b_starts is not None and b_ends is not None:
            breaks.append(Break(str(raw.get("kind") or "break"), b_starts, b_ends))
    breaks.sort(key=lambda b: b.starts_at)
    return Shift(str(record["id"]), starts, ends, tuple(breaks))


def shifts_of(records: Iterable[dict[str, Any]], user_id: object) -> list[Shift]:
    """The rep's shifts (a supervisor's desk also caches the team's), by start."""
    mine = [_shift(r) for r in records if str(r.get("user_id")) == str(user_id)]
    return sorted((s for s in mine if s is not None), key=lambda s: s.starts_at)


def today(shifts: list[Shift], now: datetime, zone: tzinfo | None = None) -> Shift | None:
    """The shift the rep is in; else the next one starting today; else the last one of today."""
    day = now.astimezone(zone).date()
    for shift in shifts:
        if shift.starts_at <= now < shift.ends_at:
            return shift
    later = [s for s in shifts if s.starts_at > now and s.starts_at.astimezone(zone).date() == day]
    if later:
        return later[0]
    ended = [s for s in shifts if s.ends_at <= now and s.ends_at.astimezone(zone).date() == day]
    return ended[-1] if ended else None


def standing(shift: Shift, now: datetime) -> Standing:
    if now < shift.starts_at:
        return Standing("before", shift.starts_at)
    if now >= shift.ends_at:
        return Standing("over", None)
    for pause in shift.breaks:
        if pause.starts_at <= now < pause.ends_at:
            return Standing("on_break", pause.ends_at, pause)
    return Standing("working", shift.ends_at)


def reminders(shift: Shift) -> list[Reminder]:
    """Each break's start and the shift's end, in time order."""
    items = [
        Reminder(f"{shift.id}:break:{p.starts_at.isoformat()}", "break", p.starts_at, p)
        for p in shift.breaks
    ]
    items.append(Reminder(f"{shift.id}:end:{shift.ends_at.isoformat()}", "end", shift.ends_at))
    return items


def due(shift: Shift, now: datetime, lead: timedelta) -> list[Reminder]:
    """Reminders whose time is at most ``lead`` away and not yet come."""
    return [item for item in reminders(shift) if item.at - lead <= now < item.at]


def minutes_until(moment: datetime, now: datetime) -> int:
    """Whole minutes left, rounded up: "1 min" until the very end."""
    seconds = (moment - now).total_seconds()
    return max(0, -int(-seconds // 60))
