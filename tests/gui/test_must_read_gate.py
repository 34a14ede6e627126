"""The must-read gate: Ready waits for the must-reads, clearly, and is never a trap."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.gui.main_window import MainWindow
from desk_app.gui.updates.must_read import MustReadDialog
from tests.gui.collab_records import ME, ops, window_at
from tests.gui.morning_records import acknowledgement, must_read, update
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, feed, profile


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _choose(window: MainWindow, text: str) -> None:
    """The rep picks a state in the status bar's selector."""
    selector = window.status_bar.state_selector
    index = selector.findText(text)
    selector.setCurrentIndex(index)
    selector.activated.emit(index)


def _gate(window: MainWindow) -> MustReadDialog:
    gate = window.morning.updates.gate
    assert gate is not None
    return gate


def test_ready_waits_for_the_must_reads_and_goes_on_once_acknowledged(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    outage = must_read("Card payments down", body="Take card payments by phone only.")
    greeting = must_read("New greeting", ago=timedelta(hours=3))
    feed(store, ("agent_profile", profile(state="not_ready", reason="break")))
    feed(store, *[("update", u) for u in (outage, greeting, update("Just news"))])
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Ready")
    assert ops(store, "agent.state") == []  # not asked for yet
    gate = _gate(window)
    assert gate.windowTitle() == "Before you go ready"
    assert gate.update_ids() == [greeting["id"], outage["id"]]
    bodies = [label.text() for label in gate.findChildren(QLabel)]
    assert "Take card payments by phone only." in bodies  # readable in the dialog itself
    assert gate.all_button.text() == "Acknowledge all and go &ready"
    gate.all_button.click()
    assert [p["update_id"] for p in ops(store, "update.acknowledge")] == [
        greeting["id"],
        outage["id"],
    ]
    assert ops(store, "agent.state") == [{"state": "ready", "reason": None}]
    assert window.morning.updates.gate is None
    assert window.status_bar.state_selector.choice() == ("ready", None)


def test_escape_leaves_the_rep_where_they_were_and_says_why(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    feed(store, ("agent_profile", profile(state="not_ready", reason="lunch")))
    feed(store, ("update", must_read("Card payments down")))
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Ready")
    gate = _gate(window)
    qtbot.waitUntil(gate.isVisible)
    qtbot.keyClick(gate, Qt.Key.Key_Escape)
    assert window.morning.updates.gate is None
    assert ops(store, "agent.state") == []
    assert ops(store, "update.acknowledge") == []
    assert window.status_bar.state_selector.choice() == ("not_ready", "lunch")
    said = window.status_bar.currentMessage()
    assert "not gone ready" in said
    assert "1 must-read" in said


def test_acknowledging_one_by_one_leaves_the_rest_waiting(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    first, second = must_read("Rule one"), must_read("Rule two", ago=timedelta(minutes=5))
    feed(store, ("agent_profile", profile(state="not_ready", reason="break")))
    feed(store, ("update", first), ("update", second))
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Ready")
    gate = _gate(window)
    gate.buttons[first["id"]].click()
    assert gate.update_ids() == [second["id"]]
    gate.later_button.click()
    assert ops(store, "agent.state") == []
    assert [u["id"] for u in window.morning.updates.must_reads()] == [second["id"]]


def test_what_does_not_block_ready(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    acknowledged = must_read("Read yesterday")
    expired = must_read("Old outage", expires_at=(NOW - timedelta(minutes=1)).isoformat())
    mine = must_read("I wrote this", author_id=ME)
    feed(store, *[("update", u) for u in (acknowledged, expired, mine, update("Just news"))])
    feed(store, ("acknowledgement", acknowledgement(acknowledged)))
    feed(store, ("acknowledgement", acknowledgement(expired, user_id=str(uuid.uuid4()))))
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Ready")
    assert window.morning.updates.gate is None
    assert ops(store, "agent.state") == [{"state": "ready", "reason": None}]


def test_not_ready_is_never_held(qtbot: QtBot, store: LocalStore, desk_settings: QSettings) -> None:
    feed(store, ("update", must_read("Card payments down")))
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Not ready: training")
    assert window.morning.updates.gate is None
    assert ops(store, "agent.state") == [{"state": "not_ready", "reason": "training"}]


def test_a_refusal_by_the_server_is_shown_with_its_reason(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = window_at(qtbot, store, desk_settings, Clock())
    _choose(window, "Ready")  # this desk knew of no must-read
    (op,) = store.replica.pending(10)
    reason = "unread must-read updates: Card payments down"
    store.replica.refuse(op.op_id, reason)
    late = must_read("Card payments down")
    window.show_changes(feed(store, ("update", late)))
    said: list[str] = []
    window.morning.updates.message.connect(said.append)
    window.morning.updates.sync_status(SyncStatus(online=True, rejected=1))
    assert window.status_bar.currentMessage() == (f"The server kept you from going ready: {reason}")
    assert store.rejected() == []  # told: not left to count as rejected
    assert _gate(window).update_ids() == [late["id"]]
    window.morning.updates.sync_status(SyncStatus(online=True, rejected=1))
    assert said == [f"The server kept you from going ready: {reason}"]  # once


def test_kept_not_ready_by_the_server_for_must_reads_is_shown_as_such(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    feed(store, ("agent_profile", profile(state="not_ready", reason="must_read")))
    window = window_at(qtbot, store, desk_settings, Clock())
    selector = window.status_bar.state_selector
    assert selector.currentText() == "Not ready: must-read updates"
    assert selector.choice() == ("not_ready", "must_read")
