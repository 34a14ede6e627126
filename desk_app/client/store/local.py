"""The local store as the window sees it: read the cache, write ops and drafts, settle conflicts.

Every method is one short SQLite transaction on its own session, so the UI
thread can call it directly (each write well under a millisecond) while the
sync thread works on the same file.
"""

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.sqlite import insert

from desk_app.client.store import cache, conflicts, kb_index, lookup_index, outbox, phone_index
from desk_app.client.store.database import make_engine, upgrade
from desk_app.client.store.replica import Replica
from desk_app.client.store.schema import CachedRecord, Draft, OutboxOp, RejectedOp, utcnow
from desk_app.client.store.sessions import reading, transaction
from desk_app.client.store.views import (
    ConflictView,
    LocalChange,
    LocalHit,
    RecordChange,
    RejectedView,
)
from desk_app.domain.knowledge import query_words
from desk_app.domain.lookup import LookupQuery


class LocalStore:
    """One user's store file: cache, outbox, conflicts, rejected ops and drafts."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.replica = Replica(engine)

    @classmethod
    def open(cls, path: Path) -> "LocalStore":
        """Open (creating or upgrading) the store file at ``path``."""
        engine = make_engine(path)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    # --- writing locally -------------------------------------------------

    def record_op(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        base_version: int | None = None,
        local: LocalChange | None = None,
        latest_only: bool = False,
    ) -> uuid.UUID:
        """Show ``local`` at once and queue the op, in one transaction; the op's id.

        Either both the visible change and its outbox row are written, or
        neither: the desk never shows a change it will not send, nor sends
        one it did not show. ``latest_only`` (an op carrying a whole state,
        like a script trail) first drops the unanswered ops of this kind on
        the same record, so a rep's hundred moves offline wait as one op.
        """
        with transaction(self._engine, write=True) as session:
            if latest_only and local is not None:
                outbox.supersede(session, kind, local)
            if local is not None:
                cache.apply_local(session, local.entity, local.id, outbox.jsonable(local.fields))
            return outbox.add(
                session, kind=kind, payload=payload, base_version=base_version, local=local
            )

    def save_draft(self, key: str, text: str) -> None:
        """Save text as it is typed (one upsert)."""
        statement = insert(Draft).values(key=key, text=text, updated_at=utcnow())
        statement = statement.on_conflict_do_update(
            index_elements=[Draft.key],
            set_={"text": statement.excluded.text, "updated_at": statement.excluded.updated_at},
        )
        with transaction(self._engine, write=True) as session:
            session.execute(statement)

    def draft(self, key: str) -> str | None:
        with transaction(self._engine, write=False) as session:
            return session.scalar(select(Draft.text).where(Draft.key == key))

    def drafts(self) -> dict[str, tuple[str, datetime]]:
        """Every saved draft (to offer them back after a crash): ``{key: (text, updated_at)}``."""
        with transaction(self._engine, write=False) as session:
            rows = session.execute(select(Draft.key, Draft.text, Draft.updated_at))
            return {key: (text, at) for key, text, at in rows}

    def discard_draft(self, key: str) -> None:
        with transaction(self._engine, write=True) as session:
            session.execute(delete(Draft).where(Draft.key == key))

    # --- reading the cache ----------------------------------------------

    def record(self, entity: str, record_id: uuid.UUID) -> dict[str, Any] | None:
        """The record as the window shows it (server copy plus unsettled local changes)."""
        with transaction(self._engine, write=False) as session:
            row = session.get(CachedRecord, (entity, record_id))
            return None if row is None else row.data

    def records(self, entity: str) -> list[dict[str, Any]]:
        with transaction(self._engine, write=False) as session:
            return list(
                session.scalars(select(CachedRecord.data).where(CachedRecord.entity == entity))
            )

    def customers_by_phone(self, e164: str) -> list[dict[str, Any]]:
        """The cached customers with this number, for a screen pop: one indexed look-up.

        ``e164`` is an international number (``+12025550143``; spacing and
        punctuation are tolerated); anything else finds no one.
        """
        with transaction(self._engine, write=False) as session:
            return phone_index.customers_with(session, e164)

    def lookup(self, query: LookupQuery, limit: int = 20) -> list[LocalHit]:
        """The cached customers ``query`` finds, best first, each once with why it matched.

        Read from the look-up index (see :mod:`.lookup_index`), never by
        scanning the cache; safe on any thread (one pooled connection per
        call), so the window runs it off the UI thread.
        """
        with reading(self._engine) as connection:
            return lookup_index.lookup(connection, query, limit)

    def remember_customers(self, records: list[dict[str, Any]]) -> list[RecordChange]:
        """Cache server copies of customers (look-up hits from the server), in one transaction.

        The next look-up finds them locally; a copy older than the cached one
        is ignored. The changes to redraw.
        """
        with transaction(self._engine, write=True) as session:
            changes = [cache.put_server_record(session, "customer", r) for r in records]
            return [change for change in changes if change is not None]

    # --- knowledge base, canned answers, macros --------------------------

    def search_articles(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """The cached KB articles ``text`` finds, best first, as the server ranks them.

        Read from the KB index (see :mod:`.kb_index`); safe on any thread, so
        the window runs it off the UI thread as the rep types.
        """
        with reading(self._engine) as connection:
            return kb_index.search(connection, query_words(text), limit)

    def article_by_slug(self, slug: str) -> dict[str, Any] | None:
        """The cached article a link names, or ``None`` if this desk has not seen it."""
        with reading(self._engine) as connection:
            return kb_index.by_slug(connection, slug)

    def remember_articles(self, records: list[dict[str, Any]]) -> list[RecordChange]:
        """Cache server copies of articles (search answers), so they are found offline too."""
        with transaction(self._engine, write=True) as session:
            changes = [cache.put_server_record(session, kb_index.ENTITY, r) for r in records]
            return [change for change in changes if change is not None]

    def has_local_changes(self, entity: str, record_id: uuid.UUID) -> bool:
        """Whether the record shows changes the server has not accepted yet."""
        with transaction(self._engine, write=False) as session:
            found = session.scalar(
                select(OutboxOp.position)
                .where(OutboxOp.entity == entity, OutboxOp.entity_id == record_id)
                .limit(1)
            )
            return found is not None

    # --- what the server refused ----------------------------------------

    def conflicts(self) -> list[ConflictView]:
        with transaction(self._engine, write=False) as session:
            return conflicts.listing(session)

    def keep_mine(self, op_id: uuid.UUID) -> tuple[uuid.UUID, RecordChange | None]:
        """Resolve a conflict by sending my change again on the server's version."""
        with transaction(self._engine, write=True) as session:
            return conflicts.keep_mine(session, op_id)

    def take_theirs(self, op_id: uuid.UUID) -> RecordChange | None:
        """Resolve a conflict by dropping my change."""
        with transaction(self._engine, write=True) as session:
            return conflicts.take_theirs(session, op_id)

    def merge(
        self, op_id: uuid.UUID, merged: dict[str, str]
    ) -> tuple[uuid.UUID, RecordChange | None]:
        """Resolve a conflict with the user's merged text fields, sent as a new op."""
        with transaction(self._engine, write=True) as session:
            return conflicts.merge(session, op_id, merged)

    def rejected(self) -> list[RejectedView]:
        with transaction(self._engine, write=False) as session:
            rows = session.scalars(select(RejectedOp).order_by(RejectedOp.position))
            return [
                RejectedView(row.op_id, row.kind, row.payload, row.reason, row.answered_at)
                for row in rows
            ]

    def dismiss_rejected(self, op_id: uuid.UUID) -> None:
        """The user has read the reason; forget the op."""
        with transaction(self._engine, write=True) as session:
            session.execute(delete(RejectedOp).where(RejectedOp.op_id == op_id))
