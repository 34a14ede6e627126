"""Ask my supervisor: the question on the work in front, the answer coming back by the feed."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from tests.gui import offer_records
from tests.gui.collab_records import (
    COLLEAGUE,
    ME,
    SUPERVISOR,
    SUPERVISOR_ID,
    ops,
    question,
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


def test_a_rep_asks_offline_and_sees_the_answer_when_it_arrives(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer(name="Ada King")
    chat = active(channel="chat", customer_id=customer["id"])
    feed(store, ("customer", customer), ("interaction", chat))
    remember_directory(store, (str(SUPERVISOR_ID), "sam", "Sam Super"))
    window = window_at(qtbot, store, desk_settings, Clock())
    window.open_interaction(uuid.UUID(chat["id"]))
    assert window.ask_action.shortcut().toString() == "Ctrl+Shift+A"
    window.ask_action.trigger()
    dialog = window.inbox.dialog
    assert dialog is not None
    dialog.ok_button.click()
    assert dialog.error.text() == "Write the question first."
    dialog.body.setPlainText("She read me 4111-1111-1111-1111: may I refund shipping?")
    dialog.ok_button.click()
    (asked,) = ops(store, "question.ask")
    assert asked == {
        "id": asked["id"],
        "subject_type": "interaction",
        "subject_id": chat["id"],
        "body": "She read me •••• 1111: may I refund shipping?",
    }
    assert "card number in it was masked" in window.status_bar.currentMessage()
    assert window.inbox.page.question_texts() == [
        "Waiting for an answer · Chat with Ada King: She read me •••• 1111: may I refund shipping?"
    ]
    assert window.inbox.page.team is None  # a rep has no team questions
    # back online the question is sent; later the answer comes through the feed
    sent = question(id=asked["id"], subject_id=chat["id"], body=asked["body"])
    (op,) = store.replica.pending(10)
    store.replica.settle([{"op_id": str(op.op_id), "status": "applied", "record": sent}])
    answered = {
        **sent,
        "asked_by_id": ME,
        "answer": "Yes, refund it.",
        "answered_by_id": str(SUPERVISOR_ID),
        "answered_at": NOW.isoformat(),
        "version": 2,
    }
    window.show_changes(feed(store, ("question", answered)))
    assert window.status_bar.currentMessage() == "Your supervisor answered: Yes, refund it."
    (text,) = window.inbox.page.question_texts()
    assert text.startswith("Answered · Chat with Ada King")
    assert text.endswith("→ Sam Super: Yes, refund it.")
    window.show_changes(feed(store, ("question", {**answered, "version": 3})))
    assert window.status_bar.currentMessage() == "Your supervisor answered: Yes, refund it."


def test_a_supervisor_answers_the_teams_open_questions(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    waiting = question(asked_by_id=COLLEAGUE, body="May I waive the fee?")
    done = question(asked_by_id=COLLEAGUE, body="Old one", answer="No")
    feed(store, ("question", waiting), ("question", done))
    remember_directory(store, (COLLEAGUE, "ann", "Ann Smith"))
    window = window_at(qtbot, store, desk_settings, Clock(), SUPERVISOR)
    page = window.inbox.page
    assert page.team is not None
    assert page.answer is not None
    assert page.answer_button is not None
    assert page.team_texts() == ["Ann Smith · Interaction: May I waive the fee?"]
    inbox_tab = window.left_tabs.indexOf(page)
    assert window.left_tabs.tabText(inbox_tab) == "&Inbox (1)"
    page.answer.setPlainText("Yes, this once.")
    page.answer_button.click()
    assert ops(store, "question.answer") == [
        {"question_id": waiting["id"], "answer": "Yes, this once."}
    ]
    shown = store.record("question", uuid.UUID(waiting["id"]))
    assert shown is not None
    assert (shown["answer"], shown["answered_by_id"]) == ("Yes, this once.", str(SUPERVISOR_ID))
    assert page.team_texts() == []
    assert window.left_tabs.tabText(inbox_tab) == "&Inbox"
    assert window.status_bar.currentMessage() == "Answer sent."
