"""End-of-shift reports: a rep submits their own day, their supervisor reviews it."""

import datetime as dt
import uuid

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.day_report import report_id
from desk_app.server.audit.service import record
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.shift_reports.schemas import ShiftReportSubmit
from desk_app.server.stats.access import may_manage
from desk_app.server.users.models import User


def visible(
    *,
    user: User,
    team_id: uuid.UUID | None = None,
    day: dt.date | None = None,
    user_id: uuid.UUID | None = None,
) -> Select[ShiftReport]:
    """Reports the caller may read (a rep: their own; a supervisor: the team's; admin: all)."""
    statement = select(ShiftReport).where(
        scope_filter(user, Resource.SHIFT, own=ShiftReport.user_id, team=ShiftReport.team_id)
    )
    if team_id is not None:
        statement = statement.where(ShiftReport.team_id == team_id)
    if day is not None:
        statement = statement.where(ShiftReport.day == day)
    if user_id is not None:
        statement = statement.where(ShiftReport.user_id == user_id)
    return statement


def get(session: Session, *, user: User, report_id: uuid.UUID) -> ShiftReport:
    report = session.get(ShiftReport, report_id)
    if report is None or not in_scope(
        user, Resource.SHIFT, own=report.user_id, team=report.team_id
    ):
        raise NotFound("shift report")
    return report


def for_day(session: Session, *, user_id: uuid.UUID, day: dt.date) -> ShiftReport | None:
    """The rep's report of ``day``, if submitted."""
    return session.get(ShiftReport, report_id(user_id, day))


def _fill(report: ShiftReport, user: User, data: ShiftReportSubmit) -> None:
    report.team_id = user.team_id
    report.figures = dict(data.figures)
    report.goals = dict(data.goals)
    report.unresolved = [item.model_dump(mode="json") for item in data.unresolved]
    report.went_well = data.went_well
    report.to_improve = data.to_improve
    report.notes_for_supervisor = data.notes_for_supervisor
    report.signed_off_at = data.signed_off_at
    report.submitted_at = utcnow()
    # a changed report is a new one to read: a review of the earlier text no longer holds
    report.reviewed_at = None
    report.reviewed_by_id = None


def submit(session: Session, *, user: User, data: ShiftReportSubmit) -> ShiftReport:
    """Create the caller's report of the day, or replace it (``version`` goes up).

    The id is ``report_id(caller, day)``, minted by the desk even offline; any
    other id would be someone else's report or another day's, and is refused.
    """
    expected = report_id(user.id, data.day)
    if data.id != expected:
        raise Problem(
            422,
            f"id: your report of {data.day.isoformat()} has the id {expected}; "
            "you may submit only your own report, under that id",
            type_="/problems/validation",
        )
    existing = session.get(ShiftReport, expected)
    if existing is None:
        report = ShiftReport(id=expected, user_id=user.id, day=data.day)
        _fill(report, user, data)
        session.add(report)
        try:
            session.commit()
        except IntegrityError:  # the same report sent twice at once: the later one replaces
            session.rollback()
            existing = session.get(ShiftReport, expected)
            if existing is None:
                raise
        else:
            return report
    _fill(existing, user, data)
    session.commit()
    return existing


def review(session: Session, *, user: User, report: ShiftReport, address: str) -> ShiftReport:
    """Mark the report read by its team's supervisor (or an admin); audited. Repeats are no-ops."""
    if not may_manage(user, report.team_id):
        raise Forbidden("only the supervisor of the rep's team may review this report")
    if report.reviewed_at is None:
        report.reviewed_at = utcnow()
        report.reviewed_by_id = user.id
        record(
            session,
            actor=user,
            action="shift_report.review",
            target_type="shift_report",
            target_id=report.id,
            address=address,
            user_id=str(report.user_id),
            day=report.day.isoformat(),
        )
        session.commit()
    return report
