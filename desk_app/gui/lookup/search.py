"""Each keystroke's customer look-up: the local cache at once, the server beside it.

The superseding of stale searches is :class:`~desk_app.gui.searching.SupersedingSearch`'s;
this says what a look-up reads from each side: the cache's look-up index,
and the server's look-up, whose customers are remembered in the cache.
"""

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject

from desk_app.client.api import DeskApi
from desk_app.client.store import RecordChange
from desk_app.domain.lookup import LookupQuery, parse_query
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.lookup.hits import CachedHit, Hit, from_cache, from_server
from desk_app.gui.searching import ServerAnswer, SupersedingSearch, server_reachable

__all__ = ["LIMIT", "LookupCache", "LookupSearch", "server_reachable"]

LIMIT = 20


class LookupCache(Protocol):
    """The part of the local store a look-up uses (safe from a pool thread)."""

    def lookup(self, query: LookupQuery, limit: int = LIMIT) -> Sequence[CachedHit]: ...

    def remember_customers(self, records: list[dict[str, Any]]) -> Sequence[RecordChange]: ...


class LookupSearch(SupersedingSearch):
    """Customer look-ups; signals as :class:`~desk_app.gui.searching.SupersedingSearch`'s."""

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
        super().__init__(direct=direct, reachable=reachable, parent=parent)
        self._store = store
        self._region = region
        self._limit = limit

    def read_query(self, text: str) -> LookupQuery:
        return parse_query(text, region=self._region)

    def is_empty(self, query: LookupQuery) -> bool:
        return query.empty

    def search_cache(self, query: LookupQuery) -> list[Hit]:
        return [from_cache(hit) for hit in self._store.lookup(query, limit=self._limit)]

    def search_server(self, query: LookupQuery, api: DeskApi) -> ServerAnswer:
        items = api.lookup_customers(query.text, limit=self._limit)
        hits = [hit for hit in map(from_server, items) if hit is not None]
        changes = self._store.remember_customers([hit.customer for hit in hits]) if hits else []
        return hits, list(changes)

    def offline_text(self) -> str:
        return self.tr("Offline: showing the customers this desk knows")

    def unanswered_text(self) -> str:
        return self.tr("The server did not answer: showing the customers this desk knows")

    def failed_text(self, error: Exception) -> str:
        return self.tr("The server's search failed ({reason}): showing this desk's matches").format(
            reason=error
        )
