"""Which cached knowledge-base articles a search finds: an FTS5 index kept in step with the cache.

The rep searches the KB as they type, with the customer waiting and perhaps
with the network gone, so the articles the desk has seen (from the feed, or
from the server's answers) are searched here first. Each cached
``kb_article`` has one row in ``kb_index`` (migration 0005): its folded
title, tag and body words (:func:`~desk_app.domain.knowledge.article_terms`,
the server's own), rewritten in the transaction that writes the record.

Matching and ranking are the server's: every query word begins a word of
the article; the best first by :func:`~desk_app.domain.knowledge.rank_key`.
Every query word is quoted (``"word"*``), so no input is read as FTS5 syntax.
"""

import json
import sqlite3
import uuid
from typing import Any

from sqlalchemy.orm import Session

from desk_app.client.store.schema import KB_FTS_TABLE
from desk_app.domain.knowledge import ArticleTerms, article_terms, matches, rank_key

ENTITY = "kb_article"
TABLE = KB_FTS_TABLE
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
"""Terms are folded before they are stored: the tokenizer only splits them at spaces."""
PREFIX = "1 2 3"
"""Prefix lengths FTS5 keeps an index for: a one-letter query is as quick as a long one."""

_ROWID_BITS = (1 << 63) - 1


def rowid_of(article_id: uuid.UUID) -> int:
    """The article's row: its id's low 63 bits (random in a UUIDv4 or v7, so never shared)."""
    return article_id.int & _ROWID_BITS


def terms_of(data: dict[str, Any]) -> ArticleTerms | None:
    """What a cached article is found by; ``None`` for a record without a title."""
    title, body, tags = data.get("title"), data.get("body"), data.get("tags")
    if not isinstance(title, str):
        return None
    listed = [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
    return article_terms(title, listed, body if isinstance(body, str) else "")


_FORGET = f"DELETE FROM {TABLE} WHERE rowid = ?"  # noqa: S608 - our table
_WRITE = f"INSERT INTO {TABLE} (rowid, article_id, title, tags, words) VALUES (?, ?, ?, ?, ?)"  # noqa: S608


def reindex(
    session: Session, entity: str, record_id: uuid.UUID, data: dict[str, Any] | None
) -> None:
    """Make the index match an article's new ``data`` (``None``: the article is gone)."""
    if entity != ENTITY:
        return
    connection = session.connection()
    rowid = rowid_of(record_id)
    connection.exec_driver_sql(_FORGET, (rowid,))
    terms = terms_of(data) if data is not None else None
    if terms is not None:
        connection.exec_driver_sql(
            _WRITE, (rowid, record_id.hex, terms.title, terms.tags, terms.words)
        )


_SEARCH = (
    "SELECT hit.article_id, hit.title, hit.tags, hit.words,"  # noqa: S608 - our table
    " json_extract(record.data, '$.title'), json_extract(record.data, '$.slug')"
    f" FROM {TABLE} AS hit JOIN cached_record AS record"
    " ON record.entity = 'kb_article' AND record.id = hit.article_id"
    f" WHERE {TABLE} MATCH ?"
)
"""Each match with what ranks it; the records themselves are read for the best few only."""
_RECORDS = "SELECT id, data FROM cached_record WHERE entity = 'kb_article' AND id IN ({ids})"


def search(
    connection: sqlite3.Connection, wanted: tuple[str, ...], limit: int
) -> list[dict[str, Any]]:
    """The ``limit`` best cached articles for the query's folded words, best first."""
    if not wanted or limit < 1:
        return []
    quoted = " AND ".join('"' + word.replace('"', '""') + '"*' for word in wanted)
    found = []
    rows = connection.execute(_SEARCH, (f"words : ({quoted})",))
    for article_id, terms_title, tags, words, title, slug in rows:
        terms = ArticleTerms(terms_title, tags, words)
        if matches(wanted, terms):  # the shared reading decides, not the tokenizer
            found.append((rank_key(wanted, terms, str(title or ""), str(slug or "")), article_id))
    chosen = [article_id for _, article_id in sorted(found)[:limit]]
    records = connection.execute(_RECORDS.format(ids=", ".join("?" * len(chosen))), chosen)
    shown = {article_id: json.loads(data) for article_id, data in records.fetchall()}
    return [shown[article_id] for article_id in chosen if article_id in shown]


_BY_SLUG = (
    "SELECT data FROM cached_record"
    " WHERE entity = 'kb_article' AND json_extract(data, '$.slug') = ? LIMIT 1"
)


def by_slug(connection: sqlite3.Connection, slug: str) -> dict[str, Any] | None:
    """The cached article with this slug (a link followed: one read of the articles' records)."""
    row = connection.execute(_BY_SLUG, (slug,)).fetchone()
    return None if row is None else dict(json.loads(row[0]))
