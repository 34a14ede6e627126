"""/handover-notes: what one shift leaves for the next."""

import uuid

from fastapi import APIRouter, status

from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import CurrentUser, PageDep, SessionDep
from desk_app.server.handover import service
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.handover.schemas import (
    HandoverAckRead,
    HandoverNoteCreate,
    HandoverNoteRead,
    HandoverNoteUpdate,
)

router = APIRouter(prefix="/handover-notes", tags=["handover"])


@router.get("", response_model=Page[HandoverNoteRead])
def list_handover_notes(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    done: bool | None = None,
    unacknowledged: bool = False,
) -> Page[HandoverNoteRead]:
    """Notes for the caller's team or store, oldest first; ``done=false`` for open ones.

    ``unacknowledged=true``: the open notes others left that the caller has not
    acknowledged (what the desk shows at sign-in).
    """
    statement = service.visible(user=user, done=done, unacknowledged=unacknowledged)
    return paginate(session, statement, HandoverNote.id, page, HandoverNoteRead.model_validate)


@router.post("", response_model=HandoverNoteRead, status_code=status.HTTP_201_CREATED)
def create_handover_note(
    body: HandoverNoteCreate, user: CurrentUser, session: SessionDep
) -> HandoverNote:
    return service.create(session=session, user=user, data=body)


@router.patch("/{note_id}", response_model=HandoverNoteRead)
def update_handover_note(
    note_id: uuid.UUID, body: HandoverNoteUpdate, user: CurrentUser, session: SessionDep
) -> HandoverNote:
    """Edit or mark done (author or supervisor); stale ``version`` → 409."""
    note = service.get(session=session, user=user, note_id=note_id)
    return service.update(session=session, user=user, note=note, data=body)


@router.get("/{note_id}", response_model=HandoverNoteRead)
def get_handover_note(note_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> HandoverNote:
    return service.get(session=session, user=user, note_id=note_id)


@router.post("/{note_id}/acknowledge", response_model=HandoverAckRead)
def acknowledge_handover_note(
    note_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> HandoverAck:
    """Mark the note read; repeating it is harmless and returns the first acknowledgement."""
    note = service.get(session=session, user=user, note_id=note_id)
    return service.acknowledge(session=session, user=user, note=note)
