"""Handover notes through the REST API: team/store scope, author or supervisor edits, versions."""

from fastapi.testclient import TestClient

from tests.support.builders import World

URL = "/api/v1/handover-notes"


def _leave(client: TestClient, world: World, who: str, body: str = "Call Mrs Diaz back at 3"):
    response = client.post(URL, json={"body": body}, headers=world.as_(who))
    assert response.status_code == 201, response.text
    return response.json()


def _bodies(client: TestClient, world: World, who: str, **params: str) -> list[str]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return [n["body"] for n in response.json()["items"]]


def test_note_goes_to_the_authors_team_or_store(client: TestClient, world: World) -> None:
    by_rep = _leave(client, world, "rep", "team note")
    by_retail = _leave(client, world, "retail", "store note")
    assert (by_rep["team_id"], by_rep["store_id"]) == (str(world.team.id), None)
    assert (by_retail["team_id"], by_retail["store_id"]) == (None, str(world.store.id))
    assert _bodies(client, world, "supervisor") == ["team note"]
    assert _bodies(client, world, "retail") == ["store note"]
    assert _bodies(client, world, "admin") == ["team note", "store note"]


def test_other_teams_handover_notes_are_invisible(client: TestClient, world: World) -> None:
    note = _leave(client, world, "rep")
    assert _bodies(client, world, "other_rep") == []
    assert client.get(f"{URL}/{note['id']}", headers=world.as_("other_rep")).status_code == 404
    edit = client.patch(
        f"{URL}/{note['id']}", json={"version": 1, "done": True}, headers=world.as_("other_rep")
    )
    assert edit.status_code == 404


def test_card_numbers_are_masked(client: TestClient, world: World) -> None:
    note = _leave(client, world, "rep", "Card 5555-5555-5555-4444 declined")
    assert note["body"] == "Card •••• 4444 declined"


def test_author_or_supervisor_marks_done_and_done_filters(client: TestClient, world: World) -> None:
    first = _leave(client, world, "rep", "first")
    second = _leave(client, world, "supervisor", "second")
    done = client.patch(
        f"{URL}/{first['id']}", json={"version": 1, "done": True}, headers=world.as_("rep")
    )
    assert done.status_code == 200, done.text
    assert (done.json()["done"], done.json()["version"]) == (True, 2)
    by_boss = client.patch(
        f"{URL}/{second['id']}",
        json={"version": 1, "body": "second, edited"},
        headers=world.as_("supervisor"),
    )
    assert by_boss.status_code == 200
    assert _bodies(client, world, "rep", done="false") == ["second, edited"]
    assert _bodies(client, world, "rep", done="true") == ["first"]


def test_next_shift_ticks_off_a_teammates_note_but_cannot_rewrite_it(
    client: TestClient, world: World
) -> None:
    note = _leave(client, world, "supervisor")
    url = f"{URL}/{note['id']}"
    rewrite = client.patch(url, json={"version": 1, "body": "mine now"}, headers=world.as_("rep"))
    assert rewrite.status_code == 403
    done = client.patch(url, json={"version": 1, "done": True}, headers=world.as_("rep"))
    assert done.status_code == 200
    assert done.json()["done"] is True


def test_stale_version_gets_409_with_current_note(client: TestClient, world: World) -> None:
    note = _leave(client, world, "rep")
    url = f"{URL}/{note['id']}"
    client.patch(url, json={"version": 1, "body": "updated"}, headers=world.as_("rep"))
    stale = client.patch(url, json={"version": 1, "done": True}, headers=world.as_("supervisor"))
    assert stale.status_code == 409
    assert stale.json()["current"]["body"] == "updated"
    assert stale.json()["current"]["done"] is False


def test_admin_names_the_team_others_may_not(client: TestClient, world: World) -> None:
    nowhere = client.post(URL, json={"body": "x"}, headers=world.as_("admin"))
    assert nowhere.status_code == 422
    for_bravo = client.post(
        URL, json={"body": "x", "team_id": str(world.other_team.id)}, headers=world.as_("admin")
    )
    assert for_bravo.status_code == 201
    assert _bodies(client, world, "other_rep") == ["x"]
    elsewhere = client.post(
        URL, json={"body": "x", "team_id": str(world.other_team.id)}, headers=world.as_("rep")
    )
    assert elsewhere.status_code == 403


def test_bad_handover_input_is_a_422_problem(client: TestClient, world: World) -> None:
    for body in ({"body": ""}, {"body": "x", "urgent": True}, {}):
        response = client.post(URL, json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    note = _leave(client, world, "rep")
    null_done = client.patch(
        f"{URL}/{note['id']}", json={"version": 1, "done": None}, headers=world.as_("rep")
    )
    assert null_done.status_code == 422
