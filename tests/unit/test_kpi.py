"""The KPI arithmetic on hand-computed examples, and the edge cases the issue names."""

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_app.domain.enums import AgentState
from desk_app.domain.kpi import (
    Contact,
    Metric,
    PlannedBreak,
    Point,
    Schedule,
    StateSpan,
    Window,
    day_window,
    days_until,
    handled_in,
    hours_of,
    measure,
    meets,
    series,
    team_average,
    time_in_states,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 14, tzinfo=UTC)
MORNING = Window(datetime(2026, 11, 24, 9, tzinfo=UTC), datetime(2026, 11, 24, 13, tzinfo=UTC))


def at(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def call(
    answered: datetime, ended: datetime, wrapped: datetime | None, **fields: object
) -> Contact:
    return Contact(
        id=uuid.uuid4(),
        channel="phone",
        status="done" if wrapped else "wrap_up",
        answered_at=answered,
        ended_at=ended,
        wrapped_at=wrapped,
        **fields,  # type: ignore[arg-type]
    )


def span(
    state: AgentState, start: datetime, end: datetime | None, reason: str | None = None
) -> StateSpan:
    return StateSpan(state=state, started_at=start, ended_at=end, reason=reason)


# The morning, 09:00–13:00 UTC: ready 1 h, busy 1 h, wrap-up 30 min, not ready
# (break) 30 min, ready 1 h: signed in 4 h, of which 3.5 h working.
SPANS = [
    span(AgentState.READY, at(9), at(10)),
    span(AgentState.BUSY, at(10), at(11)),
    span(AgentState.WRAP_UP, at(11), at(11, 30)),
    span(AgentState.NOT_READY, at(11, 30), at(12), "break"),
    span(AgentState.READY, at(12), at(13)),
]
# Shift 08:30–13:00 with a break 11:15–11:45 (the rep took theirs 15 min late).
SHIFT = Schedule(at(8, 30), at(13), (PlannedBreak("break", at(11, 15), at(11, 45)),))
CONTACTS = [
    # 600 s, of which 60 s on hold; resolved first time; CSAT 4
    call(
        at(10),
        at(10, 8),
        at(10, 10),
        hold_seconds=60.0,
        first_contact_resolution=True,
        satisfaction=4,
    ),
    # 360 s; not resolved; CSAT 5
    call(at(10, 20), at(10, 25), at(10, 26), first_contact_resolution=False, satisfaction=5),
    # 480 s; nobody judged it, no survey
    call(at(10, 40), at(10, 45), at(10, 48)),
    # 600 s; marked resolved, but it was transferred: never first-contact resolution
    call(at(11), at(11, 5), at(11, 10), first_contact_resolution=True, transferred=True),
]


def test_every_metric_of_a_hand_computed_morning() -> None:
    point = measure(MORNING, CONTACTS, SPANS, [SHIFT], NOW)

    assert point.values == {
        Metric.HANDLED_PER_HOUR: 4 / 4,
        Metric.AHT: (600 + 360 + 480 + 600) / 4,
        Metric.FCR: pytest.approx(1 / 3),  # yes, no, transferred; the unjudged one left out
        Metric.CSAT: (4 + 5) / 2,
        Metric.OCCUPANCY: pytest.approx(1.5 / 3.5),
        # scheduled 4 h in the window; missed: 11:15–11:30 working in the break,
        # 11:45–12:00 not ready outside it
        Metric.ADHERENCE: pytest.approx(3.5 / 4),
    }
    assert point.contact_ids == tuple(c.id for c in CONTACTS)


def test_a_call_splits_into_talk_hold_and_wrap() -> None:
    first = CONTACTS[0]
    assert (first.talk_seconds, first.hold_seconds, first.wrap_seconds) == (420, 60, 120)
    assert first.handle_seconds == 600  # talk + hold + wrap


def test_with_no_interactions_and_no_time_nothing_is_measured() -> None:
    point = measure(MORNING, [], [], [], NOW)

    assert point.values == dict.fromkeys(Metric)
    assert point.contact_ids == ()


def test_signed_in_without_contacts_handled_nothing_rather_than_unknown() -> None:
    ready = [span(AgentState.READY, at(9), at(13))]

    values = measure(MORNING, [], ready, [], NOW).values

    assert values[Metric.HANDLED_PER_HOUR] == 0.0
    assert values[Metric.OCCUPANCY] == 0.0
    assert values[Metric.AHT] is None
    assert values[Metric.FCR] is None
    assert values[Metric.CSAT] is None
    assert values[Metric.ADHERENCE] is None  # no shift planned


def test_an_abandoned_call_is_not_handled_and_changes_no_figure() -> None:
    abandoned = Contact(id=uuid.uuid4(), channel="phone", status="abandoned", ended_at=at(10, 30))

    with_it = measure(MORNING, [*CONTACTS, abandoned], SPANS, [SHIFT], NOW)

    assert not abandoned.handled
    assert with_it == measure(MORNING, CONTACTS, SPANS, [SHIFT], NOW)


def test_a_contact_answered_but_not_wrapped_is_not_handled_yet() -> None:
    on_call = call(at(12, 50), at(12, 55), None)

    assert handled_in([on_call], MORNING) == []


def test_a_transferred_contact_is_never_first_contact_resolution() -> None:
    transferred = call(
        at(10), at(10, 5), at(10, 6), first_contact_resolution=True, transferred=True
    )

    assert transferred.resolved_first_time is False
    assert measure(MORNING, [transferred], SPANS, [], NOW).values[Metric.FCR] == 0.0


def test_a_call_over_midnight_counts_on_the_day_it_was_wrapped() -> None:
    late = call(at(23, 50, day=23), at(0, 5), at(0, 10))
    busy = [span(AgentState.BUSY, at(23, 50, day=23), at(0, 10))]
    monday, tuesday = day_window(date(2026, 11, 23), UTC), day_window(date(2026, 11, 24), UTC)

    before, after = series([monday, tuesday], [late], busy, [], NOW)

    assert before.contact_ids == ()
    assert before.values[Metric.AHT] is None
    assert after.contact_ids == (late.id,)
    assert after.values[Metric.AHT] == 20 * 60
    # its time in state is split at midnight: 10 minutes on each day
    assert time_in_states(busy, monday, NOW) == {(AgentState.BUSY, None): 600}
    assert time_in_states(busy, tuesday, NOW) == {(AgentState.BUSY, None): 600}


def test_time_in_states_keeps_not_ready_reasons_apart_and_runs_open_spans_to_now() -> None:
    spans = [
        span(AgentState.NOT_READY, at(9), at(9, 15), "break"),
        span(AgentState.NOT_READY, at(9, 15), at(9, 45), "training"),
        span(AgentState.NOT_READY, at(12), at(12, 10), "break"),
        span(AgentState.READY, at(12, 10), None),  # still ready at 12:40
    ]

    totals = time_in_states(spans, MORNING, at(12, 40))

    assert totals == {
        (AgentState.NOT_READY, "break"): 25 * 60,
        (AgentState.NOT_READY, "training"): 30 * 60,
        (AgentState.READY, None): 30 * 60,
    }


def test_adherence_counts_only_the_past_of_a_shift_under_way() -> None:
    working = [span(AgentState.READY, at(9), None)]
    shift = Schedule(at(9), at(17), (PlannedBreak("lunch", at(12), at(12, 30)),))

    # at 12:15, 3 h worked as planned, then 15 min of a lunch break spent working
    adherence = measure(day_window(date(2026, 11, 24), UTC), [], working, [shift], at(12, 15))

    assert adherence.values[Metric.ADHERENCE] == pytest.approx(3 / 3.25)


def test_a_break_taken_as_planned_is_adherence() -> None:
    spans = [
        span(AgentState.READY, at(9), at(12)),
        span(AgentState.NOT_READY, at(12), at(12, 30), "lunch"),
        span(AgentState.READY, at(12, 30), at(13)),
    ]
    shift = Schedule(at(9), at(13), (PlannedBreak("lunch", at(12), at(12, 30)),))

    assert measure(MORNING, [], spans, [shift], NOW).values[Metric.ADHERENCE] == 1.0


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2026, 3, 29), 23),  # clocks go forward in Berlin
        (date(2026, 10, 25), 25),  # and back
        (date(2026, 11, 24), 24),
    ],
)
def test_a_day_has_the_hours_its_clocks_say(day: date, hours: int) -> None:
    window = day_window(day, BERLIN)

    assert window.seconds == hours * 3600
    assert len(hours_of(day, BERLIN)) == hours
    assert hours_of(day, BERLIN)[0].start == window.start
    assert hours_of(day, BERLIN)[-1].end == window.end


def test_the_day_runs_from_local_midnight() -> None:
    assert day_window(date(2026, 11, 24), BERLIN) == Window(at(23, day=23), at(23))


def test_the_last_days_end_with_the_day_named_oldest_first() -> None:
    days = days_until(date(2026, 11, 24), 30, BERLIN)

    assert len(days) == 30
    assert days[-1] == day_window(date(2026, 11, 24), BERLIN)
    assert days[0] == day_window(date(2026, 10, 26), BERLIN)
    assert all(a.end == b.start for a, b in itertools.pairwise(days))


def test_team_average_leaves_out_agents_with_nothing_to_measure() -> None:
    def point(**values: float | None) -> Point:
        return Point(MORNING, {Metric(k): v for k, v in values.items()})

    average = team_average([point(aht=300.0, csat=None), point(aht=None), point(aht=500.0)])

    assert average[Metric.AHT] == 400.0
    assert average[Metric.CSAT] is None
    assert average[Metric.FCR] is None
    assert team_average([]) == dict.fromkeys(Metric)


@pytest.mark.parametrize(
    ("metric", "value", "goal", "met"),
    [
        (Metric.AHT, 300.0, 360.0, True),  # lower is better
        (Metric.AHT, 400.0, 360.0, False),
        (Metric.AHT, 360.0, 360.0, True),  # on the goal meets it
        (Metric.FCR, 0.8, 0.75, True),
        (Metric.FCR, 0.7, 0.75, False),
        (Metric.CSAT, 4.2, 4.2, True),
    ],
)
def test_meets_knows_which_side_is_good(
    metric: Metric, value: float, goal: float, met: bool
) -> None:
    assert meets(metric, value, goal) is met


def test_the_hours_of_a_day_partition_its_contacts() -> None:
    day = date(2026, 11, 24)
    points = series(hours_of(day, UTC), CONTACTS, SPANS, [SHIFT], NOW)

    assert sum(len(p.contact_ids) for p in points) == len(CONTACTS)
    assert [len(p.contact_ids) for p in points][10:12] == [3, 1]
    assert points[10].values[Metric.AHT] == (600 + 360 + 480) / 3
    assert timedelta(seconds=points[10].window.seconds) == timedelta(hours=1)
