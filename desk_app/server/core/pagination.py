"""Cursor pagination: stable under inserts, cheap on a million rows.

Every list orders by the UUIDv7 primary key (that is, by creation time) and
the cursor is the last id of the page, opaque to the client.
"""

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk_app.server.core.problems import Problem

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_cursor`` is null on the last page."""

    items: list[T]
    next_cursor: str | None


class PageParams(BaseModel):
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


def page_params(
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> PageParams:
    """Query parameters shared by every list endpoint."""
    return PageParams(cursor=cursor, limit=limit)


def encode_cursor(last_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return uuid.UUID(bytes=raw)
    except (binascii.Error, ValueError) as exc:
        raise Problem(400, "cursor is not one this server handed out") from exc


def paginate(
    session: Session,
    statement: Select[Any],
    id_column: InstrumentedAttribute[uuid.UUID],
    params: PageParams,
    to_item: Callable[[Any], T],
) -> Page[T]:
    """Run ``statement`` for one page after ``params.cursor``, newest id last."""
    if params.cursor:
        statement = statement.where(id_column > decode_cursor(params.cursor))
    rows: Sequence[Any] = (
        session.scalars(statement.order_by(id_column).limit(params.limit + 1)).unique().all()
    )
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    next_cursor = encode_cursor(rows[-1].id) if more and rows else None
    return Page[T](items=[to_item(row) for row in rows], next_cursor=next_cursor)
