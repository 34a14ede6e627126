"""GET /events: the change feed as server-sent events, resumable with Last-Event-ID.

Each event's ``id`` is the change's sequence number and its ``data`` the same
object ``GET /sync/changes`` returns, so a desk can apply events directly and,
after a cut, resume exactly where it stopped. The stream holds no database
connection while it waits: it looks for changes with a short session when
woken (a commit here, a NOTIFY from another worker) or every few seconds.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from desk_app.server.auth.service import user_for_token
from desk_app.server.core.problems import Problem
from desk_app.server.dependencies import TokenDep
from desk_app.server.sync import feed
from desk_app.server.users.models import User

router = APIRouter(tags=["sync"])
_PAGE = 200


def stream_user(request: Request, token: TokenDep) -> User:
    """The caller, looked up with a short session: the stream must not hold a connection."""
    with request.app.state.session_factory() as session:
        user = user_for_token(session, token)
        if user is None:
            raise Problem(401, "your session has expired or was ended; sign in again")
        session.expunge(user)
        return user


def _next_page(request: Request, user: User, after: int) -> tuple[list[dict[str, Any]], int, bool]:
    with request.app.state.session_factory() as session:
        return feed.changes_after(session, user=user, after=after, limit=_PAGE)


def start_seq(
    request: Request,
    after: Annotated[int | None, Query(ge=0, description="start after this seq")] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> int:
    """Where the stream starts: after Last-Event-ID, else after ``after``, else now."""
    if last_event_id:
        try:
            return max(0, int(last_event_id))
        except ValueError:
            raise Problem(400, "Last-Event-ID must be a sequence number from this stream") from None
    if after is not None:
        return after
    with request.app.state.session_factory() as session:
        return feed.head(session)


@router.get("/events", response_class=EventSourceResponse)
async def events(
    request: Request,
    user: Annotated[User, Depends(stream_user)],
    seq: Annotated[int, Depends(start_seq)],
) -> AsyncIterator[ServerSentEvent]:
    """Changes the caller may see, as they are committed (``event: change``).

    Without ``Last-Event-ID`` or ``after`` the stream starts at the present.
    Comment lines (``: ping``) keep idle connections open.
    """
    signal = request.app.state.change_signal
    poll = request.app.state.settings.events_poll_seconds
    yield ServerSentEvent(comment="stream open", retry=2000)
    while not await request.is_disconnected():
        fired = signal.next_fire()
        changes, last_seq, more = await run_in_threadpool(_next_page, request, user, seq)
        for change in changes:
            yield ServerSentEvent(id=str(change["seq"]), event="change", data=change)
        seq = last_seq
        if not more:
            await signal.wait(fired, poll)
