"""The knowledge base and canned answers: searched by everyone, edited by managers."""

import uuid

from sqlalchemy import ColumnElement, Select, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel
from desk_app.server.audit import service as audit
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.versioning import apply_update
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


def _has_tag(dialect: str, tag: str) -> ColumnElement[bool]:
    # Tags are a JSON list; each backend has its own way to look inside one.
    if dialect == "postgresql":
        return cast(KbArticle.tags, JSONB).contains([tag])
    elements = func.json_each(KbArticle.tags).table_valued("value")
    return exists(select(elements.c.value).where(elements.c.value == tag))


def articles(*, session: Session, query: str | None, tag: str | None) -> Select[KbArticle]:
    """Articles whose title or body holds every word of ``query``, with ``tag`` if given."""
    statement = select(KbArticle)
    for word in (query or "").split():
        statement = statement.where(
            or_(
                KbArticle.title.icontains(word, autoescape=True),
                KbArticle.body.icontains(word, autoescape=True),
            )
        )
    if tag and tag.strip():
        dialect = session.get_bind().dialect.name
        statement = statement.where(_has_tag(dialect, tag.strip().lower()))
    return statement


def get_article(*, session: Session, article_id: uuid.UUID) -> KbArticle:
    """One article."""
    article = session.get(KbArticle, article_id)
    if article is None:
        raise NotFound("article")
    return article


def _slug_taken(slug: str | None) -> Problem:
    return Problem(409, f"an article with slug {slug!r} already exists")


def create_article(
    *, session: Session, actor: User, data: KbArticleCreate, address: str | None
) -> KbArticle:
    """Add an article (managers; audited)."""
    article = KbArticle(**data.model_dump())
    audit.create_audited(
        session,
        article,
        actor=actor,
        action="kb.create",
        target_type="kb_article",
        address=address,
        slug=article.slug,
        taken=f"an article with slug {data.slug!r} already exists",
    )
    return article


def update_article(
    *,
    session: Session,
    actor: User,
    article: KbArticle,
    data: KbArticleUpdate,
    address: str | None,
) -> KbArticle:
    """Edit an article if ``data.version`` is still current (managers; audited)."""
    audit.record(
        session,
        actor=actor,
        action="kb.edit",
        target_type="kb_article",
        target_id=article.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    try:
        apply_update(session, article, data, to_read=KbArticleRead.model_validate)
    except IntegrityError:
        session.rollback()
        raise _slug_taken(data.slug) from None
    return article


def canned_answers(*, channel: Channel | None, category: str | None) -> Select[CannedAnswer]:
    """Canned answers for ``channel`` (including those for every channel) and ``category``."""
    statement = select(CannedAnswer)
    if channel is not None:
        statement = statement.where(
            or_(CannedAnswer.channel == channel, CannedAnswer.channel.is_(None))
        )
    if category:
        statement = statement.where(CannedAnswer.category == category)
    return statement


def get_canned_answer(*, session: Session, answer_id: uuid.UUID) -> CannedAnswer:
    """One canned answer."""
    answer = session.get(CannedAnswer, answer_id)
    if answer is None:
        raise NotFound("canned answer")
    return answer


def create_canned_answer(
    *, session: Session, actor: User, data: CannedAnswerCreate, address: str | None
) -> CannedAnswer:
    """Add a canned answer (managers; audited)."""
    answer = CannedAnswer(**data.model_dump())
    audit.create_audited(
        session,
        answer,
        actor=actor,
        action="canned.create",
        target_type="canned_answer",
        address=address,
        title=answer.title,
        taken="a canned answer with this id already exists",
    )
    return answer


def update_canned_answer(
    *,
    session: Session,
    actor: User,
    answer: CannedAnswer,
    data: CannedAnswerUpdate,
    address: str | None,
) -> CannedAnswer:
    """Edit a canned answer if ``data.version`` is still current (managers; audited)."""
    audit.record(
        session,
        actor=actor,
        action="canned.edit",
        target_type="canned_answer",
        target_id=answer.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    apply_update(session, answer, data, to_read=CannedAnswerRead.model_validate)
    return answer
