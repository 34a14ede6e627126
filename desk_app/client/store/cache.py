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


def put_server_record(
    session: Session, entity: str, record: dict[str, Any], seq: int | None = None
) -> RecordChange | None:
    """Store the server's copy unless a newer one is cached; ``None`` if it was stale."""
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
    session.flush()
    return refresh(session, entity, record_id)


def drop(session: Session, entity: str, record_id: uuid.UUID) -> RecordChange:
    """Forget a record (deleted on the server, or out of the user's sight)."""
    session.execute(
        delete(CachedRecord).where(CachedRecord.entity == entity, CachedRecord.id == record_id)
    )
    _reindex(session, entity, record_id, None)
    return RecordChange(entity, record_id, "removed")
