"""/notes: staff-only notes on customers, interactions, tickets and orders; /mentions: mine."""

import uuid

from fastapi import APIRouter, status

from desk_app.domain.enums import NoteSubject
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import CurrentUser, PageDep, SessionDep, SettingsDep
from desk_app.server.notes import mentions, service
from desk_app.server.notes.models import Mention, Note
from desk_app.server.notes.schemas import MentionRead, NoteCreate, NoteRead

router = APIRouter(prefix="/notes", tags=["notes"])
mentions_router = APIRouter(prefix="/mentions", tags=["notes"])


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
def create_note(
    body: NoteCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Note:
    """Write a note; notes are never edited (a correction is a new note)."""
    return service.create(session=session, user=user, data=body, departments=settings.departments)


@mentions_router.get("", response_model=Page[MentionRead])
def list_mentions(
    user: CurrentUser, session: SessionDep, page: PageDep, unread: bool | None = None
) -> Page[MentionRead]:
    """Notes that @mentioned the caller, oldest first; ``unread=true`` for the new ones."""
    statement = mentions.mine(user=user, unread=unread)
    return paginate(session, statement, Mention.id, page, MentionRead.model_validate)


@mentions_router.post("/{mention_id}/read", response_model=MentionRead)
def read_mention(mention_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Mention:
    """Mark one of the caller's mentions read (again: no change)."""
    return mentions.mark_read(session=session, user=user, mention_id=mention_id)
