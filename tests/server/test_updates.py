"""The updates board through the REST API: audiences, publishing, versions, acknowledgements."""

from datetime import timedelta

from fastapi.testclient import TestClient

from desk_app.server.core.db import utcnow
from tests.support.builders import World

URL = "/api/v1/updates"


def _publish(client: TestClient, world: World, who: str = "supervisor", **fields: object):
    body = {"kind": "guideline", "title": "New refund rule", "body": "Refunds over $50 ..."}
    response = client.post(URL, json=body | fields, headers=world.as_(who))
    assert response.status_code == 201, response.text
    return response.json()


def _titles(client: TestClient, world: World, who: str) -> list[str]:
    return [u["title"] for u in client.get(URL, headers=world.as_(who)).json()["items"]]


def test_rep_cannot_publish_an_update(client: TestClient, world: World) -> None:
    response = client.post(
        URL, json={"kind": "outage", "title": "x", "body": "y"}, headers=world.as_("rep")
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_publish_is_audited(client: TestClient, world: World) -> None:
    update = _publish(client, world)
    assert update["author_id"] == str(world.supervisor.id)
    assert update["acknowledged"] is False
    audit = client.get(
        "/api/v1/audit", params={"action": "update.publish"}, headers=world.as_("admin")
    ).json()["items"]
    assert [row["target_id"] for row in audit] == [update["id"]]
    assert audit[0]["actor_id"] == str(world.supervisor.id)


def test_board_shows_everyones_and_own_team_or_store_unexpired_updates(
    client: TestClient, world: World
) -> None:
    _publish(client, world, "admin", title="For all")
    _publish(client, world, "admin", title="Alpha only", team_id=str(world.team.id))
    _publish(client, world, "admin", title="Bravo only", team_id=str(world.other_team.id))
    _publish(client, world, "admin", title="NYC store", store_id=str(world.store.id))
    past = (utcnow() - timedelta(minutes=1)).isoformat()
    _publish(client, world, "admin", title="Expired", expires_at=past)

    assert _titles(client, world, "rep") == ["For all", "Alpha only"]
    assert _titles(client, world, "other_rep") == ["For all", "Bravo only"]
    assert _titles(client, world, "retail") == ["For all", "NYC store"]
    hidden = client.get(
        f"{URL}/{_publish(client, world, 'admin', team_id=str(world.other_team.id))['id']}",
        headers=world.as_("rep"),
    )
    assert hidden.status_code == 404


def test_supervisor_may_not_publish_to_another_team(client: TestClient, world: World) -> None:
    response = client.post(
        URL,
        json={"kind": "product", "title": "x", "body": "y", "team_id": str(world.other_team.id)},
        headers=world.as_("supervisor"),
    )
    assert response.status_code == 403


def test_acknowledging_twice_keeps_the_first_time_and_counts_once(
    client: TestClient, world: World
) -> None:
    update = _publish(client, world, requires_ack=True, team_id=str(world.team.id))
    url = f"{URL}/{update['id']}"
    first = client.post(f"{url}/acknowledge", headers=world.as_("rep"))
    again = client.post(f"{url}/acknowledge", headers=world.as_("rep"))
    assert first.status_code == again.status_code == 200
    assert first.json()["at"] == again.json()["at"]
    assert first.json()["user_id"] == str(world.rep.id)

    seen = client.get(url, headers=world.as_("rep")).json()
    assert seen["acknowledged"] is True
    assert seen["acknowledged_at"] == first.json()["at"]
    assert client.get(URL, headers=world.as_("rep")).json()["items"][0]["acknowledged"] is True
    assert client.get(url, headers=world.as_("supervisor")).json()["acknowledged"] is False

    report = client.get(f"{url}/acknowledgements", headers=world.as_("supervisor")).json()
    assert report["audience_count"] == 2  # rep and supervisor of team Alpha
    assert report["acknowledged_count"] == 1
    assert [m["user_id"] for m in report["acknowledged"]] == [str(world.rep.id)]
    assert [m["user_id"] for m in report["pending"]] == [str(world.supervisor.id)]


def test_outside_the_audience_cannot_acknowledge(client: TestClient, world: World) -> None:
    update = _publish(client, world, team_id=str(world.team.id))
    response = client.post(f"{URL}/{update['id']}/acknowledge", headers=world.as_("other_rep"))
    assert response.status_code == 404


def test_acknowledgement_report_is_for_managers_and_scoped_to_their_team(
    client: TestClient, world: World
) -> None:
    update = _publish(client, world, "admin")
    url = f"{URL}/{update['id']}/acknowledgements"
    assert client.get(url, headers=world.as_("rep")).status_code == 403
    everyone = client.get(url, headers=world.as_("admin")).json()
    assert everyone["audience_count"] == 5
    team = client.get(url, headers=world.as_("supervisor")).json()
    assert {m["user_id"] for m in team["pending"]} == {str(world.rep.id), str(world.supervisor.id)}


def test_edit_needs_current_version_and_a_manager(client: TestClient, world: World) -> None:
    update = _publish(client, world)
    url = f"{URL}/{update['id']}"
    assert (
        client.patch(url, json={"version": 1, "title": "x"}, headers=world.as_("rep")).status_code
        == 403
    )
    edited = client.patch(
        url, json={"version": 1, "title": "Refund rule v2"}, headers=world.as_("supervisor")
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2
    stale = client.patch(url, json={"version": 1, "body": "z"}, headers=world.as_("admin"))
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Refund rule v2"


def test_bad_update_input_is_a_422_problem(client: TestClient, world: World) -> None:
    bad = [
        {"kind": "gossip", "title": "x", "body": "y"},
        {"kind": "outage", "title": "", "body": "y"},
        {"kind": "outage", "title": "x", "body": "y", "expires_at": "2030-01-01T00:00:00"},
    ]
    for body in bad:
        response = client.post(URL, json=body, headers=world.as_("admin"))
        assert response.status_code == 422, body
        assert response.json()["type"] == "/problems/validation"
    update = _publish(client, world)
    null_title = client.patch(
        f"{URL}/{update['id']}", json={"version": 1, "title": None}, headers=world.as_("admin")
    )
    assert null_title.status_code == 422
