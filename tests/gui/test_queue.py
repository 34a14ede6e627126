"""The queue view: row-by-row model changes, filters, time-to-breach order, SLA colours, keys."""

import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QRadioButton, QTableView
from pytestqt.qtbot import QtBot

from desk_app.domain.enums import Channel
from desk_app.gui.icons import ICON_DIR, icon
from desk_app.gui.queue.filters import QueueFilterProxy, Scope
from desk_app.gui.queue.item import SlaState
from desk_app.gui.queue.model import (
    AMBER,
    COL_CHANNEL,
    COL_CUSTOMER,
    COL_PRIORITY,
    COL_SLA,
    COL_SUBJECT,
    COL_WAITING,
    ID_ROLE,
    RED,
    SLA_STATE_ROLE,
    SORT_ROLE,
    QueueModel,
)
from desk_app.gui.queue.panel import QueuePanel
from tests.gui.offer_records import Clock

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME = uuid.UUID("00000000-0000-7000-8000-0000000000aa")
ALT = Qt.KeyboardModifier.AltModifier


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def record(
    *,
    channel: str = "chat",
    status: str = "queued",
    priority: str = "normal",
    queued: float = 0,
    due: float | None = 300,
    paused: float | None = None,
    answered: float | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An InteractionRead-shaped record; times are seconds after ``T0``."""
    base = {
        "id": str(uuid.uuid4()),
        "channel": channel,
        "direction": "inbound",
        "status": status,
        "priority": priority,
        "subject": f"{channel} subject",
        "from_address": "+12025550143",
        "customer_id": None,
        "assigned_agent_id": None,
        "team_id": None,
        "queued_at": _iso(T0 + timedelta(seconds=queued)),
        "sla_due_at": None if due is None else _iso(T0 + timedelta(seconds=due)),
        "sla_paused_at": None if paused is None else _iso(T0 + timedelta(seconds=paused)),
        "offered_at": None,
        "answered_at": None if answered is None else _iso(T0 + timedelta(seconds=answered)),
        "call_state": None,
        "skill": None,
        "version": 1,
    }
    return {**base, **fields}


def _id(data: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(data["id"])


class Signals:
    """Counts of a model's structural signals, and the spans of its dataChanged."""

    def __init__(self, model: QueueModel | QueueFilterProxy) -> None:
        self.counts: Counter[str] = Counter()
        self.changed: list[tuple[int, int, int, int, list[int]]] = []
        for name in ("modelReset", "rowsInserted", "rowsRemoved", "rowsMoved", "layoutChanged"):
            getattr(model, name).connect(lambda *_args, name=name: self.counts.update([name]))
        model.dataChanged.connect(self._data_changed)

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any) -> None:
        self.counts.update(["dataChanged"])
        self.changed.append(
            (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column(), roles)
        )


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def names() -> dict[uuid.UUID, str]:
    return {}


@pytest.fixture
def model(qapp: Any, clock: Clock, names: dict[uuid.UUID, str]) -> QueueModel:
    return QueueModel(customer_name=names.get, clock=clock)


@pytest.fixture
def proxy(model: QueueModel) -> QueueFilterProxy:
    return QueueFilterProxy(model, user_id=ME)


@pytest.fixture
def panel(qtbot: QtBot, clock: Clock, names: dict[uuid.UUID, str]) -> QueuePanel:
    panel = QueuePanel(user_id=ME, customer_name=names.get, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def _visible_ids(proxy: QueueFilterProxy) -> list[uuid.UUID]:
    return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())]


def _table(panel: QueuePanel) -> QTableView:
    table = panel.findChild(QTableView, "queueTable")
    assert table is not None
    return table


# --- the model ---------------------------------------------------------------------------


def test_after_load_every_change_is_a_row_signal_never_a_reset(model: QueueModel) -> None:
    first, second = record(), record()
    signals = Signals(model)
    model.load([first, second])
    assert signals.counts["modelReset"] == 1

    arriving = record(channel="voice")
    model.upsert(arriving)
    assert signals.counts["rowsInserted"] == 1
    assert model.row_of(_id(arriving)) == 2

    model.upsert({**first, "priority": "urgent", "version": 2})
    assert signals.changed[-1][0] == signals.changed[-1][2] == 0  # that row and no other
    assert model.record(0)["priority"] == "urgent"

    assert model.remove(_id(first)) is True
    assert signals.counts["rowsRemoved"] == 1
    assert model.row_of(_id(second)) == 0
    assert model.row_of(_id(arriving)) == 1
    assert model.remove(_id(first)) is False
    assert signals.counts["modelReset"] == 1


def test_a_done_or_abandoned_record_leaves_the_queue(model: QueueModel) -> None:
    waiting, answered = record(), record(status="active", answered=10)
    model.load([waiting, answered, record(status="done")])
    assert model.rowCount() == 2

    model.upsert({**waiting, "status": "abandoned"})
    model.upsert({**answered, "status": "done"})
    model.upsert(record(status="done"))  # never queued here: nothing to insert

    assert model.rowCount() == 0


def test_the_id_index_holds_over_10000_rows_and_1000_mixed_changes(model: QueueModel) -> None:
    rng = random.Random(7)
    live = {r["id"]: r for r in (record(queued=-i) for i in range(10_000))}
    model.load(live.values())
    for step in range(1000):
        roll = rng.random()
        if roll < 0.3:
            new = record(queued=step)
            live[new["id"]] = new
            model.upsert(new)
        elif roll < 0.6:
            changed = {**live[rng.choice(list(live))], "priority": rng.choice(["low", "urgent"])}
            live[changed["id"]] = changed
            model.upsert(changed)
        elif roll < 0.8:
            gone = live.pop(rng.choice(list(live)))
            model.upsert({**gone, "status": "done"})
        else:
            model.remove(_id(live.pop(rng.choice(list(live)))))

    assert model.rowCount() == len(live)
    for row in range(model.rowCount()):
        item = model.item(row)
        assert model.row_of(item.id) == row
        assert model.record(row) == live[str(item.id)]


def test_the_clock_tick_is_one_signal_over_the_time_columns(
    model: QueueModel, proxy: QueueFilterProxy
) -> None:
    model.load([record(queued=-i) for i in range(500)])
    source_signals, proxy_signals = Signals(model), Signals(proxy)

    model.tick()

    assert source_signals.changed == [(0, COL_WAITING, 499, COL_SLA, source_signals.changed[0][4])]
    assert SORT_ROLE not in source_signals.changed[0][4]
    # The proxy passes it on as one signal and neither re-sorts nor re-filters.
    assert proxy_signals.counts == Counter({"dataChanged": 1})
    assert proxy_signals.changed[0][:4] == (0, COL_WAITING, 499, COL_SLA)


def test_sla_turns_amber_under_a_quarter_left_then_red_and_shows_paused(
    model: QueueModel, clock: Clock
) -> None:
    running, paused = record(queued=0, due=100), record(queued=0, due=100, paused=30)
    model.load([running, paused])
    sla, waiting = model.index(0, COL_SLA), model.index(0, COL_WAITING)

    clock.now = T0 + timedelta(seconds=50)
    assert sla.data() == "0:50"
    assert sla.data(SLA_STATE_ROLE) == SlaState.OK
    assert sla.data(Qt.ItemDataRole.ForegroundRole) is None

    clock.now = T0 + timedelta(seconds=80)
    assert sla.data() == "0:20"
    assert sla.data(SLA_STATE_ROLE) == SlaState.AMBER
    assert sla.data(Qt.ItemDataRole.ForegroundRole) == AMBER

    clock.now = T0 + timedelta(seconds=115)
    assert sla.data() == "-0:15"
    assert sla.data(SLA_STATE_ROLE) == SlaState.BREACHED
    assert sla.data(Qt.ItemDataRole.ForegroundRole) == RED
    assert "breached" in sla.data(Qt.ItemDataRole.ToolTipRole)
    assert waiting.data() == "1:55"

    paused_sla = model.index(1, COL_SLA)
    assert paused_sla.data() == "paused"
    assert paused_sla.data(SLA_STATE_ROLE) == SlaState.PAUSED
    assert paused_sla.data(Qt.ItemDataRole.ForegroundRole) is None


def test_customer_column_names_the_customer_or_falls_back_to_the_address(
    model: QueueModel, names: dict[uuid.UUID, str]
) -> None:
    known, unknown = uuid.uuid4(), uuid.uuid4()
    names[known] = "Ada Lovelace"
    model.load(
        [
            record(customer_id=str(known)),
            record(customer_id=str(unknown), from_address="ada@example.com"),
            record(from_address=None),
            record(from_address="+12025550143"),
        ]
    )
    assert [model.index(row, COL_CUSTOMER).data() for row in range(4)] == [
        "Ada Lovelace",
        "ada@example.com",
        "",
        "+1 202-555-0143",  # an unknown caller's number as people read it
    ]


def test_every_channel_has_its_icon_and_tooltip(model: QueueModel) -> None:
    model.load([record(channel=channel.value) for channel in Channel])
    for row, channel in enumerate(Channel):
        index = model.index(row, COL_CHANNEL)
        assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
        assert index.data(Qt.ItemDataRole.ToolTipRole)
        assert (ICON_DIR / f"channel-{channel.value}.svg").is_file()
    with pytest.raises(FileNotFoundError):
        icon("channel-fax")


# --- filters and order -------------------------------------------------------------------


def test_time_to_breach_orders_every_channel_by_due_then_priority_then_arrival(
    model: QueueModel, proxy: QueueFilterProxy
) -> None:
    no_sla = record(channel="ticket", due=None)
    paused = record(channel="email", due=50, paused=10)
    late_email = record(channel="email", due=900)
    call = record(channel="voice", due=60)
    urgent_chat = record(channel="chat", due=120, priority="urgent", queued=30)
    normal_chat_older = record(channel="chat", due=120, queued=0)
    normal_chat = record(channel="chat", due=120, queued=20)
    model.load([no_sla, paused, late_email, normal_chat, urgent_chat, call, normal_chat_older])

    assert _visible_ids(proxy) == [
        _id(r) for r in (call, urgent_chat, normal_chat_older, normal_chat, late_email)
    ] + [_id(paused), _id(no_sla)]


def test_channel_filter_and_mine_scope(model: QueueModel, proxy: QueueFilterProxy) -> None:
    mine_call = record(channel="voice", status="offered", assigned_agent_id=str(ME), due=10)
    team_call = record(channel="voice", due=20)
    my_email = record(channel="email", status="active", assigned_agent_id=str(ME), due=30)
    team_chat = record(channel="chat", due=40)
    model.load([mine_call, team_call, my_email, team_chat])

    proxy.set_channel(Channel.VOICE)
    assert _visible_ids(proxy) == [_id(mine_call), _id(team_call)]
    proxy.set_scope(Scope.MINE)
    assert _visible_ids(proxy) == [_id(mine_call)]
    proxy.set_channel(None)
    assert _visible_ids(proxy) == [_id(mine_call), _id(my_email)]

    # A change of assignment moves an item into or out of "mine" without a reset.
    signals = Signals(proxy)
    model.upsert({**team_chat, "status": "offered", "assigned_agent_id": str(ME)})
    model.upsert({**mine_call, "assigned_agent_id": str(uuid.uuid4())})
    assert _visible_ids(proxy) == [_id(my_email), _id(team_chat)]
    assert signals.counts["rowsInserted"] == signals.counts["rowsRemoved"] == 1
    assert signals.counts["modelReset"] == 0

    proxy.set_scope(Scope.TEAM)
    assert proxy.rowCount() == 4


def test_sorting_by_a_column_and_back_to_time_to_breach(
    model: QueueModel, proxy: QueueFilterProxy
) -> None:
    low = record(priority="low", subject="b", due=10)
    urgent = record(priority="urgent", subject="a", due=30)
    high_early = record(priority="high", subject="c", due=20)
    high_late = record(priority="high", subject="d", due=40)
    model.load([low, urgent, high_early, high_late])

    proxy.sort(COL_PRIORITY, Qt.SortOrder.DescendingOrder)
    # Equal priorities keep the time-to-breach order even when the column is descending.
    assert _visible_ids(proxy) == [_id(urgent), _id(high_early), _id(high_late), _id(low)]
    proxy.sort(COL_SUBJECT, Qt.SortOrder.AscendingOrder)
    assert _visible_ids(proxy) == [_id(urgent), _id(low), _id(high_early), _id(high_late)]
    proxy.sort(COL_WAITING, Qt.SortOrder.DescendingOrder)  # the longest wait first
    model.upsert(record(queued=-60, subject="oldest"))
    assert proxy.index(0, COL_SUBJECT).data() == "oldest"

    proxy.sort_by_time_to_breach()
    assert proxy.index(0, COL_SUBJECT).data() == "b"


def test_a_changed_row_moves_alone_and_keeps_its_selection(
    model: QueueModel, proxy: QueueFilterProxy
) -> None:
    records = [record(due=10 * (i + 1), subject=str(i)) for i in range(5)]
    model.load(records)
    held = QPersistentModelIndex(proxy.index(1, 0))  # what a view's selection holds
    signals = Signals(proxy)

    model.upsert({**records[1], "sla_due_at": _iso(T0 + timedelta(seconds=45))})

    assert [proxy.index(row, COL_SUBJECT).data() for row in range(5)] == list("02314")
    assert held.row() == 3
    assert signals.counts["rowsMoved"] == 1
    assert signals.counts["modelReset"] == signals.counts["layoutChanged"] == 0

    proxy.set_channel(Channel.CHAT)  # a filter change keeps the same interaction held
    assert held.data(ID_ROLE) == _id(records[1])
    proxy.set_channel(Channel.VOICE)
    assert not held.isValid()


# --- the panel ---------------------------------------------------------------------------


def test_enter_and_double_click_open_the_row_under_the_cursor_after_sorting(
    qtbot: QtBot, panel: QueuePanel
) -> None:
    low, urgent, normal = (
        record(priority="low", due=10),
        record(priority="urgent", due=30),
        record(priority="normal", due=20),
    )
    panel.load([low, urgent, normal])
    table = _table(panel)
    table.sortByColumn(COL_PRIORITY, Qt.SortOrder.DescendingOrder)
    panel.focus_list()
    assert table.hasFocus()

    qtbot.keyClick(table, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.openRequested) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [_id(normal)]

    qtbot.keyClick(table, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.openRequested) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert opened.args == [_id(low)]

    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0
    first_cell = table.visualRect(table.model().index(0, COL_SUBJECT)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first_cell)
    with qtbot.waitSignal(panel.openRequested) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first_cell)
    assert opened.args == [_id(urgent)]

    panel.sort_by_time_to_breach()
    assert table.horizontalHeader().sortIndicatorSection() == COL_SLA
    assert _visible_ids(panel.proxy) == [_id(low), _id(normal), _id(urgent)]


def test_filters_have_names_mnemonics_and_a_count(qtbot: QtBot, panel: QueuePanel) -> None:
    panel.load(
        [
            record(channel="voice"),
            record(channel="chat"),
            record(channel="chat", status="active", assigned_agent_id=str(ME)),
        ]
    )
    combo = panel.findChild(QComboBox, "queueChannelFilter")
    mine = panel.findChild(QRadioButton, "queueScopeMine")
    team = panel.findChild(QRadioButton, "queueScopeTeam")
    count = panel.findChild(QLabel, "queueCount")
    label = panel.findChild(QLabel, "queueChannelLabel")
    assert all(widget.accessibleName() for widget in (combo, mine, team, count, _table(panel)))
    assert label.buddy() is combo
    assert mine.shortcut() == QKeySequence("Alt+M")
    assert team.shortcut() == QKeySequence("Alt+T")
    assert count.text() == "3 in queue"

    combo.setCurrentIndex(combo.findData(Channel.CHAT))
    assert count.text() == "2 of 3"
    qtbot.keyClick(panel, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(mine.isChecked)  # a mnemonic animates the click for 100 ms
    assert count.text() == "1 of 3"
    qtbot.keyClick(panel, Qt.Key.Key_T, ALT)
    qtbot.waitUntil(team.isChecked)
    panel.set_channel(None)
    assert count.text() == "3 in queue"


def test_oldest_due_follows_unanswered_items_only(qtbot: QtBot, panel: QueuePanel) -> None:
    seen: list[datetime | None] = []
    panel.oldestDueChanged.connect(seen.append)
    first, second = record(due=60), record(due=120)
    panel.load([first, second, record(due=10, status="active", answered=5)])
    assert panel.oldest_due() == T0 + timedelta(seconds=60)

    panel.upsert({**first, "status": "active", "answered_at": _iso(T0 + timedelta(seconds=9))})
    assert panel.oldest_due() == T0 + timedelta(seconds=120)
    panel.upsert({**second, "subject": "same due, no signal"})
    panel.upsert({**second, "sla_paused_at": _iso(T0)})
    assert panel.oldest_due() is None

    assert seen == [T0 + timedelta(seconds=60), T0 + timedelta(seconds=120), None]


def test_queue_events_repaint_at_most_once_an_interval(qtbot: QtBot, panel: QueuePanel) -> None:
    panel.load([record(due=i) for i in range(50)])
    viewport = _table(panel).viewport()

    panel.upsert(record(due=5))  # paints now
    panel.upsert(record(due=6))  # within the interval: held
    assert not viewport.updatesEnabled()
    assert panel.proxy.rowCount() == 52  # the model did not wait

    qtbot.waitUntil(viewport.updatesEnabled, timeout=2000)


def test_a_key_press_in_the_queue_is_never_held_back(qtbot: QtBot, panel: QueuePanel) -> None:
    panel.load([record(due=i) for i in range(50)])
    table, viewport = _table(panel), _table(panel).viewport()
    panel.focus_list()
    panel.upsert(record(due=5))
    panel.upsert(record(due=6))
    assert not viewport.updatesEnabled()

    qtbot.keyClick(table, Qt.Key.Key_Down)

    assert viewport.updatesEnabled()
    assert table.currentIndex().row() == 1
