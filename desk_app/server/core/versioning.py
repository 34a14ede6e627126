"""Optimistic concurrency: an edit applies only to the version it was made on."""

from collections.abc import Callable
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import VersionConflict


class Versioned(Protocol):
    version: int


def ensure_version(record: Versioned, version: int, *, to_read: Callable[[Any], BaseModel]) -> None:
    """Raise 409 with the current record unless ``version`` is the record's version."""
    if version != record.version:
        raise VersionConflict(to_read(record).model_dump(mode="json"))


def apply_update(
    session: Session,
    record: Versioned,
    changes: BaseModel,
    *,
    to_read: Callable[[Any], BaseModel],
    skip: frozenset[str] = frozenset(),
) -> None:
    """Copy the fields set in ``changes`` onto ``record`` and commit, or raise 409.

    The explicit check answers the common case with the current record; the
    mapper's ``version_id_col`` catches the race where another writer commits
    between our read and our write.
    """
    ensure_version(record, changes.version, to_read=to_read)  # type: ignore[attr-defined]
    for field, value in changes.model_dump(exclude_unset=True).items():
        if field != "version" and field not in skip:
            setattr(record, field, value)
    if hasattr(record, "updated_at"):
        # An edit that only replaced child rows (phones, breaks) must still move
        # the version on, so it is stamped on the record itself.
        record.updated_at = utcnow()
    commit_versioned(session, record, to_read=to_read)


def commit_versioned(
    session: Session, record: Versioned, *, to_read: Callable[[Any], BaseModel]
) -> None:
    """Commit, turning a lost race on the version column into a 409 with the record now."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        session.refresh(record)
        raise VersionConflict(to_read(record).model_dump(mode="json")) from None
