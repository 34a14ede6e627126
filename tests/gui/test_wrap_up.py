"""The wrap-up panel: it opens when the work ends, suggests the script's code, and queues the op."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.store import LocalStore
from desk_app.gui.app import DeskApp
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sync_thread import SyncBridge
from desk_app.gui.work.code_tree import CODE_ROLE
from desk_app.gui.work.wrap_up import WrapUpPanel, draft_key
from tests.gui import offer_records, script_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.customer_desk import Admin, open_desk
from tests.gui.live_desk import REP_PASSWORD, TIMEOUT, LiveDesk
from tests.gui.test_main_window import SESSION, feed

RECORDING = "This call may be recorded for quality and training."
ENDED_S = 90  # the call ends 90 s after offer_records.NOW; the clock stands just after


def active_window(
    qtbot: QtBot,
    store: LocalStore,
    settings: QSettings,
    clock: offer_records.Clock | None = None,
) -> MainWindow:
    """The window shown and active (F-keys need that), its wrap-up clock driven by hand."""
    when = offer_records.Clock(offer_records.NOW + timedelta(seconds=ENDED_S + 10))
    window = MainWindow(SESSION, store, SyncBridge(), settings, clock=clock or when)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def choose(panel: WrapUpPanel, code: str) -> None:
    """Pick a code in the panel's tree as a click would."""
    (item,) = [i for i in panel.codes.code_items() if i.data(0, CODE_ROLE) == code]
    panel.codes.setCurrentItem(item)


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _panel(window: MainWindow, work: dict[str, Any]) -> WrapUpPanel:
    tab = window.tabs.tab(uuid.UUID(work["id"]))
    assert tab is not None
    assert tab.wrap_up is not None
    return tab.wrap_up


def _end_call(window: MainWindow, store: LocalStore, call: dict[str, Any]) -> None:
    ended = {**call, "status": "wrap_up", "ended_at": offer_records.at(ENDED_S), "version": 2}
    window.show_changes(feed(store, ("interaction", ended)))


def _wrap_ups(store: LocalStore) -> list[tuple[dict[str, Any], int | None]]:
    ops = store.replica.pending(50)
    return [(op.payload, op.base_version) for op in ops if op.kind == "interaction.wrap_up"]


def test_a_finished_call_opens_the_panel_with_the_scripts_code_chosen(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    panel = _panel(window, call)
    assert panel.isHidden()  # mid-call: no wrap-up yet
    view = window.script_sidebar.view
    view.lineConfirmed.emit("recording", True)
    view.advanceRequested.emit()
    view.choiceMade.emit(0)  # verified
    view.choiceMade.emit(0)  # not late: the end that suggests "resolved"
    _end_call(window, store, call)
    assert panel.isVisible()
    assert panel.chosen_code() == "resolved"
    tree = panel.codes
    assert tree.topLevelItem(0).text(0) == "Resolved — suggested by the script"
    # then the voice queue's groups, each on its F-key (resources/wrapup.yaml)
    groups = [tree.topLevelItem(n).text(0) for n in range(1, tree.topLevelItemCount())]
    assert groups == [
        "Resolved  (F2)",
        "Not resolved yet  (F3)",
        "Escalated  (F4)",
        "Callback  (F5)",
        "Do not contact  (F6)",
    ]
    assert tree.topLevelItem(1).toolTip(0) == "Press F2 to pick it"
    assert not panel.warning.isVisible()  # every line shown was confirmed
    # F3 from anywhere in the window opens its group on the first sub-code; arrows, Enter
    window.queue.setFocus()
    qtbot.keyClick(window.queue, Qt.Key.Key_F3)
    assert panel.chosen_code() == "claim_opened"
    assert QApplication.focusWidget() is tree
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert panel.chosen_code() == "correction_raised"
    assert QApplication.focusWidget() is panel.notes
    assert panel.acw_label.text() == "1:50 left, then “Information given”"  # 120 s from the end


def test_unconfirmed_must_say_lines_hold_submit_until_the_rep_acknowledges_them(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    call_id = uuid.UUID(call["id"])
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(call_id)
    window.script_sidebar.view.advanceRequested.emit()  # the recording notice never ticked
    _end_call(window, store, call)
    panel = _panel(window, call)
    assert panel.warning.isVisible()
    assert RECORDING in panel.warning_text.text()
    assert panel.chosen_code() is None  # the script did not reach an end: nothing suggested
    panel.submit_button.click()
    assert panel.code_error.text() == "Pick a disposition first (F2 to F6, or from the list)."
    assert QApplication.focusWidget() is panel.codes
    choose(panel, "info_provided")
    panel.submit_button.click()
    assert "tick “I have said these / I could not”" in panel.notice.text()
    assert QApplication.focusWidget() is panel.acknowledge
    assert _wrap_ups(store) == []
    qtbot.keyClick(panel.acknowledge, Qt.Key.Key_Space)
    panel.submit_button.click()
    payload = {"interaction_id": str(call_id), "disposition": "info_provided", "wrap_notes": ""}
    assert _wrap_ups(store) == [(payload, 2)]
    assert call_id not in window.tabs.open_ids()
    assert store.record("interaction", call_id)["status"] == "done"  # type: ignore[index]


def test_a_line_ticked_late_in_the_guide_clears_the_warning(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    _end_call(window, store, call)  # still on the first step, the line unticked
    panel = _panel(window, call)
    assert panel.warning.isVisible()
    window.script_sidebar.view.lineConfirmed.emit("recording", True)
    assert not panel.warning.isVisible()


def test_an_ended_chats_card_number_is_masked_in_the_queued_op_and_the_rep_told(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    chat = script_records.late_parcel_case(store, "chat")
    chat_id = uuid.UUID(chat["id"])
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(chat_id)
    window.script_sidebar.view.lineConfirmed.emit("recording", True)
    tab = window.tabs.tab(chat_id)
    assert tab is not None
    panel = _panel(window, chat)
    assert tab.wrap_up_button.isVisible()
    assert panel.isHidden()
    qtbot.keyClick(
        window.queue,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert panel.isVisible()
    assert not tab.wrap_up_button.isVisible()
    qtbot.keyClick(panel.codes, Qt.Key.Key_F4)  # the chat queue's "Escalated" group
    qtbot.keyClicks(panel.notes, "Refunded to card 4111 1111 1111 1111.")
    # the draft is stored on disk: masked there too (the editor keeps what was typed)
    assert store.draft(draft_key(chat_id)) == "Refunded to card •••• 1111."
    assert panel.notes.toPlainText() == "Refunded to card 4111 1111 1111 1111."
    qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ((payload, base_version),) = _wrap_ups(store)
    assert payload["wrap_notes"] == "Refunded to card •••• 1111."
    assert payload["disposition"] == "escalated"
    assert base_version == 1
    assert store.draft(draft_key(chat_id)) is None
    assert "A card number in the notes was masked" in window.status_bar.currentMessage()
    assert window.status_bar.ops_label.text() == "2 ops waiting"  # the script's start, this


def test_wrap_up_notes_typed_are_back_after_the_desk_restarts(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    _end_call(window, store, call)
    qtbot.keyClicks(_panel(window, call).notes, "Parcel found at the depot")
    window.close()
    again = active_window(qtbot, store, desk_settings)  # the tab comes back with the layout
    panel = _panel(again, call)
    assert panel.isVisible()
    assert panel.notes.toPlainText() == "Parcel found at the depot"


def test_the_rep_is_told_when_the_wrap_up_time_ran_out(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    clock = offer_records.Clock(offer_records.NOW + timedelta(seconds=ENDED_S + 10))
    window = active_window(qtbot, store, desk_settings, clock)
    window.open_interaction(uuid.UUID(call["id"]))
    _end_call(window, store, call)
    qtbot.keyClicks(_panel(window, call).notes, "Parcel found at the depot")
    clock.now += timedelta(seconds=110)  # the voice queue's 120 s after the call ended
    _panel(window, call).acw.check()
    ((payload, _base),) = _wrap_ups(store)
    assert payload["timed_out"] is True
    assert payload["wrap_notes"] == "Parcel found at the depot"
    assert uuid.UUID(call["id"]) not in window.tabs.open_ids()
    assert window.status_bar.currentMessage() == (
        "The wrap-up time ran out: wrapped up as “Information given”, with the notes typed so far."
    )


def test_the_draft_goes_when_the_interaction_is_wrapped_up_elsewhere(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    _end_call(window, store, call)
    qtbot.keyClicks(_panel(window, call).notes, "Half a note")
    done = {**call, "status": "done", "disposition": "escalated", "version": 3}
    window.show_changes(feed(store, ("interaction", done)))  # the supervisor wrapped it up
    assert store.draft(draft_key(uuid.UUID(call["id"]))) is None


def test_the_hotkeys_pick_in_the_tab_in_front_only(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    first, second = script_records.late_parcel_case(store), script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    for call in (first, second):
        window.open_interaction(uuid.UUID(call["id"]))
        _end_call(window, store, call)
    behind, front = _panel(window, first), _panel(window, second)
    assert front.isVisible()
    assert not behind.isVisible()
    qtbot.keyClick(window.queue, Qt.Key.Key_F4)
    assert front.chosen_code() == "escalated"
    assert behind.chosen_code() is None


def _submit_chat(qtbot: QtBot, window: MainWindow, chat: dict[str, Any]) -> WrapUpPanel:
    window.open_interaction(uuid.UUID(chat["id"]))
    window.script_sidebar.view.lineConfirmed.emit("recording", True)
    tab = window.tabs.tab(uuid.UUID(chat["id"]))
    assert tab is not None
    tab.wrap_up_button.click()
    panel = _panel(window, chat)
    qtbot.keyClick(panel.codes, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.notes, "Gave the tracking link.")
    panel.submit_button.click()
    return panel


def _conflict(store: LocalStore, server: dict[str, Any]) -> list[Any]:
    (op,) = [op for op in store.replica.pending(50) if op.kind == "interaction.wrap_up"]
    return store.replica.settle([{"op_id": str(op.op_id), "status": "conflict", "record": server}])


def test_any_other_conflict_of_a_wrap_up_is_left_for_the_rep(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    chat = script_records.late_parcel_case(store, "chat")
    window = active_window(qtbot, store, desk_settings)
    _submit_chat(qtbot, window, chat)
    window.show_changes(_conflict(store, {**chat, "version": 5, "subject": "edited"}))
    assert len(store.conflicts()) == 1  # not done on the server: the rep decides


def test_a_wrap_up_done_on_the_server_already_stays_and_the_rep_is_told(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    chat = script_records.late_parcel_case(store, "chat", subject="Where is my parcel?")
    window = active_window(qtbot, store, desk_settings)
    _submit_chat(qtbot, window, chat)
    theirs = {**chat, "status": "done", "disposition": "escalated", "version": 4}
    window.show_changes(_conflict(store, theirs))
    assert store.conflicts() == []
    assert _wrap_ups(store) == []
    record = store.record("interaction", uuid.UUID(chat["id"]))
    assert record is not None
    assert record["disposition"] == "escalated"
    assert window.status_bar.currentMessage() == (
        "“Where is my parcel?” was wrapped up on the server already (“Escalated”): "
        "your wrap-up was not sent."
    )


# --- with a server ----------------------------------------------------------------------------


def test_the_wrap_up_reaches_the_server_masked_and_the_interaction_is_done(
    qtbot: QtBot, live: LiveDesk, desk: DeskApp, credentials: CredentialStore
) -> None:
    admin = Admin(live)
    for record in script_records.scripts():
        body = {k: record[k] for k in ("key", "title", "category", "definition")}
        body["definition"] = {**body["definition"], "key": record["key"], "title": record["title"]}
        body["definition"]["category"] = record["category"]
        admin.post("/scripts", body)
    username = admin.user("rep")
    created = requests.post(
        live.server.base + "/interactions",
        json={"channel": "email", "category": "shipping_delay", "to_address": "ada@example.com"},
        headers=live.server.login(username, REP_PASSWORD),
        timeout=TIMEOUT,
    )
    assert created.ok, created.text
    email_id = uuid.UUID(created.json()["id"])
    window = open_desk(qtbot, desk, live, credentials, username)
    qtbot.waitUntil(
        lambda: (
            window.store.record("interaction", email_id) is not None
            and len(window.store.records("script")) >= 2
        ),
        timeout=LONG_WAIT_MS,
    )
    window.open_interaction(email_id)
    window.script_sidebar.view.lineConfirmed.emit("recording", True)  # the trail bumps the version
    tab = window.tabs.tab(email_id)
    assert tab is not None
    tab.wrap_up_button.click()
    assert tab.wrap_up is not None
    panel = tab.wrap_up
    choose(panel, "info_provided")  # the default queue's tree (an email has no queue of its own)
    qtbot.keyClicks(panel.notes, "Card 5500-0000-0000-0004 refunded.")
    panel.submit_button.click()
    qtbot.waitUntil(  # settled: a wrap-up found stale (the trail moved on) goes again
        lambda: window.store.replica.counts() == (0, 0, 0), timeout=LONG_WAIT_MS
    )
    on_server = admin.get(f"/interactions/{email_id}")
    assert on_server["status"] == "done"
    assert on_server["disposition"] == "info_provided"
    assert on_server["wrap_notes"] == "Card •••• 0004 refunded."
    assert window.store.record("interaction", email_id)["status"] == "done"  # type: ignore[index]
