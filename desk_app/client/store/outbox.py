"""The outbox: ops written with their local change, removed only when the server answers."""

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desk_app.client.protocol import RESULT_ENTITY, outcome
from desk_app.client.store import cache
from desk_app.client.store.schema import Conflict, OutboxOp, RejectedOp
from desk_app.client.store.views import LocalChange, PendingOp, RecordChange
from desk_app.domain.ids import new_id

_OP_FIELDS = (
    "op_id",
    "kind",
    "payload",
    "base_version",
    "created_at",
    "entity",
    "entity_id",
    "local_fields",
)


def jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """``value`` as JSON would carry it (ids and dates as strings), checked up front."""
    return json.loads(json.dumps(value, default=str))  # type: ignore[no-any-return]


def add(
    session: Session,
    *,
    kind: str,
    payload: dict[str, Any],
    base_version: int | None,
    local: LocalChange | None,
) -> uuid.UUID:
    """Queue one op; its id is minted here (UUIDv7, so ids sort by creation)."""
    op_id = new_id()
    session.add(
        OutboxOp(
            op_id=op_id,
            kind=kind,
            payload=jsonable(payload),
            base_version=base_version,
            entity=local.entity if local else None,
            entity_id=local.id if local else None,
            local_fields=jsonable(local.fields) if local else None,
        )
    )
    session.flush()
    return op_id


def supersede(session: Session, kind: str, local: LocalChange) -> None:
    """Drop the unanswered ``kind`` ops on ``local``'s record: a newer one carries all they did.

    Only for ops that carry a record's whole state of one field (a script
    trail, where the latest wins on the server). One already sent is
    harmless: it is applied before the new one, and its answer, finding no
    row, changes nothing here.
    """
    session.execute(
        delete(OutboxOp).where(
            OutboxOp.kind == kind,
            OutboxOp.entity == local.entity,
            OutboxOp.entity_id == local.id,
        )
    )


def pending(session: Session, limit: int) -> list[PendingOp]:
    """Up to ``limit`` of the oldest ops, in the order they were made, one per versioned record.

    A second edit of a record was made on top of the first, but carries the
    version the first one edited (the desk cannot know the version the server
    will give it). It waits for the next batch: by then the first is applied
    and :func:`settle` has moved it onto the version that produced.
    """
    batch: list[PendingOp] = []
    held_back: set[tuple[str, uuid.UUID]] = set()
    # twice the batch is read: a batch made smaller by held-back edits still moves on
    rows = session.scalars(select(OutboxOp).order_by(OutboxOp.position).limit(2 * limit))
    for row in rows:
        key = None
        if row.base_version is not None and row.entity and row.entity_id:
            key = (row.entity, row.entity_id)
        if key is not None and key in held_back:
            continue
        batch.append(PendingOp(row.op_id, row.kind, row.payload, row.base_version))
        if len(batch) == limit:
            break
        if key is not None:
            held_back.add(key)
    return batch


def _rebase_later_edits(session: Session, applied: OutboxOp, record: dict[str, Any]) -> None:
    """Edits queued after ``applied`` on the same record now edit the version it produced."""
    version = record.get("version")
    if applied.base_version is None or applied.entity is None or not isinstance(version, int):
        return
    session.execute(
        update(OutboxOp)
        .where(
            OutboxOp.entity == applied.entity,
            OutboxOp.entity_id == applied.entity_id,
            OutboxOp.base_version == applied.base_version,
            OutboxOp.position > applied.position,
        )
        .values(base_version=version)
    )


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxOp)) or 0


def note_failure(session: Session, op_ids: list[uuid.UUID], error: str, retry_at: datetime) -> None:
    session.execute(
        update(OutboxOp)
        .where(OutboxOp.op_id.in_(op_ids))
        .values(attempts=OutboxOp.attempts + 1, next_attempt_at=retry_at, last_error=error)
    )


def move(
    session: Session, row: OutboxOp, target: type[Conflict | RejectedOp], **extra: Any
) -> None:
    """Move an answered op out of the outbox, keeping what it was."""
    session.add(target(**{name: getattr(row, name) for name in _OP_FIELDS}, **extra))
    session.delete(row)


def settle(session: Session, answer: dict[str, Any]) -> list[RecordChange]:
    """Act on the server's answer to one op; an answer for an unknown op changes nothing."""
    row = session.scalar(select(OutboxOp).where(OutboxOp.op_id == uuid.UUID(answer["op_id"])))
    if row is None:
        return []
    record = answer.get("record")
    result = outcome(answer)
    kind, entity, entity_id = row.kind, row.entity, row.entity_id
    if result == "applied":
        if record is not None and RESULT_ENTITY.get(kind) == entity:
            _rebase_later_edits(session, row, record)
        session.delete(row)
    elif result == "conflict":
        move(session, row, Conflict, server_record=record, reason=answer.get("reason"))
    else:
        move(session, row, RejectedOp, reason=answer.get("reason") or "refused by the server")
    session.flush()
    changes = []
    record_entity = RESULT_ENTITY.get(kind) if result == "applied" else entity
    if record is not None and record_entity is not None and "id" in record:
        changes.append(cache.put_server_record(session, record_entity, record))
    if entity is not None and entity_id is not None:
        changes.append(cache.refresh(session, entity, entity_id))
    return [change for change in changes if change is not None]


def refuse(session: Session, op_id: uuid.UUID, reason: str) -> list[RecordChange]:
    """Reject an op the server would not even read (a malformed one), as the server would."""
    return settle(session, {"op_id": str(op_id), "status": "rejected", "reason": reason})
