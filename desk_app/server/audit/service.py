"""Writing and reading the audit log."""

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.server.audit.models import AuditEntry
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


def visible_entries(*, user: User) -> Select[AuditEntry]:
    """Audit rows a supervisor (their team's) or an admin (all) may read."""
    statement = select(AuditEntry)
    if scope_of(user.role, Resource.AUDIT) is Scope.TEAM:
        statement = statement.where(AuditEntry.actor_team_id == user.team_id)
    return statement
