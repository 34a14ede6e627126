"""The knowledge base, canned answers and macros: read by everyone, edited by managers.

Canned answers and macros belong to a team or, with no ``team_id``, to
everyone: a user sees everyone's and their own team's (an admin sees all),
and a supervisor writes for everyone or for their own team only, as with
announcements.
"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, cast, exists, func, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk_app.domain.enums import Channel, Role
from desk_app.domain.knowledge import query_words
from desk_app.server.audit import service as audit
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.versioning import apply_update
from desk_app.server.knowledge import search
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
from desk_app.server.users.models import Team, User


def _has_tag(dialect: str, tag: str) -> ColumnElement[bool]:
    # Tags are a JSON list; each backend has its own way to look inside one.
    if dialect == "postgresql":
        return cast(KbArticle.tags, JSONB).contains([tag])
    elements = func.json_each(KbArticle.tags).table_valued("value")
    return exists(select(elements.c.value).where(elements.c.value == tag))


def _filters(session: Session, tag: str | None, slug: str | None) -> list[ColumnElement[bool]]:
    found = [] if slug is None else [KbArticle.slug == slug]
    if tag and tag.strip():
        found.append(_has_tag(session.get_bind().dialect.name, tag.strip().lower()))
    return found


def articles(*, session: Session, tag: str | None, slug: str | None) -> Select[KbArticle]:
    """Every article, or those with ``tag`` (named ``slug``): the list a cursor pages through."""
    return select(KbArticle).where(*_filters(session, tag, slug))


def search_articles(
    *, session: Session, query: str, tag: str | None, slug: str | None, limit: int
) -> list[KbArticle]:
    """The ``limit`` best articles with every word of ``query`` beginning one of theirs.

    Ranked as :func:`~desk_app.domain.knowledge.rank_key` says (title, then
    tags, then body); a query with no word finds nothing.
    """
    ids = search.ranked_ids(
        session, query_words(query), where=_filters(session, tag, slug), limit=limit
    )
    found = {a.id: a for a in session.scalars(select(KbArticle).where(KbArticle.id.in_(ids)))}
    return [found[article_id] for article_id in ids if article_id in found]


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


# --- team scope, shared by canned answers and macros ------------------------------

TeamColumn = InstrumentedAttribute[uuid.UUID | None]


def _team_visible(user: User, team: TeamColumn) -> ColumnElement[bool]:
    """Everyone's and the user's team's; an admin's: all."""
    if user.role == Role.ADMIN:
        return true()
    if user.team_id is None:
        return team.is_(None)
    return or_(team.is_(None), team == user.team_id)


def _for_channel(column: InstrumentedAttribute[str | None], channel: Channel | None) -> list[Any]:
    """For ``channel``, those for every channel included; no channel: all."""
    return [] if channel is None else [or_(column == channel, column.is_(None))]


def _check_team(session: Session, actor: User, team_id: uuid.UUID | None) -> None:
    """A supervisor writes for everyone or their own team; the team must exist."""
    if team_id is None:
        return
    if actor.role == Role.SUPERVISOR and team_id != actor.team_id:
        raise Forbidden("a supervisor may write for everyone or for their own team only")
    if session.get(Team, team_id) is None:
        raise Problem(422, "no such team")


def _check_shortcut(
    session: Session,
    model: type[CannedAnswer] | type[Macro],
    shortcut: str | None,
    team_id: uuid.UUID | None,
    itself: uuid.UUID | None,
) -> None:
    """A shortcut names one record among those a team sees under it: 409 if taken."""
    if shortcut is None:
        return
    team = model.team_id.is_(None) if team_id is None else model.team_id == team_id
    taken = select(model.id).where(model.shortcut == shortcut, team)
    if itself is not None:
        taken = taken.where(model.id != itself)
    if session.scalar(taken.limit(1)) is not None:
        raise Problem(409, f"the shortcut {shortcut!r} is already used here")


def _changed(data: CannedAnswerUpdate | MacroUpdate, record: CannedAnswer | Macro) -> Any:
    """The record's ``(shortcut, team_id)`` once ``data`` is applied."""
    fields = data.model_fields_set
    return (
        data.shortcut if "shortcut" in fields else record.shortcut,
        data.team_id if "team_id" in fields else record.team_id,
    )


# --- canned answers --------------------------------------------------------------


def canned_answers(
    *, user: User, channel: Channel | None, category: str | None, team_id: uuid.UUID | None
) -> Select[CannedAnswer]:
    """Canned answers ``user`` sees for ``channel`` (and every channel), ``category``, team."""
    statement = select(CannedAnswer).where(
        _team_visible(user, CannedAnswer.team_id), *_for_channel(CannedAnswer.channel, channel)
    )
    if category:
        statement = statement.where(CannedAnswer.category == category)
    if team_id is not None:  # that team's own and everyone's
        statement = statement.where(
            or_(CannedAnswer.team_id == team_id, CannedAnswer.team_id.is_(None))
        )
    return statement


def get_canned_answer(*, session: Session, user: User, answer_id: uuid.UUID) -> CannedAnswer:
    """One canned answer ``user`` sees."""
    answer = session.scalar(
        select(CannedAnswer).where(
            CannedAnswer.id == answer_id, _team_visible(user, CannedAnswer.team_id)
        )
    )
    if answer is None:
        raise NotFound("canned answer")
    return answer


def create_canned_answer(
    *, session: Session, actor: User, data: CannedAnswerCreate, address: str | None
) -> CannedAnswer:
    """Add a canned answer (managers; audited)."""
    _check_team(session, actor, data.team_id)
    _check_shortcut(session, CannedAnswer, data.shortcut, data.team_id, None)
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
    shortcut, team_id = _changed(data, answer)
    if "team_id" in data.model_fields_set:
        _check_team(session, actor, team_id)
    _check_shortcut(session, CannedAnswer, shortcut, team_id, answer.id)
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


# --- macros ------------------------------------------------------------------------


def _check_answers(
    session: Session, actions: list[dict[str, Any]], team_id: uuid.UUID | None
) -> None:
    """Every answer a macro inserts is one its team can use: 422 naming those that are not."""
    wanted = {a["shortcut"] for a in actions if a["do"] == "insert_answer"}
    if not wanted:
        return
    usable: ColumnElement[bool] = CannedAnswer.team_id.is_(None)
    if team_id is not None:
        usable = or_(usable, CannedAnswer.team_id == team_id)
    found = set(
        session.scalars(
            select(CannedAnswer.shortcut).where(CannedAnswer.shortcut.in_(wanted), usable)
        )
    )
    if missing := sorted(wanted - found):
        raise Problem(422, f"no canned answer this team can use has the shortcut {missing[0]!r}")


def macros(*, user: User, channel: Channel | None, team_id: uuid.UUID | None) -> Select[Macro]:
    """Macros ``user`` sees for ``channel`` (and every channel), and for a team."""
    statement = select(Macro).where(
        _team_visible(user, Macro.team_id), *_for_channel(Macro.channel, channel)
    )
    if team_id is not None:
        statement = statement.where(or_(Macro.team_id == team_id, Macro.team_id.is_(None)))
    return statement


def get_macro(*, session: Session, user: User, macro_id: uuid.UUID) -> Macro:
    """One macro ``user`` sees."""
    macro = session.scalar(
        select(Macro).where(Macro.id == macro_id, _team_visible(user, Macro.team_id))
    )
    if macro is None:
        raise NotFound("macro")
    return macro


def create_macro(*, session: Session, actor: User, data: MacroCreate, address: str | None) -> Macro:
    """Add a macro (managers; audited)."""
    fields = data.model_dump()
    _check_team(session, actor, data.team_id)
    _check_shortcut(session, Macro, data.shortcut, data.team_id, None)
    _check_answers(session, fields["actions"], data.team_id)
    macro = Macro(**fields)
    audit.create_audited(
        session,
        macro,
        actor=actor,
        action="macro.create",
        target_type="macro",
        address=address,
        title=macro.title,
        taken="a macro with this id already exists",
    )
    return macro


def update_macro(
    *, session: Session, actor: User, macro: Macro, data: MacroUpdate, address: str | None
) -> Macro:
    """Edit a macro if ``data.version`` is still current (managers; audited)."""
    shortcut, team_id = _changed(data, macro)
    if "team_id" in data.model_fields_set:
        _check_team(session, actor, team_id)
    _check_shortcut(session, Macro, shortcut, team_id, macro.id)
    actions = data.model_dump()["actions"] if data.actions is not None else macro.actions
    _check_answers(session, actions, team_id)
    audit.record(
        session,
        actor=actor,
        action="macro.edit",
        target_type="macro",
        target_id=macro.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    apply_update(session, macro, data, to_read=MacroRead.model_validate)
    return macro
