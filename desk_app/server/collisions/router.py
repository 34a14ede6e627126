"""/collisions: the desk's heartbeat of what it has open, answered with who else has it."""

from fastapi import APIRouter

from desk_app.server.collisions import service
from desk_app.server.collisions.schemas import Collisions, ViewingReport
from desk_app.server.dependencies import CurrentUser, SessionDep

router = APIRouter(prefix="/collisions", tags=["collisions"])


@router.post("", response_model=Collisions)
def report_viewing(body: ViewingReport, user: CurrentUser, session: SessionDep) -> Collisions:
    """Replace the caller's open customers and tickets; colleagues on the same, or on a call
    with the customer (any staff role; a heartbeat older than a minute no longer counts)."""
    return Collisions(others=service.report(session=session, user=user, data=body))
