"""Two small scripts that ask the same question, and the cached records the sidebar tests use."""

import copy
from typing import Any

from desk_app.client.store import LocalStore
from desk_app.domain.ids import new_id
from tests.gui import offer_records
from tests.gui.test_main_window import USER_ID, feed

VERIFY_STEP: dict[str, Any] = {
    "id": "verify",
    "say": "May I confirm the postcode on your account?",
    "checklist": ["Name matches", "Postcode matches"],
    "question": "Did the details match?",
    "choices": [{"label": "Yes", "next": "track"}, {"label": "No", "next": "not_verified"}],
}
DELAY: dict[str, Any] = {
    "suggest": [
        {
            "when": {"category": "shipping_delay", "shipment_delayed": True},
            "because": "The customer's parcel is late",
        }
    ],
    "de_escalation": {
        "say": "I understand how frustrating a late parcel is, and I will sort it out.",
        "tips": ["Slow down", "Name the feeling"],
    },
    "dispositions": ["resolved", "escalated"],
    "steps": [
        {
            "id": "greet",
            "say": "Thank you for calling {company.name}, {customer.first_name}. "
            "My name is {agent.first_name}.",
            "must_say": [
                {"id": "recording", "text": "This call may be recorded for quality and training."}
            ],
            "next": "verify",
        },
        VERIFY_STEP,
        {
            "id": "track",
            "say": "Your order {order.number} is with {shipment.carrier}.",
            "kb": ["delivery-times"],
            "question": "Is it past the expected date?",
            "choices": [{"label": "No", "next": "reassure"}, {"label": "Yes", "next": "claim"}],
        },
        {"id": "reassure", "say": "It is on its way.", "end": True, "dispositions": ["resolved"]},
        {
            "id": "claim",
            "say": "I am opening a claim with the carrier.",
            "must_say": [{"id": "claim_terms", "text": "A claim takes up to 5 working days."}],
            "next": "close",
        },
        {"id": "close", "say": "Is there anything else I can help you with?", "end": True},
        {"id": "not_verified", "say": "I cannot discuss the account.", "end": True},
    ],
}
COMPLAINT: dict[str, Any] = {
    "steps": [
        {
            "id": "listen",
            "say": "I am sorry to hear that. Please tell me what happened.",
            "must_say": [
                {"id": "recording", "text": "This call may be recorded for quality and training."}
            ],
            "next": "verify",
        },
        copy.deepcopy(VERIFY_STEP),
        {"id": "track", "say": "Let me look into it.", "end": True},
        {"id": "not_verified", "say": "I cannot discuss the account.", "end": True},
    ],
}


def script(key: str, title: str, category: str, definition: dict[str, Any]) -> dict[str, Any]:
    """A ``script`` record as the change feed brings it."""
    return {
        "id": str(new_id()),
        "key": key,
        "title": title,
        "category": category,
        "current_revision": 1,
        "definition": copy.deepcopy(definition),
        "version": 1,
    }


def scripts() -> list[dict[str, Any]]:
    return [
        script("shipping_delay", "Shipping delay", "shipping_delay", DELAY),
        script("complaint", "Complaint", "complaint", COMPLAINT),
    ]


def article() -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "slug": "delivery-times",
        "title": "Delivery times and carriers",
        "body": "Standard delivery takes 3 to 5 working days.",
        "tags": ["shipping"],
        "version": 1,
    }


def late_order(customer_id: str) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "number": "O-1000123",
        "customer_id": customer_id,
        "store_id": None,
        "status": "shipped",
        "placed_at": "2026-11-10T09:00:00+00:00",
        "currency": "USD",
        "total_cents": 4999,
        "lines": [],
        "shipments": [
            {
                "id": str(new_id()),
                "order_id": "x",
                "carrier": "UPS",
                "tracking_number": "1Z999",
                "status": "in_transit",
                "shipped_at": "2026-11-11T09:00:00+00:00",
                "delivered_at": None,
                "expected_on": "2026-11-14",
                "events": [],
                "version": 1,
            }
        ],
        "version": 1,
    }


def late_parcel_case(store: LocalStore, channel: str = "voice", **fields: Any) -> dict[str, Any]:
    """A late parcel's customer in contact with this rep, scripts and an article cached."""
    ada = offer_records.customer(name="Ada King", vip=False)
    mine = {
        "status": "active",
        "assigned_agent_id": str(USER_ID),
        "customer_id": ada["id"],
        "category": "shipping_delay",
        "answered_at": offer_records.at(5),
        "call_state": "connected" if channel == "voice" else None,
        "script_trail": [],
    }
    work = offer_records.interaction(channel, **{**mine, **fields})
    records = [("script", s) for s in scripts()]
    records += [("kb_article", article()), ("customer", ada)]
    records += [("order", late_order(ada["id"])), ("interaction", work)]
    feed(store, *records)
    return work
