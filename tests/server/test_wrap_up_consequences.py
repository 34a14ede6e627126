"""What a wrap-up code sets in motion: callbacks, do-not-contact, follow-up tickets, FCR."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, Direction, FollowUpKind, InteractionStatus
from desk_app.domain.wrapup import FOLLOW_UP_TICKET_DUE
from desk_app.server.audit.models import AuditEntry
from desk_app.server.core.db import utcnow
from desk_app.server.customers.models import CustomerPhone
from desk_app.server.followups.models import FollowUp
from desk_app.server.interactions.models import Interaction
from desk_app.server.tickets.models import Ticket
from tests.server.test_sync_ops import op, send
from tests.support.builders import World, make_customer, make_interaction, make_team

CARD = "4111 1111 1111 1111"


def wrap(interaction: Interaction, code: str, **more: Any) -> dict[str, Any]:
    return op(
        "interaction.wrap_up",
        {"interaction_id": str(interaction.id), "disposition": code, **more},
        interaction.version,
    )


def _call(db: Session, world: World, **fields: Any) -> Interaction:
    customer = make_customer(db, phone="+12025550143")
    fields.setdefault("from_address", "+12025550143")
    return make_interaction(db, agent=world.rep, customer_id=customer.id, **fields)


def _follow_ups(db: Session) -> list[FollowUp]:
    db.expire_all()
    return list(db.scalars(select(FollowUp).order_by(FollowUp.created_at)))


def test_a_callback_code_schedules_a_callback_to_the_caller(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world, category="technical_issue")
    db.commit()
    when = (utcnow() + timedelta(hours=3)).replace(microsecond=0)
    missing, past, (done) = send(
        client,
        world.as_("rep"),
        wrap(interaction, "callback_scheduled"),
        wrap(interaction, "no_answer", callback_at=(utcnow() - timedelta(minutes=1)).isoformat()),
        wrap(
            interaction,
            "callback_scheduled",
            wrap_notes=f"card {CARD}",
            callback_at=when.isoformat(),
        ),
    )
    assert missing["status"] == past["status"] == "rejected"
    assert missing["reason"] == "callback_at: a callback code needs the time to call back"
    assert past["reason"] == "callback_at: the time to call back must be in the future"
    assert done["status"] == "applied", done
    assert done["record"]["status"] == "done"
    assert done["record"]["first_contact_resolution"] is False
    [callback] = _follow_ups(db)
    assert (callback.kind, callback.phone, callback.owner_id) == (
        FollowUpKind.CALLBACK,
        "+12025550143",
        world.rep.id,
    )
    assert (callback.subject_type, callback.subject_id) == ("interaction", interaction.id)
    assert callback.customer_id == interaction.customer_id
    assert callback.due_at == when
    assert CARD not in callback.note
    (replayed,) = send(client, world.as_("rep"), {**wrap(interaction, "x"), "op_id": done["op_id"]})
    assert replayed["status"] == "duplicate"
    assert len(_follow_ups(db)) == 1


def test_a_callback_on_an_outbound_call_calls_the_number_dialled_and_patch_works_too(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world, direction=Direction.OUTBOUND, to_address="+442071838750")
    db.commit()
    response = client.patch(
        f"/api/v1/interactions/{interaction.id}",
        json={
            "version": interaction.version,
            "status": "done",
            "disposition": "voicemail_left",
            "callback_at": (utcnow() + timedelta(days=1)).isoformat(),
        },
        headers=world.as_("rep"),
    )
    assert response.status_code == 200, response.text
    [callback] = _follow_ups(db)
    assert callback.phone == "+442071838750"
    early = client.patch(
        f"/api/v1/interactions/{interaction.id}",
        json={"version": 9, "callback_at": utcnow().isoformat()},
        headers=world.as_("rep"),
    )
    assert early.status_code == 422


def test_do_not_contact_flags_the_number_audited_and_dialling_it_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world)
    db.commit()
    (done,) = send(client, world.as_("rep"), wrap(interaction, "do_not_contact"))
    assert done["status"] == "applied", done
    db.expire_all()
    [phone] = db.scalars(select(CustomerPhone)).all()
    assert phone.do_not_contact is True
    customer = client.get(
        f"/api/v1/customers/{interaction.customer_id}", headers=world.as_("rep")
    ).json()
    assert customer["phones"][0]["do_not_contact"] is True
    [entry] = db.scalars(select(AuditEntry).where(AuditEntry.action == "customer.do_not_contact"))
    assert entry.target_id == str(interaction.customer_id)
    refused = client.post(
        "/api/v1/calls/dial", json={"number": "(202) 555-0143"}, headers=world.as_("rep")
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "the customer asked not to be called on this number"


def test_an_unresolved_code_opens_a_ticket_for_the_rep_with_a_reminder(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world, category="shipping_delay", subject="Parcel late")
    db.commit()
    (done,) = send(client, world.as_("rep"), wrap(interaction, "claim_opened", wrap_notes="claim"))
    assert done["status"] == "applied", done
    db.expire_all()
    [ticket] = db.scalars(select(Ticket)).all()
    assert done["record"]["ticket_id"] == str(ticket.id)
    assert (ticket.owner_id, ticket.category, ticket.customer_id) == (
        world.rep.id,
        "shipping_delay",
        interaction.customer_id,
    )
    assert ticket.subject == "Parcel late"
    [reminder] = _follow_ups(db)
    assert (reminder.kind, reminder.subject_type, reminder.subject_id) == (
        FollowUpKind.REMINDER,
        "ticket",
        ticket.id,
    )
    assert reminder.due_at - utcnow() > FOLLOW_UP_TICKET_DUE - timedelta(minutes=5)


def test_an_escalated_code_leaves_the_ticket_in_the_departments_queue(
    client: TestClient, world: World, db: Session
) -> None:
    billing = make_team(db, "Billing desk")
    billing.department = "billing"
    interaction = _call(db, world, category="billing_error")
    db.commit()
    (done,) = send(client, world.as_("rep"), wrap(interaction, "escalated"))
    assert done["status"] == "applied", done
    db.expire_all()
    [ticket] = db.scalars(select(Ticket)).all()
    assert (ticket.owner_id, ticket.team_id, ticket.department) == (None, billing.id, "billing")


def test_a_contact_that_has_a_ticket_gets_no_second_one(
    client: TestClient, world: World, db: Session
) -> None:
    first = _call(db, world, category="technical_issue")
    db.commit()
    send(client, world.as_("rep"), wrap(first, "ticket_created"))
    db.expire_all()
    [ticket] = db.scalars(select(Ticket)).all()
    second = make_interaction(db, agent=world.rep, ticket_id=ticket.id)
    db.commit()
    (done,) = send(client, world.as_("rep"), wrap(second, "claim_opened"))
    assert done["status"] == "applied", done
    assert len(db.scalars(select(Ticket)).all()) == 1
    assert {f.subject_id for f in _follow_ups(db)} == {ticket.id}


def test_codes_outside_the_queue_and_missing_required_notes_are_refused(
    client: TestClient, world: World, db: Session
) -> None:
    chat = make_interaction(db, agent=world.rep, channel=Channel.CHAT)
    billing = make_interaction(db, agent=world.rep, skill="billing")
    db.commit()
    outside, unknown, bare, noted = send(
        client,
        world.as_("rep"),
        wrap(chat, "do_not_contact"),
        wrap(chat, "made_up"),
        wrap(billing, "refund_issued"),
        wrap(billing, "refund_issued", wrap_notes="refunded the fee"),
    )
    assert outside["reason"] == "disposition: do_not_contact is not a code of the chat queue"
    assert unknown["reason"] == "disposition: 'made_up' is not a disposition code"
    assert bare["reason"] == "wrap_notes: the billing queue requires notes"
    assert noted["status"] == "applied", noted


def test_first_contact_resolution_needs_a_resolving_code_and_no_recent_contact(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db)
    now = utcnow()

    def contact(days_ago: float, category: str = "order_status") -> Interaction:
        return make_interaction(
            db,
            agent=world.rep,
            customer_id=customer.id,
            category=category,
            queued_at=now - timedelta(days=days_ago),
        )

    old = contact(30)
    first = contact(3)
    repeat = contact(1)
    other_matter = contact(0.5, category="returns")
    unresolved = make_interaction(db, agent=world.rep, customer_id=customer.id)
    db.commit()
    results = send(
        client,
        world.as_("rep"),
        *(wrap(i, "info_provided") for i in (old, first, repeat, other_matter)),
        wrap(unresolved, "claim_opened"),
    )
    assert [r["status"] for r in results] == ["applied"] * 5, results
    assert [r["record"]["first_contact_resolution"] for r in results] == [
        True,
        True,
        False,
        True,
        False,
    ]


def test_a_second_wrap_up_of_a_done_interaction_sets_nothing_in_motion(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world)
    db.commit()
    when = (utcnow() + timedelta(hours=1)).isoformat()
    first, stale = send(
        client,
        world.as_("rep"),
        wrap(interaction, "callback_scheduled", callback_at=when),
        wrap(interaction, "callback_scheduled", callback_at=when),
    )
    assert first["status"] == "applied"
    assert stale["status"] == "conflict"
    assert len(_follow_ups(db)) == 1
    db.expire_all()
    assert db.get(Interaction, interaction.id).status is InteractionStatus.DONE  # type: ignore[union-attr]


def test_editing_the_customers_phones_keeps_the_flag_on_a_number_kept(
    client: TestClient, world: World, db: Session
) -> None:
    interaction = _call(db, world)
    db.commit()
    send(client, world.as_("rep"), wrap(interaction, "wrong_number"))
    url = f"/api/v1/customers/{interaction.customer_id}"
    version = client.get(url, headers=world.as_("rep")).json()["version"]
    edited = client.patch(
        url,
        json={"version": version, "phones": ["+1 202 555 0143", "+1 202 555 0199"]},
        headers=world.as_("rep"),
    )
    assert edited.status_code == 200, edited.text
    assert [(p["number"], p["do_not_contact"]) for p in edited.json()["phones"]] == [
        ("+12025550143", True),
        ("+12025550199", False),
    ]
