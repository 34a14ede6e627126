"""GET /users/directory: every active colleague, for @mention completion, to any signed-in role."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import Department, Role
from tests.support.builders import World, make_user

URL = "/api/v1/users/directory"


def test_every_role_sees_the_active_staff_with_their_department(
    client: TestClient, world: World, db: Session
) -> None:
    world.other_team.department = Department.LOGISTICS.value
    gone = make_user(db, Role.REP, team=world.team, username="gone")
    gone.active = False
    db.commit()
    for who in ("rep", "retail", "supervisor", "admin"):
        response = client.get(URL, headers=world.as_(who))
        assert response.status_code == 200, response.text
        entries = response.json()
        assert [e["username"] for e in entries] == [
            "admin",
            "other_rep",
            "rep",
            "retail",
            "supervisor",
        ]
    by_name = {e["username"]: e for e in entries}
    assert by_name["other_rep"] == {
        "id": str(world.other_rep.id),
        "username": "other_rep",
        "display_name": world.other_rep.display_name,
        "team_id": str(world.other_team.id),
        "department": "logistics",
    }
    assert by_name["rep"]["department"] is None
    assert (by_name["admin"]["team_id"], by_name["admin"]["department"]) == (None, None)


def test_the_directory_needs_a_sign_in(client: TestClient) -> None:
    assert client.get(URL).status_code == 401
