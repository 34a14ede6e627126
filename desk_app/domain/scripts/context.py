"""What the desk knows about a case that decides which script fits it.

:func:`case_context` is a pure function of the records the desk already
caches for the 360° view (the interaction, the customer, their orders with
shipments, invoices with payments, their past interactions) and of ``now``,
so the sidebar suggests a script offline, and a test pins each fact down.
Lateness and overdue are the same rules the 360° view shows
(:mod:`desk_app.domain.commerce`), computed afresh rather than read from a
cached flag that may be days old.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desk_app.domain.commerce import invoice_standing, shipment_delayed
from desk_app.domain.enums import InvoiceStatus, ShipmentStatus

REPEAT_WINDOW = timedelta(days=7)
"""Another contact from the customer within this long before makes this one a repeat."""
_SETTLED = frozenset({ShipmentStatus.DELIVERED, ShipmentStatus.RETURNED})


@dataclass(frozen=True)
class CaseContext:
    """The facts suggestion rules test (see :data:`desk_app.domain.scripts.suggest.CONDITIONS`)."""

    category: str | None = None
    channel: str | None = None
    vip: bool = False
    shipment_delayed: bool = False
    invoice_overdue: bool = False
    repeat_contact: bool = False


def case_context(
    interaction: Mapping[str, Any],
    customer: Mapping[str, Any] | None,
    orders: Iterable[Mapping[str, Any]],
    invoices: Iterable[Mapping[str, Any]],
    past_interactions: Iterable[Mapping[str, Any]],
    now: datetime,
) -> CaseContext:
    """The context of ``interaction`` (its customer may be unknown yet: ``None``) at aware ``now``.

    Records are the API's JSON: orders with their ``shipments``, invoices with
    their ``payments``. Past interactions may be interaction records
    (``created_at``) or 360° timeline entries (``at``; tickets are skipped);
    the interaction itself among them does not count as a repeat.
    """
    today = now.date()
    return CaseContext(
        category=interaction.get("category") or None,
        channel=interaction.get("channel") or None,
        vip=bool(customer and customer.get("vip")),
        shipment_delayed=any(
            _late(shipment, today) for order in orders for shipment in order.get("shipments") or ()
        ),
        invoice_overdue=any(_overdue(invoice, today) for invoice in invoices),
        repeat_contact=_repeat(interaction, past_interactions, now),
    )


def _late(shipment: Mapping[str, Any], today: date) -> bool:
    """A parcel still to arrive that is late; one delivered, however late, is history."""
    status = ShipmentStatus(shipment["status"])
    if shipment.get("delivered_at") or status in _SETTLED:
        return False
    expected = shipment.get("expected_on")
    return shipment_delayed(
        status=status,
        expected_on=date.fromisoformat(expected) if expected else None,
        delivered_at=None,
        today=today,
    )


def _overdue(invoice: Mapping[str, Any], today: date) -> bool:
    return invoice_standing(
        amount_cents=int(invoice["amount_cents"]),
        payments_cents=[int(p["amount_cents"]) for p in invoice.get("payments") or ()],
        status=InvoiceStatus(invoice["status"]),
        due_on=date.fromisoformat(invoice["due_on"]),
        today=today,
    ).overdue


def _repeat(
    interaction: Mapping[str, Any], past: Iterable[Mapping[str, Any]], now: datetime
) -> bool:
    since = now - REPEAT_WINDOW
    for record in past:
        if record.get("kind", "interaction") != "interaction":
            continue
        if str(record.get("id")) == str(interaction.get("id")):
            continue
        at = record.get("at") or record.get("created_at")
        if not at:
            continue
        moment = datetime.fromisoformat(at)
        if since <= (moment if moment.tzinfo else moment.replace(tzinfo=UTC)) <= now:
            return True
    return False
