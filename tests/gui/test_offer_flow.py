"""From a ringing phone to the caller's record: the real webhook of a real server process.

A PBX posts a signed CTI event, the server's router offers the call to the
rep, the event stream brings it to the desk, and the window rings with the
caller found in its local cache; accepting opens the tab. Meanwhile no
network call may run on the UI thread.
"""

import contextlib
import socket
import threading
import traceback
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from desk_app.client.session import DeskSession
from desk_app.gui.app import DeskApp
from desk_app.gui.main_window import MainWindow
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.live_desk import LiveDesk

DESK_CODE = ("/desk_app/gui/", "/desk_app/client/")


@contextlib.contextmanager
def network_from_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every connection the desk's code opens on the UI (main) thread, as a stack summary."""
    offenders: list[str] = []
    connect = socket.socket.connect

    def watched(sock: socket.socket, address: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            stack = traceback.extract_stack()[:-1]
            if any(part in frame.filename for frame in stack for part in DESK_CODE):
                offenders.append("".join(traceback.format_list(stack[-8:])))
        connect(sock, address)

    with monkeypatch.context() as patch:
        patch.setattr(socket.socket, "connect", watched)
        yield offenders


def _open(qtbot: QtBot, desk: DeskApp, session: DeskSession) -> MainWindow:
    with qtbot.waitSignal(desk.windowOpened, timeout=LONG_WAIT_MS) as opened:
        desk.open_window(session)
    window: MainWindow = opened.args[0]
    qtbot.waitUntil(
        lambda: window.status_bar.connection_label.text() == "Online, live", timeout=LONG_WAIT_MS
    )
    return window


def _ready(qtbot: QtBot, window: MainWindow, live: LiveDesk) -> str:
    """Pick ready; the rep's extension, so calls of this test ring at this desk only."""
    selector = window.status_bar.state_selector
    index = selector.findText("Ready")
    selector.setCurrentIndex(index)
    selector.activated.emit(index)
    user_id = str(window.session.profile.user_id)
    qtbot.waitUntil(
        lambda: (live.agent(user_id) or {}).get("state") == "ready", timeout=LONG_WAIT_MS
    )
    return live.give_extension(user_id)


def _accept(window: MainWindow) -> None:
    button = window.banner.findChild(QPushButton, "OfferAccept")
    assert button is not None
    button.click()


def test_a_call_pops_the_known_caller_at_once_and_accepting_opens_it(
    qtbot: QtBot,
    live: LiveDesk,
    desk: DeskApp,
    rep_session: DeskSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grace = live.create_customer("Grace Hopper", "+1 202-555-0143")
    window = _open(qtbot, desk, rep_session)
    with network_from_the_ui_thread(monkeypatch) as offenders:
        # the caller is in the desk's cache before the phone rings
        qtbot.waitUntil(
            lambda: window.store.record("customer", uuid.UUID(grace["id"])) is not None,
            timeout=LONG_WAIT_MS,
        )
        extension = _ready(qtbot, window, live)
        # the PBX's own format; the desk reads it as E.164 in its region
        call = live.ring("(202) 555-0143", extension=extension)

        qtbot.waitUntil(lambda: window.banner.current() == call, timeout=LONG_WAIT_MS)
        # banner and screen pop in the same turn: the cache answered, nothing was awaited
        assert window.screen_pop.showing() == "customer"
        assert window.screen_pop.accessibleDescription() == "Caller: Grace Hopper"
        assert "Grace Hopper" in window.banner.accessibleDescription()

        _accept(window)
        qtbot.waitUntil(lambda: call in window.tabs.open_ids(), timeout=LONG_WAIT_MS)
        qtbot.waitUntil(lambda: window.banner.current() is None, timeout=LONG_WAIT_MS)
        answered = live.interaction(call)
        assert answered["status"] == "active"
        assert answered["assigned_agent_id"] == str(rep_session.profile.user_id)
        assert window.screen_pop.showing() == "customer"  # the caller stays beside the call

        # call controls go to the server; the call's state follows the PBX's events
        window.tabs.callCommandRequested.emit(call, "hold", None, None)
        qtbot.waitUntil(
            lambda: (window.store.record("interaction", call) or {}).get("call_state") == "on_hold",
            timeout=LONG_WAIT_MS,
        )
    assert offenders == []


def test_an_unknown_caller_gets_the_new_customer_form_and_can_be_saved(
    qtbot: QtBot, live: LiveDesk, desk: DeskApp, rep_session: DeskSession
) -> None:
    window = _open(qtbot, desk, rep_session)
    call = live.ring("+1 202-555-0188", extension=_ready(qtbot, window, live))
    qtbot.waitUntil(lambda: window.banner.current() == call, timeout=LONG_WAIT_MS)
    # not in the cache: asked of the server through the sync thread, then the form
    qtbot.waitUntil(lambda: window.screen_pop.showing() == "unknown", timeout=LONG_WAIT_MS)
    form = window.screen_pop.form
    name = form.findChild(QLineEdit, "customerName")
    assert name is not None
    name.setText("Alan Turing")
    save = form.findChild(QPushButton, "createCustomer")
    assert save is not None
    save.click()
    qtbot.waitUntil(lambda: window.screen_pop.showing() == "customer", timeout=LONG_WAIT_MS)
    assert window.screen_pop.accessibleDescription() == "Caller: Alan Turing"
    assert "Alan Turing" in window.banner.accessibleDescription()
    found = live.search_customers("+12025550188")
    assert [c["name"] for c in found] == ["Alan Turing"]


def test_declining_lets_the_offer_go(
    qtbot: QtBot, live: LiveDesk, desk: DeskApp, rep_session: DeskSession
) -> None:
    window = _open(qtbot, desk, rep_session)
    call = live.ring("+1 202-555-0199", extension=_ready(qtbot, window, live))
    qtbot.waitUntil(lambda: window.banner.current() == call, timeout=LONG_WAIT_MS)
    decline = window.banner.findChild(QPushButton, "OfferDecline")
    assert decline is not None
    decline.click()
    qtbot.waitUntil(lambda: window.banner.current() is None, timeout=LONG_WAIT_MS)
    assert call not in window.tabs.open_ids()
    assert live.interaction(call)["assigned_agent_id"] != str(rep_session.profile.user_id)


def test_two_chats_offered_at_once_open_side_by_side(
    qtbot: QtBot, live: LiveDesk, desk: DeskApp, rep_session: DeskSession
) -> None:
    window = _open(qtbot, desk, rep_session)
    _ready(qtbot, window, live)
    first = live.chat("ada@example.com", "Where is my order?")
    second = live.chat("grace@example.com", "Refund please")
    qtbot.waitUntil(lambda: set(window.banner.offer_ids()) == {first, second}, timeout=LONG_WAIT_MS)
    for _ in range(2):
        shown = window.banner.current()
        _accept(window)
        qtbot.waitUntil(lambda s=shown: s in window.tabs.open_ids(), timeout=LONG_WAIT_MS)
    assert set(window.tabs.open_ids()) == {first, second}
    qtbot.waitUntil(lambda: window.banner.current() is None, timeout=LONG_WAIT_MS)
    for chat in (first, second):
        assert live.interaction(chat)["status"] == "active"
