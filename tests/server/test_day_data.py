"""GET /reports/day: one rep's whole day, as ``desk report`` builds the report from it."""

import uuid
from datetime import UTC, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain import day_report, kpi_records
from desk_app.domain.enums import FollowUpKind, InteractionStatus, Role, TicketStatus
from desk_app.domain.ids import new_id
from desk_app.domain.kpi import Metric, day_window, measure
from desk_app.server.core.db import utcnow
from desk_app.server.followups.models import FollowUp
from desk_app.server.goals.models import Goal
from tests.support.builders import World, make_interaction, make_ticket, make_user, token_for
from tests.support.workdays import at, make_workday

URL = "/api/v1/reports/day"


def _day_data(client: TestClient, world: World, who: str, **params: str) -> dict[str, Any]:
    response = client.get(URL, params={"tz": "UTC", **params}, headers=world.as_(who))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _follow_up(db: Session, owner_id: uuid.UUID, *, done: bool) -> FollowUp:
    follow_up = FollowUp(
        subject_type="interaction",
        subject_id=uuid.uuid4(),
        owner_id=owner_id,
        kind=FollowUpKind.REMINDER,
        due_at=utcnow() + timedelta(hours=1),
        done_at=utcnow() if done else None,
    )
    db.add(follow_up)
    return follow_up


def test_a_rep_reads_the_whole_of_their_own_day(
    client: TestClient, world: World, db: Session
) -> None:
    day = utcnow().date() - timedelta(days=2)
    calls = make_workday(db, world.rep, day)
    make_workday(db, world.rep, day - timedelta(days=1))  # another day: not listed
    still_open = make_interaction(db, agent=world.rep, answered_at=at(day, 16, 50))
    other_reps = make_workday(db, world.other_rep, day)
    open_ticket = make_ticket(db, owner=world.rep)
    make_ticket(db, owner=world.rep, status=TicketStatus.RESOLVED)
    open_follow_up = _follow_up(db, world.rep.id, done=False)
    _follow_up(db, world.rep.id, done=True)
    db.add_all(
        [
            Goal(team_id=world.team.id, metric="aht", target=300.0),
            Goal(team_id=world.team.id, user_id=world.rep.id, metric="csat", target=4.6),
            Goal(team_id=world.other_team.id, metric="fcr", target=0.6),
        ]
    )
    db.commit()

    body = _day_data(client, world, "rep", date=day.isoformat())

    assert body["user"] == {
        "id": str(world.rep.id),
        "username": "rep",
        "display_name": world.rep.display_name,
        "team_id": str(world.team.id),
    }
    assert (body["date"], body["tz"]) == (day.isoformat(), "UTC")
    listed = {i["id"] for i in body["interactions"]}
    assert listed == {str(c.id) for c in calls} | {str(still_open.id)}
    assert not listed & {str(c.id) for c in other_reps}
    assert [s["state"] for s in body["state_changes"]][:2] == ["ready", "busy"]
    assert len(body["state_changes"]) == 10
    assert [s["breaks"][0]["kind"] for s in body["shifts"]] == ["lunch"]
    assert {(g["metric"], g["target"]) for g in body["goals"]} == {("aht", 300.0), ("csat", 4.6)}
    assert [t["id"] for t in body["tickets_open"]] == [str(open_ticket.id)]
    assert [f["id"] for f in body["follow_ups_open"]] == [str(open_follow_up.id)]
    assert body["report"] is None

    # the records read back into the KPIs give the day's own figures
    window = day_window(day, UTC)
    point = measure(
        window,
        [kpi_records.contact(i) for i in body["interactions"]],
        [kpi_records.span(s) for s in body["state_changes"]],
        [kpi_records.schedule(s) for s in body["shifts"]],
        utcnow(),
    )
    assert point.values[Metric.AHT] == pytest.approx((1500 + 1920) / 2)
    assert point.values[Metric.ADHERENCE] == pytest.approx(445 / 480)
    goals = kpi_records.goals_for(body["goals"], user_id=world.rep.id, team_id=world.team.id)
    assert goals == {Metric.AHT: 300.0, Metric.CSAT: 4.6}

    # the team average of that day is the one /stats/team gives (the rep alone here)
    team = client.get(
        "/api/v1/stats/team",
        params={"start": day.isoformat(), "end": day.isoformat(), "tz": "UTC"},
        headers=world.as_("rep"),
    ).json()
    assert body["team_average"] == team["buckets"][0]["values"]
    assert body["team_average"][Metric.CSAT] == pytest.approx(4.0)


def test_the_submitted_report_comes_with_the_day(
    client: TestClient, world: World, db: Session
) -> None:
    day = utcnow().date()
    payload = {
        "id": str(day_report.report_id(world.rep.id, day)),
        "day": day.isoformat(),
        "figures": {"aht": 300.0},
        "goals": {"aht": 360.0},
        "notes_for_supervisor": "left early",
        "signed_off_at": utcnow().isoformat(),
    }
    op = {"op_id": str(new_id()), "kind": "shift_report.submit", "payload": payload}
    sent = client.post("/api/v1/sync/ops", json={"ops": [op]}, headers=world.as_("rep"))
    assert sent.json()["results"][0]["status"] == "applied", sent.text
    body = _day_data(client, world, "supervisor", date=day.isoformat(), user_id=str(world.rep.id))
    assert body["report"]["notes_for_supervisor"] == "left early"
    assert body["user"]["id"] == str(world.rep.id)


def test_the_day_is_cut_in_the_asked_zone(client: TestClient, world: World, db: Session) -> None:
    day = utcnow().date() - timedelta(days=2)
    late = make_interaction(
        db,
        agent=world.rep,
        status=InteractionStatus.DONE,
        answered_at=at(day, 23, 30),
        ended_at=at(day, 23, 40),
        wrapped_at=at(day, 23, 45),
    )
    db.commit()
    utc = _day_data(client, world, "rep", date=day.isoformat())
    tokyo = _day_data(client, world, "rep", date=day.isoformat(), tz="Asia/Tokyo")
    next_in_tokyo = (day + timedelta(days=1)).isoformat()
    tokyo_next = _day_data(client, world, "rep", date=next_in_tokyo, tz="Asia/Tokyo")
    assert [i["id"] for i in utc["interactions"]] == [str(late.id)]
    assert tokyo["interactions"] == []
    assert [i["id"] for i in tokyo_next["interactions"]] == [str(late.id)]
    assert tokyo["tz"] == "Asia/Tokyo"


def test_who_may_read_whose_day(client: TestClient, world: World, db: Session) -> None:
    teammate = make_user(db, Role.REP, team=world.team)
    other_supervisor = make_user(db, Role.SUPERVISOR, team=world.other_team)
    other_headers = token_for(db, other_supervisor)
    db.commit()

    def status(headers: dict[str, str], user_id: uuid.UUID, tz: str = "UTC") -> int:
        params = {"date": "2026-11-20", "tz": tz, "user_id": str(user_id)}
        return client.get(URL, params=params, headers=headers).status_code

    assert status(world.as_("rep"), world.rep.id) == 200
    assert status(world.as_("rep"), teammate.id) == 403
    assert status(world.as_("retail"), world.rep.id) == 403
    assert status(world.as_("supervisor"), teammate.id) == 200
    assert status(world.as_("supervisor"), world.other_rep.id) == 403
    assert status(other_headers, world.rep.id) == 403
    assert status(other_headers, world.other_rep.id) == 200
    assert status(world.as_("admin"), world.other_rep.id) == 200
    assert status(world.as_("admin"), uuid.uuid4()) == 404
    assert status(world.as_("rep"), world.rep.id, tz="Nowhere/Land") == 422
