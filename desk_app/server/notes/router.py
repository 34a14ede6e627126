"""/notes: staff-only notes on customers, interactions, tickets and orders."""

import uuid

from fastapi import APIRouter, status

from desk_app.domain.enums import NoteSubject
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import CurrentUser, PageDep, SessionDep
from desk_app.server.notes import service
from desk_app.server.notes.models import Note
from desk_app.server.notes.schemas import NoteCreate, NoteRead

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("", response_model=Page[NoteRead])
def list_notes(
    subject_type: NoteSubject,
    subject_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
) -> Page[NoteRead]:
    """Notes about one record the caller may see, oldest first."""
    service.ensure_subject_visible(
        session=session, user=user, subject_type=subject_type, subject_id=subject_id
    )
    statement = service.for_subject(subject_type=subject_type, subject_id=subject_id)
    return paginate(session, statement, Note.id, page, NoteRead.model_validate)


@router.post("", response_model=NoteRead, status_code=status.HTTP_201_CREATED)
def create_note(body: NoteCreate, user: CurrentUser, session: SessionDep) -> Note:
    """Write a note; notes are never edited (a correction is a new note)."""
    return service.create(session=session, user=user, data=body)
