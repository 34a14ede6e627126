"""Update, acknowledgement and shift records as the feed carries them, for the morning's tests."""

import uuid
from datetime import timedelta
from typing import Any

from desk_app.domain.ids import new_id
from tests.gui.collab_records import ME, SUPERVISOR_ID, iso
from tests.gui.offer_records import NOW


def update(title: str, *, ago: timedelta = timedelta(hours=1), **fields: Any) -> dict[str, Any]:
    """An announcement published ``ago`` before :data:`NOW`."""
    record: dict[str, Any] = {
        "id": str(new_id()),
        "kind": "guideline",
        "title": title,
        "body": f"All about {title}.",
        "requires_ack": False,
        "author_id": str(SUPERVISOR_ID),
        "team_id": None,
        "store_id": None,
        "audience_role": None,
        "published_at": iso(NOW - ago),
        "expires_at": None,
        "version": 1,
        "created_at": iso(NOW - ago),
        "updated_at": iso(NOW - ago),
    }
    record.update(fields)
    return record


def must_read(title: str, **fields: Any) -> dict[str, Any]:
    return update(title, requires_ack=True, **fields)


def acknowledgement(of: dict[str, Any], user_id: str = ME) -> dict[str, Any]:
    return {"id": str(new_id()), "announcement_id": of["id"], "user_id": user_id, "at": iso(NOW)}


def shift(
    starts: timedelta, ends: timedelta, *breaks: tuple[str, timedelta, timedelta], **fields: Any
) -> dict[str, Any]:
    """A shift of mine from ``starts`` to ``ends`` after :data:`NOW`, with (kind, start, end)."""
    record: dict[str, Any] = {
        "id": str(new_id()),
        "user_id": ME,
        "team_id": str(uuid.uuid4()),
        "starts_at": iso(NOW + starts),
        "ends_at": iso(NOW + ends),
        "breaks": [
            {"kind": kind, "starts_at": iso(NOW + start), "ends_at": iso(NOW + end)}
            for kind, start, end in breaks
        ],
        "version": 1,
        "created_at": iso(NOW - timedelta(days=2)),
        "updated_at": iso(NOW - timedelta(days=2)),
    }
    record.update(fields)
    return record


def hh_mm(after: timedelta) -> str:
    """:data:`NOW` + ``after`` as the desk shows a time (its local zone)."""
    return (NOW + after).astimezone().strftime("%H:%M")
