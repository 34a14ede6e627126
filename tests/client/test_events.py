"""The event stream: parsed per the SSE rules, followed across cuts without loss or repeats."""

import json
import threading
import time
from collections.abc import Iterator

from desk_app.client.backoff import Backoff
from desk_app.client.events import EventFollower, ServerEvent, parse_sse


def test_sse_lines_become_events_and_comments_are_skipped() -> None:
    lines = [": stream open", "retry: 2000", "", "id: 7", "event: change", 'data: {"seq": 7}', ""]
    lines += [": ping", "", "event: offer", "data: a", "data: b", ""]
    assert list(parse_sse(lines)) == [
        ServerEvent("change", '{"seq": 7}', "7"),
        ServerEvent("offer", "a\nb", None),
    ]


def _change(seq: int) -> list[str]:
    body = {"seq": seq, "entity": "note", "id": "x", "action": "delete", "record": None}
    return [f"id: {seq}", "event: change", f"data: {json.dumps(body)}", ""]


class FakeStream:
    """A stream that yields its lines, then breaks (like a server that went away)."""

    def __init__(self, lines: list[str]) -> None:
        self.scripted = lines
        self.closed = False

    def lines(self) -> Iterator[str]:
        yield from self.scripted
        raise ConnectionResetError("cut")

    def close(self) -> None:
        self.closed = True


def test_the_follower_resumes_after_the_last_event_and_ignores_other_types() -> None:
    streams = [
        FakeStream([*_change(3), "event: queue", "data: {}", "", *_change(4)]),
        FakeStream([*_change(5), ": ping", ""]),
    ]
    asked: list[int] = []
    seen: list[int] = []
    states: list[bool] = []
    done = threading.Event()

    def connect(after: int) -> FakeStream:
        asked.append(after)
        if not streams:
            done.set()
            raise ConnectionRefusedError("server down")
        return streams.pop(0)

    follower = EventFollower(
        connect,
        position=lambda: 2,
        on_change=lambda change: seen.append(change["seq"]),
        on_state=states.append,
        backoff=Backoff(base=0.001, cap=0.01),
    )
    follower.start()
    assert done.wait(5)
    follower.stop()
    assert seen == [3, 4, 5]
    assert asked[:3] == [2, 4, 5]
    assert states[:4] == [True, False, True, False]


def test_stopping_the_follower_closes_a_quiet_stream() -> None:
    opened = threading.Event()

    class QuietStream(FakeStream):
        def lines(self) -> Iterator[str]:
            opened.set()
            while not self.closed:
                time.sleep(0.01)
                yield ": ping"
            raise OSError("closed")

    stream = QuietStream([])
    follower = EventFollower(
        lambda _after: stream, position=lambda: 0, on_change=print, on_state=lambda _up: None
    )
    follower.start()
    assert opened.wait(5)
    follower.stop(timeout=2)
    assert stream.closed


def test_backoff_grows_exponentially_with_full_jitter_up_to_the_cap() -> None:
    ceilings = Backoff(base=0.5, cap=4.0, rng=lambda: 1.0)
    assert [ceilings.next_delay() for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    jittered = Backoff(base=0.5, cap=4.0, rng=lambda: 0.25)
    assert jittered.next_delay() == 0.125
    jittered.reset()
    assert jittered.failures == 0
