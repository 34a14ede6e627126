"""The 360° timeline shows a past interaction's script: its title, path and must-say lines."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.server.scripts.models import Script, ScriptRevision
from tests.server.test_interaction_script_ops import visit
from tests.support.builders import World, make_customer, make_interaction

DEFINITION: dict[str, Any] = {
    "steps": [
        {
            "id": "greet",
            "say": "Thank you for calling.",
            "must_say": [{"id": "recording", "text": "This call may be recorded."}],
            "next": "track",
        },
        {
            "id": "track",
            "say": "Is it late?",
            "question": "Is it late?",
            "choices": [{"label": "Yes", "next": "claim"}, {"label": "No", "next": "done"}],
        },
        {
            "id": "claim",
            "say": "I am opening a claim.",
            "must_say": [{"id": "claim_terms", "text": "A claim takes 5 working days."}],
            "next": "done",
        },
        {"id": "done", "say": "Anything else?", "end": True},
    ]
}


def test_the_timeline_entry_carries_the_script_followed(
    client: TestClient, world: World, db: Session
) -> None:
    db.add(
        Script(
            key="shipping_delay",
            title="Shipping delay",
            category="shipping_delay",
            revisions=[ScriptRevision(revision=1, definition=DEFINITION)],
        )
    )
    customer = make_customer(db)
    make_interaction(
        db,
        agent=world.rep,
        customer_id=customer.id,
        script_trail=[
            visit("greet", confirmed=["recording"]),
            visit("track", "choice", choice="Yes"),
            visit("claim"),
            visit("done", None),
        ],
    )
    make_interaction(db, agent=world.rep, customer_id=customer.id)
    db.commit()
    response = client.get(f"/api/v1/customers/{customer.id}/overview", headers=world.as_("rep"))
    assert response.status_code == 200, response.text
    followed = [entry["script"] for entry in response.json()["timeline"]]
    assert None in followed  # the contact with no trail
    (script,) = [entry for entry in followed if entry]
    assert script["titles"] == ["Shipping delay"]
    assert [(s["step"], s["choice"]) for s in script["path"]] == [
        ("greet", None),
        ("track", "Yes"),
        ("claim", None),
        ("done", None),
    ]
    assert script["lines"] == [
        {"id": "recording", "text": "This call may be recorded.", "confirmed": True},
        {"id": "claim_terms", "text": "A claim takes 5 working days.", "confirmed": False},
    ]
