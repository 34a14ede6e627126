"""A closed-loop HTTP load: each client sends its next request when the last one returns.

Clients are separate processes (the GIL would otherwise serialise them),
each with one keep-alive ``requests.Session``; they warm up, meet at a
barrier, then send a fixed number of requests each, timing every round trip.
"""

import multiprocessing
import time
from collections.abc import Sequence
from typing import Any

import requests

from benchmarks._report import Timing

_CONTEXT = multiprocessing.get_context("spawn")


def _client(
    base: str,
    paths: Sequence[str],
    headers: dict[str, str],
    offset: int,
    warmup: int,
    count: int,
    barrier: Any,
    results: Any,
) -> None:
    try:
        session = requests.Session()
        session.headers.update(headers)
        for i in range(warmup):
            session.get(base + paths[(offset + i) % len(paths)], timeout=30).raise_for_status()
        barrier.wait(timeout=120)
        samples = []
        start = time.perf_counter()
        for i in range(count):
            path = paths[(offset + warmup + i) % len(paths)]
            sent = time.perf_counter()
            response = session.get(base + path, timeout=30)
            samples.append(time.perf_counter() - sent)
            response.raise_for_status()
        results.put((start, time.perf_counter(), samples, None))
    except Exception as error:  # reported to the parent, which fails the benchmark
        results.put((0.0, 0.0, [], f"{type(error).__name__}: {error}"))


def measure(
    base: str,
    paths: Sequence[str],
    *,
    headers: dict[str, str] | None = None,
    clients: int = 1,
    requests_total: int = 2000,
    warmup: int = 200,
) -> Timing:
    """Round-trip times of ``requests_total`` GETs of ``paths`` (cycled) from ``clients``."""
    barrier, results = _CONTEXT.Barrier(clients), _CONTEXT.Queue()
    share = requests_total // clients
    processes = [
        _CONTEXT.Process(
            target=_client,
            args=(base, list(paths), headers or {}, k * 7919, warmup, share, barrier, results),
            daemon=True,
        )
        for k in range(clients)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    errors = [error for *_, error in outcomes if error]
    if errors:
        raise RuntimeError(f"load client failed: {errors[0]}")
    samples = [s for *_, client_samples, _ in outcomes for s in client_samples]
    wall = max(end for _, end, *_ in outcomes) - min(start for start, *_ in outcomes)
    return Timing.of(samples, wall)
