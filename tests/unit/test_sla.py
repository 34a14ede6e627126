"""Business-time arithmetic and the SLA policy: weekends, holidays, DST, the queue's due time."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_app.domain.enums import Channel, Priority
from desk_app.domain.sla import (
    BusinessCalendar,
    SlaPolicy,
    Targets,
    add_business_time,
    business_time_between,
    due_at,
    parse_hours,
    zone,
)

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
H, MIN = timedelta(hours=1), timedelta(minutes=1)
OFFICE = parse_hours("08:00-18:00")


def office(timezone: str = "UTC", holidays: frozenset[date] = frozenset()) -> BusinessCalendar:
    """Monday to Friday, 08:00–18:00."""
    return BusinessCalendar(zone(timezone), (OFFICE,) * 5 + ((), ()), holidays)


def every_day(hours: str, timezone: str) -> BusinessCalendar:
    return BusinessCalendar(zone(timezone), (parse_hours(hours),) * 7)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_hours_past_closing_on_friday_continue_on_monday() -> None:
    friday_five = utc(2025, 1, 3, 17)
    assert add_business_time(friday_five, 2 * H, office()) == utc(2025, 1, 6, 9)
    assert business_time_between(friday_five, utc(2025, 1, 6, 9), office()) == 2 * H


def test_holidays_are_skipped() -> None:
    calendar = office(holidays=frozenset({date(2025, 1, 6), date(2025, 1, 7)}))
    assert add_business_time(utc(2025, 1, 3, 17), 2 * H, calendar) == utc(2025, 1, 8, 9)


def test_a_start_outside_hours_waits_for_the_opening() -> None:
    assert add_business_time(utc(2025, 1, 4, 10), 30 * MIN, office()) == utc(2025, 1, 6, 8, 30)
    assert add_business_time(utc(2025, 1, 7, 6), 30 * MIN, office()) == utc(2025, 1, 7, 8, 30)
    assert add_business_time(utc(2025, 1, 7, 23), 30 * MIN, office()) == utc(2025, 1, 8, 8, 30)


def test_zero_duration_is_the_start_itself_even_when_closed() -> None:
    saturday = utc(2025, 1, 4, 10)
    assert add_business_time(saturday, timedelta(0), office()) == saturday


def test_the_due_time_is_the_earliest_instant_reaching_the_target() -> None:
    # a whole day's worth ends at closing time, not at the next opening
    assert add_business_time(utc(2025, 1, 6, 8), 10 * H, office()) == utc(2025, 1, 6, 18)


def test_multi_week_durations_jump_over_weekends() -> None:
    monday = utc(2025, 1, 6, 8)
    assert add_business_time(monday, 150 * H, office()) == utc(2025, 1, 24, 18)
    assert business_time_between(monday, utc(2025, 2, 3, 8), office()) == 200 * H


def test_a_year_on_the_24x7_calendar_is_plain_addition() -> None:
    start = datetime(2024, 1, 15, 9, 30, tzinfo=NEW_YORK)
    assert add_business_time(start, timedelta(days=365), BusinessCalendar.always_open()) == (
        start + timedelta(days=365)
    )


def test_several_intervals_a_day_skip_the_lunch_break() -> None:
    calendar = every_day("08:00-12:00, 13:00-17:00", "UTC")
    assert add_business_time(utc(2025, 1, 6, 11), 2 * H, calendar) == utc(2025, 1, 6, 14)


@pytest.mark.parametrize(
    ("timezone", "day", "hours"),
    [
        ("America/New_York", date(2024, 3, 10), 23),
        ("America/New_York", date(2024, 11, 3), 25),
        ("Europe/London", date(2024, 3, 31), 23),
        ("Europe/London", date(2024, 10, 27), 25),
    ],
)
def test_a_dst_day_open_round_the_clock_has_the_hours_the_clock_shows(
    timezone: str, day: date, hours: int
) -> None:
    tz = ZoneInfo(timezone)
    calendar = every_day("24h", timezone)
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    next_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    assert business_time_between(midnight, next_midnight, calendar) == hours * H
    assert add_business_time(midnight, hours * H, calendar) == next_midnight


def test_office_hours_on_spring_forward_sunday_are_ten_real_hours() -> None:
    calendar = every_day("08:00-18:00", "America/New_York")
    saturday_five = datetime(2024, 3, 9, 17, tzinfo=NEW_YORK)
    assert add_business_time(saturday_five, 2 * H, calendar) == datetime(
        2024, 3, 10, 9, tzinfo=NEW_YORK
    )
    assert (
        business_time_between(
            datetime(2024, 3, 10, 0, tzinfo=NEW_YORK),
            datetime(2024, 3, 11, 0, tzinfo=NEW_YORK),
            calendar,
        )
        == 10 * H
    )


def test_night_hours_lose_the_skipped_hour_and_keep_the_repeated_one() -> None:
    night = every_day("00:00-06:00", "America/New_York")
    spring = datetime(2024, 3, 10, 0, tzinfo=NEW_YORK)
    autumn = datetime(2024, 11, 3, 0, tzinfo=NEW_YORK)
    assert business_time_between(spring, spring + 12 * H, night) == 5 * H
    assert business_time_between(autumn, autumn + 12 * H, night) == 7 * H


def test_fall_back_in_london_lands_on_the_second_one_oclock() -> None:
    calendar = every_day("24h", "Europe/London")
    start = datetime(2024, 10, 27, 0, tzinfo=LONDON)  # 23:00 UTC the day before
    assert add_business_time(start, 2 * H, calendar) == utc(2024, 10, 27, 1)


def test_the_answer_is_in_utc_whatever_the_zone_of_the_start() -> None:
    start = datetime(2025, 1, 6, 9, tzinfo=NEW_YORK)
    due = add_business_time(start, H, office("America/New_York"))
    assert due.tzinfo is UTC
    assert due == utc(2025, 1, 6, 15)


_CALENDARS = {
    "office New York with a holiday": office("America/New_York", frozenset({date(2024, 3, 12)})),
    "office London": office("Europe/London"),
    "nights New York": every_day("00:00-06:00", "America/New_York"),
    "split London": every_day("07:00-11:30,12:15-19:00", "Europe/London"),
    "24x7 New York": every_day("24h", "America/New_York"),
}
_DURATIONS = (timedelta(0), timedelta(seconds=20), 45 * MIN, 3 * H, 10 * H, 37 * H, 300 * H)


@pytest.mark.parametrize("calendar", _CALENDARS.values(), ids=_CALENDARS.keys())
def test_between_inverts_add_over_a_grid_spanning_dst_changes(calendar: BusinessCalendar) -> None:
    # every 97 minutes across both spring-forward weekends (US 10 March, UK 31 March 2024)
    starts = [utc(2024, 3, 8) + step * 97 * MIN for step in range(24 * 60 * 26 // 97)]
    for start in starts:
        for duration in _DURATIONS:
            due = add_business_time(start, duration, calendar)
            assert due >= start
            assert business_time_between(start, due, calendar) == duration, (start, duration)
            if duration:
                earlier = due - timedelta(seconds=1)
                assert business_time_between(start, earlier, calendar) < duration


def test_time_between_is_zero_backwards() -> None:
    assert business_time_between(utc(2025, 1, 7, 12), utc(2025, 1, 6, 12), office()) == timedelta(0)


def test_naive_times_and_negative_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_business_time(datetime(2025, 1, 6, 9), H, office())
    with pytest.raises(ValueError, match="negative"):
        add_business_time(utc(2025, 1, 6, 9), -H, office())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("closed", ()),
        ("", ()),
        ("24h", ((timedelta(0), 24 * H),)),
        ("08:00-18:00", ((8 * H, 18 * H),)),
        ("20:00-24:00", ((20 * H, 24 * H),)),
        ("08:00-12:00,13:30-17:00", ((8 * H, 12 * H), (13 * H + 30 * MIN, 17 * H))),
    ],
)
def test_hours_are_read(text: str, expected: tuple[tuple[timedelta, timedelta], ...]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("18:00-08:00", "closes before it opens"),
        ("8-18", "not a time of day"),
        ("08:00", "HH:MM-HH:MM"),
        ("08:00-12:00,11:00-17:00", "overlaps"),
    ],
)
def test_bad_hours_are_explained(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_hours(text)


def test_unknown_timezone_and_never_open_calendar_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown timezone 'Mars/Olympus'"):
        zone("Mars/Olympus")
    with pytest.raises(ValueError, match="never open"):
        BusinessCalendar(zone("UTC"), ((),) * 7)


def test_default_policy_answer_targets_for_calls_and_chats_run_round_the_clock() -> None:
    saturday_night = utc(2025, 1, 4, 23, 59, 50)
    policy = SlaPolicy()
    assert due_at(policy, Channel.VOICE, Priority.URGENT, saturday_night) == utc(
        2025, 1, 5, 0, 0, 10
    )
    assert due_at(policy, Channel.VOICE, Priority.LOW, saturday_night) == utc(2025, 1, 5, 0, 1, 50)
    assert due_at(policy, Channel.CHAT, Priority.NORMAL, saturday_night) == utc(
        2025, 1, 5, 0, 1, 50
    )


def test_default_policy_emails_and_tickets_count_business_hours() -> None:
    friday_late = utc(2025, 1, 3, 17)
    policy = SlaPolicy()
    assert due_at(policy, Channel.EMAIL, Priority.NORMAL, friday_late) == utc(2025, 1, 6, 11)
    assert due_at(policy, Channel.TICKET, Priority.URGENT, friday_late) == utc(2025, 1, 3, 18)
    resolved_by = due_at(policy, Channel.TICKET, Priority.NORMAL, friday_late, target="resolution")
    assert resolved_by == utc(2025, 1, 10, 17)  # 50 business hours: five office days


def test_walk_ins_have_no_due_time() -> None:
    assert due_at(SlaPolicy(), Channel.WALK_IN, Priority.URGENT, utc(2025, 1, 6, 9)) is None


def test_policy_must_name_a_calendar_for_every_channel() -> None:
    with pytest.raises(ValueError, match="no calendar named 'night'"):
        SlaPolicy(
            targets={Channel.VOICE: {Priority.NORMAL: Targets(first_response=H)}},
            calendars={"24x7": BusinessCalendar.always_open()},
            channel_calendars=dict.fromkeys(Channel, "night"),
        )
