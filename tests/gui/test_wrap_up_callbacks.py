"""A callback offered to the rep dials on accept, through click-to-dial, on its own interaction."""

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_app.client.api import ApiError
from desk_app.client.store import LocalStore
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sync_thread import SyncBridge
from tests.gui import offer_records
from tests.gui.test_main_window import SESSION, USER_ID, feed

REFUSED = "the customer asked not to be called on this number"


class FakeApi:
    """Accepts any offer; dials, or refuses a number flagged do-not-contact (409)."""

    def __init__(self, *, refuse: bool = False) -> None:
        self.refuse = refuse
        self.records: dict[uuid.UUID, dict[str, Any]] = {}
        self.dialled: list[tuple[str, uuid.UUID | None, uuid.UUID | None]] = []

    def accept(self, interaction_id: uuid.UUID) -> dict[str, Any]:
        record = self.records[interaction_id]
        record.update(status="active", answered_at=offer_records.at(3), version=2)
        return dict(record)

    def dial(
        self,
        number: str,
        customer_id: uuid.UUID | None = None,
        *,
        interaction_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        self.dialled.append((number, customer_id, interaction_id))
        if self.refuse:
            raise ApiError(409, REFUSED)
        assert interaction_id is not None
        return {**self.records[interaction_id], "call_state": "dialing", "version": 3}


class ApiBridge(SyncBridge):
    """Runs each request at once on the fake API (the real one runs it on the sync thread)."""

    def __init__(self, api: FakeApi) -> None:
        super().__init__()
        self.api = api

    def request(self, work: Callable[[Any], Any], on_done: Callable[[Any, Any], None]) -> None:
        try:
            result = work(self.api)
        except ApiError as error:
            on_done(None, error)
            return
        on_done(result, None)


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _accept_offer(
    qtbot: QtBot, store: LocalStore, settings: QSettings, api: FakeApi, **fields: Any
) -> tuple[MainWindow, uuid.UUID]:
    ada = offer_records.customer()
    offer = offer_records.interaction(
        "voice",
        **{
            "direction": "outbound",
            "from_address": None,
            "to_address": "+12025550143",
            "customer_id": ada["id"],
            "subject": "Callback: parcel claim",
            "assigned_agent_id": str(USER_ID),
            "call_state": None,
            **fields,
        },
    )
    feed(store, ("customer", ada), ("interaction", offer))
    interaction_id = uuid.UUID(offer["id"])
    api.records[interaction_id] = dict(offer)
    window = MainWindow(SESSION, store, ApiBridge(api), settings)
    qtbot.addWidget(window)
    assert window.banner.current() == interaction_id
    window.banner.acceptRequested.emit(interaction_id)
    return window, interaction_id


def test_accepting_a_callback_dials_its_number_on_the_same_interaction(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    api = FakeApi()
    window, callback = _accept_offer(qtbot, store, desk_settings, api)
    ada_id = uuid.UUID(api.records[callback]["customer_id"])
    assert api.dialled == [("+12025550143", ada_id, callback)]
    assert callback in window.tabs.open_ids()
    assert window.status_bar.currentMessage() == "Calling +1 202-555-0143 back…"


def test_a_do_not_contact_refusal_is_shown_in_words(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    api = FakeApi(refuse=True)
    window, callback = _accept_offer(qtbot, store, desk_settings, api)
    tab = window.tabs.tab(callback)
    assert tab is not None
    error = tab.findChild(QLabel, "commandError")
    assert error is not None
    assert error.text() == (f"The callback to +1 202-555-0143 was not dialled: {REFUSED}")
    assert window.status_bar.currentMessage() == error.text()


def test_an_inbound_call_accepted_is_not_dialled(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    api = FakeApi()
    window, call = _accept_offer(
        qtbot, store, desk_settings, api, direction="inbound", from_address="+12025550143"
    )
    assert api.dialled == []
    assert call in window.tabs.open_ids()
