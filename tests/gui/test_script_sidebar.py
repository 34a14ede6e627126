"""The script sidebar: suggested, walked with the keyboard, recorded, resumed, re-routed, synced."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.store import LocalStore
from desk_app.gui.app import DeskApp
from desk_app.gui.customer.timeline import TimelinePanel
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sidebar.sidebar import ScriptSidebar
from tests.gui import offer_records, script_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.customer_desk import Admin, open_desk
from tests.gui.live_desk import REP_PASSWORD, SERVER_ENV, TIMEOUT, LiveDesk
from tests.gui.test_main_window import SESSION, USER_ID, active_window, feed
from tests.support.live_server import free_port, live_server, new_database, prepare

CATCH_UP_MS = 120_000  # the sync engine backs off (with jitter) while the server is away


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the rep presses it: to whatever has the focus."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    QTest.keyClick(focused, key, modifier)


def _steps(trail: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(visit["step"], visit["choice"]) for visit in trail]


def test_the_suggested_script_is_walked_with_the_keyboard_and_recorded_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    call_id = uuid.UUID(call["id"])
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(call_id)
    sidebar: ScriptSidebar = window.script_sidebar
    view = sidebar.view
    assert view.script_combo.currentText() == "Shipping delay"
    assert view.reason.text() == "Suggested because the customer's parcel is late"
    assert view.say.text() == "Thank you for calling Northwind Goods, Ada. My name is Rep."
    assert view.progress.text() == "Step 1 of 3"  # the shortest way: not verified
    # Ctrl+3: the focus goes to the line still to say; Space ticks it, Tab and Space go on
    window.focus_guide_action.trigger()
    line = QApplication.focusWidget()
    assert line is not None
    assert line.objectName() == "mustSay_recording"
    _press(Qt.Key.Key_Space)
    assert sidebar.current_run().is_confirmed("recording")  # type: ignore[union-attr]
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.next_button
    _press(Qt.Key.Key_Space)
    assert view.question.text() == "Did the details match?"
    _press(Qt.Key.Key_1)  # Yes
    assert view.say.text() == "Your order O-1000123 is with UPS."
    assert [b.text() for b in view.article_buttons()] == ["Delivery times and carriers"]
    _press(Qt.Key.Key_2)  # late: a claim
    assert view.must_box.isVisible()
    _press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert sidebar.current_run().current.id == "track"  # type: ignore[union-attr]
    answered = QApplication.focusWidget()
    assert answered is not None
    assert answered.objectName() == "scriptChoice2"
    assert view.choice_texts() == ["No", "Yes  (answered before)"]
    _press(Qt.Key.Key_9)  # no such choice: nothing happens
    _press(Qt.Key.Key_1)  # not late after all
    assert view.dispositions.text() == "Suggested disposition: Resolved"
    assert view.warning.isVisible()  # the claim's line was shown and never confirmed
    assert "A claim takes up to 5 working days." in view.warning.text()
    # every move is in the cache at once, and waits as one op
    trail = store.record("interaction", call_id)["script_trail"]  # type: ignore[index]
    assert _steps(trail) == [
        ("greet", None),
        ("verify", "Yes"),
        ("track", "Yes"),
        ("claim", None),
        ("track", "No"),
        ("reassure", None),
    ]
    assert trail[0]["confirmed"] == ["recording"]
    assert store.replica.counts()[0] == 1
    assert window.status_bar.ops_label.text() == "1 ops waiting"


def test_f9_shows_the_calm_words_and_a_kb_link_asks_for_its_article(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    view = window.script_sidebar.view
    assert "(F9)" in view.calm_button.toolTip()
    window.tabs.setFocus()
    _press(Qt.Key.Key_F9)
    assert view.calm.isVisible()
    assert "how frustrating a late parcel is" in view.calm_text.text()
    _press(Qt.Key.Key_F9)
    assert not view.calm.isVisible()
    view.next_button.click()
    view.choiceMade.emit(0)
    (link,) = view.article_buttons()
    with qtbot.waitSignal(window.script_sidebar.articleRequested) as asked:
        link.click()
    assert asked.args == ["delivery-times"]
    assert link.accessibleName() == "Article: Delivery times and carriers"
    assert window.sidebar.currentWidget() is window.knowledge  # the article, in the panel
    window.tabs.setFocus()
    _press(Qt.Key.Key_F9)  # from the article too: the guide comes back with the calm words
    assert window.sidebar.currentWidget() is window.script_sidebar
    assert view.calm.isVisible()


def test_a_restarted_desk_resumes_the_run_where_the_rep_left_it(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    call_id = uuid.UUID(call["id"])
    first = active_window(qtbot, store, desk_settings)
    first.open_interaction(call_id)
    view = first.script_sidebar.view
    view.lineConfirmed.emit("recording", True)
    view.advanceRequested.emit()
    view.choiceMade.emit(0)
    first.close()

    again = active_window(qtbot, store, desk_settings)
    assert again.tabs.current_interaction() == call_id
    run = again.script_sidebar.current_run()
    assert run is not None
    assert run.current.id == "track"
    assert run.route == ["greet", "verify", "track"]
    assert run.is_confirmed("recording")
    assert again.script_sidebar.view.say.text() == "Your order O-1000123 is with UPS."
    assert store.replica.counts()[0] == 1  # resuming records nothing new


def test_changing_the_category_re_routes_the_script_and_keeps_the_answers(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    call_id = uuid.UUID(call["id"])
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(call_id)
    sidebar = window.script_sidebar
    view = sidebar.view
    view.lineConfirmed.emit("recording", True)
    view.advanceRequested.emit()
    view.choiceMade.emit(0)
    combo = view.category_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Complaint", "Shipping delay"]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    run = sidebar.current_run()
    assert run is not None
    assert run.script.key == "complaint"
    assert view.script_combo.currentText() == "Complaint"
    assert view.reason.text() == "Suggested because the case's category is complaint"
    assert run.is_confirmed("recording")  # said once is said
    assert store.record("interaction", call_id)["category"] == "complaint"  # type: ignore[index]
    kinds = [view_op.kind for view_op in store.replica.pending(10)]
    assert kinds == ["interaction.update", "interaction.script"]
    view.advanceRequested.emit()
    assert view.choice_texts()[0] == "Yes  (answered before)"


def test_work_that_is_not_the_reps_has_no_script_running(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store, assigned_agent_id=str(uuid.uuid4()))
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    assert window.script_sidebar.current_run() is None
    assert window.script_sidebar.note.text() == "The script starts once the interaction is yours."
    assert store.replica.counts()[0] == 0
    taken = {**call, "assigned_agent_id": str(USER_ID), "version": 2}
    window.show_changes(feed(store, ("interaction", taken)))
    assert window.script_sidebar.current_run() is not None


def test_an_interaction_no_script_fits_is_filed_from_the_sidebar_and_its_script_starts(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store, category=None, customer_id=None)
    call_id = uuid.UUID(call["id"])
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(call_id)
    sidebar = window.script_sidebar
    assert sidebar.current_run() is None
    assert "pick its category" in sidebar.note.text()
    window.focus_guide_action.trigger()
    assert QApplication.focusWidget() is sidebar.pick_category
    pick = sidebar.pick_category
    index = pick.findData("complaint")
    pick.setCurrentIndex(index)
    pick.activated.emit(index)
    run = sidebar.current_run()
    assert run is not None
    assert run.script.key == "complaint"
    assert store.record("interaction", call_id)["category"] == "complaint"  # type: ignore[index]
    assert [op.kind for op in store.replica.pending(10)] == [
        "interaction.update",
        "interaction.script",
    ]
    assert QApplication.focusWidget().objectName() == "mustSay_recording"  # type: ignore[union-attr]


def test_a_caller_identified_later_fills_the_words_of_the_step(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store, customer_id=None)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    view = window.script_sidebar.view
    assert view.say.text().startswith(
        "Thank you for calling Northwind Goods, [the customer's first name]."
    )
    ada = next(c for c in store.records("customer") if c["name"] == "Ada King")
    window.show_changes(feed(store, ("interaction", {**call, "customer_id": ada["id"]})))
    assert view.say.text().startswith("Thank you for calling Northwind Goods, Ada.")
    assert store.replica.counts()[0] == 1  # nothing new to record: the start only


def test_when_the_call_ends_the_lines_not_confirmed_are_listed(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = script_records.late_parcel_case(store)
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    view = window.script_sidebar.view
    view.advanceRequested.emit()  # the recording notice shown, never ticked
    assert not view.warning.isVisible()  # mid-call: no nagging
    ended = {**call, "status": "wrap_up", "ended_at": offer_records.at(60), "version": 2}
    window.show_changes(feed(store, ("interaction", ended)))
    assert view.warning.isVisible()
    assert "This call may be recorded for quality and training." in view.warning.text()
    assert view.warning.accessibleName() == "Must-say lines not confirmed"


# --- with a server ----------------------------------------------------------------------------


def _publish_scripts(admin: Admin) -> None:
    for record in script_records.scripts():
        body = {k: record[k] for k in ("key", "title", "category", "definition")}
        body["definition"] = {
            **body["definition"],
            **{k: record[k] for k in ("key", "title", "category")},
        }
        admin.post("/scripts", body)


def _call_of(live: LiveDesk, username: str) -> uuid.UUID:
    """An outbound call the rep starts (so it is theirs), filed as a shipping delay."""
    headers = live.server.login(username, REP_PASSWORD)
    response = requests.post(
        live.server.base + "/interactions",
        json={"channel": "voice", "category": "shipping_delay", "to_address": "+12025550143"},
        headers=headers,
        timeout=TIMEOUT,
    )
    assert response.ok, response.text
    return uuid.UUID(response.json()["id"])


def _opened(qtbot: QtBot, window: MainWindow, call_id: uuid.UUID) -> None:
    qtbot.waitUntil(
        lambda: (
            window.store.record("interaction", call_id) is not None
            and len(window.store.records("script")) == 2
        ),
        timeout=LONG_WAIT_MS,
    )
    window.open_interaction(call_id)
    assert window.script_sidebar.current_run() is not None


def test_the_recorded_path_reaches_the_server_and_an_offline_walk_follows_on_reconnect(
    qtbot: QtBot, tmp_path: Path, desk: DeskApp, credentials: CredentialStore
) -> None:
    port = free_port()
    env = prepare(new_database("sqlite", tmp_path=tmp_path, cluster=None), **SERVER_ENV)
    with live_server(env, port=port) as server:
        live = LiveDesk(server)
        admin = Admin(live)
        _publish_scripts(admin)
        username = admin.user("rep")
        call_id = _call_of(live, username)
        window = open_desk(qtbot, desk, live, credentials, username)
        _opened(qtbot, window, call_id)
        view = window.script_sidebar.view
        window.focus_guide_action.trigger()
        _press(Qt.Key.Key_Space)  # the recording notice, said
        view.next_button.setFocus()
        _press(Qt.Key.Key_Space)
        _press(Qt.Key.Key_1)  # verified
        qtbot.waitUntil(
            lambda: window.status_bar.ops_label.text() == "0 ops waiting", timeout=LONG_WAIT_MS
        )
        on_server = admin.get(f"/interactions/{call_id}")
        assert _steps(on_server["script_trail"]) == [
            ("greet", None),
            ("verify", "Yes"),
            ("track", None),
        ]
        assert on_server["script_trail"][0]["confirmed"] == ["recording"]
    # the server is gone: the rep walks on
    qtbot.waitUntil(
        lambda: window.status_bar.connection_label.text().startswith("Offline"),
        timeout=LONG_WAIT_MS,
    )
    _press(Qt.Key.Key_2)  # late: a claim
    window.focus_guide_action.trigger()
    _press(Qt.Key.Key_Space)  # the claim's terms, said
    view.next_button.click()
    assert window.script_sidebar.current_run().finished  # type: ignore[union-attr]
    assert window.status_bar.ops_label.text() == "1 ops waiting"

    with live_server(env, port=port) as server:
        admin = Admin(LiveDesk(server))
        qtbot.waitUntil(
            lambda: window.status_bar.ops_label.text() == "0 ops waiting", timeout=CATCH_UP_MS
        )
        trail = admin.get(f"/interactions/{call_id}")["script_trail"]
        assert _steps(trail)[2:] == [("track", "Yes"), ("claim", None), ("close", None)]
        assert trail[3]["confirmed"] == ["claim_terms"]
        window.close()


def test_the_history_shows_the_script_followed_its_answers_and_its_must_say_lines(
    qtbot: QtBot,
) -> None:
    panel = TimelinePanel()
    qtbot.addWidget(panel)
    entry = {
        "kind": "interaction",
        "id": str(uuid.uuid4()),
        "at": offer_records.at(0),
        "channel": "voice",
        "status": "done",
        "subject": "Parcel late",
        "disposition": "resolved",
        "wrap_notes": "",
        "notes": [],
        "script": {
            "titles": ["Shipping delay"],
            "path": [
                {
                    "script": "Shipping delay",
                    "step": "greet",
                    "said": "Hello.",
                    "seconds": 3,
                    "left_by": "next",
                    "choice": None,
                },
                {
                    "script": "Shipping delay",
                    "step": "track",
                    "said": "Is it late?",
                    "seconds": 9,
                    "left_by": "choice",
                    "choice": "Yes",
                },
                {
                    "script": "Shipping delay",
                    "step": "claim",
                    "said": "A claim.",
                    "seconds": 2,
                    "left_by": "back",
                    "choice": None,
                },
            ],
            "lines": [
                {"id": "recording", "text": "This call may be recorded.", "confirmed": True},
                {"id": "claim_terms", "text": "A claim takes 5 days.", "confirmed": False},
            ],
        },
    }
    panel.show_timeline([entry])
    panel.open_entry(0)
    shown = panel.thread.toPlainText()
    assert "Script: Shipping delay" in shown
    assert "Is it late? → Yes" in shown
    assert "A claim. (went back)" in shown
    assert "This call may be recorded. — confirmed" in shown
    assert "A claim takes 5 days. — NOT confirmed" in shown
