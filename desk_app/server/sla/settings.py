"""The ``[sla]`` part of the server's settings, and its one conversion to the domain policy.

Everything here is an override of the domain's defaults
(:mod:`desk_app.domain.sla`): a calendar, channel or (channel, priority)
target the operator names replaces the default of that name whole; the rest
keep their defaults, so a config file states only what differs.
"""

from datetime import date, timedelta
from functools import cached_property
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from desk_app.domain.enums import Channel, Priority
from desk_app.domain.sla import (
    DEFAULT_CALENDARS,
    DEFAULT_CHANNEL_CALENDARS,
    DEFAULT_TARGETS,
    BusinessCalendar,
    SlaPolicy,
    Targets,
    parse_hours,
    zone,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# A number is seconds; text is ISO 8601 ("PT4H") or "HH:MM:SS" (pydantic's timedelta).
Duration = Annotated[timedelta, Field(gt=timedelta(0))]
_WORKING_WEEK: dict[Weekday, str] = {
    "mon": "08:00-18:00",
    "tue": "08:00-18:00",
    "wed": "08:00-18:00",
    "thu": "08:00-18:00",
    "fri": "08:00-18:00",
}


class CalendarSettings(BaseModel):
    """One business calendar: ``hours = { mon = "08:00-18:00", … }``; days not named are closed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "UTC"
    hours: dict[Weekday, str] = Field(default_factory=lambda: dict(_WORKING_WEEK))
    holidays: list[date] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("hours")
    @classmethod
    def _readable_hours(cls, value: dict[Weekday, str]) -> dict[Weekday, str]:
        for day, spec in value.items():
            try:
                parse_hours(spec)
            except ValueError as exc:
                raise ValueError(f"{day}: {exc}") from None
        if not any(parse_hours(spec) for spec in value.values()):
            raise ValueError("the calendar is never open")
        return value

    def to_calendar(self) -> BusinessCalendar:
        return BusinessCalendar(
            zone(self.timezone),
            tuple(parse_hours(self.hours.get(day, "closed")) for day in get_args(Weekday)),
            frozenset(self.holidays),
        )


class TargetSettings(BaseModel):
    """Answer (first response) and resolution targets of one (channel, priority); omitted: none."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_response: Duration | None = None
    resolution: Duration | None = None


class SlaSettings(BaseModel):
    """``[sla]``: extra or replaced calendars, which calendar each channel uses, targets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    calendars: dict[str, CalendarSettings] = Field(default_factory=dict)
    channels: dict[Channel, str] = Field(default_factory=dict)
    targets: dict[Channel, dict[Priority, TargetSettings]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _calendars_exist(self) -> "SlaSettings":
        known = set(DEFAULT_CALENDARS) | set(self.calendars)
        for channel, name in self.channels.items():
            if name not in known:
                raise ValueError(f"channels.{channel}: no calendar named {name!r}")
        return self

    @cached_property
    def policy(self) -> SlaPolicy:
        """The domain policy: the defaults with this file's entries laid over them."""
        targets = {channel: dict(by_priority) for channel, by_priority in DEFAULT_TARGETS.items()}
        for channel, by_priority in self.targets.items():
            for priority, given in by_priority.items():
                targets.setdefault(channel, {})[priority] = Targets(
                    given.first_response, given.resolution
                )
        calendars = dict(DEFAULT_CALENDARS)
        calendars.update({name: given.to_calendar() for name, given in self.calendars.items()})
        return SlaPolicy(
            targets=targets,
            calendars=calendars,
            channel_calendars={**DEFAULT_CHANNEL_CALENDARS, **self.channels},
        )
