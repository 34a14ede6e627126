"""The store as the sync engine sees it: what to send, and what the server said.

Only the sync thread uses this; each method is one short transaction so the
window's writes never wait long behind it.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desk_app.client.store import cache, outbox
from desk_app.client.store.schema import Conflict, RejectedOp, SyncState, utcnow
from desk_app.client.store.sessions import transaction
from desk_app.client.store.views import PendingOp, RecordChange, SyncPosition


def _state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, last_seq=0)
        session.add(state)
    return state


class Replica:
    """The sync engine's side of the local store (same file as :class:`LocalStore`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def pending(self, limit: int) -> list[PendingOp]:
        with transaction(self._engine, write=False) as session:
            return outbox.pending(session, limit)

    def settle(self, answers: list[dict[str, Any]]) -> list[RecordChange]:
        """Apply the answers to one batch together: each op leaves the outbox once answered."""
        with transaction(self._engine, write=True) as session:
            return [change for answer in answers for change in outbox.settle(session, answer)]

    def refuse(self, op_id: uuid.UUID, reason: str) -> list[RecordChange]:
        with transaction(self._engine, write=True) as session:
            return outbox.refuse(session, op_id, reason)

    def note_failure(self, op_ids: list[uuid.UUID], error: str, retry_at: datetime) -> None:
        with transaction(self._engine, write=True) as session:
            outbox.note_failure(session, op_ids, error, retry_at)

    def apply_changes(self, changes: list[dict[str, Any]], last_seq: int) -> list[RecordChange]:
        """Apply change-feed entries after our position, then move the position to ``last_seq``.

        Entries at or before the position are skipped: the same change may
        come from the pull and from the event stream.
        """
        applied: list[RecordChange | None] = []
        with transaction(self._engine, write=True) as session:
            state = _state(session)
            # the last change of each record says all: the feed carries records as they are now
            latest: dict[cache.Key, dict[str, Any]] = {}
            for change in sorted(changes, key=lambda c: int(c["seq"])):
                if int(change["seq"]) > state.last_seq:
                    latest[(change["entity"], uuid.UUID(str(change["id"])))] = change
            overlaid = cache.preload(session, latest)
            for (entity, record_id), change in latest.items():
                if change["action"] == "upsert" and change.get("record"):
                    applied.append(
                        cache.put_server_record(
                            session,
                            entity,
                            change["record"],
                            int(change["seq"]),
                            overlaid=(entity, record_id) in overlaid,
                        )
                    )
                else:
                    applied.append(cache.drop(session, entity, record_id))
            state.last_seq = max(state.last_seq, last_seq)
            return [change for change in applied if change is not None]

    def position(self) -> SyncPosition:
        with transaction(self._engine, write=False) as session:
            state = session.get(SyncState, 1)
            if state is None:
                return SyncPosition(0, None)
            return SyncPosition(state.last_seq, state.last_synced_at)

    def mark_synced(self) -> datetime:
        """Remember that the outbox was empty-or-answered and the feed read, now."""
        at = utcnow()
        with transaction(self._engine, write=True) as session:
            _state(session).last_synced_at = at
        return at

    def counts(self) -> tuple[int, int, int]:
        """(ops waiting, open conflicts, rejected ops) for the status bar."""
        with transaction(self._engine, write=False) as session:
            return (
                outbox.count(session),
                session.scalar(select(func.count()).select_from(Conflict)) or 0,
                session.scalar(select(func.count()).select_from(RejectedOp)) or 0,
            )
