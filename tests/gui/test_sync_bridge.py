"""The sync thread's bridge: answers and status reach the UI thread, and it stops cleanly."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.backoff import Backoff
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.client.sync import SyncEngine
from desk_app.gui.sync_thread import SyncBridge

NOWHERE = "http://127.0.0.1:9/api/v1"  # nothing listens: every call fails at once


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(tmp_path / "rep.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def bridge(qtbot: QtBot, store: LocalStore) -> Iterator[SyncBridge]:
    bridge = SyncBridge()
    yield bridge
    bridge.stop()


def _engine(store: LocalStore, bridge: SyncBridge) -> SyncEngine:
    return SyncEngine(
        store,
        DeskApi(NOWHERE),
        follow_events=False,
        backoff=Backoff(base=0.01, cap=0.05),
        on_status=bridge.publish_status,
        on_records=bridge.publish_records,
    )


def test_answers_and_status_arrive_on_the_ui_thread_even_for_lambdas(
    qtbot: QtBot, store: LocalStore, bridge: SyncBridge
) -> None:
    ui_thread = threading.get_ident()
    statuses: list[tuple[SyncStatus, int]] = []
    answers: list[tuple[object, ApiError | None, int]] = []
    bridge.statusChanged.connect(lambda s: statuses.append((s, threading.get_ident())))
    # asked before the thread runs: the request waits for it
    bridge.request(
        lambda _api: threading.get_ident(),
        lambda result, error: answers.append((result, error, threading.get_ident())),
    )
    bridge.start(_engine(store, bridge))
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: any(s.offline_since for s, _ in statuses), timeout=10_000)
    ((sync_thread, error, delivered_on),) = answers
    assert error is None
    assert sync_thread != ui_thread  # the work ran on the sync thread
    assert delivered_on == ui_thread  # its answer came back to the UI thread
    assert {thread for _, thread in statuses} == {ui_thread}
    assert not bridge.status.online


def test_a_failed_request_is_answered_with_the_error(
    qtbot: QtBot, store: LocalStore, bridge: SyncBridge
) -> None:
    bridge.start(_engine(store, bridge))
    answers: list[tuple[object, ApiError | None]] = []
    bridge.request(lambda api: api.me(), lambda result, error: answers.append((result, error)))
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=10_000)
    ((result, error),) = answers
    assert result is None
    assert error is not None
    assert error.status is None


def test_stopping_ends_the_thread_and_later_requests_are_still_answered(
    qtbot: QtBot, store: LocalStore, bridge: SyncBridge
) -> None:
    bridge.start(_engine(store, bridge))
    assert bridge.running
    assert bridge.stop()
    assert not bridge.running
    answers: list[ApiError | None] = []
    bridge.request(lambda api: api.me(), lambda _result, error: answers.append(error))
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=10_000)
    assert answers[0] is not None
