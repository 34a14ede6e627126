"""Interactions through the REST API: work scope and the queue, desk-started contacts,
status timeline, PAN masking, versions and reassignment."""

import uuid

from fastapi.testclient import TestClient

from desk_app.domain.enums import Channel, InteractionStatus
from tests.support.builders import World, make_customer, make_interaction

CARD = "4111 1111 1111 1111"
URL = "/api/v1/interactions"


def _ids(client: TestClient, world: World, who: str, **params: str) -> set[str]:
    response = client.get(URL, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_rep_sees_own_work_and_their_queue_only(client: TestClient, world: World, db) -> None:
    own = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.other_rep)
    team_queue = make_interaction(db, team_id=world.team.id)
    open_queue = make_interaction(db)
    other_queue = make_interaction(db, team_id=world.other_team.id)
    db.commit()
    assert _ids(client, world, "rep") == {str(own.id), str(team_queue.id), str(open_queue.id)}
    assert client.get(f"{URL}/{theirs.id}", headers=world.as_("rep")).status_code == 404
    assert client.get(f"{URL}/{other_queue.id}", headers=world.as_("rep")).status_code == 404
    assert client.get(f"{URL}/{team_queue.id}", headers=world.as_("rep")).status_code == 200


def test_retail_supervisor_and_admin_scopes(client: TestClient, world: World, db) -> None:
    walk_in = make_interaction(db, agent=world.retail, channel=Channel.WALK_IN)
    far_walk_in = make_interaction(db, store_id=world.other_store.id, channel=Channel.WALK_IN)
    team_call = make_interaction(db, agent=world.rep)
    other_call = make_interaction(db, agent=world.other_rep)
    db.commit()
    assert _ids(client, world, "retail") == {str(walk_in.id)}
    assert _ids(client, world, "supervisor") == {str(team_call.id)}
    assert _ids(client, world, "admin") == {
        str(i.id) for i in (walk_in, far_walk_in, team_call, other_call)
    }


def test_list_filters_combine(client: TestClient, world: World, db) -> None:
    customer = make_customer(db)
    call = make_interaction(db, agent=world.rep, customer_id=customer.id)
    email = make_interaction(db, agent=world.rep, channel=Channel.EMAIL, customer_id=customer.id)
    other = make_interaction(db, agent=world.other_rep, customer_id=customer.id)
    db.commit()
    by_customer = {"customer_id": str(customer.id)}
    assert _ids(client, world, "admin", **by_customer, channel="voice") == {
        str(call.id),
        str(other.id),
    }
    assert _ids(client, world, "admin", assigned_agent_id=str(world.other_rep.id)) == {
        str(other.id)
    }
    assert _ids(client, world, "rep", **by_customer) == {str(call.id), str(email.id)}
    assert _ids(client, world, "rep", status="queued") == set()
    bad = client.get(URL, params={"channel": "fax"}, headers=world.as_("rep"))
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


def test_interactions_are_paged_by_cursor(client: TestClient, world: World, db) -> None:
    made = [str(make_interaction(db, agent=world.rep).id) for _ in range(5)]
    db.commit()
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(URL, params=params, headers=world.as_("rep")).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made


def test_walk_in_is_active_assigned_to_the_store_terminal_and_masked(
    client: TestClient, world: World, db
) -> None:
    customer = make_customer(db, store=world.store)
    db.commit()
    response = client.post(
        URL,
        json={
            "channel": "walk_in",
            "customer_id": str(customer.id),
            "subject": f"Refund to card {CARD}",
        },
        headers=world.as_("retail"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "active"
    assert body["direction"] == "inbound"
    assert body["assigned_agent_id"] == str(world.retail.id)
    assert body["store_id"] == str(world.store.id)
    assert body["answered_at"] is not None
    assert body["subject"] == "Refund to card •••• 1111"
    assert "4111" not in client.get(f"{URL}/{body['id']}", headers=world.as_("retail")).text


def test_outbound_call_by_rep_belongs_to_their_team(client: TestClient, world: World) -> None:
    offline_id = str(uuid.uuid4())
    response = client.post(
        URL,
        json={"id": offline_id, "channel": "voice", "to_address": "+12025550143"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == offline_id
    assert (body["direction"], body["status"]) == ("outbound", "active")
    assert body["team_id"] == str(world.team.id)
    again = client.post(URL, json={"id": offline_id, "channel": "voice"}, headers=world.as_("rep"))
    assert again.status_code == 409


def test_desk_cannot_start_walk_ins_without_a_store_or_chats_at_all(
    client: TestClient, world: World, db
) -> None:
    assert (
        client.post(URL, json={"channel": "walk_in"}, headers=world.as_("rep")).status_code == 403
    )
    chat = client.post(URL, json={"channel": "chat"}, headers=world.as_("rep"))
    assert chat.status_code == 422
    far_customer = make_customer(db, store=world.other_store)
    db.commit()
    foreign = client.post(
        URL,
        json={"channel": "walk_in", "customer_id": str(far_customer.id)},
        headers=world.as_("retail"),
    )
    assert foreign.status_code == 422
    assert "customer_id" in foreign.json()["detail"]


def test_status_timeline_is_stamped_and_one_way(client: TestClient, world: World, db) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    url = f"{URL}/{interaction.id}"
    wrap = client.patch(url, json={"version": 1, "status": "wrap_up"}, headers=world.as_("rep"))
    assert wrap.status_code == 200, wrap.text
    assert wrap.json()["ended_at"] is not None
    assert wrap.json()["wrapped_at"] is None
    done = client.patch(
        url,
        json={"version": 2, "status": "done", "disposition": "resolved", "satisfaction": 5},
        headers=world.as_("rep"),
    ).json()
    assert done["wrapped_at"] is not None
    assert done["answered_at"] <= done["ended_at"] <= done["wrapped_at"]
    back = client.patch(url, json={"version": 3, "status": "active"}, headers=world.as_("rep"))
    assert back.status_code == 422
    assert "done to active" in back.json()["detail"]


def test_wrap_notes_are_stored_with_card_numbers_masked(
    client: TestClient, world: World, db
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    response = client.patch(
        f"{URL}/{interaction.id}",
        json={"version": 1, "wrap_notes": f"paid with {CARD.replace(' ', '-')}, order 12345"},
        headers=world.as_("rep"),
    )
    assert response.status_code == 200
    db.expire_all()
    assert (
        db.get(type(interaction), interaction.id).wrap_notes == "paid with •••• 1111, order 12345"
    )


def test_stale_version_gets_409_with_current_record(client: TestClient, world: World, db) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    url = f"{URL}/{interaction.id}"
    assert (
        client.patch(
            url, json={"version": 1, "subject": "Billing"}, headers=world.as_("rep")
        ).status_code
        == 200
    )
    stale = client.patch(
        url, json={"version": 1, "priority": "high"}, headers=world.as_("supervisor")
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["subject"] == "Billing"
    assert stale.json()["current"]["version"] == 2


def test_invalid_patches_are_422_problems(client: TestClient, world: World, db) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    url = f"{URL}/{interaction.id}"
    for body in (
        {"version": 1, "satisfaction": 6},
        {"version": 1, "subject": None},
        {"version": 1, "colour": "red"},
        {"subject": "no version"},
    ):
        response = client.patch(url, json=body, headers=world.as_("rep"))
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"


def test_rep_cannot_reassign_interaction(client: TestClient, world: World, db) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    response = client.patch(
        f"{URL}/{interaction.id}",
        json={"version": 1, "assigned_agent_id": str(world.other_rep.id)},
        headers=world.as_("rep"),
    )
    assert response.status_code == 403
    db.expire_all()
    assert db.get(type(interaction), interaction.id).assigned_agent_id == world.rep.id


def test_supervisor_reassignment_moves_team_and_is_audited(
    client: TestClient, world: World, db
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    response = client.patch(
        f"{URL}/{interaction.id}",
        json={"version": 1, "assigned_agent_id": str(world.other_rep.id)},
        headers=world.as_("supervisor"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["assigned_agent_id"] == str(world.other_rep.id)
    assert response.json()["team_id"] == str(world.other_team.id)
    [row] = client.get(
        "/api/v1/audit", params={"action": "interaction.reassign"}, headers=world.as_("admin")
    ).json()["items"]
    assert row["target_id"] == str(interaction.id)
    assert row["detail"] == {
        "from_agent_id": str(world.rep.id),
        "to_agent_id": str(world.other_rep.id),
    }
    assert client.get(f"{URL}/{interaction.id}", headers=world.as_("other_rep")).status_code == 200
    assert client.get(f"{URL}/{interaction.id}", headers=world.as_("rep")).status_code == 404


def test_rep_cannot_edit_a_queued_interaction_they_were_not_given(
    client: TestClient, world: World, db
) -> None:
    queued = make_interaction(db, team_id=world.team.id)
    db.commit()
    response = client.patch(
        f"{URL}/{queued.id}", json={"version": 1, "status": "active"}, headers=world.as_("rep")
    )
    assert response.status_code == 403
    db.expire_all()
    assert db.get(type(queued), queued.id).status == InteractionStatus.QUEUED
