"""Resolving conflicts: the user decides, the store never drops one on its own.

Every resolution is one transaction: the conflict row goes and, for keep
mine / merge, a new op (new ``op_id``, based on the server's version) takes
its place in the outbox, so a crash cannot lose the decision halfway.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.client.store import cache, outbox
from desk_app.client.store.schema import Conflict
from desk_app.client.store.views import ConflictView, LocalChange, RecordChange


def _view(row: Conflict) -> ConflictView:
    return ConflictView(
        op_id=row.op_id,
        kind=row.kind,
        payload=row.payload,
        base_version=row.base_version,
        entity=row.entity,
        entity_id=row.entity_id,
        server_record=row.server_record,
        reason=row.reason,
        answered_at=row.answered_at,
    )


def listing(session: Session) -> list[ConflictView]:
    return [_view(row) for row in session.scalars(select(Conflict).order_by(Conflict.position))]


def _take(session: Session, op_id: uuid.UUID) -> Conflict:
    row = session.scalar(select(Conflict).where(Conflict.op_id == op_id))
    if row is None:
        raise KeyError(f"no open conflict for op {op_id}")
    return row


def _finish(session: Session, row: Conflict) -> RecordChange | None:
    entity, entity_id = row.entity, row.entity_id
    session.delete(row)
    session.flush()
    if entity is None or entity_id is None:
        return None
    return cache.refresh(session, entity, entity_id)


def _reissue(session: Session, row: Conflict, changes: dict[str, Any]) -> uuid.UUID:
    server_version = (row.server_record or {}).get("version", row.base_version)
    local = None
    if row.entity is not None and row.entity_id is not None:
        local = LocalChange(row.entity, row.entity_id, {**(row.local_fields or {}), **changes})
    return outbox.add(
        session,
        kind=row.kind,
        payload={**row.payload, **changes},
        base_version=server_version,
        local=local,
    )


def keep_mine(session: Session, op_id: uuid.UUID) -> tuple[uuid.UUID, RecordChange | None]:
    """Send my change again, now on top of the server's version."""
    row = _take(session, op_id)
    new_op = _reissue(session, row, {})
    return new_op, _finish(session, row)


def take_theirs(session: Session, op_id: uuid.UUID) -> RecordChange | None:
    """Drop my change; the server's record (already cached) is what stays."""
    return _finish(session, _take(session, op_id))


def merge(
    session: Session, op_id: uuid.UUID, merged: dict[str, str]
) -> tuple[uuid.UUID, RecordChange | None]:
    """Send the user's merged text (``{field: text}``) as a new op on the server's version."""
    row = _take(session, op_id)
    new_op = _reissue(session, row, merged)
    return new_op, _finish(session, row)
