"""knowledge-base index of cached articles, filled from the articles already cached

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:00:00

One FTS5 table holds what an article is found by (see
``desk_app/client/store/kb_index.py``, which keeps it in step from here on):
its folded title, tag and body words, numbered by the low 63 bits of the
article's id. The backfill folds them with the domain's
:func:`~desk_app.domain.knowledge.article_terms`, the server's own.
"""

import json
import uuid
from collections.abc import Sequence

from alembic import op

from desk_app.domain.knowledge import article_terms

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE kb_index USING fts5(article_id UNINDEXED, title, tags, words,"
        f" tokenize=\"{TOKENIZE}\", prefix='1 2 3')"
    )
    connection = op.get_bind()
    rows = []
    for record_id, data in connection.exec_driver_sql(
        "SELECT id, data FROM cached_record WHERE entity = 'kb_article'"
    ):
        article = json.loads(data)
        title, tags, body = article.get("title"), article.get("tags"), article.get("body")
        if not isinstance(title, str):
            continue
        listed = [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
        terms = article_terms(title, listed, body if isinstance(body, str) else "")
        article_id = uuid.UUID(record_id)
        rows.append(
            (article_id.int & ((1 << 63) - 1), article_id.hex, terms.title, terms.tags, terms.words)
        )
    if rows:
        connection.exec_driver_sql(
            "INSERT INTO kb_index (rowid, article_id, title, tags, words) VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def downgrade() -> None:
    op.execute("DROP TABLE kb_index")
