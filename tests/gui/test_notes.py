"""Internal notes: @ completion from the remembered user directory, mentions shown resolved as
typed, card numbers masked before the op with the rep told; collision banners from the server."""

import json
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_app.client.api import ApiError
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.notes.dialog import NoteDialog
from desk_app.gui.notes.directory import DIRECTORY_KEY, UserDirectory
from desk_app.gui.notes.editor import NoteEditor
from desk_app.gui.notes.section import NotesSection
from desk_app.gui.tickets.collisions import CollisionWatch
from tests.gui import offer_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.test_main_window import USER_ID, active, active_window, feed
from tests.gui.test_tickets import COLLEAGUE_ID, open_ticket, ops, store, ticket

__all__ = ["store"]  # the fixture

USERS = [
    {
        "id": str(COLLEAGUE_ID),
        "username": "ann.smith",
        "display_name": "Ann Smith",
        "team_id": None,
        "department": "billing",
    },
    {
        "id": str(USER_ID),
        "username": "rep",
        "display_name": "Rep One",
        "team_id": None,
        "department": None,
    },
]


class FakeApi:
    """The server's answers, for :class:`DirectCalls` (which clones its API per thread)."""

    def __init__(self, others: list[dict[str, Any]] | None = None) -> None:
        self.others = others or []
        self.asked: list[tuple[list[uuid.UUID], list[uuid.UUID]]] = []

    def clone(self) -> "FakeApi":
        return self

    def close(self) -> None:
        pass

    def users_directory(self) -> list[dict[str, Any]]:
        return USERS

    def collisions(
        self, customer_ids: list[uuid.UUID], ticket_ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        self.asked.append((customer_ids, ticket_ids))
        return self.others


@pytest.fixture
def directory(store: LocalStore) -> UserDirectory:
    store.save_draft(DIRECTORY_KEY, json.dumps(USERS))
    return UserDirectory(store=store, direct=None)


def _section(qtbot: QtBot, store: LocalStore, directory: UserDirectory) -> NotesSection:
    section = NotesSection(
        store=store,
        directory=directory,
        user_id=USER_ID,
        subject_type="interaction",
        subject_id=uuid.uuid4(),
    )
    qtbot.addWidget(section)
    section.show()
    qtbot.waitExposed(section)
    return section


def test_at_completes_a_colleague_and_the_mentions_show_resolved_as_typed(
    qtbot: QtBot, store: LocalStore, directory: UserDirectory
) -> None:
    section = _section(qtbot, store, directory)
    editor = section.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Please check @an")
    completer = editor.completer
    assert completer.popup().isVisible()
    assert completer.currentCompletion() == "ann.smith"
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.toPlainText() == "Please check @ann.smith "
    assert not completer.popup().isVisible()
    qtbot.keyClicks(editor, "and @billing, @bob")
    assert section.reach.text() == ("Reaches: Ann Smith (@ann.smith), Billing · not found: @bob")
    qtbot.keyClicks(editor, " @fin")  # department aliases complete too
    assert completer.currentCompletion() == "finance"


def test_a_card_number_in_a_note_is_masked_before_the_op_and_the_rep_told(
    qtbot: QtBot, store: LocalStore, directory: UserDirectory
) -> None:
    section = _section(qtbot, store, directory)
    told: list[str] = []
    section.message.connect(told.append)
    qtbot.keyClicks(section.editor, "@ann.smith refund to 4111-1111-1111-1111, order 1234567890123")
    qtbot.keyClick(section.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ((payload, _),) = ops(store, "note.add")
    masked = "@ann.smith refund to •••• 1111, order 1234567890123"
    assert payload == {
        "id": payload["id"],
        "subject_type": "interaction",
        "subject_id": str(section.subject_id),
        "body": masked,
    }
    assert told == [f"Card number masked: the note was saved as “{masked}”."]
    assert section.notice.isVisible()
    assert section.editor.toPlainText() == ""
    assert section.notes.count() == 1  # there at once, offline
    assert section.notes.item(0).text().startswith("Rep One · ")
    assert section.notes.item(0).text().endswith(masked)
    note = store.record("note", uuid.UUID(payload["id"]))
    assert note is not None
    assert note["mentioned"] == ["ann.smith"]


def test_an_empty_note_is_not_queued(
    qtbot: QtBot, store: LocalStore, directory: UserDirectory
) -> None:
    section = _section(qtbot, store, directory)
    section.add_button.click()
    assert section.notice.text() == "Write the note first."
    assert ops(store, "note.add") == []


def test_the_directory_is_asked_off_the_ui_thread_and_remembered_for_offline(
    qtbot: QtBot, store: LocalStore
) -> None:
    direct = DirectCalls(FakeApi())  # type: ignore[arg-type]
    directory = UserDirectory(store=store, direct=direct)
    direct.setParent(directory)
    assert directory.usernames() == []
    with qtbot.waitSignal(directory.changed, timeout=LONG_WAIT_MS):
        directory.refresh()
    assert directory.name_of(COLLEAGUE_ID) == "Ann Smith"
    directory.sync_status(SyncStatus(online=False))
    with qtbot.waitSignal(directory.changed, timeout=LONG_WAIT_MS):
        directory.sync_status(SyncStatus(online=True))  # back online: asked again
    offline = UserDirectory(store=store, direct=None)  # the next start, no server
    assert offline.usernames() == ["ann.smith", "rep"]
    editor = NoteEditor(offline)
    qtbot.addWidget(editor)
    assert {editor.candidates.item(row).text() for row in range(editor.candidates.rowCount())} >= {
        "@ann.smith  Ann Smith",
        "@billing  Billing",
    }


def test_a_note_on_the_ticket_in_front_joins_its_history(
    qtbot: QtBot, store: LocalStore, directory: UserDirectory, desk_settings: QSettings
) -> None:
    record = ticket()
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    qtbot.keyClick(
        view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.tickets.dialog
    assert isinstance(dialog, NoteDialog)
    assert dialog.windowTitle() == "Internal note — Ticket T-1001"
    dialog.section.editor.setPlainText("Customer prefers email")
    dialog.section.add_button.click()
    ((payload, _),) = ops(store, "note.add")
    assert payload["subject_type"] == "ticket"
    assert payload["subject_id"] == record["id"]
    assert "Internal note · Rep One" in view.history.toPlainText()
    assert "Customer prefers email" in view.history.toPlainText()
    assert view.notes.notes.count() == 1


def test_an_internal_note_on_the_interaction_in_front(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = active()
    feed(store, ("interaction", call))
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    window.tickets.note_front()
    dialog = window.tickets.dialog
    assert isinstance(dialog, NoteDialog)
    assert dialog.section.subject_type == "interaction"
    assert dialog.section.subject_id == uuid.UUID(call["id"])
    assert "never shown to the customer" in dialog.section.heading.text()


def test_collision_banners_name_the_colleagues_on_the_same_customer_and_ticket(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer()
    record = ticket(customer_id=customer["id"])
    feed(store, ("customer", customer), ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    api = FakeApi(
        [
            {
                "user_id": str(COLLEAGUE_ID),
                "display_name": "Ann Smith",
                "subject_type": "customer",
                "subject_id": customer["id"],
                "activity": "viewing",
            },
            {
                "user_id": str(uuid.uuid4()),
                "display_name": "Bo Li",
                "subject_type": "customer",
                "subject_id": customer["id"],
                "activity": "on_call",
            },
            {
                "user_id": str(COLLEAGUE_ID),
                "display_name": "Ann Smith",
                "subject_type": "ticket",
                "subject_id": record["id"],
                "activity": "viewing",
            },
        ]
    )
    direct = DirectCalls(api)  # type: ignore[arg-type]
    watch = CollisionWatch(direct=direct, tabs=window.tabs, parent=window)
    direct.setParent(watch)
    page = window.customers.open(customer)
    view = open_ticket(window, record)
    qtbot.waitUntil(lambda: view.collision.isVisible(), timeout=LONG_WAIT_MS)
    assert view.collision.text() == (
        "Ann Smith also has this ticket open; Ann Smith also has this customer open; "
        "Bo Li is on the phone with this customer"
    )
    assert api.asked[-1] == ([uuid.UUID(customer["id"])], [uuid.UUID(record["id"])])
    banner = page.findChild(QLabel, "collisionBanner")
    assert isinstance(page, CustomerView)
    assert banner is not None
    assert banner.text() == (
        "Ann Smith also has this customer open; Bo Li is on the phone with this customer"
    )
    api.others = []
    window.tabs.close_page(view)  # the open set changed: asked again, banners cleared
    qtbot.waitUntil(lambda: not banner.isVisible() and banner.text() == "", timeout=LONG_WAIT_MS)
    assert api.asked[-1] == ([uuid.UUID(customer["id"])], [])


class OfflineApi(FakeApi):
    def collisions(
        self, customer_ids: list[uuid.UUID], ticket_ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        self.asked.append((customer_ids, ticket_ids))
        raise ApiError(None, "the server could not be reached (ConnectionError)")


def test_offline_the_collision_poll_is_silent_and_asks_again_on_the_next_change(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer()
    feed(store, ("customer", customer))
    window = active_window(qtbot, store, desk_settings)
    api = OfflineApi()
    direct = DirectCalls(api)  # type: ignore[arg-type]
    watch = CollisionWatch(direct=direct, tabs=window.tabs, parent=window)
    direct.setParent(watch)
    page = window.customers.open(customer)
    qtbot.waitUntil(lambda: len(api.asked) == 1, timeout=LONG_WAIT_MS)
    watch.check()  # never told: the same pages are sent again (once the first answer is in)
    qtbot.waitUntil(lambda: len(api.asked) == 2, timeout=LONG_WAIT_MS)
    assert page.findChild(QLabel, "collisionBanner") is None
    assert window.status_bar.currentMessage() == ""
