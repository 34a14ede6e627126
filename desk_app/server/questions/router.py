"""/questions: ask my supervisor, and the answer back."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from desk_app.domain.access import Action
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.questions import service
from desk_app.server.questions.models import Question
from desk_app.server.questions.schemas import QuestionAnswer, QuestionCreate, QuestionRead
from desk_app.server.users.models import User

router = APIRouter(prefix="/questions", tags=["questions"])
Answerer = Annotated[User, Depends(require(Action.QUESTION_ANSWER))]


@router.get("", response_model=Page[QuestionRead])
def list_questions(
    user: CurrentUser, session: SessionDep, page: PageDep, open: bool | None = None
) -> Page[QuestionRead]:
    """Questions the caller may see, oldest first; ``open=true`` for the unanswered ones."""
    statement = service.visible(user=user, open_only=open)
    return paginate(session, statement, Question.id, page, QuestionRead.model_validate)


@router.post("", response_model=QuestionRead, status_code=status.HTTP_201_CREATED)
def ask_question(body: QuestionCreate, user: CurrentUser, session: SessionDep) -> Question:
    """Ask the team's supervisors about an interaction or ticket the caller may see."""
    return service.ask(session=session, user=user, data=body)


@router.post("/{question_id}/answer", response_model=QuestionRead)
def answer_question(
    question_id: uuid.UUID,
    body: QuestionAnswer,
    user: Answerer,
    session: SessionDep,
    address: AddressDep,
) -> Question:
    """Answer once (a supervisor of the asker's team or an admin; audited); again → 409."""
    return service.answer(
        session=session, user=user, question_id=question_id, data=body, address=address
    )
