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

Each queue (an interaction's skill, else its channel, else ``default``) has
its own code tree, after-contact-work rule and required fields, read from
``resources/wrapup.yaml``. A code's outcome sets its consequence in motion
on the server (a callback, a do-not-contact flag, a follow-up ticket); a
resolving code with no earlier contact on the matter counts as first-contact
resolution; a hard interaction earns the offer of a recovery pause.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import yaml

from desk_app.domain.enums import AcwPolicy
from desk_app.domain.pan import mask_pans
from desk_app.domain.scripts.source import RESOURCES

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
    Disposition("complaint_handled", "Complaint heard and answered", Outcome.RESOLVED),
    Disposition("no_answer", "No answer", Outcome.CALLBACK),
    Disposition("voicemail_left", "Voicemail left", Outcome.CALLBACK),
    Disposition("wrong_number", "Wrong number", Outcome.DO_NOT_CONTACT),
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
    NOTES_REQUIRED = "notes_required"  # the queue requires notes
    CALLBACK_TIME_MISSING = "callback_time_missing"  # a callback code needs when to call
    CALLBACK_TIME_PAST = "callback_time_past"
    NOT_IN_QUEUE = "not_in_queue"  # a known code this queue's tree does not offer


class WrapUpError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class WrapUp:
    """A complete wrap-up: its notes already masked; ``masked`` when a card number was.

    ``callback_at`` is when to call back, for a code whose outcome is a callback.
    """

    disposition: Disposition
    notes: str
    masked: bool
    callback_at: datetime | None = None


def wrap_up(
    code: str | None,
    notes: str,
    *,
    unconfirmed: Sequence[str] = (),
    acknowledged: bool = False,
    queue: "QueueWrapUp | None" = None,
    callback_at: datetime | None = None,
    now: datetime | None = None,
) -> WrapUp:
    """The wrap-up to send, or :class:`WrapUpError` for the first thing missing.

    ``unconfirmed`` are the must-say lines the script showed and the rep did
    not confirm; with any, ``acknowledged`` (the rep said them after all, or
    could not) is required. ``queue`` adds its rules: only its codes, notes
    when it requires them. A callback code needs ``callback_at`` after ``now``.
    """
    if not code:
        raise WrapUpError(Problem.NO_DISPOSITION)
    disposition = BY_CODE.get(code)
    if disposition is None:
        raise WrapUpError(Problem.UNKNOWN_DISPOSITION)
    if queue is not None and code not in queue.codes():
        raise WrapUpError(Problem.NOT_IN_QUEUE)
    text = notes.strip()
    if len(text) > MAX_NOTES:
        raise WrapUpError(Problem.NOTES_TOO_LONG)
    if queue is not None and queue.notes_required and not text:
        raise WrapUpError(Problem.NOTES_REQUIRED)
    if disposition.outcome is Outcome.CALLBACK:
        if callback_at is None:
            raise WrapUpError(Problem.CALLBACK_TIME_MISSING)
        if now is not None and callback_at <= now:
            raise WrapUpError(Problem.CALLBACK_TIME_PAST)
    else:
        callback_at = None
    if unconfirmed and not acknowledged:
        raise WrapUpError(Problem.MUST_SAY_NOT_ACKNOWLEDGED)
    masked = mask_pans(text)
    return WrapUp(disposition, masked, masked != text, callback_at)


# --- the code tree and after-contact-work policy of each queue -----------------------------


@dataclass(frozen=True)
class CodeGroup:
    """A top-level choice of a queue's tree (resolved, callback, …) and its sub-codes.

    ``hotkey`` (``F2``…) picks the group; a group of one code picks that code.
    """

    key: str
    label: str
    hotkey: str | None
    codes: tuple[Disposition, ...]


@dataclass(frozen=True)
class AcwRule:
    """How long after-contact work may take in a queue, and what happens at the limit.

    ``seconds`` is the limit (``mandatory_limited``) or the whole box
    (``time_boxed``); ``timeout_code`` is applied when it runs out, and when
    the rep skips an ``optional`` wrap-up (the interaction still ends with a code).
    """

    policy: AcwPolicy
    seconds: int | None = None
    timeout_code: str | None = None

    def deadline(self, started: datetime) -> datetime | None:
        """When the wrap-up that started at ``started`` runs out, if it can."""
        if self.seconds is None or self.policy in (AcwPolicy.OPTIONAL, AcwPolicy.MANDATORY):
            return None
        return started + timedelta(seconds=self.seconds)

    def may_submit(self, started: datetime, now: datetime) -> bool:
        """A time-boxed wrap-up cannot end early: the rep's code waits for the box to end."""
        deadline = self.deadline(started)
        return self.policy is not AcwPolicy.TIME_BOXED or deadline is None or now >= deadline

    @property
    def may_skip(self) -> bool:
        return self.policy is AcwPolicy.OPTIONAL


@dataclass(frozen=True)
class QueueWrapUp:
    """One queue's wrap-up: its code tree, its ACW rule and whether notes are required."""

    name: str
    groups: tuple[CodeGroup, ...]
    acw: AcwRule
    notes_required: bool = False

    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for group in self.groups for d in group.codes)


class ConfigError(ValueError):
    """The wrap-up configuration is wrong; the message names the queue and the field."""


DEFAULT_QUEUE = "default"


def parse_queues(data: Mapping[str, Any]) -> dict[str, QueueWrapUp]:
    """Read the ``queues:`` mapping of ``resources/wrapup.yaml`` (one entry must be ``default``).

    Each queue: ``acw: {policy, seconds, timeout_code}``, ``notes_required``,
    ``groups: [{key, label, hotkey, codes: [code, ...]}]``; codes are the
    known :data:`DISPOSITIONS`. Errors name the queue and field.
    """
    raw = data.get("queues")
    if not isinstance(raw, Mapping) or DEFAULT_QUEUE not in raw:
        raise ConfigError("wrap-up config: 'queues' must be a mapping with a 'default' queue")
    return {str(name): _queue(str(name), spec) for name, spec in raw.items()}


def _queue(name: str, spec: Any) -> QueueWrapUp:
    if not isinstance(spec, Mapping):
        raise ConfigError(f"queue {name}: must be a mapping")
    acw_spec = spec.get("acw") or {}
    try:
        policy = AcwPolicy(acw_spec.get("policy", AcwPolicy.MANDATORY))
    except ValueError:
        raise ConfigError(f"queue {name}: acw.policy {acw_spec.get('policy')!r} unknown") from None
    seconds = acw_spec.get("seconds")
    timeout_code = acw_spec.get("timeout_code")
    timed = policy in (AcwPolicy.MANDATORY_LIMITED, AcwPolicy.TIME_BOXED)
    if timed and (not isinstance(seconds, int) or seconds <= 0):
        raise ConfigError(f"queue {name}: acw.seconds must be a positive whole number")
    if policy is not AcwPolicy.MANDATORY and timeout_code not in BY_CODE:
        # the code applied when time runs out, or when the rep skips an optional wrap-up
        raise ConfigError(f"queue {name}: acw.timeout_code {timeout_code!r} is not a code")
    groups: list[CodeGroup] = []
    hotkeys: set[str] = set()
    for index, group in enumerate(spec.get("groups") or ()):
        where = f"queue {name}: groups[{index}]"
        codes = group.get("codes") or ()
        unknown = [code for code in codes if code not in BY_CODE]
        if not codes or unknown:
            raise ConfigError(f"{where}: codes {unknown or '(none)'} are not known codes")
        hotkey = group.get("hotkey")
        if hotkey is not None and hotkey in hotkeys:
            raise ConfigError(f"{where}: hotkey {hotkey} is used twice")
        hotkeys.add(hotkey)
        groups.append(
            CodeGroup(
                key=str(group.get("key") or codes[0]),
                label=str(group.get("label") or BY_CODE[codes[0]].label),
                hotkey=hotkey,
                codes=tuple(BY_CODE[code] for code in codes),
            )
        )
    if not groups:
        raise ConfigError(f"queue {name}: needs at least one group of codes")
    queue = QueueWrapUp(
        name,
        tuple(groups),
        AcwRule(policy, seconds, timeout_code),
        notes_required=bool(spec.get("notes_required", False)),
    )
    if timeout_code is not None and timeout_code not in queue.codes():
        raise ConfigError(f"queue {name}: acw.timeout_code {timeout_code} is not in its groups")
    return queue


def read_queues(text: str) -> dict[str, QueueWrapUp]:
    """Parse the YAML text of a wrap-up configuration file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"wrap-up config: not YAML ({error})") from None
    if not isinstance(data, Mapping):
        raise ConfigError("wrap-up config: expected a mapping at the top")
    return parse_queues(data)


WRAPUP_FILE = RESOURCES / "wrapup.yaml"


def shipped_queues() -> dict[str, QueueWrapUp]:
    """The queues of the shipped ``resources/wrapup.yaml``."""
    return read_queues(WRAPUP_FILE.read_text(encoding="utf-8"))


def queue_for(
    queues: Mapping[str, QueueWrapUp], skill: str | None, channel: str | None
) -> QueueWrapUp:
    """An interaction's queue: its skill's, else its channel's, else the default."""
    for name in (skill, channel):
        if name and name in queues:
            return queues[name]
    return queues[DEFAULT_QUEUE]


# --- what a disposition sets in motion ---------------------------------------------------


class Consequence(StrEnum):
    """What the server does when an interaction is wrapped up with a code of each outcome."""

    NONE = "none"
    SCHEDULE_CALLBACK = "schedule_callback"  # a callback follow-up at ``callback_at``
    FLAG_DO_NOT_CONTACT = "flag_do_not_contact"  # the number the contact came from or went to
    FOLLOW_UP_TICKET = "follow_up_ticket"  # a ticket (if the contact has none) due in 2 days


CONSEQUENCES: Mapping[Outcome, Consequence] = {
    Outcome.RESOLVED: Consequence.NONE,
    Outcome.UNRESOLVED: Consequence.FOLLOW_UP_TICKET,
    Outcome.CALLBACK: Consequence.SCHEDULE_CALLBACK,
    Outcome.DO_NOT_CONTACT: Consequence.FLAG_DO_NOT_CONTACT,
    Outcome.ESCALATED: Consequence.FOLLOW_UP_TICKET,
}
FOLLOW_UP_TICKET_DUE = timedelta(days=2)


def consequence_of(code: str) -> Consequence:
    return CONSEQUENCES[BY_CODE[code].outcome]


# --- first-contact resolution and the recovery pause -------------------------------------

REPEAT_WINDOW = timedelta(days=7)
"""A contact from the same customer about the same category within this is a repeat."""


def first_contact_resolved(code: str, *, repeat_contact: bool) -> bool:
    """Resolved on first contact: a resolving code, and no contact on the matter before it."""
    return BY_CODE[code].outcome is Outcome.RESOLVED and not repeat_contact


HARD_CODES = frozenset({"complaint_handled", "goodwill_offered", "escalated"})
HARD_FACTOR = 2.0
"""A handle time this many times the rep's usual one makes an interaction hard."""
RECOVERY_PAUSE = timedelta(minutes=3)


def recovery_offered(
    code: str,
    category: str | None,
    *,
    handle: timedelta | None,
    usual: timedelta | None,
) -> bool:
    """After a hard interaction (a complaint, or far longer than usual) offer a short pause."""
    if code in HARD_CODES or category == "complaint":
        return True
    return handle is not None and usual is not None and handle > usual * HARD_FACTOR
