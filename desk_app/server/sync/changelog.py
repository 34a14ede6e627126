"""Append every change of a synced record to the change log, in the same transaction.

A session hook rather than a call in each service: no write path (REST,
sync ops, routing, webhooks) can forget it. Seeding with bulk Core inserts
bypasses it on purpose, and logs the little every desk needs in one go
(:func:`log_existing`).

On PostgreSQL a transaction-scoped advisory lock, taken before the first
tracked row of a transaction is written, makes commit order and ``seq`` order
the same, so a reader polling ``seq > N`` can never skip a row that commits
late with a smaller number. SQLite has one writer at a time anyway.
"""

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from desk_app.server.sync.models import ChangeLogEntry
from desk_app.server.sync.signal import CHANNEL
from desk_app.server.sync.tracked import TRACKED, Tracked

_ADVISORY_LOCK_KEY = 0x6465736B  # "desk"
_LOCKED = "desk_changelog_locked"
_WROTE = "desk_changelog_wrote"
_commit_listeners: set[Callable[[], None]] = set()


def _tracked_objects(session: Session) -> list[tuple[object, Tracked, str]]:
    found = []
    for objects, action in (
        (session.new, "upsert"),
        (session.dirty, "upsert"),
        (session.deleted, "delete"),
    ):
        for obj in objects:
            spec = TRACKED.get(type(obj))
            if spec is None:
                continue
            if action == "upsert" and obj in session.dirty and not session.is_modified(obj):
                continue
            found.append((obj, spec, action))
    return found


def lock(session: Session) -> None:
    """Take the change log's lock now, before this transaction locks rows of its own.

    A transaction that holds a row lock and then waits for this lock at its
    first flush deadlocks with one that holds this lock and waits for that
    row. Code that locks rows (``SELECT … FOR UPDATE``) calls this first, so
    every writer takes the locks in one order: the change log's, then rows.
    """
    connection = session.connection()  # begins the transaction if there is none yet
    if session.info.get(_LOCKED) is session.get_transaction():
        return
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK_KEY})")
    session.info[_LOCKED] = session.get_transaction()


def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    if session.info.get(_LOCKED) is session.get_transaction():
        return
    if _tracked_objects(session):
        lock(session)


def _previous(obj: object, attribute: str | None) -> Any:
    if attribute is None:
        return None
    history = inspect(obj).attrs[attribute].history
    if history.deleted:
        return history.deleted[0]
    return getattr(obj, attribute)


def _entry(
    connection: Connection, obj: Any, spec: Tracked, action: str, *, is_new: bool
) -> dict[str, Any]:
    """The change log row for ``obj``'s change (``prev_*``: its scope before, for a move)."""
    owner, team, store = spec.scope(connection, obj)
    return {
        "entity": spec.entity,
        "entity_id": obj.id,
        "action": action,
        "resource": spec.resource_of(obj),
        "owner_id": owner,
        "team_id": team,
        "store_id": store,
        "prev_owner_id": owner if is_new else _previous(obj, spec.owner),
        "prev_team_id": team if is_new else _previous(obj, spec.team),
        "prev_store_id": store if is_new else _previous(obj, spec.store),
    }


def log_existing(connection: Connection, models: Iterable[type]) -> dict[str, int]:
    """Log every stored row of ``models`` as written, for rows a bulk load put there.

    The seed writes with Core inserts, past the session hook. What every desk
    needs from its first sync (scripts, the knowledge base, canned answers,
    the updates board) is logged here once, so the feed carries it; the
    desk's share of the bulk data (customers, orders) it reads as needed.
    """
    rows = [
        _entry(connection, row, TRACKED[model], "upsert", is_new=True)
        for model in models
        for row in connection.execute(select(model.__table__))  # type: ignore[attr-defined]
    ]
    if rows:
        connection.execute(insert(ChangeLogEntry), rows)
    return {"change_log": len(rows)}


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    connection = session.connection()
    rows = [
        _entry(connection, obj, spec, action, is_new=obj in session.new)
        for obj, spec, action in _tracked_objects(session)
    ]
    if rows:
        connection.execute(insert(ChangeLogEntry), rows)
        if connection.dialect.name == "postgresql":
            # delivered to every worker's listener when (and only if) this commits
            connection.exec_driver_sql(f"NOTIFY {CHANNEL}")
        session.info[_WROTE] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        announce()


def _after_soft_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(_WROTE, None)


def announce() -> None:
    """Tell this process's listeners that changes were committed.

    Called by the commit hook; code that commits an outer transaction around
    a session of its own (the sync op runner) calls it after that commit.
    """
    for listener in list(_commit_listeners):
        listener()


def add_commit_listener(listener: Callable[[], None]) -> None:
    """Call ``listener`` (from the committing thread) after each commit that logged changes."""
    _commit_listeners.add(listener)


def remove_commit_listener(listener: Callable[[], None]) -> None:
    _commit_listeners.discard(listener)


def install() -> None:
    """Register the hooks on every session (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
