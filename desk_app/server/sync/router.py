"""POST /sync/ops (exactly-once operations) and GET /sync/changes (the change feed)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from desk_app.server.dependencies import CurrentUser, SessionDep, SettingsDep
from desk_app.server.sync import feed
from desk_app.server.sync.ops import apply_op
from desk_app.server.sync.schemas import ChangePage, OpBatch, OpResults

router = APIRouter(prefix="/sync", tags=["sync"])


@router.post("/ops", response_model=OpResults)
def post_ops(
    batch: OpBatch, user: CurrentUser, settings: SettingsDep, request: Request
) -> OpResults:
    """Apply a batch of desk operations, each once and in its own transaction.

    One answer per op, in order: ``applied``, ``duplicate`` (seen before: the
    first answer's record or reason), ``conflict`` (stale ``base_version``:
    the record as it is now) or ``rejected`` (with the reason).
    """
    engine = request.app.state.engine
    return OpResults(
        results=[apply_op(engine, user_id=user.id, op=op, settings=settings) for op in batch.ops]
    )


@router.get("/changes", response_model=ChangePage)
def get_changes(
    user: CurrentUser,
    session: SessionDep,
    after: Annotated[int, Query(ge=0, description="last_seq of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> ChangePage:
    """What changed after ``after`` that the caller may see, oldest first.

    ``evict`` means the record left the caller's sight (reassigned elsewhere);
    ``delete`` that it is gone.
    """
    changes, last_seq, more = feed.changes_after(session, user=user, after=after, limit=limit)
    return ChangePage.model_validate({"changes": changes, "last_seq": last_seq, "has_more": more})
