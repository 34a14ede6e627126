"""The customer search index: derived rows the look-up reads instead of scanning customers.

Nobody edits these rows: :mod:`.search_index` derives them from the customer,
its phones, emails, orders and invoices in the transaction that changes those.
Each backend adds its own text index in migration 0005, outside the models
(see :data:`BACKEND_OBJECTS`): PostgreSQL GIN indexes over the words,
SQLite an FTS5 table ``customer_search_fts`` that triggers keep in step.
"""

import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.lookup import MatchField
from desk_app.server.core.db import Base, EnumText

CodePointText = Text().with_variant(Text(collation="C"), "postgresql")
"""Text ordered by code point on both backends (SQLite's BINARY order is that already)."""

BACKEND_OBJECTS = frozenset(
    {
        "customer_search_fts",
        "customer_search_fts_config",
        "customer_search_fts_data",
        "customer_search_fts_docsize",
        "customer_search_fts_idx",
        "ix_customer_search_name_key_gin",
        "ix_customer_search_email_words_gin",
    }
)
"""Tables and indexes one backend has and the models do not describe (migration 0005)."""


class CustomerSearch(Base):
    """One customer's folded name and email words, in look-up rank order by the indexes below.

    ``id`` is the FTS5 rowid on SQLite; ``store_id`` is the customer's, copied
    so retail scope filters the index without a join.
    """

    __tablename__ = "customer_search"
    # The look-up walks these in rank order: all customers, or one store's (retail scope).
    __table_args__ = (
        Index("ix_customer_search_rank", "name_words", "name_key", "customer_id"),
        Index("ix_customer_search_store_rank", "store_id", "name_words", "name_key", "customer_id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), unique=True
    )
    store_id: Mapped[uuid.UUID | None]
    name_key: Mapped[str] = mapped_column(CodePointText)
    name_words: Mapped[int]
    email_words: Mapped[str] = mapped_column(Text)


class CustomerSearchKey(Base):
    """A number or address a customer is found by, exactly or by a prefix of ``key``.

    See :func:`.search_keys.key_rows` for what the keys are.

    The primary key orders rows as a prefix look-up reads them: by field,
    then key, so ``LIMIT`` stops after the first few entries.
    """

    __tablename__ = "customer_search_key"
    # SQLite: the primary key is the table (one B-tree, not a table plus an index)
    __table_args__ = {"sqlite_with_rowid": False}

    field: Mapped[MatchField] = mapped_column(EnumText(MatchField), primary_key=True)
    key: Mapped[str] = mapped_column(CodePointText, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    letters: Mapped[str] = mapped_column(String(20), primary_key=True)
    """What an order or invoice number has before its digits (``inv``); else empty."""
    store_id: Mapped[uuid.UUID | None]
    text: Mapped[str] = mapped_column(String(254))
