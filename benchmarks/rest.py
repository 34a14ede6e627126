"""``rest``: an authenticated ``GET /api/v1/customers/{id}`` beside a bare ASGI app.

For SQLite and PostgreSQL, with 1 and 4 uvicorn workers: a database is
migrated and seeded (``--customers``, default 10,000), the real server is
started as ``uvicorn --factory desk_app.server.app:create_app``, a seeded
rep signs in, and ``--requests`` GETs of random customers are timed after
a warm-up. Right before each case the bare app (:mod:`benchmarks._bare_app`)
is served by uvicorn with the same workers and hit by the same clients: the
limit anchor. One client process for 1 worker, two for 4 workers.
"""

import argparse
import contextlib
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import requests
import sqlalchemy as sa

from benchmarks._load import measure
from benchmarks._report import Report, Timing
from benchmarks._server import uvicorn_server
from desk_app.server.core.db import make_engine
from desk_app.server.customers.models import Customer
from desk_app.server.migrate import upgrade
from desk_app.server.seed import seed_database, seed_password

WORKERS = (1, 4)
SAMPLE_CUSTOMERS = 500
COLUMNS = [
    ("backend", "backend"),
    ("workers", "workers"),
    ("clients", "clients"),
    ("desk_median_ms", "desk median ms"),
    ("desk_p99_ms", "desk p99 ms"),
    ("bare_median_ms", "bare median ms"),
    ("bare_p99_ms", "bare p99 ms"),
    ("median_ratio", "median x bare"),
    ("p99_ratio", "p99 x bare"),
    ("desk_rps", "desk req/s"),
    ("bare_rps", "bare req/s"),
]


def _say(message: str) -> None:
    print(f"[rest] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _database(backend: str, workdir: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'rest.sqlite3'}"
        return
    from tests.support.postgres import throwaway_cluster  # the one way Desk runs a test PG

    with throwaway_cluster() as cluster:
        yield cluster.url("postgres")


def _prepare(url: str, customers: int) -> list[str]:
    """Migrate and seed; return the paths of a random sample of customers."""
    engine = make_engine(url)
    upgrade(engine)
    summary = seed_database(engine, customers=customers)
    _say(f"seeded {summary['customer']} customers ({summary.total} rows)")
    with engine.connect() as connection:
        ids = list(connection.execute(sa.select(Customer.id)).scalars())
    engine.dispose()
    chosen = random.Random(1).sample(ids, min(SAMPLE_CUSTOMERS, len(ids)))
    return [f"/api/v1/customers/{customer_id}" for customer_id in chosen]


def _login(base: str) -> dict[str, str]:
    body = {"username": "rep01", "password": seed_password()}
    response = requests.post(f"{base}/api/v1/auth/login", json=body, timeout=30)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _row(backend: str, workers: int, clients: int, desk: Timing, bare: Timing) -> dict[str, object]:
    return {
        "backend": backend,
        "workers": workers,
        "clients": clients,
        "requests": desk.count,
        "desk_median_ms": desk.median_ms,
        "desk_p99_ms": desk.p99_ms,
        "bare_median_ms": bare.median_ms,
        "bare_p99_ms": bare.p99_ms,
        "median_ratio": desk.median_ms / bare.median_ms,
        "p99_ratio": desk.p99_ms / bare.p99_ms,
        "desk_rps": desk.per_second,
        "bare_rps": bare.per_second,
    }


def run(options: argparse.Namespace) -> Report:
    report = Report(
        name="rest",
        title=(
            f"rest: GET /api/v1/customers/{{id}}, {options.requests} requests a case after "
            f"warm-up, {options.customers} customers seeded; limit anchor: bare ASGI app "
            "under the same uvicorn"
        ),
        columns=COLUMNS,
    )
    with tempfile.TemporaryDirectory(prefix="bench-rest-") as workdir:
        for backend in ("sqlite", "postgresql"):
            with _database(backend, Path(workdir)) as url:
                _say(f"{backend}: preparing {url.split('?')[0]}")
                paths = _prepare(url, options.customers)
                for workers in WORKERS:
                    clients = 1 if workers == 1 else 2
                    load = {"clients": clients, "requests_total": options.requests}
                    with uvicorn_server("benchmarks._bare_app:app", workers=workers) as base:
                        bare = measure(base, paths, **load)
                    env = {"DESK_DATABASE_URL": url, "DESK_WORKERS": str(workers)}
                    with uvicorn_server(
                        "desk_app.server.app:create_app",
                        factory=True,
                        workers=workers,
                        env=env,
                        ready_path="/api/v1/health",
                    ) as base:
                        desk = measure(base, paths, headers=_login(base), **load)
                    _say(
                        f"{backend} x{workers}: desk {desk.median_ms:.2f} ms, "
                        f"bare {bare.median_ms:.2f} ms"
                    )
                    report.rows.append(_row(backend, workers, clients, desk, bare))
    report.notes.append(
        "Closed loop: each client process sends its next request when the last returns; "
        "client and server share the machine's cores."
    )
    return report
