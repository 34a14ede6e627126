"""A TCP proxy on 127.0.0.1 that breaks connections on a seeded random schedule.

It stands between the desk and the server and forwards bytes both ways. It
does not parse HTTP, but it knows whose turn it is: HTTP/1.1 without
pipelining (``requests`` never pipelines) alternates, on one connection, a
run of bytes from the desk (a request) and a run from the server (its
answer). At the first byte of each request the proxy draws, from its own
seeded generator, that exchange's fate:

- ``clean``: forwarded whole, both ways;
- ``cut_request``: after ``budget`` bytes of the request have been forwarded,
  both sockets are reset. The server holds a request it cannot finish (its
  headers or its body end early) and never runs it;
- ``cut_response``: the request goes through whole, and after ``budget``
  bytes of the answer have been forwarded both sockets are reset. The server
  has done the work (a sync batch is applied and committed before a byte
  of its answer is written) and the desk never learns it.

Budgets are drawn log-uniformly between ``min_cut`` and ``max_cut`` bytes,
so cuts fall in headers as often as deep in a body; a budget longer than the
request or answer lets it through whole. A connection whose server is not
there (refused) is reset at once, as a desk sees a server that is down.

One desk sends one request at a time, so the n-th exchange through the
proxy always gets the n-th fate: the schedule is reproducible from the seed,
though what an exchange carries depends on the desk's timing. :attr:`stats`
counts what happened.
"""

import contextlib
import math
import random
import selectors
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Self

HOST = "127.0.0.1"
_CHUNK = 16 * 1024
_POLL = 0.2


@dataclass(frozen=True)
class Fate:
    kind: str  # clean | cut_request | cut_response
    budget: int = 0  # bytes of the request (or answer) forwarded before the cut


def _abort(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0): the peer sees the connection break, not end."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    """Forward ``127.0.0.1:port`` to ``127.0.0.1:target_port``, breaking connections by schedule."""

    def __init__(
        self,
        target_port: int,
        *,
        seed: int,
        cut_request: float = 0.15,
        cut_response: float = 0.2,
        min_cut: int = 1,
        max_cut: int = 64 * 1024,
    ) -> None:
        if cut_request < 0 or cut_response < 0 or cut_request + cut_response > 1:
            raise ValueError("cut probabilities must be non-negative and sum to at most 1")
        self.target_port = target_port
        self.cut_request = cut_request
        self.cut_response = cut_response
        self.min_cut = min_cut
        self.max_cut = max_cut
        self.faults = True  # False: forward everything (a calm network)
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(_POLL)
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()

    # --- life ----------------------------------------------------------------

    def start(self) -> Self:
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        """Stop accepting, break every open connection, and wait for the threads."""
        self._stop.set()
        with self._lock:
            for sock in list(self._open):
                _abort(sock)
            self._open.clear()
        for thread in list(self._threads):
            thread.join(5)
        self._listener.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # --- the schedule --------------------------------------------------------

    def _draw(self) -> Fate:
        with self._lock:
            self.stats["exchanges"] += 1
            # always draw the same numbers per exchange, so the schedule does
            # not shift when faults are switched off and on again
            roll = self._rng.random()
            span = math.log(self.max_cut) - math.log(self.min_cut)
            budget = int(math.exp(math.log(self.min_cut) + self._rng.random() * span))
            if not self.faults:
                return Fate("clean")
            if roll < self.cut_request:
                return Fate("cut_request", budget)
            if roll < self.cut_request + self.cut_response:
                return Fate("cut_response", budget)
            return Fate("clean")

    def _count(self, what: str) -> None:
        with self._lock:
            self.stats[what] += 1

    # --- forwarding ----------------------------------------------------------

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._count("connections")
            self._spawn(self._serve, client)

    def _track(self, *socks: socket.socket) -> bool:
        with self._lock:
            if self._stop.is_set():
                return False
            self._open.update(socks)
            return True

    def _untrack(self, *socks: socket.socket) -> None:
        with self._lock:
            self._open.difference_update(socks)

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection((HOST, self.target_port), timeout=2)
        except OSError:
            self._count("refused")
            _abort(client)
            return
        if not self._track(client, upstream):
            _abort(client)
            _abort(upstream)
            return
        try:
            outcome = self._pump(client, upstream)
        except OSError:
            outcome = "broken"  # either side reset the connection
        finally:
            self._untrack(client, upstream)
            _abort(client)
            _abort(upstream)
        self._count(outcome)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> str:
        """Forward until a side closes or an exchange's cut; what ended the connection."""
        client.setblocking(False)
        upstream.setblocking(False)
        peer = {client: upstream, upstream: client}
        turn: socket.socket | None = None  # whose run of bytes is passing now
        fate, left = Fate("clean"), 0
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ)
            selector.register(upstream, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select(_POLL):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    try:
                        data = source.recv(_CHUNK)
                    except BlockingIOError:
                        continue
                    if not data:
                        return "closed_by_client" if source is client else "closed_by_server"
                    if source is not turn:  # a new request, or the answer begins
                        turn = source
                        if source is client:
                            fate = self._draw()
                        left = fate.budget
                    cutting = fate.kind == ("cut_request" if source is client else "cut_response")
                    if cutting and len(data) > left:  # withhold at least one byte of it
                        if left:
                            _send_all(peer[source], data[:left])
                        return fate.kind
                    if cutting:
                        left -= len(data)
                    _send_all(peer[source], data)
        return "stopped"


def _send_all(sock: socket.socket, data: bytes) -> None:
    view = memoryview(data)
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_WRITE)
        while view:
            try:
                sent = sock.send(view)
            except BlockingIOError:
                if not selector.select(5):
                    raise TimeoutError("peer stopped reading") from None
                continue
            view = view[sent:]
