"""Which cached customers a look-up finds: FTS5 indexes kept in step with the cache.

A rep types a name, a number, an address or an order number with the caller
waiting, and the desk answers from its own cache before the server does. The
cache's JSON cannot be searched fast, so what each record can be found by is
kept in five FTS5 tables (migration 0004), rewritten in the same transaction
as the record, exactly where the phone index is:

- ``lookup_name``: a customer's name, its folded words; every query word
  must begin one;
- ``lookup_email_words``: an address's folded words, likewise (email queries);
- ``lookup_phone``: a number's :func:`~desk_app.domain.lookup.phone_keys`;
  the query's digits must begin one;
- ``lookup_email``: an address, folded; the query must begin it;
- ``lookup_document``: an order's or invoice's number (:func:`document_key`);
  the query's letters must be its own and its digits begin its key.

Matching and ranking are the server's (``desk_app/server/customers/lookup.py``),
so a customer found here and by the server is found for the same reason and
ranked alike: an exact key, then keys by prefix in key order, then an
address's words, then a name's words (fewer words first), ties by folded name
and id. A query with an ``@`` is not read as a name, nor is one that reads as
a number; an address's words count only when no address starts with the
query. One difference is deliberate: each FTS query stops after
``limit * SPREAD`` matches (in rowid order) and only those are ranked, where
the server reads matches in rank order. A one-letter prefix matches a good
share of a million customers; ranking them all would cost what the look-up
must not, and once the prefix is long enough to match fewer, the two agree.

Every query word is quoted (``"word"*``), so no input is read as FTS5 syntax,
and the tables are ``detail=full``, so any phrase the tokenizer makes of a
quoted string is a valid query. Prefix indexes for the first eight characters
keep a short prefix ("m", "555") as fast as a long one: without them FTS5
merges every matching term before it returns the first row.
"""

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from desk_app.client.store import phone_index
from desk_app.client.store.schema import FTS_TABLES
from desk_app.client.store.views import LocalHit
from desk_app.domain.lookup import (
    LookupQuery,
    MatchField,
    document_key,
    fold,
    phone_keys,
    words,
)

CUSTOMER = "customer"
DOCUMENTS = {"order": MatchField.ORDER, "invoice": MatchField.INVOICE}
"""Entities whose ``number`` finds their ``customer_id``, and the field it matches as."""

TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
"""Text is folded before it is stored, so the tokenizer only splits at spaces and controls.

Letters, digits, marks, punctuation and symbols are all word characters: a
key (``ada@example.com``, ``o1000001``) stays one token, and every
:func:`~desk_app.domain.lookup.words` word is one token however new its script.
"""
PREFIX = "1 2 3 4 5 6 7 8"
"""Prefix lengths FTS5 keeps an index for (see the module docstring)."""

SLOT_BITS = 8
"""A record's rows are numbered ``key << SLOT_BITS | slot``: up to 256 numbers or addresses."""
SPREAD = 3
"""FTS matches read per wanted hit: one customer's numbers or orders can share a prefix."""

_EXACT, _PREFIX, _EMAIL_WORDS, _NAME_WORDS = range(4)

Rank = tuple[int, str, int, str, str]
"""``(class, key, name_words, name_key, customer)``, as the server ranks: smaller first."""
IndexRow = tuple[str, int, str, str | None]
"""``(table, slot, terms, text)``: the folded terms FTS5 matches, and the text a hit shows."""


TABLES = FTS_TABLES
NAME, EMAIL_WORDS, PHONE, EMAIL, DOCUMENT = TABLES
_CUSTOMER_TABLES = (NAME, EMAIL_WORDS, PHONE, EMAIL)


# --- writing: the rows a record is found by ----------------------------------------


def _customer_rows(data: dict[str, Any]) -> Iterator[IndexRow]:
    name = data.get("name")
    if isinstance(name, str) and (name_words := words(name)):
        yield NAME, 0, " ".join(name_words), None
    numbers = sorted(phone_index.numbers_of(data))[: 1 << SLOT_BITS]
    for slot, number in enumerate(numbers):
        yield PHONE, slot, " ".join(phone_keys(number)), number
    listed = data.get("emails")
    emails = [e for e in listed if isinstance(e, str)] if isinstance(listed, list) else []
    for slot, email in enumerate(list(dict.fromkeys(emails))[: 1 << SLOT_BITS]):
        if folded := fold(email):
            yield EMAIL, slot, folded, email
        if email_words := words(email):
            yield EMAIL_WORDS, slot, " ".join(email_words), email


def _document_rows(data: dict[str, Any]) -> tuple[uuid.UUID | None, list[IndexRow]]:
    number, owner = data.get("number"), data.get("customer_id")
    if not isinstance(number, str) or not isinstance(owner, str):
        return None, []
    try:
        customer_id = uuid.UUID(owner)
    except ValueError:
        return None, []
    document = document_key(number)
    if document is None:
        return None, []
    key, letters = document
    # one term with its letters (found when they are typed), one without (by digits alone):
    # a typed prefix that begins with letters cannot begin a term of other letters
    terms = " ".join(dict.fromkeys((letters + key, key)))
    return customer_id, [(DOCUMENT, 0, terms, number)]


def rows_of(entity: str, data: dict[str, Any]) -> tuple[uuid.UUID | None, list[IndexRow]]:
    """Whose record it is (``None``: a customer, itself) and the index rows it is found by."""
    if entity == CUSTOMER:
        return None, list(_customer_rows(data))
    if entity in DOCUMENTS:
        return _document_rows(data)
    return None, []


def _digest(owner: uuid.UUID | None, rows: list[IndexRow]) -> int:
    """A stable 64-bit fingerprint of a record's rows (``hash()`` changes between runs)."""
    blob = repr((owner, rows)).encode()
    return int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "big", signed=True)


# Plain SQL on the session's connection: a sync batch reindexes hundreds of records,
# and building or compiling statements would cost more than running them.
_FIND = "SELECT key, digest FROM lookup_record WHERE entity = ? AND record_id = ?"
_ADD = (
    "INSERT INTO lookup_record (entity, record_id, customer_id, digest)"
    " VALUES (?, ?, ?, ?) RETURNING key"
)
_CHANGE = "UPDATE lookup_record SET customer_id = ?, digest = ? WHERE key = ?"
_FORGET = "DELETE FROM lookup_record WHERE key = ?"
_CLEAR = {  # table names of this module, never input
    table: f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?"  # noqa: S608
    for table in TABLES
}
_WRITE = {
    table: f"INSERT INTO {table} (rowid, terms, text) VALUES (?, ?, ?)"  # noqa: S608
    for table in TABLES
}


def reindex(
    session: Session, entity: str, record_id: uuid.UUID, data: dict[str, Any] | None
) -> None:
    """Make the index match a record's new ``data`` (``None``: the record is gone)."""
    if entity != CUSTOMER and entity not in DOCUMENTS:
        return
    owner, rows = rows_of(entity, data) if data is not None else (None, [])
    digest = _digest(owner, rows)
    connection = session.connection()
    found = connection.exec_driver_sql(_FIND, (entity, record_id.hex)).first()
    if found is not None:
        if rows and found.digest == digest:
            return  # nothing it is found by has changed
        low = found.key << SLOT_BITS
        for table in _CUSTOMER_TABLES if entity == CUSTOMER else (DOCUMENT,):
            connection.exec_driver_sql(_CLEAR[table], (low, low + (1 << SLOT_BITS) - 1))
    if not rows:
        if found is not None:
            connection.exec_driver_sql(_FORGET, (found.key,))
        return
    customer_id = None if owner is None else owner.hex
    if found is None:
        added = connection.exec_driver_sql(_ADD, (entity, record_id.hex, customer_id, digest))
        key = added.scalar_one()
    else:
        key = found.key
        connection.exec_driver_sql(_CHANGE, (customer_id, digest, key))
    for table in TABLES:
        mine = [
            (key << SLOT_BITS | slot, terms, text)
            for name, slot, terms, text in rows
            if name == table
        ]
        if mine:
            connection.exec_driver_sql(_WRITE[table], mine)


# --- reading: the look-up -----------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """One way of reading the query, against one table."""

    table: str
    match: str
    """The FTS5 query: quoted phrases only."""
    field: MatchField
    prefix: str | None
    """What a stored term must begin with; ``None``: matched by words."""
    words_class: int = _NAME_WORDS
    letters: str = ""
    """An order or invoice number's letters, the start of ``prefix`` but not of its key."""
    unless_addressed: bool = False
    """Read only if no address starts with the query (an address's words): they would
    only add every address with such words."""


@dataclass(frozen=True)
class _Candidate:
    rank: Rank
    customer: str
    """The customer's id as stored: 32 hex digits, which sort as the UUIDs do."""
    matched: MatchField
    text: str | None
    """The stored number, address or document number; ``None``: the customer's name."""


def _phrase(text: str) -> str | None:
    """``"text"*``, quoted; ``None`` for text no stored key holds (NUL, lone surrogates)."""
    if "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text):
        return None
    return '"' + text.replace('"', '""') + '"*'


def _readings(query: LookupQuery) -> list[_Reading]:
    readings = []
    every_word = " AND ".join(f'"{word}"*' for word in query.words)  # \w+: no quotes
    if query.words and query.email:
        readings.append(
            _Reading(EMAIL_WORDS, every_word, MatchField.EMAIL, None, _EMAIL_WORDS, "", True)
        )
    elif query.by_name:
        readings.append(_Reading(NAME, every_word, MatchField.NAME, None))
    key, letters = document_key(query.document or "") or ("", "")
    keys = [
        (PHONE, MatchField.PHONE, query.phone, ""),
        (EMAIL, MatchField.EMAIL, query.email, ""),
        (DOCUMENT, MatchField.ORDER, letters + key if key else None, letters),
    ]
    for table, field, prefix, its_letters in keys:
        if prefix and (match := _phrase(prefix)) is not None:
            readings.append(_Reading(table, match, field, prefix, letters=its_letters))
    return readings


def fts_queries(query: LookupQuery) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The FTS5 queries a look-up runs for ``query``, as ``(table, MATCH expression)`` pairs.

    Those it always runs, and those it runs only when no address starts with
    the query (none of the first found a ``lookup_email`` row).
    """
    readings = _readings(query)
    return (
        [(r.table, r.match) for r in readings if not r.unless_addressed],
        [(r.table, r.match) for r in readings if r.unless_addressed],
    )


_FIRST_MATCHES = (
    " FROM (SELECT rowid, terms, text FROM {table} WHERE {table} MATCH ? LIMIT ?) AS hit"
    " JOIN lookup_record AS record ON record.key = hit.rowid >> {bits}"
)
_MATCHES = {
    # a name row is its customer's own: its terms are the folded name
    NAME: (
        "SELECT {reading}, hit.terms, hit.text, record.entity, record.record_id, hit.terms"
        + _FIRST_MATCHES
    ),
    # another row of a customer: the name is the row of the same key in lookup_name
    **dict.fromkeys(
        (EMAIL_WORDS, PHONE, EMAIL),
        "SELECT {reading}, hit.terms, hit.text, record.entity, record.record_id, name.terms"
        + _FIRST_MATCHES
        + " LEFT JOIN lookup_name AS name ON name.rowid = record.key << {bits}",
    ),
    # an order's or invoice's: its customer's, found by id
    DOCUMENT: (
        "SELECT {reading}, hit.terms, hit.text, record.entity, owner.record_id, name.terms"
        + _FIRST_MATCHES
        + " JOIN lookup_record AS owner"
        " ON owner.entity = 'customer' AND owner.record_id = record.customer_id"
        " LEFT JOIN lookup_name AS name ON name.rowid = owner.key << {bits}"
    ),
}
"""Per table: the first matches of one reading, each with its customer and the customer's name.

The ``LIMIT`` is inside the subquery, so FTS5 stops reading there; each
match then costs a look-up or two by key. Plain SQL, prepared once per set
of readings: building a statement per keystroke would cost more than running it.
"""
_CUSTOMERS = "SELECT id, data FROM cached_record WHERE entity = 'customer' AND id IN ({ids})"


@cache
def _sql(tables: tuple[str, ...]) -> str:
    """The look-up's one statement for readings against ``tables``, in that order."""
    arms = (
        _MATCHES[table].format(reading=number, table=table, bits=SLOT_BITS)
        for number, table in enumerate(tables)
    )
    return " UNION ALL ".join(arms)


def _candidate(reading: _Reading, row: Sequence[Any], query: LookupQuery) -> _Candidate | None:
    """The match ranked as the server ranks it; ``None`` if it does not match after all.

    FTS5 finds candidates; the shared reading decides (a tokenizer may split
    text where :func:`~desk_app.domain.lookup.words` does not).
    """
    _reading, terms_text, text, entity, customer, name_key = row
    name_key = name_key or ""
    terms: list[str] = terms_text.split()
    if reading.prefix is None:
        if not all(any(term.startswith(word) for term in terms) for word in query.words):
            return None
        rank = (reading.words_class, "", len(name_key.split()), name_key, customer)
        return _Candidate(rank, customer, reading.field, text)
    found = [term for term in terms if term.startswith(reading.prefix)]
    if not found:
        return None
    if reading.prefix in found:
        rank = (_EXACT, "", 0, name_key, customer)
    else:  # in key order, a document's letters aside
        rank = (_PREFIX, min(found)[len(reading.letters) :], 0, name_key, customer)
    return _Candidate(rank, customer, DOCUMENTS.get(entity, reading.field), text)


def _matches(
    connection: sqlite3.Connection, readings: list[_Reading], query: LookupQuery, limit: int
) -> list[_Candidate]:
    """The candidates of ``readings``: one statement, every reading's first matches."""
    if not readings:
        return []
    statement = _sql(tuple(reading.table for reading in readings))
    parameters = [value for reading in readings for value in (reading.match, limit * SPREAD)]
    return [
        candidate
        for row in connection.execute(statement, parameters).fetchall()
        if (candidate := _candidate(readings[row[0]], row, query)) is not None
    ]


def lookup(connection: sqlite3.Connection, query: LookupQuery, limit: int) -> list[LocalHit]:
    """The ``limit`` best cached customers for ``query``, each once, best first.

    One statement for the matches of every reading with their customers (a
    second for an address's words, when no address starts with the query),
    then one for the records of the chosen customers.
    """
    readings = _readings(query)
    if not readings or limit < 1:
        return []
    candidates = _matches(connection, [r for r in readings if not r.unless_addressed], query, limit)
    if not any(candidate.matched is MatchField.EMAIL for candidate in candidates):
        fallback = [r for r in readings if r.unless_addressed]
        candidates += _matches(connection, fallback, query, limit)
    best: dict[str, _Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: c.rank):
        best.setdefault(candidate.customer, candidate)
    chosen = list(best.values())[:limit]
    ids = [candidate.customer for candidate in chosen]
    records = connection.execute(_CUSTOMERS.format(ids=", ".join("?" * len(ids))), ids)
    shown = {customer: json.loads(data) for customer, data in records.fetchall()}
    return [
        LocalHit(
            customer=shown[c.customer],
            matched=c.matched,
            matched_text=c.text if c.text is not None else str(shown[c.customer].get("name")),
        )
        for c in chosen
        if c.customer in shown  # always, in one snapshot with the index; a damaged file aside
    ]
