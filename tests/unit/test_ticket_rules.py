"""Ticket rules: the life cycle, checklists before resolving, hand-off notes, time to breach."""

from datetime import UTC, datetime, timedelta

import pytest

from desk_app.domain.enums import Department, TicketStatus
from desk_app.domain.tickets import (
    ACTIVE,
    CHECKLIST_TEMPLATES,
    MAX_TIER,
    TRANSITIONS,
    HandOff,
    TicketRuleError,
    check_department,
    check_escalation,
    check_move,
    checklist_for,
    department_for,
    departments,
    open_items,
    tick,
    time_to_breach,
)

S = TicketStatus


def test_every_status_has_its_moves_and_a_closed_ticket_is_final() -> None:
    assert set(TRANSITIONS) == set(TicketStatus)
    assert TRANSITIONS[S.CLOSED] == frozenset()
    for status in ACTIVE:
        assert S.RESOLVED in TRANSITIONS[status]
    assert S.OPEN in TRANSITIONS[S.RESOLVED]  # reopened


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.NEW, S.OPEN),
        (S.OPEN, S.PENDING_CUSTOMER),
        (S.PENDING_CUSTOMER, S.OPEN),
        (S.PENDING_INTERNAL, S.PENDING_CUSTOMER),
        (S.OPEN, S.RESOLVED),
        (S.RESOLVED, S.CLOSED),
        (S.RESOLVED, S.OPEN),
        (S.OPEN, S.OPEN),  # no move is always fine
    ],
)
def test_allowed_moves_pass(current: TicketStatus, target: TicketStatus) -> None:
    check_move(current, target)


@pytest.mark.parametrize(
    ("current", "target", "words"),
    [
        (S.CLOSED, S.OPEN, "a ticket cannot go from closed to open"),
        (S.OPEN, S.NEW, "a ticket cannot go from open to new"),
        (S.NEW, S.CLOSED, "from new to closed"),
        (S.PENDING_CUSTOMER, S.CLOSED, "from pending customer to closed"),
    ],
)
def test_refused_moves_say_why_in_words(
    current: TicketStatus, target: TicketStatus, words: str
) -> None:
    with pytest.raises(TicketRuleError, match=words):
        check_move(current, target)


def test_a_ticket_with_open_checklist_items_cannot_be_resolved() -> None:
    checklist = checklist_for("billing_error")
    assert [item["done"] for item in checklist] == [False, False, False]
    checklist = tick(tick(checklist, 0, True), 1, True)
    with pytest.raises(TicketRuleError, match="1 checklist item") as refused:
        check_move(S.OPEN, S.RESOLVED, checklist)
    assert "Customer told when the money arrives" in str(refused.value)
    check_move(S.OPEN, S.RESOLVED, tick(checklist, 2, True))
    check_move(S.OPEN, S.PENDING_INTERNAL, checklist)  # only resolving needs it complete


def test_checklists_come_from_the_category_template_and_ticking_copies() -> None:
    assert checklist_for("no_such_category") == []
    assert checklist_for(None) == []
    template = CHECKLIST_TEMPLATES["returns"]
    fresh = checklist_for("returns")
    assert [item["text"] for item in fresh] == list(template)
    ticked = tick(fresh, 1, True)
    assert open_items(ticked) == [template[0]]
    assert open_items(fresh) == list(template)  # the original is untouched
    with pytest.raises(TicketRuleError, match="no item 3"):
        tick(fresh, 2, True)
    with pytest.raises(TicketRuleError):
        tick(fresh, -1, True)


def test_a_hand_off_needs_all_three_parts_and_masks_card_numbers() -> None:
    with pytest.raises(TicketRuleError) as refused:
        HandOff.of("Reset the router", "  ", "")
    assert str(refused.value) == (
        "the hand-off note needs what the customer was told, what is expected next"
    )
    note = HandOff.of(
        " Refund on card 4111 1111 1111 1111 refused ",
        "Billing calls back tomorrow",
        "Approve the refund",
    )
    assert note.tried == "Refund on card •••• 1111 refused"
    assert note.text() == (
        "Tried: Refund on card •••• 1111 refused\n"
        "Customer told: Billing calls back tomorrow\n"
        "Expected: Approve the refund"
    )
    with pytest.raises(TicketRuleError, match="under 4000"):
        HandOff.of("x" * 4001, "told", "expected")


def test_an_escalation_goes_to_another_department_or_a_higher_tier() -> None:
    here = {"department": Department.BILLING, "tier": 1, "status": S.OPEN}
    check_escalation(**here, to_department=Department.LOGISTICS, to_tier=None)
    check_escalation(**here, to_department=None, to_tier=2)
    check_escalation(**here, to_department=Department.BILLING, to_tier=MAX_TIER)
    with pytest.raises(TicketRuleError, match="another department or to a higher tier"):
        check_escalation(**here, to_department=Department.BILLING, to_tier=None)
    with pytest.raises(TicketRuleError, match="tier above 1"):
        check_escalation(**here, to_department=None, to_tier=1)
    with pytest.raises(TicketRuleError, match="up to 3"):
        check_escalation(**here, to_department=None, to_tier=MAX_TIER + 1)
    with pytest.raises(TicketRuleError, match="the ticket is resolved: reopen it"):
        check_escalation(
            department=Department.BILLING,
            tier=1,
            status=S.RESOLVED,
            to_department=Department.LOGISTICS,
            to_tier=None,
        )


def test_follow_up_tickets_go_to_the_department_of_their_category() -> None:
    assert department_for("billing_error") is Department.BILLING
    assert department_for("shipping_delay") is Department.LOGISTICS
    assert department_for(None) is Department.TECHNICAL_SUPPORT


def test_time_to_breach_runs_down_and_stands_still_while_paused() -> None:
    now = datetime(2026, 11, 25, 10, tzinfo=UTC)
    due = now + timedelta(hours=2)
    assert time_to_breach(None, now) is None
    assert time_to_breach(due, now) == timedelta(hours=2)
    assert time_to_breach(due, now + timedelta(hours=3)) == timedelta(hours=-1)
    paused = now + timedelta(minutes=30)
    later = now + timedelta(hours=5)
    assert time_to_breach(due, later, paused) == timedelta(minutes=90)


def test_configured_departments_follow_the_built_in_ones_and_others_are_refused() -> None:
    known = departments(["quality", "billing", "quality"])
    assert known == ("technical_support", "logistics", "billing", "marketing", "quality")
    check_department("quality", known)
    with pytest.raises(TicketRuleError, match="there is no 'legal' department; there are: "):
        check_department("legal", known)
