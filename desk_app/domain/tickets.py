"""Ticket rules both the server and the desk apply: life cycle, checklists, hand-offs, SLA.

The desk checks a move before it queues it (the rep hears why at once, even
offline); the server checks it again when the op arrives, so a desk with old
code cannot break the rules. Nothing here knows about storage: a checklist
is the list of ``{"text": str, "done": bool}`` dicts the ticket record holds.

Life cycle::

    new ──► open ◄──► pending_customer / pending_internal
     │        │                 │
     └────────┴────► resolved ◄─┘ ──► closed
                        │
                        └──► open (reopened)

A ticket cannot be resolved (nor closed) while an item of its checklist is
open. While it is ``pending_customer`` its SLA clocks stand still; the pause
is logged in its history and the due times move on by the business time it
stood still when it leaves that status.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from desk_app.domain.enums import Department, TicketStatus
from desk_app.domain.pan import mask_pans

S = TicketStatus
TRANSITIONS: Mapping[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.OPEN, S.PENDING_CUSTOMER, S.PENDING_INTERNAL, S.RESOLVED}),
    S.OPEN: frozenset({S.PENDING_CUSTOMER, S.PENDING_INTERNAL, S.RESOLVED}),
    S.PENDING_CUSTOMER: frozenset({S.OPEN, S.PENDING_INTERNAL, S.RESOLVED}),
    S.PENDING_INTERNAL: frozenset({S.OPEN, S.PENDING_CUSTOMER, S.RESOLVED}),
    S.RESOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
}
"""Where a ticket may go from each status; a closed ticket is final (a new one is opened)."""

ACTIVE: frozenset[TicketStatus] = frozenset({S.NEW, S.OPEN, S.PENDING_CUSTOMER, S.PENDING_INTERNAL})
"""Statuses of a ticket someone still has to work on."""

PAUSING: frozenset[TicketStatus] = frozenset({S.PENDING_CUSTOMER})
"""Statuses in which the ticket's SLA clocks stand still."""

MAX_TIER = 3
"""Tier 1 takes the contact; tiers 2 and 3 are specialists a ticket can be escalated to."""

MAX_NOTE = 4000
"""Longest part of a hand-off note, in characters."""


class TicketRuleError(ValueError):
    """A change the ticket's rules refuse; the message is for the rep, as is."""


def check_move(
    current: TicketStatus, target: TicketStatus, checklist: Sequence[Mapping[str, Any]] = ()
) -> None:
    """Refuse a status change the life cycle does not allow, or a resolve with open items."""
    if target == current:
        return
    if target not in TRANSITIONS[current]:
        raise TicketRuleError(f"a ticket cannot go from {_words(current)} to {_words(target)}")
    if target in (S.RESOLVED, S.CLOSED):
        remaining = open_items(checklist)
        if remaining:
            raise TicketRuleError(
                f"{len(remaining)} checklist item(s) still open: " + "; ".join(remaining)
            )


def _words(status: TicketStatus) -> str:
    return status.value.replace("_", " ")


# --- checklists -----------------------------------------------------------------------

CHECKLIST_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "technical_issue": (
        "Device model and software version recorded",
        "Troubleshooting steps tried are listed",
        "Customer confirmed the fix works",
    ),
    "shipping_delay": (
        "Carrier tracking checked",
        "Customer told the new delivery estimate",
    ),
    "billing_error": (
        "Invoice and payment compared",
        "Correction or refund amount approved",
        "Customer told when the money arrives",
    ),
    "returns": (
        "Return reason recorded",
        "Return label or exchange sent",
    ),
    "complaint": (
        "Complaint summarised in the customer's words",
        "Apology and remedy offered",
        "Customer agreed to the remedy",
    ),
    "identity_verification": ("Identity verified with two factors",),
}
"""The items a ticket of each category starts with; categories without one start empty."""


def checklist_for(category: str | None) -> list[dict[str, Any]]:
    """A fresh checklist for a new ticket of ``category``."""
    return [{"text": text, "done": False} for text in CHECKLIST_TEMPLATES.get(category or "", ())]


def open_items(checklist: Sequence[Mapping[str, Any]]) -> list[str]:
    """The texts of the items not done yet."""
    return [str(item.get("text", "")) for item in checklist if not item.get("done")]


def tick(checklist: Sequence[Mapping[str, Any]], index: int, done: bool) -> list[dict[str, Any]]:
    """The checklist with item ``index`` marked; an index out of range is a rule error."""
    if not 0 <= index < len(checklist):
        raise TicketRuleError(f"the checklist has no item {index + 1}")
    items = [dict(item) for item in checklist]
    items[index]["done"] = done
    return items


# --- departments and escalation ------------------------------------------------------

BUILT_IN_DEPARTMENTS: tuple[str, ...] = tuple(d.value for d in Department)


def departments(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Every department queue: the four built in, then the ones the server is configured with."""
    return tuple(dict.fromkeys((*BUILT_IN_DEPARTMENTS, *extra)))


def check_department(name: str, known: Sequence[str]) -> None:
    """Refuse a department the organisation does not have; the message lists the ones it has."""
    if name not in known:
        raise TicketRuleError(f"there is no {name!r} department; there are: {', '.join(known)}")


CATEGORY_DEPARTMENT: Mapping[str, Department] = {
    "technical_issue": Department.TECHNICAL_SUPPORT,
    "shipping_delay": Department.LOGISTICS,
    "order_status": Department.LOGISTICS,
    "returns": Department.LOGISTICS,
    "billing_error": Department.BILLING,
    "complaint": Department.MARKETING,
}
"""The department a follow-up ticket of each category goes to (the rest: technical support)."""


def department_for(category: str | None) -> Department:
    return CATEGORY_DEPARTMENT.get(category or "", Department.TECHNICAL_SUPPORT)


@dataclass(frozen=True)
class HandOff:
    """The note an escalation must carry: what was tried, what the customer was told, and what
    is expected of the receiving queue. All three are required; card numbers are masked."""

    tried: str
    told: str
    expected: str

    @classmethod
    def of(cls, tried: str, told: str, expected: str) -> "HandOff":
        """The hand-off with its parts trimmed and masked, or :class:`TicketRuleError`."""
        parts = {"tried": tried, "told": told, "expected": expected}
        labels = {
            "tried": "what was tried",
            "told": "what the customer was told",
            "expected": "what is expected next",
        }
        missing = [labels[name] for name, text in parts.items() if not text.strip()]
        if missing:
            raise TicketRuleError("the hand-off note needs " + ", ".join(missing))
        too_long = [labels[name] for name, text in parts.items() if len(text.strip()) > MAX_NOTE]
        if too_long:
            raise TicketRuleError(f"keep {', '.join(too_long)} under {MAX_NOTE} characters")
        return cls(*(mask_pans(text.strip()) for text in (tried, told, expected)))

    def text(self) -> str:
        """The note as one text, for lists and exports."""
        return f"Tried: {self.tried}\nCustomer told: {self.told}\nExpected: {self.expected}"


def check_escalation(
    *,
    department: str,
    tier: int,
    to_department: str | None,
    to_tier: int | None,
    status: TicketStatus,
) -> None:
    """An escalation must go somewhere new: another department, or a higher tier."""
    if status not in ACTIVE:
        raise TicketRuleError(f"the ticket is {_words(status)}: reopen it before escalating")
    if to_tier is not None and not tier < to_tier <= MAX_TIER:
        raise TicketRuleError(f"escalate to a tier above {tier}, up to {MAX_TIER}")
    if (to_department is None or to_department == department) and to_tier is None:
        raise TicketRuleError("escalate to another department or to a higher tier")


# --- SLA ------------------------------------------------------------------------------


def time_to_breach(
    due: datetime | None, now: datetime, paused_at: datetime | None = None
) -> timedelta | None:
    """What is left before ``due`` (negative once breached); frozen while the clock is paused.

    ``None`` for a clock with no due time (met, or no target).
    """
    if due is None:
        return None
    return due - (paused_at if paused_at is not None else now)
