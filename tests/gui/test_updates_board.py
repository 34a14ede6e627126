"""The updates board: newest first, the body on choosing, acknowledging, new ones announced."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from desk_app.client.session import DeskSession
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.gui.app import DeskApp
from desk_app.gui.main_window import MainWindow
from desk_app.gui.updates.must_read import MustReadDialog
from desk_app.gui.updates.page import ID_ROLE
from tests.gui.collab_records import ME, ops, window_at
from tests.gui.morning_records import acknowledgement, must_read, update
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, feed


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


class Heard:
    """Stands in for the window's notifier: what it would have shown."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def __call__(self, title: str, text: str) -> None:
        self.said.append((title, text))


def _listen(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Heard:
    heard = Heard()
    monkeypatch.setattr(window.notifier, "notify", heard)
    return heard


def _tab_text(window: MainWindow) -> str:
    page = window.morning.updates.page
    return window.left_tabs.tabText(window.left_tabs.indexOf(page))


def _bold(window: MainWindow) -> dict[str, bool]:
    listing = window.morning.updates.page.list
    rows = [listing.item(row) for row in range(listing.count())]
    return {str(item.data(ID_ROLE)): QFont(item.font()).bold() for item in rows}


def test_the_board_lists_updates_newest_first_and_shows_the_one_chosen(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    old = update("Returns policy", ago=timedelta(days=2), kind="guideline")
    outage = must_read("Card payments down", ago=timedelta(minutes=10), kind="outage")
    promo = update("Winter sale", ago=timedelta(hours=3), kind="promotion")
    gone = update("Last week's sale", expires_at=(NOW - timedelta(hours=1)).isoformat())
    feed(store, *[("update", u) for u in (old, outage, promo, gone)])
    window = window_at(qtbot, store, desk_settings, Clock())
    page = window.morning.updates.page
    assert page.ids() == [outage["id"], promo["id"], old["id"]]  # the expired one left out
    first = page.list.item(0).text()
    assert first.startswith("Outage · Card payments down · ")
    assert first.endswith(" · must read")
    assert "must read" not in page.list.item(1).text()
    assert _tab_text(window) == "&Updates (3)"
    page.choose(promo["id"])
    assert page.body.toPlainText() == "All about Winter sale."
    assert page.acknowledge_button.isHidden()  # nothing to acknowledge
    assert _tab_text(window) == "&Updates (2)"  # opened: read
    assert _bold(window) == {outage["id"]: True, promo["id"]: False, old["id"]: True}
    page.choose(outage["id"])
    assert page.body.toPlainText() == "All about Card payments down."
    assert not page.acknowledge_button.isHidden()
    assert _tab_text(window) == "&Updates (2)"  # a must-read is read once acknowledged
    assert page.list.accessibleName()
    assert page.acknowledge_button.accessibleName()


def test_opened_updates_stay_read_at_the_next_start(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    news = update("New returns portal")
    feed(store, ("update", news))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.morning.updates.page.choose(news["id"])
    window.close()
    again = window_at(qtbot, store, desk_settings, Clock())
    assert _tab_text(again) == "&Updates"
    assert _bold(again) == {news["id"]: False}


def test_acknowledging_queues_the_op_and_counts_as_read_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    outage = must_read("Card payments down")
    feed(store, ("update", outage))
    window = window_at(qtbot, store, desk_settings, Clock())
    page = window.morning.updates.page
    page.choose(outage["id"])
    assert _tab_text(window) == "&Updates (1)"
    page.acknowledge_button.click()
    assert ops(store, "update.acknowledge") == [{"update_id": outage["id"]}]
    (mine,) = store.records("acknowledgement")
    assert (mine["announcement_id"], mine["user_id"]) == (outage["id"], ME)
    assert _tab_text(window) == "&Updates"
    assert page.acknowledge_button.isHidden()
    assert window.morning.updates.must_reads() == []
    assert "1 ops waiting" in window.status_bar.ops_label.text()


def test_updates_arriving_appear_at_once_and_are_announced(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = update("Known already")
    feed(store, ("update", known))
    window = window_at(qtbot, store, desk_settings, Clock())
    heard = _listen(window, monkeypatch)
    news = update("New returns portal", ago=timedelta(0), kind="product")
    window.show_changes(feed(store, ("update", news)))
    assert window.morning.updates.page.ids() == [news["id"], known["id"]]
    assert heard.said == [("New update", window.morning.updates.page.list.item(0).text())]
    window.show_changes(feed(store, ("update", {**news, "title": "New portal", "version": 2})))
    assert len(heard.said) == 1  # an edit is not news
    batch = [must_read(f"Rule {n}", ago=timedelta(0)) for n in range(3)]
    window.show_changes(feed(store, *[("update", u) for u in batch]))
    assert heard.said[1] == ("New updates", "3 new updates on the board")


def test_unread_must_reads_are_shown_at_sign_in_and_can_wait(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    first = must_read("Card payments down", ago=timedelta(hours=2))
    second = must_read("New greeting", ago=timedelta(hours=1))
    done = must_read("Read yesterday")
    plain = update("Just news")
    feed(store, *[("update", u) for u in (first, second, done, plain)])
    feed(store, ("acknowledgement", acknowledgement(done)))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.show_handover()
    dialog = window.morning.updates.dialog
    assert isinstance(dialog, MustReadDialog)
    assert dialog.update_ids() == [first["id"], second["id"]]  # oldest first
    dialog.later_button.click()
    assert window.morning.updates.dialog is None
    assert ops(store, "update.acknowledge") == []
    window.show_handover()  # the next sign-in: still there
    dialog = window.morning.updates.dialog
    assert dialog is not None
    dialog.buttons[second["id"]].click()
    assert dialog.update_ids() == [first["id"]]
    dialog.all_button.click()
    assert [p["update_id"] for p in ops(store, "update.acknowledge")] == [
        second["id"],
        first["id"],
    ]
    assert window.morning.updates.dialog is None  # nothing left: closed


def test_must_reads_arriving_with_the_first_catch_up_join_the_sign_in_dialog(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    clock = Clock()
    window = window_at(qtbot, store, desk_settings, clock)
    window.show_handover()
    assert window.morning.updates.dialog is None  # nothing cached yet
    overnight = must_read("Overnight outage")
    window.show_changes(feed(store, ("update", overnight)))
    dialog = window.morning.updates.dialog
    assert dialog is not None
    assert dialog.update_ids() == [overnight["id"]]
    dialog.later_button.click()
    window.morning.updates.sync_status(SyncStatus(online=True, last_synced_at=clock.now))
    window.show_changes(feed(store, ("update", must_read("Mid-shift rule"))))
    assert window.morning.updates.dialog is None  # on the board; the gate asks before Ready


def test_ctrl_shift_u_opens_the_board_from_the_day_menu(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    feed(store, ("update", update("Winter sale")))
    window = window_at(qtbot, store, desk_settings, Clock())
    action = window.morning.updates_action
    assert action in window.day_menu.actions()
    assert window.morning.my_shift_action in window.day_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+U"
    action.trigger()
    assert window.left_tabs.currentWidget() is window.morning.updates.page
    assert window.morning.updates.page.list.hasFocus()


def test_signing_in_shows_the_unread_must_reads(
    qtbot: QtBot, data_dir: Path, desk: DeskApp
) -> None:
    session = DeskSession(
        SESSION.server_url, SESSION.username, SESSION.token, SESSION.profile, offline=True
    )
    store = LocalStore.open(session.store_file(data_dir))
    outage = must_read("Card payments down")
    feed(store, ("update", outage), ("update", update("Winter sale")))
    store.close()
    with qtbot.waitSignal(desk.windowOpened) as opened:
        desk.open_window(session)
    window: MainWindow = opened.args[0]
    dialog = window.morning.updates.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Must read"
    assert dialog.update_ids() == [outage["id"]]
    assert window.morning.glance.from_copy  # offline: the queue counted here
