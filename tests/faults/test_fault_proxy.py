"""The fault proxy itself: a cut request never reaches the handler; a cut answer is lost."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.support.fault_proxy import FaultProxy


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    handled: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Handler.handled.append(body)
        answer = b"x" * 50_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        return None


@pytest.fixture
def origin() -> Iterator[int]:
    _Handler.handled = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _post(port: int, count: int) -> int:
    """Post ``count`` bodies through the proxy; how many whole answers came back."""
    answered = 0
    with requests.Session() as session:
        for number in range(count):
            try:
                response = session.post(
                    f"http://127.0.0.1:{port}/", data=b"%05d" % number * 4000, timeout=5
                )
            except requests.RequestException:
                continue
            answered += len(response.content) == 50_000
    return answered


def test_cut_requests_never_reach_the_handler(origin: int) -> None:
    with FaultProxy(origin, seed=1, cut_request=1.0, cut_response=0.0, max_cut=20_000) as proxy:
        assert _post(proxy.port, 20) == 0
    assert _Handler.handled == []
    assert proxy.stats["cut_request"] == 20


def test_cut_answers_are_lost_after_the_work_is_done(origin: int) -> None:
    with FaultProxy(origin, seed=2, cut_request=0.0, cut_response=1.0, max_cut=40_000) as proxy:
        assert _post(proxy.port, 20) == 0
    assert len(_Handler.handled) == 20
    assert proxy.stats["cut_response"] == 20


def test_the_schedule_is_the_seeds(origin: int) -> None:
    runs = []
    for _ in range(2):
        with FaultProxy(origin, seed=7, cut_request=0.2, cut_response=0.3) as proxy:
            answered = _post(proxy.port, 40)
        runs.append((answered, proxy.stats["cut_request"], proxy.stats["cut_response"]))
    assert runs[0] == runs[1]
    assert 0 < runs[0][0] < 40
