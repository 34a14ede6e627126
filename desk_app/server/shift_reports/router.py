"""/shift-reports: the reps' submitted end-of-shift reports, and the supervisor's review."""

import datetime as dt
import uuid

from fastapi import APIRouter

from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep
from desk_app.server.shift_reports import service
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.shift_reports.schemas import ShiftReportRead
from desk_app.server.stats.access import Manager

router = APIRouter(prefix="/shift-reports", tags=["shift reports"])


@router.get("", response_model=Page[ShiftReportRead])
def list_shift_reports(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    team_id: uuid.UUID | None = None,
    day: dt.date | None = None,
    user_id: uuid.UUID | None = None,
) -> Page[ShiftReportRead]:
    """Submitted reports in the caller's scope, narrowed by team, day or rep.

    Reports are submitted through the ``shift_report.submit`` op (POST /sync/ops).
    """
    statement = service.visible(user=user, team_id=team_id, day=day, user_id=user_id)
    return paginate(session, statement, ShiftReport.id, page, ShiftReportRead.model_validate)


@router.get("/{report_id}", response_model=ShiftReportRead)
def get_shift_report(report_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ShiftReport:
    return service.get(session, user=user, report_id=report_id)


@router.post("/{report_id}/review", response_model=ShiftReportRead)
def review_shift_report(
    report_id: uuid.UUID, user: Manager, session: SessionDep, address: AddressDep
) -> ShiftReport:
    """The supervisor has read the report (the first review counts; audited)."""
    report = service.get(session, user=user, report_id=report_id)
    return service.review(session, user=user, report=report, address=address)
