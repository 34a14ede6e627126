"""The sync engine: drains the outbox, pulls the change feed, follows the event stream.

No Qt: the window runs :meth:`SyncEngine.run` in a QThread and turns the
callbacks into signals. Callbacks are called on the engine's thread, so
they must only hand data over (emit a signal), never touch widgets.

Guarantees: an op leaves the outbox only with the server's answer (applied
and duplicate drop it, conflict and rejected move it where the user sees
it); failures to reach the server back off exponentially with full jitter;
changes are applied in feed order and never regress a record's version.

Besides the outbox, the window asks for things that only make sense online
(accept an offer, a call command, a customer look-up on the server): it
submits them (:meth:`SyncEngine.submit`), and they run on this same thread between
steps, promptly, each answered exactly once. So every HTTP call of the desk
happens here, never on the UI thread. While running, the engine also sends
the presence heartbeat every few seconds.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.backoff import Backoff
from desk_app.client.events import EventFollower
from desk_app.client.protocol import MAX_BATCH
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore, PendingOp, RecordChange
from desk_app.client.store.schema import utcnow

_log = logging.getLogger(__name__)

# A batch the server refuses as a whole (it will not even read it) is split
# until the op that spoils it stands alone and can be rejected by itself.
_REFUSED_WHOLE = (400, 413, 422)
_MAX_BATCHES_PER_STEP = 50  # then pull, so a long outbox never starves the feed
_MAX_PAGES_PER_STEP = 200
_WAIT_SLICE = 0.2
# The server takes a desk for gone after 15 s without one (heartbeat_timeout_seconds).
HEARTBEAT_SECONDS = 5.0

T = TypeVar("T")
Request = Callable[[DeskApi], Any]
Done = Callable[[Any, ApiError | None], None]
_CLOSED = ApiError(None, "the desk is no longer syncing")


class SyncEngine:
    """One desk's synchronisation with the server, driven from one worker thread."""

    def __init__(
        self,
        store: LocalStore,
        api: DeskApi,
        *,
        batch_size: int = 100,
        page_size: int = 500,
        poll_seconds: float = 30.0,
        follow_events: bool = True,
        backoff: Backoff | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_records: Callable[[list[RecordChange]], None] | None = None,
        idle_seconds: Callable[[], float] | None = None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self._replica = store.replica
        self._api = api
        self._batch_size = min(batch_size, MAX_BATCH)
        self._page_size = page_size
        self._poll_seconds = poll_seconds
        self._follow_events = follow_events
        self._backoff = backoff or Backoff()
        self._on_status = on_status or (lambda _status: None)
        self._on_records = on_records or (lambda _changes: None)
        self._idle_seconds = idle_seconds
        self._heartbeat_seconds = heartbeat_seconds
        self._wake = threading.Event()  # something to do: a step or a request
        self._step_wanted = threading.Event()
        self._events: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._requests: queue.SimpleQueue[tuple[Request, Done]] = queue.SimpleQueue()
        self._closing = threading.Lock()
        self._closed = False
        position = self._replica.position()
        self._seq = position.last_seq
        self._status = SyncStatus(last_synced_at=position.last_synced_at)
        self._streaming = False
        self._next_pull = 0.0
        self._retry_in = 0.0

    # --- for the window --------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._status

    def wake(self) -> None:
        """Sync soon (the user queued an op). Ignored while offline: backoff decides then."""
        if self._status.online:
            self._want_step()

    def submit(
        self, request: Callable[[DeskApi], T], done: Callable[[T | None, ApiError | None], None]
    ) -> None:
        """Run ``request`` on the engine's thread soon; ``done(result, None)`` or ``(None, error)``.

        Called from any thread. ``done`` is called exactly once, on the
        engine's thread (so it must only hand the answer over), or at once on
        the caller's thread when the engine has already stopped.
        """
        with self._closing:
            if not self._closed:
                self._requests.put((request, done))
                self._wake.set()
                return
        _answer(done, None, _CLOSED)

    def run(self, stop: threading.Event) -> None:
        """Sync until ``stop`` is set: steps at the poll or backoff pace, requests as they come."""
        follower = self._start_follower() if self._follow_events else None
        next_step = next_beat = time.monotonic()
        try:
            while not stop.is_set():
                self._serve_requests()
                if self._step_wanted.is_set() or time.monotonic() >= next_step:
                    self._step_wanted.clear()
                    reached = self._safe_step()
                    next_step = time.monotonic() + (
                        self._poll_seconds if reached else self._retry_in
                    )
                now = time.monotonic()
                if self._idle_seconds is not None and now >= next_beat:
                    if self._status.online:  # offline, the steps' backoff finds the way back
                        self._beat()
                    next_beat = now + self._heartbeat_seconds
                due = next_step if self._idle_seconds is None else min(next_step, next_beat)
                self._wait(stop, due - time.monotonic())
        finally:
            if follower is not None:
                follower.stop()
            self._close_requests()

    def _safe_step(self) -> bool:
        try:
            return self.step()
        except Exception as exc:  # a bug must not stop syncing silently: report, retry
            _log.exception("sync step failed")
            self._retry_in = self._backoff.next_delay()
            self._publish(last_error=f"sync failed: {exc}")
            return False

    # --- requests from the window ----------------------------------------

    def _serve_requests(self) -> None:
        while not self._requests.empty():
            request, done = self._requests.get_nowait()
            result, error = None, None
            try:
                result = request(self._api)
            except ApiError as exc:
                error = exc.with_traceback(None)
            except Exception as exc:  # a bug in one request must not stop the engine
                _log.exception("desk request failed")
                error = ApiError(None, f"the request failed: {exc}")
            # let go of the request before answering: the window may hold the last
            # reference to what it closes over, and must free that on its own thread
            del request
            _answer(done, result, error)

    def _close_requests(self) -> None:
        """Answer whatever is still queued: nobody will run it now."""
        with self._closing:
            self._closed = True
        while not self._requests.empty():
            _request, done = self._requests.get_nowait()
            _answer(done, None, _CLOSED)

    def _beat(self) -> None:
        assert self._idle_seconds is not None
        try:
            self._api.heartbeat(self._idle_seconds())
        except ApiError as error:
            # the next step finds out whether the server is gone; only note it here
            _log.info("heartbeat failed: %s", error)

    # --- one round -------------------------------------------------------

    def step(self) -> bool:
        """One round: send the outbox, apply streamed events, pull the feed. Reached the server?"""
        try:
            self._drain()
            self._apply_streamed()
            if not self._streaming or time.monotonic() >= self._next_pull:
                self._pull()
        except ApiError as error:
            self._failed(error)
            return False
        self._backoff.reset()
        synced_at = self._replica.mark_synced()
        self._publish(online=True, offline_since=None, last_error=None, last_synced_at=synced_at)
        return True

    def _drain(self) -> None:
        for _ in range(_MAX_BATCHES_PER_STEP):
            batch = self._replica.pending(self._batch_size)
            if not batch:
                return
            self._send(batch)

    def _send(self, batch: list[PendingOp]) -> None:
        try:
            answers = self._api.post_ops([op.wire() for op in batch])
        except ApiError as error:
            if error.status not in _REFUSED_WHOLE:
                raise
            if len(batch) == 1:
                self._changed(self._replica.refuse(batch[0].op_id, error.detail))
                return
            middle = len(batch) // 2
            self._send(batch[:middle])
            self._send(batch[middle:])
            return
        self._changed(self._replica.settle(answers))
        self._publish(online=True, offline_since=None)

    def _pull(self) -> None:
        # While the stream delivers, it is the feed: a pull per streamed change
        # would only hold the next change (a ringing call) behind a round trip.
        # The poll pace still pulls, in case the stream silently missed one.
        self._next_pull = time.monotonic() + self._poll_seconds
        for _ in range(_MAX_PAGES_PER_STEP):
            page = self._api.changes(self._seq, self._page_size)
            self._apply(page["changes"], int(page["last_seq"]))
            if not page["has_more"]:
                return

    def _apply_streamed(self) -> None:
        changes = []
        while not self._events.empty():
            changes.append(self._events.get_nowait())
        if changes:
            self._apply(changes, max(int(change["seq"]) for change in changes))

    def _apply(self, changes: list[dict[str, Any]], last_seq: int) -> None:
        self._changed(self._replica.apply_changes(changes, last_seq))
        self._seq = max(self._seq, last_seq)

    # --- failure and waiting ---------------------------------------------

    def _failed(self, error: ApiError) -> None:
        delay = self._retry_in = self._backoff.next_delay()
        waiting = self._replica.pending(self._batch_size)
        if waiting:
            retry_at = utcnow() + timedelta(seconds=delay)
            self._replica.note_failure([op.op_id for op in waiting], error.detail, retry_at)
        if error.transient:
            since = self._status.offline_since or utcnow()
            self._publish(online=False, offline_since=since, last_error=error.detail)
        else:
            self._publish(last_error=error.detail)
        _log.info("sync failed (%s); next try in %.1f s", error, delay)

    def _want_step(self) -> None:
        self._step_wanted.set()
        self._wake.set()

    def _wait(self, stop: threading.Event, seconds: float) -> None:
        remaining = seconds
        while remaining > 0 and not stop.is_set() and not self._wake.is_set():
            self._wake.wait(min(_WAIT_SLICE, remaining))
            remaining -= _WAIT_SLICE
        self._wake.clear()

    # --- the event stream --------------------------------------------------

    def _start_follower(self) -> EventFollower:
        follower = EventFollower(
            self._api.clone().open_events,
            position=lambda: self._seq,
            on_change=self._streamed,
            on_state=self._stream_state,
        )
        follower.start()
        return follower

    def _streamed(self, change: dict[str, Any]) -> None:
        self._events.put(change)
        self._want_step()

    def _stream_state(self, connected: bool) -> None:
        # on the follower's thread: only note it; the engine's thread publishes
        self._streaming = connected
        self._want_step()  # connected: the server is back, do not wait out the backoff

    # --- reporting -------------------------------------------------------

    def _changed(self, changes: list[RecordChange]) -> None:
        if changes:
            self._on_records(changes)

    def _publish(self, **fields: Any) -> None:
        ops_waiting, conflicts, rejected = self._replica.counts()
        fields.setdefault("streaming", self._streaming)
        new = replace(
            self._status, ops_waiting=ops_waiting, conflicts=conflicts, rejected=rejected, **fields
        )
        if new != self._status:
            self._status = new
            self._on_status(new)


def _answer(done: Done, result: Any, error: ApiError | None) -> None:
    """Call ``done``; a failing callback is logged, never allowed to stop the engine."""
    try:
        done(result, error)
    except Exception:
        _log.exception("a request's answer could not be delivered")
