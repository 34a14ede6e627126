"""The mentions inbox: unread first, named from the directory, read (an op) when opened."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.gui.inbox.coordinator import Inbox
from desk_app.gui.notes.directory import UserDirectory
from tests.gui import offer_records
from tests.gui.collab_records import (
    COLLEAGUE,
    mention,
    ops,
    recording_notifier,
    remember_directory,
    window_at,
)
from tests.gui.offer_records import NOW, Clock
from tests.gui.test_main_window import SESSION, feed


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _inbox(qtbot: QtBot, store: LocalStore) -> tuple[Inbox, list[str]]:
    notifier, told, parent = recording_notifier(qtbot)
    inbox = Inbox(
        store=store,
        profile=SESSION.profile,
        directory=UserDirectory(store=store, direct=None),
        notifier=notifier,
        wake=lambda: None,
        clock=Clock(),
        parent=parent,
    )
    inbox.page.setParent(parent)
    inbox.start()
    return inbox, told.messages


def _ticket(number: int, subject: str) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "number": number, "subject": subject, "version": 1}


def test_mentions_are_listed_unread_first_with_author_and_subject(
    qtbot: QtBot, store: LocalStore
) -> None:
    ticket = _ticket(1042, "Parcel lost")
    stranger = str(uuid.uuid4())
    read = mention(timedelta(minutes=1), read_at=NOW.isoformat(), excerpt="old news")
    unread = mention(timedelta(hours=2), subject_id=ticket["id"], excerpt="@rep call her")
    someone_elses = mention(timedelta(minutes=3), user_id=str(uuid.uuid4()), excerpt="not mine")
    by_stranger = mention(timedelta(hours=3), author_id=stranger, excerpt="who am I")
    feed(store, ("ticket", ticket), *(("mention", m) for m in (read, unread, someone_elses)))
    feed(store, ("mention", by_stranger))
    remember_directory(store, (COLLEAGUE, "ann", "Ann Smith"))
    inbox, told = _inbox(qtbot, store)
    assert inbox.page.mention_texts() == [
        "Ann Smith on Ticket 1042 · Parcel lost: @rep call her",
        "A colleague on Ticket: who am I",  # not in the directory (yet)
        "Ann Smith on Ticket: old news",
    ]
    assert inbox.page.mentions.item(0).font().bold()
    assert not inbox.page.mentions.item(2).font().bold()
    assert told == []  # what the desk already had is not announced


def test_a_new_mention_is_announced_once(qtbot: QtBot, store: LocalStore) -> None:
    remember_directory(store, (COLLEAGUE, "ann", "Ann Smith"))
    inbox, told = _inbox(qtbot, store)
    counts: list[int] = []
    inbox.countChanged.connect(counts.append)
    arrived = mention(timedelta(0), excerpt="@rep the customer is back")
    inbox.records_changed(feed(store, ("mention", arrived)))
    assert told == ["Ann Smith mentioned you: @rep the customer is back"]
    assert counts[-1] == 1
    inbox.records_changed(feed(store, ("mention", {**arrived, "excerpt": "edited"})))
    assert len(told) == 1


def test_opening_a_mention_marks_it_read_offline_and_opens_its_subject(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer(name="Ada King")
    note = mention(timedelta(minutes=2), subject_type="customer", subject_id=customer["id"])
    feed(store, ("customer", customer), ("mention", note))
    window = window_at(qtbot, store, desk_settings, Clock())
    inbox_tab = window.left_tabs.indexOf(window.inbox.page)
    assert window.left_tabs.tabText(inbox_tab) == "&Inbox (1)"
    assert window.inbox.page.mention_texts() == [
        "A colleague on Customer Ada King: @rep can you call her back?"
    ]
    window.inbox.page.open_button.click()
    assert ops(store, "mention.read") == [{"mention_id": note["id"]}]
    shown = store.record("mention", uuid.UUID(note["id"]))
    assert shown is not None
    assert shown["read_at"] == NOW.isoformat()
    assert not window.inbox.page.mentions.item(0).font().bold()
    assert window.left_tabs.tabText(inbox_tab) == "&Inbox"
    assert window.customers.view(uuid.UUID(customer["id"])) is not None
    window.inbox.page.open_button.click()  # already read: opened again, no second op
    assert len(ops(store, "mention.read")) == 1


def test_a_mention_on_a_ticket_opens_the_ticket(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ticket = {**_ticket(1042, "Parcel lost"), "status": "open", "priority": "normal"}
    feed(store, ("ticket", {**ticket, "checklist": []}), ("mention", mention(timedelta(0))))
    note = mention(timedelta(minutes=1), subject_id=ticket["id"])
    feed(store, ("mention", note))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.inbox.open_mention(note)
    assert window.ticket_in_front() == uuid.UUID(str(ticket["id"]))
