"""My shift: time left in the status bar, reminders ahead once each, the panel; the queue glance."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.api import DeskApi
from desk_app.client.store import LocalStore
from desk_app.gui.shift.queue_glance import QueueGlance
from desk_app.gui.shift.watch import LEAD_KEY, ShiftWatch
from tests.gui.collab_records import COLLEAGUE, recording_notifier, window_at
from tests.gui.morning_records import hh_mm, shift
from tests.gui.offer_records import NOW, Clock, interaction
from tests.gui.test_main_window import SESSION, USER_ID, feed

H, M = timedelta(hours=1), timedelta(minutes=1)


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def _day() -> dict[str, Any]:
    """Started at 08:00, break 11:00–11:15, lunch 12:30–13:00, ends at 13:20 (NOW is 10:00)."""
    return shift(-2 * H, 3 * H + 20 * M, ("break", H, H + 15 * M), ("lunch", 2.5 * H, 3 * H))


def _watch(
    qtbot: QtBot, store: LocalStore, settings: QSettings, clock: Clock
) -> tuple[ShiftWatch, list[str], list[str]]:
    notifier, told, _parent = recording_notifier(qtbot)
    shown: list[str] = []
    watch = ShiftWatch(
        store=store,
        user_id=USER_ID,
        settings=settings,
        notifier=notifier,
        show_text=shown.append,
        clock=clock,
    )
    return watch, shown, told.messages


def test_the_status_bar_says_where_i_am_in_my_shift(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    someone_elses = shift(-H, H, user_id=COLLEAGUE)
    feed(store, ("shift", someone_elses), ("shift", _day()))
    clock = Clock()
    window = window_at(qtbot, store, desk_settings, clock)
    label = window.status_bar.shift_label
    assert label.text() == "Shift ends in 3 h 20 min"
    assert not label.isHidden()
    clock.now = NOW + 2.5 * H + 5 * M
    window.morning.watch.check()  # the minute's tick
    assert label.text() == f"On lunch until {hh_mm(3 * H)}"
    clock.now = NOW + 3 * H + 10 * M
    window.morning.watch.check()
    assert label.text() == "Shift ends in 10 min"
    clock.now = NOW + 4 * H
    window.morning.watch.check()
    assert label.isHidden()  # over for today


def test_a_shift_later_today_and_a_schedule_change_arriving(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    later = shift(2 * H, 10 * H)
    feed(store, ("shift", later), ("shift", shift(-26 * H, -18 * H)))  # yesterday's too
    window = window_at(qtbot, store, desk_settings, Clock())
    label = window.status_bar.shift_label
    assert label.text() == f"Shift starts at {hh_mm(2 * H)}"
    moved = {**later, "starts_at": (NOW - H).isoformat(), "version": 2}
    window.show_changes(feed(store, ("shift", moved)))
    assert label.text() == "Shift ends in 10 h 0 min"


def test_reminders_come_once_ahead_of_each_break_and_the_end(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    feed(store, ("shift", _day()))
    clock = Clock(NOW + 54 * M)
    watch, _shown, told = _watch(qtbot, store, desk_settings, clock)
    watch.check()
    assert told == []  # 6 minutes before the break
    clock.now = NOW + 55 * M
    watch.check()
    assert told == [f"Coming up: Your break starts at {hh_mm(H)} (in 5 min)"]
    clock.now = NOW + 57 * M
    watch.check()
    assert len(told) == 1  # once
    clock.now = NOW + 2.5 * H - 4 * M
    watch.check()
    assert told[1] == f"Coming up: Your lunch starts at {hh_mm(2.5 * H)} (in 4 min)"
    clock.now = NOW + 3 * H + 16 * M
    watch.check()
    assert told[2] == f"Coming up: Your shift ends at {hh_mm(3 * H + 20 * M)} (in 4 min)"
    clock.now = NOW + 3 * H + 30 * M
    watch.check()
    assert len(told) == 3


def test_how_long_ahead_is_a_setting(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    feed(store, ("shift", _day()))
    desk_settings.setValue(LEAD_KEY, 15)
    clock = Clock(NOW + 44 * M)
    watch, _shown, told = _watch(qtbot, store, desk_settings, clock)
    watch.check()
    assert told == []
    clock.now = NOW + 45 * M
    watch.check()
    assert told == [f"Coming up: Your break starts at {hh_mm(H)} (in 15 min)"]


def test_my_shift_lists_today_from_the_day_menu(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = window_at(qtbot, store, desk_settings, Clock())
    window.morning.my_shift_action.trigger()
    dialog = window.morning.shift_dialog
    assert dialog is not None
    assert dialog.summary.text() == "No shift planned for today on this desk's copy."
    dialog.reject()
    assert window.morning.shift_dialog is None
    window.show_changes(feed(store, ("shift", _day())))
    assert window.morning.my_shift_action.shortcut().toString() == "Ctrl+Shift+H"
    window.morning.my_shift_action.trigger()
    dialog = window.morning.shift_dialog
    assert dialog is not None
    assert dialog.summary.text() == f"Today: {hh_mm(-2 * H)} – {hh_mm(3 * H + 20 * M)}"
    assert dialog.now_label.text() == "Shift ends in 3 h 20 min"
    assert dialog.lines() == [
        f"{hh_mm(-2 * H)} Shift starts",
        f"{hh_mm(H)} – {hh_mm(H + 15 * M)} Break",
        f"{hh_mm(2.5 * H)} – {hh_mm(3 * H)} Lunch",
        f"{hh_mm(3 * H + 20 * M)} Shift ends",
    ]


class FakeDirect:
    """Answers at once, as :class:`DirectCalls` would on the UI thread later."""

    def __init__(self, answer: dict[str, Any] | None, error: Exception | None = None) -> None:
        self.answer, self.error, self.calls = answer, error, 0

    def call(
        self,
        work: Callable[[DeskApi], dict[str, Any]],
        on_done: Callable[[dict[str, Any] | None, Exception | None], None],
    ) -> None:
        self.calls += 1
        on_done(self.answer, self.error)


def _glance(qtbot: QtBot, store: LocalStore, direct: FakeDirect, *, reachable: bool) -> QueueGlance:
    glance = QueueGlance(store=store, direct=direct, reachable=lambda: reachable, clock=Clock())
    qtbot.addWidget(glance)
    return glance


def test_the_queue_at_a_glance_from_the_server(qtbot: QtBot, store: LocalStore) -> None:
    summary = {
        "generated_at": NOW.isoformat(),
        "channels": [
            {"channel": "voice", "waiting": 3, "oldest_queued_at": (NOW - 4 * M).isoformat()},
            {"channel": "chat", "waiting": 0, "oldest_queued_at": None},
            {"channel": "email", "waiting": 12, "oldest_queued_at": (NOW - 2 * H).isoformat()},
        ],
    }
    direct = FakeDirect(summary)
    glance = _glance(qtbot, store, direct, reachable=True)
    glance.load()
    assert direct.calls == 1
    assert glance.text.text() == (
        "Waiting when you signed in: voice 3 (oldest 4 min) · chat 0 · email 12 (oldest 120 min)"
    )
    assert not glance.from_copy
    assert not glance.isHidden()
    glance.hide_button.click()
    assert glance.isHidden()


def test_the_queue_at_a_glance_offline_is_counted_from_this_desks_copy(
    qtbot: QtBot, store: LocalStore
) -> None:
    feed(
        store,
        ("interaction", interaction("voice", status="queued", queued_at=(NOW - 9 * M).isoformat())),
        (
            "interaction",
            interaction("voice", status="offered", queued_at=(NOW - 2 * M).isoformat()),
        ),
        ("interaction", interaction("chat", status="active")),
        ("interaction", interaction("email", status="queued", queued_at=(NOW - M).isoformat())),
    )
    direct = FakeDirect(None, error=ConnectionError("no route"))
    offline = _glance(qtbot, store, direct, reachable=False)
    offline.load()
    assert direct.calls == 0  # known to be offline: not even asked
    expected = (
        "Waiting when you signed in: voice 2 (oldest 9 min) · chat 0 · email 1 (oldest 1 min)"
        " · tickets 0 · walk-in 0 — from this desk's copy"
    )
    assert offline.text.text() == expected
    assert offline.from_copy
    failed = _glance(qtbot, store, direct, reachable=True)
    failed.load()  # asked, but the server did not answer
    assert direct.calls == 1
    assert failed.text.text() == expected


def test_the_glance_shows_above_the_queue_at_sign_in(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = window_at(qtbot, store, desk_settings, Clock())  # SESSION: no server there
    glance = window.morning.glance
    assert glance.isHidden()
    assert glance.parentWidget() is window.queue
    window.show_handover()
    qtbot.waitUntil(lambda: not glance.isHidden())  # the failed call comes back later
    assert glance.from_copy
    assert glance.text.text().startswith("Waiting when you signed in: voice 0")
