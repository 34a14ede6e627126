"""What the status bar shows of synchronisation."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot; the engine publishes a new one whenever any field changes.

    ``online`` is whether the last attempt reached the server; ``streaming``
    whether live events are flowing (without them changes arrive by polling).
    """

    online: bool = False
    offline_since: datetime | None = None
    streaming: bool = False
    ops_waiting: int = 0
    conflicts: int = 0
    rejected: int = 0
    last_error: str | None = None
    last_synced_at: datetime | None = None
