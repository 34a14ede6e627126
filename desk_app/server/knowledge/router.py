"""/kb/articles and /canned-answers: what reps look up and paste, kept by managers."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from desk_app.domain.access import Action
from desk_app.domain.enums import Channel
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.knowledge import service
from desk_app.server.knowledge.models import CannedAnswer, KbArticle
from desk_app.server.knowledge.schemas import (
    CannedAnswerCreate,
    CannedAnswerRead,
    CannedAnswerUpdate,
    KbArticleCreate,
    KbArticleRead,
    KbArticleUpdate,
)
from desk_app.server.users.models import User

router = APIRouter(tags=["knowledge"])
Editor = Annotated[User, Depends(require(Action.CONTENT_EDIT))]


@router.get("/kb/articles", response_model=Page[KbArticleRead])
def list_articles(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="words in title or body")] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
) -> Page[KbArticleRead]:
    """Articles matching every word of ``q`` (any case) and carrying ``tag``."""
    statement = service.articles(session=session, query=q, tag=tag)
    return paginate(session, statement, KbArticle.id, page, KbArticleRead.model_validate)


@router.get("/kb/articles/{article_id}", response_model=KbArticleRead)
def get_article(article_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> KbArticle:
    return service.get_article(session=session, article_id=article_id)


@router.post("/kb/articles", response_model=KbArticleRead, status_code=status.HTTP_201_CREATED)
def create_article(
    body: KbArticleCreate, user: Editor, session: SessionDep, address: AddressDep
) -> KbArticle:
    """Add an article (supervisors and admins)."""
    return service.create_article(session=session, actor=user, data=body, address=address)


@router.patch("/kb/articles/{article_id}", response_model=KbArticleRead)
def update_article(
    article_id: uuid.UUID,
    body: KbArticleUpdate,
    user: Editor,
    session: SessionDep,
    address: AddressDep,
) -> KbArticle:
    """Edit an article; ``version`` must be the one the edit was made on (else 409)."""
    article = service.get_article(session=session, article_id=article_id)
    return service.update_article(
        session=session, actor=user, article=article, data=body, address=address
    )


@router.get("/canned-answers", response_model=Page[CannedAnswerRead])
def list_canned_answers(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    channel: Channel | None = None,
    category: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[CannedAnswerRead]:
    """Canned answers for a channel (those for every channel included) and category."""
    statement = service.canned_answers(channel=channel, category=category)
    return paginate(session, statement, CannedAnswer.id, page, CannedAnswerRead.model_validate)


@router.get("/canned-answers/{answer_id}", response_model=CannedAnswerRead)
def get_canned_answer(answer_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CannedAnswer:
    return service.get_canned_answer(session=session, answer_id=answer_id)


@router.post(
    "/canned-answers", response_model=CannedAnswerRead, status_code=status.HTTP_201_CREATED
)
def create_canned_answer(
    body: CannedAnswerCreate, user: Editor, session: SessionDep, address: AddressDep
) -> CannedAnswer:
    """Add a canned answer (supervisors and admins)."""
    return service.create_canned_answer(session=session, actor=user, data=body, address=address)


@router.patch("/canned-answers/{answer_id}", response_model=CannedAnswerRead)
def update_canned_answer(
    answer_id: uuid.UUID,
    body: CannedAnswerUpdate,
    user: Editor,
    session: SessionDep,
    address: AddressDep,
) -> CannedAnswer:
    """Edit a canned answer; ``version`` must be the one the edit was made on (else 409)."""
    answer = service.get_canned_answer(session=session, answer_id=answer_id)
    return service.update_canned_answer(
        session=session, actor=user, answer=answer, data=body, address=address
    )
