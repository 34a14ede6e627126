"""The look-up box: the cache's hits at once, the server's merged in below, the matches marked."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.client.api import DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.domain.lookup import LookupQuery, MatchField, parse_query, words
from desk_app.gui.app import DeskApp
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.lookup.box import LookupBox
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.lookup.hits import Hit, detail_spans, name_spans
from desk_app.gui.lookup.model import DETAIL_ROLE, DETAIL_SPANS_ROLE, NAME_SPANS_ROLE
from desk_app.gui.lookup.search import LookupSearch
from desk_app.gui.main_window import MainWindow
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.customer_desk import Admin, cached, open_desk, seeded_server
from tests.gui.live_desk import LiveDesk

CTRL = Qt.KeyboardModifier.ControlModifier


def _customer(name: str, phone: str = "+12025550143", **fields: Any) -> dict[str, Any]:
    record = {"id": str(uuid.uuid4()), "name": name, "phones": [{"number": phone}], "version": 1}
    return {**record, **fields}


def _hit(name: str, matched: MatchField = MatchField.NAME, text: str | None = None) -> Hit:
    return Hit(_customer(name), matched, name if text is None else text)


def _marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


# --- what is marked ------------------------------------------------------------------------


def test_names_emails_and_numbers_are_marked_where_the_query_matched() -> None:
    name = _hit("Zoë Ångström")
    assert _marked(name.name, name_spans(name, parse_query("ang zo", region="US"))) == [
        "Zo",
        "Ång",
    ]
    email = _hit("Ada", MatchField.EMAIL, "ada.lovelace@example.com")
    query = parse_query("lovelace@exa", region="US")
    assert _marked(email.shown_text, detail_spans(email, query)) == ["lovelace@exa"]
    assert name_spans(email, query) == []  # the name is not why she was found
    order = _hit("Ada", MatchField.ORDER, "O-1000042")
    assert _marked(order.shown_text, detail_spans(order, parse_query("o-10000", region="US"))) == [
        "O",
        "10000",
    ]


@pytest.mark.parametrize(
    ("typed", "marked"),
    [
        ("(202) 555-01", "202-555-01"),
        ("+1 202 555", "1 202-555"),
        ("2025550143", "1 202-555-0143"),  # a whole national number reads as international
        ("555 0143", ""),  # not a prefix of the number: found otherwise, nothing to mark
    ],
)
def test_a_phone_is_shown_formatted_with_the_typed_digits_marked(typed: str, marked: str) -> None:
    hit = _hit("Ada", MatchField.PHONE, "+12025550143")
    assert hit.shown_text == "+1 202-555-0143"
    spans = detail_spans(hit, parse_query(typed, region="US"))
    assert "".join(_marked(hit.shown_text, spans)) == marked


# --- the list, fed by hand ----------------------------------------------------------------


class Cache:
    """A local store whose look-up answers with what the test put in."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.remembered: list[dict[str, Any]] = []

    def lookup(self, query: LookupQuery, limit: int = 20) -> list[Hit]:
        return list(self.hits)

    def remember_customers(self, records: list[dict[str, Any]]) -> None:
        self.remembered.extend(records)


@pytest.fixture
def cache() -> Cache:
    return Cache()


@pytest.fixture
def box(qtbot: QtBot, cache: Cache) -> LookupBox:
    search = LookupSearch(store=cache, region="US", direct=None, reachable=lambda: True)
    widget = LookupBox(search, inline=True)
    search.setParent(widget)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _names(box: LookupBox) -> list[str]:
    return [hit.name for hit in box.model.hits()]


def test_rows_never_move_and_the_selection_stays_when_the_servers_hits_arrive(
    qtbot: QtBot, box: LookupBox, cache: Cache
) -> None:
    ada, alan = _hit("Ada Lovelace"), _hit("Alan Turing")
    cache.hits = [ada, alan]
    with qtbot.waitSignal(box.search.localAnswered):
        qtbot.keyClicks(box.edit, "a")
    assert _names(box) == ["Ada Lovelace", "Alan Turing"]
    qtbot.keyClick(box.edit, Qt.Key.Key_Down)
    assert box.current_hit() == alan
    newer_ada = Hit({**ada.customer, "version": 2}, MatchField.NAME, "Ada Lovelace")
    server = [_hit("Anna Karenina"), newer_ada, _hit("Aaron Burr")]
    box.search.serverAnswered.emit(box.search.generation, server)
    assert _names(box) == ["Ada Lovelace", "Alan Turing", "Anna Karenina", "Aaron Burr"]
    assert box.model.hits()[0].customer["version"] == 2  # refreshed in place
    assert box.current_hit() == alan
    assert box.results.currentIndex().row() == 1
    box.search.serverAnswered.emit(box.search.generation - 1, [_hit("Stale Answer")])
    assert "Stale Answer" not in _names(box)


def test_down_up_enter_and_escape_work_from_the_field(
    qtbot: QtBot, box: LookupBox, cache: Cache
) -> None:
    cache.hits = [_hit("Ada Lovelace"), _hit("Alan Turing"), _hit("Anna Karenina")]
    with qtbot.waitSignal(box.search.localAnswered):
        qtbot.keyClicks(box.edit, "a")
    assert box.current_hit() == cache.hits[0]  # the first is ready for Enter
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(box.edit, key)
    assert box.current_hit() == cache.hits[1]
    with qtbot.waitSignal(box.customerChosen) as chosen:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert chosen.args == [cache.hits[1].customer]
    assert box.edit.text() == ""
    qtbot.keyClicks(box.edit, "an")
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert box.edit.text() == ""
    assert box.model.rowCount() == 0


@pytest.mark.parametrize(
    ("reachable", "note"),
    [
        (False, "Offline: showing the customers this desk knows"),
        (True, "The server did not answer: showing the customers this desk knows"),
    ],
)
def test_without_the_server_the_caches_hits_stand_with_a_quiet_note(
    qtbot: QtBot, cache: Cache, reachable: bool, note: str
) -> None:
    nobody = DirectCalls(DeskApi("http://127.0.0.1:9/api/v1", token="t"))  # nothing listens
    search = LookupSearch(store=cache, region="US", direct=nobody, reachable=lambda: reachable)
    box = LookupBox(search, inline=True)
    nobody.setParent(box)
    search.setParent(box)
    qtbot.addWidget(box)
    box.show()
    cache.hits = [_hit("Ada Lovelace")]
    with qtbot.waitSignal(search.serverMissing, timeout=LONG_WAIT_MS) as missing:
        box.edit.setText("ada")
    assert missing.args == [search.generation, note]
    qtbot.waitUntil(lambda: _names(box) == ["Ada Lovelace"])
    assert box.note.text() == note
    assert not box.note.isHidden()
    assert cache.remembered == []
    nobody.close(LONG_WAIT_MS)


# --- against a real server ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    with seeded_server(tmp_path_factory.mktemp("seeded")) as live:
        yield live


@pytest.fixture(scope="module")
def admin(seeded: LiveDesk) -> Admin:
    return Admin(seeded)


@pytest.fixture
def window(
    qtbot: QtBot, desk: DeskApp, seeded: LiveDesk, admin: Admin, credentials: CredentialStore
) -> MainWindow:
    return open_desk(qtbot, desk, seeded, credentials, admin.user("rep"))


class Answers:
    """Every answer the window's look-up reported: (source, generation, customer names)."""

    def __init__(self, search: LookupSearch) -> None:
        self.seen: list[tuple[str, int, list[str]]] = []
        search.localAnswered.connect(lambda g, hits: self._add("local", g, hits))
        search.serverAnswered.connect(lambda g, hits: self._add("server", g, hits))

    def _add(self, source: str, generation: int, hits: list[Hit]) -> None:
        self.seen.append((source, generation, [hit.name for hit in hits]))

    def of(self, generation: int) -> list[str]:
        return [source for source, g, _ in self.seen if g == generation]


def _seeded_surname(admin: Admin, index: int) -> tuple[dict[str, Any], str]:
    """A seeded customer (on the server only) and their surname."""
    seeded = admin.get("/customers", limit=100)["items"][index]
    return seeded, seeded["name"].split()[-1]


def _strangers(admin: Admin) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two seeded customers neither of whom a search for the other's surname finds."""
    seeded = admin.get("/customers", limit=100)["items"]
    for first in seeded:
        for second in seeded:
            one, other = words(first["name"]), words(second["name"])
            if not any(w.startswith(other[-1]) for w in one) and not any(
                w.startswith(one[-1]) for w in other
            ):
                return first, second
    raise AssertionError("every seeded customer is found by every other's surname")


def test_the_caches_hits_come_first_and_the_servers_are_added_below_without_a_jump(
    qtbot: QtBot, window: MainWindow, admin: Admin
) -> None:
    server_only, surname = _seeded_surname(admin, 0)
    mine = admin.customer(f"Quentin {surname}", "+1 202-555-0143")
    cached(qtbot, window, mine)
    assert window.store.record("customer", uuid.UUID(server_only["id"])) is None
    box = window.lookup
    answers = Answers(box.search)
    query = surname[:4]
    box.focus()
    qtbot.keyClicks(box.edit, query)
    final = box.search.generation
    qtbot.waitUntil(lambda: "server" in answers.of(final), timeout=LONG_WAIT_MS)

    assert answers.of(final) == ["local", "server"]
    local_names = next(
        names for source, g, names in answers.seen if (source, g) == ("local", final)
    )
    assert f"Quentin {surname}" in local_names
    assert server_only["name"] not in local_names
    shown = _names(box)
    assert shown[: len(local_names)] == local_names  # the cache's rows kept their places
    assert server_only["name"] in shown[len(local_names) :]
    assert box.panel_showing()
    row = shown.index(f"Quentin {surname}")
    spans = box.model.index(row).data(NAME_SPANS_ROLE)
    assert [f"Quentin {surname}"[s:e].casefold() for s, e in spans] == [query.casefold()]
    # what the server found is remembered: next time the cache finds it by itself
    qtbot.waitUntil(
        lambda: window.store.record("customer", uuid.UUID(server_only["id"])) is not None,
        timeout=LONG_WAIT_MS,
    )


def test_a_search_overtaken_by_the_next_keystroke_is_dropped(
    qtbot: QtBot, window: MainWindow, admin: Admin
) -> None:
    overtaken, wanted = _strangers(admin)
    box = window.lookup
    answers = Answers(box.search)
    ever_shown: set[str] = set()
    box.model.modelReset.connect(lambda: ever_shown.update(_names(box)))
    box.model.rowsInserted.connect(lambda *_: ever_shown.update(_names(box)))
    box.focus()
    box.edit.setText(overtaken["name"].split()[-1])  # no answer can arrive between the two
    box.edit.setText(wanted["name"].split()[-1])
    final = box.search.generation
    qtbot.waitUntil(lambda: "server" in answers.of(final), timeout=LONG_WAIT_MS)
    assert wanted["name"] in _names(box)
    assert overtaken["name"] not in ever_shown


def test_any_phone_format_finds_the_customer_and_enter_opens_the_360_view(
    qtbot: QtBot, window: MainWindow, admin: Admin
) -> None:
    grace = admin.customer(f"Grace {uuid.uuid4().hex[:6]}", "+1 415-555-0132")
    cached(qtbot, window, grace)
    window.queue.focus_list()
    qtbot.keyClick(window.queue, Qt.Key.Key_K, CTRL)  # from anywhere in the window
    box = window.lookup
    assert box.edit.hasFocus()
    answers = Answers(box.search)
    qtbot.keyClicks(box.edit, "(415) 555-01")
    final = box.search.generation
    qtbot.waitUntil(lambda: "server" in answers.of(final), timeout=LONG_WAIT_MS)
    row = _names(box).index(grace["name"])
    index = box.model.index(row)
    shown = index.data(DETAIL_ROLE)
    assert shown == "+1 415-555-0132"
    assert _marked(shown, index.data(DETAIL_SPANS_ROLE)) == ["415-555-01"]
    for _ in range(row):
        qtbot.keyClick(box.edit, Qt.Key.Key_Down)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    view = window.tabs.currentWidget()
    assert isinstance(view, CustomerView)
    assert view.customer_id == uuid.UUID(grace["id"])
    assert not box.panel_showing()
    # opening it again brings the same tab to the front
    count = window.tabs.count()
    window.tabs.setCurrentIndex(0)
    window.open_customer(grace)
    assert window.tabs.count() == count
    assert window.tabs.currentWidget() is view
