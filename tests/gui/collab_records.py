"""Follow-up, mention, question and handover records as the feed carries them, for D2's tests.

Also a window on an injectable clock, a remembered user directory and a
notifier that records what it would have shown.
"""

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk_app.client.session import DeskSession, Profile
from desk_app.client.store import LocalStore
from desk_app.domain.ids import new_id
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.main_window import MainWindow
from desk_app.gui.notes.directory import DIRECTORY_KEY
from desk_app.gui.sync_thread import SyncBridge
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, USER_ID

ME = str(USER_ID)
COLLEAGUE = str(uuid.uuid4())
SUPERVISOR_ID = uuid.uuid4()
SUPERVISOR = DeskSession(
    "http://127.0.0.1:9",
    "sam",
    "token",
    Profile(SUPERVISOR_ID, "Sam Super", "supervisor", "US", "Northwind Goods"),
)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def follow_up(due: timedelta, **fields: Any) -> dict[str, Any]:
    """One of mine, ``due`` after :data:`NOW` (negative: already due)."""
    record: dict[str, Any] = {
        "id": str(new_id()),
        "subject_type": "interaction",
        "subject_id": str(new_id()),
        "customer_id": None,
        "owner_id": ME,
        "team_id": None,
        "store_id": None,
        "kind": "reminder",
        "due_at": iso(NOW + due),
        "phone": None,
        "note": "Check the refund landed",
        "done_at": None,
        "interaction_id": None,
        "version": 1,
        "created_at": iso(NOW - timedelta(days=1)),
        "updated_at": iso(NOW - timedelta(days=1)),
    }
    record.update(fields)
    return record


def mention(ago: timedelta, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(new_id()),
        "note_id": str(new_id()),
        "user_id": ME,
        "author_id": COLLEAGUE,
        "department": None,
        "subject_type": "ticket",
        "subject_id": str(new_id()),
        "excerpt": "@rep can you call her back?",
        "created_at": iso(NOW - ago),
        "read_at": None,
    }
    record.update(fields)
    return record


def question(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(new_id()),
        "subject_type": "interaction",
        "subject_id": str(new_id()),
        "asked_by_id": ME,
        "team_id": None,
        "store_id": None,
        "body": "May I refund shipping?",
        "asked_at": iso(NOW - timedelta(minutes=5)),
        "answer": None,
        "answered_by_id": None,
        "answered_at": None,
        "version": 1,
        "created_at": iso(NOW - timedelta(minutes=5)),
        "updated_at": iso(NOW - timedelta(minutes=5)),
    }
    record.update(fields)
    return record


def handover_note(body: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(new_id()),
        "author_id": COLLEAGUE,
        "team_id": str(uuid.uuid4()),
        "store_id": None,
        "body": body,
        "done": False,
        "ticket_id": None,
        "version": 1,
        "created_at": iso(NOW - timedelta(hours=1)),
        "updated_at": iso(NOW - timedelta(hours=1)),
    }
    record.update(fields)
    return record


def ack(note: dict[str, Any], user_id: str = ME) -> dict[str, Any]:
    return {"id": str(new_id()), "note_id": note["id"], "user_id": user_id, "at": iso(NOW)}


def remember_directory(store: LocalStore, *people: tuple[str, str, str]) -> None:
    """The user directory as the desk remembers it: (id, username, display name)."""
    users = [
        {"id": i, "username": u, "display_name": n, "team_id": None, "department": None}
        for i, u, n in people
    ]
    store.save_draft(DIRECTORY_KEY, json.dumps(users))


def ops(store: LocalStore, kind: str) -> list[dict[str, Any]]:
    """The payloads of the ``kind`` ops waiting in the outbox (the desk is offline)."""
    return [op.payload for op in store.replica.pending(100) if op.kind == kind]


def window_at(
    qtbot: QtBot,
    store: LocalStore,
    settings: QSettings,
    clock: Clock,
    session: DeskSession = SESSION,
) -> MainWindow:
    """The window on ``clock``, shown and active, its sync thread never started (offline)."""
    window = MainWindow(session, store, SyncBridge(), settings, clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


class Told:
    """A notifier's fallback that keeps what it was told (no tray offscreen)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, text: str) -> None:
        self.messages.append(text)


def recording_notifier(qtbot: QtBot) -> tuple[Notifier, Told, QWidget]:
    parent = QWidget()
    qtbot.addWidget(parent)
    told = Told()
    return Notifier(parent, fallback=told, use_tray=False), told, parent
