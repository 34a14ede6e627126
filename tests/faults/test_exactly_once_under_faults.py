"""Exactly once under faults: the proof of issue 4.

The real server runs as separate processes (``desk server``, two workers) on
SQLite and on PostgreSQL. A desk (``LocalStore`` + ``SyncEngine``) talks to it
only through :class:`~tests.support.fault_proxy.FaultProxy`, which cuts
connections mid-request and mid-response on a seeded schedule, while the
test kills the server (SIGKILL of every process, or SIGTERM) and starts it
again on the same port, several times. Meanwhile the desk issues thousands
of ops: ``note.add`` on a few customers (no desk-minted id, so only the
op id can stop a replay from writing a second row) and ``ticket.create``
with desk-minted ids.

At the end the server's database is read row by row: every note body and
ticket subject carries a unique marker, and the multiset of markers on the
server equals the set the desk issued: nothing lost, nothing twice.
"""

import contextlib
import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session

from desk_app.client.api import DeskApi
from desk_app.client.backoff import Backoff
from desk_app.client.store import LocalChange, LocalStore
from desk_app.client.sync import SyncEngine
from desk_app.domain.ids import new_id
from desk_app.server.notes.models import Note
from desk_app.server.sync.models import AppliedOp, ChangeLogEntry
from desk_app.server.tickets.models import Ticket
from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import LiveServer, free_port, live_server, new_database, prepare

pytestmark = pytest.mark.slow

SEED = 20_240_404
WORKERS = 2
CUSTOMERS = 4
NOTES = 1_900
TICKETS = 100
RESTARTS = 4
PRODUCE_SECONDS = 10.0  # the desk's ops are issued over this long, during the faults
DRAIN_DEADLINE = 100.0  # a bound for a hang; a loaded 2-core machine drains in 25-60 s
STEP_DEADLINE = 30.0


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (uvicorn's workers and whatever they started)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop()
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                children = [int(c) for c in (task / "children").read_text().split()]
                found += children
                pending += children
    return found


class _Server:
    """``desk server`` on a fixed port: started, killed and started again at will."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.log: deque[str] = deque(maxlen=200)
        self.kills: Counter[str] = Counter()
        self._stack: contextlib.ExitStack | None = None
        self.live: LiveServer | None = None

    def start(self) -> LiveServer:
        stack = contextlib.ExitStack()
        self.live = stack.enter_context(live_server(self.env, workers=WORKERS, port=self.port))
        self._stack = stack
        stderr = self.live.process.stderr
        assert stderr is not None
        # live_server pipes stderr: read it, or a chatty server would block on a full pipe
        threading.Thread(target=self._read, args=(stderr,), daemon=True).start()
        return self.live

    def _read(self, stream: Any) -> None:
        with contextlib.suppress(ValueError, OSError):
            for line in stream:
                self.log.append(line.rstrip())

    def kill(self, how: str) -> None:
        """``sigkill``: every process at once, mid-whatever; ``sigterm``: uvicorn's own shutdown."""
        assert self.live is not None
        assert self._stack is not None
        process = self.live.process
        if how == "sigkill":
            for pid in [process.pid, *_descendants(process.pid)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        else:
            workers = _descendants(process.pid)
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            for pid in workers:  # should be gone already; never leave one holding the port
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        process.wait(timeout=20)
        self._wait_port_free()
        self._stack.close()
        self.kills[how] += 1
        self.live = self._stack = None

    def _wait_port_free(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                requests.get(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=0.5),
            ):
                time.sleep(0.05)  # something still answers: a worker not yet reaped
                continue
            return
        raise AssertionError("the killed server still answers")

    def stop(self) -> None:
        if self._stack is not None:
            self.kill("sigterm")


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    return new_database(request.param, tmp_path=tmp_path, cluster=cluster)


@pytest.fixture
def server(server_database: str) -> Iterator[_Server]:
    running = _Server(prepare(server_database), free_port())
    running.start()
    try:
        yield running
    finally:
        running.stop()


class _CountingApi(DeskApi):
    """The desk's API, counting the answers the engine receives (the engine's thread only)."""

    def __init__(self, base_url: str, *, token: str) -> None:
        super().__init__(base_url, token=token)
        self.answers: Counter[str] = Counter()
        self.calls: deque[str] = deque(maxlen=20)  # the last calls, for a failure's message

    def post_ops(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        began = time.monotonic()
        try:
            results = super().post_ops(ops)
        except Exception as exc:
            self.calls.append(f"{began:.1f}+{time.monotonic() - began:.1f}s {len(ops)} ops: {exc}")
            raise
        self.calls.append(f"{began:.1f}+{time.monotonic() - began:.1f}s {len(ops)} ops: answered")
        for result in results:
            status = result["status"]
            first = result.get("first_status")
            self.answers[f"{status}/{first}" if first else status] += 1
        return results


def _customers(live: LiveServer, count: int) -> list[uuid.UUID]:
    headers = live.login()
    ids = []
    for number in range(count):
        created = requests.post(
            f"{live.base}/customers",
            json={"name": f"Faulty Line {number}"},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201, created.text
        ids.append(uuid.UUID(created.json()["id"]))
    return ids


def _plan(customers: list[uuid.UUID], rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """The ops the desk will issue, each with a unique marker in its text."""
    ops: list[tuple[str, dict[str, Any]]] = []
    for number in range(NOTES):
        body = f"fault note n{number:05d} said on the line"
        subject = rng.choice(customers)
        ops.append(("note.add", {"subject_type": "customer", "subject_id": subject, "body": body}))
    for number in range(TICKETS):
        at = rng.randrange(len(ops) + 1)
        ticket = {
            "id": new_id(),
            "subject": f"fault ticket t{number:04d}",
            "department": "billing",
            "customer_id": rng.choice(customers),
        }
        ops.insert(at, ("ticket.create", ticket))
    return ops


def _produce(
    store: LocalStore,
    engine: SyncEngine,
    plan: list[tuple[str, dict[str, Any]]],
    issued: list[uuid.UUID],
    stop: threading.Event,
) -> None:
    """Issue the ops as a user would, in small bursts spread over PRODUCE_SECONDS."""
    bursts = 100
    size = -(-len(plan) // bursts)
    for start in range(0, len(plan), size):
        if stop.is_set():
            return
        for kind, payload in plan[start : start + size]:
            local = None
            if kind == "ticket.create":
                local = LocalChange("ticket", payload["id"], {"subject": payload["subject"]})
            issued.append(store.record_op(kind, payload, local=local))
        engine.wake()
        time.sleep(PRODUCE_SECONDS / bursts)


def _wait(condition: Any, deadline: float, what: Any) -> None:
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what()}"
        time.sleep(0.05)


def test_every_op_is_on_the_server_exactly_once_through_cuts_kills_and_restarts(
    server: _Server, server_database: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    assert server.live is not None
    customers = _customers(server.live, CUSTOMERS)
    token = server.live.login()["Authorization"].removeprefix("Bearer ")
    plan = _plan(customers, rng)

    store = LocalStore.open(tmp_path / "desk" / "store.sqlite3")
    issued: list[uuid.UUID] = []
    stop_desk, stop_producer = threading.Event(), threading.Event()
    with FaultProxy(server.port, seed=SEED, cut_request=0.15, cut_response=0.2) as proxy:
        api = _CountingApi(f"http://127.0.0.1:{proxy.port}/api/v1", token=token)
        engine = SyncEngine(
            store,
            api,
            follow_events=False,
            page_size=100,
            poll_seconds=0.5,
            backoff=Backoff(base=0.05, cap=0.5, rng=random.Random(SEED + 1).random),
        )
        desk = threading.Thread(target=engine.run, args=(stop_desk,), daemon=True)
        producer = threading.Thread(
            target=_produce, args=(store, engine, plan, issued, stop_producer), daemon=True
        )
        started = time.monotonic()
        timeline: list[str] = []  # what happened when, for the report and a failure's message

        def mark(event: str) -> None:
            waiting = store.replica.counts()[0]
            timeline.append(f"{time.monotonic() - started:.1f}s {event} ({waiting} waiting)")

        desk.start()
        producer.start()
        try:
            # the faults: the server dies and comes back while ops flow through the cuts
            for cycle in range(RESTARTS):
                time.sleep(rng.uniform(0.8, 2.0))
                how = "sigkill" if cycle % 2 == 0 else "sigterm"
                mark(f"{how} after {len(issued)} issued")
                server.kill(how)
                time.sleep(rng.uniform(0.0, 0.5))  # down: the desk queues and backs off
                server.start()
                mark("up again")
            producer.join(STEP_DEADLINE)
            assert not producer.is_alive(), "the desk did not finish issuing its ops"
            assert len(issued) == len(plan)
            mark("all issued")
            # the cuts go on while the desk drains the rest
            _wait(
                lambda: store.replica.counts()[0] == 0,
                DRAIN_DEADLINE,
                lambda: (
                    f"the outbox to drain: {timeline}; {engine.status}; proxy {dict(proxy.stats)}; "
                    f"answers {dict(api.answers)}; now {time.monotonic():.1f}; "
                    f"calls {list(api.calls)}; "
                    f"server log {list(server.log)[-30:]}"
                ),
            )
        finally:
            stop_producer.set()
            stop_desk.set()
            desk.join(STEP_DEADLINE)
            api.close()
        mark("drained")
        stats = dict(proxy.stats)
    assert not desk.is_alive()
    print(f"\n{len(issued)} ops; {timeline}; proxy {stats}; answers {dict(api.answers)}")

    # the desk: nothing waiting, nothing refused, every ticket has the server's copy
    assert store.replica.counts() == (0, 0, 0), store.rejected()[:3]
    tickets_issued = {
        payload["id"]: payload["subject"] for kind, payload in plan if kind != "note.add"
    }
    for ticket_id in tickets_issued:
        cached = store.record("ticket", ticket_id)
        assert cached is not None
        assert cached.get("number"), cached
    store.close()

    # the server, row by row
    db = sa.create_engine(server_database)
    try:
        with Session(db) as session:
            bodies = Counter(
                session.scalars(sa.select(Note.body).where(Note.subject_id.in_(customers)))
            )
            tickets = Counter(
                (row.id, row.subject)
                for row in session.execute(sa.select(Ticket.id, Ticket.subject))
            )
            claims = Counter(
                (row.op_id, row.status)
                for row in session.execute(
                    sa.select(AppliedOp.op_id, AppliedOp.status).where(
                        AppliedOp.kind.in_(["note.add", "ticket.create"])
                    )
                )
            )
            note_ids = list(session.scalars(sa.select(Note.id)))
            logged = Counter(
                session.scalars(
                    sa.select(ChangeLogEntry.entity_id).where(ChangeLogEntry.entity == "note")
                )
            )
    finally:
        db.dispose()
    expected_bodies = Counter(payload["body"] for kind, payload in plan if kind == "note.add")
    assert len(expected_bodies) == NOTES  # every marker unique
    lost = expected_bodies - bodies
    twice = bodies - expected_bodies
    assert not lost, f"{sum(lost.values())} notes lost, e.g. {list(lost)[:3]}"
    assert not twice, f"{sum(twice.values())} extra notes, e.g. {list(twice)[:3]}"
    assert tickets == Counter(tickets_issued.items())
    assert claims == Counter((op_id, "applied") for op_id in issued)
    assert len(note_ids) == NOTES
    assert logged == Counter(note_ids)  # one change-log entry per note, none for a replay

    # the faults did happen, and lost answers were replayed and answered as duplicates
    assert server.kills["sigkill"] >= 2
    assert server.kills["sigterm"] >= 1
    assert stats.get("cut_request", 0) >= 3, stats
    assert stats.get("cut_response", 0) >= 3, stats
    assert api.answers["duplicate/applied"] >= 1, api.answers
