"""Record identifiers.

Every record id is a UUIDv7: time-ordered (so cursor pagination by id is
pagination by creation time, and B-tree inserts stay at the right edge) and
safe to mint on a desk that is offline, so a ticket created offline keeps
the same id on the server.
"""

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    """A fresh UUIDv7."""
    return uuid.UUID(int=uuid7().int)
