"""Each queue's wrap-up: its code tree and hotkeys, required fields, callback time, ACW policy.

The panel is driven on its own (its queue, its store, a clock moved by hand):
the deadline is checked by calling the countdown's ``check`` after moving the
clock, never by waiting.
"""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.domain.wrapup import QueueWrapUp, read_queues
from desk_app.gui.work.wrap_up import Ending, WrapUpPanel, desk_queues
from tests.gui import offer_records
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, USER_ID, feed

NOTES_REQUIRED = read_queues(
    """
queues:
  default:
    notes_required: true
    acw: {policy: mandatory}
    groups:
      - {key: resolved, label: Resolved, hotkey: F7, codes: [resolved]}
"""
)["default"]


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _ended(store: LocalStore, channel: str = "voice", **fields: Any) -> uuid.UUID:
    """An interaction of this rep that ended at NOW."""
    work = offer_records.interaction(
        channel,
        status="wrap_up",
        assigned_agent_id=str(USER_ID),
        answered_at=offer_records.at(-300),
        ended_at=offer_records.at(0),
        **fields,
    )
    feed(store, ("interaction", work))
    return uuid.UUID(work["id"])


def _panel(
    qtbot: QtBot,
    store: LocalStore,
    interaction_id: uuid.UUID,
    queue: QueueWrapUp,
    clock: Clock,
    suggested: tuple[str, ...] = (),
) -> WrapUpPanel:
    """The panel begun, shown as an active window of its own (its F-keys need that)."""
    panel = WrapUpPanel(
        store,
        interaction_id,
        queue=queue,
        unconfirmed=list,
        suggested=lambda: suggested,
        clock=clock,
    )
    qtbot.addWidget(panel)
    panel.begin()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def _sent(store: LocalStore) -> list[dict[str, Any]]:
    return [op.payload for op in store.replica.pending(50) if op.kind == "interaction.wrap_up"]


def test_each_queue_has_its_own_tree_and_hotkeys(qtbot: QtBot, store: LocalStore) -> None:
    call = _ended(store, skill="billing")
    clock = Clock(NOW + timedelta(seconds=5))
    # the script suggests a code billing uses and one it does not: only the first is offered
    panel = _panel(
        qtbot, store, call, desk_queues()["billing"], clock, ("goodwill_offered", "escalated")
    )
    tree = panel.codes
    shown = [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]
    assert shown == [
        "Escalated — suggested by the script",
        "Resolved  (F2)",
        "Billing correction raised  (F3)",  # a group of one code is that code
        "Escalated  (F4)",
        "Callback scheduled  (F5)",
    ]
    assert panel.chosen_code() == "escalated"  # the suggestion, preselected
    assert "goodwill_offered" not in [
        i.data(0, Qt.ItemDataRole.UserRole + 1) for i in tree.code_items()
    ]
    qtbot.keyClick(panel.notes, Qt.Key.Key_F3)
    assert panel.chosen_code() == "correction_raised"
    qtbot.keyClick(panel.notes, Qt.Key.Key_F2)  # opens "Resolved" on its first code
    assert panel.chosen_code() == "refund_issued"
    assert QApplication.focusWidget() is tree
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert panel.chosen_code() == "info_provided"
    assert QApplication.focusWidget() is panel.notes
    qtbot.keyClick(panel.notes, Qt.Key.Key_F6)  # not a key of this queue
    assert panel.chosen_code() == "info_provided"
    # the chat queue has fewer groups: F6 is not one of its keys, F5 is its only callback code
    chat = _panel(qtbot, store, _ended(store, "chat"), desk_queues()["chat"], clock)
    keys = [chat.codes.topLevelItem(n).text(0) for n in range(chat.codes.topLevelItemCount())]
    assert keys[-1] == "Callback scheduled  (F5)"
    assert chat.chosen_code() is None  # no suggestion: nothing preselected


def test_a_queue_that_requires_notes_says_so_next_to_them(qtbot: QtBot, store: LocalStore) -> None:
    call = _ended(store)
    panel = _panel(qtbot, store, call, NOTES_REQUIRED, Clock(NOW))
    assert panel.notes_label.text() == "Notes (required in this queue)"
    qtbot.keyClick(panel.notes, Qt.Key.Key_F7)
    panel.submit_button.click()
    assert panel.notes_error.isVisible()
    assert panel.notes_error.text() == "This queue needs notes: say what was done."
    assert QApplication.focusWidget() is panel.notes
    assert _sent(store) == []
    qtbot.keyClicks(panel.notes, "Explained the invoice.")
    assert not panel.notes_error.isVisible()
    panel.submit_button.click()
    (payload,) = _sent(store)
    assert payload["wrap_notes"] == "Explained the invoice."
    assert "timed_out" not in payload


def test_a_callback_needs_a_time_in_the_future_sent_as_utc(qtbot: QtBot, store: LocalStore) -> None:
    call = _ended(store)
    clock = Clock(NOW + timedelta(seconds=10))
    panel = _panel(qtbot, store, call, desk_queues()["voice"], clock)
    assert not panel.callback_row.isVisible()
    qtbot.keyClick(panel.codes, Qt.Key.Key_F5)  # "Callback": opens on "Callback scheduled"
    assert panel.chosen_code() == "callback_scheduled"
    assert panel.callback_row.isVisible()
    assert panel.callback_at() == clock.now + timedelta(hours=1)  # offered first
    shown = panel.callback_time.dateTime()
    assert shown.timeSpec() == Qt.TimeSpec.LocalTime  # the rep reads their own clock
    past = clock.now - timedelta(minutes=10)
    panel.callback_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(past.timestamp())))
    panel.submit_button.click()
    assert panel.callback_error.text() == (
        "The callback time has passed: pick a time later than now."
    )
    assert QApplication.focusWidget() is panel.callback_time
    assert _sent(store) == []
    later = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
    panel.callback_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(later.timestamp())))
    assert not panel.callback_error.isVisible()
    panel.submit_button.click()
    (payload,) = _sent(store)
    assert payload["disposition"] == "callback_scheduled"
    assert payload["callback_at"] == "2026-11-26T15:30:00+00:00"


def test_mandatory_limited_applies_the_timeout_code_at_the_deadline_keeping_the_notes(
    qtbot: QtBot, store: LocalStore
) -> None:
    call = _ended(store)
    clock = Clock(NOW + timedelta(seconds=60))
    panel = _panel(qtbot, store, call, desk_queues()["voice"], clock)
    ended: list[Ending] = []
    panel.submitted.connect(lambda _done, ending: ended.append(ending))
    assert panel.acw_label.text() == "1:00 left, then “Information given”"
    qtbot.keyClick(panel.codes, Qt.Key.Key_F3)  # a code picked, but no Submit
    qtbot.keyClicks(panel.notes, "Card 4111 1111 1111 1111 blocked, customer")
    clock.now = NOW + timedelta(seconds=119)
    panel.acw.check()
    assert panel.acw_label.text() == "0:01 left, then “Information given”"
    assert _sent(store) == []
    clock.now = NOW + timedelta(seconds=120)
    panel.acw.check()
    (payload,) = _sent(store)
    assert payload == {
        "interaction_id": str(call),
        "disposition": "info_provided",
        "wrap_notes": "Card •••• 1111 blocked, customer",
        "timed_out": True,
    }
    assert ended == [Ending.TIMED_OUT]
    assert panel.isHidden()


def test_the_servers_acw_deadline_wins_over_the_local_one(qtbot: QtBot, store: LocalStore) -> None:
    call = _ended(store, acw_deadline_at=offer_records.at(30))
    clock = Clock(NOW + timedelta(seconds=10))
    panel = _panel(qtbot, store, call, desk_queues()["voice"], clock)
    assert panel.acw_label.text() == "0:20 left, then “Information given”"
    clock.now = NOW + timedelta(seconds=30)
    panel.acw.check()
    (payload,) = _sent(store)
    assert payload["timed_out"] is True


def test_time_boxed_holds_submit_then_sends_the_reps_choice(
    qtbot: QtBot, store: LocalStore
) -> None:
    call = _ended(store, skill="billing")
    clock = Clock(NOW + timedelta(seconds=22))
    panel = _panel(qtbot, store, call, desk_queues()["billing"], clock)
    assert not panel.submit_button.isEnabled()
    assert panel.submit_button.text() == "Submit in 0:23"
    assert not panel.skip_button.isVisible()
    qtbot.keyClick(panel.codes, Qt.Key.Key_F3)
    qtbot.keyClicks(panel.notes, "Correction raised for the March invoice.")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.notice.text() == "This queue's wrap-up takes its full time: it is sent in 0:23."
    assert _sent(store) == []
    clock.now = NOW + timedelta(seconds=45)
    panel.acw.check()
    (payload,) = _sent(store)
    assert payload == {
        "interaction_id": str(call),
        "disposition": "correction_raised",
        "wrap_notes": "Correction raised for the March invoice.",
    }


def test_time_boxed_with_nothing_picked_ends_with_the_timeout_code(
    qtbot: QtBot, store: LocalStore
) -> None:
    call = _ended(store, skill="billing")
    clock = Clock(NOW + timedelta(seconds=1))
    panel = _panel(qtbot, store, call, desk_queues()["billing"], clock)
    qtbot.keyClicks(panel.notes, "Customer hung up mid-sentence")
    clock.now = NOW + timedelta(seconds=45)
    panel.acw.check()
    (payload,) = _sent(store)
    assert payload["disposition"] == "info_provided"
    assert payload["wrap_notes"] == "Customer hung up mid-sentence"
    assert payload["timed_out"] is True


def test_an_optional_wrap_up_is_skipped_with_esc_ending_with_the_queues_code(
    qtbot: QtBot, store: LocalStore
) -> None:
    chat = _ended(store, "chat")
    panel = _panel(qtbot, store, chat, desk_queues()["chat"], Clock(NOW))
    assert panel.skip_button.isVisible()
    assert not panel.acw_label.isVisible()  # no deadline in an optional queue
    qtbot.keyClicks(panel.notes, "Customer left the chat")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Escape)
    (payload,) = _sent(store)
    assert payload == {
        "interaction_id": str(chat),
        "disposition": "info_provided",
        "wrap_notes": "Customer left the chat",
        "timed_out": True,
    }


def test_a_mandatory_queue_cannot_be_skipped(qtbot: QtBot, store: LocalStore) -> None:
    email = _ended(store, "email")
    panel = _panel(qtbot, store, email, desk_queues()["default"], Clock(NOW))
    assert not panel.skip_button.isVisible()
    qtbot.keyClick(panel.notes, Qt.Key.Key_Escape)
    panel.skip()
    assert _sent(store) == []
    assert panel.isVisible()
