"""The desk's local tables: a separate schema from the server's, with its own migrations.

The desk keeps what it shows (the cache), what it still has to tell the
server (the outbox), what the server refused (conflicts, rejected ops) and
what the user is typing (drafts). Nothing here is shared with
``desk_app.server``: the two schemas evolve on their own release cycles.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes: SQLite hands back naive values, this puts the zone back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the local store (never the server's)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON(),
    }


class CachedRecord(Base):
    """One server record as the desk shows it.

    ``server_data``/``version`` are the newest server copy seen; ``data`` is
    what the window shows: the server copy with every local change not yet
    settled (outbox ops, open conflicts) laid over it. ``server_data`` is
    NULL for a record created on this desk and not yet accepted.
    """

    __tablename__ = "cached_record"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int | None]
    seq: Mapped[int | None]
    server_data: Mapped[dict[str, Any] | None]
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PhoneEntry(Base):
    """One number of one cached customer: what an incoming call's customer is found by.

    Kept in step with ``cached_record.data`` in the same transaction as every
    write of a customer (see ``phone_index``), so a screen pop is one indexed
    look-up however many customers the desk has cached.
    """

    __tablename__ = "phone_index"

    e164: Mapped[str] = mapped_column(String(20), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)


FTS_TABLES = (
    "lookup_name",
    "lookup_email_words",
    "lookup_phone",
    "lookup_email",
    "lookup_document",
)
"""The look-up's FTS5 tables (migration 0004): virtual tables no model describes."""
KB_FTS_TABLE = "kb_index"
"""The knowledge base's FTS5 table (migration 0005), likewise."""


def is_fts_table(name: str) -> bool:
    """Whether ``name`` is an FTS5 table of the store or a shadow table FTS5 keeps for one."""
    return any(
        name == table or name.startswith(table + "_") for table in (*FTS_TABLES, KB_FTS_TABLE)
    )


class LookupRecord(Base):
    """A cached record the look-up index holds rows of, under a small integer ``key``.

    The FTS5 tables of :mod:`~desk_app.client.store.lookup_index` number their
    rows ``key << 8 | slot``, so a record's rows are found again by a rowid
    range when it changes. ``customer_id`` is whose record it is (an order's
    or invoice's customer; ``NULL`` for a customer, who is itself);
    ``digest`` fingerprints the rows, so a write that changes none of them
    (a status, a flag) leaves the index alone.
    """

    __tablename__ = "lookup_record"
    __table_args__ = (UniqueConstraint("entity", "record_id"),)

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID | None]
    digest: Mapped[int | None] = mapped_column(BigInteger)


class _OpColumns:
    """What an operation is, wherever it currently waits (outbox, conflicts, rejected)."""

    op_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    base_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the cached record the op changed locally, and how (its overlay)
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None]
    local_fields: Mapped[dict[str, Any] | None]


class OutboxOp(_OpColumns, Base):
    """An op the server has not answered yet; ``position`` is the order it is sent in."""

    __tablename__ = "outbox_op"
    __table_args__ = (Index("ix_outbox_op_entity_entity_id", "entity", "entity_id"),)

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Conflict(_OpColumns, Base):
    """An op the server refused as stale, kept until the user resolves it."""

    __tablename__ = "conflict"

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    server_record: Mapped[dict[str, Any] | None]
    reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class RejectedOp(_OpColumns, Base):
    """An op the server (or the desk, for a malformed one) refused, with its reason."""

    __tablename__ = "rejected_op"

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reason: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Draft(Base):
    """Text being typed, saved keystroke by keystroke so a crash loses none of it."""

    __tablename__ = "draft"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncState(Base):
    """Where the desk is in the server's change log (a single row, ``id`` 1)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_synced_at: Mapped[datetime | None]
