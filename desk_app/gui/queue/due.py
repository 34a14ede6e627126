"""The earliest of many due times that change one at a time (no Qt).

The status bar shows the SLA of the oldest waiting item. Scanning 10,000
rows on each of 100 queue events a second would be a million look-ups a
second; a heap with lazy deletion answers in O(log n) a change instead.
"""

import heapq
import itertools
from datetime import datetime


class EarliestDue:
    """Due times by key (an interaction id's ``int``), and the earliest of them.

    Invariant: every live ``(id, due)`` pair in ``_due`` has an entry in the
    heap; entries that no longer match ``_due`` are stale and are dropped when
    they reach the top, or all at once when they outnumber the live ones.
    """

    def __init__(self) -> None:
        self._due: dict[int, datetime] = {}
        self._heap: list[tuple[datetime, int, int]] = []
        self._order = itertools.count()  # ties never compare ids

    def set(self, key: int, due: datetime | None) -> None:
        """Track ``key``'s due time; ``None`` stops tracking it."""
        if due is None:
            self._due.pop(key, None)
            return
        if self._due.get(key) == due:
            return
        self._due[key] = due
        heapq.heappush(self._heap, (due, next(self._order), key))
        if len(self._heap) > 2 * len(self._due) + 64:
            self._rebuild()

    def clear(self) -> None:
        self._due.clear()
        self._heap.clear()

    def earliest(self) -> datetime | None:
        heap = self._heap
        while heap and self._due.get(heap[0][2]) != heap[0][0]:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def _rebuild(self) -> None:
        self._heap = [(due, next(self._order), key) for key, due in self._due.items()]
        heapq.heapify(self._heap)
