"""GET /events: changes pushed as server-sent events, across workers, resumable without loss."""

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from desk_app.client.events import parse_sse
from tests.support.live_server import LiveServer, live_server, new_database, prepare


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server per backend for the module: each test watches only what it changes."""
    postgres = request.param == "postgresql"
    cluster = request.getfixturevalue("pg_cluster") if postgres else None
    url = new_database(request.param, tmp_path=tmp_path_factory.mktemp("events"), cluster=cluster)
    # A long poll: within the test's deadlines only a wake-up (NOTIFY) delivers events.
    env = prepare(url, DESK_EVENTS_POLL_SECONDS="120")
    with live_server(env, workers=3 if postgres else 1) as running:
        yield running


class EventReader(threading.Thread):
    """Collects ``change`` events from one open stream in the background."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__(daemon=True)
        self.response = response
        self.events: list[dict] = []

    def run(self) -> None:
        lines = self.response.iter_lines(decode_unicode=True)
        try:
            for event in parse_sse(lines):
                if event.event == "change":
                    self.events.append({**json.loads(event.data), "event_id": event.id})
        except requests.RequestException:
            return

    def cut(self) -> None:
        """Drop the connection now, as a network failure would (close() waits for a read)."""
        connection = self.response.raw.connection
        if connection is not None and connection.sock is not None:
            connection.sock.shutdown(socket.SHUT_RDWR)
        self.join(timeout=5)

    def wait_for(self, count: int, timeout: float = 10) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.events


def _open(server: LiveServer, headers: dict[str, str], **extra: str) -> EventReader:
    response = requests.get(
        f"{server.base}/events", headers={**headers, **extra}, stream=True, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    reader = EventReader(response)
    reader.start()
    return reader


def _create_customers(server: LiveServer, headers: dict[str, str], names: list[str]) -> None:
    for name in names:
        response = requests.post(
            f"{server.base}/customers", json={"name": name}, headers=headers, timeout=10
        )
        assert response.status_code == 201


def test_every_open_stream_gets_a_change_made_on_any_worker(server: LiveServer) -> None:
    headers = server.login()
    readers = [_open(server, headers) for _ in range(6)]  # spread over the workers
    time.sleep(0.5)
    _create_customers(server, headers, ["Pushed"])
    for reader in readers:
        events = reader.wait_for(1)
        assert [e["record"]["name"] for e in events] == ["Pushed"]
        assert events[0]["event_id"] == str(events[0]["seq"])
        reader.cut()


def test_a_cut_stream_resumes_from_last_event_id_without_loss(server: LiveServer) -> None:
    headers = server.login()
    first = _open(server, headers)
    time.sleep(0.5)
    _create_customers(server, headers, ["A", "B"])
    received = first.wait_for(2)[:2]
    first.cut()  # the connection drops
    _create_customers(server, headers, ["C", "D"])  # made while the desk was away
    resumed = _open(server, headers, **{"Last-Event-ID": received[-1]["event_id"]})
    _create_customers(server, headers, ["E"])
    later = resumed.wait_for(3)
    names = [e["record"]["name"] for e in received + later]
    assert names == ["A", "B", "C", "D", "E"]
    seqs = [e["seq"] for e in received + later]
    assert seqs == sorted(set(seqs))
    resumed.cut()


def test_stream_needs_a_valid_token_and_a_numeric_last_event_id(server: LiveServer) -> None:
    assert requests.get(f"{server.base}/events", timeout=10).status_code == 401
    response = requests.get(
        f"{server.base}/events",
        headers={**server.login(), "Last-Event-ID": "yesterday"},
        timeout=10,
    )
    assert response.status_code == 400
