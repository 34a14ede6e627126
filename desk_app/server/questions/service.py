"""Ask my supervisor: a rep's question on a piece of work, answered once by a manager.

A question on a ticket flags the ticket (``needs_supervisor``) until no
question on it is left open, so the queue shows which tickets wait on a
supervisor. Questions are work records: the feed carries them to the asker
and to their team's supervisors.
"""

import uuid

from sqlalchemy import Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Action, Resource, may
from desk_app.domain.enums import NoteSubject, Role
from desk_app.domain.ids import new_id
from desk_app.domain.pan import mask_pans
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import commit_versioned
from desk_app.server.notes.service import ensure_subject_visible
from desk_app.server.questions.models import Question
from desk_app.server.questions.schemas import QuestionAnswer, QuestionCreate, QuestionRead
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User


def visible(*, user: User, open_only: bool | None = None) -> Select[Question]:
    """Questions the caller may see (reps: their own; supervisors: the team's; admins: all)."""
    statement = select(Question).where(
        scope_filter(
            user,
            Resource.WORK,
            own=Question.asked_by_id,
            team=Question.team_id,
            store=Question.store_id,
        )
    )
    if open_only is not None:
        statement = statement.where(
            Question.answer.is_(None) if open_only else Question.answer.is_not(None)
        )
    return statement


def ask(*, session: Session, user: User, data: QuestionCreate) -> Question:
    """Put a question to the asker's supervisors; a ticket asked about is flagged."""
    ensure_subject_visible(
        session=session,
        user=user,
        subject_type=NoteSubject(data.subject_type),
        subject_id=data.subject_id,
    )
    question = Question(
        id=data.id or new_id(),
        subject_type=data.subject_type,
        subject_id=data.subject_id,
        asked_by_id=user.id,
        team_id=user.team_id,
        store_id=user.store_id,
        body=mask_pans(data.body),
    )
    session.add(question)
    if data.subject_type == "ticket":
        ticket = session.get(Ticket, data.subject_id)
        assert ticket is not None  # just found visible
        ticket.needs_supervisor = True
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Problem(409, "a question with this id already exists") from None
    return question


def _ensure_may_answer(user: User, question: Question) -> None:
    if user.role == Role.ADMIN:
        return
    if user.role != Role.SUPERVISOR or user.team_id is None or user.team_id != question.team_id:
        raise Forbidden("only a supervisor of the asker's team or an admin may answer")


def answer(
    *,
    session: Session,
    user: User,
    question_id: uuid.UUID,
    data: QuestionAnswer,
    address: str | None,
) -> Question:
    """Answer a question once (a supervisor of the asker's team or an admin; audited)."""
    if not may(user.role, Action.QUESTION_ANSWER):
        raise Forbidden(f"a {user.role} may not answer questions")
    question = session.get(Question, question_id)
    if question is None:
        raise NotFound("question")
    _ensure_may_answer(user, question)
    if question.answer is not None:
        raise Problem(
            409,
            "the question has been answered already",
            current=QuestionRead.model_validate(question).model_dump(mode="json"),
        )
    if question.subject_type == NoteSubject.TICKET:
        _unflag_if_settled(session, question)  # before the edit: its query would flush it
    question.answer = mask_pans(data.answer)
    question.answered_by_id = user.id
    question.answered_at = utcnow()
    audit.record(
        session,
        actor=user,
        action="question.answer",
        target_type="question",
        target_id=question.id,
        address=address,
        asked_by_id=str(question.asked_by_id),
        subject_type=question.subject_type,
        subject_id=str(question.subject_id),
    )
    commit_versioned(session, question, to_read=QuestionRead.model_validate)
    return question


def _unflag_if_settled(session: Session, answered: Question) -> None:
    """Clear the ticket's flag when no question on it but ``answered`` is still open."""
    still_open = session.scalar(
        select(
            exists().where(
                Question.subject_type == NoteSubject.TICKET.value,
                Question.subject_id == answered.subject_id,
                Question.answer.is_(None),
                Question.id != answered.id,
            )
        )
    )
    ticket = session.get(Ticket, answered.subject_id)
    if ticket is not None and not still_open:
        ticket.needs_supervisor = False
