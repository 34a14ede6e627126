"""GET /audit: the audit log, for supervisors (their team) and admins (all)."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from desk_app.domain.access import Action
from desk_app.server.audit.models import AuditEntry
from desk_app.server.audit.service import visible_entries
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.core.schemas import ReadSchema
from desk_app.server.dependencies import PageDep, SessionDep, require
from desk_app.server.users.models import User

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditRead(ReadSchema):
    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    target_type: str
    target_id: str | None
    address: str | None
    detail: dict[str, Any]


@router.get("", response_model=Page[AuditRead])
def list_audit(
    user: Annotated[User, Depends(require(Action.AUDIT_READ))],
    session: SessionDep,
    page: PageDep,
    action: str | None = None,
) -> Page[AuditRead]:
    """Privileged actions, oldest first; filter by ``action`` (e.g. ``user.role_change``)."""
    statement = visible_entries(user=user)
    if action:
        statement = statement.where(AuditEntry.action == action)
    return paginate(session, statement, AuditEntry.id, page, AuditRead.model_validate)
