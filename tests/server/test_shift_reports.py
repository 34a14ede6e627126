"""End-of-shift reports: submitted with the ``shift_report.submit`` op, read and reviewed."""

import uuid
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.day_report import report_id
from desk_app.domain.enums import Role
from desk_app.domain.ids import new_id
from desk_app.server.audit.models import AuditEntry
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.users.models import User
from tests.support.builders import World, make_user, token_for

OPS = "/api/v1/sync/ops"
URL = "/api/v1/shift-reports"
DAY = date(2026, 11, 20)


def _payload(user: User, day: date = DAY, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(report_id(user.id, day)),
        "day": day.isoformat(),
        "figures": {"aht": 310.5, "csat": None},
        "goals": {"aht": 360.0},
        "unresolved": [
            {"kind": "ticket", "id": str(uuid.uuid4()), "title": "T-1 Kettle", "due_at": None}
        ],
        "went_well": "calm calls",
        "to_improve": "",
        "notes_for_supervisor": "printer jams",
        "signed_off_at": "2026-11-20T17:01:00+00:00",
        **fields,
    }


def _submit(client: TestClient, headers: dict[str, str], payload: dict[str, Any]) -> Any:
    op = {"op_id": str(new_id()), "kind": "shift_report.submit", "payload": payload}
    response = client.post(OPS, json={"ops": [op]}, headers=headers)
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    return result


def test_submitting_the_same_day_twice_keeps_one_report_at_version_2(
    client: TestClient, world: World, db: Session
) -> None:
    first = _submit(client, world.as_("rep"), _payload(world.rep))
    assert first["status"] == "applied", first
    assert first["record"]["version"] == 1
    assert first["record"]["team_id"] == str(world.team.id)
    assert first["record"]["unresolved"][0]["title"] == "T-1 Kettle"
    again = _submit(client, world.as_("rep"), _payload(world.rep, went_well="all of it"))
    assert again["status"] == "applied"
    assert again["record"]["id"] == first["record"]["id"]
    assert again["record"]["version"] == 2
    assert again["record"]["went_well"] == "all of it"
    assert again["record"]["submitted_at"] >= first["record"]["submitted_at"]
    assert db.scalar(select(func.count()).select_from(ShiftReport)) == 1


def test_a_report_under_another_id_is_refused(client: TestClient, world: World) -> None:
    someone_elses = _payload(world.rep, id=str(report_id(world.other_rep.id, DAY)))
    another_day = _payload(world.rep, id=str(report_id(world.rep.id, date(2026, 11, 19))))
    for payload in (someone_elses, another_day):
        result = _submit(client, world.as_("rep"), payload)
        assert result["status"] == "rejected"
        assert str(report_id(world.rep.id, DAY)) in result["reason"]
    assert client.get(URL, headers=world.as_("admin")).json()["items"] == []


def test_reports_are_read_in_scope(client: TestClient, world: World, db: Session) -> None:
    teammate = make_user(db, Role.REP, team=world.team)
    teammate_headers = token_for(db, teammate)
    db.commit()
    mine = _submit(client, world.as_("rep"), _payload(world.rep))["record"]
    _submit(client, world.as_("rep"), _payload(world.rep, day=date(2026, 11, 21)))
    _submit(client, teammate_headers, _payload(teammate))
    _submit(client, world.as_("other_rep"), _payload(world.other_rep))

    def ids(who: str, **params: str) -> set[tuple[str, str]]:
        response = client.get(URL, params=params, headers=world.as_(who))
        assert response.status_code == 200, response.text
        return {(item["user_id"], item["day"]) for item in response.json()["items"]}

    rep, mate, other = str(world.rep.id), str(teammate.id), str(world.other_rep.id)
    assert ids("rep") == {(rep, "2026-11-20"), (rep, "2026-11-21")}
    assert ids("supervisor", day="2026-11-20") == {(rep, "2026-11-20"), (mate, "2026-11-20")}
    assert ids("supervisor", user_id=mate) == {(mate, "2026-11-20")}
    assert ids("admin", team_id=str(world.other_team.id)) == {(other, "2026-11-20")}
    assert len(ids("admin")) == 4
    assert client.get(f"{URL}/{mine['id']}", headers=world.as_("supervisor")).status_code == 200
    assert client.get(f"{URL}/{mine['id']}", headers=world.as_("other_rep")).status_code == 404
    assert client.get(f"{URL}/{mine['id']}", headers=teammate_headers).status_code == 404


def test_the_teams_supervisor_reviews_a_report(
    client: TestClient, world: World, db: Session
) -> None:
    other_supervisor = make_user(db, Role.SUPERVISOR, team=world.other_team)
    other_headers = token_for(db, other_supervisor)
    db.commit()
    report = _submit(client, world.as_("rep"), _payload(world.rep))["record"]
    review = f"{URL}/{report['id']}/review"
    assert client.post(review, headers=world.as_("rep")).status_code == 403
    assert client.post(review, headers=other_headers).status_code == 404
    reviewed = client.post(review, headers=world.as_("supervisor"))
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["reviewed_by_id"] == str(world.supervisor.id)
    assert reviewed.json()["reviewed_at"] is not None
    again = client.post(review, headers=world.as_("admin")).json()
    assert again["reviewed_by_id"] == str(world.supervisor.id)  # the first review stands
    [entry] = db.scalars(select(AuditEntry).where(AuditEntry.action == "shift_report.review"))
    assert entry.target_id == report["id"]
    assert entry.actor_id == world.supervisor.id
    # submitting a changed report asks for a new review
    resubmitted = _submit(client, world.as_("rep"), _payload(world.rep, to_improve="breaks"))
    assert resubmitted["record"]["reviewed_at"] is None
    assert resubmitted["record"]["reviewed_by_id"] is None
