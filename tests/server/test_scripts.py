"""Scripts through the REST API: revisions are immutable, definitions are checked."""

from fastapi.testclient import TestClient

from tests.support.builders import World

URL = "/api/v1/scripts"
GREETING = {"steps": [{"id": "greet", "say": "Thank you for calling, how can I help?"}]}
WITH_ID_CHECK = {
    "steps": [
        {"id": "greet", "say": "Thank you for calling.", "next": "verify"},
        {"id": "verify", "text": "May I have your order number?"},
    ]
}


def _create(client: TestClient, world: World, key: str = "billing-dispute", **fields: object):
    body = {"key": key, "title": "Billing dispute", "category": "billing", "definition": GREETING}
    response = client.post(URL, json=body | fields, headers=world.as_("supervisor"))
    assert response.status_code == 201, response.text
    return response.json()


def test_new_script_is_revision_one_and_readable_by_reps(client: TestClient, world: World) -> None:
    script = _create(client, world)
    assert script["current_revision"] == 1
    assert script["version"] == 1
    read = client.get(f"{URL}/{script['id']}", headers=world.as_("rep"))
    assert read.json() == script
    revision = client.get(f"{URL}/{script['id']}/revisions/1", headers=world.as_("rep")).json()
    assert revision["definition"] == GREETING
    assert revision["author_id"] == str(world.supervisor.id)


def test_rep_cannot_create_or_edit_scripts(client: TestClient, world: World) -> None:
    body = {"key": "k", "title": "t", "category": "c", "definition": GREETING}
    assert client.post(URL, json=body, headers=world.as_("rep")).status_code == 403
    script = _create(client, world)
    edit = client.patch(
        f"{URL}/{script['id']}", json={"version": 1, "title": "x"}, headers=world.as_("rep")
    )
    assert edit.status_code == 403


def test_new_definition_adds_revision_two_and_revision_one_still_reads_the_same(
    client: TestClient, world: World
) -> None:
    script = _create(client, world)
    url = f"{URL}/{script['id']}"
    edited = client.patch(
        url, json={"version": 1, "definition": WITH_ID_CHECK}, headers=world.as_("admin")
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["current_revision"] == 2
    assert edited.json()["version"] == 2
    assert client.get(url, headers=world.as_("rep")).json()["definition"] == WITH_ID_CHECK
    assert (
        client.get(f"{url}/revisions/1", headers=world.as_("rep")).json()["definition"] == GREETING
    )
    assert (
        client.get(f"{url}/revisions/2", headers=world.as_("rep")).json()["definition"]
        == WITH_ID_CHECK
    )
    assert client.get(f"{url}/revisions/3", headers=world.as_("rep")).status_code == 404


def test_title_edit_or_same_definition_adds_no_revision(client: TestClient, world: World) -> None:
    script = _create(client, world)
    edited = client.patch(
        f"{URL}/{script['id']}",
        json={"version": 1, "title": "Disputed bill", "definition": GREETING},
        headers=world.as_("admin"),
    ).json()
    assert edited["title"] == "Disputed bill"
    assert edited["current_revision"] == 1
    assert edited["version"] == 2


def test_stale_version_gets_409_and_no_revision(client: TestClient, world: World) -> None:
    script = _create(client, world)
    url = f"{URL}/{script['id']}"
    client.patch(url, json={"version": 1, "title": "Renamed"}, headers=world.as_("admin"))
    stale = client.patch(
        url, json={"version": 1, "definition": WITH_ID_CHECK}, headers=world.as_("supervisor")
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Renamed"
    assert client.get(f"{url}/revisions/2", headers=world.as_("rep")).status_code == 404


def test_list_by_category_shows_current_definitions(client: TestClient, world: World) -> None:
    billing = _create(client, world)
    _create(client, world, key="returns", category="logistics")
    client.patch(
        f"{URL}/{billing['id']}",
        json={"version": 1, "definition": WITH_ID_CHECK},
        headers=world.as_("admin"),
    )
    items = client.get(URL, params={"category": "billing"}, headers=world.as_("rep")).json()[
        "items"
    ]
    assert [(s["key"], s["definition"]) for s in items] == [("billing-dispute", WITH_ID_CHECK)]
    assert len(client.get(URL, headers=world.as_("rep")).json()["items"]) == 2


def test_duplicate_key_is_409(client: TestClient, world: World) -> None:
    _create(client, world)
    body = {"key": "billing-dispute", "title": "t", "category": "c", "definition": GREETING}
    assert client.post(URL, json=body, headers=world.as_("admin")).status_code == 409


def test_unrunnable_definition_is_a_422_naming_the_step(client: TestClient, world: World) -> None:
    cases = {
        "steps[1] (id 'ask')": {"steps": [{"id": "hi", "say": "Hi"}, {"id": "ask"}]},
        "steps[0] needs an 'id'": {"steps": [{"say": "Hi"}]},
        "'steps' must be a non-empty list": {"steps": []},
        "not a step id": {"steps": [{"id": "hi", "say": "Hi", "next": "nowhere"}]},
    }
    for expected, definition in cases.items():
        body = {"key": "k", "title": "t", "category": "c", "definition": definition}
        response = client.post(URL, json=body, headers=world.as_("admin"))
        assert response.status_code == 422, definition
        assert response.headers["content-type"] == "application/problem+json"
        assert expected in response.json()["detail"]
    not_object = {"key": "k", "title": "t", "category": "c", "definition": ["hi"]}
    assert client.post(URL, json=not_object, headers=world.as_("admin")).status_code == 422
