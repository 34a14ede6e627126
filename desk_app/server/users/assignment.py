"""Who works on what: handing interactions and tickets to another agent."""

import uuid
from typing import Protocol

from sqlalchemy.orm import Session

from desk_app.domain.access import Action, may
from desk_app.server.audit import service as audit
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.users.models import User


class WorkItem(Protocol):
    id: uuid.UUID
    team_id: uuid.UUID | None


def active_user(session: Session, user_id: uuid.UUID, *, field: str) -> User:
    """The active account ``user_id`` names, or a 422 naming ``field``."""
    found = session.get(User, user_id)
    if found is None or not found.active:
        raise Problem(422, f"{field} names no active user", type_="/problems/validation")
    return found


def reassign(
    session: Session,
    *,
    actor: User,
    item: WorkItem,
    owner_field: str,
    new_owner_id: uuid.UUID | None,
    kind: str,
    audit_label: str,
    address: str,
) -> None:
    """Give ``item`` to another agent, or back to the queue (``None``).

    Managers only, and audited as ``<kind>.reassign``; the item follows its
    new owner's team, so the right supervisor sees it.
    """
    if not may(actor.role, Action.WORK_REASSIGN):
        raise Forbidden(f"a {actor.role} may not reassign work")
    owner = active_user(session, new_owner_id, field=owner_field) if new_owner_id else None
    previous = getattr(item, owner_field)
    audit.record(
        session,
        actor=actor,
        action=f"{kind}.reassign",
        target_type=kind,
        target_id=item.id,
        address=address,
        **{
            f"from_{audit_label}": str(previous) if previous else None,
            f"to_{audit_label}": str(new_owner_id) if new_owner_id else None,
        },
    )
    setattr(item, owner_field, new_owner_id)
    if owner is not None:
        item.team_id = owner.team_id
