"""The desk's local SQLite store: one file per signed-in user."""

from desk_app.client.store.database import store_path
from desk_app.client.store.local import LocalStore
from desk_app.client.store.replica import Replica
from desk_app.client.store.views import (
    ConflictView,
    LocalChange,
    LocalHit,
    PendingOp,
    RecordChange,
    RejectedView,
    SyncPosition,
)

__all__ = [
    "ConflictView",
    "LocalChange",
    "LocalHit",
    "LocalStore",
    "PendingOp",
    "RecordChange",
    "RejectedView",
    "Replica",
    "SyncPosition",
    "store_path",
]
