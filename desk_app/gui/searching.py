"""Searching as the rep types: the local cache at once, the server beside it, stale ones dropped.

The one idiom behind every as-you-type search of the window (the customer
look-up, the knowledge base). A keystroke starts a new generation
(:attr:`SupersedingSearch.generation`). The cache is searched on a one-thread
pool of its own and the server through :class:`DirectCalls`; a search whose
generation is no longer the newest when its turn comes does not run at all,
and its answers (if it had already started) arrive tagged with their
generation, for the view to drop. Nothing here waits: the UI thread only
reads the query.

A subclass says how to read the query and how to search each side; its
:meth:`search_cache` and :meth:`search_server` run on pool threads and must
never touch widgets.
"""

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.status import SyncStatus
from desk_app.client.store import RecordChange
from desk_app.gui.background import run_in_background
from desk_app.gui.lookup.direct import DirectCalls

_log = logging.getLogger(__name__)

ServerAnswer = tuple[list[Any], Sequence[RecordChange]]
"""The server's hits, and the cache changes made by remembering them."""


def server_reachable(status: SyncStatus) -> bool:
    """Worth asking the server: online, or not yet known to be offline (just started)."""
    return status.online or status.offline_since is None


class SupersedingSearch(QObject):
    """Runs searches; reports their answers on the UI thread, each with its generation.

    Signals: ``started(generation, query)`` before anything runs;
    ``localAnswered(generation, hits)`` and ``serverAnswered(generation,
    hits)``; ``serverMissing(generation, why)`` when the server's part was
    not asked or did not answer (the local hits stand alone);
    ``cacheChanged(changes)`` when the server's hits were remembered in the
    cache (the window redraws those records).
    """

    started = Signal(int, object)
    localAnswered = Signal(int, list)
    serverAnswered = Signal(int, list)
    serverMissing = Signal(int, str)
    cacheChanged = Signal(list)

    def __init__(
        self,
        *,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._direct = direct
        self._reachable = reachable
        self._local_pool = QThreadPool(self)
        self._local_pool.setMaxThreadCount(1)  # one cache search at a time; stale ones skip
        self._generation = 0

    @property
    def generation(self) -> int:
        return self._generation

    def search(self, text: str) -> int:
        """Start searching for ``text``; its generation. Older searches are superseded."""
        self._generation += 1
        generation = self._generation
        query = self.read_query(text)
        self.started.emit(generation, query)
        if self.is_empty(query):
            return generation
        run_in_background(
            partial(self._in_cache, generation, query),
            partial(self._cache_answered, generation),
            pool=self._local_pool,
        )
        if self._direct is None:
            return generation
        if not self._reachable():
            self.serverMissing.emit(generation, self.offline_text())
            return generation
        self._direct.call(
            partial(self._on_server, generation, query),
            partial(self._server_answered, generation),
        )
        return generation

    # --- what a subclass says ----------------------------------------------------

    def read_query(self, text: str) -> Any:
        """The query ``text`` means (on the UI thread: cheap)."""
        raise NotImplementedError

    def is_empty(self, query: Any) -> bool:
        """Whether ``query`` finds nothing anywhere (nothing is searched)."""
        raise NotImplementedError

    def search_cache(self, query: Any) -> list[Any]:
        """The local hits (on a pool thread)."""
        raise NotImplementedError

    def search_server(self, query: Any, api: DeskApi) -> ServerAnswer:
        """The server's hits, remembered in the cache (on a pool thread)."""
        raise NotImplementedError

    def offline_text(self) -> str:
        """Why only local hits are shown while the desk is offline."""
        raise NotImplementedError

    def unanswered_text(self) -> str:
        """Why only local hits are shown when the server did not answer."""
        raise NotImplementedError

    def failed_text(self, error: Exception) -> str:
        """Why only local hits are shown when the server's search failed."""
        raise NotImplementedError

    # --- off the UI thread -------------------------------------------------------

    def _in_cache(self, generation: int, query: Any) -> list[Any] | None:
        if generation != self._generation:
            return None  # typed past before its turn came
        return self.search_cache(query)

    def _on_server(self, generation: int, query: Any, api: DeskApi) -> ServerAnswer | None:
        if generation != self._generation:
            return None
        return self.search_server(query, api)

    # --- back on the UI thread -----------------------------------------------------

    def _cache_answered(
        self, generation: int, hits: list[Any] | None, error: Exception | None
    ) -> None:
        if error is not None:
            _log.warning("a local search failed: %s", error)
        elif hits is not None:
            self.localAnswered.emit(generation, hits)

    def _server_answered(
        self, generation: int, answer: ServerAnswer | None, error: Exception | None
    ) -> None:
        if error is not None:
            self.serverMissing.emit(generation, self._why(error))
        elif answer is not None:
            hits, changes = answer
            if changes:
                self.cacheChanged.emit(list(changes))
            self.serverAnswered.emit(generation, hits)

    def _why(self, error: Exception) -> str:
        if isinstance(error, ApiError) and error.status is None:
            return self.unanswered_text()
        return self.failed_text(error)
