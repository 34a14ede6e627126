"""The case on screen, read from the desk's cache: the script's words and which script fits.

Everything comes from the local store, so a script is suggested and its
``{customer.first_name}`` filled in offline. The customer's orders and
invoices are found by scanning the cached ones: a desk caches the
customers of its own work, a few thousand records, read once per
interaction opened.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desk_app.client.session import Profile
from desk_app.client.store import LocalStore
from desk_app.domain.commerce import invoice_standing
from desk_app.domain.enums import InvoiceStatus
from desk_app.domain.scripts.context import CaseContext, case_context
from desk_app.domain.scripts.definition import Script
from desk_app.domain.scripts.suggest import suggest


@dataclass(frozen=True)
class Case:
    """What the sidebar needs of one interaction: its script values and its context."""

    values: dict[str, str]
    context: CaseContext


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value in (None, "") else uuid.UUID(str(value))
    except ValueError:
        return None


def _money(cents: int, currency: str) -> str:
    return f"{currency} {cents / 100:,.2f}".strip()


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d %b %Y")
    except ValueError:
        return ""


def _newest(records: Sequence[Mapping[str, Any]], field: str) -> Mapping[str, Any] | None:
    return max(records, key=lambda record: str(record.get(field) or ""), default=None)


def case_values(
    customer: Mapping[str, Any] | None,
    orders: Sequence[Mapping[str, Any]],
    invoices: Sequence[Mapping[str, Any]],
    profile: Profile,
    today: date,
) -> dict[str, str]:
    """The script variables this case has: the newest order and its parcel, the invoice owed.

    A variable with no value is left out; the script shows what it stands
    for instead (``variables.render``).
    """
    agent_name = profile.display_name
    values: dict[str, str] = {
        "agent.name": agent_name,
        "agent.first_name": agent_name.split()[0] if agent_name.split() else "",
        "company.name": profile.company_name,
    }
    if customer:
        name = str(customer.get("name") or "")
        phones = customer.get("phones") or []
        emails = customer.get("emails") or []
        values["customer.name"] = name
        values["customer.first_name"] = name.split()[0] if name.split() else ""
        if phones:
            first = phones[0]
            values["customer.phone"] = str(
                first.get("number") if isinstance(first, dict) else first
            )
        if emails:
            values["customer.email"] = str(emails[0])
    order = _newest(orders, "placed_at")
    if order is not None:
        values["order.number"] = str(order.get("number") or "")
        values["order.status"] = str(order.get("status") or "").replace("_", " ")
        values["order.total"] = _money(
            int(order.get("total_cents") or 0), order.get("currency", "")
        )
        shipment = _newest(order.get("shipments") or [], "shipped_at")
        if shipment is not None:
            values["shipment.carrier"] = str(shipment.get("carrier") or "")
            values["shipment.tracking"] = str(shipment.get("tracking_number") or "")
            values["shipment.eta"] = _day(shipment.get("expected_on"))
            event = _newest(shipment.get("events") or [], "at")
            if event is not None:
                values["shipment.last_event"] = str(event.get("description") or "")
    owed = [invoice for invoice in invoices if _balance(invoice, today) > 0]
    invoice = _newest(owed or list(invoices), "due_on")
    if invoice is not None:
        values["invoice.number"] = str(invoice.get("number") or "")
        values["invoice.balance"] = _money(_balance(invoice, today), invoice.get("currency", ""))
        values["invoice.due_on"] = _day(invoice.get("due_on"))
    return {name: value for name, value in values.items() if value}


def _balance(invoice: Mapping[str, Any], today: date) -> int:
    return invoice_standing(
        amount_cents=int(invoice.get("amount_cents") or 0),
        payments_cents=[int(p.get("amount_cents") or 0) for p in invoice.get("payments") or ()],
        status=InvoiceStatus(invoice.get("status") or InvoiceStatus.OPEN),
        due_on=date.fromisoformat(str(invoice.get("due_on") or today.isoformat())[:10]),
        today=today,
    ).balance_cents


def read_case(
    store: LocalStore, interaction: Mapping[str, Any], profile: Profile, now: datetime
) -> Case:
    """The case of ``interaction`` as the cache has it now."""
    customer_id = _uuid(interaction.get("customer_id"))
    customer = store.record("customer", customer_id) if customer_id else None
    mine = str(customer_id)
    orders = [o for o in store.records("order") if str(o.get("customer_id")) == mine]
    invoices = [i for i in store.records("invoice") if str(i.get("customer_id")) == mine]
    past = (
        [i for i in store.records("interaction") if str(i.get("customer_id")) == mine]
        if customer_id
        else []
    )
    return Case(
        values=case_values(customer, orders, invoices, profile, now.date()),
        context=case_context(interaction, customer, orders, invoices, past, now),
    )


def route(scripts: Sequence[Script], case: Case) -> tuple[Script, str] | None:
    """The script that fits the case and the words that say why; ``None`` if none does."""
    found = suggest(scripts, case.context)
    return None if found is None else (found.script, found.reason)
