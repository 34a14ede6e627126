"""The seed's month of history: shifts, state history and handled contacts that add up.

Each rep's desk gets its own month at first sync, and the KPIs of a seeded
day, computed from exactly those records, look like a working day.
"""

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import kpi, kpi_records
from desk_app.domain.enums import AgentState, InteractionStatus, Role
from desk_app.server.goals.models import Goal
from desk_app.server.interactions.models import Interaction
from desk_app.server.seed import DEFAULT_PASSWORD, SeedSummary, seed_database
from desk_app.server.shifts.models import Shift
from desk_app.server.updates.models import Announcement
from desk_app.server.users.models import AgentStateChange, Team, User

TODAY = date(2026, 3, 2)  # in the past: the whole of "today" is played, the same every run
MONTH_START = datetime(2026, 1, 31, tzinfo=UTC)


@pytest.fixture
def seeded(app: FastAPI) -> SeedSummary:
    return seed_database(app.state.engine, customers=20, random_seed=7, today=TODAY)


def _reps(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.role == Role.REP).order_by(User.username)))


def _first_sync(client: TestClient, username: str) -> dict[str, list[dict]]:
    login = client.post(
        "/api/v1/auth/login", json={"username": username, "password": DEFAULT_PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    records: dict[str, list[dict]] = {}
    after, more = 0, True
    while more:
        page = client.get("/api/v1/sync/changes", params={"after": after}, headers=headers)
        assert page.status_code == 200, page.text
        for change in page.json()["changes"]:
            records.setdefault(change["entity"], []).append(change["record"])
        after, more = page.json()["last_seq"], page.json()["has_more"]
    return records


def test_every_rep_works_a_month_of_shifts_without_overlapping_states(
    db: Session, seeded: SeedSummary
) -> None:
    reps = _reps(db)
    assert len(reps) == 24
    for rep in reps:
        starts = db.scalars(select(Shift.starts_at).where(Shift.user_id == rep.id)).all()
        assert len({start.date() for start in starts}) == 31, rep.username  # 30 days and today
        spans = db.scalars(
            select(AgentStateChange)
            .where(AgentStateChange.user_id == rep.id)
            .order_by(AgentStateChange.started_at, AgentStateChange.id)
        ).all()
        assert len(spans) > 31 * 20, rep.username
        for span, following in itertools.pairwise(spans):
            assert span.ended_at == following.started_at, rep.username  # back to back
            assert span.started_at <= span.ended_at
        assert (spans[-1].state, spans[-1].ended_at) == (AgentState.OFFLINE, None)
        reasons = {s.reason for s in spans if s.state is AgentState.NOT_READY}
        assert reasons == {"break", "lunch"}


def test_handled_contacts_lie_inside_their_reps_shifts(db: Session, seeded: SeedSummary) -> None:
    shifts: dict[uuid.UUID, list[tuple[datetime, datetime]]] = {}
    for user_id, starts, ends in db.execute(select(Shift.user_id, Shift.starts_at, Shift.ends_at)):
        shifts.setdefault(user_id, []).append((starts, ends))
    handled = db.scalars(
        select(Interaction).where(
            Interaction.queued_at >= MONTH_START,
            Interaction.assigned_agent_id.in_([rep.id for rep in _reps(db)]),
        )
    ).all()
    assert len(handled) > 24 * 31 * 20
    slack = timedelta(minutes=10)  # sign-in a little early, sign-out a little late
    for contact in handled:
        assert contact.status is InteractionStatus.DONE
        assert contact.answered_at is not None
        assert contact.ended_at is not None
        assert contact.wrapped_at is not None
        assert contact.answered_at < contact.ended_at < contact.wrapped_at
        assert any(
            starts - slack <= contact.answered_at and contact.wrapped_at <= ends + slack
            for starts, ends in shifts[contact.assigned_agent_id]
        )
    held = [c for c in handled if c.hold_seconds > 0]
    assert held
    assert all(c.channel == "voice" for c in held)
    transferred = [c for c in handled if c.transferred]
    assert 0 < len(transferred) < len(handled) * 0.1
    assert not any(c.first_contact_resolution for c in transferred)
    surveyed = sum(c.satisfaction is not None for c in handled) / len(handled)
    assert 0.3 < surveyed < 0.5
    abandoned = db.scalar(
        select(func.count()).where(
            Interaction.status == InteractionStatus.ABANDONED,
            Interaction.queued_at >= MONTH_START,
            Interaction.assigned_agent_id.is_(None),
            Interaction.team_id.is_not(None),
        )
    )
    assert abandoned


def test_goals_for_every_team_and_a_reps_own_and_a_must_read_for_reps(
    db: Session, seeded: SeedSummary
) -> None:
    for team in db.scalars(select(Team)):
        metrics = db.scalars(
            select(Goal.metric).where(Goal.team_id == team.id, Goal.user_id.is_(None))
        ).all()
        assert set(metrics) == {metric.value for metric in kpi.Metric}
    own = db.scalars(select(Goal).where(Goal.user_id.is_not(None))).all()
    assert {goal.user_id for goal in own} == {_reps(db)[0].id}
    for_reps = db.scalars(select(Announcement).where(Announcement.audience_role == Role.REP)).all()
    assert [a.requires_ack for a in for_reps] == [True]


def test_a_reps_first_sync_brings_their_month_and_a_plausible_day(
    client: TestClient, db: Session, seeded: SeedSummary
) -> None:
    rep = _reps(db)[0]
    records = _first_sync(client, rep.username)
    mine = str(rep.id)
    assert len(records["shift"]) == 31
    assert {r["user_id"] for r in records["shift"]} == {mine}
    assert all(len(r["breaks"]) == 3 for r in records["shift"])
    assert {r["user_id"] for r in records["agent_state"]} == {mine}
    handled = [r for r in records["interaction"] if r["assigned_agent_id"] is not None]
    assert {r["assigned_agent_id"] for r in handled} == {mine}  # (the rest: the team's queue)
    assert len(records["goal"]) == 8  # the team's six and two of their own
    assert any(u["audience_role"] == "rep" for u in records["update"])
    stored = db.scalar(
        select(func.count()).where(
            Interaction.assigned_agent_id == rep.id, Interaction.queued_at >= MONTH_START
        )
    )
    assert len(handled) == stored

    contacts = [kpi_records.contact(r) for r in handled]
    spans = sorted(
        (kpi_records.span(r) for r in records["agent_state"]), key=lambda s: s.started_at
    )
    schedules = [kpi_records.schedule(r) for r in records["shift"]]
    now = datetime.now(UTC)
    for day in (TODAY - timedelta(days=1), TODAY - timedelta(days=20)):
        values = kpi.measure(kpi.day_window(day, UTC), contacts, spans, schedules, now).values
        assert 0 < (values[kpi.Metric.OCCUPANCY] or 0) < 1, day
        assert 3 < (values[kpi.Metric.HANDLED_PER_HOUR] or 0) < 9, day
        assert 200 < (values[kpi.Metric.AHT] or 0) < 900, day
        assert 0.5 < (values[kpi.Metric.FCR] or 0) <= 1, day
        assert 1 <= (values[kpi.Metric.CSAT] or 0) <= 5, day
        assert 0.8 < (values[kpi.Metric.ADHERENCE] or 0) <= 1, day
