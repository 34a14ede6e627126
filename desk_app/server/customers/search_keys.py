"""What a customer is found by: the folded words and keys the search index stores.

Pure functions of stored values, used by every writer of the index (the
session hook, the bulk rebuild, the migration's backfill) and by the look-up
itself, so a value is always indexed under the key it is looked up by.
Everything is folded with :func:`desk_app.domain.lookup.fold`, the reading
the desk's cache shares.
"""

from collections.abc import Iterable, Iterator

from desk_app.domain.lookup import MatchField, document_key, fold, phone_keys, words

KeyRow = tuple[MatchField, str, str, str]
"""``(field, key, letters, text)``: found by ``key`` or a prefix of it; shows ``text``.

``letters`` are those an order or invoice number starts with (see
:func:`document_key`); empty for a phone number or an address.
"""


def name_key(name: str) -> tuple[str, int]:
    """The folded words of a name, space-separated, and how many there are."""
    name_words = words(name)
    return " ".join(name_words), len(name_words)


def email_words(emails: Iterable[str]) -> str:
    """The folded words of every address (``ada``, ``lovelace``, ``example``, ``com``)."""
    return " ".join(dict.fromkeys(word for email in emails for word in words(email)))


def key_rows(
    *,
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    orders: Iterable[str] = (),
    invoices: Iterable[str] = (),
) -> Iterator[KeyRow]:
    """The exact/prefix keys of one customer's numbers and addresses, each once."""
    seen: set[tuple[MatchField, str, str]] = set()
    sources: list[tuple[MatchField, Iterable[str]]] = [
        (MatchField.PHONE, phones),
        (MatchField.EMAIL, emails),
        (MatchField.ORDER, orders),
        (MatchField.INVOICE, invoices),
    ]
    for field, texts in sources:
        for text in texts:
            for key, letters in _keys(field, text):
                if (field, key, letters) not in seen:
                    seen.add((field, key, letters))
                    yield field, key, letters, text


def _keys(field: MatchField, text: str) -> list[tuple[str, str]]:
    if field is MatchField.PHONE:
        return [(key, "") for key in phone_keys(text)]
    if field is MatchField.EMAIL:
        return [(fold(text), "")]
    document = document_key(text)
    return [document] if document else []


def prefix_end(prefix: str) -> str | None:
    """The least string above every string starting with ``prefix`` (code point order).

    ``key >= prefix AND key < prefix_end(prefix)`` is a prefix match a plain
    B-tree answers on both databases (SQLite compares UTF-8 bytes, the key
    columns are ``COLLATE "C"`` on PostgreSQL: both are code point order).
    ``None``: no upper bound (only code point U+10FFFF could make that so).
    """
    for end in range(len(prefix), 0, -1):
        point = ord(prefix[end - 1]) + 1
        if point == 0xD800:  # surrogates are not characters: skip past them
            point = 0xE000
        if point <= 0x10FFFF:
            return prefix[: end - 1] + chr(point)
    return None
