"""The end-of-shift report's content: what it lists, and the CSV line of an interaction."""

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from desk_app.domain.day_report import (
    CSV_HEADER,
    DayReport,
    ReportRow,
    Unresolved,
    build,
    of_the_day,
    report_id,
)
from desk_app.domain.enums import AgentState
from desk_app.domain.kpi import DEFAULT_GOALS, Contact, Metric, StateSpan, day_window

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 18, tzinfo=UTC)
LEE = uuid.UUID("2f1c4d7e-0000-4000-8000-000000000001")


def at(hour: int, minute: int = 0, second: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


def row(disposition: str | None, answered: datetime | None, **fields: object) -> ReportRow:
    contact = Contact(
        id=uuid.uuid4(),
        channel="phone",
        status=str(fields.pop("status", "done")),
        answered_at=answered,
        disposition=disposition,
        **fields,  # type: ignore[arg-type]
    )
    return ReportRow(contact=contact, category=None, subject="", customer_id=None)


def make(
    rows: list[ReportRow],
    spans: list[StateSpan] | None = None,
    goals: dict[Metric, float] | None = None,
) -> DayReport:
    return build(
        user_id=LEE,
        agent_name="lee",
        day=DAY,
        zone=BERLIN,
        now=NOW,
        rows=rows,
        spans=spans or [],
        schedules=[],
        goals=goals or {},
        team_average={},
        unresolved=[],
    )


def test_report_id_is_the_same_wherever_it_is_made_and_differs_per_day() -> None:
    assert report_id(LEE, DAY) == report_id(uuid.UUID(str(LEE)), date(2026, 11, 24))
    assert report_id(LEE, DAY) != report_id(LEE, date(2026, 11, 25))
    assert make([]).id == report_id(LEE, DAY)
    assert make([]).file_stem == "report-lee-2026-11-24"


def test_an_interaction_belongs_to_every_day_it_touched() -> None:
    late = row(
        "resolved", at(22, 50, day=23), ended_at=at(23, 5, day=23), wrapped_at=at(23, 10, day=23)
    ).contact
    # 23:50 → 00:10 in Berlin: answered on the 23rd, wrapped on the 24th
    assert of_the_day(late, day_window(date(2026, 11, 23), BERLIN))
    assert of_the_day(late, day_window(DAY, BERLIN))
    assert not of_the_day(late, day_window(date(2026, 11, 25), BERLIN))


def test_dispositions_count_handled_contacts_only_most_first() -> None:
    def handled(disposition: str | None, minute: int) -> ReportRow:
        return row(
            disposition, at(9, minute), ended_at=at(9, minute + 1), wrapped_at=at(9, minute + 2)
        )

    rows = [
        handled("sale", 0),
        handled("resolved", 5),
        handled("resolved", 10),
        handled(None, 15),
        row(None, None, status="abandoned", ended_at=at(9, 20)),  # never handled
        row("resolved", at(9, 30), status="active"),  # not finished
    ]

    report = make(rows)

    assert report.by_disposition == [("resolved", 2), ("(none)", 1), ("sale", 1)]
    assert len(report.day_figures.contact_ids) == 4
    assert len(report.rows) == 6  # every interaction of the day goes to the CSV


def test_goals_fill_in_the_defaults() -> None:
    report = make([], goals={Metric.AHT: 300.0})

    assert report.goals == {**DEFAULT_GOALS, Metric.AHT: 300.0}


def test_time_in_states_is_sorted_and_split_by_reason() -> None:
    spans = [
        StateSpan(AgentState.READY, at(8), at(9)),
        StateSpan(AgentState.NOT_READY, at(9), at(9, 30), "lunch"),
        StateSpan(AgentState.NOT_READY, at(9, 30), at(9, 40), "break"),
        StateSpan(AgentState.BUSY, at(9, 40), at(10)),
    ]

    report = make([], spans)

    assert report.state_seconds == [
        (AgentState.BUSY, None, 1200.0),
        (AgentState.NOT_READY, "break", 600.0),
        (AgentState.NOT_READY, "lunch", 1800.0),
        (AgentState.READY, None, 3600.0),
    ]
    assert len(report.hourly) == 24
    assert report.hourly[0].window.start == day_window(DAY, BERLIN).start


def test_rows_are_listed_in_the_order_they_were_answered() -> None:
    second = row("resolved", at(11), ended_at=at(11, 5), wrapped_at=at(11, 6))
    first = row("resolved", at(9), ended_at=at(9, 5), wrapped_at=at(9, 6))
    never = row(None, None, status="abandoned", ended_at=at(10))

    assert [r.contact.id for r in make([second, never, first]).rows] == [
        first.contact.id,
        second.contact.id,
        never.contact.id,  # never answered: last
    ]


def test_a_csv_line_holds_every_column_in_utc_with_whole_seconds() -> None:
    contact = Contact(
        id=uuid.UUID("2f1c4d7e-0000-4000-8000-aaaaaaaaaaaa"),
        channel="phone",
        status="done",
        answered_at=datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN),
        ended_at=at(8, 4),
        wrapped_at=at(8, 5, 30),
        hold_seconds=30.4,
        first_contact_resolution=False,
        satisfaction=4,
        transferred=True,
        disposition="transferred",
    )
    customer = uuid.UUID("2f1c4d7e-0000-4000-8000-cccccccccccc")

    cells = ReportRow(contact, "billing", "Invoice, twice", customer).cells()

    assert dict(zip(CSV_HEADER, cells, strict=True)) == {
        "id": "2f1c4d7e-0000-4000-8000-aaaaaaaaaaaa",
        "channel": "phone",
        "status": "done",
        "category": "billing",
        "subject": "Invoice, twice",
        "customer_id": "2f1c4d7e-0000-4000-8000-cccccccccccc",
        "answered_at": "2026-11-24T08:00:00+00:00",
        "ended_at": "2026-11-24T08:04:00+00:00",
        "wrapped_at": "2026-11-24T08:05:30+00:00",
        "talk_seconds": "210",  # 240 connected − 30 on hold
        "hold_seconds": "30",
        "wrap_seconds": "90",
        "handle_seconds": "330",
        "disposition": "transferred",
        "first_contact_resolution": "no",
        "satisfaction": "4",
        "transferred": "yes",
    }


def test_an_unanswered_contact_leaves_its_times_empty() -> None:
    cells = row(None, None, status="abandoned").cells()
    values = dict(zip(CSV_HEADER, cells, strict=True))

    assert values["answered_at"] == values["wrapped_at"] == values["satisfaction"] == ""
    assert values["first_contact_resolution"] == ""
    assert values["handle_seconds"] == "0"


def test_unresolved_items_travel_as_json() -> None:
    item = Unresolved("ticket", LEE, "T-1001 Refund", at(17))

    assert item.to_json() == {
        "kind": "ticket",
        "id": str(LEE),
        "title": "T-1001 Refund",
        "due_at": "2026-11-24T17:00:00+00:00",
    }
    assert Unresolved("follow_up", LEE, "Call back").to_json()["due_at"] is None
