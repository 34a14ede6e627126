"""The cached records: server copies, with local changes laid over them.

Invariant: ``data`` = ``server_data`` updated, in the order they were made,
by the ``local_fields`` of every op on that record that is still waiting
(outbox) or awaiting the user (conflict). So a record with unsent edits
shows them whatever the server sends meanwhile, and settling an op shows
exactly what is left. Every write of ``data`` here also rewrites what the
record is found by (its phone numbers in the phone index, its names, numbers
and addresses in the look-up index, an article's words in the KB index), in
the same transaction.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk_app.client.store import kb_index, lookup_index, phone_index
from desk_app.client.store.schema import CachedRecord, Conflict, OutboxOp
from desk_app.client.store.views import RecordChange


def _reindex(
    session: Session, entity: str, record_id: uuid.UUID, data: dict[str, Any] | None
) -> None:
    phone_index.reindex(session, entity, record_id, data)
    lookup_index.reindex(session, entity, record_id, data)
    kb_index.reindex(session, entity, record_id, data)


def _overlays(session: Session, entity: str, record_id: uuid.UUID) -> list[dict[str, Any]]:
    rows: list[tuple[Any, dict[str, Any] | None]] = []
    for model in (Conflict, OutboxOp):
        rows += session.execute(
            select(model.created_at, model.local_fields).where(
                model.entity == entity, model.entity_id == record_id
            )
        ).all()
    return [fields for _at, fields in sorted(rows, key=lambda row: row[0]) if fields]


def refresh(session: Session, entity: str, record_id: uuid.UUID) -> RecordChange | None:
    """Recompute what the window shows of one record; ``None`` if it is not cached."""
    row = session.get(CachedRecord, (entity, record_id))
    if row is None:
        return None
    overlays = _overlays(session, entity, record_id)
    if row.server_data is None and not overlays:
        # made on this desk and refused by the server: nothing is left of it
        session.delete(row)
        _reindex(session, entity, record_id, None)
        return RecordChange(entity, record_id, "removed")
    data = dict(row.server_data or {"id": str(record_id)})
    for fields in overlays:
        data.update(fields)
    row.data = data
    _reindex(session, entity, record_id, data)
    return RecordChange(entity, record_id, "changed")


def apply_local(
    session: Session, change_entity: str, record_id: uuid.UUID, fields: dict[str, Any]
) -> None:
    """Show a local change at once (the op that carries it is written in the same transaction)."""
    row = session.get(CachedRecord, (change_entity, record_id))
    if row is None:
        data = {"id": str(record_id), **fields}
        session.add(CachedRecord(entity=change_entity, id=record_id, data=data))
    else:
        data = row.data = {**row.data, **fields}
    _reindex(session, change_entity, record_id, data)


Key = tuple[str, uuid.UUID]


def preload(session: Session, keys: Iterable[Key]) -> set[Key]:
    """Load the cached rows of ``keys`` into the session; the keys that carry local changes.

    A few queries per page of the feed instead of several per record: a first
    sync brings tens of thousands of records (a team's month of work).
    """
    by_entity: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entity, record_id in keys:
        by_entity[entity].add(record_id)
    overlaid: set[Key] = set()
    for entity, ids in by_entity.items():
        for chunk in _chunks(sorted(ids)):
            session.scalars(
                select(CachedRecord).where(
                    CachedRecord.entity == entity, CachedRecord.id.in_(chunk)
                )
            ).all()
            for model in (Conflict, OutboxOp):
                overlaid.update(
                    (entity, record_id)
                    for record_id in session.scalars(
                        select(model.entity_id).where(
                            model.entity == entity, model.entity_id.in_(chunk)
                        )
                    )
                    if record_id is not None
                )
    return overlaid


def _chunks(ids: list[uuid.UUID], size: int = 500) -> Iterator[list[uuid.UUID]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def put_server_record(
    session: Session,
    entity: str,
    record: dict[str, Any],
    seq: int | None = None,
    *,
    overlaid: bool = True,
) -> RecordChange | None:
    """Store the server's copy unless a newer one is cached; ``None`` if it was stale.

    ``overlaid=False`` (known from :func:`preload`): no local change waits on the
    record, so what the window shows is the server's copy as it is.
    """
    record_id = uuid.UUID(str(record["id"]))
    version = record.get("version")
    row = session.get(CachedRecord, (entity, record_id))
    if row is None:
        row = CachedRecord(entity=entity, id=record_id, data={})
        session.add(row)
    elif version is not None and row.version is not None and version < row.version:
        return None
    row.server_data = record
    row.version = version
    if seq is not None:
        row.seq = max(seq, row.seq or 0)
    if not overlaid:
        row.data = dict(record)
        _reindex(session, entity, record_id, row.data)
        return RecordChange(entity, record_id, "changed")
    session.flush()
    return refresh(session, entity, record_id)


def drop(session: Session, entity: str, record_id: uuid.UUID) -> RecordChange:
    """Forget a record (deleted on the server, or out of the user's sight)."""
    session.execute(
        delete(CachedRecord).where(CachedRecord.entity == entity, CachedRecord.id == record_id)
    )
    _reindex(session, entity, record_id, None)
    return RecordChange(entity, record_id, "removed")
