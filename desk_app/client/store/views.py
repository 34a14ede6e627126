"""Plain values the store hands out: never ORM objects, so no session leaks across threads."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from desk_app.domain.lookup import MatchField


@dataclass(frozen=True)
class LocalChange:
    """How an op changes a cached record on this desk before the server has answered.

    ``fields`` are laid over the record's server copy (or make the record, for
    one created here) until the op is settled.
    """

    entity: str
    id: uuid.UUID
    fields: dict[str, Any]


@dataclass(frozen=True)
class PendingOp:
    """An outbox op as the sync engine sends it."""

    op_id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    base_version: int | None

    def wire(self) -> dict[str, Any]:
        """The op as ``POST /sync/ops`` takes it."""
        body: dict[str, Any] = {"op_id": str(self.op_id), "kind": self.kind}
        body["payload"] = self.payload
        if self.base_version is not None:
            body["base_version"] = self.base_version
        return body


@dataclass(frozen=True)
class RecordChange:
    """A cached record the window should redraw (``removed``: it is gone from the cache)."""

    entity: str
    id: uuid.UUID
    action: Literal["changed", "removed"]


@dataclass(frozen=True)
class ConflictView:
    """A change of mine the server found stale, beside the server's record."""

    op_id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    base_version: int | None
    entity: str | None
    entity_id: uuid.UUID | None
    server_record: dict[str, Any] | None
    reason: str | None
    answered_at: datetime

    def text_fields(self) -> dict[str, tuple[str, str]]:
        """Text fields where mine and theirs differ: ``{field: (mine, theirs)}``, for a merge."""
        theirs = self.server_record or {}
        return {
            field: (mine, theirs[field])
            for field, mine in self.payload.items()
            if isinstance(mine, str)
            and isinstance(theirs.get(field), str)
            and mine != theirs[field]
        }


@dataclass(frozen=True)
class RejectedView:
    """An op the server refused, with the reason to show the user."""

    op_id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    reason: str
    answered_at: datetime


@dataclass(frozen=True)
class SyncPosition:
    last_seq: int
    last_synced_at: datetime | None


@dataclass(frozen=True)
class LocalHit:
    """A cached customer a look-up found, and why: what the window lists while the server answers.

    ``customer`` is the record as the window shows it (local changes
    included); ``matched_text`` is the stored name, number, address or
    order/invoice number that matched, as shown, for highlighting.
    """

    customer: dict[str, Any]
    matched: MatchField
    matched_text: str
