"""/queue: the queue at a glance."""

from fastapi import APIRouter

from desk_app.server.dependencies import CurrentUser, SessionDep
from desk_app.server.interactions import summary
from desk_app.server.interactions.summary import QueueSummary

router = APIRouter(prefix="/queue", tags=["interactions"])


@router.get("/summary", response_model=QueueSummary)
def queue_summary(user: CurrentUser, session: SessionDep) -> QueueSummary:
    """Per channel: how many wait (queued or offered) and the oldest's queue time."""
    return summary.summarize(session=session, user=user)
