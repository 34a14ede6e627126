"""Follow-ups on the desk: the dialog, reminders on an injected clock, the "Due now" page.

The sync thread is never started here: every op waits in the outbox, as it
would offline, and what the rep did shows at once from the local store.
"""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QSettings
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.gui.followups.coordinator import FollowUps
from desk_app.gui.followups.dialog import FollowUpDialog
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.main_window import MainWindow
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.records import parse_time
from tests.gui import offer_records
from tests.gui.collab_records import (
    COLLEAGUE,
    ME,
    SUPERVISOR,
    follow_up,
    ops,
    recording_notifier,
    remember_directory,
    window_at,
)
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, active, feed


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _dialog(window: MainWindow) -> FollowUpDialog:
    window.follow_up_action.trigger()
    dialog = window.follow_ups.dialog
    assert dialog is not None
    return dialog


def _tomorrow_nine(now: datetime) -> datetime:
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), datetime.min.time()).replace(
        hour=9, tzinfo=local.tzinfo
    )


def test_the_dialog_refuses_what_cannot_be_done_and_queues_a_masked_callback(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer(name="Ada King")
    call = active(customer_id=customer["id"], from_address="+12025550143")
    feed(store, ("customer", customer), ("interaction", call))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.open_interaction(uuid.UUID(call["id"]))
    dialog = _dialog(window)
    assert dialog.due_at() == _tomorrow_nine(NOW).astimezone(UTC)  # shown local, read as UTC
    assert dialog.phone.text() == "+12025550143"  # the caller's number
    assert not dialog.phone.isEnabled()  # a reminder needs none
    dialog.kind.setCurrentIndex(1)  # a callback
    assert dialog.phone.isEnabled()
    dialog.phone.clear()
    dialog.ok_button.click()
    assert dialog.error.text() == "A callback needs the number to call."
    dialog.phone.setText("call me maybe")
    dialog.ok_button.click()
    assert dialog.error.text() == "“call me maybe” is not a phone number."
    dialog.phone.setText("(202) 555-0143")
    dialog.when.setDateTime(QDateTime((NOW - timedelta(hours=1)).astimezone().replace(tzinfo=None)))
    dialog.ok_button.click()
    assert dialog.error.text() == "Pick a time in the future."
    assert ops(store, "followup.set") == []
    due = NOW + timedelta(days=2)
    dialog.when.setDateTime(QDateTime(due.astimezone().replace(tzinfo=None)))
    dialog.note.setPlainText("She paid with 4111 1111 1111 1111, check it")
    dialog.ok_button.click()
    assert window.follow_ups.dialog is None
    (payload,) = ops(store, "followup.set")
    assert payload == {
        "id": payload["id"],
        "subject_type": "interaction",
        "subject_id": call["id"],
        "due_at": due.isoformat(),
        "kind": "callback",
        "phone": "+12025550143",
        "note": "She paid with •••• 1111, check it",
    }
    assert uuid.UUID(payload["id"]).version == 7  # minted on the desk, kept by the server
    shown = store.record("follow_up", uuid.UUID(payload["id"]))
    assert shown is not None
    assert (shown["owner_id"], shown["customer_id"], shown["done_at"]) == (ME, customer["id"], None)
    assert "card number in the note was masked" in window.status_bar.currentMessage()


def test_a_follow_up_needs_work_in_front(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = window_at(qtbot, store, desk_settings, Clock())
    window.follow_up_action.trigger()
    assert window.follow_ups.dialog is None
    assert window.status_bar.currentMessage() == "Open an interaction or a ticket to follow it up."
    assert window.follow_up_action.shortcut().toString() == "Ctrl+Shift+F"
    assert window.follow_up_action in window.work_menu.actions()


def _follow_ups(
    qtbot: QtBot, store: LocalStore, clock: Clock, *, supervisor: bool = False
) -> tuple[FollowUps, list[str]]:
    notifier, told, parent = recording_notifier(qtbot)
    profile = (SUPERVISOR if supervisor else SESSION).profile
    follow_ups = FollowUps(
        store=store,
        profile=profile,
        directory=UserDirectory(store=store, direct=None),
        notifier=notifier,
        wake=lambda: None,
        clock=clock,
        parent=parent,
    )
    follow_ups.page.setParent(parent)
    follow_ups.start()
    return follow_ups, told.messages


def test_a_reminder_fires_once_when_its_time_comes_and_again_after_a_snooze(
    qtbot: QtBot, store: LocalStore
) -> None:
    clock = Clock()
    mine = follow_up(timedelta(minutes=10))
    theirs = follow_up(timedelta(minutes=-5), owner_id=COLLEAGUE)
    feed(store, ("follow_up", mine), ("follow_up", theirs))
    follow_ups, told = _follow_ups(qtbot, store, clock)
    counts: list[int] = []
    follow_ups.countChanged.connect(counts.append)
    assert told == []  # a colleague's follow-up is not mine to be reminded of
    assert follow_ups.driver.timer.isActive()  # it looks again within 30 s
    clock.now = NOW + timedelta(minutes=10)
    follow_ups.driver.check()
    assert len(told) == 1
    assert told[0].startswith("Follow-up due: Reminder")
    assert "Check the refund landed" in told[0]
    clock.now += timedelta(minutes=1)
    follow_ups.driver.check()
    assert len(told) == 1  # once per due time
    assert counts[-1] == 1
    assert len(follow_ups.page.due_texts()) == 1
    follow_ups.page.snooze_button.click()
    (snoozed,) = ops(store, "followup.set")
    assert parse_time(snoozed["due_at"]) == clock.now + timedelta(minutes=15)
    assert (snoozed["id"], snoozed["kind"]) == (mine["id"], "reminder")
    assert "done" not in snoozed
    assert follow_ups.page.due_texts() == []
    assert counts[-1] == 0
    clock.now += timedelta(minutes=15)
    follow_ups.driver.check()
    assert len(told) == 2  # the snoozed time came: reminded again
    assert len(follow_ups.page.due_texts()) == 1


def test_the_timer_wakes_exactly_when_the_next_one_falls_due(
    qtbot: QtBot, store: LocalStore
) -> None:
    feed(store, ("follow_up", follow_up(timedelta(seconds=5))))
    follow_ups, _told = _follow_ups(qtbot, store, Clock())
    assert follow_ups.driver.timer.interval() == 5_001  # not the 30 s poll


def test_done_queues_the_op_and_the_follow_up_leaves_the_list(
    qtbot: QtBot, store: LocalStore
) -> None:
    clock = Clock()
    older = follow_up(timedelta(hours=-2), note="older")
    newer = follow_up(timedelta(minutes=-1), note="newer", kind="callback", phone="+12025550143")
    later = follow_up(timedelta(hours=3), note="later")
    feed(store, *(("follow_up", r) for r in (newer, later, older)))
    follow_ups, told = _follow_ups(qtbot, store, clock)
    texts = follow_ups.page.due_texts()
    assert [t.rsplit(" · ", 1)[1] for t in texts] == ["older", "newer"]  # oldest first
    assert texts[1].startswith("Call back · ")
    assert "+12025550143" in texts[1]
    assert len(told) == 2  # both were due when the desk opened
    follow_ups.page.done_button.click()
    (done,) = ops(store, "followup.set")
    assert (done["id"], done["done"], done["due_at"]) == (older["id"], True, older["due_at"])
    record = store.record("follow_up", uuid.UUID(older["id"]))
    assert record is not None
    assert parse_time(record["done_at"]) == NOW
    assert [t.rsplit(" · ", 1)[1] for t in follow_ups.page.due_texts()] == ["newer"]


def test_a_supervisor_sees_the_teams_overdue_follow_ups(qtbot: QtBot, store: LocalStore) -> None:
    late = follow_up(timedelta(minutes=-45), owner_id=COLLEAGUE, note="late one")
    fresh = follow_up(timedelta(minutes=-10), owner_id=COLLEAGUE, note="just due")
    finished = follow_up(timedelta(hours=-3), owner_id=COLLEAGUE, done_at=NOW.isoformat())
    own = follow_up(timedelta(hours=-1), owner_id=str(SUPERVISOR.profile.user_id), note="mine")
    feed(store, *(("follow_up", r) for r in (late, fresh, finished, own)))
    remember_directory(store, (COLLEAGUE, "ann", "Ann Smith"))
    follow_ups, _told = _follow_ups(qtbot, store, Clock(), supervisor=True)
    (overdue,) = follow_ups.page.team_texts()
    assert overdue.startswith("Ann Smith · Reminder")
    assert overdue.endswith("late one")
    assert [t.rsplit(" · ", 1)[1] for t in follow_ups.page.due_texts()] == ["mine"]


def test_a_rep_has_no_team_list(qtbot: QtBot, store: LocalStore) -> None:
    follow_ups, _told = _follow_ups(qtbot, store, Clock())
    assert follow_ups.page.team is None


class _Tray(QSystemTrayIcon):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str]] = []

    def showMessage(self, title: str, msg: str, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        self.shown.append((title, msg))


def test_the_tray_tells_where_there_is_one_and_the_status_bar_where_not(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    tray = _Tray()
    fallen_back: list[str] = []
    Notifier(parent, fallback=fallen_back.append, tray=tray).notify("Follow-up due", "Call Ada")
    assert tray.shown == [("Follow-up due", "Call Ada")]
    assert fallen_back == []
    # offscreen there is no tray: a follow-up due when the desk opens shows in the status bar
    feed(store, ("follow_up", follow_up(timedelta(minutes=-1), note="Call Ada")))
    window = window_at(qtbot, store, desk_settings, Clock())
    assert window.notifier.tray is None
    assert window.status_bar.currentMessage().startswith("Follow-up due: Reminder")
    due_tab = window.left_tabs.indexOf(window.follow_ups.page)
    assert window.left_tabs.tabText(due_tab) == "&Due (1)"


def test_open_shows_the_customer_of_a_finished_interaction(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer(name="Ada King")
    call = active(customer_id=customer["id"], status="done")
    due = follow_up(timedelta(minutes=-1), subject_id=call["id"], customer_id=customer["id"])
    feed(store, ("customer", customer), ("interaction", call), ("follow_up", due))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.follow_ups.page.open_button.click()
    assert window.customers.view(uuid.UUID(customer["id"])) is not None
    assert window.tabs.current_interaction() is None


def test_a_reminder_on_the_ticket_in_front_offers_the_customers_first_phone(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer(name="Ada King")
    ticket = {
        "id": str(uuid.uuid4()),
        "number": 1042,
        "subject": "Parcel lost",
        "status": "open",
        "priority": "normal",
        "customer_id": customer["id"],
        "checklist": [],
        "version": 1,
    }
    feed(store, ("customer", customer), ("ticket", ticket))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.tickets.open(uuid.UUID(ticket["id"]))
    dialog = _dialog(window)
    assert dialog.windowTitle() == "Follow up: Ticket 1042 · Parcel lost"
    assert dialog.phone.text() == "+12025550143"  # the customer's first phone
    dialog.ok_button.click()
    (payload,) = ops(store, "followup.set")
    assert (payload["subject_type"], payload["subject_id"]) == ("ticket", ticket["id"])
    assert (payload["kind"], "phone" in payload) == ("reminder", False)
    assert parse_time(payload["due_at"]) == _tomorrow_nine(NOW)
    assert window.follow_ups.page.due_texts() == []  # due tomorrow: not yet
