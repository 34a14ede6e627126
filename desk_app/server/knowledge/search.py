"""The knowledge-base search index, and the search that reads it instead of every body.

``kb_search`` holds each article's folded terms
(:func:`~desk_app.domain.knowledge.article_terms`); each backend indexes
them in migration 0006, outside the models (:data:`BACKEND_OBJECTS`): an
FTS5 table ``kb_search_fts`` kept in step by triggers on SQLite, a GIN index
over the words on PostgreSQL. A session hook re-derives an article's row in
the flush that writes the article, so no write path can forget it; a bulk
load that bypasses the ORM (the seed's) calls :func:`rebuild` after it.

A search finds the articles holding every query word as a prefix through
the index, then ranks them with :func:`~desk_app.domain.knowledge.rank_key`
from their titles and tags alone, the ranking the desk's cache uses too.
At a few thousand articles, even a one-letter query ranks a few thousand
short rows; no body is read but those of the articles shown.
"""

import uuid
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    ForeignKey,
    Integer,
    Text,
    bindparam,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    table,
)
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from desk_app.domain.knowledge import ArticleTerms, article_terms, rank_key
from desk_app.server.core.db import Base
from desk_app.server.knowledge.models import KbArticle

FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
"""Terms are folded before they are stored: the tokenizer only splits them at spaces."""

BACKEND_OBJECTS = frozenset(
    {
        "kb_search_fts",
        "kb_search_fts_config",
        "kb_search_fts_data",
        "kb_search_fts_docsize",
        "kb_search_fts_idx",
        "ix_kb_search_words_gin",
    }
)
"""Tables and indexes one backend has and the models do not describe (migration 0006)."""

_FTS = table("kb_search_fts", sql_column("rowid", Integer))
_WATCHED = frozenset({"title", "tags", "body"})


class KbSearch(Base):
    """One article's folded terms; ``id`` is the FTS5 rowid on SQLite. Derived, never edited."""

    __tablename__ = "kb_search"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    article_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_article.id", ondelete="CASCADE"), unique=True
    )
    title_words: Mapped[str] = mapped_column(Text)
    tag_words: Mapped[str] = mapped_column(Text)
    words: Mapped[str] = mapped_column(Text)


def _row(article_id: Any, title: str, tags: list[str], body: str) -> dict[str, Any]:
    terms = article_terms(title, tags, body)
    return {
        "article_id": article_id,
        "title_words": terms.title,
        "tag_words": terms.tags,
        "words": terms.words,
    }


def _write(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(KbSearch), rows)


def rebuild(connection: Connection) -> dict[str, int]:
    """Derive every article's row again (after a bulk load); rows written per table."""
    connection.execute(delete(KbSearch))
    articles = connection.execute(
        select(KbArticle.id, KbArticle.title, KbArticle.tags, KbArticle.body)
    )
    rows = [_row(*article) for article in articles]
    _write(connection, rows)
    return {KbSearch.__tablename__: len(rows)}


def _touched(session: Session) -> tuple[list[KbArticle], set[uuid.UUID]]:
    """Articles to index again, and every article whose old row must go."""
    again: list[KbArticle] = []
    gone: set[uuid.UUID] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, KbArticle):
            continue
        state = inspect(obj)
        if obj in session.dirty and not any(
            state.attrs[name].history.has_changes() for name in _WATCHED
        ):
            continue
        gone.add(obj.id)
        if obj not in session.deleted:
            again.append(obj)
    return again, gone


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    again, gone = _touched(session)
    if not gone:
        return
    connection = session.connection()
    connection.execute(delete(KbSearch).where(KbSearch.article_id.in_(sorted(gone))))
    _write(connection, [_row(a.id, a.title, list(a.tags), a.body) for a in again])


def install() -> None:
    """Register the hook on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _matching(dialect: str, wanted: tuple[str, ...]) -> ColumnElement[bool]:
    """Rows holding every wanted word as a prefix of one of their words, through the index."""
    if dialect == "postgresql":
        vector = func.array_to_tsvector(func.string_to_array(KbSearch.words, literal_column("' '")))
        tsquery = " & ".join(
            "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in wanted
        )
        # inlined, not bound: a plan made for "any tsquery" cannot know how rare this one is
        return vector.op("@@")(cast(bindparam(None, tsquery, literal_execute=True), TSQUERY))
    quoted = " AND ".join('"' + word.replace('"', '""') + '"*' for word in wanted)
    whole_table: ColumnElement[Any] = literal_column(_FTS.name)  # FTS5 matches on the table
    found = select(_FTS.c.rowid).where(whole_table.op("MATCH")(f"words : ({quoted})"))
    return KbSearch.id.in_(found.scalar_subquery())


def ranked_ids(
    session: Session,
    wanted: tuple[str, ...],
    *,
    where: Iterable[ColumnElement[bool]] = (),
    limit: int,
) -> list[uuid.UUID]:
    """The ``limit`` best articles holding every word of ``wanted`` (and ``where``), best first."""
    if not wanted:
        return []
    dialect = session.get_bind().dialect.name
    statement = (
        select(
            KbArticle.id, KbArticle.title, KbArticle.slug, KbSearch.title_words, KbSearch.tag_words
        )
        .join(KbSearch, KbSearch.article_id == KbArticle.id)
        .where(_matching(dialect, wanted), *where)
    )
    found = [
        (rank_key(wanted, ArticleTerms(title_words, tag_words, ""), title, slug), article_id)
        for article_id, title, slug, title_words, tag_words in session.execute(statement)
    ]
    return [article_id for _, article_id in sorted(found)[:limit]]
