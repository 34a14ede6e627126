"""GET /stats/team: the team's KPI averages, the same numbers ``kpi.measure`` gives."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import kpi, kpi_records
from desk_app.domain.enums import AgentState, Role
from desk_app.domain.kpi import Metric, Window
from desk_app.server.core.db import utcnow
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing.schemas import AgentStateRead
from desk_app.server.shifts.models import Shift
from desk_app.server.shifts.schemas import ShiftRead
from desk_app.server.users.models import AgentStateChange, User
from tests.support.builders import World, make_user, token_for
from tests.support.workdays import at, make_workday

URL = "/api/v1/stats/team"


def _day() -> date:
    return utcnow().date() - timedelta(days=3)


def _stats(client: TestClient, world: World, who: str, **params: Any) -> dict[str, Any]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _team_of_two(db: Session, world: World) -> User:
    """``world.rep`` and a second rep of the same team, each with a day's work; other_rep too."""
    second = make_user(db, Role.REP, team=world.team)
    make_workday(db, world.rep, _day(), scores=(5, 3), late=5)
    make_workday(db, second, _day(), scores=(4, 2), late=15)
    make_workday(db, world.other_rep, _day(), scores=(1, 1), late=0)
    # the second rep signed in again at 23:00 and is still ready: an open stretch
    db.add(AgentStateChange(user_id=second.id, state=AgentState.READY, started_at=at(_day(), 23)))
    db.commit()
    return second


def _measured(db: Session, reps: list[User], windows: list[Window]) -> list[dict[str, Any]]:
    """``kpi.series`` over all of each rep's records, averaged with ``kpi.team_average``."""
    per_rep = []
    for rep in reps:
        interactions = db.scalars(
            select(Interaction).where(Interaction.assigned_agent_id == rep.id)
        )
        changes = db.scalars(
            select(AgentStateChange)
            .where(AgentStateChange.user_id == rep.id)
            .order_by(AgentStateChange.started_at)
        )
        shifts = db.scalars(select(Shift).where(Shift.user_id == rep.id))
        contacts = [
            kpi_records.contact(InteractionRead.model_validate(i).model_dump(mode="json"))
            for i in interactions
        ]
        spans = [
            kpi_records.span(AgentStateRead.model_validate(c).model_dump(mode="json"))
            for c in changes
        ]
        schedules = [
            kpi_records.schedule(ShiftRead.model_validate(s).model_dump(mode="json"))
            for s in shifts
        ]
        per_rep.append(kpi.series(windows, contacts, spans, schedules, utcnow()))
    return [
        {m.value: v for m, v in kpi.team_average([p[i] for p in per_rep]).items()}
        for i in range(len(windows))
    ]


def _approx(values: dict[str, Any]) -> dict[str, Any]:
    return {key: None if value is None else pytest.approx(value) for key, value in values.items()}


def test_daily_average_is_the_mean_of_each_reps_measure(
    client: TestClient, world: World, db: Session
) -> None:
    second = _team_of_two(db, world)
    day = _day()
    body = _stats(client, world, "rep", start=str(day), end=str(day), bucket="day", tz="UTC")
    assert body["team_id"] == str(world.team.id)
    [bucket] = body["buckets"]
    assert bucket["agents"] == 2
    assert bucket["values"] == _approx(
        _measured(db, [world.rep, second], [kpi.day_window(day, UTC)])[0]
    )
    # and by hand: the other team's poor scores are not in it
    values = bucket["values"]
    assert values[Metric.CSAT] == pytest.approx((4.0 + 3.0) / 2)
    assert values[Metric.AHT] == pytest.approx((1500 + 1920) / 2)
    assert values[Metric.FCR] == pytest.approx(0.5)  # the transferred call never is
    assert values[Metric.OCCUPANCY] == pytest.approx((57 / 430 + 57 / 500) / 2)
    assert values[Metric.ADHERENCE] == pytest.approx((445 / 480 + 435 / 480) / 2)
    assert values[Metric.HANDLED_PER_HOUR] == pytest.approx((2 / (455 / 60) + 2 / (515 / 60)) / 2)


def test_hourly_buckets_match_kpi_measure_hour_by_hour(
    client: TestClient, world: World, db: Session
) -> None:
    second = _team_of_two(db, world)
    day = _day()
    before = day - timedelta(days=1)
    body = _stats(
        client, world, "supervisor", start=str(before), end=str(day), bucket="hour", tz="UTC"
    )
    windows = kpi.hours_of(before, UTC) + kpi.hours_of(day, UTC)
    assert [
        Window(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
        for b in body["buckets"]
    ] == windows
    expected = _measured(db, [world.rep, second], windows)
    assert [b["values"] for b in body["buckets"]] == [_approx(e) for e in expected]
    by_hour = {b["start"][11:13]: b for b in body["buckets"][24:]}
    assert by_hour["03"]["agents"] == 0
    assert by_hour["23"]["agents"] == 1
    assert by_hour["23"]["values"][Metric.OCCUPANCY] == 0
    assert set(by_hour["03"]["values"].values()) == {None}
    assert by_hour["10"]["values"][Metric.CSAT] == pytest.approx((5 + 4) / 2)
    assert by_hour["14"]["values"][Metric.CSAT] == pytest.approx((3 + 2) / 2)


def test_days_are_cut_at_local_midnight_and_a_clock_change_adds_an_hour(
    client: TestClient, world: World
) -> None:
    body = _stats(
        client, world, "rep", start="2026-10-25", end="2026-10-25", bucket="hour", tz="Europe/Paris"
    )
    assert len(body["buckets"]) == 25
    assert body["buckets"][0]["start"].startswith("2026-10-24T22:00:00")
    assert body["buckets"][-1]["end"].startswith("2026-10-25T23:00:00")


def test_who_may_read_which_team(client: TestClient, world: World, db: Session) -> None:
    day = {"start": "2026-11-02", "end": "2026-11-02", "tz": "UTC"}
    other = {**day, "team_id": str(world.other_team.id)}
    other_supervisor = make_user(db, Role.SUPERVISOR, team=world.other_team)
    headers = token_for(db, other_supervisor)
    db.commit()
    assert client.get(URL, params=other, headers=world.as_("rep")).status_code == 403
    assert client.get(URL, params=other, headers=world.as_("supervisor")).status_code == 403
    assert client.get(URL, params=day, headers=world.as_("retail")).status_code == 403
    assert client.get(URL, params=other, headers=headers).status_code == 200
    assert client.get(URL, params=other, headers=world.as_("admin")).json()["team_id"] == str(
        world.other_team.id
    )
    without_team = client.get(URL, params=day, headers=world.as_("admin"))
    assert without_team.status_code == 422
    assert "team_id" in without_team.json()["detail"]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"start": "2026-10-01", "end": "2026-11-01"}, "32 days"),
        ({"start": "2026-11-02", "end": "2026-11-01"}, "before start"),
        ({"start": "2026-11-01", "end": "2026-11-01", "tz": "Mars/Olympus"}, "time zone"),
        ({"start": "2026-11-01", "end": "2026-11-01", "tz": "../etc/passwd"}, "time zone"),
        ({"start": "2026-11-01", "end": "2026-11-01", "bucket": "week"}, "bucket"),
        ({"start": "yesterday", "end": "2026-11-01"}, "start"),
    ],
)
def test_bad_ranges_and_zones_are_422_saying_why(
    client: TestClient, world: World, params: dict[str, str], says: str
) -> None:
    response = client.get(URL, params={"tz": "UTC", **params}, headers=world.as_("rep"))
    assert response.status_code == 422
    assert says in response.json()["detail"]


def test_thirty_one_days_by_hour_is_allowed(client: TestClient, world: World) -> None:
    body = _stats(
        client, world, "rep", start="2026-11-01", end="2026-12-01", bucket="hour", tz="UTC"
    )
    assert len(body["buckets"]) == 31 * 24
