"""The 360° view's flags: late shipments, invoice balance and overdue, order-action amounts."""

from datetime import UTC, date, datetime

import pytest

from desk_app.domain.commerce import (
    InvoiceStanding,
    invoice_standing,
    order_action_problem,
    shipment_delayed,
)
from desk_app.domain.enums import InvoiceStatus, OrderAction, ShipmentStatus

TODAY = date(2026, 11, 26)
S = ShipmentStatus


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "expected_on", "delivered_at", "delayed"),
    [
        (S.IN_TRANSIT, date(2026, 11, 25), None, True),  # promised yesterday, still travelling
        (S.IN_TRANSIT, TODAY, None, False),  # due today: not late yet
        (S.OUT_FOR_DELIVERY, date(2026, 11, 30), None, False),
        (S.LABEL_CREATED, None, None, False),  # no promise, nothing to break
        (S.DELIVERED, date(2026, 11, 20), at(22), True),  # arrived after its day
        (S.DELIVERED, date(2026, 11, 20), at(20), False),  # arrived on its day
        (S.DELIVERED, date(2026, 11, 20), None, False),  # delivered, day unknown
        (S.DELAYED, date(2026, 12, 20), None, True),  # the carrier says so
        (S.LOST, None, None, True),
        (S.RETURNED, date(2026, 11, 1), None, False),  # back with the sender: settled
    ],
)
def test_shipment_delayed(
    status: ShipmentStatus, expected_on: date | None, delivered_at: datetime | None, delayed: bool
) -> None:
    assert (
        shipment_delayed(
            status=status, expected_on=expected_on, delivered_at=delivered_at, today=TODAY
        )
        is delayed
    )


def standing(amount: int, paid: list[int], status: InvoiceStatus, due_on: date) -> InvoiceStanding:
    return invoice_standing(
        amount_cents=amount, payments_cents=paid, status=status, due_on=due_on, today=TODAY
    )


def test_unpaid_balance_past_its_due_day_is_overdue() -> None:
    result = standing(10_000, [2_500, 1_500], InvoiceStatus.OPEN, date(2026, 11, 25))
    assert (result.paid_cents, result.balance_cents, result.overdue) == (4_000, 6_000, True)


def test_balance_due_today_or_later_is_not_overdue() -> None:
    assert standing(10_000, [], InvoiceStatus.OPEN, TODAY).overdue is False
    assert standing(10_000, [], InvoiceStatus.OPEN, date(2026, 12, 1)).overdue is False


def test_a_paid_invoice_past_its_day_owes_nothing() -> None:
    result = standing(10_000, [10_000], InvoiceStatus.PAID, date(2026, 1, 1))
    assert (result.balance_cents, result.overdue) == (0, False)


def test_a_void_invoice_is_never_owed_nor_overdue() -> None:
    result = standing(10_000, [], InvoiceStatus.VOID, date(2026, 1, 1))
    assert (result.paid_cents, result.balance_cents, result.overdue) == (0, 0, False)


def test_an_overpaid_invoice_owes_nothing_rather_than_a_negative_amount() -> None:
    result = standing(10_000, [12_000], InvoiceStatus.PAID, date(2026, 1, 1))
    assert (result.paid_cents, result.balance_cents, result.overdue) == (12_000, 0, False)


@pytest.mark.parametrize(
    ("action", "amount", "fragment"),
    [
        (OrderAction.REFUND_REQUEST, None, "needs the amount"),
        (OrderAction.REFUND_REQUEST, 0, "more than 0"),
        (OrderAction.REFUND_REQUEST, -5, "more than 0"),
        (OrderAction.REFUND_REQUEST, 2_501, "more than the order's total of 2500"),
        (OrderAction.START_RETURN, 100, "only a refund request names an amount"),
        (OrderAction.FLAG_DELAY, 0, "only a refund request names an amount"),
    ],
)
def test_order_action_amount_mistakes_say_why(
    action: OrderAction, amount: int | None, fragment: str
) -> None:
    problem = order_action_problem(action=action, amount_cents=amount, order_total_cents=2_500)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize(
    ("action", "amount"),
    [
        (OrderAction.REFUND_REQUEST, 1),
        (OrderAction.REFUND_REQUEST, 2_500),
        (OrderAction.RESEND_CONFIRMATION, None),
        (OrderAction.START_RETURN, None),
    ],
)
def test_right_order_action_amounts_pass(action: OrderAction, amount: int | None) -> None:
    assert order_action_problem(action=action, amount_cents=amount, order_total_cents=2_500) is None
