"""The shipped scripts as a rep walks them: the path for given answers, and their compliance."""

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from desk_app.domain.scripts.definition import Script
from desk_app.domain.scripts.engine import ScriptRun
from desk_app.domain.scripts.variables import variables_in
from desk_app.server.seed.content import shipped_scripts
from desk_app.server.seed.work import OUTCOMES

SCRIPTS = {shipped.script.key: shipped.script for shipped in shipped_scripts()}
VALUES = {
    "customer.first_name": "Ada",
    "order.number": "O-1000123",
    "shipment.carrier": "DHL",
    "shipment.tracking": "DH000123456789DE",
    "shipment.eta": "3 March",
    "shipment.last_event": "Arrived at the Leipzig hub",
}


def _walk(script: Script, answers: Iterable[str]) -> ScriptRun:
    """Run ``script`` answering each question with the choice labelled as given."""
    run = ScriptRun.start(script, VALUES, lambda: datetime(2026, 3, 2, 10, tzinfo=UTC))
    pending = list(answers)
    while not run.finished:
        step = run.current
        if step.choices:
            labels = [choice.label for choice in step.choices]
            run.choose(labels.index(pending.pop(0)))
        else:
            run.advance()
    assert pending == [], "answers left over"
    return run


@pytest.mark.parametrize(
    ("key", "answers", "route", "dispositions"),
    [
        (
            "technical_issue",
            [
                "Yes, verified",
                "Switched on, but no internet",
                "Internet light red or off",
                "No",
                "No, still failing",
                "Yes, go ahead",
                "No",
                "Replace the unit (under warranty)",
            ],
            "greet verify symptom lights cables restart reset_offer factory_reset escalate "
            "replacement",
            ("replacement_sent",),
        ),
        (
            "technical_issue",
            ["Yes, verified", "No power, it will not switch on", "Yes"],
            "greet verify symptom power fixed",
            ("resolved",),
        ),
        (
            "shipping_delay",
            ["Yes, verified", "No movement for 5 working days or more"],
            "greet verify locate stalled claim",
            ("claim_opened",),
        ),
        (
            "shipping_delay",
            ["Yes, verified", "Past the expected date, still moving", "Cancel and get a refund"],
            "greet verify locate late_moving refund",
            ("refund_issued",),
        ),
        (
            "billing_error",
            [
                "Yes, verified",
                "Charged twice for one order",
                "One payment and one pending authorisation",
            ],
            "greet verify which_charge duplicate pending_hold",
            ("info_provided",),
        ),
        (
            "billing_error",
            [
                "Yes, verified",
                "The customer doesn't recognise the charge",
                "No match on the account",
            ],
            "greet verify which_charge disputed investigate",
            ("escalated",),
        ),
        (
            "returns",
            [
                "In store, the item is here",
                "Yes, purchase found",
                "Within 30 days",
                "As sold, complete",
                "A refund",
            ],
            "greet receipt window condition refund_or_exchange refund",
            ("refund_issued",),
        ),
        (
            "returns",
            ["In store, the item is here", "No proof of purchase", "Store credit"],
            "greet receipt no_receipt store_credit",
            ("refund_issued",),
        ),
        (
            "complaint",
            ["A billing problem", "Still very upset", "A goodwill gesture"],
            "greet listen acknowledge apologise own plan_billing agree calm goodwill",
            ("goodwill_offered",),
        ),
        (
            "order_status",
            ["Yes, verified", "Shipped, on its way"],
            "greet verify find_order in_transit done",
            ("info_provided", "resolved"),
        ),
        (
            "identity_verification",
            ["No, someone else is calling", "Yes, authorised", "One detail does not match", "No"],
            "greet purpose third_party second_factor retry failed",
            ("verification_failed",),
        ),
    ],
)
def test_the_path_through_a_shipped_script_for_given_answers(
    key: str, answers: list[str], route: str, dispositions: tuple[str, ...]
) -> None:
    run = _walk(SCRIPTS[key], answers)
    assert run.route == route.split()
    assert run.suggested_dispositions() == dispositions
    assert [visit["step"] for visit in run.to_trail()] == route.split()


def test_an_unconfirmed_must_say_line_is_left_for_wrap_up_to_warn_about() -> None:
    run = ScriptRun.start(
        SCRIPTS["billing_error"], VALUES, lambda: datetime(2026, 3, 2, 10, tzinfo=UTC)
    )
    run.confirm("recording")
    run.advance()
    run.confirm("security_check")
    assert [line.id for line in run.unconfirmed()] == ["no_full_card"]


def test_the_words_a_rep_reads_have_the_case_filled_in() -> None:
    run = _walk(
        SCRIPTS["shipping_delay"], ["Yes, verified", "No movement for 5 working days or more"]
    )
    locate = next(v for v in run.to_trail() if v["step"] == "locate")
    assert "order O-1000123, sent with DHL under tracking number DH000123456789DE" in locate["said"]


@pytest.mark.parametrize("key", sorted(SCRIPTS))
def test_every_script_is_compliant_where_a_call_center_must_be(key: str) -> None:
    script = SCRIPTS[key]
    phone = key != "returns"  # the store terminal has no recording to announce
    if phone:
        assert "recording" in {line.id for line in script.start.must_say}
    # no step shows order, shipment or invoice details before the caller's identity is checked
    unchecked, frontier = set(), [script.start.id]
    while frontier:
        step = script.step(frontier.pop())
        if step.id in unchecked:
            continue
        unchecked.add(step.id)
        account = [
            v for v in variables_in(step.say) if v.split(".")[0] in ("order", "shipment", "invoice")
        ]
        assert not account, f"{key}: {step.id} reads {account} before identity verification"
        if "security_check" not in {line.id for line in step.must_say}:
            frontier += step.targets()
    # every refund or credit comes with its disclosure
    for step in script.steps:
        if "refund_issued" in step.dispositions:
            assert step.must_say, f"{key}: {step.id} issues a refund with no disclosure"
    assert script.de_escalation is not None
    assert script.de_escalation.tips


def test_scripts_serve_the_seeded_categories_with_their_dispositions() -> None:
    for script in SCRIPTS.values():
        codes = set(OUTCOMES[script.category][1])
        ended = {code for step in script.steps for code in step.dispositions}
        assert set(script.dispositions) | ended <= codes, script.key
    assert set(OUTCOMES) - {script.category for script in SCRIPTS.values()} == {"general_inquiry"}
