"""The sync thread and its bridge to the window: all of the desk's HTTP happens there.

One QThread runs :meth:`SyncEngine.run`: it drains the outbox, follows the
event stream, sends the heartbeat and runs whatever the window asks of the
server (:meth:`SyncBridge.request`). The engine's callbacks arrive on that
thread; :class:`SyncBridge` lives on the UI thread and re-emits them from
its own slots, so whatever is connected to its public signals (lambdas
included) runs on the UI thread.
"""

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.status import SyncStatus
from desk_app.client.store import RecordChange
from desk_app.client.sync import SyncEngine
from desk_app.gui.background import Courier

_log = logging.getLogger(__name__)

T = TypeVar("T")
# A step blocked in a read gives up after the API's read timeout; stopping waits that long.
STOP_TIMEOUT_MS = 35_000
_NOT_SYNCING = ApiError(None, "the desk is not connected to a server")


class _SyncThread(QThread):
    """Runs the engine until the stop event is set."""

    def __init__(self, engine: SyncEngine, stop: threading.Event) -> None:
        super().__init__()
        self.setObjectName("desk-sync")
        self._engine = engine
        self._stop = stop

    def run(self) -> None:
        self._engine.run(self._stop)


class SyncBridge(QObject):
    """The window's handle on the sync thread; lives on (and signals on) the UI thread."""

    statusChanged = Signal(object)
    recordsChanged = Signal(list)

    _status_from_engine = Signal(object)
    _records_from_engine = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._courier = Courier(self)
        self._engine: SyncEngine | None = None
        self._thread: _SyncThread | None = None
        self._stop = threading.Event()
        self._stalled: list[_SyncThread] = []
        self._early: list[tuple[Callable[[DeskApi], object], Callable[..., None]]] = []
        self._stopped = False
        self._status = SyncStatus()
        self._status_from_engine.connect(self._relay_status)
        self._records_from_engine.connect(self._relay_records)

    # --- the engine's side (called on the sync thread) ------------------------

    def publish_status(self, status: SyncStatus) -> None:
        """The engine's ``on_status``: hand the snapshot to the UI thread."""
        self._status_from_engine.emit(status)

    def publish_records(self, changes: list[RecordChange]) -> None:
        """The engine's ``on_records``: hand the changed records to the UI thread."""
        self._records_from_engine.emit(list(changes))

    @Slot(object)
    def _relay_status(self, status: SyncStatus) -> None:
        self._status = status
        self.statusChanged.emit(status)

    @Slot(list)
    def _relay_records(self, changes: list[RecordChange]) -> None:
        self.recordsChanged.emit(changes)

    # --- the window's side ----------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        """The last status the engine published."""
        return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, engine: SyncEngine) -> None:
        """Start syncing with ``engine`` (made with this bridge's ``publish_*`` callbacks)."""
        if self._thread is not None:
            raise RuntimeError("the sync thread is already running")
        self._engine = engine
        self._relay_status(engine.status)  # what the store knows, before the first step
        self._stop.clear()
        self._thread = _SyncThread(engine, self._stop)
        self._thread.start()
        early, self._early = self._early, []
        for work, on_done in early:
            self.request(work, on_done)

    def wake(self) -> None:
        """An op was queued: send it soon."""
        if self._engine is not None:
            self._engine.wake()

    def request(
        self,
        work: Callable[[DeskApi], T],
        on_done: Callable[[T | None, ApiError | None], None],
    ) -> None:
        """Run ``work(api)`` on the sync thread; ``on_done(result, error)`` later on the UI thread.

        ``work`` must not touch widgets. ``on_done`` is called exactly once:
        with the result, or with the :class:`ApiError` (also when the desk
        is not syncing or stops before the request ran).
        """
        engine = self._engine
        if engine is None and not self._stopped:
            self._early.append((work, on_done))  # asked before the thread starts: run then
            return
        ticket = self._courier.hold(on_done, keep=work)  # type: ignore[arg-type]
        if engine is None:
            self._courier.send(ticket, None, _NOT_SYNCING)
            return
        engine.submit(work, partial(self._courier.send, ticket))

    def stop(self, timeout_ms: int = STOP_TIMEOUT_MS) -> bool:
        """Stop the sync thread and wait for it; whether it ended in time."""
        self._stopped = True
        early, self._early = self._early, []
        for _work, on_done in early:  # never started: still, every request gets its answer
            self._courier.send(self._courier.hold(on_done), None, _NOT_SYNCING)  # type: ignore[arg-type]
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        self._stop.set()
        if self._engine is not None:
            self._engine.wake()
        finished = bool(thread.wait(timeout_ms))
        if not finished:
            _log.warning("the sync thread did not stop within %d ms", timeout_ms)
            self._stalled.append(thread)  # a QThread destroyed while running aborts the process
        return finished
