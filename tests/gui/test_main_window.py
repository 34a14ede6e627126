"""The main window: its parts, its layout kept between runs, the agent state, signing out."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QStackedWidget
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.session import DeskSession, Profile
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore, RecordChange
from desk_app.gui.app import DeskApp
from desk_app.gui.main_window import DEFAULT_SIZES, MainWindow
from desk_app.gui.sync_thread import SyncBridge
from tests.gui import offer_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.live_desk import REP_PASSWORD, LiveDesk

USER_ID = uuid.uuid4()
SESSION = DeskSession(
    "http://127.0.0.1:9",
    "rep",
    "token",
    Profile(USER_ID, "Rep One", "rep", "US", "Northwind Goods"),
)


def feed(store: LocalStore, *records: tuple[str, dict[str, Any]]) -> list[RecordChange]:
    """Put records in the cache as the change feed would."""
    start = store.replica.position().last_seq
    changes = [
        {"seq": start + n, "entity": entity, "id": r["id"], "action": "upsert", "record": r}
        for n, (entity, r) in enumerate(records, start=1)
    ]
    return store.replica.apply_changes(changes, start + len(records))


def profile(**fields: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "user_id": str(USER_ID),
        "state": "ready",
        "reason": None,
        "state_since": datetime.now(UTC).isoformat(),
        "warned_at": None,
        "version": 1,
    }
    return {**record, **fields}


def active(**fields: Any) -> dict[str, Any]:
    """An interaction this rep is handling."""
    mine = {
        "status": "active",
        "assigned_agent_id": str(USER_ID),
        "answered_at": offer_records.at(5),
    }
    return offer_records.interaction(**{**mine, **fields})


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _window(qtbot: QtBot, store: LocalStore, settings: QSettings) -> MainWindow:
    window = MainWindow(SESSION, store, SyncBridge(), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def active_window(qtbot: QtBot, store: LocalStore, settings: QSettings) -> MainWindow:
    """The window shown and active: its window-wide shortcuts (F-keys, Ctrl+3) need that."""
    window = _window(qtbot, store, settings)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_window_has_the_queue_the_work_the_sidebar_and_the_status_bar(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    waiting = offer_records.interaction(status="queued", assigned_agent_id=None)
    feed(store, ("interaction", waiting), ("agent_profile", profile(state="ready")))
    window = _window(qtbot, store, desk_settings)
    centre = window.main_splitter.widget(1)
    assert window.main_splitter.widget(0) is window.left_tabs
    assert window.left_tabs.currentWidget() is window.queue
    assert window.tabs.parent() is window.work_splitter
    assert window.banner.parent() is centre
    assert isinstance(window.main_splitter.widget(2), QStackedWidget)
    assert window.queue.model.rowCount() == 1
    assert window.status_bar.state_selector.choice() == ("ready", None)
    assert "0 ops waiting" in window.status_bar.ops_label.text()
    actions = {action.text() for action in window.menuBar().actions()[0].menu().actions()}
    assert {"Sign &out", "&Quit"} <= actions


def test_connection_and_last_synced_are_shown(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = _window(qtbot, store, desk_settings)
    since = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    synced = since - timedelta(minutes=4)
    window.status_bar.show_sync(
        SyncStatus(online=False, offline_since=since, last_synced_at=synced, ops_waiting=3)
    )
    text = window.status_bar.connection_label.text()
    assert f"Offline since {since.astimezone().strftime('%H:%M')}" in text
    assert f"last synced {synced.astimezone().strftime('%H:%M')}" in text
    assert window.status_bar.ops_label.text() == "3 ops waiting"
    window.status_bar.show_sync(SyncStatus(online=True, streaming=True))
    assert window.status_bar.connection_label.text() == "Online, live"


def test_layout_and_open_tabs_come_back_on_the_next_start(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    handled, finished = active(), active(status="done")
    feed(store, ("interaction", handled), ("interaction", finished))
    first = _window(qtbot, store, desk_settings)
    first.open_interaction(uuid.UUID(handled["id"]))
    first.open_interaction(uuid.UUID(finished["id"]))
    first.resize(1500, 900)
    first.main_splitter.setSizes([400, 900, 192])  # each above its part's minimum width
    first.work_splitter.setSizes([600, 290])
    QApplication.processEvents()  # let the layouts settle before reading them back
    sizes = first.main_splitter.sizes(), first.work_splitter.sizes()
    first.close()

    second = _window(qtbot, store, desk_settings)
    assert second.size() == first.size()
    assert (second.main_splitter.sizes(), second.work_splitter.sizes()) == sizes
    assert sizes[0] != list(DEFAULT_SIZES)
    # work still in hand comes back; finished work does not
    assert second.tabs.open_ids() == [uuid.UUID(handled["id"])]


def test_picking_a_state_queues_the_op_and_shows_it_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    mine = profile(state="ready")
    feed(store, ("agent_profile", mine))
    window = _window(qtbot, store, desk_settings)
    selector = window.status_bar.state_selector
    index = selector.findText("Not ready: lunch")
    selector.setCurrentIndex(index)
    selector.activated.emit(index)
    (op,) = store.replica.pending(10)
    assert (op.kind, op.payload) == ("agent.state", {"state": "not_ready", "reason": "lunch"})
    assert store.record("agent_profile", uuid.UUID(mine["id"]))["state"] == "not_ready"
    assert selector.choice() == ("not_ready", "lunch")


def test_a_not_ready_time_nearly_used_up_is_announced(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = _window(qtbot, store, desk_settings)
    since = datetime.now(UTC) - timedelta(minutes=55)
    lunch = profile(state="not_ready", reason="lunch", state_since=since.isoformat())
    window.show_changes(feed(store, ("agent_profile", lunch)))
    assert not window.status_bar.warning_label.isVisible()
    warned = {**lunch, "warned_at": (since + timedelta(minutes=50)).isoformat(), "version": 2}
    window.show_changes(feed(store, ("agent_profile", warned)))
    assert window.status_bar.warning_label.isVisible()
    assert "lunch" in window.status_bar.warning_label.text()


def test_the_oldest_sla_follows_the_queue(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    due = datetime.now(UTC) + timedelta(minutes=10)
    waiting = offer_records.interaction(
        status="queued", assigned_agent_id=None, sla_due_at=due.isoformat()
    )
    window = _window(qtbot, store, desk_settings)
    assert "nothing waiting" in window.status_bar.sla_label.text()
    window.show_changes(feed(store, ("interaction", waiting)))
    assert window.status_bar.sla_label.text().startswith("Oldest SLA: ")
    assert "left" in window.status_bar.sla_label.text()


def _agent_state(live: LiveDesk, user_id: str) -> tuple[object, object]:
    agent = live.agent(user_id)
    return (None, None) if agent is None else (agent["state"], agent["reason"])


def test_sign_in_to_sign_out_with_a_real_server(
    qtbot: QtBot,
    live: LiveDesk,
    rep: dict[str, Any],
    desk: DeskApp,
    credentials: CredentialStore,
) -> None:
    with qtbot.waitSignal(desk.signInShown, timeout=LONG_WAIT_MS):
        desk.start()
    dialog = desk.dialog
    assert dialog is not None
    dialog.server_edit.setText(live.url)
    dialog.user_edit.setText(rep["username"])
    dialog.password_edit.setText(REP_PASSWORD)
    dialog.remember_box.setChecked(True)
    with qtbot.waitSignal(desk.windowOpened, timeout=LONG_WAIT_MS) as opened:
        dialog.sign_in_button.click()
    window: MainWindow = opened.args[0]
    qtbot.waitUntil(
        lambda: window.status_bar.connection_label.text() == "Online, live", timeout=LONG_WAIT_MS
    )

    # the rep's choice reaches the server, and the server's state comes back to the selector
    selector = window.status_bar.state_selector
    for label, expected in (
        ("Ready", ("ready", None)),
        ("Not ready: training", ("not_ready", "training")),
    ):
        index = selector.findText(label)
        selector.setCurrentIndex(index)
        selector.activated.emit(index)
        qtbot.waitUntil(lambda e=expected: _agent_state(live, rep["id"]) == e, timeout=LONG_WAIT_MS)
    qtbot.waitUntil(
        lambda: window.status_bar.ops_label.text() == "0 ops waiting", timeout=LONG_WAIT_MS
    )
    assert selector.choice() == ("not_ready", "training")

    token = window.session.token
    with qtbot.waitSignal(desk.signInShown, timeout=LONG_WAIT_MS):
        window.sign_out_action.trigger()
    assert desk.window is None
    assert credentials.token(live.url, rep["username"]) is None
    revoked = requests.get(
        f"{live.server.base}/me", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert revoked.status_code == 401
    assert desk.dialog is not None
    assert desk.dialog.user_edit.text() == rep["username"]  # remembered for next time
