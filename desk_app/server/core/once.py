"""Rows a user writes at most once (an acknowledgement): a repeat answers with the first row."""

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.server.core.db import Base

R = TypeVar("R", bound=Base)


def insert_once(session: Session, model: type[R], **key: Any) -> R:
    """The ``model`` row with these ``key`` columns, written and committed if it was not there.

    A unique constraint over the key settles a race (the same user acknowledging
    from two desks at once): the loser reads the winner's row.
    """
    existing = _find(session, model, key)
    if existing is not None:
        return existing
    row = model(**key)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = _find(session, model, key)
        assert existing is not None
        return existing
    return row


def _find(session: Session, model: type[R], key: dict[str, Any]) -> R | None:
    return session.scalar(select(model).filter_by(**key))
