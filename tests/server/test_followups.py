"""Follow-ups: set on what the rep sees, edited by the owner or a manager, listed by scope."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import FollowUpKind, Role
from desk_app.domain.followups import OVERDUE_AFTER
from desk_app.server.core.db import utcnow
from desk_app.server.followups.models import FollowUp
from desk_app.server.seed import seed_database
from desk_app.server.users.models import User
from tests.server.test_sync_ops import op, send
from tests.support.builders import World, make_customer, make_interaction, make_ticket

URL = "/api/v1/follow-ups"
CARD = "4111 1111 1111 1111"


def body(subject: Any, **fields: Any) -> dict[str, Any]:
    kind = "ticket" if hasattr(subject, "number") else "interaction"
    return {
        "subject_type": kind,
        "subject_id": str(subject.id),
        "due_at": (utcnow() + timedelta(hours=2)).isoformat(),
        **fields,
    }


def put(client: TestClient, world: World, who: str, follow_up_id: uuid.UUID, payload: Any) -> Any:
    return client.put(f"{URL}/{follow_up_id}", json=payload, headers=world.as_(who))


def test_a_callback_on_a_ticket_takes_its_customer_and_a_normalised_number(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    ticket = make_ticket(db, owner=world.rep, customer_id=customer.id)
    db.commit()
    follow_up_id = uuid.uuid4()
    payload = body(ticket, kind="callback", phone="(202) 555-0188", note=f"card {CARD} again")
    response = put(client, world, "rep", follow_up_id, payload)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["id"] == str(follow_up_id)
    assert (record["owner_id"], record["team_id"]) == (str(world.rep.id), str(world.team.id))
    assert record["customer_id"] == str(customer.id)
    assert record["phone"] == "+12025550188"
    assert CARD not in record["note"]
    assert record["note"].endswith("1111 again")
    assert record["done_at"] is None
    assert record["interaction_id"] is None


def test_what_cannot_be_carried_out_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    mine = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.other_rep)
    db.commit()
    no_number = put(client, world, "rep", uuid.uuid4(), body(mine, kind="callback"))
    not_a_number = put(client, world, "rep", uuid.uuid4(), body(mine, kind="callback", phone="x1"))
    not_mine = put(client, world, "rep", uuid.uuid4(), body(theirs))
    naive = put(client, world, "rep", uuid.uuid4(), {**body(mine), "due_at": "2030-01-01T09:00"})
    assert no_number.status_code == 422
    assert no_number.json()["detail"] == "a callback needs the number to call"
    assert not_a_number.status_code == 422
    assert not_a_number.json()["detail"].startswith("phone:")
    assert not_mine.status_code == 422
    assert not_mine.json()["detail"] == "subject_id names no interaction you can see"
    assert naive.status_code == 422


def test_the_owner_or_a_manager_of_the_team_edits_and_the_last_writer_wins(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    follow_up_id = uuid.uuid4()
    assert put(client, world, "rep", follow_up_id, body(interaction)).status_code == 200
    later = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    moved = put(
        client, world, "supervisor", follow_up_id, body(interaction, due_at=later.isoformat())
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["owner_id"] == str(world.rep.id)  # still the rep's
    assert moved.json()["due_at"].startswith(later.isoformat()[:19])
    stranger = put(client, world, "other_rep", follow_up_id, body(interaction, note="mine now"))
    assert stranger.status_code == 404
    done = put(client, world, "rep", follow_up_id, body(interaction, done=True))
    assert done.json()["done_at"] is not None
    assert done.json()["version"] == 3
    reopened = put(client, world, "rep", follow_up_id, body(interaction, done=False))
    assert reopened.json()["done_at"] is None


def _set(
    client: TestClient, world: World, who: str, subject: Any, hours: float, **more: Any
) -> str:
    follow_up_id = uuid.uuid4()
    due = (utcnow() + timedelta(hours=hours)).isoformat()
    response = put(client, world, who, follow_up_id, body(subject, due_at=due, **more))
    assert response.status_code == 200, response.text
    return str(follow_up_id)


def _listed(client: TestClient, world: World, who: str, **params: Any) -> set[str]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_reps_see_their_own_supervisors_their_team_and_overdue_is_half_an_hour_late(
    client: TestClient, world: World, db: Session
) -> None:
    mine = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.other_rep)
    db.commit()
    overdue = _set(client, world, "rep", mine, -1)
    just_due = _set(client, world, "rep", mine, -0.25)
    done = _set(client, world, "rep", mine, -2, done=True)
    coming = _set(client, world, "rep", mine, 3)
    other_team = _set(client, world, "other_rep", theirs, -1)
    assert _listed(client, world, "rep") == {overdue, just_due, done, coming}
    assert _listed(client, world, "other_rep") == {other_team}
    assert _listed(client, world, "supervisor", overdue="true") == {overdue}
    assert _listed(client, world, "admin", overdue="true") == {overdue, other_team}
    assert _listed(client, world, "admin", owner_id=str(world.other_rep.id)) == {other_team}


def test_followup_set_creates_then_edits_offline_and_a_replay_is_a_duplicate(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.rep)
    db.commit()
    follow_up_id = str(uuid.uuid4())
    create = op("followup.set", {"id": follow_up_id, **body(ticket, note="ring the depot")})
    edit = op("followup.set", {"id": follow_up_id, **body(ticket, done=True)}, 1)
    created, edited = send(client, world.as_("rep"), create, edit)
    assert created["status"] == "applied", created
    assert created["record"]["note"] == "ring the depot"
    assert edited["status"] == "applied", edited
    assert edited["record"]["done_at"] is not None
    (again,) = send(client, world.as_("rep"), create)
    assert again["status"] == "duplicate"
    assert _listed(client, world, "rep") == {follow_up_id}
    (bad,) = send(
        client, world.as_("rep"), op("followup.set", {"id": follow_up_id, **body(ticket, x=1)})
    )
    assert bad["status"] == "rejected"


def test_the_owners_desk_and_their_supervisors_get_the_follow_up_in_the_feed(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    follow_up_id = _set(client, world, "rep", interaction, 1, note="ring back")

    def fed(who: str) -> list[dict[str, Any]]:
        response = client.get("/api/v1/sync/changes", params={"after": 0}, headers=world.as_(who))
        assert response.status_code == 200, response.text
        return [c for c in response.json()["changes"] if c["entity"] == "follow_up"]

    [mine] = fed("rep")
    assert (mine["id"], mine["record"]["note"]) == (follow_up_id, "ring back")
    assert [c["id"] for c in fed("supervisor")] == [follow_up_id]
    assert fed("other_rep") == []


def test_the_seed_gives_every_rep_reminders_and_callbacks_due_today_and_overdue(
    app: FastAPI, db: Session
) -> None:
    today = date(2026, 11, 24)
    seed_database(app.state.engine, customers=40, today=today)
    start = datetime(2026, 11, 24, tzinfo=UTC)
    rows = db.scalars(select(FollowUp)).all()
    reps = db.scalars(select(User.id).where(User.role == Role.REP)).all()
    assert {row.owner_id for row in rows} == set(reps)
    assert all(row.done_at is None for row in rows)
    overdue = [row for row in rows if row.due_at < start - OVERDUE_AFTER]
    today_ = [row for row in rows if start <= row.due_at < start + timedelta(days=1)]
    assert len(overdue) == len(reps)
    assert len(today_) == len(rows) - len(reps)
    callbacks = [row for row in rows if row.kind is FollowUpKind.CALLBACK]
    assert callbacks
    assert all(row.phone and row.phone.startswith("+") for row in callbacks)


def test_an_edit_that_leaves_out_the_phone_and_note_keeps_them(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    follow_up_id = uuid.uuid4()
    first = body(interaction, kind="callback", phone="+12025550188", note="after lunch")
    assert put(client, world, "rep", follow_up_id, first).status_code == 200
    later = (utcnow() + timedelta(days=2)).isoformat()
    moved = put(
        client, world, "rep", follow_up_id, body(interaction, kind="callback", due_at=later)
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["phone"], moved.json()["note"]) == ("+12025550188", "after lunch")
    cleared = put(client, world, "rep", follow_up_id, body(interaction, kind="callback", phone=""))
    assert cleared.status_code == 422
