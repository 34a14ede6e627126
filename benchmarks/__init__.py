"""Desk's benchmarks: each figure printed beside its limit anchor, measured in the same run.

``python -m benchmarks NAME [--json]`` runs one (``all`` runs every one). A
benchmark never quotes an absolute number alone: it measures, on the same
machine and in the same run, the best that could be done (a bare ASGI app
for the REST API, say), so a reader sees how far from the limit Desk is
rather than how fast the machine happened to be that day.

Add a benchmark by writing a module with ``run(options) -> Report`` and
listing it in :data:`BENCHMARKS`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    module: str  # imported only when the benchmark runs, so --help stays instant
    summary: str
    customers: int = 10_000  # what --customers means when it is not given


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in (
        Benchmark(
            "rest",
            "benchmarks.rest",
            "GET /api/v1/customers/{id} round trip vs a bare ASGI app, SQLite and "
            "PostgreSQL, 1 and 4 uvicorn workers",
        ),
        Benchmark(
            "sync",
            "benchmarks.sync",
            "POST /api/v1/sync/ops ops/s and a desk draining 10,000 queued ops, PostgreSQL, "
            "4 workers, vs raw INSERT ... ON CONFLICT DO NOTHING",
        ),
        Benchmark(
            "ui_stall",
            "benchmarks.ui_stall",
            "event-loop longest and p99 stall, queue panel with 10,000 items taking 100 "
            "events/s, vs a bare window under the same timers",
        ),
        Benchmark(
            "screen_pop",
            "benchmarks.screen_pop",
            "signed ringing webhook -> caller's name painted in the desk window (cached and "
            "server fallback), PostgreSQL, vs the webhook's answer and the SSE delivery",
        ),
        Benchmark(
            "lookup",
            "benchmarks.lookup",
            "as-you-type customer look-up p50/p95 on a desk cache of 1,000,000 customers vs "
            "raw SQLite FTS5 on the same rows, the desk's memory, and the server's search on "
            "PostgreSQL",
            customers=1_000_000,
        ),
    )
}
