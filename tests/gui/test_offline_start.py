"""Starting with the server away: the desk opens from its local store, then catches up."""

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.session import sign_in
from desk_app.gui.app import DeskApp
from desk_app.gui.main_window import MainWindow
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.live_desk import REP_PASSWORD, SERVER_ENV, LiveDesk
from tests.support.live_server import free_port, live_server, new_database, prepare

# The sync engine backs off (with jitter) while the server is away; coming back can take a while.
CATCH_UP_MS = 120_000


def _choose(window: MainWindow, label: str) -> None:
    selector = window.status_bar.state_selector
    index = selector.findText(label)
    selector.setCurrentIndex(index)
    selector.activated.emit(index)


def test_a_remembered_rep_works_offline_and_the_desk_catches_up_when_the_server_returns(
    qtbot: QtBot,
    tmp_path: Path,
    data_dir: Path,
    desk_settings: QSettings,
    credentials: CredentialStore,
) -> None:
    port = free_port()
    env = prepare(new_database("sqlite", tmp_path=tmp_path, cluster=None), **SERVER_ENV)
    with live_server(env, port=port) as server:
        live = LiveDesk(server)
        rep = live.create_rep("rep.offline")
        waiting = live.create_customer("Ada Lovelace", "+1 202-555-0143")
        session = sign_in(
            live.url, "rep.offline", REP_PASSWORD, remember=True, credentials=credentials
        )
        # a first day at this desk fills its store; then the desk is closed
        desk = DeskApp(data_dir=data_dir, settings=desk_settings, credentials=credentials)
        with qtbot.waitSignal(desk.windowOpened, timeout=LONG_WAIT_MS) as opened:
            desk.start()
        first: MainWindow = opened.args[0]
        qtbot.waitUntil(
            lambda: first.store.record("customer", uuid.UUID(waiting["id"])) is not None,
            timeout=LONG_WAIT_MS,
        )
        first.close()
        assert desk.window is None

    # the next morning the server is away
    desk = DeskApp(data_dir=data_dir, settings=desk_settings, credentials=credentials)
    with qtbot.waitSignal(desk.windowOpened, timeout=LONG_WAIT_MS) as opened:
        desk.start()
    window: MainWindow = opened.args[0]
    try:
        assert window.session.offline
        assert "(offline)" in window.windowTitle()
        assert window.store.record("customer", uuid.UUID(waiting["id"]))["name"] == "Ada Lovelace"
        qtbot.waitUntil(
            lambda: window.status_bar.connection_label.text().startswith("Offline since"),
            timeout=LONG_WAIT_MS,
        )
        assert "last synced" in window.status_bar.connection_label.text()

        # work goes on: the choice shows at once and waits in the outbox
        _choose(window, "Not ready: meeting")
        assert window.status_bar.ops_label.text() == "1 ops waiting"

        # the server comes back at the same address: the desk catches up by itself
        with live_server(env, port=port) as server:
            live = LiveDesk(server)
            qtbot.waitUntil(
                lambda: window.status_bar.connection_label.text().startswith("Online"),
                timeout=CATCH_UP_MS,
            )
            qtbot.waitUntil(
                lambda: window.status_bar.ops_label.text() == "0 ops waiting",
                timeout=LONG_WAIT_MS,
            )
            agent: dict[str, Any] | None = live.agent(str(rep["id"]))
            assert agent is not None
            assert (agent["state"], agent["reason"]) == ("not_ready", "meeting")
            window.close()
    finally:
        desk.shutdown()
    assert session.token == credentials.token(live.url, "rep.offline")


def test_a_rep_who_never_signed_in_here_is_asked_to_sign_in(
    qtbot: QtBot, data_dir: Path, desk_settings: QSettings, credentials: CredentialStore
) -> None:
    credentials.remember(
        "http://127.0.0.1:9",
        "rep",
        {"user_id": str(uuid.uuid4()), "display_name": "Rep", "role": "rep", "region": "US"},
    )
    credentials.save_token("http://127.0.0.1:9", "rep", "token")
    desk = DeskApp(data_dir=data_dir, settings=desk_settings, credentials=credentials)
    with qtbot.waitSignal(desk.signInShown, timeout=LONG_WAIT_MS) as shown:
        desk.start()
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    assert desk.window is None
    assert (dialog.server_edit.text(), dialog.user_edit.text()) == ("http://127.0.0.1:9", "rep")
