"""Each keystroke's KB search: the cached articles at once, the server's answer after.

The superseding of stale searches is :class:`~desk_app.gui.searching.SupersedingSearch`'s;
this says what a KB search reads from each side: the desk's KB index
(:meth:`LocalStore.search_articles`), and the server's ranked search, whose
articles are remembered in the cache so the next search finds them offline.
"""

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject

from desk_app.client.api import DeskApi
from desk_app.client.store import RecordChange
from desk_app.domain.knowledge import query_words
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.searching import ServerAnswer, SupersedingSearch

LIMIT = 20


class ArticleCache(Protocol):
    """The part of the local store a KB search uses (safe from a pool thread)."""

    def search_articles(self, text: str, limit: int = LIMIT) -> list[dict[str, Any]]: ...

    def remember_articles(self, records: list[dict[str, Any]]) -> Sequence[RecordChange]: ...


class KnowledgeSearch(SupersedingSearch):
    """KB searches; hits are article records. Signals as ``SupersedingSearch``'s."""

    def __init__(
        self,
        *,
        store: ArticleCache,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        limit: int = LIMIT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(direct=direct, reachable=reachable, parent=parent)
        self._store = store
        self._limit = limit

    def read_query(self, text: str) -> str:
        return text.strip()

    def is_empty(self, query: str) -> bool:
        return not query_words(query)

    def search_cache(self, query: str) -> list[dict[str, Any]]:
        return self._store.search_articles(query, limit=self._limit)

    def search_server(self, query: str, api: DeskApi) -> ServerAnswer:
        articles = api.search_articles(query, limit=self._limit)
        changes = self._store.remember_articles(articles) if articles else []
        return articles, list(changes)

    def offline_text(self) -> str:
        return self.tr("Offline: showing the articles this desk has seen")

    def unanswered_text(self) -> str:
        return self.tr("The server did not answer: showing the articles this desk has seen")

    def failed_text(self, error: Exception) -> str:
        return self.tr(
            "The server's search failed ({reason}): showing this desk's articles"
        ).format(reason=error)
