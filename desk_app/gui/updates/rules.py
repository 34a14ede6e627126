"""Which updates the rep sees, which are unread, which keep them from going ready.

The feed brings the announcements meant for the rep (``update``) and the
rep's own acknowledgements (``acknowledgement``); an acknowledgement made
on this desk shows at once as a local one. The must-read rule mirrors the
server's gate (unexpired, needs an acknowledgement, not given), so the desk
asks before going ready instead of after the server refuses. Updates the
rep only reads (no acknowledgement asked) are "read" once opened on this
desk; that is remembered in QSettings, not sent.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from desk_app.gui.records import parse_time

Record = dict[str, Any]


def expired(update: Record, now: datetime) -> bool:
    ends = parse_time(update.get("expires_at"))
    return ends is not None and ends <= now


def acknowledged_ids(acks: Iterable[Record], user_id: object) -> set[str]:
    me = str(user_id)
    return {str(ack.get("announcement_id")) for ack in acks if str(ack.get("user_id")) == me}


def on_board(updates: Iterable[Record], now: datetime) -> list[Record]:
    """Unexpired updates, newest first."""
    shown = [update for update in updates if not expired(update, now)]
    return sorted(
        shown, key=lambda u: (str(u.get("published_at") or ""), str(u["id"])), reverse=True
    )


def must_reads(
    updates: Iterable[Record], acknowledged: set[str], user_id: object, now: datetime
) -> list[Record]:
    """Unexpired updates asking me for an acknowledgement I have not given; oldest first.

    The author's own are left out: they are on the author's board because
    they wrote them, not because they must read them.
    """
    me = str(user_id)
    waiting = [
        update
        for update in updates
        if update.get("requires_ack")
        and str(update["id"]) not in acknowledged
        and str(update.get("author_id")) != me
        and not expired(update, now)
    ]
    return sorted(waiting, key=lambda u: (str(u.get("published_at") or ""), str(u["id"])))


def unread(update: Record, pending: set[str], opened: set[str]) -> bool:
    """A must-read until acknowledged (``pending``: :func:`must_reads`' ids); any other update
    until opened on this desk."""
    key = str(update["id"])
    if update.get("requires_ack"):
        return key in pending
    return key not in opened
