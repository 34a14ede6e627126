"""One look-up result as the list shows it: who, why they matched, and which characters to mark.

Local hits (the cache's ``LocalHit``) and the server's (``LookupHit`` JSON)
become the same :class:`Hit`, so the list never cares where a row came from.
Names, emails and document numbers are marked by :func:`domain.lookup.highlight`;
a phone number is shown formatted (``+1 202-555-0143``) and marked digit by
digit where the query's digits run, whatever separators it was typed with.
"""

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from desk_app.domain.lookup import LookupQuery, MatchField, digits, highlight, phone_keys
from desk_app.gui.offer.display import display_number

Spans = list[tuple[int, int]]


class CachedHit(Protocol):
    """What the local store's look-up hands out (``client.store.views.LocalHit``)."""

    customer: dict[str, Any]
    matched: MatchField
    matched_text: str


@dataclass(frozen=True)
class Hit:
    customer: dict[str, Any]
    matched: MatchField
    matched_text: str

    @property
    def customer_id(self) -> uuid.UUID:
        return uuid.UUID(str(self.customer["id"]))

    @property
    def name(self) -> str:
        return str(self.customer.get("name") or "")

    @property
    def shown_text(self) -> str:
        """What matched, as the row shows it."""
        if self.matched is MatchField.PHONE:
            return display_number(self.matched_text)
        return self.matched_text


def from_cache(hit: CachedHit) -> Hit:
    return Hit(dict(hit.customer), MatchField(hit.matched), hit.matched_text)


def from_server(item: dict[str, Any]) -> Hit | None:
    """A hit of ``GET /customers/lookup``; ``None`` for one this desk cannot read."""
    try:
        customer = dict(item["customer"])
        uuid.UUID(str(customer["id"]))
        return Hit(customer, MatchField(item["matched"]), str(item["matched_text"]))
    except (KeyError, TypeError, ValueError):
        return None


def name_spans(hit: Hit, query: LookupQuery) -> Spans:
    """Marks in the name: only when the name is why the customer was found."""
    return highlight(hit.name, query) if hit.matched is MatchField.NAME else []


def detail_spans(hit: Hit, query: LookupQuery) -> Spans:
    """Marks in :attr:`Hit.shown_text` (a number, an address, an order or invoice number)."""
    if hit.matched is MatchField.NAME:
        return []
    if hit.matched is MatchField.PHONE:
        return phone_spans(hit.shown_text, hit.matched_text, query)
    return highlight(hit.shown_text, query)


def phone_spans(shown: str, e164: str, query: LookupQuery) -> Spans:
    """The run of ``shown``'s characters holding the query's digits.

    The query's digits are a prefix of one of the number's
    :func:`~desk_app.domain.lookup.phone_keys` (international or national),
    and each key is the tail of the number's digits, so the marked digits
    are found by position, with the separators between them.
    """
    if not query.phone:
        return []
    positions = [index for index, char in enumerate(shown) if char.isdigit()]
    all_digits = digits(shown)
    for key in phone_keys(e164):
        if key.startswith(query.phone) and all_digits.endswith(key):
            start = len(all_digits) - len(key)
            marked = positions[start : start + len(query.phone)]
            return [(marked[0], marked[-1] + 1)]
    return []
