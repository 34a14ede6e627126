"""Ops interaction.script and interaction.update: the trail and annotations reach the server."""

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.server.test_sync_ops import op, send
from tests.support.builders import World, make_interaction


def visit(step: str, left_by: str | None = "next", **fields: Any) -> dict[str, Any]:
    return {
        "script": "shipping_delay",
        "revision": 1,
        "step": step,
        "said": f"Words of {step}",
        "entered_at": datetime(2026, 11, 24, 9, 0, tzinfo=UTC).isoformat(),
        "seconds": 4.5,
        "left_by": left_by,
        "choice": None,
        "confirmed": [],
        "checked": [],
        **fields,
    }


def test_the_latest_trail_replaces_the_one_before(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    first = [visit("greet", confirmed=["recording"]), visit("track", None)]
    second = [
        *first[:1],
        visit("track", "choice", choice="Yes", checked=["Tracking checked"]),
        visit("claim", None),
    ]
    results = send(
        client,
        world.as_("rep"),
        op("interaction.script", {"interaction_id": str(interaction.id), "trail": first}),
        op("interaction.script", {"interaction_id": str(interaction.id), "trail": second}),
    )
    assert [r["status"] for r in results] == ["applied", "applied"], results
    stored = client.get(f"/api/v1/interactions/{interaction.id}", headers=world.as_("rep")).json()
    assert [(v["step"], v["choice"]) for v in stored["script_trail"]] == [
        ("greet", None),
        ("track", "Yes"),
        ("claim", None),
    ]
    assert stored["script_trail"][0]["confirmed"] == ["recording"]
    assert stored["script_trail"][1]["checked"] == ["Tracking checked"]


def test_a_trail_is_recorded_even_after_a_call_event_moved_the_version(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    interaction.muted = True  # what a PBX event does meanwhile
    db.commit()
    (result,) = send(
        client,
        world.as_("rep"),
        op(
            "interaction.script",
            {"interaction_id": str(interaction.id), "trail": [visit("a", None)]},
            1,
        ),
    )
    assert result["status"] == "applied", result
    assert result["record"]["version"] == 3


def test_junk_trails_and_strangers_are_refused(
    client: TestClient, world: World, db: Session
) -> None:
    mine = make_interaction(db, agent=world.rep)
    theirs = make_interaction(db, agent=world.other_rep)
    db.commit()
    junk: list[Any] = [
        [{"step": "greet"}],  # not a visit
        [visit("greet", None), visit("track", None)],  # open in the middle
        [visit("greet", None, extra="x")],  # unknown field
        [visit("Greet!", None)],  # not a step id
        [visit("greet", "next")] * 401,  # too long
    ]
    results = send(
        client,
        world.as_("rep"),
        *[op("interaction.script", {"interaction_id": str(mine.id), "trail": t}) for t in junk],
        op("interaction.script", {"interaction_id": str(theirs.id), "trail": []}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 6, results
    db.refresh(mine)
    assert mine.script_trail == []


def test_a_supervisor_of_the_team_may_record_but_another_rep_may_not(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep)
    queued = make_interaction(db, team_id=world.team.id)
    db.commit()
    payload = {"interaction_id": str(interaction.id), "trail": [visit("greet", None)]}
    (by_supervisor,) = send(client, world.as_("supervisor"), op("interaction.script", payload))
    (by_other,) = send(client, world.as_("other_rep"), op("interaction.script", payload))
    queued_payload = {"interaction_id": str(queued.id), "trail": [visit("greet", None)]}
    (unassigned,) = send(client, world.as_("rep"), op("interaction.script", queued_payload))
    assert by_supervisor["status"] == "applied", by_supervisor
    assert by_other["status"] == "rejected"
    assert unassigned["status"] == "rejected"


def test_category_and_tags_are_set_without_a_version_check(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = make_interaction(db, agent=world.rep, category="technical_issue")
    db.commit()
    target = str(interaction.id)
    results = send(
        client,
        world.as_("rep"),
        op("interaction.update", {"interaction_id": target, "category": "billing_error"}, 1),
        op("interaction.update", {"interaction_id": target, "tags": [" vip ", "refund", "vip"]}, 1),
    )
    assert [r["status"] for r in results] == ["applied"] * 2, results
    record = results[-1]["record"]
    assert record["category"] == "billing_error"
    assert record["tags"] == ["vip", "refund"]


def test_a_follow_up_on_an_interaction_is_a_follow_up_of_its_own(
    client: TestClient, world: World, db: Session
) -> None:
    """The interaction's old follow-up time is gone: follow-ups are records (followup.set)."""
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    target = str(interaction.id)
    old_way, new_way = send(
        client,
        world.as_("rep"),
        op("interaction.update", {"interaction_id": target, "follow_up_at": "2030-01-02T09:00Z"}),
        op(
            "followup.set",
            {
                "id": str(uuid.uuid4()),
                "subject_type": "interaction",
                "subject_id": target,
                "due_at": "2030-01-02T09:00:00+00:00",
            },
        ),
    )
    assert old_way["status"] == "rejected"
    assert new_way["status"] == "applied", new_way
    assert new_way["record"]["due_at"].startswith("2030-01-02T09:00:00")
    assert new_way["record"]["kind"] == "reminder"


def test_bad_annotations_are_rejected(client: TestClient, world: World, db: Session) -> None:
    interaction = make_interaction(db, agent=world.rep)
    db.commit()
    target = str(interaction.id)
    results = send(
        client,
        world.as_("rep"),
        op("interaction.update", {"interaction_id": target, "tags": None}),
        op("interaction.update", {"interaction_id": target, "tags": ["x" * 41]}),
        op("interaction.update", {"interaction_id": target, "status": "done"}),
        op("interaction.update", {"interaction_id": target, "category": ""}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 4, results
