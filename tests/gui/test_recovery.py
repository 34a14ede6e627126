"""A recovery pause offered after a hard interaction: a complaint, or far longer than usual."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.domain.wrapup import BY_CODE, WrapUp
from desk_app.gui.work.recovery import Recovery, RecoveryOffer, usual_handle
from tests.gui import offer_records, script_records
from tests.gui.test_main_window import SESSION, USER_ID, feed
from tests.gui.test_wrap_up import active_window, choose

MINUTES = (4, 5, 5, 6, 7)  # the rep's recent calls: usually 5 minutes


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _done(minutes: float, channel: str = "voice", **fields: Any) -> dict[str, Any]:
    mine = {
        "status": "done",
        "assigned_agent_id": str(USER_ID),
        "answered_at": offer_records.at(-minutes * 60),
        "ended_at": offer_records.at(0),
    }
    return offer_records.interaction(channel, **{**mine, **fields})


def _history(store: LocalStore) -> None:
    """The rep's usual: 5 minutes a call; someone else's long calls and long chats do not count."""
    feed(store, *(("interaction", _done(m)) for m in MINUTES))
    feed(store, ("interaction", _done(40, assigned_agent_id=str(uuid.uuid4()))))
    feed(store, ("interaction", _done(40, "chat")))


def _offered_after(store: LocalStore, minutes: float, code: str, category: str) -> list[str]:
    """Wrap one call up with ``code``; the states asked for if the offer shown is taken."""
    _history(store)
    call = _done(minutes, category=category)
    feed(store, ("interaction", call))
    offer = RecoveryOffer()
    asked: list[str] = []
    recovery = Recovery(
        store=store,
        user_id=USER_ID,
        offer=offer,
        request_state=lambda state, reason: asked.append(f"{state}/{reason}"),
    )
    recovery.wrapped_up(uuid.UUID(call["id"]), WrapUp(BY_CODE[code], "", False))
    if not offer.isHidden():
        offer.take_button.click()
    return asked


def test_the_usual_is_the_median_of_the_reps_own_calls(store: LocalStore) -> None:
    _history(store)
    usual = usual_handle(
        store.records("interaction"), user_id=USER_ID, channel="voice", leave_out=uuid.uuid4()
    )
    assert usual == timedelta(minutes=5)


def test_offered_after_a_long_call_and_taking_it_asks_for_a_recovery_pause(
    qtbot: QtBot, store: LocalStore
) -> None:
    assert _offered_after(store, 12, "info_provided", "order_status") == ["not_ready/recovery"]


def test_not_offered_after_a_short_ordinary_call(qtbot: QtBot, store: LocalStore) -> None:
    assert _offered_after(store, 6, "info_provided", "order_status") == []


def test_a_complaint_taken_from_the_window_queues_the_not_ready_recovery_state(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    chat = script_records.late_parcel_case(store, "chat", category="complaint")
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(chat["id"]))
    tab = window.tabs.tab(uuid.UUID(chat["id"]))
    assert tab is not None
    assert tab.wrap_up is not None
    tab.wrap_up_button.click()
    choose(tab.wrap_up, "resolved")  # a complaint, however it ended
    tab.wrap_up.acknowledge.setChecked(True)
    tab.wrap_up.submit_button.click()
    offer = window.recovery_offer
    assert offer.isVisible()
    assert offer.text.text() == "That was a hard one. Take 3 minutes?"
    offer.take_button.click()
    assert not offer.isVisible()
    kinds = [(op.kind, op.payload) for op in store.replica.pending(50)]
    assert kinds[-1] == ("agent.state", {"state": "not_ready", "reason": "recovery"})


def test_no_thanks_only_closes_the_offer(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    chat = script_records.late_parcel_case(store, "chat", category="complaint")
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(chat["id"]))
    tab = window.tabs.tab(uuid.UUID(chat["id"]))
    assert tab is not None
    assert tab.wrap_up is not None
    tab.wrap_up_button.click()
    tab.wrap_up.acknowledge.setChecked(True)
    tab.wrap_up.skip_button.click()  # an optional chat skipped: still a complaint
    assert window.recovery_offer.isVisible()
    window.recovery_offer.dismiss_button.click()
    assert not window.recovery_offer.isVisible()
    assert [op.kind for op in store.replica.pending(50)][-1] == "interaction.wrap_up"
