"""Wrap-up: the disposition an interaction ends with, and what makes a wrap-up complete.

Every interaction ends with a disposition code the rep picks. Each code has
a label the rep reads and a classification (resolved, unresolved, callback,
do not contact, escalated) that reports and the follow-up actions of a code
go by. The codes are the ones the shipped scripts suggest and the seeded
history uses (:data:`CATEGORY_CODES` is the usual set of each category);
the list the rep sees puts the script's suggestion first, then the codes
usual for the interaction's category, then the rest.

A wrap-up is refused without a disposition, with notes over
:data:`MAX_NOTES` characters, or while must-say lines of the script were
not confirmed and the rep has not acknowledged that. Card numbers in the
notes are masked before anything is stored or sent, and the caller learns
whether one was, to tell the rep.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desk_app.domain.pan import mask_pans

MAX_NOTES = 4000


class Outcome(StrEnum):
    """What a disposition means for the customer's matter."""

    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    CALLBACK = "callback"
    DO_NOT_CONTACT = "do_not_contact"
    ESCALATED = "escalated"


@dataclass(frozen=True)
class Disposition:
    code: str
    label: str
    outcome: Outcome


DISPOSITIONS: tuple[Disposition, ...] = (
    Disposition("resolved", "Resolved", Outcome.RESOLVED),
    Disposition("info_provided", "Information given", Outcome.RESOLVED),
    Disposition("account_updated", "Account updated", Outcome.RESOLVED),
    Disposition("refund_issued", "Refund issued", Outcome.RESOLVED),
    Disposition("replacement_sent", "Replacement sent", Outcome.RESOLVED),
    Disposition("return_label_sent", "Return label sent", Outcome.RESOLVED),
    Disposition("exchange_arranged", "Exchange arranged", Outcome.RESOLVED),
    Disposition("goodwill_offered", "Goodwill offered", Outcome.RESOLVED),
    Disposition("declined", "Request declined", Outcome.RESOLVED),
    Disposition("claim_opened", "Carrier claim opened", Outcome.UNRESOLVED),
    Disposition("correction_raised", "Billing correction raised", Outcome.UNRESOLVED),
    Disposition("verification_failed", "Identity not verified", Outcome.UNRESOLVED),
    Disposition("callback_scheduled", "Callback scheduled", Outcome.CALLBACK),
    Disposition("ticket_created", "Ticket created for another team", Outcome.ESCALATED),
    Disposition("escalated", "Escalated", Outcome.ESCALATED),
    Disposition("do_not_contact", "Asked not to be contacted", Outcome.DO_NOT_CONTACT),
)
BY_CODE = {d.code: d for d in DISPOSITIONS}

# The codes usual for each category, most common first (the seeded history's outcomes).
CATEGORY_CODES: dict[str, tuple[str, ...]] = {
    "technical_issue": (
        "resolved",
        "ticket_created",
        "callback_scheduled",
        "replacement_sent",
        "info_provided",
    ),
    "shipping_delay": ("info_provided", "claim_opened", "refund_issued", "resolved"),
    "billing_error": ("refund_issued", "correction_raised", "info_provided", "escalated"),
    "returns": ("return_label_sent", "exchange_arranged", "refund_issued", "declined"),
    "general_inquiry": ("info_provided", "account_updated", "resolved"),
    "order_status": (
        "info_provided",
        "resolved",
        "claim_opened",
        "refund_issued",
        "account_updated",
    ),
    "complaint": ("resolved", "escalated", "goodwill_offered", "callback_scheduled"),
    "identity_verification": ("account_updated", "info_provided", "verification_failed"),
}


def ordered(suggested: Iterable[str], category: str | None) -> list[Disposition]:
    """Every code once: the script's suggestions, the category's usual ones, then the rest."""
    first = [*suggested, *CATEGORY_CODES.get(category or "", ())]
    known = [BY_CODE[code] for code in dict.fromkeys(first) if code in BY_CODE]
    return known + [d for d in DISPOSITIONS if d not in known]


class Problem(StrEnum):
    """Why a wrap-up cannot be submitted yet."""

    NO_DISPOSITION = "no_disposition"
    UNKNOWN_DISPOSITION = "unknown_disposition"
    NOTES_TOO_LONG = "notes_too_long"
    MUST_SAY_NOT_ACKNOWLEDGED = "must_say_not_acknowledged"


class WrapUpError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class WrapUp:
    """A complete wrap-up: its notes already masked; ``masked`` when a card number was."""

    disposition: Disposition
    notes: str
    masked: bool


def wrap_up(
    code: str | None,
    notes: str,
    *,
    unconfirmed: Sequence[str] = (),
    acknowledged: bool = False,
) -> WrapUp:
    """The wrap-up to send, or :class:`WrapUpError` for the first thing missing.

    ``unconfirmed`` are the must-say lines the script showed and the rep did
    not confirm; with any, ``acknowledged`` (the rep said them after all, or
    could not) is required.
    """
    if not code:
        raise WrapUpError(Problem.NO_DISPOSITION)
    disposition = BY_CODE.get(code)
    if disposition is None:
        raise WrapUpError(Problem.UNKNOWN_DISPOSITION)
    text = notes.strip()
    if len(text) > MAX_NOTES:
        raise WrapUpError(Problem.NOTES_TOO_LONG)
    if unconfirmed and not acknowledged:
        raise WrapUpError(Problem.MUST_SAY_NOT_ACKNOWLEDGED)
    masked = mask_pans(text)
    return WrapUp(disposition, masked, masked != text)
