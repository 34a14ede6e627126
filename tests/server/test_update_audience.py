"""Updates for one role: only that role reads them, in the list and in the change feed."""

from fastapi.testclient import TestClient

from tests.support.builders import World

URL = "/api/v1/updates"
CHANGES = "/api/v1/sync/changes"


def _publish(client: TestClient, world: World, **fields: object) -> dict:
    body = {"kind": "guideline", "title": "Coaching plan", "body": "For team leads ..."}
    response = client.post(URL, json=body | fields, headers=world.as_("supervisor"))
    assert response.status_code == 201, response.text
    return response.json()


def _feed_titles(client: TestClient, world: World, who: str) -> set[str]:
    response = client.get(CHANGES, params={"after": 0}, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {
        c["record"]["title"]
        for c in response.json()["changes"]
        if c["entity"] == "update" and c["record"] is not None
    }


def test_a_reps_feed_never_carries_a_supervisor_only_update(
    client: TestClient, world: World
) -> None:
    _publish(client, world, title="Leads only", audience_role="supervisor")
    _publish(client, world, title="Reps only", audience_role="rep", team_id=str(world.team.id))
    _publish(client, world, title="Everyone")

    assert _feed_titles(client, world, "rep") == {"Reps only", "Everyone"}
    assert _feed_titles(client, world, "supervisor") >= {"Leads only", "Everyone"}
    assert "Leads only" not in _feed_titles(client, world, "other_rep")


def test_the_board_and_the_acknowledgement_report_follow_the_role(
    client: TestClient, world: World
) -> None:
    leads = _publish(client, world, title="Leads only", audience_role="supervisor")
    reps = _publish(client, world, title="Reps only", audience_role="rep", requires_ack=True)
    rep_board = client.get(URL, headers=world.as_("rep")).json()["items"]
    assert [u["title"] for u in rep_board] == ["Reps only"]
    assert rep_board[0]["audience_role"] == "rep"
    assert client.get(f"{URL}/{leads['id']}", headers=world.as_("rep")).status_code == 404
    # the author still sees what they wrote for another role
    assert client.get(f"{URL}/{reps['id']}", headers=world.as_("supervisor")).status_code == 200

    report = client.get(f"{URL}/{reps['id']}/acknowledgements", headers=world.as_("admin")).json()
    assert {m["user_id"] for m in report["pending"]} == {
        str(world.rep.id),
        str(world.other_rep.id),
    }


def test_the_role_can_be_changed_and_must_be_a_role(client: TestClient, world: World) -> None:
    update = _publish(client, world, title="Leads only", audience_role="supervisor")
    url = f"{URL}/{update['id']}"
    changed = client.patch(
        url, json={"version": update["version"], "audience_role": None}, headers=world.as_("admin")
    )
    assert changed.status_code == 200, changed.text
    assert client.get(url, headers=world.as_("rep")).json()["audience_role"] is None
    bad = client.post(
        URL,
        json={"kind": "guideline", "title": "x", "body": "y", "audience_role": "boss"},
        headers=world.as_("supervisor"),
    )
    assert bad.status_code == 422
