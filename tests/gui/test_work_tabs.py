"""Open interactions as tabs: several at once, unread marks, one-key switching, call controls."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desk_app.gui.work.tabs import InteractionTabs
from tests.gui.offer_records import NOW, Clock, at, customer, interaction

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
BUTTONS = ("holdButton", "muteButton", "transferButton", "conferenceButton", "hangupButton")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(qtbot: QtBot, clock: Clock) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(InteractionTabs(window, region="US", clock=clock))
    layout.addWidget(QLineEdit(window, objectName="elsewhere"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def tabs(window: QWidget) -> InteractionTabs:
    return window.findChild(InteractionTabs)


def _id(record: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(record["id"])


def _call(tabs: InteractionTabs, **fields: Any) -> dict[str, Any]:
    record = interaction(
        status="active", call_state="connected", answered_at=at(0), offer_expires_at=None
    )
    record.update(fields)
    tabs.open_interaction(record, customer())
    return record


def _button(tabs: InteractionTabs, record: dict[str, Any], name: str) -> QPushButton:
    return tabs.tab(_id(record)).findChild(QPushButton, name)


def _label(tabs: InteractionTabs, record: dict[str, Any], name: str) -> QLabel:
    return tabs.tab(_id(record)).findChild(QLabel, name)


def _press(window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    elsewhere = window.findChild(QLineEdit, "elsewhere")
    elsewhere.setFocus()
    QtBot.keyClick(elsewhere, key, modifiers)


def test_two_chats_open_side_by_side_and_reopening_focuses(
    qtbot: QtBot, tabs: InteractionTabs
) -> None:
    first, second = interaction("chat", status="active"), interaction("chat", status="active")
    with qtbot.waitSignal(tabs.currentInteractionChanged) as changed:
        tabs.open_interaction(first, customer())
    assert changed.args == [_id(first)]
    tabs.open_interaction(second, None)
    assert tabs.open_ids() == [_id(first), _id(second)]
    assert tabs.current_interaction() == _id(second)
    assert tabs.tabText(1) == "Chat · Unknown sender"

    tabs.open_interaction(first, None)
    assert tabs.count() == 2
    assert tabs.current_interaction() == _id(first)
    assert tabs.tabText(0) == "Chat · Ada King"  # the customer it opened with is kept


def test_a_change_behind_the_front_tab_is_marked_unread_until_seen(tabs: InteractionTabs) -> None:
    first, second = interaction("chat", status="active"), interaction("email", status="active")
    tabs.open_interaction(first, None)
    tabs.open_interaction(second, None)
    tabs.update_interaction({**second, "version": 2})  # the front tab: nothing to mark
    tabs.update_interaction(first)  # nothing changed
    assert not tabs.is_unread(_id(first))

    tabs.update_interaction({**first, "subject": "Order 1042", "version": 2})
    assert tabs.is_unread(_id(first))
    assert tabs.tabText(0) == "• Chat · Unknown sender"
    assert tabs.tabBar().accessibleTabName(0) == "Chat · Unknown sender, unread activity"
    assert tabs.tab(_id(first)).accessibleDescription() == "Unread activity"

    tabs.setCurrentIndex(0)
    assert not tabs.is_unread(_id(first))
    assert tabs.tabText(0) == "Chat · Unknown sender"
    assert tabs.tab(_id(first)).accessibleDescription() == ""


def test_one_keystroke_switches_tabs(window: QWidget, tabs: InteractionTabs) -> None:
    records = [interaction("chat", status="active") for _ in range(3)]
    for record in records:
        tabs.open_interaction(record, None)
    _press(window, Qt.Key.Key_1, ALT)
    assert tabs.current_interaction() == _id(records[0])
    _press(window, Qt.Key.Key_2, ALT)
    assert tabs.current_interaction() == _id(records[1])
    _press(window, Qt.Key.Key_9, ALT)  # the last tab
    assert tabs.current_interaction() == _id(records[2])
    _press(window, Qt.Key.Key_5, ALT)  # no fifth tab: stays
    assert tabs.current_interaction() == _id(records[2])
    _press(window, Qt.Key.Key_Tab, CTRL)  # wraps round
    assert tabs.current_interaction() == _id(records[0])
    _press(window, Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.current_interaction() == _id(records[2])


def test_closing_an_interaction_removes_its_tab(tabs: InteractionTabs) -> None:
    first, second = interaction("chat"), interaction("chat")
    tabs.open_interaction(first, None)
    tabs.open_interaction(second, None)
    tabs.close_interaction(_id(second))
    assert tabs.open_ids() == [_id(first)]
    assert tabs.tab(_id(second)) is None


@pytest.mark.parametrize(
    ("call_state", "enabled"),
    [
        ("ringing", {"hangupButton"}),
        ("connected", set(BUTTONS)),
        ("on_hold", {"holdButton", "transferButton", "hangupButton"}),
        ("transferring", {"muteButton", "hangupButton"}),
        ("conference", {"muteButton", "hangupButton"}),
        ("ended", set()),
    ],
)
def test_call_controls_follow_the_reported_call_state(
    tabs: InteractionTabs, call_state: str, enabled: set[str]
) -> None:
    call = _call(tabs, call_state=call_state)
    assert {name for name in BUTTONS if _button(tabs, call, name).isEnabled()} == enabled


def test_hold_only_asks_and_the_record_changes_the_button(
    qtbot: QtBot, tabs: InteractionTabs
) -> None:
    call = _call(tabs)
    with qtbot.waitSignal(tabs.callCommandRequested) as asked:
        _button(tabs, call, "holdButton").click()
    assert asked.args == [_id(call), "hold", None, None]
    assert _label(tabs, call, "callState").text() == "Connected"  # no guess
    assert _label(tabs, call, "commandPending").isVisible()
    assert not _button(tabs, call, "holdButton").isEnabled()
    assert _button(tabs, call, "hangupButton").isEnabled()

    tabs.update_interaction({**call, "call_state": "on_hold", "version": 2})
    assert _label(tabs, call, "callState").text() == "On hold"
    assert _button(tabs, call, "holdButton").text() == "&Resume"
    assert not _label(tabs, call, "commandPending").isVisible()
    with qtbot.waitSignal(tabs.callCommandRequested) as resumed:
        _button(tabs, call, "holdButton").click()
    assert resumed.args == [_id(call), "resume", None, None]


def test_mute_follows_the_record(qtbot: QtBot, tabs: InteractionTabs) -> None:
    call = _call(tabs)
    with qtbot.waitSignal(tabs.callCommandRequested) as asked:
        _button(tabs, call, "muteButton").click()
    assert asked.args == [_id(call), "mute", None, None]
    tabs.update_interaction({**call, "muted": True, "version": 2})
    assert _label(tabs, call, "callState").text() == "Connected, muted"
    assert _button(tabs, call, "muteButton").text() == "Un&mute"
    with qtbot.waitSignal(tabs.callCommandRequested) as unmuted:
        _button(tabs, call, "muteButton").click()
    assert unmuted.args == [_id(call), "unmute", None, None]


@pytest.mark.parametrize(
    ("button", "command"), [("conferenceButton", "conference"), ("hangupButton", "hangup")]
)
def test_conference_and_hang_up_are_asked_for(
    qtbot: QtBot, tabs: InteractionTabs, button: str, command: str
) -> None:
    call = _call(tabs)
    with qtbot.waitSignal(tabs.callCommandRequested) as asked:
        _button(tabs, call, button).click()
    assert asked.args == [_id(call), command, None, None]


def _transfer(
    tabs: InteractionTabs, call: dict[str, Any], mode: int, kind: int, target: str
) -> None:
    page = tabs.tab(_id(call))
    _button(tabs, call, "transferButton").click()
    page.findChild(QComboBox, "transferMode").setCurrentIndex(mode)
    page.findChild(QComboBox, "transferTargetType").setCurrentIndex(kind)
    field = page.findChild(QLineEdit, "transferTarget")
    field.setText(target)
    QtBot.keyClick(field, Qt.Key.Key_Return)


def test_a_warm_transfer_to_an_outside_number_sends_e164(
    qtbot: QtBot, tabs: InteractionTabs
) -> None:
    call = _call(tabs)
    with qtbot.waitSignal(tabs.callCommandRequested) as asked:
        _transfer(tabs, call, mode=1, kind=2, target="(202) 555-0143")
    assert asked.args == [_id(call), "transfer_warm", "number", "+12025550143"]


def test_a_blind_transfer_to_an_agent_or_a_queue(qtbot: QtBot, tabs: InteractionTabs) -> None:
    call = _call(tabs)
    with qtbot.waitSignal(tabs.callCommandRequested) as asked:
        _transfer(tabs, call, mode=0, kind=0, target=" 1042 ")
    assert asked.args == [_id(call), "transfer_blind", "agent", "1042"]
    tabs.show_command_error(_id(call), "Agent 1042 is not signed in")
    with qtbot.waitSignal(tabs.callCommandRequested) as queued:
        _transfer(tabs, call, mode=0, kind=1, target="billing")
    assert queued.args == [_id(call), "transfer_blind", "queue", "billing"]


def test_a_transfer_target_that_is_not_a_number_is_refused_inline(tabs: InteractionTabs) -> None:
    call = _call(tabs)
    asked: list[tuple[object, ...]] = []
    tabs.callCommandRequested.connect(lambda *args: asked.append(args))
    _transfer(tabs, call, mode=0, kind=2, target="the boss")
    assert asked == []
    assert _label(tabs, call, "transferError").text() == "“the boss” is not a phone number"
    assert tabs.tab(_id(call)).findChild(QWidget, "TransferEditor").isVisible()


def test_a_failed_command_shows_the_reason_and_frees_the_controls(
    tabs: InteractionTabs,
) -> None:
    call = _call(tabs)
    _button(tabs, call, "holdButton").click()
    tabs.show_command_error(_id(call), "The phone system did not answer")
    error = _label(tabs, call, "commandError")
    assert error.isVisible()
    assert error.text() == "The phone system did not answer"
    assert not _label(tabs, call, "commandPending").isVisible()
    assert _button(tabs, call, "holdButton").isEnabled()
    assert _label(tabs, call, "callState").text() == "Connected"


def test_the_handle_timer_runs_from_answer_to_end(
    qtbot: QtBot, tabs: InteractionTabs, clock: Clock
) -> None:
    clock.now = NOW + timedelta(seconds=75)
    call = _call(tabs, answered_at=at(0))
    handle = _label(tabs, call, "handleTime")
    assert handle.text() == "01:15"
    clock.now = NOW + timedelta(seconds=3725)
    qtbot.waitUntil(lambda: handle.text() == "1:02:05")

    tabs.update_interaction({**call, "call_state": "ended", "ended_at": at(90), "version": 2})
    assert handle.text() == "01:30"


def test_a_call_not_yet_answered_shows_no_timer(tabs: InteractionTabs) -> None:
    call = _call(tabs, answered_at=None, call_state="ringing")
    assert not _label(tabs, call, "handleTime").isVisible()


def test_a_chat_shows_its_details_without_call_controls(tabs: InteractionTabs) -> None:
    chat = interaction("chat", status="active", subject="Where is my order?")
    tabs.open_interaction(chat, None)
    page = tabs.tab(_id(chat))
    assert not page.findChild(QWidget, "CallControls").isVisible()
    assert _label(tabs, chat, "tabFrom").text() == "ada@example.com"
    assert _label(tabs, chat, "tabTopic").text() == "Chat · Where is my order?"
    assert not _label(tabs, chat, "tabPhones").isVisible()


def test_the_callers_number_is_dialled_from_the_tab(qtbot: QtBot, tabs: InteractionTabs) -> None:
    call = interaction(status="active", call_state="connected", from_address="+442079460958")
    tabs.open_interaction(call, None)
    phones = _label(tabs, call, "tabPhones")
    assert _label(tabs, call, "tabCustomer").text() == "Unknown caller"
    phones.setFocus()
    qtbot.keyClick(phones, Qt.Key.Key_Tab)
    with qtbot.waitSignal(tabs.dialRequested) as dialled:
        qtbot.keyClick(phones, Qt.Key.Key_Return)
    assert dialled.args == ["+442079460958"]


def test_a_customer_found_later_names_the_tab(tabs: InteractionTabs) -> None:
    call = interaction(status="active", call_state="connected")
    tabs.open_interaction(call, None)
    tabs.set_customer(_id(call), customer())
    assert tabs.tabText(0) == "Call · Ada King"
    assert _label(tabs, call, "tabCustomer").text() == "Ada King (VIP)"
