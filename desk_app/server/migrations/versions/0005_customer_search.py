"""customer search index (GIN on PostgreSQL, FTS5 on SQLite), filled from the stored customers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 12:00:00.000000
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
from alembic import op

# The one piece of app code a migration here uses: how a value is folded into
# keys must be the look-up's own, or the backfilled rows could never match.
from desk_app.server.customers.search_keys import email_words, key_rows, name_key

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODE_POINT_TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
_SQLITE_FTS = [
    """
    CREATE VIRTUAL TABLE customer_search_fts USING fts5(
        name_key, email_words, content='customer_search', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'", prefix='1 2'
    )
    """,
    # The documented way to keep an external-content FTS5 table in step; they
    # fire for rows removed by ON DELETE CASCADE too.
    """
    CREATE TRIGGER customer_search_fts_insert AFTER INSERT ON customer_search BEGIN
        INSERT INTO customer_search_fts (rowid, name_key, email_words)
        VALUES (new.id, new.name_key, new.email_words);
    END
    """,
    """
    CREATE TRIGGER customer_search_fts_delete AFTER DELETE ON customer_search BEGIN
        INSERT INTO customer_search_fts (customer_search_fts, rowid, name_key, email_words)
        VALUES ('delete', old.id, old.name_key, old.email_words);
    END
    """,
    """
    CREATE TRIGGER customer_search_fts_update AFTER UPDATE ON customer_search BEGIN
        INSERT INTO customer_search_fts (customer_search_fts, rowid, name_key, email_words)
        VALUES ('delete', old.id, old.name_key, old.email_words);
        INSERT INTO customer_search_fts (rowid, name_key, email_words)
        VALUES (new.id, new.name_key, new.email_words);
    END
    """,
    "INSERT INTO customer_search_fts (customer_search_fts) VALUES ('rebuild')",  # the backfill
]
_POSTGRES_GIN = [
    f"CREATE INDEX ix_customer_search_{column}_gin ON customer_search"
    f" USING gin (array_to_tsvector(string_to_array({column}, ' ')))"
    for column in ("name_key", "email_words")
]


def upgrade() -> None:
    op.create_table(
        "customer_search",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("name_key", CODE_POINT_TEXT, nullable=False),
        sa.Column("name_words", sa.Integer(), nullable=False),
        sa.Column("email_words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_search_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_search")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_customer_search_customer_id")),
    )
    op.create_table(
        "customer_search_key",
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("key", CODE_POINT_TEXT, nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("letters", sa.String(length=20), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_search_key_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "field", "key", "customer_id", "letters", name=op.f("pk_customer_search_key")
        ),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    _backfill(bind)  # before the indexes: one sort each instead of a million updates
    op.create_index(
        "ix_customer_search_rank", "customer_search", ["name_words", "name_key", "customer_id"]
    )
    op.create_index(
        "ix_customer_search_store_rank",
        "customer_search",
        ["store_id", "name_words", "name_key", "customer_id"],
    )
    op.create_index(
        op.f("ix_customer_search_key_customer_id"), "customer_search_key", ["customer_id"]
    )
    for statement in _SQLITE_FTS if bind.dialect.name == "sqlite" else _POSTGRES_GIN:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER customer_search_fts_{name}")
        op.execute("DROP TABLE customer_search_fts")
    op.drop_index(op.f("ix_customer_search_key_customer_id"), table_name="customer_search_key")
    op.drop_table("customer_search_key")
    op.drop_index("ix_customer_search_store_rank", table_name="customer_search")
    op.drop_index("ix_customer_search_rank", table_name="customer_search")
    op.drop_table("customer_search")  # its GIN indexes go with it


def _backfill(bind: sa.Connection) -> None:
    """Index the customers already stored (the running app indexes every later write)."""
    search = sa.table(
        "customer_search",
        *(sa.column(name) for name in ("customer_id", "store_id", "name_key", "name_words")),
        sa.column("email_words"),
    )
    keys = sa.table(
        "customer_search_key",
        *(sa.column(c) for c in ("field", "key", "letters", "customer_id", "store_id", "text")),
    )
    _insert(bind, search, _search_rows(bind))
    _insert(bind, keys, _key_rows(bind))


def _search_rows(bind: sa.Connection) -> Iterator[tuple[Any, ...]]:
    emails: defaultdict[Any, list[str]] = defaultdict(list)
    for customer_id, email in bind.execute(
        sa.text("SELECT customer_id, email FROM customer_email ORDER BY position")
    ):
        emails[customer_id].append(email)
    customers = sa.text("SELECT id, name, store_id FROM customer")
    for customer_id, name, store_id in _streamed(bind, customers):
        key, count = name_key(name)
        yield customer_id, store_id, key, count, email_words(emails.pop(customer_id, []))


def _key_rows(bind: sa.Connection) -> Iterator[tuple[Any, ...]]:
    sources = {
        "phones": "SELECT s.customer_id, c.store_id, s.e164 FROM customer_phone s",
        "emails": "SELECT s.customer_id, c.store_id, s.email FROM customer_email s",
        "orders": "SELECT s.customer_id, c.store_id, s.number FROM sales_order s",
        "invoices": "SELECT s.customer_id, c.store_id, s.number FROM invoice s",
    }
    for source, select in sources.items():
        joined = sa.text(f"{select} JOIN customer c ON c.id = s.customer_id ORDER BY s.customer_id")
        owner, seen = None, set[tuple[str, str]]()
        for customer_id, store_id, value in _streamed(bind, joined):
            if customer_id != owner:
                owner, seen = customer_id, set()
            for field, key, letters, text in key_rows(**{source: [value]}):
                if (key, letters) not in seen:  # one customer's two numbers may share a key
                    seen.add((key, letters))
                    yield field.value, key, letters, customer_id, store_id, text


def _streamed(bind: sa.Connection, statement: sa.TextClause) -> Iterator[Any]:
    return iter(bind.execute(statement, execution_options={"yield_per": 5_000}))


def _insert(bind: sa.Connection, table: sa.TableClause, rows: Iterator[tuple[Any, ...]]) -> None:
    names = [column.name for column in table.columns]
    while batch := [dict(zip(names, row, strict=True)) for row in islice(rows, 5_000)]:
        bind.execute(table.insert(), batch)
