"""SLA clocks on interactions: the due time the queue shows, pauses logged and resumed."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, InteractionStatus, Priority
from desk_app.server.core.config import Settings
from desk_app.server.interactions.models import Interaction
from desk_app.server.sla import service
from desk_app.server.sla.models import SlaPause
from tests.support.builders import World, make_interaction

CARD = "4111 1111 1111 1111"
FRIDAY_FIVE = datetime(2025, 1, 3, 17, tzinfo=UTC)  # office hours end at 18:00 UTC by default


def _url(interaction: Interaction, action: str) -> str:
    return f"/api/v1/interactions/{interaction.id}/sla/{action}"


def _pauses(db: Session, interaction: Interaction) -> list[SlaPause]:
    db.expire_all()
    statement = select(SlaPause).where(SlaPause.subject_id == interaction.id)
    return list(db.scalars(statement.order_by(SlaPause.started_at)))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("channel", "priority", "due"),
    [
        (Channel.VOICE, Priority.HIGH, FRIDAY_FIVE + timedelta(seconds=30)),
        (Channel.CHAT, Priority.NORMAL, FRIDAY_FIVE + timedelta(minutes=2)),
        (Channel.EMAIL, Priority.NORMAL, datetime(2025, 1, 6, 11, tzinfo=UTC)),
        (Channel.TICKET, Priority.URGENT, datetime(2025, 1, 3, 18, tzinfo=UTC)),
        (Channel.WALK_IN, Priority.URGENT, None),
    ],
)
def test_stamp_due_counts_from_queueing_on_the_channels_calendar(
    db: Session, settings: Settings, channel: Channel, priority: Priority, due: datetime | None
) -> None:
    interaction = make_interaction(db, channel=channel, priority=priority, queued_at=FRIDAY_FIVE)
    service.stamp_due(interaction, settings=settings)
    db.commit()
    db.refresh(interaction)
    assert interaction.sla_due_at == due


def test_stamp_due_before_the_row_is_written_counts_from_now(settings: Settings) -> None:
    fresh = Interaction(channel=Channel.VOICE)  # no queued_at, no priority until flushed
    service.stamp_due(fresh, settings=settings, now=FRIDAY_FIVE)
    assert fresh.sla_due_at == FRIDAY_FIVE + timedelta(seconds=60)


def test_stamp_due_follows_the_configured_targets(database_url: str) -> None:
    configured = Settings(
        database_url=database_url,
        sla={"targets": {"voice": {"urgent": {"first_response": 5}}}},
    )
    urgent = Interaction(channel=Channel.VOICE, priority=Priority.URGENT, queued_at=FRIDAY_FIVE)
    service.stamp_due(urgent, settings=configured)
    assert urgent.sla_due_at == FRIDAY_FIVE + timedelta(seconds=5)


def test_resume_moves_the_due_time_by_the_business_time_stood_still(
    db: Session, settings: Settings, world: World
) -> None:
    email = make_interaction(
        db, agent=world.rep, channel=Channel.EMAIL, sla_due_at=datetime(2025, 1, 6, 11, tzinfo=UTC)
    )
    service.pause(session=db, interaction=email, reason="pending_customer", now=FRIDAY_FIVE)
    monday_ten = datetime(2025, 1, 6, 10, tzinfo=UTC)
    service.resume(session=db, interaction=email, settings=settings, now=monday_ten)
    db.commit()
    # one hour on Friday and two on Monday: the weekend does not count
    assert email.sla_due_at == datetime(2025, 1, 6, 14, tzinfo=UTC)
    assert email.sla_paused_at is None
    [logged] = _pauses(db, email)
    assert (logged.subject_type, logged.reason) == ("interaction", "pending_customer")
    assert (logged.started_at, logged.ended_at) == (FRIDAY_FIVE, monday_ten)


def test_pause_and_resume_through_the_api_log_the_pause(
    client: TestClient, db: Session, world: World
) -> None:
    due = datetime.now(UTC) + timedelta(minutes=1)
    call = make_interaction(db, agent=world.rep, sla_due_at=due)
    db.commit()
    paused = client.post(
        _url(call, "pause"), json={"reason": "pending_customer"}, headers=world.as_("rep")
    )
    assert paused.status_code == 200, paused.text
    assert paused.json()["sla_paused_at"] is not None
    assert paused.json()["version"] == 2
    [open_pause] = _pauses(db, call)
    assert open_pause.ended_at is None
    # the clock stood still two hours (backdated rather than waited for)
    db.get(Interaction, call.id).sla_paused_at -= timedelta(hours=2)  # type: ignore[union-attr]
    open_pause.started_at -= timedelta(hours=2)
    db.commit()
    resumed = client.post(_url(call, "resume"), headers=world.as_("rep"))
    assert resumed.status_code == 200, resumed.text
    body = resumed.json()
    assert body["sla_paused_at"] is None
    [closed] = _pauses(db, call)
    assert closed.ended_at is not None
    moved = _at(body["sla_due_at"]) - due
    assert moved == closed.ended_at - closed.started_at  # calls run on the 24x7 clock
    assert moved >= timedelta(hours=2)


def test_each_pause_is_a_row_and_free_text_is_pan_masked(
    client: TestClient, db: Session, world: World
) -> None:
    email = make_interaction(db, agent=world.rep, channel=Channel.EMAIL, sla_due_at=FRIDAY_FIVE)
    db.commit()
    for reason in ("pending_customer", f"waiting for card {CARD}"):
        headers = world.as_("rep")
        assert client.post(
            _url(email, "pause"), json={"reason": reason}, headers=headers
        ).is_success
        assert client.post(_url(email, "resume"), headers=headers).is_success
    reasons = [pause.reason for pause in _pauses(db, email)]
    assert reasons[0] == "pending_customer"
    assert CARD not in reasons[1]
    assert reasons[1].endswith("1111")


def test_double_pause_and_resume_without_pause_are_conflicts(
    client: TestClient, db: Session, world: World
) -> None:
    call = make_interaction(db, agent=world.rep, sla_due_at=FRIDAY_FIVE)
    db.commit()
    headers = world.as_("rep")
    not_paused = client.post(_url(call, "resume"), headers=headers)
    assert not_paused.status_code == 409
    assert not_paused.headers["content-type"] == "application/problem+json"
    assert "not paused" in not_paused.json()["detail"]
    assert client.post(_url(call, "pause"), json={"reason": "x"}, headers=headers).is_success
    again = client.post(_url(call, "pause"), json={"reason": "y"}, headers=headers)
    assert again.status_code == 409
    assert "already paused" in again.json()["detail"]
    assert len(_pauses(db, call)) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"channel": Channel.WALK_IN, "sla_due_at": None},
        {"status": InteractionStatus.DONE, "sla_due_at": FRIDAY_FIVE},
    ],
    ids=["no due time", "finished"],
)
def test_a_clock_that_does_not_run_cannot_be_paused(
    client: TestClient, db: Session, world: World, fields: dict[str, object]
) -> None:
    interaction = make_interaction(db, agent=world.admin, **fields)
    db.commit()
    response = client.post(
        _url(interaction, "pause"), json={"reason": "pending_customer"}, headers=world.as_("admin")
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert _pauses(db, interaction) == []


@pytest.mark.parametrize(
    "body", [{}, {"reason": ""}, {"reason": "x" * 61}, {"reason": "a", "b": 1}]
)
def test_bad_pause_bodies_are_rejected(
    client: TestClient, db: Session, world: World, body: dict[str, object]
) -> None:
    call = make_interaction(db, agent=world.rep, sla_due_at=FRIDAY_FIVE)
    db.commit()
    response = client.post(_url(call, "pause"), json=body, headers=world.as_("rep"))
    assert response.status_code == 422
    assert _pauses(db, call) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("rep", 200), ("other_rep", 404), ("retail", 404), ("supervisor", 200), ("admin", 200)],
)
def test_only_who_may_edit_the_interaction_pauses_it(
    client: TestClient, db: Session, world: World, who: str, status: int
) -> None:
    call = make_interaction(db, agent=world.rep, sla_due_at=FRIDAY_FIVE)
    db.commit()
    response = client.post(_url(call, "pause"), json={"reason": "x"}, headers=world.as_(who))
    assert response.status_code == status, response.text


def test_a_rep_must_take_a_queued_interaction_before_pausing_it(
    client: TestClient, db: Session, world: World
) -> None:
    queued = make_interaction(db, team_id=world.team.id, sla_due_at=FRIDAY_FIVE)
    db.commit()
    headers = world.as_("rep")
    assert client.get(f"/api/v1/interactions/{queued.id}", headers=headers).status_code == 200
    response = client.post(_url(queued, "pause"), json={"reason": "x"}, headers=headers)
    assert response.status_code == 403
    assert "take the interaction" in response.json()["detail"]
