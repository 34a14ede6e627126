"""The seed's collaboration: mentions, questions waiting on supervisors, handover to read."""

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.notes.models import Mention, Note
from desk_app.server.questions.models import Question
from desk_app.server.seed import DEFAULT_PASSWORD, SeedSummary, seed_database
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import Team, User

TODAY = date(2026, 3, 2)


@pytest.fixture
def seeded(app: FastAPI) -> SeedSummary:
    return seed_database(app.state.engine, customers=60, random_seed=7, today=TODAY)


def _sign_in(client: TestClient, username: str) -> dict[str, str]:
    login = client.post(
        "/api/v1/auth/login", json={"username": username, "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _first_sync(client: TestClient, headers: dict[str, str]) -> dict[str, list[dict]]:
    records: dict[str, list[dict]] = {}
    after, more = 0, True
    while more:
        page = client.get("/api/v1/sync/changes", params={"after": after}, headers=headers).json()
        for change in page["changes"]:
            records.setdefault(change["entity"], []).append(change["record"])
        after, more = page["last_seq"], page["has_more"]
    return records


def test_seeded_collaboration_reaches_the_right_desks(
    app: FastAPI, client: TestClient, db: Session, seeded: SeedSummary
) -> None:
    assert seeded["mention"] > 0
    assert seeded["supervisor_question"] == 4
    assert seeded["handover_ack"] > 0
    assert all(db.scalars(select(Team.department)))

    for mention in db.scalars(select(Mention)):
        note = db.get(Note, mention.note_id)
        assert note is not None
        assert mention.user_id != note.author_id
        assert mention.excerpt in note.body
        assert note.mentioned
        assert f"@{note.mentioned[0]}" in note.body or mention.department is not None

    questions = db.scalars(select(Question).order_by(Question.id)).all()
    assert sum(q.answer is None for q in questions) == 2
    for question in questions:
        ticket = db.get(Ticket, question.subject_id)
        assert ticket is not None
        assert ticket.owner_id == question.asked_by_id
        if question.answer is None:
            assert ticket.needs_supervisor is True
        else:
            assert question.answered_by_id is not None

    supervisors = db.scalars(select(User).where(User.role == Role.SUPERVISOR)).all()
    for supervisor in supervisors:
        fed = _first_sync(client, _sign_in(client, supervisor.username)).get("question", [])
        theirs = [q for q in questions if q.team_id == supervisor.team_id]
        assert sorted(q["id"] for q in fed) == sorted(str(q.id) for q in theirs)

    def unacknowledged(username: str) -> list[dict]:
        response = client.get(
            "/api/v1/handover-notes",
            params={"unacknowledged": "true"},
            headers=_sign_in(client, username),
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    assert len(unacknowledged("rep01")) == 1
    assert unacknowledged("rep02") == []
    rep01 = _first_sync(client, _sign_in(client, "rep01"))
    assert len(rep01["handover_note"]) == 1
    assert "handover_ack" not in rep01
