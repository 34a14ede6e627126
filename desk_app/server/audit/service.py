"""Writing and reading the audit log."""

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.server.audit.models import AuditEntry
from desk_app.server.core.db import Base
from desk_app.server.core.problems import Problem
from desk_app.server.users.models import User


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: object | None = None,
    address: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Add an audit row to the caller's transaction, so it commits with the action itself."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_team_id=actor.team_id if actor else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        address=address,
        detail={key: value for key, value in detail.items() if value is not None},
    )
    session.add(entry)
    return entry


def create_audited(
    session: Session,
    new: Base,
    *,
    actor: User | None,
    action: str,
    target_type: str,
    address: str | None,
    taken: str,
    **detail: Any,
) -> None:
    """Insert ``new`` and its audit row in one commit; a unique clash is a 409 saying ``taken``."""
    session.add(new)
    try:
        session.flush()  # gives ``new`` its id, and finds a clash before the audit row
    except IntegrityError:
        session.rollback()
        raise Problem(409, taken) from None
    record(
        session,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=new.id,  # type: ignore[attr-defined]
        address=address,
        **detail,
    )
    session.commit()


def visible_entries(*, user: User) -> Select[AuditEntry]:
    """Audit rows a supervisor (their team's) or an admin (all) may read."""
    statement = select(AuditEntry)
    if scope_of(user.role, Resource.AUDIT) is Scope.TEAM:
        statement = statement.where(AuditEntry.actor_team_id == user.team_id)
    return statement
