"""The ui_stall benchmark's machinery, run small: its traffic is consistent and both cases run."""

import uuid
from datetime import UTC, datetime
from typing import Any

from benchmarks.ui_stall import QueueTraffic, measure_bare, measure_queue
from desk_app.gui.queue.model import QueueModel


def test_traffic_only_changes_what_the_queue_holds(qapp: Any) -> None:
    traffic = QueueTraffic(me=uuid.uuid4(), seed=11)
    model = QueueModel(customer_name=lambda _customer_id: None)
    now = datetime.now(UTC)
    model.load(traffic.initial(300, now))
    kinds: set[str] = set()
    for _ in range(2000):
        kind, payload = traffic.next_event(now)
        if kind == "remove":
            assert model.remove(payload), "a removal of an item the queue never had"
        else:
            kinds.add(payload["status"])
            model.upsert(payload)
    assert kinds >= {"queued", "offered", "active", "wrap_up", "done", "abandoned"}
    held = {str(model.item(row).id) for row in range(model.rowCount())}
    assert held == set(traffic._records)


def test_both_cases_measure_the_probe_while_events_arrive(qapp: Any) -> None:
    panels: list[Any] = []
    queue = measure_queue(items=200, seconds=0.3, warmup=0.1, on_panel=panels.append)
    bare = measure_bare(seconds=0.3, warmup=0.1)

    for stalls in (queue, bare):
        assert stalls.events > 0
        assert stalls.probes > 0
        assert stalls.longest_ms >= stalls.p99_ms >= 0
    assert queue.load_ms is not None
    model = panels[0].model  # the events reached the panel and left its index whole
    assert [model.row_of(model.item(row).id) for row in range(model.rowCount())] == list(
        range(model.rowCount())
    )
    assert panels[0].proxy.rowCount() == model.rowCount()
