"""The as-you-type customer look-up: every reading of a query, ranked, one hit per customer.

It reads the search index only (see :mod:`.search_models`), never the
customer tables, so its cost follows the answer, not the number of
customers:

- phone numbers, email addresses and order/invoice numbers are prefix ranges
  over ``customer_search_key``'s primary key, read in key order and cut by
  ``LIMIT``; the exact key sorts first;
- name words (and an email query's words) are full-text prefix queries: an
  FTS5 ``MATCH`` on SQLite; on PostgreSQL a GIN-indexed ``tsvector`` match,
  preceded by a walk along the rank index (see :func:`_postgres_words`).

An email query's words are matched only when no address starts with the
query: "ikeda@gmail" finds "osamu.ikeda@gmail.com" by its words, while
"osamu.ikeda@g" finds it as the start of the address, and its words would
only add every address with words starting "osamu", "ikeda" and "g".
A query that reads as a number or an address is looked up as that and not
also as a name: "O-1000123" or "(555) 010-20" would only find names with a
word starting "o" and one starting "1000123", at the price of a full-text
query over every name with a word starting "o".

Rank, best first: an exact number, address or document; a prefix of one (in
key order); an email's words; a name's words (fewer extra words first).
Ties go by folded name, then id, so the list is stable while typing.
"""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk_app.domain.access import Resource
from desk_app.domain.lookup import LookupQuery, MatchField, document_key, words
from desk_app.server.core.scoping import scope_filter
from desk_app.server.customers import service
from desk_app.server.customers.models import Customer
from desk_app.server.customers.schemas import CustomerRead
from desk_app.server.customers.search_keys import prefix_end
from desk_app.server.customers.search_models import CustomerSearch, CustomerSearchKey
from desk_app.server.customers.view_schemas import LookupHit
from desk_app.server.users.models import User

_EXACT, _PREFIX, _EMAIL_WORDS, _NAME_WORDS = range(4)
_KEY_SPREAD = 3
"""Key rows read per wanted hit: one customer's several orders can share a prefix."""
_WINDOW = 10_000
"""Rows of the rank order checked for name words before asking the GIN index (PostgreSQL)."""

_FTS = table("customer_search_fts", sql_column("rowid", Integer))
"""SQLite's FTS5 index of ``customer_search`` (migration 0005), rowid = ``customer_search.id``."""

T = TypeVar("T")
Rank = tuple[int, str, int, str, uuid.UUID]
"""``(class, key, name_words, name_key, customer_id)``: compared as a whole, smaller first."""
WordRow = tuple[int, str, uuid.UUID]
"""``(name_words, name_key, customer_id)``: a word match's rank order, and who it is."""
Column = ColumnElement[T] | InstrumentedAttribute[T]
StoreScope = Callable[[Column[uuid.UUID | None]], ColumnElement[bool]]


@dataclass(frozen=True)
class _Candidate:
    rank: Rank
    customer_id: uuid.UUID
    matched: MatchField
    text: str | None
    """The key's stored text; ``None`` for words, read from the customer."""


def lookup(*, session: Session, user: User, query: LookupQuery, limit: int) -> list[LookupHit]:
    """The ``limit`` best customers ``user`` may see for ``query``, each once, best first."""
    if query.empty:
        return []

    def in_scope(store: Column[uuid.UUID | None]) -> ColumnElement[bool]:
        return scope_filter(user, Resource.CUSTOMER, store=store)

    candidates: list[_Candidate] = []
    for reading in _key_readings(query):
        candidates += _key_candidates(session, in_scope, reading, limit)
    starts_an_address = any(c.matched is MatchField.EMAIL for c in candidates)
    if query.email and query.words and not starts_an_address:
        candidates += _word_candidates(
            session, in_scope, CustomerSearch.email_words, query.words, limit, _EMAIL_WORDS
        )
    elif query.by_name:
        candidates += _word_candidates(
            session, in_scope, CustomerSearch.name_key, query.words, limit, _NAME_WORDS
        )
    best: dict[uuid.UUID, _Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: c.rank):
        best.setdefault(candidate.customer_id, candidate)
    chosen = list(best.values())[:limit]
    customers = {
        customer.id: customer
        for customer in session.scalars(
            service.visible(user=user).where(Customer.id.in_([c.customer_id for c in chosen]))
        )
    }
    return [
        LookupHit(
            customer=CustomerRead.model_validate(customers[c.customer_id]),
            matched=c.matched,
            matched_text=c.text or _matched_text(customers[c.customer_id], c.matched, query),
        )
        for c in chosen
        if c.customer_id in customers  # deleted since the index was read
    ]


def _key_readings(query: LookupQuery) -> list[tuple[MatchField, str, str | None]]:
    """``(field, key prefix, letters)`` to look for; ``None`` letters: any."""
    readings: list[tuple[MatchField, str, str | None]] = []
    if query.phone:
        readings.append((MatchField.PHONE, query.phone, ""))
    if query.email:
        readings.append((MatchField.EMAIL, query.email, ""))
    document = document_key(query.document or "")
    if document:
        key, letters = document
        wanted = letters or None  # the digits alone find a number whatever its letters
        readings += [(MatchField.ORDER, key, wanted), (MatchField.INVOICE, key, wanted)]
    # No stored key holds a NUL (PostgreSQL text cannot), and PostgreSQL refuses one bound.
    return [reading for reading in readings if "\x00" not in reading[1] + (reading[2] or "")]


def _key_candidates(
    session: Session,
    in_scope: StoreScope,
    reading: tuple[MatchField, str, str | None],
    limit: int,
) -> list[_Candidate]:
    field, prefix, letters = reading
    key = CustomerSearchKey
    statement = (
        select(key.customer_id, key.key, key.text, CustomerSearch.name_key)
        .join(CustomerSearch, CustomerSearch.customer_id == key.customer_id)
        .where(key.field == field, key.key >= prefix, in_scope(key.store_id))
        .order_by(key.key, key.customer_id)
        .limit(limit * _KEY_SPREAD)
    )
    end = prefix_end(prefix)
    if end is not None:
        statement = statement.where(key.key < end)
    if letters is not None:
        statement = statement.where(key.letters == letters)
    return [
        _Candidate(
            (_EXACT, "", 0, name, customer_id)
            if found == prefix
            else (_PREFIX, found, 0, name, customer_id),
            customer_id,
            field,
            shown,
        )
        for customer_id, found, shown, name in session.execute(statement)
    ]


def _word_candidates(
    session: Session,
    in_scope: StoreScope,
    column: InstrumentedAttribute[str],
    query_words: tuple[str, ...],
    limit: int,
    kind: int,
) -> list[_Candidate]:
    if session.get_bind().dialect.name == "postgresql":
        rows = _postgres_words(session, in_scope, column, query_words, limit)
    else:
        rows = _sqlite_words(session, in_scope, column, query_words, limit)
    matched = MatchField.EMAIL if kind == _EMAIL_WORDS else MatchField.NAME
    return [
        _Candidate((kind, "", count, name, customer_id), customer_id, matched, None)
        for count, name, customer_id in rows
    ]


def _best(session: Session, statement: Select[int, str, uuid.UUID], limit: int) -> list[WordRow]:
    """The first ``limit`` rows of ``statement`` in the order of its columns (the rank)."""
    ranked = statement.order_by(*statement.selected_columns).limit(limit)
    return [(count, name, customer_id) for count, name, customer_id in session.execute(ranked)]


def _sqlite_words(
    session: Session,
    in_scope: StoreScope,
    column: InstrumentedAttribute[str],
    query_words: tuple[str, ...],
    limit: int,
) -> list[WordRow]:
    """An FTS5 prefix query; every word quoted, so no input is read as FTS5 syntax."""
    quoted = " AND ".join('"' + word.replace('"', '""') + '"*' for word in query_words)
    whole_table: ColumnElement[Any] = literal_column(_FTS.name)  # FTS5 matches on the table
    found = select(_FTS.c.rowid).where(whole_table.op("MATCH")(f"{column.key} : ({quoted})"))
    search = CustomerSearch
    statement = select(search.name_words, search.name_key, search.customer_id).where(
        search.id.in_(found.scalar_subquery()), in_scope(search.store_id)
    )
    return _best(session, statement, limit)


def _postgres_words(
    session: Session,
    in_scope: StoreScope,
    column: InstrumentedAttribute[str],
    query_words: tuple[str, ...],
    limit: int,
) -> list[WordRow]:
    """The first ``limit`` matches in rank order, read the cheap way for the query at hand.

    A short prefix ("j") matches a large share of all customers: sorting every
    match to keep the first few would read them all, so the first rows of the
    rank index are checked first (:data:`_WINDOW` of them for names, which the
    index holds; fewer for email words, read from the table); when they hold
    ``limit`` matches, those are the answer. A rarer query falls through to
    the GIN index, whose matches are then few enough to sort.
    """

    def matches(words: Column[str], wanted: tuple[str, ...]) -> ColumnElement[bool]:
        vector = func.array_to_tsvector(func.string_to_array(words, literal_column("' '")))
        # Inlined, not bound: a plan cached for "any tsquery" cannot know how rare this one is.
        tsquery = " & ".join(_tsquery_prefix(word) for word in wanted)
        return vector.op("@@")(cast(bindparam(None, tsquery, literal_execute=True), TSQUERY))

    search = CustomerSearch
    window = (
        select(search.name_words, search.name_key, search.customer_id, column.label("words"))
        .where(in_scope(search.store_id))
        .order_by(search.name_words, search.name_key, search.customer_id)
        .limit(_WINDOW if column is search.name_key else _WINDOW // 10)
        .subquery()
    )
    walked = select(window.c.name_words, window.c.name_key, window.c.customer_id).where(
        matches(window.c.words, query_words)
    )
    rows = _best(session, walked, limit)
    if len(rows) == limit:
        return rows
    # MATERIALIZED: every match first, through the GIN index, then the best of them in
    # scope (a store filter inside would tempt the planner to read the whole store instead)
    found = (
        select(search.name_words, search.name_key, search.customer_id, search.store_id)
        .where(matches(column, query_words))
        .cte("found")
        .prefix_with("MATERIALIZED")
    )
    best = select(found.c.name_words, found.c.name_key, found.c.customer_id).where(
        in_scope(found.c.store_id)
    )
    with _index_scans_only(session):
        return _best(session, best, limit)


@contextmanager
def _index_scans_only(session: Session) -> Iterator[None]:
    """Keep the planner off a table scan for one statement.

    PostgreSQL guesses the share of rows a prefix ``tsquery`` matches poorly
    (a few percent for a prefix nothing starts with), and at such a guess a
    scan of every row looks cheaper than the GIN index, while it costs a
    second at a million customers instead of a millisecond.
    """
    session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))


def _tsquery_prefix(word: str) -> str:
    """``'word':*`` with the quote and backslash escaped as tsquery input wants."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*"


def _matched_text(customer: Customer, matched: MatchField, query: LookupQuery) -> str:
    """The name, or the address whose words the query's words begin."""
    if matched is MatchField.EMAIL:
        for email in customer.emails:
            email_words = words(email.email)
            if all(any(w.startswith(q) for w in email_words) for q in query.words):
                return email.email
    return customer.name
