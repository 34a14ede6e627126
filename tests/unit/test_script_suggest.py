"""Which script a case gets, the rule that chose it in words, and the case's context."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desk_app.domain.scripts.context import CaseContext, case_context
from desk_app.domain.scripts.definition import parse_script
from desk_app.domain.scripts.suggest import reason, suggest
from desk_app.server.seed.content import shipped_scripts

SHIPPED = [shipped.script for shipped in shipped_scripts()]
NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("context", "key", "why"),
    [
        (
            CaseContext(category="shipping_delay", shipment_delayed=True),
            "shipping_delay",
            "Suggested because the case's category is shipping delay",
        ),
        (
            CaseContext(category="order_status", shipment_delayed=True),
            "shipping_delay",
            "Suggested because the customer's parcel is late",
        ),
        (
            CaseContext(category="shipping_delay", shipment_delayed=True, repeat_contact=True),
            "complaint",
            "Suggested because the customer is calling again about a parcel that is still late",
        ),
        (
            CaseContext(category="shipping_delay"),
            "order_status",
            "Suggested because the customer asks about a parcel, "
            "but nothing on the account is late",
        ),
        (
            CaseContext(category="general_inquiry", channel="voice"),
            "identity_verification",
            "Suggested because a question about the account by phone starts with confirming "
            "who is calling",
        ),
        (
            CaseContext(category="general_inquiry", invoice_overdue=True),
            "billing_error",
            "Suggested because the customer has an overdue invoice",
        ),
        (
            CaseContext(category="technical_issue", vip=True, repeat_contact=True),
            "complaint",
            "Suggested because a VIP customer is calling again within a week about a fault",
        ),
        (
            CaseContext(category="technical_issue", vip=True),
            "technical_issue",
            "Suggested because the case's category is technical issue",
        ),
    ],
)
def test_the_most_specific_rule_of_the_shipped_scripts_wins(
    context: CaseContext, key: str, why: str
) -> None:
    suggestion = suggest(SHIPPED, context)
    assert suggestion is not None
    assert (suggestion.script.key, suggestion.reason) == (key, why)


def test_nothing_is_suggested_when_no_rule_holds() -> None:
    assert suggest(SHIPPED, CaseContext(category="general_inquiry", channel="chat")) is None
    assert suggest(SHIPPED, CaseContext()) is None


def _script(key: str, category: str, *rules: dict[str, Any]) -> Any:
    return parse_script(
        {
            "key": key,
            "title": key,
            "category": category,
            "suggest": list(rules),
            "steps": [{"id": "a", "say": "A", "end": True}],
        }
    )


def test_equals_go_by_order_and_a_script_always_fits_its_own_category() -> None:
    first = _script("first", "returns", {"when": {"vip": True}})
    second = _script("second", "billing_error", {"when": {"vip": True}})
    vip = CaseContext(category="returns", vip=True)
    assert suggest([first, second], vip).script.key == "first"  # type: ignore[union-attr]
    assert suggest([second, first], vip).script.key == "second"  # type: ignore[union-attr]
    baseline = suggest([second, first], CaseContext(category="returns"))
    assert baseline is not None
    assert baseline.script.key == "first"
    assert dict(baseline.rule.when) == {"category": "returns"}
    unknown = _script("odd", "returns", {"when": {"moon": "full"}})
    assert suggest([unknown], CaseContext(category="billing_error")) is None


def test_a_rule_without_because_reads_as_its_conditions() -> None:
    rule = _script(
        "k",
        "x",
        {"when": {"category": "technical_issue", "vip": True, "repeat_contact": True}},
    ).suggest[0]
    assert reason(rule) == (
        "Suggested because the case's category is technical issue, the customer is a VIP "
        "and the customer contacted us in the last 7 days"
    )
    vip = _script("k", "x", {"when": {"vip": True}, "because": "VIP customers come first."})
    assert reason(vip.suggest[0]) == "Suggested because VIP customers come first"
    walk_in = _script("k", "x", {"when": {"channel": "walk_in", "invoice_overdue": False}})
    assert reason(walk_in.suggest[0]) == (
        "Suggested because the customer is in the store and no invoice is overdue"
    )


def _shipment(status: str, expected: str | None, delivered: str | None = None) -> dict[str, Any]:
    return {"status": status, "expected_on": expected, "delivered_at": delivered}


def _invoice(status: str, due: str, amount: int, *paid: int) -> dict[str, Any]:
    return {
        "status": status,
        "due_on": due,
        "amount_cents": amount,
        "payments": [{"amount_cents": cents} for cents in paid],
    }


def test_context_is_read_from_the_cached_records() -> None:
    interaction = {"id": "i-1", "category": "shipping_delay", "channel": "voice"}
    orders = [
        {"shipments": [_shipment("delivered", "2025-01-02", "2025-01-09T10:00:00+00:00")]},
        {"shipments": [_shipment("in_transit", "2026-03-01")]},
    ]
    invoices = [
        _invoice("open", "2026-02-20", 5000, 2000),
        _invoice("paid", "2026-01-01", 900, 900),
    ]
    past = [
        {"id": "i-1", "created_at": NOW.isoformat()},
        {"kind": "interaction", "id": "i-0", "at": "2026-02-24T16:00:00"},  # naive: UTC
    ]
    context = case_context(interaction, {"vip": True}, orders, invoices, past, NOW)
    assert context == CaseContext(
        category="shipping_delay",
        channel="voice",
        vip=True,
        shipment_delayed=True,
        invoice_overdue=True,
        repeat_contact=True,
    )


def test_history_that_is_settled_or_old_makes_no_context() -> None:
    interaction = {"id": "i-1", "category": "returns", "channel": "chat"}
    orders = [
        {"shipments": [_shipment("delivered", "2025-01-02", "2025-01-09T10:00:00+00:00")]},
        {"shipments": [_shipment("in_transit", "2026-03-04"), _shipment("returned", "2026-01-01")]},
        {"shipments": []},
    ]
    invoices = [_invoice("open", "2026-03-10", 5000), _invoice("void", "2026-01-01", 900)]
    past = [
        {"id": "i-1", "created_at": (NOW - timedelta(hours=1)).isoformat()},
        {"kind": "ticket", "id": "t-1", "at": (NOW - timedelta(days=1)).isoformat()},
        {"id": "i-0", "created_at": (NOW - timedelta(days=8)).isoformat()},
    ]
    context = case_context(interaction, None, orders, invoices, past, NOW)
    assert context == CaseContext(category="returns", channel="chat")


def test_a_lost_parcel_is_late_whatever_its_date() -> None:
    orders = [{"shipments": [_shipment("lost", None)]}]
    context = case_context({"id": "i"}, {"vip": False}, orders, [], [], NOW)
    assert context.shipment_delayed
    assert context.category is None
