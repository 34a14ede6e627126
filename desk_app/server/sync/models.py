"""What the sync protocol keeps: the change log, applied operations, idempotency keys."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.server.core.db import Base, utcnow

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a bigint identity.
SequenceNumber = BigInteger().with_variant(Integer(), "sqlite")


class ChangeLogEntry(Base):
    """One change to one record, in commit order (``seq`` is gap-free in commit order).

    The scope columns hold the record's owner, team and store after the change
    and ``prev_*`` before it, so a desk that just lost sight of a record (a
    reassignment) is told to drop it.
    """

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(SequenceNumber, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(10))  # upsert | delete
    resource: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[uuid.UUID | None]
    team_id: Mapped[uuid.UUID | None]
    store_id: Mapped[uuid.UUID | None]
    prev_owner_id: Mapped[uuid.UUID | None]
    prev_team_id: Mapped[uuid.UUID | None]
    prev_store_id: Mapped[uuid.UUID | None]


class AppliedOp(Base):
    """The first answer given to one desk operation; its primary key makes replays harmless."""

    __tablename__ = "applied_op"

    op_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    answer: Mapped[dict[str, Any]] = mapped_column(default=dict)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    """The stored response to a POST sent with an ``Idempotency-Key``.

    ``response_status`` is null while the first request is still running, so a
    concurrent retry can be told to wait instead of running twice.
    """

    __tablename__ = "idempotency_record"

    id: Mapped[int] = mapped_column(SequenceNumber, primary_key=True, autoincrement=True)
    scope_key: Mapped[str] = mapped_column(String(64), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int | None]
    response_type: Mapped[str | None] = mapped_column(String(100))
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
