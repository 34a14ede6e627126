"""Handover at sign-in: the last shift's notes until acknowledged, and leaving one."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.session import DeskSession
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.gui.app import DeskApp
from desk_app.gui.handover.dialog import HandoverDialog
from desk_app.gui.main_window import MainWindow
from tests.gui.collab_records import (
    COLLEAGUE,
    ME,
    ack,
    handover_note,
    ops,
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


def _dialog(window: MainWindow) -> HandoverDialog:
    dialog = window.handover.dialog
    assert dialog is not None
    return dialog


def test_only_the_notes_left_for_me_are_shown_and_acknowledging_hides_them(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ticket = {"id": str(uuid.uuid4()), "number": 1042, "subject": "Parcel lost", "version": 1}
    first = handover_note(
        "The printer is jammed", created_at=(NOW - timedelta(hours=3)).isoformat()
    )
    about_ticket = handover_note("Ada calls back at 10", ticket_id=ticket["id"])
    mine = handover_note("I wrote this", author_id=ME)
    done = handover_note("Already sorted", done=True)
    read = handover_note("Read yesterday")
    read_by_another = handover_note("Read by Ann only")
    records = [("ticket", ticket)]
    records += [("handover_note", n) for n in (first, about_ticket, mine, done, read)]
    records += [("handover_note", read_by_another)]
    records += [("handover_ack", ack(read)), ("handover_ack", ack(read_by_another, COLLEAGUE))]
    feed(store, *records)
    remember_directory(store, (COLLEAGUE, "bob", "Bob Night"))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.show_handover()
    dialog = _dialog(window)
    assert dialog.windowTitle() == "From the last shift"
    assert dialog.note_ids() == [first["id"], about_ticket["id"], read_by_another["id"]]
    assert "Bob Night" in dialog.buttons[first["id"]].accessibleName()
    assert "Ticket 1042 · Parcel lost" in dialog.buttons[about_ticket["id"]].accessibleName()
    dialog.buttons[about_ticket["id"]].click()
    assert ops(store, "handover.acknowledge") == [{"handover_id": about_ticket["id"]}]
    assert dialog.note_ids() == [first["id"], read_by_another["id"]]
    dialog.all_button.click()
    assert [p["handover_id"] for p in ops(store, "handover.acknowledge")] == [
        about_ticket["id"],
        first["id"],
        read_by_another["id"],
    ]
    assert window.handover.dialog is None  # nothing left: closed
    assert window.handover.pending() == []  # acknowledged here, offline: the acks wait


def test_notes_put_off_come_back_at_the_next_sign_in(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    note = handover_note("Till 3 is short by 5")
    feed(store, ("handover_note", note))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.show_handover()
    _dialog(window).later_button.click()
    assert window.handover.dialog is None
    assert ops(store, "handover.acknowledge") == []
    window.close()
    again = window_at(qtbot, store, desk_settings, Clock())
    again.show_handover()
    assert _dialog(again).note_ids() == [note["id"]]


def test_notes_arriving_with_the_first_catch_up_are_shown_later_ones_wait(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    clock = Clock()
    window = window_at(qtbot, store, desk_settings, clock)
    window.show_handover()
    assert window.handover.dialog is None  # nothing cached yet
    overnight = handover_note("Night shift: the van is late")
    window.show_changes(feed(store, ("handover_note", overnight)))
    dialog = _dialog(window)
    assert dialog.note_ids() == [overnight["id"]]
    dialog.later_button.click()
    window.handover.sync_status(SyncStatus(online=True, last_synced_at=clock.now))
    window.show_changes(feed(store, ("handover_note", handover_note("Mid-shift note"))))
    assert window.handover.dialog is None  # written during my shift: for the next sign-in


def test_leaving_a_note_queues_it_masked_and_about_the_ticket_in_front(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = active()
    feed(store, ("interaction", call))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.open_interaction(uuid.UUID(call["id"]))
    assert window.ticket_in_front() is None  # an interaction in front: no ticket
    assert window.leave_handover_action in window.desk_menu.actions()
    window.leave_handover_action.trigger()
    dialog = window.handover.leave_dialog
    assert dialog is not None
    assert not dialog.about_ticket
    dialog.text.setPlainText("Refund for card 4111 1111 1111 1111 still pending")
    dialog.accept()
    (left,) = ops(store, "handover.add")
    assert left == {"id": left["id"], "body": "Refund for card •••• 1111 still pending"}
    assert "card number in it was masked" in window.status_bar.currentMessage()
    ticket = {"id": str(uuid.uuid4()), "number": 7, "subject": "Van late", "status": "open"}
    feed(store, ("ticket", {**ticket, "priority": "normal", "checklist": [], "version": 1}))
    ticket_id = uuid.UUID(ticket["id"])
    window.tickets.open(ticket_id)
    assert window.ticket_in_front() == ticket_id
    window.leave_handover_action.trigger()
    dialog = window.handover.leave_dialog
    assert dialog is not None
    assert dialog.about_ticket
    dialog.text.setPlainText("Waiting on the carrier")
    dialog.accept()
    assert ops(store, "handover.add")[1]["ticket_id"] == str(ticket_id)
    note = store.record("handover_note", uuid.UUID(left["id"]))
    assert note is not None
    assert note["author_id"] == ME


def test_signing_in_shows_the_last_shifts_notes(
    qtbot: QtBot, data_dir: Path, desk: DeskApp
) -> None:
    session = DeskSession(
        SESSION.server_url, SESSION.username, SESSION.token, SESSION.profile, offline=True
    )
    store = LocalStore.open(session.store_file(data_dir))
    note = handover_note("Keys are in the drawer")
    feed(store, ("handover_note", note))
    store.close()
    with qtbot.waitSignal(desk.windowOpened) as opened:
        desk.open_window(session)
    window: MainWindow = opened.args[0]
    assert _dialog(window).note_ids() == [note["id"]]


def test_a_note_shown_before_the_directory_came_gets_its_author_s_name_when_it_does(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    note = handover_note("The printer is jammed")
    feed(store, ("handover_note", note))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.show_handover()
    button = _dialog(window).buttons[note["id"]]
    assert button.accessibleName().startswith("Acknowledge: A colleague ·")
    window.directory._came([_bob()], None)  # the server's answer
    assert button.accessibleName().startswith("Acknowledge: Bob Night ·")


def _bob() -> dict[str, object]:
    return {
        "id": COLLEAGUE,
        "username": "bob",
        "display_name": "Bob Night",
        "team_id": None,
        "department": None,
    }
