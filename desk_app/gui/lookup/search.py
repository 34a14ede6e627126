"""Each keystroke's search: the local cache at once, the server beside it, stale ones dropped.

A keystroke starts a new generation (:attr:`LookupSearch.started`). The
cache is searched on a one-thread pool of its own and the server through
:class:`DirectCalls`; a search whose generation is no longer the newest
when its turn comes does not run at all, and its answers (if it had
already started) arrive tagged with their generation, for the model to
drop. Nothing here waits: the UI thread only parses the query.
"""

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.status import SyncStatus
from desk_app.client.store import RecordChange
from desk_app.domain.lookup import LookupQuery, parse_query
from desk_app.gui.background import run_in_background
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.lookup.hits import CachedHit, Hit, from_cache, from_server

_log = logging.getLogger(__name__)

LIMIT = 20


def server_reachable(status: SyncStatus) -> bool:
    """Worth asking the server: online, or not yet known to be offline (just started)."""
    return status.online or status.offline_since is None


class LookupCache(Protocol):
    """The part of the local store a look-up uses (safe from a pool thread)."""

    def lookup(self, query: LookupQuery, limit: int = LIMIT) -> Sequence[CachedHit]: ...

    def remember_customers(self, records: list[dict[str, Any]]) -> Sequence[RecordChange]: ...


class LookupSearch(QObject):
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
        store: LookupCache,
        region: str,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        limit: int = LIMIT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._region = region
        self._direct = direct
        self._reachable = reachable
        self._limit = limit
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
        query = parse_query(text, region=self._region)
        self.started.emit(generation, query)
        if query.empty:
            return generation
        run_in_background(
            partial(self._in_cache, generation, query),
            partial(self._cache_answered, generation),
            pool=self._local_pool,
        )
        if self._direct is None:
            return generation
        if not self._reachable():
            self.serverMissing.emit(
                generation, self.tr("Offline: showing the customers this desk knows")
            )
            return generation
        self._direct.call(
            partial(self._on_server, generation, query),
            partial(self._server_answered, generation),
        )
        return generation

    # --- off the UI thread -------------------------------------------------------

    def _in_cache(self, generation: int, query: LookupQuery) -> list[Hit] | None:
        if generation != self._generation:
            return None  # typed past before its turn came
        return [from_cache(hit) for hit in self._store.lookup(query, limit=self._limit)]

    def _on_server(
        self, generation: int, query: LookupQuery, api: DeskApi
    ) -> tuple[list[Hit], list[RecordChange]] | None:
        if generation != self._generation:
            return None
        items = api.lookup_customers(query.text, limit=self._limit)
        hits = [hit for hit in map(from_server, items) if hit is not None]
        changes = self._store.remember_customers([hit.customer for hit in hits]) if hits else []
        return hits, list(changes)

    # --- back on the UI thread -----------------------------------------------------

    def _cache_answered(
        self, generation: int, hits: list[Hit] | None, error: Exception | None
    ) -> None:
        if error is not None:
            _log.warning("the local look-up failed: %s", error)
        elif hits is not None:
            self.localAnswered.emit(generation, hits)

    def _server_answered(
        self,
        generation: int,
        answer: tuple[list[Hit], list[RecordChange]] | None,
        error: Exception | None,
    ) -> None:
        if error is not None:
            self.serverMissing.emit(generation, self._why(error))
        elif answer is not None:
            hits, changes = answer
            if changes:
                self.cacheChanged.emit(changes)
            self.serverAnswered.emit(generation, hits)

    def _why(self, error: Exception) -> str:
        if isinstance(error, ApiError) and error.status is None:
            return self.tr("The server did not answer: showing the customers this desk knows")
        return self.tr("The server's search failed ({reason}): showing this desk's matches").format(
            reason=error
        )
