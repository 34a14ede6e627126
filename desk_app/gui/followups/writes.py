"""Setting a follow-up: one ``followup.set`` op, shown in the cache at once (offline too).

The op is create-or-edit and the server keeps the last writer, so every
write carries the whole follow-up (its id, subject, kind and due time) and
the local change lays the same fields over the cached record.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desk_app.client.store import LocalChange, LocalStore
from desk_app.domain.enums import FollowUpKind
from desk_app.domain.ids import new_id

OP = "followup.set"
ENTITY = "follow_up"


@dataclass(frozen=True)
class NewFollowUp:
    """What the rep asked for: the subject, the kind, when, and for a callback the number."""

    subject_type: str
    subject_id: uuid.UUID
    kind: FollowUpKind
    due_at: datetime  # aware
    phone: str | None = None
    note: str = ""
    customer_id: uuid.UUID | None = None
    interaction_id: uuid.UUID | None = None


def create(store: LocalStore, follow_up: NewFollowUp, *, owner_id: uuid.UUID) -> uuid.UUID:
    """Queue a new follow-up (a desk-minted id, so it keeps it on the server); its id."""
    follow_up_id = new_id()
    payload: dict[str, Any] = {
        "id": follow_up_id,
        "subject_type": follow_up.subject_type,
        "subject_id": follow_up.subject_id,
        "due_at": follow_up.due_at.astimezone(UTC).isoformat(),
        "kind": follow_up.kind.value,
    }
    if follow_up.phone:
        payload["phone"] = follow_up.phone
    if follow_up.note:
        payload["note"] = follow_up.note
    shown = {
        **payload,
        "phone": follow_up.phone,
        "note": follow_up.note or None,
        "owner_id": owner_id,
        "customer_id": follow_up.customer_id,
        "interaction_id": follow_up.interaction_id,
        "done_at": None,
    }
    store.record_op(OP, payload, local=LocalChange(ENTITY, follow_up_id, shown))
    return follow_up_id


def edit(
    store: LocalStore,
    record: dict[str, Any],
    *,
    now: datetime,
    due_at: datetime | None = None,
    done: bool = False,
) -> None:
    """Queue an edit of a cached follow-up: moved to ``due_at`` (aware), or done ``now``."""
    follow_up_id = uuid.UUID(str(record["id"]))
    payload: dict[str, Any] = {
        "id": follow_up_id,
        "subject_type": record["subject_type"],
        "subject_id": record["subject_id"],
        "due_at": due_at.astimezone(UTC).isoformat() if due_at else record["due_at"],
        "kind": record["kind"],
    }
    shown: dict[str, Any] = {"due_at": payload["due_at"]}
    if done:
        payload["done"] = True
        shown["done_at"] = now.astimezone(UTC).isoformat()
    store.record_op(OP, payload, local=LocalChange(ENTITY, follow_up_id, shown))
