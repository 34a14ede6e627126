"""``ui_stall``: the event loop's longest stall while the queue takes 100 events a second.

An offscreen ``QApplication`` shows a :class:`~desk_app.gui.queue.panel.QueuePanel`
holding ``ITEMS`` (10,000) interactions of every channel. A precise 10 ms
``QTimer`` delivers ``RATE`` (100) queue events a second for ``SECONDS``
(10) seconds (after a busy spell, all that fell due at once, as the sync
thread would), mixed as a busy contact centre makes them: arrivals, offers,
answers, wrap-ups, priority changes, SLA pauses, abandoned calls and
removals. Beside it, a probe timer asks to run every millisecond
and notes each gap: a gap beyond that interval is a stall, time in which
the window could not have reacted to a key or repainted.

Limit anchor, in the same run: a bare ``QWidget`` window, the same probe
and the same 100/s timer calling a slot that does nothing, so what is left
is Qt's and Python's own timer overhead and the machine's noise. Goal: no
stall over 50 ms.
"""

import argparse
import dataclasses
import os
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks._report import Report, percentile

ITEMS = 10_000
RATE = 100  # queue events a second
SECONDS = 10.0
WARMUP_SECONDS = 1.0
PROBE_MS = 1
GOAL_MS = 50.0
AGENTS = 60  # the team the traffic assigns work to; one of them is the desk's rep

CHANNELS = (("voice", 0.35), ("chat", 0.3), ("email", 0.2), ("ticket", 0.15))
SLA_SECONDS = {"voice": 60, "chat": 120, "email": 4 * 3600, "ticket": 8 * 3600}
PRIORITIES = (("low", 0.1), ("normal", 0.6), ("high", 0.2), ("urgent", 0.1))
NEXT_STATUS = {"queued": "offered", "offered": "active", "active": "wrap_up", "wrap_up": "done"}
COLUMNS = [
    ("case", "case"),
    ("items", "items"),
    ("events", "events"),
    ("events_per_s", "events/s"),
    ("cpu_percent", "cpu %"),
    ("probes", "probes"),
    ("longest_stall_ms", "longest stall ms"),
    ("p99_stall_ms", "p99 stall ms"),
    ("longest_busy_ms", "longest busy ms"),
    ("longest_x_bare", "longest x bare"),
    ("p99_x_bare", "p99 x bare"),
    ("load_ms", "load ms"),
]


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class QueueTraffic:
    """Interaction records as the sync feed would bring them, from a seeded generator.

    Keeps the records it has sent that are still in the queue, so every
    update and removal concerns an item the queue holds.
    """

    def __init__(self, *, me: uuid.UUID, seed: int = 5) -> None:
        self.me = me
        self._random = random.Random(seed)
        self._agents = [me, *(uuid.uuid4() for _ in range(AGENTS - 1))]
        self._records: dict[str, dict[str, Any]] = {}
        self._ids: list[str] = []  # the same keys, for choice() in O(1)
        self._position: dict[str, int] = {}  # where each key is in _ids

    def initial(self, count: int, now: datetime) -> list[dict[str, Any]]:
        """A queue that has been busy for an hour: mostly waiting, some being worked."""
        records = []
        for _ in range(count):
            record = self._new(now - timedelta(seconds=self._random.uniform(0, 3600)))
            steps = self._random.choices((0, 1, 2, 3), weights=(70, 10, 15, 5))[0]
            for _ in range(steps):
                self._advance(record, now)
            self._keep(record)
            records.append(record)
        return records

    def next_event(self, now: datetime) -> tuple[str, Any]:
        """``("upsert", record)`` or ``("remove", interaction_id)``."""
        roll = self._random.random()
        if roll < 0.3 or not self._ids:
            record = self._new(now)
            self._keep(record)
            return "upsert", record
        record = dict(self._records[self._random.choice(self._ids)])
        record["version"] += 1
        if roll < 0.75:
            self._advance(record, now)
        elif roll < 0.85:
            self._touch(record, now)
        elif roll < 0.95:
            record["status"] = "abandoned"
            record["ended_at"] = _iso(now)
        else:
            self._forget(record["id"])
            return "remove", uuid.UUID(record["id"])
        if record["status"] in ("done", "abandoned"):
            self._forget(record["id"])
        else:
            self._records[record["id"]] = record
        return "upsert", record

    def _new(self, queued_at: datetime) -> dict[str, Any]:
        channel = self._pick(CHANNELS)
        number = self._random.randrange(10**7)
        return {
            "id": str(uuid.uuid4()),
            "channel": channel,
            "direction": "inbound",
            "status": "queued",
            "priority": self._pick(PRIORITIES),
            "subject": f"{channel.title()} about order {number}",
            "from_address": f"+1202555{number % 10**4:04d}",
            "customer_id": None,
            "assigned_agent_id": None,
            "team_id": None,
            "queued_at": _iso(queued_at),
            "sla_due_at": _iso(queued_at + timedelta(seconds=SLA_SECONDS[channel])),
            "sla_paused_at": None,
            "offered_at": None,
            "answered_at": None,
            "ended_at": None,
            "call_state": "ringing" if channel == "voice" else None,
            "skill": None,
            "version": 1,
        }

    def _advance(self, record: dict[str, Any], now: datetime) -> None:
        status = NEXT_STATUS.get(record["status"], "done")
        record["status"] = status
        if status == "offered":
            record["assigned_agent_id"] = str(self._random.choice(self._agents))
            record["offered_at"] = _iso(now)
        elif status == "active":
            record["answered_at"] = _iso(now)
        elif status == "done":
            record["ended_at"] = _iso(now)

    def _touch(self, record: dict[str, Any], now: datetime) -> None:
        if record["channel"] in ("email", "ticket") and self._random.random() < 0.5:
            record["sla_paused_at"] = None if record["sla_paused_at"] else _iso(now)
        else:
            record["priority"] = self._pick(PRIORITIES)

    def _pick(self, weighted: tuple[tuple[str, float], ...]) -> str:
        values, weights = zip(*weighted, strict=True)
        return self._random.choices(values, weights=weights)[0]

    def _keep(self, record: dict[str, Any]) -> None:
        self._records[record["id"]] = record
        self._position[record["id"]] = len(self._ids)
        self._ids.append(record["id"])

    def _forget(self, interaction_id: str) -> None:
        del self._records[interaction_id]
        position = self._position.pop(interaction_id)
        last = self._ids.pop()
        if last != interaction_id:
            self._ids[position] = last
            self._position[last] = position


@dataclasses.dataclass(frozen=True)
class Stalls:
    """What the probe saw: stalls in milliseconds beyond its 1 ms interval."""

    events: int
    seconds: float
    cpu_seconds: float  # this process's CPU time in the window: what the loop's work cost
    probes: int
    longest_ms: float
    p99_ms: float
    longest_busy_ms: float  # the most CPU the UI thread spent between two probe runs
    load_ms: float | None = None


class _Probe:
    """A 1 ms timer noting the gap since its last run, and the UI thread's CPU time in it."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.busy: list[float] = []  # CPU seconds of this thread within each gap
        self._last = 0.0
        self._last_cpu = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.gaps.clear()
        self.busy.clear()
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append(now - self._last)
        self.busy.append(cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu


def _spin(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class _Driver:
    """A 10 ms timer that keeps ``rate`` events a second on average.

    A timer does not queue the ticks it missed while the loop was busy, so
    each tick delivers every event due since the start, as the sync thread
    would hand over what arrived meanwhile in one batch.
    """

    def __init__(self, on_event: Callable[[], None], rate: int) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._on_event = on_event
        self._rate = rate
        self.events = 0
        self._started = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000 / rate)))
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.events = 0
        self._started = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        due = int((time.perf_counter() - self._started) * self._rate)
        for _ in range(due - self.events):
            self._on_event()
            self.events += 1


def _drive(on_event: Callable[[], None], *, rate: int, seconds: float, warmup: float) -> Stalls:
    """Run the loop with ``rate`` events a second and the probe; the warm-up is not counted."""
    driver = _Driver(on_event, rate)
    probe = _Probe()
    driver.start()
    _spin(warmup)
    driver.stop()
    driver.start()
    probe.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    _spin(seconds)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    probe.stop()
    driver.stop()
    stalls = [max(0.0, gap * 1000 - PROBE_MS) for gap in probe.gaps] or [0.0]
    return Stalls(
        events=driver.events,
        seconds=elapsed,
        cpu_seconds=cpu,
        probes=len(probe.gaps),
        longest_ms=max(stalls),
        p99_ms=percentile(stalls, 0.99),
        longest_busy_ms=max(probe.busy, default=0.0) * 1000,
    )


def _application() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def measure_bare(
    *, rate: int = RATE, seconds: float = SECONDS, warmup: float = WARMUP_SECONDS
) -> Stalls:
    """The anchor: an empty window, the same timers, a slot that does nothing."""
    _application()
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    window.resize(1280, 800)
    window.show()
    try:
        return _drive(lambda: None, rate=rate, seconds=seconds, warmup=warmup)
    finally:
        window.close()


def measure_queue(
    *,
    items: int = ITEMS,
    rate: int = RATE,
    seconds: float = SECONDS,
    warmup: float = WARMUP_SECONDS,
    on_panel: Callable[[Any], None] | None = None,
) -> Stalls:
    """The queue panel with ``items`` rows taking ``rate`` events a second."""
    _application()
    from PySide6.QtWidgets import QApplication

    from desk_app.gui.queue.panel import QueuePanel

    me = uuid.uuid4()
    traffic = QueueTraffic(me=me)
    records = traffic.initial(items, datetime.now(UTC))
    panel = QueuePanel(user_id=me, customer_name=lambda _customer_id: None)
    panel.resize(1280, 800)
    panel.show()
    started = time.perf_counter()
    panel.load(records)
    QApplication.processEvents()  # the first paint belongs to the load
    load_ms = (time.perf_counter() - started) * 1000

    def event() -> None:
        kind, payload = traffic.next_event(datetime.now(UTC))
        if kind == "upsert":
            panel.upsert(payload)
        else:
            panel.remove(payload)

    try:
        stalls = _drive(event, rate=rate, seconds=seconds, warmup=warmup)
        if on_panel is not None:
            on_panel(panel)
    finally:
        panel.close()
    return dataclasses.replace(stalls, load_ms=load_ms)


def _row(case: str, items: int, stalls: Stalls, bare: Stalls | None) -> dict[str, Any]:
    def ratio(value: float, anchor: float) -> float | None:
        return value / anchor if anchor > 0 else None

    return {
        "case": case,
        "items": items,
        "events": stalls.events,
        "events_per_s": stalls.events / stalls.seconds,
        "cpu_percent": 100 * stalls.cpu_seconds / stalls.seconds,
        "probes": stalls.probes,
        "longest_stall_ms": stalls.longest_ms,
        "p99_stall_ms": stalls.p99_ms,
        "longest_busy_ms": stalls.longest_busy_ms,
        "longest_x_bare": ratio(stalls.longest_ms, bare.longest_ms) if bare else None,
        "p99_x_bare": ratio(stalls.p99_ms, bare.p99_ms) if bare else None,
        "load_ms": stalls.load_ms,
    }


def run(options: argparse.Namespace) -> Report:
    bare = measure_bare()
    queue = measure_queue()
    report = Report(
        name="ui_stall",
        title=(
            f"ui_stall: event-loop stalls (gaps beyond a {PROBE_MS} ms probe timer) over "
            f"{SECONDS:.0f} s of {RATE} queue events/s, offscreen; limit anchor: a bare "
            "window under the same timers"
        ),
        columns=COLUMNS,
        rows=[
            _row("bare window", 0, bare, None),
            _row("queue panel", ITEMS, queue, bare),
        ],
    )
    verdict = "met" if queue.longest_ms <= GOAL_MS else "NOT met"
    report.notes.append(
        f"Goal: no stall over {GOAL_MS:.0f} ms: {verdict} (longest {queue.longest_ms:.1f} ms). "
        f"Load ms: load() of {ITEMS} records and the first paint."
    )
    load = os.getloadavg()[0]
    report.notes.append(
        f"Machine load average {load:.1f} on {os.cpu_count()} CPUs. Longest busy ms: the most "
        "CPU the UI thread itself used between two probe runs; a stall much longer than it "
        "was spent waiting for a CPU other processes held."
    )
    return report
