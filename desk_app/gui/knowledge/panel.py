"""The knowledge-base panel: a search field, the articles found, and the chosen one read inline.

Typing never waits: each change of the text starts a search
(:class:`KnowledgeSearch`): the articles this desk has seen first, the
server's after, merged so no row moves (:class:`ArticleModel`). The keyboard
stays in the field: Down and Up move through the results, Page Up and Page
Down scroll the article, Enter shows the selected one, Esc clears the field
and, on an empty field, hands the sidebar back (``dismissed``). A script's
KB link calls :meth:`KnowledgePanel.show_article`, which reads the cache
first, so it works offline for every article the desk has seen.
"""

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.api import DeskApi
from desk_app.client.store import RecordChange
from desk_app.gui.knowledge.model import ArticleModel
from desk_app.gui.knowledge.search import KnowledgeSearch
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.result_list import select_row, step_row

Fetched = tuple[dict[str, Any] | None, list[RecordChange]]
"""A linked article from the server (``None``: no such slug), and the cache changes it made."""
ARTICLE_SCHEME = "kb"
"""Links between articles are written ``kb:slug`` in their Markdown."""


class ArticleSource(Protocol):
    """The part of the local store that shows a linked article (UI thread, one read)."""

    def article_by_slug(self, slug: str) -> dict[str, Any] | None: ...

    def remember_articles(self, records: list[dict[str, Any]]) -> Sequence[RecordChange]: ...


def article_markdown(article: dict[str, Any]) -> str:
    """The article as it is shown: its title as a heading, its tags, its Markdown body."""
    title = str(article.get("title") or article.get("slug") or "")
    tags = " · ".join(f"`{tag}`" for tag in article.get("tags") or [])
    parts = [f"# {title}", tags, str(article.get("body") or "")]
    return "\n\n".join(part for part in parts if part)


class KnowledgePanel(QWidget):
    """The KB search and reader.

    Signals: ``dismissed()`` when Esc is pressed on an empty field (the
    window shows the script guide again); ``cacheChanged(changes)`` when
    articles from the server were remembered in the cache.
    """

    dismissed = Signal()
    cacheChanged = Signal(list)

    def __init__(
        self,
        search: KnowledgeSearch,
        *,
        store: ArticleSource,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("KnowledgePanel")
        self.setAccessibleName(self.tr("Knowledge base"))
        self.edit = QLineEdit(objectName="kbSearchEdit")
        self.edit.setPlaceholderText(self.tr("Search the knowledge base…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Search the knowledge base"))
        self.edit.setAccessibleDescription(
            self.tr("Down arrow moves through the articles, Enter shows one, Escape clears")
        )
        self.results = QListView(objectName="kbResults")
        self.results.setAccessibleName(self.tr("Articles found"))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the field
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setUniformItemSizes(True)
        self.note = QLabel(objectName="kbNote")
        self.note.setWordWrap(True)
        self.note.setEnabled(False)  # drawn quietly, in the disabled text colour
        self.note.hide()
        self.article = QTextBrowser(objectName="kbArticle")
        self.article.setAccessibleName(self.tr("Article"))
        self.article.setOpenLinks(False)  # kb: links open here, web links in the browser
        self.article.setPlaceholderText(self.tr("Search, then press Enter to read an article"))
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="kbSplitter")
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.article)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        # models
        self.model = ArticleModel(self)
        self.results.setModel(self.model)
        self.search = search
        self._store = store
        self._direct = direct
        self._reachable = reachable
        self._selected: str | None = None
        self._shown: dict[str, Any] | None = None
        self._wanted_slug: str | None = None
        self._server_done = False
        # connections
        self.edit.textChanged.connect(self.search.search)
        self.edit.installEventFilter(self)
        search.started.connect(self._started)
        search.localAnswered.connect(self._local)
        search.serverAnswered.connect(self._server)
        search.serverMissing.connect(self._missing)
        search.cacheChanged.connect(self.cacheChanged)
        self.results.clicked.connect(lambda index: self._open(index.row()))
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.article.anchorClicked.connect(self._link)

    # --- what the window calls ----------------------------------------------------

    def focus(self) -> None:
        """Ready for a new search (the window's shortcut)."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def shown_article(self) -> dict[str, Any] | None:
        """The article being read, as it was shown."""
        return self._shown

    def show_article(self, slug: str) -> None:
        """Show the article ``slug`` names: from the cache, else asked of the server."""
        self._wanted_slug = slug
        cached = self._store.article_by_slug(slug)
        if cached is not None:
            self._show(cached)
            return
        if self._direct is None or not self._reachable():
            self._say(self.tr("This article is not on this desk yet; it will be once online"))
            return
        self._say(self.tr("Fetching the article…"))
        self._direct.call(partial(self._fetch, slug=slug), partial(self._fetched, slug))

    # --- searching ------------------------------------------------------------------

    def _started(self, generation: int, _query: object) -> None:
        self._server_done = False
        self.model.begin(generation)
        if not self.edit.text().strip():
            self.model.clear()
        self._say(None)

    def _local(self, generation: int, articles: list[dict[str, Any]]) -> None:
        answered = self._answer(generation, articles)
        if answered and not self.model.rowCount() and not self._server_done:
            self._say(self.tr("Searching the server…"))

    def _server(self, generation: int, articles: list[dict[str, Any]]) -> None:
        if generation == self.model.generation:
            self._server_done = True
        if self._answer(generation, articles):
            self._say(None if self.model.rowCount() else self.tr("No article matches"))

    def _missing(self, generation: int, why: str) -> None:
        if generation == self.model.generation:
            self._server_done = True
            self._say(why)

    def _answer(self, generation: int, articles: list[dict[str, Any]]) -> bool:
        keep = self._selected
        if not self.model.answer(generation, articles):
            return False
        row = next(
            (
                r
                for r in range(self.model.rowCount())
                if str((self.model.article(r) or {}).get("id")) == keep
            ),
            None,
        )
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            select_row(self.results, row)
        return True

    def _say(self, note: str | None) -> None:
        self.note.setText(note or "")
        self.note.setVisible(bool(note))

    # --- the list and the article -----------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article = self.model.article(current.row()) if current.isValid() else None
        if article is not None:
            self._selected = str(article.get("id"))

    def _open(self, row: int) -> None:
        article = self.model.article(row)
        if article is not None:
            self._show(article)

    def _show(self, article: dict[str, Any]) -> None:
        self._shown = article
        self._say(None)
        self.article.setMarkdown(article_markdown(article))
        self.article.verticalScrollBar().setValue(0)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == ARTICLE_SCHEME:
            self.show_article(url.path())
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _fetch(self, api: DeskApi, *, slug: str) -> Fetched:
        """On a pool thread: the server's copy, remembered so it is there offline next time."""
        found = api.article_by_slug(slug)
        return found, list(self._store.remember_articles([found])) if found is not None else []

    def _fetched(self, slug: str, fetched: Fetched | None, error: Exception | None) -> None:
        if fetched is not None and fetched[1]:
            self.cacheChanged.emit(fetched[1])
        if slug != self._wanted_slug:
            return  # another link was followed meanwhile
        if error is not None:
            self._say(self.tr("The article could not be fetched ({reason})").format(reason=error))
        elif fetched is None or fetched[0] is None:
            self._say(self.tr("No article is called {slug}").format(slug=slug))
        else:
            self._show(fetched[0])

    # --- the keyboard ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down:
            step_row(self.results, 1)
        elif key == Qt.Key.Key_Up:
            step_row(self.results, -1)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            bar = self.article.verticalScrollBar()
            step = bar.pageStep() if key == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.results.currentIndex()
            self._open(current.row() if current.isValid() else 0)
        elif key == Qt.Key.Key_Escape:
            if self.edit.text():
                self.edit.clear()
            else:
                self.dismissed.emit()
        else:
            return False
        return True
