"""Following the server's event stream (SSE), resuming with Last-Event-ID after every cut.

The follower runs in a thread of its own because reading a stream blocks;
it neither touches the store nor the engine's session: it hands each change
to a callback (the engine queues it and wakes up) and reconnects with
backoff. Unknown event types (offers, queue, broadcasts) are skipped here;
comment lines are heartbeats.
"""

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from desk_app.client.api import ApiError, EventStream
from desk_app.client.backoff import Backoff

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerEvent:
    event: str
    data: str
    id: str | None


def parse_sse(lines: Iterable[str]) -> Iterator[ServerEvent]:
    """Events from the lines of a text/event-stream (the WHATWG parsing rules we need)."""
    event, event_id = "message", None
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield ServerEvent(event, "\n".join(data), event_id)
            event, data, event_id = "message", [], None
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            event = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = value


class EventFollower:
    """Keeps one event stream open; calls ``on_change`` with each change-feed entry.

    Resumes after the larger of the last event it saw and ``position()`` (the
    engine's place in the feed), so a reconnect neither skips nor repeats.
    """

    def __init__(
        self,
        connect: Callable[[int], EventStream],
        *,
        position: Callable[[], int],
        on_change: Callable[[dict[str, Any]], None],
        on_state: Callable[[bool], None],
        backoff: Backoff | None = None,
    ) -> None:
        self._connect = connect
        self._position = position
        self._on_change = on_change
        self._on_state = on_state
        self._backoff = backoff or Backoff(base=0.5, cap=30.0)
        self._stop = threading.Event()
        self._stream: EventStream | None = None
        self._last_id = 0
        self._thread = threading.Thread(target=self._run, name="desk-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the stream and wait for the thread to end."""
        self._stop.set()
        stream = self._stream
        if stream is not None:
            stream.close()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._follow()
            except (ApiError, OSError, ValueError) as exc:
                # requests' errors are OSErrors; so is the socket closed under us by stop()
                _log.info("event stream lost: %s", exc)
            self._on_state(False)
            self._stop.wait(self._backoff.next_delay())

    def _follow(self) -> None:
        self._stream = self._connect(max(self._last_id, self._position()))
        try:
            self._on_state(True)
            self._backoff.reset()
            for event in parse_sse(self._stream.lines()):
                if self._stop.is_set():
                    return
                if event.event != "change":
                    continue
                change = json.loads(event.data)
                self._on_change(change)
                self._last_id = int(event.id or change["seq"])
        finally:
            self._stream.close()
            self._stream = None
