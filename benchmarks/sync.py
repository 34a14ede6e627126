"""``sync``: ops applied per second by ``POST /api/v1/sync/ops``, and a desk draining 10,000 ops.

On a throwaway PostgreSQL, migrated and with an admin account, the real
server runs as ``uvicorn --factory desk_app.server.app:create_app`` with 4
workers. Two figures, each beside its limit anchor measured in the same run
on the same database:

(a) ``CLIENTS`` client threads each post ``BATCHES_PER_CLIENT`` batches of
    100 ``note.add`` ops (after one warm-up batch each); ops applied per
    second over the wall time. Anchor: the same rows (an ``applied_op`` row
    and a ``note`` row per op, in the server's own tables) written by raw
    ``INSERT ... ON CONFLICT DO NOTHING`` through psycopg by as many
    connections, once with one transaction per op (what exactly-once per op
    costs at the least) and once with one transaction per batch of 100.
(b) a desk (``LocalStore`` + ``SyncEngine``, one connection, as a real desk)
    with ``DRAIN_OPS`` queued ``note.add`` ops runs sync steps until its
    outbox is empty; the time includes pulling its own changes back from
    the feed, as a real desk does. Anchor: the same number of rows at (a)'s
    raw per-op-transaction rate.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg.types.json import Json

from benchmarks._report import Report, percentile
from benchmarks._server import uvicorn_server
from desk_app.client.api import DeskApi
from desk_app.client.store import LocalStore
from desk_app.client.sync import SyncEngine
from desk_app.domain.ids import new_id

WORKERS = 4
CLIENTS = 4
BATCH = 100
BATCHES_PER_CLIENT = 10
DRAIN_OPS = 10_000
CUSTOMERS = 20
COLUMNS = [
    ("case", "case"),
    ("ops", "ops"),
    ("clients", "clients"),
    ("seconds", "seconds"),
    ("ops_per_s", "ops/s"),
    ("anchor", "limit anchor"),
    ("anchor_seconds", "anchor s"),
    ("anchor_ops_per_s", "anchor ops/s"),
    ("x_anchor", "x anchor time"),
]

_INSERT_OP = (
    "INSERT INTO applied_op (op_id, user_id, kind, status, answer, applied_at) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)
_INSERT_NOTE = (
    "INSERT INTO note (id, subject_type, subject_id, author_id, body, created_at) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)


def _say(message: str) -> None:
    print(f"[sync] {message}", file=sys.stderr, flush=True)


def _note_ops(customers: list[str], count: int, tag: str) -> list[dict[str, Any]]:
    return [
        {
            "op_id": str(new_id()),
            "kind": "note.add",
            "payload": {
                "subject_type": "customer",
                "subject_id": customers[number % len(customers)],
                "body": f"{tag} note {number}: called back about the delivery window",
            },
        }
        for number in range(count)
    ]


def _batches(ops: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [ops[start : start + BATCH] for start in range(0, len(ops), BATCH)]


def _post_all(
    base: str, headers: dict[str, str], batches: list[list[dict[str, Any]]]
) -> list[float]:
    """Post batches one after another on one connection; each round trip's seconds."""
    seconds = []
    with requests.Session() as session:
        for batch in batches:
            began = time.perf_counter()
            response = session.post(
                f"{base}/api/v1/sync/ops", json={"ops": batch}, headers=headers, timeout=120
            )
            seconds.append(time.perf_counter() - began)
            response.raise_for_status()
            statuses = {result["status"] for result in response.json()["results"]}
            if statuses != {"applied"}:
                raise RuntimeError(f"ops not applied: {statuses}")
    return seconds


def _concurrently(work: list[Callable[[], Any]]) -> tuple[float, list[Any]]:
    """Run every callable on its own thread from one start line; wall seconds and results."""
    start = threading.Barrier(len(work) + 1)

    def wrapped(job: Callable[[], Any]) -> Any:
        start.wait()
        return job()

    with ThreadPoolExecutor(len(work)) as pool:
        futures = [pool.submit(wrapped, job) for job in work]
        start.wait()
        began = time.perf_counter()
        results = [future.result() for future in futures]
        return time.perf_counter() - began, results


def _measure_server(base: str, headers: dict[str, str], customers: list[str]) -> dict[str, Any]:
    clients = [
        _batches(_note_ops(customers, BATCH * (BATCHES_PER_CLIENT + 1), f"c{c}"))
        for c in range(CLIENTS)
    ]
    _concurrently([lambda b=batches: _post_all(base, headers, b[:1]) for batches in clients])
    wall, timings = _concurrently(
        [lambda b=batches: _post_all(base, headers, b[1:]) for batches in clients]
    )
    rounds = [t for per_client in timings for t in per_client]
    ops = CLIENTS * BATCHES_PER_CLIENT * BATCH
    return {
        "ops": ops,
        "seconds": wall,
        "ops_per_s": ops / wall,
        "median_ms": statistics.median(rounds) * 1000,
        "p99_ms": percentile(rounds, 0.99) * 1000,
    }


def _raw_rows(
    user_id: uuid.UUID, customers: list[str], count: int, tag: str
) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """The rows the server writes for ``count`` note.add ops: (applied_op, note)."""
    now = datetime.now(UTC)
    rows = []
    for number in range(count):
        op_id, note_id = new_id(), new_id()
        subject = uuid.UUID(customers[number % len(customers)])
        body = f"{tag} note {number}: called back about the delivery window"
        record = {
            "id": str(note_id),
            "subject_type": "customer",
            "subject_id": str(subject),
            "author_id": str(user_id),
            "body": body,
            "created_at": now.isoformat(),
        }
        answer = Json({"status": "applied", "record": record, "reason": None})
        rows.append(
            (
                (op_id, user_id, "note.add", "applied", answer, now),
                (note_id, "customer", subject, user_id, body, now),
            )
        )
    return rows


def _insert_raw(
    conninfo: str, rows: list[tuple[tuple[Any, ...], tuple[Any, ...]]], per: int
) -> None:
    """INSERT ... ON CONFLICT DO NOTHING of the rows, committing every ``per`` ops."""
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            if per == 1:
                cursor.execute(_INSERT_OP, chunk[0][0])
                cursor.execute(_INSERT_NOTE, chunk[0][1])
            else:
                cursor.executemany(_INSERT_OP, [op for op, _ in chunk])
                cursor.executemany(_INSERT_NOTE, [note for _, note in chunk])
            connection.commit()


def _measure_anchor(
    conninfo: str, user_id: uuid.UUID, customers: list[str], per: int
) -> dict[str, Any]:
    ops_per_client = BATCHES_PER_CLIENT * BATCH
    jobs = [_raw_rows(user_id, customers, ops_per_client, f"a{per}-{c}") for c in range(CLIENTS)]
    _insert_raw(conninfo, _raw_rows(user_id, customers, BATCH, f"w{per}"), per)  # warm-up
    wall, _ = _concurrently([lambda rows=rows: _insert_raw(conninfo, rows, per) for rows in jobs])
    ops = CLIENTS * ops_per_client
    return {"ops": ops, "seconds": wall, "ops_per_s": ops / wall}


class _TimedApi(DeskApi):
    """The desk's API, adding up the time spent pulling the change feed."""

    pull_seconds = 0.0

    def changes(self, after: int, limit: int = 500) -> dict[str, Any]:
        began = time.perf_counter()
        try:
            return super().changes(after, limit)
        finally:
            self.pull_seconds += time.perf_counter() - began


def _measure_desk(base: str, token: str, customers: list[str], workdir: Path) -> dict[str, Any]:
    store = LocalStore.open(workdir / "desk" / "store.sqlite3")
    api = _TimedApi(f"{base}/api/v1", token=token)
    engine = SyncEngine(store, api, follow_events=False)
    try:
        if not engine.step():  # catch up with the feed first: the drain then pulls only its own
            raise RuntimeError(f"the desk could not sync: {engine.status.last_error}")
        began = time.perf_counter()
        for op in _note_ops(customers, DRAIN_OPS, "desk"):
            store.record_op(op["kind"], op["payload"])
        recorded = time.perf_counter() - began
        api.pull_seconds = 0.0
        steps, began = 0, time.perf_counter()
        while store.replica.counts()[0] and steps < 100:
            if not engine.step():
                raise RuntimeError(f"sync step failed: {engine.status.last_error}")
            steps += 1
        drained = time.perf_counter() - began
        left = store.replica.counts()
        if left != (0, 0, 0):
            raise RuntimeError(f"the desk did not drain cleanly: {left}")
    finally:
        api.close()
        store.close()
    return {
        "ops": DRAIN_OPS,
        "seconds": drained,
        "ops_per_s": DRAIN_OPS / drained,
        "record_ops_per_s": DRAIN_OPS / recorded,
        "pull_seconds": api.pull_seconds,
        "steps": steps,
    }


def _row(
    case: str, clients: int, figure: dict[str, Any], anchor: str, anchor_seconds: float
) -> dict[str, Any]:
    return {
        "case": case,
        "ops": figure["ops"],
        "clients": clients,
        "seconds": figure["seconds"],
        "ops_per_s": figure["ops_per_s"],
        "anchor": anchor,
        "anchor_seconds": anchor_seconds,
        "anchor_ops_per_s": figure["ops"] / anchor_seconds,
        "x_anchor": figure["seconds"] / anchor_seconds,
    }


def run(options: argparse.Namespace) -> Report:
    del options  # fixed sizes: the figures are quoted in the note
    from tests.support.live_server import ADMIN, prepare  # the one way Desk sets up a server DB
    from tests.support.postgres import throwaway_cluster

    report = Report(
        name="sync",
        title=(
            f"sync: POST /api/v1/sync/ops, batches of {BATCH} note.add, PostgreSQL, "
            f"{WORKERS} uvicorn workers; limit anchor: raw INSERT ... ON CONFLICT DO NOTHING "
            "of the same rows through psycopg on the same database"
        ),
        columns=COLUMNS,
    )
    with (
        tempfile.TemporaryDirectory(prefix="bench-sync-") as workdir,
        throwaway_cluster() as cluster,
    ):
        url = cluster.url("postgres")
        conninfo = f"host={cluster.socket_dir} port={cluster.port} user=postgres dbname=postgres"
        _say("migrating and creating the admin account")
        prepare(url)
        env = {"DESK_DATABASE_URL": url, "DESK_WORKERS": str(WORKERS)}
        with uvicorn_server(
            "desk_app.server.app:create_app",
            factory=True,
            workers=WORKERS,
            env=env,
            ready_path="/api/v1/health",
        ) as base:
            login = requests.post(
                f"{base}/api/v1/auth/login",
                json={"username": ADMIN[0], "password": ADMIN[1]},
                timeout=30,
            )
            login.raise_for_status()
            token = login.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            user_id = uuid.UUID(
                requests.get(f"{base}/api/v1/me", headers=headers, timeout=30).json()["id"]
            )
            customers = []
            for number in range(CUSTOMERS):
                created = requests.post(
                    f"{base}/api/v1/customers",
                    json={"name": f"Bench Caller {number}"},
                    headers=headers,
                    timeout=30,
                )
                created.raise_for_status()
                customers.append(created.json()["id"])

            _say(f"(a) {CLIENTS} clients x {BATCHES_PER_CLIENT} batches of {BATCH}")
            server = _measure_server(base, headers, customers)
            _say(f"(a) {server['ops_per_s']:.0f} ops/s; anchors")
            per_op = _measure_anchor(conninfo, user_id, customers, per=1)
            per_batch = _measure_anchor(conninfo, user_id, customers, per=BATCH)
            _say(f"anchors {per_op['ops_per_s']:.0f} / {per_batch['ops_per_s']:.0f} ops/s")
            _say(f"(b) a desk drains {DRAIN_OPS} queued ops")
            desk = _measure_desk(base, token, customers, Path(workdir))
            _say(f"(b) {desk['seconds']:.1f} s")

    case_a = f"(a) POST /sync/ops x{BATCH}"
    report.rows.append(_row(case_a, CLIENTS, server, "raw, 1 txn per op", per_op["seconds"]))
    report.rows.append(
        _row(case_a, CLIENTS, server, f"raw, 1 txn per {BATCH}", per_batch["seconds"])
    )
    drain_anchor = DRAIN_OPS / per_op["ops_per_s"]
    report.rows.append(
        _row(f"(b) desk drains {DRAIN_OPS}", 1, desk, "(a)'s raw 1 txn/op rate", drain_anchor)
    )
    report.notes += [
        f"(a) batch round trip: median {server['median_ms']:.0f} ms, "
        f"p99 {server['p99_ms']:.0f} ms; "
        f"raw anchors measured with {CLIENTS} psycopg connections, each op = 1 applied_op row "
        "+ 1 note row (the server also writes a change_log row and reads the user and subject).",
        f"(b) {desk['steps']} sync steps, of which {desk['pull_seconds']:.1f} s pulling the "
        f"desk's own changes back; queueing the {DRAIN_OPS} ops locally ran at "
        f"{desk['record_ops_per_s']:.0f} ops/s.",
        "'x anchor time' = seconds / anchor seconds: how many times slower than the limit.",
        "Client threads, server workers and PostgreSQL share the machine's cores.",
    ]
    return report
