"""The reply box: canned answers by trigger, placeholders, masking, macros, drafts, sending.

The first tests run the window on a store fed by hand (no server: the ops
stay in the outbox, where they are read); the last one signs a rep in to a
live server and follows a reply and a macro all the way there.
"""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.store import LocalStore
from desk_app.domain.ids import new_id
from desk_app.gui.main_window import MainWindow
from desk_app.gui.records import parse_time
from desk_app.gui.reply.box import ReplyBox, draft_key
from desk_app.gui.sync_thread import SyncBridge
from tests.gui import offer_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.customer_desk import open_desk
from tests.gui.live_desk import TIMEOUT, LiveDesk
from tests.gui.test_main_window import SESSION, active, feed

RETURN_BODY = (
    "Hi {customer.first_name}, I have sent a return label for order {order.number} to "
    "[[email address]]. Please drop the parcel off by [[date]]."
)


def _answer(title: str, shortcut: str, body: str, **fields: Any) -> dict[str, Any]:
    record = {
        "id": str(new_id()),
        "title": title,
        "body": body,
        "shortcut": shortcut,
        "channel": None,
        "category": None,
        "team_id": None,
        "version": 1,
    }
    return {**record, **fields}


ANSWERS = [
    _answer("Return label sent", "return", RETURN_BODY),
    _answer("Retail store hours", "retail", "Our stores open at 9."),
    _answer("Refund issued", "refund", "Your refund is on its way."),
    _answer("Voice only", "retvoice", "Not for chats.", channel="voice"),
    _answer("Other team's", "retother", "Not for this team.", team_id=str(uuid.uuid4())),
]
MACRO = {
    "id": str(new_id()),
    "title": "Parcel lost",
    "shortcut": "lost",
    "channel": "chat",
    "team_id": None,
    "actions": [
        {"do": "insert_answer", "shortcut": "refund"},
        {"do": "set_category", "category": "shipping"},
        {"do": "set_follow_up", "in_hours": 24},
        {"do": "add_tag", "tag": "lost-parcel"},
    ],
    "version": 1,
}


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, store: LocalStore, desk_settings: QSettings) -> MainWindow:
    window = MainWindow(SESSION, store, SyncBridge(), desk_settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the window's shortcuts (Ctrl+M) need it
    return window


def _open_chat(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> tuple[dict[str, Any], ReplyBox]:
    customer = offer_records.customer(name="Ada King")
    order = {
        "id": str(new_id()),
        "number": "SO-20417",
        "customer_id": customer["id"],
        "status": "shipped",
        "placed_at": offer_records.at(-86_400),
        "currency": "USD",
        "total_cents": 4999,
        "shipments": [],
        "version": 1,
    }
    chat = active(channel="chat", customer_id=customer["id"], tags=[])
    records = [("customer", customer), ("order", order), ("interaction", chat)]
    records += [("canned_answer", a) for a in ANSWERS] + [("macro", MACRO)]
    window.show_changes(feed(store, *records))
    window.open_interaction(uuid.UUID(chat["id"]))
    box = window.replies.box(uuid.UUID(chat["id"]))
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return chat, box


def _type(qtbot: QtBot, box: ReplyBox, text: str) -> None:
    box.editor.setFocus()
    qtbot.keyClicks(box.editor, text)


def _outbox(store: LocalStore, kind: str) -> list[dict[str, Any]]:
    return [op.payload for op in store.replica.pending(50) if op.kind == kind]


def test_a_trigger_opens_the_answers_of_this_channel_and_team(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    _, box = _open_chat(qtbot, store, window)
    _type(qtbot, box, "Hello /ret")
    popup = box.editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert [a.title for a in box.editor.popup_answers()] == [
        "Retail store hours",
        "Return label sent",
    ]
    assert popup.currentIndex().row() == 0
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert popup.currentIndex().row() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Up)
    assert popup.currentIndex().row() == 0
    qtbot.keyClicks(box.editor, "u")  # filtered as the rep types
    assert [a.title for a in box.editor.popup_answers()] == ["Return label sent"]
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert box.editor.toPlainText() == "Hello /retu"


def test_enter_inserts_the_filled_answer_and_placeholders_must_be_filled(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    chat, box = _open_chat(qtbot, store, window)
    _type(qtbot, box, "/return")
    popup = box.editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    text = box.editor.toPlainText()
    assert text.startswith("Hi Ada, I have sent a return label for order SO-20417 to [[")
    assert box.editor.textCursor().selectedText() == "[[email address]]"
    qtbot.keyClicks(box.editor, "ada@example.com")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _outbox(store, "interaction.reply") == []  # refused: [[date]] is left
    assert "Fill in “date”" in box.notice.text()
    assert box.editor.textCursor().selectedText() == "[[date]]"
    qtbot.keyClicks(box.editor, "Friday. Card 4111 1111 1111 1111 noted")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (sent,) = _outbox(store, "interaction.reply")
    assert sent["interaction_id"] == chat["id"]
    assert sent["body"] == (
        "Hi Ada, I have sent a return label for order SO-20417 to ada@example.com. "
        "Please drop the parcel off by Friday. Card •••• 1111 noted."
    )
    assert "card number was masked" in box.notice.text()
    assert box.editor.toPlainText() == ""
    assert store.draft(draft_key(uuid.UUID(chat["id"]))) is None
    (shown,) = box.conversation.texts()
    assert shown.startswith("You · sending…\nHi Ada")


def test_several_answers_in_one_reply(qtbot: QtBot, store: LocalStore, window: MainWindow) -> None:
    _, box = _open_chat(qtbot, store, window)
    popup = box.editor.completer.popup()
    for shortcut in ("/refund", " /retail"):
        _type(qtbot, box, shortcut)
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert box.editor.toPlainText() == "Your refund is on its way. Our stores open at 9."


def test_a_macro_runs_its_actions_in_order_and_says_what_it_did(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    chat, box = _open_chat(qtbot, store, window)
    box.editor.setFocus()
    qtbot.keyClick(box.editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    picker = box.macro_picker
    assert picker is not None
    assert picker.titles() == ["Parcel lost  ·  lost"]
    qtbot.keyClicks(picker.filter, "zzz")
    assert picker.titles() == []
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "parc")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert box.editor.toPlainText() == "Your refund is on its way."
    (update,) = _outbox(store, "interaction.update")
    assert update["interaction_id"] == chat["id"]
    assert update["category"] == "shipping"
    assert update["tags"] == ["lost-parcel"]
    assert "follow_up_at" not in update
    (follow_up,) = _outbox(store, "followup.set")
    assert (follow_up["subject_type"], follow_up["subject_id"]) == ("interaction", chat["id"])
    assert follow_up["kind"] == "reminder"
    due_in = parse_time(follow_up["due_at"]) - datetime.now(UTC)
    assert timedelta(hours=23, minutes=59) < due_in <= timedelta(hours=24)
    reminder = store.record("follow_up", uuid.UUID(follow_up["id"]))
    assert reminder is not None
    assert reminder["owner_id"] == str(window.session.profile.user_id)
    notice = box.notice.text()
    for done in ("inserted “Refund issued”", "category set to “shipping”", "tagged “lost-parcel”"):
        assert done in notice
    shown = store.record("interaction", uuid.UUID(chat["id"]))
    assert shown is not None
    assert (shown["category"], shown["tags"]) == ("shipping", ["lost-parcel"])


def test_the_draft_is_kept_as_typed_and_back_when_the_tab_reopens(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    chat, box = _open_chat(qtbot, store, window)
    _type(qtbot, box, "Half a thought")
    interaction_id = uuid.UUID(chat["id"])
    assert store.draft(draft_key(interaction_id)) == "Half a thought"
    window.tabs.close_interaction(interaction_id)
    window.open_interaction(interaction_id)
    reopened = window.replies.box(interaction_id)
    assert reopened is not None
    assert reopened is not box
    assert reopened.editor.toPlainText() == "Half a thought"


def test_the_draft_goes_when_the_interaction_ends(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    chat, box = _open_chat(qtbot, store, window)
    _type(qtbot, box, "Never sent")
    interaction_id = uuid.UUID(chat["id"])
    window.show_changes(feed(store, ("interaction", {**chat, "status": "done", "version": 2})))
    assert store.draft(draft_key(interaction_id)) is None


def test_a_refused_reply_comes_back_to_the_editor_with_the_reason(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    _, box = _open_chat(qtbot, store, window)
    _type(qtbot, box, "First reply")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, box, "Next one")
    (sent,) = store.replica.pending(10)
    reason = "status: a done interaction takes no more replies"
    answer = {"op_id": str(sent.op_id), "status": "rejected", "reason": reason}
    window.show_changes(store.replica.settle([answer]))
    assert box.conversation.texts() == []
    assert box.editor.toPlainText() == "First reply\n\nNext one"
    assert reason in box.notice.text()
    assert store.rejected() == []  # told in place, not again in the status bar


def test_a_call_has_no_reply_box(qtbot: QtBot, store: LocalStore, window: MainWindow) -> None:
    call = active(channel="voice", call_state="connected")
    window.show_changes(feed(store, ("interaction", call)))
    window.open_interaction(uuid.UUID(call["id"]))
    assert window.replies.box(uuid.UUID(call["id"])) is None


def test_the_conversation_shows_the_customers_messages_as_they_arrive(
    qtbot: QtBot, store: LocalStore, window: MainWindow
) -> None:
    chat, box = _open_chat(qtbot, store, window)
    message = {
        "id": str(new_id()),
        "interaction_id": chat["id"],
        "author_id": None,
        "direction": "inbound",
        "body": "Where is my parcel?",
        "created_at": offer_records.at(1),
    }
    window.show_changes(feed(store, ("interaction_message", message)))
    (row,) = box.conversation.texts()
    assert row.startswith("Customer · ")
    assert row.endswith("\nWhere is my parcel?")


# --- all the way to a live server ----------------------------------------------------


def _admin_post(live: LiveDesk, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = requests.post(
        live.server.base + path, json=body, headers=live.server.login(), timeout=TIMEOUT
    )
    assert response.ok, response.text
    return dict(response.json())


def _server_messages(live: LiveDesk) -> dict[str, dict[str, Any]]:
    """The interaction messages on the server, read through the admin's change feed."""
    found: dict[str, dict[str, Any]] = {}
    after, more = 0, True
    while more:
        page = requests.get(
            live.server.base + "/sync/changes",
            params={"after": after, "limit": 500},
            headers=live.server.login(),
            timeout=TIMEOUT,
        ).json()
        for change in page["changes"]:
            if change["entity"] == "interaction_message" and change["record"]:
                found[change["id"]] = change["record"]
        after, more = page["last_seq"], page["has_more"]
    return found


def test_a_reply_and_a_macro_reach_the_server(
    qtbot: QtBot,
    desk: Any,
    live: LiveDesk,
    credentials: CredentialStore,
    rep: dict[str, Any],
) -> None:
    suffix = uuid.uuid4().hex[:6]
    _admin_post(
        live,
        "/canned-answers",
        {
            "title": f"Return label {suffix}",
            "shortcut": f"ret{suffix}",
            "body": "Your return label is attached: [[label number]].",
            "channel": "email",
        },
    )
    _admin_post(
        live,
        "/macros",
        {
            "title": f"Escalate billing {suffix}",
            "channel": "email",
            "actions": [
                {"do": "set_category", "category": "billing"},
                {"do": "add_tag", "tag": "escalated"},
            ],
        },
    )
    window = open_desk(qtbot, desk, live, credentials, str(rep["username"]))
    rep_headers = {"Authorization": f"Bearer {window.session.token}"}
    created = requests.post(
        live.server.base + "/interactions",
        json={"channel": "email", "subject": "Return", "to_address": "ada@example.com"},
        headers=rep_headers,
        timeout=TIMEOUT,
    )
    assert created.ok, created.text
    interaction_id = uuid.UUID(created.json()["id"])
    qtbot.waitUntil(
        lambda: (
            window.store.record("interaction", interaction_id) is not None
            and any(a["shortcut"] == f"ret{suffix}" for a in window.store.records("canned_answer"))
            and bool(window.store.records("macro"))
        ),
        timeout=LONG_WAIT_MS,
    )
    window.open_interaction(interaction_id)
    box = window.replies.box(interaction_id)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    box.editor.setFocus()
    qtbot.keyClicks(box.editor, f"/ret{suffix}")
    popup = box.editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert box.editor.textCursor().selectedText() == "[[label number]]"
    qtbot.keyClicks(box.editor, "LBL-77")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (shown,) = box.conversation.texts()
    assert "sending" in shown
    qtbot.waitUntil(lambda: "sending" not in box.conversation.texts()[0], timeout=LONG_WAIT_MS)
    on_server = [
        m for m in _server_messages(live).values() if m["interaction_id"] == str(interaction_id)
    ]
    assert [(m["body"], m["author_id"]) for m in on_server] == [
        ("Your return label is attached: LBL-77.", rep["id"])
    ]
    # the macro, from the keyboard
    qtbot.keyClick(box.editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    picker = box.macro_picker
    assert picker is not None
    qtbot.keyClicks(picker.filter, "escalate")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert "category set to “billing”" in box.notice.text()

    def annotated() -> bool:
        record = live.interaction(interaction_id)
        return record["category"] == "billing" and record["tags"] == ["escalated"]

    qtbot.waitUntil(annotated, timeout=LONG_WAIT_MS)
