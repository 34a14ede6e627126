"""Which script fits a case, and why, in words the rep reads on the sidebar.

Each script lists the cases it fits (``suggest:`` rules, every condition of
a rule must hold). Among the rules that hold for a case, the most specific
wins, the one with most conditions, so "shipping delay, and the parcel is
late, and they called last week" beats "shipping delay"; among equals, the
first in the given order of scripts and rules. A script always fits its
own category (the baseline), whether or not it says so. The rep sees the
reason and may switch to another script at any time.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk_app.domain.scripts.context import CaseContext
from desk_app.domain.scripts.definition import Script, SuggestRule

CONDITIONS: dict[str, type] = {
    "category": str,
    "channel": str,
    "vip": bool,
    "shipment_delayed": bool,
    "invoice_overdue": bool,
    "repeat_contact": bool,
}
"""The names a rule's ``when`` may test, and the kind of value each takes."""

_CHANNELS = {
    "voice": "it is a phone call",
    "chat": "it is a chat",
    "email": "it is an email",
    "ticket": "it came in as a ticket",
    "walk_in": "the customer is in the store",
}
_FACTS = {
    "vip": ("the customer is a VIP", "the customer is not a VIP"),
    "shipment_delayed": ("the customer's parcel is late", "none of the customer's parcels is late"),
    "invoice_overdue": ("an invoice is overdue", "no invoice is overdue"),
    "repeat_contact": (
        "the customer contacted us in the last 7 days",
        "the customer has not contacted us in the last 7 days",
    ),
}


@dataclass(frozen=True)
class Suggestion:
    """The script to start with, the rule that chose it, and that rule as a sentence."""

    script: Script
    rule: SuggestRule
    reason: str


def suggest(scripts: Sequence[Script], context: CaseContext) -> Suggestion | None:
    """The script that fits ``context`` best (see the module's doc), or None if none fits."""
    best: tuple[Script, SuggestRule] | None = None
    for script in scripts:
        for rule in _rules(script):
            if (best is None or len(rule.when) > len(best[1].when)) and holds(rule, context):
                best = (script, rule)
    if best is None:
        return None
    return Suggestion(script=best[0], rule=best[1], reason=reason(best[1]))


def holds(rule: SuggestRule, context: CaseContext) -> bool:
    """Whether every condition of ``rule`` is true of ``context`` (an unknown name never is)."""
    return all(
        name in CONDITIONS and getattr(context, name) == value for name, value in rule.when.items()
    )


def reason(rule: SuggestRule) -> str:
    """ "Suggested because …": the rule's own ``because``, else its conditions in words."""
    if rule.because:
        because = rule.because.rstrip(".")
        first_word = because.split()[0]
        if not (len(first_word) > 1 and first_word.isupper()):  # "VIP customers…" stays
            because = because[0].lower() + because[1:]
        return f"Suggested because {because}"
    parts = [_phrase(name, value) for name, value in rule.when.items()]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Suggested because {joined}"


def _rules(script: Script) -> tuple[SuggestRule, ...]:
    """The script's rules, with the baseline (its own category) when it does not list it."""
    baseline: Mapping[str, Any] = {"category": script.category}
    if any(dict(rule.when) == baseline for rule in script.suggest):
        return script.suggest
    return (*script.suggest, SuggestRule(when=baseline))


def _phrase(name: str, value: object) -> str:
    if name == "category":
        return f"the case's category is {str(value).replace('_', ' ')}"
    if name == "channel":
        return _CHANNELS.get(str(value), f"it came in by {value}")
    true, false = _FACTS[name]
    return true if value else false
