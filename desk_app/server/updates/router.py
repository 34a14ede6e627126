"""/updates: the updates board (announcements) and who has acknowledged them."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from desk_app.domain.access import Action
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.updates import service
from desk_app.server.updates.models import Acknowledgement, Announcement
from desk_app.server.updates.schemas import (
    AcknowledgementRead,
    AcknowledgementReport,
    AnnouncementCreate,
    AnnouncementForUser,
    AnnouncementUpdate,
)
from desk_app.server.users.models import User

router = APIRouter(prefix="/updates", tags=["updates"])
Publisher = Annotated[User, Depends(require(Action.UPDATE_PUBLISH))]


@router.get("", response_model=Page[AnnouncementForUser])
def list_updates(
    user: CurrentUser, session: SessionDep, page: PageDep
) -> Page[AnnouncementForUser]:
    """Unexpired announcements for the caller, oldest first, each with ``acknowledged``."""
    rows: Page[Announcement] = paginate(
        session, service.board(user=user), Announcement.id, page, lambda row: row
    )
    items = service.for_user(session=session, user=user, announcements=rows.items)
    return Page[AnnouncementForUser](items=items, next_cursor=rows.next_cursor)


@router.get("/{announcement_id}", response_model=AnnouncementForUser)
def get_update(
    announcement_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> AnnouncementForUser:
    announcement = service.get(session=session, user=user, announcement_id=announcement_id)
    return service.for_user(session=session, user=user, announcements=[announcement])[0]


@router.post("", response_model=AnnouncementForUser, status_code=status.HTTP_201_CREATED)
def publish_update(
    body: AnnouncementCreate, user: Publisher, session: SessionDep, address: AddressDep
) -> AnnouncementForUser:
    """Publish an announcement (supervisors and admins; audited as ``update.publish``)."""
    announcement = service.publish(session=session, actor=user, data=body, address=address)
    return service.for_user(session=session, user=user, announcements=[announcement])[0]


@router.patch("/{announcement_id}", response_model=AnnouncementForUser)
def update_update(
    announcement_id: uuid.UUID,
    body: AnnouncementUpdate,
    user: Publisher,
    session: SessionDep,
    address: AddressDep,
) -> AnnouncementForUser:
    """Edit an announcement; ``version`` must be the one the edit was made on (else 409)."""
    announcement = service.get(session=session, user=user, announcement_id=announcement_id)
    service.update(
        session=session, actor=user, announcement=announcement, data=body, address=address
    )
    return service.for_user(session=session, user=user, announcements=[announcement])[0]


@router.post("/{announcement_id}/acknowledge", response_model=AcknowledgementRead)
def acknowledge_update(
    announcement_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> Acknowledgement:
    """Mark the announcement read; repeating it is harmless and returns the first time."""
    announcement = service.get(session=session, user=user, announcement_id=announcement_id)
    return service.acknowledge(session=session, user=user, announcement=announcement)


@router.get("/{announcement_id}/acknowledgements", response_model=AcknowledgementReport)
def list_acknowledgements(
    announcement_id: uuid.UUID, user: Publisher, session: SessionDep
) -> AcknowledgementReport:
    """Who in the audience has and has not acknowledged (supervisors: their team)."""
    announcement = service.get(session=session, user=user, announcement_id=announcement_id)
    return service.acknowledgement_report(session=session, user=user, announcement=announcement)
