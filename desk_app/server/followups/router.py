"""/follow-ups: reminders and callbacks on tickets and interactions."""

import uuid

from fastapi import APIRouter

from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import CurrentUser, PageDep, SessionDep, SettingsDep
from desk_app.server.followups import service
from desk_app.server.followups.models import FollowUp
from desk_app.server.followups.schemas import FollowUpRead, FollowUpSet

router = APIRouter(prefix="/follow-ups", tags=["follow-ups"])


@router.get("", response_model=Page[FollowUpRead])
def list_follow_ups(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    overdue: bool = False,
    owner_id: uuid.UUID | None = None,
) -> Page[FollowUpRead]:
    """Follow-ups in the caller's scope (reps: their own; supervisors: the team's).

    ``overdue=true``: the open ones more than half an hour past due.
    """
    statement = service.visible(user=user, overdue=overdue, owner_id=owner_id)
    return paginate(session, statement, FollowUp.id, page, FollowUpRead.model_validate)


@router.put("/{follow_up_id}", response_model=FollowUpRead)
def put_follow_up(
    follow_up_id: uuid.UUID,
    body: FollowUpSet,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> FollowUp:
    """Set a follow-up under an id the desk chose: created for the caller, or edited."""
    return service.put(
        session=session, user=user, follow_up_id=follow_up_id, data=body, settings=settings
    )
