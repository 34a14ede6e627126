"""What an as-you-type look-up asks for, and where a result's text matched it.

One reading of the query for the desk's cache and the server's search, so a
customer found locally and the same customer found by the server are found
for the same reason and highlighted alike. Everything is compared *folded*
(accents dropped, case folded), word by word, each query word a prefix:
``"ang zo"`` finds "Zoë Ångström".
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from desk_app.domain.phones import InvalidPhoneError, to_e164

MAX_QUERY_CHARS = 200
"""Longer input (a pasted page) is cut here: no customer is found by its 201st character."""

MAX_WORDS = 8
MIN_PHONE_DIGITS = 3
"""Fewer digits than this match too many numbers to be worth a look-up by phone."""

_WORD = re.compile(r"\w+")
_NUMBER_CHARS = re.compile(r"[\d\s()+\-./]+")
_DOCUMENT_NUMBER = re.compile(r"[A-Za-z]{0,4}-?\d[\w-]*")


class MatchField(StrEnum):
    """Why a customer is in the results: what the query matched."""

    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ORDER = "order"
    INVOICE = "invoice"


def fold(text: str) -> str:
    """Accents dropped and case folded: ``"Ångström"`` → ``"angstrom"``.

    ASCII text (numbers, most addresses and names) is only lowered: the same
    result, without looking at every character of a million keys in a rebuild.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compact(text: str) -> str:
    """Folded letters and digits only: ``"INV-100 7"`` → ``"inv1007"``."""
    return "".join(char for char in fold(text) if char.isalnum())


def document_key(number: str) -> tuple[str, str] | None:
    """An order or invoice number as ``(key, letters)``: ``"INV-100 7"`` → ``("1007", "inv")``.

    Keyed from its first digit, so the digits alone find it ("1000123" finds
    "O-1000123"); letters typed before the digits must be the number's own.
    ``None`` for a number without a digit: no look-up reads as one. The desk's
    cache and the server's index both key documents so.
    """
    folded = compact(number)
    for at, char in enumerate(folded):
        if char.isdigit():
            return folded[at:], folded[:at]
    return None


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold(text))


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def phone_keys(e164: str) -> list[str]:
    """The digit strings a stored number is indexed under.

    The whole international number and its national significant number, so
    both ``+1 555 010…`` and ``(555) 010…`` find it by prefix.
    """
    keys = [digits(e164)]
    try:
        national = str(phonenumbers.parse(e164).national_number)
    except phonenumbers.NumberParseException:
        return keys
    if national not in keys:
        keys.append(national)
    return keys


@dataclass(frozen=True)
class LookupQuery:
    """A query read every way it could be meant."""

    text: str
    """The input, trimmed and cut to :data:`MAX_QUERY_CHARS`."""
    words: tuple[str, ...]
    """Folded words, each to be matched as a prefix of a name word (or of a number)."""
    phone: str | None
    """Digits to match as a prefix of a number's :func:`phone_keys`; ``None``: not a phone."""
    email: str | None
    """A folded fragment to find inside an address; ``None`` unless the query has an ``@``."""
    document: str | None
    """A folded order or invoice number (prefix); ``None`` unless it looks like one."""

    @property
    def empty(self) -> bool:
        return not (self.words or self.phone or self.email or self.document)

    @property
    def by_name(self) -> bool:
        """Worth matching against names too.

        A phone, an address or a document number such as "O-1000123" is not
        also a name ("o" would ask for every name with a word starting so);
        a word that only looks like a document number ("twin826061") still is.
        """
        if not self.words or self.phone or self.email:
            return False
        return self.document is None or not any(word.isdigit() for word in self.words)


def parse_query(raw: str, *, region: str) -> LookupQuery:
    """Read ``raw`` as a name, a phone number, an email and a document number at once.

    ``region`` is the desk's or store's default, for national numbers. Never
    raises: nonsense reads as nothing to look for.
    """
    text = raw.strip()[:MAX_QUERY_CHARS]
    query_words = tuple(dict.fromkeys(words(text)))[:MAX_WORDS]
    phone = None
    if _NUMBER_CHARS.fullmatch(text) and len(digits(text)) >= MIN_PHONE_DIGITS:
        try:
            phone = digits(to_e164(text, region=region))
        except InvalidPhoneError:
            phone = None
        if phone is None or not phonenumbers.is_valid_number(phonenumbers.parse("+" + phone)):
            # a partial number: its digits, without the international or trunk prefix typed
            typed = digits(text)
            phone = typed[2:] if text.startswith("00") else typed.lstrip("0") or None
    email = fold(text) if "@" in text and " " not in text else None
    document = fold(text) if _DOCUMENT_NUMBER.fullmatch(text) else None
    return LookupQuery(text, query_words, phone, email, document)


def highlight(text: str, query: LookupQuery) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` to show as matching ``query``.

    A word of ``text`` whose folded form starts with a query word is marked
    for the length the query word covers; an email fragment is marked where it
    occurs. Spans are sorted and never overlap.
    """
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        for query_word in query.words:
            covered = _prefix_length(word, query_word)
            if covered:
                spans.append((match.start(), match.start() + covered))
                break
    if query.email:
        at = fold(text).find(query.email)
        if at >= 0 and len(fold(text)) == len(text):
            spans.append((at, at + len(query.email)))
    return _merged(spans)


def _prefix_length(word: str, query_word: str) -> int:
    """How many characters of ``word`` its folded prefix ``query_word`` spans (0: no match)."""
    folded = ""
    for index, char in enumerate(word, start=1):
        folded += fold(char)
        if len(folded) >= len(query_word):
            return index if folded.startswith(query_word) else 0
    return 0


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
