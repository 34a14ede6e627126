"""Canned answers by team with shortcuts, and macros: validated, scoped by team, audited, fed."""

from typing import Any

from fastapi.testclient import TestClient

from tests.support.builders import World

CANNED = "/api/v1/canned-answers"
MACROS = "/api/v1/macros"


def _post(client: TestClient, world: World, url: str, body: dict[str, Any], who: str = "admin"):
    response = client.post(url, json=body, headers=world.as_(who))
    assert response.status_code == 201, response.text
    return response.json()


def _answer(client: TestClient, world: World, shortcut: str, team=None, who: str = "admin"):
    body = {"title": shortcut.title(), "body": "Hi {customer.first_name}", "shortcut": shortcut}
    if team is not None:
        body["team_id"] = str(team.id)
    return _post(client, world, CANNED, body, who)


def _titles(client: TestClient, world: World, url: str, who: str, **params: str) -> list[str]:
    response = client.get(url, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return sorted(item["title"] for item in response.json()["items"])


SHIP = [
    {"do": "insert_answer", "shortcut": "ship"},
    {"do": "set_category", "category": "shipping"},
    {"do": "set_follow_up", "in_hours": 48},
    {"do": "add_tag", "tag": "Delayed"},
]


def test_a_macro_keeps_its_actions_in_order(client: TestClient, world: World) -> None:
    _answer(client, world, "ship")
    macro = _post(
        client, world, MACROS, {"title": "Late parcel", "shortcut": "Late", "actions": SHIP}
    )
    assert macro["shortcut"] == "late"
    assert macro["actions"] == [*SHIP[:3], {"do": "add_tag", "tag": "delayed"}]
    assert client.get(f"{MACROS}/{macro['id']}", headers=world.as_("rep")).json() == macro


def test_bad_macros_are_refused(client: TestClient, world: World) -> None:
    _answer(client, world, "ship", team=world.other_team)
    for actions in (
        [],
        [{"do": "explode"}],
        [{"do": "set_follow_up", "in_hours": 0}],
        [{"do": "set_follow_up", "in_hours": "soon"}],
        [{"do": "add_tag", "tag": "x", "extra": 1}],
        [{"do": "insert_answer"}],
    ):
        response = client.post(
            MACROS, json={"title": "M", "actions": actions}, headers=world.as_("admin")
        )
        assert response.status_code == 422, actions
        assert response.headers["content-type"] == "application/problem+json"
    # an answer only another team can use, or none at all
    for team in (None, world.team):
        body: dict[str, Any] = {"title": "M", "actions": [SHIP[0]]}
        if team is not None:
            body["team_id"] = str(team.id)
        response = client.post(MACROS, json=body, headers=world.as_("admin"))
        assert response.status_code == 422, response.text
        assert "ship" in response.json()["detail"]


def test_macro_writes_are_for_managers_audited_and_versioned(
    client: TestClient, world: World
) -> None:
    body = {"title": "Tag it", "actions": [SHIP[3]]}
    assert client.post(MACROS, json=body, headers=world.as_("rep")).status_code == 403
    macro = _post(client, world, MACROS, body, who="supervisor")
    url = f"{MACROS}/{macro['id']}"
    assert (
        client.patch(url, json={"version": 1, "title": "X"}, headers=world.as_("rep")).status_code
        == 403
    )
    edited = client.patch(
        url, json={"version": 1, "actions": [SHIP[1]]}, headers=world.as_("supervisor")
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["actions"], edited.json()["version"]) == ([SHIP[1]], 2)
    stale = client.patch(url, json={"version": 1, "title": "Y"}, headers=world.as_("admin"))
    assert stale.status_code == 409
    assert (
        client.patch(
            url, json={"version": 2, "actions": None}, headers=world.as_("admin")
        ).status_code
        == 422
    )
    audit = client.get("/api/v1/audit", headers=world.as_("admin")).json()["items"]
    mine = [(row["action"], row["actor_id"]) for row in audit if row["target_id"] == macro["id"]]
    assert sorted(mine) == [
        ("macro.create", str(world.supervisor.id)),
        ("macro.edit", str(world.supervisor.id)),
    ]


def test_team_answers_and_macros_are_seen_by_their_team_and_everyones_by_all(
    client: TestClient, world: World
) -> None:
    _answer(client, world, "hello")
    _answer(client, world, "alpha", team=world.team)
    _answer(client, world, "bravo", team=world.other_team)
    for shortcut in ("hello", "alpha", "bravo"):
        team = {"alpha": world.team, "bravo": world.other_team}.get(shortcut)
        body: dict[str, Any] = {
            "title": shortcut.title(),
            "actions": [{"do": "insert_answer", "shortcut": shortcut}],
        }
        if team is not None:
            body["team_id"] = str(team.id)
        _post(client, world, MACROS, body)
    for url in (CANNED, MACROS):
        assert _titles(client, world, url, "rep") == ["Alpha", "Hello"]
        assert _titles(client, world, url, "other_rep") == ["Bravo", "Hello"]
        assert _titles(client, world, url, "retail") == ["Hello"]  # in no team
        assert _titles(client, world, url, "admin") == ["Alpha", "Bravo", "Hello"]
        assert _titles(client, world, url, "admin", team_id=str(world.team.id)) == [
            "Alpha",
            "Hello",
        ]
    bravo = client.get(CANNED, headers=world.as_("admin")).json()["items"]
    bravo_id = next(a["id"] for a in bravo if a["shortcut"] == "bravo")
    assert client.get(f"{CANNED}/{bravo_id}", headers=world.as_("rep")).status_code == 404


def test_a_supervisor_writes_for_everyone_or_their_team_only(
    client: TestClient, world: World
) -> None:
    _answer(client, world, "mine", team=world.team, who="supervisor")
    _answer(client, world, "all", who="supervisor")
    body = {"title": "T", "body": "B", "team_id": str(world.other_team.id)}
    assert client.post(CANNED, json=body, headers=world.as_("supervisor")).status_code == 403
    macro = {"title": "T", "actions": [SHIP[3]], "team_id": str(world.other_team.id)}
    assert client.post(MACROS, json=macro, headers=world.as_("supervisor")).status_code == 403
    nowhere = {"title": "T", "body": "B", "team_id": "01940000-0000-7000-8000-000000000000"}
    assert client.post(CANNED, json=nowhere, headers=world.as_("admin")).status_code == 422


def test_a_shortcut_is_one_answer_within_a_team(client: TestClient, world: World) -> None:
    _answer(client, world, "ship")
    _answer(client, world, "ship", team=world.team)  # a team's own beside everyone's
    again = {"title": "S", "body": "B", "shortcut": "SHIP"}
    assert client.post(CANNED, json=again, headers=world.as_("admin")).status_code == 409
    other = _answer(client, world, "other")
    renamed = client.patch(
        f"{CANNED}/{other['id']}",
        json={"version": 1, "shortcut": "ship"},
        headers=world.as_("admin"),
    )
    assert renamed.status_code == 409
    bad = {"title": "S", "body": "B", "shortcut": "has space"}
    assert client.post(CANNED, json=bad, headers=world.as_("admin")).status_code == 422


def test_the_feed_carries_a_teams_answers_and_macros_to_that_team_only(
    client: TestClient, world: World
) -> None:
    def fed(who: str) -> dict[str, set[str]]:
        page = client.get("/api/v1/sync/changes", params={"after": 0}, headers=world.as_(who))
        assert page.status_code == 200, page.text
        found: dict[str, set[str]] = {"canned_answer": set(), "macro": set()}
        for change in page.json()["changes"]:
            if change["entity"] in found and change["action"] == "upsert":
                found[change["entity"]].add(change["record"]["title"])
        return found

    _answer(client, world, "hello")
    _answer(client, world, "alpha", team=world.team)
    _post(
        client,
        world,
        MACROS,
        {"title": "Alpha run", "team_id": str(world.team.id), "actions": [SHIP[3]]},
    )
    _post(client, world, MACROS, {"title": "Anyone run", "actions": [SHIP[3]]})
    assert fed("rep") == {"canned_answer": {"Hello", "Alpha"}, "macro": {"Alpha run", "Anyone run"}}
    assert fed("other_rep") == {"canned_answer": {"Hello"}, "macro": {"Anyone run"}}
