"""The change feed: what changed after a sequence number, as the caller may see it."""

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.server.core.scoping import scope_filter
from desk_app.server.sync.models import ChangeLogEntry as Log
from desk_app.server.sync.readers import READERS
from desk_app.server.sync.tracked import AUDIENCE, PERSONAL, SHARED
from desk_app.server.users.models import User

_ROLE_MATRIX_RESOURCES = (Resource.CUSTOMER, Resource.WORK, Resource.SHIFT, Resource.HANDOVER)


def visible_to(user: User, owner: Any, team: Any, store: Any) -> ColumnElement[bool]:
    """Whether a log row with these scope columns is the caller's to see.

    Written once, as SQL, and used both to select rows (now or before the
    change) and to tell the desk whether it may keep the record (now).
    """
    clauses = [
        and_(
            Log.resource == resource.value,
            scope_filter(user, resource, own=owner, team=team, store=store),
        )
        for resource in _ROLE_MATRIX_RESOURCES
    ]
    work_scope = scope_of(user.role, Resource.WORK)
    if work_scope is Scope.OWN:
        # the team's queue: work nobody owns yet
        clauses.append(
            and_(
                Log.resource == Resource.WORK.value,
                owner.is_(None),
                or_(team.is_(None), team == user.team_id),
            )
        )
    elif work_scope is Scope.STORE and user.team_id is not None:
        # store staff in a department's team: what was handed to that queue
        clauses.append(
            and_(Log.resource == Resource.WORK.value, owner.is_(None), team == user.team_id)
        )
    clauses += [
        Log.resource == SHARED,
        and_(
            Log.resource.in_((AUDIENCE, f"{AUDIENCE}:{user.role.value}")),
            or_(team.is_(None), team == user.team_id),
            or_(store.is_(None), store == user.store_id),
        ),
        and_(Log.resource == PERSONAL, owner == user.id) if user.id else false(),
    ]
    return or_(*clauses)


def head(session: Session) -> int:
    """The newest sequence number (0 on an empty log)."""
    return session.scalar(select(func.coalesce(func.max(Log.seq), 0))) or 0


def changes_after(
    session: Session, *, user: User, after: int, limit: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """Up to ``limit`` changes after ``after``: (changes, last seq read, more waiting)."""
    # The head is read first: commit order is seq order (see changelog.py), so
    # every row up to it is committed and the query below cannot miss one.
    newest = head(session)
    now = visible_to(user, Log.owner_id, Log.team_id, Log.store_id)
    before = visible_to(user, Log.prev_owner_id, Log.prev_team_id, Log.prev_store_id)
    rows = session.execute(
        select(Log, now.label("visible_now"))
        .where(Log.seq > after, or_(now, before))
        .order_by(Log.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entry, visible_now in rows:
        if entry.action == "upsert" and visible_now:
            wanted[entry.entity].add(entry.entity_id)
    records = {
        (entity, record_id): record
        for entity, ids in wanted.items()
        for record_id, record in READERS[entity](session, ids).items()
    }
    changes = []
    for entry, visible_now in rows:
        record = records.get((entry.entity, entry.entity_id))
        if entry.action == "delete" or (visible_now and record is None):
            action = "delete"
        elif not visible_now:
            action = "evict"
        else:
            action = "upsert"
        changes.append(
            {
                "seq": entry.seq,
                "entity": entry.entity,
                "id": str(entry.entity_id),
                "action": action,
                "record": record if action == "upsert" else None,
            }
        )
    last = rows[-1][0].seq if rows else after
    if not more:
        # nothing visible is left: jump to the head so the next poll starts there
        last = max(last, newest)
    return changes, last, more
