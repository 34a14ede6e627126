"""Shifts through the REST API: who sees which, planning rules, versions, audited deletes."""

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.server.core.db import utcnow
from tests.support.builders import World, make_shift

URL = "/api/v1/shifts"


def _at(hours: float) -> datetime:
    return utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=1, hours=hours)


def _plan(user_id: object, start: float = 0, end: float = 8, breaks=()) -> dict[str, object]:
    return {
        "user_id": str(user_id),
        "starts_at": _at(start).isoformat(),
        "ends_at": _at(end).isoformat(),
        "breaks": [
            {"kind": kind, "starts_at": _at(a).isoformat(), "ends_at": _at(b).isoformat()}
            for kind, a, b in breaks
        ],
    }


def test_supervisor_plans_a_shift_with_breaks_for_their_team(
    client: TestClient, world: World
) -> None:
    body = _plan(world.rep.id, 0, 8, [("lunch", 4, 4.5), ("break", 2, 2.25)])
    response = client.post(URL, json=body, headers=world.as_("supervisor"))
    assert response.status_code == 201, response.text
    shift = response.json()
    assert shift["team_id"] == str(world.team.id)
    assert [b["kind"] for b in shift["breaks"]] == ["break", "lunch"]
    assert client.get(f"{URL}/{shift['id']}", headers=world.as_("rep")).json() == shift


def test_rep_cannot_plan_shifts(client: TestClient, world: World) -> None:
    assert client.post(URL, json=_plan(world.rep.id), headers=world.as_("rep")).status_code == 403


def test_supervisor_cannot_plan_another_teams_shift(client: TestClient, world: World) -> None:
    response = client.post(URL, json=_plan(world.other_rep.id), headers=world.as_("supervisor"))
    assert response.status_code == 403
    assert (
        client.post(URL, json=_plan(world.other_rep.id), headers=world.as_("admin")).status_code
        == 201
    )


def test_rep_sees_only_own_shifts_and_supervisor_their_team(
    client: TestClient, world: World, db: Session
) -> None:
    mine = make_shift(db, world.rep)
    boss = make_shift(db, world.supervisor)
    theirs = make_shift(db, world.other_rep)
    db.commit()

    def ids(who: str, **params: str) -> list[str]:
        return [
            s["id"] for s in client.get(URL, params=params, headers=world.as_(who)).json()["items"]
        ]

    assert ids("rep") == [str(mine.id)]
    assert ids("supervisor") == [str(mine.id), str(boss.id)]
    assert ids("supervisor", user_id=str(world.rep.id)) == [str(mine.id)]
    assert ids("admin") == [str(mine.id), str(boss.id), str(theirs.id)]
    assert ids("retail") == []
    assert client.get(f"{URL}/{theirs.id}", headers=world.as_("rep")).status_code == 404


def test_from_and_to_select_overlapping_shifts(
    client: TestClient, world: World, db: Session
) -> None:
    early = make_shift(db, world.rep, starts_in_hours=1, hours=4)
    late = make_shift(db, world.rep, starts_in_hours=30, hours=4)
    db.commit()

    def ids(**params: str) -> list[str]:
        response = client.get(URL, params=params, headers=world.as_("rep"))
        assert response.status_code == 200, response.text
        return [s["id"] for s in response.json()["items"]]

    cut = (utcnow() + timedelta(hours=10)).isoformat()
    assert ids(to=cut) == [str(early.id)]
    assert ids(**{"from": cut}) == [str(late.id)]
    assert ids(**{"from": (utcnow() + timedelta(hours=3)).isoformat(), "to": cut}) == [
        str(early.id)
    ]


def test_impossible_plans_are_422_problems(client: TestClient, world: World) -> None:
    cases = {
        "ends_at: must be after starts_at": _plan(world.rep.id, 8, 0),
        "breaks[0]: must lie inside the shift": _plan(world.rep.id, 0, 8, [("lunch", 7, 9)]),
        "breaks[1]: overlaps another break": _plan(
            world.rep.id, 0, 8, [("lunch", 4, 5), ("break", 4.5, 4.75)]
        ),
        "breaks[0]: ends_at must be after starts_at": _plan(world.rep.id, 0, 8, [("b", 3, 2)]),
    }
    for detail, body in cases.items():
        response = client.post(URL, json=body, headers=world.as_("supervisor"))
        assert response.status_code == 422, detail
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == detail
    naive = _plan(world.rep.id) | {"starts_at": "2030-01-01T08:00:00"}
    assert client.post(URL, json=naive, headers=world.as_("supervisor")).status_code == 422


def test_overlapping_shift_for_the_same_user_is_409(client: TestClient, world: World) -> None:
    assert (
        client.post(URL, json=_plan(world.rep.id, 0, 8), headers=world.as_("admin")).status_code
        == 201
    )
    clash = client.post(URL, json=_plan(world.rep.id, 6, 12), headers=world.as_("admin"))
    assert clash.status_code == 409
    assert (
        client.post(URL, json=_plan(world.rep.id, 8, 12), headers=world.as_("admin")).status_code
        == 201
    )


def test_edit_replaces_breaks_and_needs_current_version(client: TestClient, world: World) -> None:
    shift = client.post(
        URL, json=_plan(world.rep.id, 0, 8, [("lunch", 4, 5)]), headers=world.as_("supervisor")
    ).json()
    url = f"{URL}/{shift['id']}"
    new_break = [
        {"kind": "training", "starts_at": _at(1).isoformat(), "ends_at": _at(2).isoformat()}
    ]
    assert (
        client.patch(
            url, json={"version": 1, "breaks": new_break}, headers=world.as_("rep")
        ).status_code
        == 403
    )
    edited = client.patch(
        url, json={"version": 1, "breaks": new_break}, headers=world.as_("supervisor")
    )
    assert edited.status_code == 200, edited.text
    assert [b["kind"] for b in edited.json()["breaks"]] == ["training"]
    assert edited.json()["version"] == 2
    stale = client.patch(
        url, json={"version": 1, "ends_at": _at(9).isoformat()}, headers=world.as_("admin")
    )
    assert stale.status_code == 409
    assert [b["kind"] for b in stale.json()["current"]["breaks"]] == ["training"]
    outside = client.patch(
        url, json={"version": 2, "ends_at": _at(1.5).isoformat()}, headers=world.as_("admin")
    )
    assert outside.status_code == 422
    moved = client.patch(
        url, json={"version": 2, "ends_at": _at(6).isoformat()}, headers=world.as_("admin")
    )
    assert moved.status_code == 200
    assert datetime.fromisoformat(moved.json()["ends_at"]) == _at(6)


def test_delete_is_for_managers_and_audited(client: TestClient, world: World, db: Session) -> None:
    shift = make_shift(db, world.rep)
    db.commit()
    url = f"{URL}/{shift.id}"
    assert client.delete(url, headers=world.as_("rep")).status_code == 403
    assert client.delete(url, headers=world.as_("supervisor")).status_code == 204
    assert client.get(url, headers=world.as_("rep")).status_code == 404
    audit = client.get(
        "/api/v1/audit", params={"action": "shift.delete"}, headers=world.as_("admin")
    ).json()["items"]
    assert [(row["target_id"], row["actor_id"]) for row in audit] == [
        (str(shift.id), str(world.supervisor.id))
    ]
