"""Handover notes: what one shift leaves for the next, within a team or a store."""

import uuid

from sqlalchemy import Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import Role
from desk_app.domain.pan import mask_pans
from desk_app.server.core.once import insert_once
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.core.versioning import apply_update
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.handover.schemas import (
    HandoverNoteCreate,
    HandoverNoteRead,
    HandoverNoteUpdate,
)
from desk_app.server.tickets import service as tickets
from desk_app.server.users.models import User

_MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def visible(
    *, user: User, done: bool | None = None, unacknowledged: bool = False
) -> Select[HandoverNote]:
    """Notes of the caller's team (or store, for retail staff), open or done if asked.

    ``unacknowledged``: what the desk shows at sign-in, the open notes others
    left that the caller has not acknowledged yet.
    """
    statement = select(HandoverNote).where(
        scope_filter(
            user, Resource.HANDOVER, team=HandoverNote.team_id, store=HandoverNote.store_id
        )
    )
    if done is not None:
        statement = statement.where(HandoverNote.done.is_(done))
    if unacknowledged:
        statement = statement.where(
            HandoverNote.done.is_(False),
            HandoverNote.author_id != user.id,
            ~exists().where(HandoverAck.note_id == HandoverNote.id, HandoverAck.user_id == user.id),
        )
    return statement


def get(*, session: Session, user: User, note_id: uuid.UUID) -> HandoverNote:
    """One note, if in the caller's scope."""
    note = session.get(HandoverNote, note_id)
    if note is None or not in_scope(
        user, Resource.HANDOVER, team=note.team_id, store=note.store_id
    ):
        raise NotFound("handover note")
    return note


def create(*, session: Session, user: User, data: HandoverNoteCreate) -> HandoverNote:
    """Leave a note for the author's team or store (card numbers masked)."""
    if user.role == Role.ADMIN:
        team_id, store_id = data.team_id, data.store_id
    elif data.team_id not in (None, user.team_id) or data.store_id not in (None, user.store_id):
        raise Forbidden("you may leave handover notes only for your own team or store")
    else:
        team_id, store_id = user.team_id, user.store_id
    if team_id is None and store_id is None:
        raise Problem(
            422, "name the team_id or store_id the note is for", type_="/problems/validation"
        )
    if data.ticket_id is not None:
        tickets.get(session=session, user=user, ticket_id=data.ticket_id)
    note = HandoverNote(
        author_id=user.id,
        team_id=team_id,
        store_id=store_id,
        body=mask_pans(data.body),
        ticket_id=data.ticket_id,
    )
    if data.id is not None:
        note.id = data.id
    session.add(note)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Problem(409, "a handover note with this id already exists") from None
    return note


def update(
    *, session: Session, user: User, note: HandoverNote, data: HandoverNoteUpdate
) -> HandoverNote:
    """Tick off a note (anyone on the next shift) or edit its text (its author or a manager)."""
    rewrites = "body" in data.model_fields_set
    if rewrites and note.author_id != user.id and user.role not in _MANAGERS:
        raise Forbidden("only the author or a supervisor may change a handover note's text")
    if data.body is not None:
        data = data.model_copy(update={"body": mask_pans(data.body)})
    apply_update(session, note, data, to_read=HandoverNoteRead.model_validate)
    return note


def acknowledge(*, session: Session, user: User, note: HandoverNote) -> HandoverAck:
    """Record that ``user`` read the note; a repeat returns the first acknowledgement."""
    return insert_once(session, HandoverAck, note_id=note.id, user_id=user.id)
