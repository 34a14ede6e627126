"""What the desk needs to know of the sync protocol's wire format (server side: server/sync).

Kept in one place so the store and the engine read answers the same way.
"""

from typing import Any, Literal

from desk_app.domain.sync_protocol import MAX_BATCH, OP_RESULT_ENTITY

__all__ = ["MAX_BATCH", "RESULT_ENTITY", "Outcome", "outcome"]

Outcome = Literal["applied", "conflict", "rejected"]

RESULT_ENTITY: dict[str, str] = {
    kind: entity for kind, entity in OP_RESULT_ENTITY.items() if entity is not None
}


def outcome(answer: dict[str, Any]) -> Outcome:
    """What an answer means for the op, including a ``duplicate`` (a replayed op).

    A duplicate carries the first answer's status as ``first_status``, so a
    replay whose first answer was lost (the server restarted, the connection
    dropped) still ends in the right place.
    """
    status = answer["status"]
    if status == "duplicate":
        status = answer["first_status"]
    if status in ("applied", "conflict", "rejected"):
        return status  # type: ignore[no-any-return]
    raise ValueError(f"unknown op status {status!r}")
