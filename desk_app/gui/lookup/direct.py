"""Server reads the rep is waiting for, beside the sync thread rather than behind it.

The sync thread serves the window's requests between its steps, so a
look-up there could wait for a whole step (an outbox to drain, a page of
the feed to apply). What the rep waits for with a customer on the line (a
look-up as they type, a 360° view) runs here instead: on a small pool of
its own, each thread with its own :class:`DeskApi` (a requests session is
not shared across threads), so a slow answer never holds up a keystroke's
local results or the sync engine.
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QThreadPool

from desk_app.client.api import DeskApi
from desk_app.gui.background import run_in_background

T = TypeVar("T")
THREADS = 2  # a superseded look-up may still be waiting for its answer beside the new one


class DirectCalls(QObject):
    """Runs ``work(api)`` on its own pool; ``on_done(result, error)`` on the UI thread."""

    def __init__(self, api: DeskApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(THREADS)
        self._pool.setExpiryTimeout(-1)  # the same threads all day: one session each
        self._local = threading.local()
        self._opened: list[DeskApi] = []
        self._lock = threading.Lock()

    def _thread_api(self) -> DeskApi:
        api: DeskApi | None = getattr(self._local, "api", None)
        if api is None:
            api = self._local.api = self._api.clone()
            with self._lock:
                self._opened.append(api)
        return api

    def call(
        self,
        work: Callable[[DeskApi], T],
        on_done: Callable[[T | None, Exception | None], None],
    ) -> None:
        """Run ``work`` with this thread's API; it must not touch widgets, ``on_done`` may."""
        run_in_background(lambda: work(self._thread_api()), on_done, pool=self._pool)

    def close(self, timeout_ms: int = 0) -> None:
        """Let running calls end (up to ``timeout_ms``) and close every session."""
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
        with self._lock:
            opened, self._opened = self._opened, []
        for api in opened:
            api.close()
