"""Shifts: planned by managers for the people they oversee, seen by each rep for themselves."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.core.versioning import apply_update, ensure_version
from desk_app.server.shifts.models import Shift, ShiftBreak
from desk_app.server.shifts.schemas import BreakIn, ShiftCreate, ShiftRead, ShiftUpdate
from desk_app.server.users.models import User


def visible(
    *,
    user: User,
    user_id: uuid.UUID | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select[Shift]:
    """Shifts in the caller's scope, of one user and overlapping [start, end) if given."""
    statement = select(Shift).where(
        scope_filter(user, Resource.SHIFT, own=Shift.user_id, team=Shift.team_id)
    )
    if user_id is not None:
        statement = statement.where(Shift.user_id == user_id)
    if start is not None:
        statement = statement.where(Shift.ends_at > start)
    if end is not None:
        statement = statement.where(Shift.starts_at < end)
    return statement


def get(*, session: Session, user: User, shift_id: uuid.UUID) -> Shift:
    """One shift, if in the caller's scope."""
    shift = session.get(Shift, shift_id)
    if shift is None or not in_scope(user, Resource.SHIFT, own=shift.user_id, team=shift.team_id):
        raise NotFound("shift")
    return shift


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def _check_plan(starts_at: datetime, ends_at: datetime, breaks: Sequence[BreakIn]) -> None:
    if ends_at <= starts_at:
        raise _invalid("ends_at: must be after starts_at")
    previous_end = None
    for index, item in sorted(enumerate(breaks), key=lambda pair: pair[1].starts_at):
        if item.ends_at <= item.starts_at:
            raise _invalid(f"breaks[{index}]: ends_at must be after starts_at")
        if item.starts_at < starts_at or item.ends_at > ends_at:
            raise _invalid(f"breaks[{index}]: must lie inside the shift")
        if previous_end is not None and item.starts_at < previous_end:
            raise _invalid(f"breaks[{index}]: overlaps another break")
        previous_end = item.ends_at


def _check_no_overlap(
    session: Session,
    user_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    exclude: uuid.UUID | None = None,
) -> None:
    statement = select(Shift.id).where(
        Shift.user_id == user_id, Shift.starts_at < ends_at, Shift.ends_at > starts_at
    )
    if exclude is not None:
        statement = statement.where(Shift.id != exclude)
    clash = session.scalar(statement.limit(1))
    if clash is not None:
        raise Problem(409, f"the user already has a shift at that time ({clash})")


def _break_rows(breaks: Sequence[BreakIn]) -> list[ShiftBreak]:
    # In start order, as the relationship loads them, so a response equals a later read.
    ordered = sorted(breaks, key=lambda item: item.starts_at)
    return [ShiftBreak(**item.model_dump()) for item in ordered]


def create(*, session: Session, actor: User, data: ShiftCreate, address: str | None) -> Shift:
    """Plan a shift for a user the caller oversees (managers; audited)."""
    worker = session.get(User, data.user_id)
    if worker is None:
        raise NotFound("user")
    if not in_scope(actor, Resource.SHIFT, own=worker.id, team=worker.team_id):
        raise Forbidden("you may plan shifts only for people in your team")
    _check_plan(data.starts_at, data.ends_at, data.breaks)
    _check_no_overlap(session, worker.id, data.starts_at, data.ends_at)
    shift = Shift(
        user_id=worker.id,
        team_id=worker.team_id,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        breaks=_break_rows(data.breaks),
    )
    audit.create_audited(
        session,
        shift,
        actor=actor,
        action="shift.create",
        target_type="shift",
        address=address,
        user_id=str(worker.id),
        taken="a shift with this id already exists",
    )
    return shift


def update(
    *, session: Session, actor: User, shift: Shift, data: ShiftUpdate, address: str | None
) -> Shift:
    """Move a shift or replace its breaks, if ``data.version`` is still current (audited)."""
    ensure_version(shift, data.version, to_read=ShiftRead.model_validate)
    starts_at = data.starts_at or shift.starts_at
    ends_at = data.ends_at or shift.ends_at
    breaks = (
        data.breaks
        if data.breaks is not None
        else [BreakIn.model_validate(b, from_attributes=True) for b in shift.breaks]
    )
    _check_plan(starts_at, ends_at, breaks)
    _check_no_overlap(session, shift.user_id, starts_at, ends_at, exclude=shift.id)
    if data.breaks is not None:
        shift.breaks = _break_rows(data.breaks)
        # A change of children alone would not touch the shift row, so its version would stay.
        shift.updated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="shift.edit",
        target_type="shift",
        target_id=shift.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    apply_update(session, shift, data, to_read=ShiftRead.model_validate, skip=frozenset({"breaks"}))
    return shift


def remove(*, session: Session, actor: User, shift: Shift, address: str | None) -> None:
    """Delete a shift (managers; audited as ``shift.delete``)."""
    audit.record(
        session,
        actor=actor,
        action="shift.delete",
        target_type="shift",
        target_id=shift.id,
        address=address,
        user_id=str(shift.user_id),
        starts_at=shift.starts_at.isoformat(),
    )
    session.delete(shift)
    session.commit()
