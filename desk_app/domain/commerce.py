"""Rules about orders, shipments and invoices that a rep reads off the 360° view.

Plain functions of the facts and of ``today``: the server flags rows with
them, and a test can pin each rule down without a database or a clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from desk_app.domain.enums import InvoiceStatus, OrderAction, ShipmentStatus

NOTE_MAX = 2000
"""Longest note an order action may carry."""

_TROUBLE = frozenset({ShipmentStatus.DELAYED, ShipmentStatus.LOST})


def shipment_delayed(
    *,
    status: ShipmentStatus,
    expected_on: date | None,
    delivered_at: datetime | None,
    today: date,
) -> bool:
    """True when the customer got, or will get, the parcel later than promised.

    The carrier's own DELAYED or LOST always counts. Otherwise a parcel is
    late when it arrived after its expected day, or has not arrived and that
    day has passed. A returned parcel is settled, not late; with no expected
    day there is no promise to break.
    """
    if status in _TROUBLE:
        return True
    if expected_on is None or status is ShipmentStatus.RETURNED:
        return False
    if delivered_at is not None:
        return delivered_at.date() > expected_on
    if status is ShipmentStatus.DELIVERED:
        return False  # delivered, day unknown: nothing says it was late
    return expected_on < today


@dataclass(frozen=True)
class InvoiceStanding:
    paid_cents: int
    balance_cents: int
    overdue: bool


def invoice_standing(
    *,
    amount_cents: int,
    payments_cents: Iterable[int],
    status: InvoiceStatus,
    due_on: date,
    today: date,
) -> InvoiceStanding:
    """What was paid, what is still owed and whether it is overdue.

    A void invoice is owed nothing, so it is never overdue; an overpaid one
    owes nothing either (the excess is a credit for the back office, not a
    negative debt on the rep's screen).
    """
    paid = sum(payments_cents)
    balance = 0 if status is InvoiceStatus.VOID else max(amount_cents - paid, 0)
    return InvoiceStanding(
        paid_cents=paid, balance_cents=balance, overdue=balance > 0 and due_on < today
    )


def order_action_problem(
    *, action: OrderAction, amount_cents: int | None, order_total_cents: int
) -> str | None:
    """Why an order action's amount is wrong, or None when it is right.

    Only a refund request names money: more than nothing, at most what the
    order cost. Any other action carrying an amount is a mistake, not a refund.
    """
    if action is not OrderAction.REFUND_REQUEST:
        if amount_cents is not None:
            return f"amount_cents: only a refund request names an amount, not {action.value}"
        return None
    if amount_cents is None:
        return "amount_cents: a refund request needs the amount to refund"
    if amount_cents <= 0:
        return "amount_cents: a refund must be more than 0"
    if amount_cents > order_total_cents:
        return f"amount_cents: {amount_cents} is more than the order's total of {order_total_cents}"
    return None
