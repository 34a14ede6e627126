"""Scripts through the REST API: revisions are immutable, definitions are checked."""

import yaml
from fastapi.testclient import TestClient

from desk_app.domain.scripts.source import RESOURCES
from tests.support.builders import World

URL = "/api/v1/scripts"
GREETING = {
    "key": "billing_dispute",
    "title": "Billing dispute",
    "category": "billing",
    "steps": [{"id": "greet", "say": "Thank you for calling, how can I help?", "end": True}],
}
WITH_ID_CHECK = {
    **GREETING,
    "steps": [
        {"id": "greet", "say": "Thank you for calling.", "next": "verify"},
        {"id": "verify", "say": "May I have your order number, please?", "end": True},
    ],
}


def _create(client: TestClient, world: World, key: str = "billing_dispute", **fields: object):
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
    body = {"key": "billing_dispute", "title": "t", "category": "billing", "definition": GREETING}
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
    returns = {**GREETING, "key": "returns", "category": "logistics"}
    _create(client, world, key="returns", category="logistics", definition=returns)
    client.patch(
        f"{URL}/{billing['id']}",
        json={"version": 1, "definition": WITH_ID_CHECK},
        headers=world.as_("admin"),
    )
    items = client.get(URL, params={"category": "billing"}, headers=world.as_("rep")).json()[
        "items"
    ]
    assert [(s["key"], s["definition"]) for s in items] == [("billing_dispute", WITH_ID_CHECK)]
    assert len(client.get(URL, headers=world.as_("rep")).json()["items"]) == 2


def test_duplicate_key_is_409(client: TestClient, world: World) -> None:
    _create(client, world)
    body = {"key": "billing_dispute", "title": "t", "category": "billing", "definition": GREETING}
    assert client.post(URL, json=body, headers=world.as_("admin")).status_code == 409


def _steps(*steps: dict[str, object]) -> dict[str, object]:
    return {**GREETING, "steps": list(steps)}


def test_unrunnable_definition_is_a_422_naming_every_problem(
    client: TestClient, world: World
) -> None:
    cases = {
        "definition.steps[1].say: must be non-empty text": _steps(
            {"id": "hi", "say": "Hi", "next": "ask"}, {"id": "ask", "end": True}
        ),
        "definition.steps: must hold at least one step": _steps(),
        "definition.steps[0].next: names no step: 'nowhere'": _steps(
            {"id": "hi", "say": "Hi", "next": "nowhere"}
        ),
        "definition.steps[1]: step 'lost' cannot be reached from the first step": _steps(
            {"id": "hi", "say": "Hi", "end": True}, {"id": "lost", "say": "Hm", "end": True}
        ),
        "definition.key: must be the script's key, 'billing_dispute'": {
            **GREETING,
            "key": "other",
        },
        "definition.category: must be the script's category, 'billing'": {
            **GREETING,
            "category": "returns",
        },
    }
    for expected, definition in cases.items():
        body = {"key": "billing_dispute", "title": "t", "category": "billing"}
        response = client.post(
            URL, json=body | {"definition": definition}, headers=world.as_("admin")
        )
        assert response.status_code == 422, definition
        assert response.headers["content-type"] == "application/problem+json"
        assert expected in response.json()["detail"]
    both = _steps(
        {"id": "hi", "say": "Hi {customer.frist_name}", "next": "loop"},
        {"id": "loop", "say": "Again", "next": "hi"},
    )
    body = {"key": "billing_dispute", "title": "t", "category": "billing", "definition": both}
    problems = client.post(URL, json=body, headers=world.as_("admin")).json()["problems"]
    assert problems == [
        {
            "path": "definition.steps[0].say",
            "message": "unknown variable {customer.frist_name} "
            "(did you mean {customer.first_name}?)",
        },
        {"path": "definition.steps", "message": "no step ends the script (none has 'end: true')"},
    ]
    not_object = {"key": "k", "title": "t", "category": "c", "definition": ["hi"]}
    assert client.post(URL, json=not_object, headers=world.as_("admin")).status_code == 422


def test_edit_is_checked_and_a_category_change_needs_a_definition_of_it(
    client: TestClient, world: World
) -> None:
    script = _create(client, world)
    url = f"{URL}/{script['id']}"
    broken = _steps({"id": "hi", "say": "Hi", "next": "gone"})
    edit = client.patch(url, json={"version": 1, "definition": broken}, headers=world.as_("admin"))
    assert edit.status_code == 422
    assert edit.json()["problems"][0]["path"] == "definition.steps[0].next"
    moved = client.patch(
        url, json={"version": 1, "category": "returns"}, headers=world.as_("admin")
    )
    assert moved.status_code == 422
    assert "definition.category" in moved.json()["detail"]
    both = {"version": 1, "category": "returns", "definition": {**GREETING, "category": "returns"}}
    moved = client.patch(url, json=both, headers=world.as_("admin"))
    assert moved.status_code == 200, moved.text
    assert (moved.json()["category"], moved.json()["current_revision"]) == ("returns", 2)


def test_every_shipped_script_is_accepted_as_it_is(client: TestClient, world: World) -> None:
    for path in sorted((RESOURCES / "scripts").glob("*.yaml")):
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        body = {
            "key": definition["key"],
            "title": definition["title"],
            "category": definition["category"],
            "definition": definition,
        }
        response = client.post(URL, json=body, headers=world.as_("supervisor"))
        assert response.status_code == 201, (path.name, response.text)
