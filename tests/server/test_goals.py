"""/goals: supervisors set targets for their team or its reps; everyone reads their own."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.audit.models import AuditEntry
from desk_app.server.goals.models import Goal
from tests.support.builders import World, make_user

URL = "/api/v1/goals"


def _put(client: TestClient, world: World, who: str, **body: Any) -> Any:
    return client.put(URL, json=body, headers=world.as_(who))


def _targets(client: TestClient, world: World, who: str, **params: str) -> set[tuple[Any, ...]]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {(g["metric"], g["target"], g["user_id"] is not None) for g in response.json()}


def test_setting_a_team_goal_twice_replaces_it(
    client: TestClient, world: World, db: Session
) -> None:
    first = _put(client, world, "supervisor", metric="aht", target=300)
    assert first.status_code == 200, first.text
    again = _put(client, world, "supervisor", metric="aht", target=280)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["target"] == 280
    assert again.json()["version"] == 2
    assert again.json()["team_id"] == str(world.team.id)
    assert again.json()["user_id"] is None
    assert db.scalars(select(Goal)).all() == [db.get(Goal, uuid.UUID(first.json()["id"]))]
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "goal.set")).all()
    assert [e.detail["target"] for e in entries] == [300, 280]
    assert {e.actor_id for e in entries} == {world.supervisor.id}


def test_a_reps_goal_sits_beside_the_teams(client: TestClient, world: World) -> None:
    assert _put(client, world, "supervisor", metric="csat", target=4.0).status_code == 200
    own = _put(client, world, "supervisor", metric="csat", target=4.5, user_id=str(world.rep.id))
    assert own.status_code == 200, own.text
    assert own.json()["team_id"] == str(world.team.id)  # the supervisor of the team sees it
    assert _targets(client, world, "rep") == {("csat", 4.0, False), ("csat", 4.5, True)}
    assert _targets(client, world, "rep", user_id=str(world.rep.id)) == {("csat", 4.5, True)}
    assert _targets(client, world, "supervisor") == {("csat", 4.0, False), ("csat", 4.5, True)}


def test_reps_see_their_own_and_their_teams_goals_only(
    client: TestClient, world: World, db: Session
) -> None:
    teammate = make_user(db, Role.REP, team=world.team)
    db.commit()
    _put(client, world, "admin", metric="fcr", target=0.7, team_id=str(world.other_team.id))
    _put(client, world, "admin", metric="fcr", target=0.9, user_id=str(world.other_rep.id))
    _put(client, world, "supervisor", metric="fcr", target=0.8, user_id=str(teammate.id))
    _put(client, world, "supervisor", metric="occupancy", target=0.85)
    assert _targets(client, world, "rep") == {("occupancy", 0.85, False)}
    assert _targets(client, world, "other_rep") == {("fcr", 0.7, False), ("fcr", 0.9, True)}
    assert _targets(client, world, "supervisor") == {
        ("fcr", 0.8, True),
        ("occupancy", 0.85, False),
    }
    assert len(client.get(URL, headers=world.as_("admin")).json()) == 4


def test_who_may_set_goals(client: TestClient, world: World) -> None:
    assert _put(client, world, "rep", metric="aht", target=200).status_code == 403
    assert _put(client, world, "retail", metric="aht", target=200).status_code == 403
    other_team = _put(
        client, world, "supervisor", metric="aht", target=200, team_id=str(world.other_team.id)
    )
    assert other_team.status_code == 403
    other_rep = _put(
        client, world, "supervisor", metric="aht", target=200, user_id=str(world.other_rep.id)
    )
    assert other_rep.status_code == 403
    admin = _put(client, world, "admin", metric="aht", target=200, team_id=str(world.team.id))
    assert admin.status_code == 200
    assert _put(client, world, "admin", metric="aht", target=200).status_code == 422


def test_goal_values_are_checked(client: TestClient, world: World) -> None:
    assert _put(client, world, "supervisor", metric="smiles", target=1).status_code == 422
    assert _put(client, world, "supervisor", metric="aht", target=-1).status_code == 422
    assert _put(client, world, "supervisor", metric="aht", target=1, x=1).status_code == 422
    mismatched = _put(
        client,
        world,
        "admin",
        metric="aht",
        target=200,
        user_id=str(world.rep.id),
        team_id=str(world.other_team.id),
    )
    assert mismatched.status_code == 422


def test_deleting_a_goal(client: TestClient, world: World, db: Session) -> None:
    ours = _put(client, world, "supervisor", metric="aht", target=300).json()
    theirs = _put(
        client, world, "admin", metric="aht", target=300, team_id=str(world.other_team.id)
    ).json()
    assert client.delete(f"{URL}/{ours['id']}", headers=world.as_("rep")).status_code == 403
    assert (
        client.delete(f"{URL}/{theirs['id']}", headers=world.as_("supervisor")).status_code == 404
    )
    assert client.delete(f"{URL}/{ours['id']}", headers=world.as_("supervisor")).status_code == 204
    assert db.get(Goal, uuid.UUID(theirs["id"])) is not None
    assert _targets(client, world, "rep") == set()
    [entry] = db.scalars(select(AuditEntry).where(AuditEntry.action == "goal.delete"))
    assert entry.target_id == ours["id"]
    assert entry.actor_id == world.supervisor.id


def _goal_changes(client: TestClient, world: World, who: str) -> list[tuple[str, str]]:
    response = client.get("/api/v1/sync/changes", params={"after": 0}, headers=world.as_(who))
    assert response.status_code == 200, response.text
    changes = response.json()["changes"]
    return [(c["action"], c["id"]) for c in changes if c["entity"] == "goal"]


def test_goals_reach_the_desks_of_the_team(client: TestClient, world: World) -> None:
    team_goal = _put(client, world, "supervisor", metric="aht", target=300).json()
    rep_goal = _put(
        client, world, "supervisor", metric="fcr", target=0.8, user_id=str(world.rep.id)
    ).json()
    assert _goal_changes(client, world, "rep") == [
        ("upsert", team_goal["id"]),
        ("upsert", rep_goal["id"]),
    ]
    client.delete(f"{URL}/{team_goal['id']}", headers=world.as_("supervisor"))
    assert _goal_changes(client, world, "rep")[-1] == ("delete", team_goal["id"])
    assert _goal_changes(client, world, "other_rep") == []
