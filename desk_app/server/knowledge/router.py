"""/kb/articles, /canned-answers and /macros: what reps look up, paste and run, kept by managers."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from desk_app.domain.access import Action
from desk_app.domain.enums import Channel
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.core.problems import Problem
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.knowledge import service
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.knowledge.schemas import (
    CannedAnswerCreate,
    CannedAnswerRead,
    CannedAnswerUpdate,
    KbArticleCreate,
    KbArticleRead,
    KbArticleUpdate,
    MacroCreate,
    MacroRead,
    MacroUpdate,
)
from desk_app.server.users.models import User

router = APIRouter(tags=["knowledge"])
Editor = Annotated[User, Depends(require(Action.CONTENT_EDIT))]


@router.get("/kb/articles", response_model=Page[KbArticleRead])
def list_articles(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="words, each the start of one in title, tags or body"),
    ] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    slug: Annotated[str | None, Query(max_length=120, description="the one article")] = None,
) -> Page[KbArticleRead]:
    """Articles carrying ``tag`` (or named by ``slug``); with ``q``, the ``limit`` best matches.

    A search is one page, ranked (title words first, then tags, then body);
    without ``q`` the list pages by cursor in creation order.
    """
    if q is None:
        statement = service.articles(session=session, tag=tag, slug=slug)
        return paginate(session, statement, KbArticle.id, page, KbArticleRead.model_validate)
    if page.cursor:
        raise Problem(400, "a search is one page: ask for a larger limit instead of a cursor")
    found = service.search_articles(session=session, query=q, tag=tag, slug=slug, limit=page.limit)
    return Page[KbArticleRead](
        items=[KbArticleRead.model_validate(a) for a in found], next_cursor=None
    )


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
    team_id: uuid.UUID | None = None,
) -> Page[CannedAnswerRead]:
    """Canned answers the caller sees for a channel (those for every channel included),
    a category and a team (that team's and everyone's)."""
    statement = service.canned_answers(
        user=user, channel=channel, category=category, team_id=team_id
    )
    return paginate(session, statement, CannedAnswer.id, page, CannedAnswerRead.model_validate)


@router.get("/canned-answers/{answer_id}", response_model=CannedAnswerRead)
def get_canned_answer(answer_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CannedAnswer:
    return service.get_canned_answer(session=session, user=user, answer_id=answer_id)


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
    answer = service.get_canned_answer(session=session, user=user, answer_id=answer_id)
    return service.update_canned_answer(
        session=session, actor=user, answer=answer, data=body, address=address
    )


@router.get("/macros", response_model=Page[MacroRead])
def list_macros(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    channel: Channel | None = None,
    team_id: uuid.UUID | None = None,
) -> Page[MacroRead]:
    """Macros the caller sees for a channel (those for every channel included) and a team."""
    statement = service.macros(user=user, channel=channel, team_id=team_id)
    return paginate(session, statement, Macro.id, page, MacroRead.model_validate)


@router.get("/macros/{macro_id}", response_model=MacroRead)
def get_macro(macro_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Macro:
    return service.get_macro(session=session, user=user, macro_id=macro_id)


@router.post("/macros", response_model=MacroRead, status_code=status.HTTP_201_CREATED)
def create_macro(
    body: MacroCreate, user: Editor, session: SessionDep, address: AddressDep
) -> Macro:
    """Add a macro (supervisors and admins)."""
    return service.create_macro(session=session, actor=user, data=body, address=address)


@router.patch("/macros/{macro_id}", response_model=MacroRead)
def update_macro(
    macro_id: uuid.UUID,
    body: MacroUpdate,
    user: Editor,
    session: SessionDep,
    address: AddressDep,
) -> Macro:
    """Edit a macro; ``version`` must be the one the edit was made on (else 409)."""
    macro = service.get_macro(session=session, user=user, macro_id=macro_id)
    return service.update_macro(
        session=session, actor=user, macro=macro, data=body, address=address
    )
