"""My stats: the graph plots domain.kpi's points from the store, the goal, the team's line;
hover, click and keys show a point and the interactions behind it; export as PNG."""

import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desk_app.client.my_day import MyDay
from desk_app.client.session import DeskSession, Profile
from desk_app.client.store import LocalStore
from desk_app.domain import kpi
from desk_app.domain.kpi import DEFAULT_GOALS, Metric, Window
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.main_window import MainWindow
from desk_app.gui.stats.data import Range
from desk_app.gui.stats.team import TeamAverages, cache_key
from desk_app.gui.stats.window import StatsWindow
from desk_app.gui.sync_thread import SyncBridge
from tests.gui import stats_records
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.stats_records import AHT_GOAL, NOW, TEAM_ID, TODAY, ZONE, local
from tests.gui.test_main_window import USER_ID, feed


class FakeApi:
    """``GET /stats/team`` for :class:`DirectCalls` (which clones its API per thread)."""

    def __init__(self) -> None:
        self.asked: list[tuple[date, date, str, str]] = []
        self.lock = threading.Lock()

    def clone(self) -> "FakeApi":
        return self

    def close(self) -> None:
        pass

    def team_stats(self, first: date, last: date, bucket: str, tz: str) -> dict[str, Any]:
        with self.lock:
            self.asked.append((first, last, bucket, tz))
        zone = ZoneInfo(tz)
        if bucket == "hour":
            windows = kpi.hours_of(first, zone)
        else:
            windows = kpi.days_until(last, (last - first).days + 1, zone)
        return stats_records.team_answer(windows)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(tmp_path / "rep.sqlite3")
    stats_records.a_month(opened)
    yield opened
    opened.close()


def _my_day(store: LocalStore) -> MyDay:
    return MyDay(store, user_id=USER_ID, team_id=TEAM_ID)


def _window(
    qtbot: QtBot, store: LocalStore, api: FakeApi | None = None, *, online: bool = True
) -> StatsWindow:
    direct = DirectCalls(api) if api is not None else None  # type: ignore[arg-type]
    team = TeamAverages(store, direct, lambda: online, clock=lambda: NOW)
    window = StatsWindow(_my_day(store), team, clock=lambda: NOW, zone=ZONE)
    team.setParent(window)
    if direct is not None:
        direct.setParent(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_current, timeout=LONG_WAIT_MS)
    return window


def _show_range(qtbot: QtBot, window: StatsWindow, shown: Range) -> None:
    window.show_range(shown)
    qtbot.waitUntil(window.is_current, timeout=LONG_WAIT_MS)


def _expected(store: LocalStore, windows: list[Window]) -> list[kpi.Point]:
    day = _my_day(store)
    return kpi.series(windows, day.contacts(), day.spans(), day.schedules(), NOW)


def test_today_by_hour_plots_the_kpi_series_with_gaps_and_the_goal(
    qtbot: QtBot, store: LocalStore
) -> None:
    window = _window(qtbot, store)
    assert window.shown_range is Range.TODAY
    points = _expected(store, kpi.hours_of(TODAY, ZONE))
    assert len(window.graph.rep_values()) == 24
    window.show_metric(Metric.AHT)
    aht = [p.values[Metric.AHT] for p in points]
    assert window.graph.rep_values() == [None if v is None else v / 60 for v in aht]
    assert window.graph.rep_values()[10] == 4.0  # one call of 4 minutes
    assert window.graph.rep_values()[14] == 5.0  # 4 and 6 minutes
    assert window.graph.rep_values()[9] is None  # nothing handled: a gap, not a zero
    _xs, goal = window.graph.goal_curve.getData()
    assert list(goal) == [AHT_GOAL / 60] * 2  # the rep's own goal, in minutes
    window.show_metric(Metric.OCCUPANCY)
    occupancy = [p.values[Metric.OCCUPANCY] for p in points]
    assert window.graph.rep_values() == [None if v is None else v * 100 for v in occupancy]
    assert window.graph.rep_values()[3] is None  # signed out at 3 in the morning
    assert window.graph.rep_values()[10] == pytest.approx(4 / 60 * 100)  # 4 min busy + wrap
    _xs, goal = window.graph.goal_curve.getData()
    assert list(goal) == [DEFAULT_GOALS[Metric.OCCUPANCY] * 100] * 2  # no goal set: default


def test_the_last_30_days_plot_one_point_a_day_and_days_off_are_gaps(
    qtbot: QtBot, store: LocalStore
) -> None:
    window = _window(qtbot, store)
    _show_range(qtbot, window, Range.MONTH)
    points = _expected(store, kpi.days_until(TODAY, 30, ZONE))
    window.show_metric(Metric.CSAT)
    csat = [p.values[Metric.CSAT] for p in points]
    assert window.graph.rep_values() == csat
    assert csat[-1] == 4.0  # today: 5, 3, 4
    assert csat[-2] is None
    assert window.graph.rep_values()[-2] is None
    window.show_metric(Metric.FCR)
    fcr = [p.values[Metric.FCR] for p in points]
    assert window.graph.rep_values() == [None if v is None else v * 100 for v in fcr]
    assert window.graph.rep_values()[-1] == pytest.approx(100 / 3)  # 1 of 3: one transferred


def test_the_team_average_comes_from_the_server_and_is_kept_for_offline(
    qtbot: QtBot, store: LocalStore
) -> None:
    api = FakeApi()
    window = _window(qtbot, store, api)
    window.show_metric(Metric.HANDLED_PER_HOUR)
    qtbot.waitUntil(lambda: window.graph.team_values() != [], timeout=LONG_WAIT_MS)
    assert api.asked == [(TODAY, TODAY, "hour", "Europe/Paris")]
    expected = [None if n % 2 else 6.0 for n in range(24)]
    assert window.graph.team_values() == expected
    assert window.team_note.text() == "Team average as of 15:30"
    assert "Team average as of 15:30" in window.graph.legend_names()
    assert store.draft(cache_key("hour", "2026-11-25")) is not None
    # another desk session, without the server: the kept answer
    offline = _window(qtbot, store, online=False)
    offline.show_metric(Metric.AHT)
    assert offline.graph.team_values() == [6.0] * 24  # 360 s, in minutes
    assert offline.team_note.text() == "Team average as of 15:30"
    # a range never fetched: said so, no line
    _show_range(qtbot, offline, Range.MONTH)
    assert offline.graph.team_values() == []
    assert offline.team_note.text() == "Team average not available"
    assert "Team average not available" in offline.graph.legend_names()


def test_hovering_a_point_shows_its_values_goal_and_team_average(
    qtbot: QtBot, store: LocalStore
) -> None:
    window = _window(qtbot, store, FakeApi())
    window.show_metric(Metric.AHT)
    qtbot.waitUntil(lambda: window.graph.team_values() != [], timeout=LONG_WAIT_MS)
    graph = window.graph
    scene_pos = graph.getPlotItem().getViewBox().mapViewToScene(QPointF(14.2, 5.0))
    qtbot.mouseMove(graph.viewport(), graph.mapFromScene(scene_pos))
    qtbot.waitUntil(lambda: graph.highlighted == 14, timeout=LONG_WAIT_MS)
    text = "\n".join(
        (
            "14:00–15:00",
            "Average handle time: 5:00 min",
            "Goal: 5:00 min",
            "Team average: 6:00 min",
        )
    )
    assert graph.toolTip() == text
    assert window.readout.text() == text.replace("\n", "  ·  ")


def test_a_click_on_a_point_lists_its_interactions_and_opens_one(
    qtbot: QtBot, store: LocalStore
) -> None:
    window = _window(qtbot, store)
    graph = window.graph
    scene_pos = graph.getPlotItem().getViewBox().mapViewToScene(QPointF(14, 1.0))
    qtbot.mouseClick(graph.viewport(), Qt.MouseButton.LeftButton, pos=graph.mapFromScene(scene_pos))
    dialog = window.interactions
    assert dialog is not None
    assert dialog.isVisible()
    calls = stats_records.AFTERNOON_CALLS
    assert dialog.ids() == [uuid.UUID(c["id"]) for c in calls]
    assert dialog.list.item(0).text() == "14:04 · voice · Late parcel · resolved"
    with qtbot.waitSignal(window.openInteraction) as opened:
        dialog.list.setCurrentRow(1)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert opened.args == [uuid.UUID(calls[1]["id"])]
    assert not dialog.isVisible()


def test_arrow_keys_move_the_highlight_and_enter_opens_the_points_interactions(
    qtbot: QtBot, store: LocalStore
) -> None:
    window = _window(qtbot, store)
    window.graph.setFocus()
    qtbot.keyClick(window.graph, Qt.Key.Key_End)  # 23:00
    for _ in range(13):
        qtbot.keyClick(window.graph, Qt.Key.Key_Left)
    assert window.graph.highlighted == 10
    assert window.readout.text().startswith("10:00–11:00  ·  Handled per hour:")
    qtbot.keyClick(window.graph, Qt.Key.Key_Return)
    assert window.interactions is not None
    assert window.interactions.ids() == [uuid.UUID(stats_records.MORNING_CALL["id"])]
    window.interactions.reject()
    qtbot.keyClick(window.graph, Qt.Key.Key_Left)  # 9:00, nothing handled: no list
    qtbot.keyClick(window.graph, Qt.Key.Key_Return)
    assert not window.interactions.isVisible()
    assert window.status.text() == "No interactions were handled in 09:00–10:00."


def test_the_choosers_are_reached_with_tab(qtbot: QtBot, store: LocalStore) -> None:
    window = _window(qtbot, store)
    window.activateWindow()
    window.metric_box.setFocus()
    qtbot.waitUntil(window.metric_box.hasFocus)
    qtbot.keyClick(window.metric_box, Qt.Key.Key_Tab)
    assert window.range_box.hasFocus()
    assert window.metric_box.accessibleName() == "Metric"
    assert window.range_box.accessibleName() == "Range"


def test_export_writes_a_png_of_the_graph(qtbot: QtBot, store: LocalStore, tmp_path: Path) -> None:
    window = _window(qtbot, store)
    path = tmp_path / "stats.png"
    window.export_png(path)
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() > 0
    assert image.height() > 0


def test_a_change_to_the_reps_records_redraws_the_graph(qtbot: QtBot, store: LocalStore) -> None:
    window = _window(qtbot, store)
    assert window.graph.rep_values()[15] == 0.0  # signed in, nothing handled yet
    late = stats_records.handled(local(TODAY, 15), 5, 1)
    changes = feed(store, ("interaction", late))
    with qtbot.waitSignal(window.measured, timeout=LONG_WAIT_MS):
        window.records_changed(changes)
    point = _expected(store, kpi.hours_of(TODAY, ZONE))[15]
    assert window.graph.rep_values()[15] == point.values[Metric.HANDLED_PER_HOUR]
    assert window.graph.rep_values()[15] == 2.0  # one in the half hour signed in till now


def test_the_day_menu_opens_my_stats_and_an_interaction_from_it(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    profile = Profile(USER_ID, "Rep One", "rep", "US", "Northwind Goods", team_id=TEAM_ID)
    session = DeskSession("http://127.0.0.1:9", "rep", "token", profile)
    main = MainWindow(session, store, SyncBridge(), desk_settings, clock=lambda: NOW)
    qtbot.addWidget(main)
    actions = {a.text(): a for a in main.day_menu.actions()}
    action = actions["My &stats"]
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    action.trigger()
    stats = main.stats.window
    assert stats is not None
    assert stats.isVisible()
    qtbot.waitUntil(stats.is_current, timeout=LONG_WAIT_MS)
    call = stats_records.MORNING_CALL
    stats.openInteraction.emit(uuid.UUID(call["id"]))
    assert uuid.UUID(call["id"]) in main.tabs.open_ids()
