"""The KB panel: type, the cached articles at once, the server's after, Enter reads one inline."""

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from desk_app.client.session import DeskSession, Profile
from desk_app.client.store import LocalStore
from desk_app.gui.knowledge.panel import KnowledgePanel
from desk_app.gui.knowledge.search import KnowledgeSearch
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sync_thread import SyncBridge
from tests.gui.conftest import LONG_WAIT_MS


def _article(slug: str, title: str, body: str, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "slug": slug,
        "title": title,
        "body": body,
        "tags": list(tags),
        "version": 1,
    }


ROUTER = _article(
    "reset-router",
    "Resetting the router",
    "Hold the **reset** button for ten seconds.\n\nSee also [refunds](kb:refunds).",
    ("wifi",),
)
REFUNDS = _article("refunds", "Refunds by card", "Refunds reach the card within 5 days.")
ROUTER_LIGHTS = _article("router-lights", "Router lights", "A red light means no line.")
SERVER_ONLY = _article("router-warranty", "Router warranty", "Two years, from the receipt.")


class FakeApi:
    """The server's KB answers, for :class:`DirectCalls` (which clones its API per thread)."""

    def __init__(self, articles: list[dict[str, Any]]) -> None:
        self.articles = articles
        self.asked: list[str] = []
        self.release = threading.Event()
        self.release.set()

    def clone(self) -> "FakeApi":
        return self

    def close(self) -> None:
        pass

    def search_articles(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        self.release.wait(LONG_WAIT_MS / 1000)
        self.asked.append(q)
        wanted = q.casefold().split()
        return [a for a in self.articles if all(w in a["title"].casefold() for w in wanted)][:limit]

    def article_by_slug(self, slug: str) -> dict[str, Any] | None:
        return next((a for a in self.articles if a["slug"] == slug), None)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(tmp_path / "rep.sqlite3")
    opened.remember_articles([ROUTER, REFUNDS, ROUTER_LIGHTS])
    yield opened
    opened.close()


def _panel(
    qtbot: QtBot, store: LocalStore, api: FakeApi | None = None, *, online: bool = True
) -> KnowledgePanel:
    direct = DirectCalls(api) if api is not None else None  # type: ignore[arg-type]
    search = KnowledgeSearch(store=store, direct=direct, reachable=lambda: online)
    panel = KnowledgePanel(search, store=store, direct=direct, reachable=lambda: online)
    search.setParent(panel)
    if direct is not None:
        direct.setParent(panel)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _titles(panel: KnowledgePanel) -> list[str]:
    return [panel.model.article(row)["title"] for row in range(panel.model.rowCount())]


def _current_title(panel: KnowledgePanel) -> str:
    return panel.model.article(panel.results.currentIndex().row())["title"]


def test_typing_finds_cached_articles_and_enter_shows_one_inline(
    qtbot: QtBot, store: LocalStore
) -> None:
    api = FakeApi([SERVER_ONLY])
    panel = _panel(qtbot, store, api, online=False)  # offline: the desk's own copy
    panel.focus()
    qtbot.keyClicks(panel.edit, "rout")
    qtbot.waitUntil(lambda: _titles(panel) == ["Resetting the router", "Router lights"])
    assert panel.note.text() == "Offline: showing the articles this desk has seen"
    assert _current_title(panel) == "Resetting the router"
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)
    assert _current_title(panel) == "Router lights"
    qtbot.keyClick(panel.edit, Qt.Key.Key_Up)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Return)
    assert panel.shown_article() == ROUTER
    assert "Hold the reset button" in panel.article.toPlainText()
    assert "wifi" in panel.article.toPlainText()
    assert panel.article.document().toMarkdown().count("**reset**") == 1  # Markdown, rendered
    assert panel.edit.hasFocus()  # the keyboard never left the field
    assert api.asked == []  # offline: the server was not asked

    qtbot.keyClicks(panel.edit, " lig")  # "rout lig"
    qtbot.waitUntil(lambda: _titles(panel) == ["Router lights"])
    qtbot.keyClick(panel.edit, Qt.Key.Key_Escape)
    assert panel.edit.text() == ""
    with qtbot.waitSignal(panel.dismissed, timeout=LONG_WAIT_MS):
        qtbot.keyClick(panel.edit, Qt.Key.Key_Escape)


def test_show_article_works_offline_and_follows_links_between_articles(
    qtbot: QtBot, store: LocalStore
) -> None:
    panel = _panel(qtbot, store, FakeApi([SERVER_ONLY]), online=False)
    panel.show_article("reset-router")
    assert panel.shown_article() == ROUTER
    panel.article.anchorClicked.emit(QUrl("kb:refunds"))  # a link in the article
    assert panel.shown_article() == REFUNDS
    panel.show_article("router-warranty")
    assert panel.shown_article() == REFUNDS  # still what it was
    assert panel.note.text() == "This article is not on this desk yet; it will be once online"
    assert panel.model.rowCount() == 0


def test_the_servers_answer_is_merged_after_and_remembered_for_offline(
    qtbot: QtBot, store: LocalStore
) -> None:
    api = FakeApi([ROUTER, ROUTER_LIGHTS, SERVER_ONLY])
    api.release.clear()  # the server answers only once the cache has
    panel = _panel(qtbot, store, api)
    with qtbot.waitSignal(panel.search.localAnswered, timeout=LONG_WAIT_MS):
        panel.edit.setText("router")
    assert _titles(panel) == ["Resetting the router", "Router lights"]
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)  # the rep is on the second row
    with qtbot.waitSignal(panel.cacheChanged, timeout=LONG_WAIT_MS) as remembered:
        api.release.set()
    assert uuid.UUID(SERVER_ONLY["id"]) in {change.id for change in remembered.args[0]}
    qtbot.waitUntil(lambda: len(_titles(panel)) == 3)
    # no row moved: the server's new article comes last, the rep's row stays theirs
    assert _titles(panel) == ["Resetting the router", "Router lights", "Router warranty"]
    assert _current_title(panel) == "Router lights"
    assert store.search_articles("warranty") == [SERVER_ONLY]  # found offline from now on


def test_a_link_to_an_article_not_cached_is_fetched_and_kept(
    qtbot: QtBot, store: LocalStore
) -> None:
    api = FakeApi([SERVER_ONLY])
    panel = _panel(qtbot, store, api)
    with qtbot.waitSignal(panel.cacheChanged, timeout=LONG_WAIT_MS):
        panel.show_article("router-warranty")
    qtbot.waitUntil(lambda: panel.shown_article() == SERVER_ONLY)
    assert store.article_by_slug("router-warranty") == SERVER_ONLY


# --- in the window ----------------------------------------------------------------------

SESSION = DeskSession(
    "http://127.0.0.1:9", "rep", "token", Profile(uuid.uuid4(), "Rep One", "rep", "US")
)


def test_f1_opens_the_kb_beside_the_guide_and_a_script_link_shows_its_article(
    qtbot: QtBot, store: LocalStore, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    window = MainWindow(SESSION, store, SyncBridge(), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.sidebar.currentWidget() is window.script_sidebar
    assert window.focus_knowledge_action.shortcuts() == [
        QKeySequence("F1"),
        QKeySequence("Ctrl+Shift+K"),
    ]
    for key in ("F1", "Ctrl+Shift+K"):  # either, from anywhere in the window
        window.sidebar.setCurrentWidget(window.script_sidebar)
        window.queue.setFocus()
        qtbot.keyClick(
            window.queue, QKeySequence(key)[0].key(), QKeySequence(key)[0].keyboardModifiers()
        )
        assert window.sidebar.currentWidget() is window.knowledge
    qtbot.waitUntil(window.knowledge.edit.hasFocus)
    qtbot.keyClicks(window.knowledge.edit, "refund")
    # the title's word first, then the article whose body links to it
    qtbot.waitUntil(
        lambda: _titles(window.knowledge) == ["Refunds by card", "Resetting the router"]
    )
    qtbot.keyClick(window.knowledge.edit, Qt.Key.Key_Return)
    assert window.knowledge.shown_article() == REFUNDS

    window.script_sidebar.articleRequested.emit("reset-router")  # a script's KB link
    assert window.knowledge.shown_article() == ROUTER
    for _ in range(2):  # the first clears the search, the second goes back to the guide
        qtbot.keyClick(window.knowledge.edit, Qt.Key.Key_Escape)
    assert window.sidebar.currentWidget() is window.script_sidebar
    window.close()
