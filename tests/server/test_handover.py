"""Handover notes through the REST API: team/store scope, author or supervisor edits, versions."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.ids import new_id
from tests.support.builders import World, make_ticket

URL = "/api/v1/handover-notes"
FEED = "/api/v1/sync/changes"
OPS = "/api/v1/sync/ops"


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


def test_a_note_about_a_ticket_needs_a_ticket_the_author_sees(
    client: TestClient, world: World, db: Session
) -> None:
    mine, theirs = make_ticket(db, owner=world.rep), make_ticket(db, owner=world.other_rep)
    db.commit()
    about = client.post(
        URL,
        json={"body": "Customer calls back at 9", "ticket_id": str(mine.id)},
        headers=world.as_("rep"),
    )
    assert about.status_code == 201, about.text
    assert about.json()["ticket_id"] == str(mine.id)
    hidden = client.post(
        URL, json={"body": "x", "ticket_id": str(theirs.id)}, headers=world.as_("rep")
    )
    assert hidden.status_code == 404


def _op(client: TestClient, headers: dict[str, str], kind: str, payload: dict) -> dict[str, Any]:
    body = {"ops": [{"op_id": str(new_id()), "kind": kind, "payload": payload}]}
    return client.post(OPS, json=body, headers=headers).json()["results"][0]


def test_acknowledging_twice_returns_the_first_acknowledgement(
    client: TestClient, world: World, db: Session
) -> None:
    ticket = make_ticket(db, owner=world.supervisor)
    db.commit()
    added = _op(
        client,
        world.as_("supervisor"),
        "handover.add",
        {"id": str(new_id()), "body": "Chase the carrier", "ticket_id": str(ticket.id)},
    )
    assert added["status"] == "applied", added
    note = added["record"]
    start = int(client.get(FEED, params={"after": 0}, headers=world.as_("rep")).json()["last_seq"])

    url = f"{URL}/{note['id']}/acknowledge"
    first = client.post(url, headers=world.as_("rep"))
    assert first.status_code == 200, first.text
    assert (first.json()["note_id"], first.json()["user_id"]) == (note["id"], str(world.rep.id))
    second = client.post(url, headers=world.as_("rep"))
    by_op = _op(client, world.as_("rep"), "handover.acknowledge", {"handover_id": note["id"]})
    assert second.json() == first.json()
    assert by_op["status"] == "applied"
    assert by_op["record"] == first.json()

    changes = client.get(FEED, params={"after": start}, headers=world.as_("rep")).json()["changes"]
    acks = [c["record"] for c in changes if c["entity"] == "handover_ack"]
    assert acks == [first.json()]
    assert client.post(url, headers=world.as_("other_rep")).status_code == 404
    refused = _op(
        client, world.as_("other_rep"), "handover.acknowledge", {"handover_id": note["id"]}
    )
    assert refused["status"] == "rejected"


def test_sign_in_shows_others_open_notes_not_yet_acknowledged(
    client: TestClient, world: World
) -> None:
    from_boss = _leave(client, world, "supervisor", "from the boss")
    _leave(client, world, "rep", "my own")
    settled = _leave(client, world, "supervisor", "settled")
    client.patch(
        f"{URL}/{settled['id']}", json={"version": 1, "done": True}, headers=world.as_("rep")
    )
    acknowledged = _leave(client, world, "supervisor", "read already")
    client.post(f"{URL}/{acknowledged['id']}/acknowledge", headers=world.as_("rep"))

    assert _bodies(client, world, "rep", unacknowledged="true") == ["from the boss"]
    assert _bodies(client, world, "other_rep", unacknowledged="true") == []
    assert _bodies(client, world, "supervisor", unacknowledged="true") == ["my own"]
    client.post(f"{URL}/{from_boss['id']}/acknowledge", headers=world.as_("rep"))
    assert _bodies(client, world, "rep", unacknowledged="true") == []
    assert len(_bodies(client, world, "rep")) == 4
