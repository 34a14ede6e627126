"""The ``{customer.first_name}`` in a script's words, filled from the case on screen.

A script may only name the variables listed here (the checker refuses
others), so a trainer's typo shows when the file is checked, not on a call.
A variable the case does not have (no order yet) is shown as what it stands
for, in brackets, for the rep to fill in aloud, never as an empty gap.
"""

import re
from collections.abc import Mapping

VARIABLE = re.compile(r"\{([^{}]*)\}")

KNOWN: dict[str, str] = {
    "customer.first_name": "the customer's first name",
    "customer.name": "the customer's name",
    "customer.phone": "the customer's phone number",
    "customer.email": "the customer's email",
    "order.number": "the order number",
    "order.status": "the order's status",
    "order.total": "the order total",
    "shipment.carrier": "the carrier",
    "shipment.tracking": "the tracking number",
    "shipment.eta": "the expected delivery date",
    "shipment.last_event": "the parcel's last scan",
    "invoice.number": "the invoice number",
    "invoice.balance": "the amount still due",
    "invoice.due_on": "the invoice's due date",
    "agent.first_name": "your first name",
    "agent.name": "your name",
    "company.name": "our company name",
}
"""Every variable a script may use, and what it stands for (shown when it has no value)."""


def variables_in(text: str) -> list[str]:
    """The variable names ``text`` uses, in order, known or not."""
    return [match.group(1).strip() for match in VARIABLE.finditer(text)]


def render(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known variable replaced by its value, or by ``[what it stands for]``."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        value = values.get(name)
        if value:
            return value
        return f"[{KNOWN[name]}]" if name in KNOWN else match.group(0)

    return VARIABLE.sub(fill, text)
